//! Every exported command, run by a real POSIX shell with stub `avn` and
//! `aws` programs, gives those programs exactly the words it was written
//! with: nothing a scenario holds (names, keys, values) runs or expands.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

use btar_planner::domain::scenario::{AivenField, AivenService, Platform};
use btar_planner::formats::{aiven, aws};
use btar_planner::presets;
use proptest::prelude::*;

/// Runs `script` in `sh` with `avn` and `aws` as functions that print each
/// argument followed by a NUL; returns the arguments of every call.
fn argv_of(script: &str, dir: &std::path::Path) -> Vec<String> {
    let stub = "avn() { printf 'avn\\0'; for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }\n\
                aws() { printf 'aws\\0'; for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }\n";
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("{stub}{script}"))
        .current_dir(dir)
        .output()
        .expect("sh runs");
    assert!(out.status.success(), "sh failed: {out:?}");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .split('\0')
        .map(str::to_string)
        .collect::<Vec<_>>()
        .split_last()
        .map(|(_, rest)| rest.to_vec())
        .unwrap_or_default()
}

fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        // Shell syntax and expansions of every kind.
        "[a-z;|&$`'\"\\\\(){}<>*?~#! \n\t=%-]{0,24}",
        Just("acme-prod; touch pwned #".to_string()),
        Just("business-8 $(touch pwned)".to_string()),
        Just("dr; touch pwned #".to_string()),
        // Anything but NUL (no argv can hold one).
        any::<String>().prop_map(|s| s.replace('\0', "")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn avn_and_aws_commands_give_back_exactly_their_words(
        project in hostile(), name in hostile(), plan in hostile(), cloud in hostile(),
        region in hostile(), fork in hostile(), key in hostile(), value in hostile(),
    ) {
        let dir = std::env::temp_dir().join(format!("btar-shell-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let a = AivenService {
            project: project.clone(), service_name: name.clone(), service_type: "pg".into(),
            plan: plan.clone(), cloud: cloud.clone(), additional_backup_regions: vec![region.clone()],
            backup_hour: 3, backup_minute: 7, backup_interval_hours: 24,
            unmodelled: vec![AivenField { user_config: true, key: key.clone(), value: value.clone() }],
        };
        let regions = format!("additional_backup_regions={}", serde_json::Value::from(vec![region.clone()]));
        let mut want: Vec<String> = ["avn", "service", "create", &name, "--project", &project, "--service-type", "pg",
            "--cloud", &cloud, "--plan", &plan, "-c", &regions, "-c", "backup_hour=3", "-c", "backup_minute=7", "-c"]
            .iter().map(|s| s.to_string()).collect();
        want.push(format!("{key}={value}"));
        prop_assert_eq!(argv_of(&aiven::avn_create(&a), &dir), want);

        let want: Vec<String> = ["avn", "service", "update", &name, "--project", &project, "-c", &regions]
            .iter().map(|s| s.to_string()).collect();
        prop_assert_eq!(argv_of(&aiven::avn_update(&a), &dir), want);

        let req = aiven::ForkRequest { source: &a, fork_name: &fork, cloud: &region, recovery_target_time: None };
        let want: Vec<String> = ["avn", "service", "create", &fork, "--project", &project, "--service-type", "pg",
            "--plan", &plan, "--cloud", &region, "--service-to-fork-from", &name, "--project-to-fork-from", &project]
            .iter().map(|s| s.to_string()).collect();
        prop_assert_eq!(argv_of(&aiven::avn_fork(&req), &dir), want);

        let mut s = presets::load("aws-guide-one-dr").unwrap();
        if let Platform::Aws(w) = &mut s.platform {
            w.region = region.clone();
            w.plan.backup_plan_name = name.clone();
            let got = argv_of(&aws::create_command(w), &dir);
            prop_assert_eq!(&got[..5], &["aws", "backup", "create-backup-plan", "--region", region.as_str()]);
            prop_assert_eq!(&got[5], "--backup-plan");
            prop_assert_eq!(got.len(), 7);
            prop_assert_eq!(&got[6], &aws::plan_json(w));
        }
        // Nothing ran: the directory the shell worked in is still empty.
        prop_assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    }
}
