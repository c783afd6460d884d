//! Property tests over the parsers and the validator: no input makes them
//! panic, and export followed by import gives the same scenario.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::disallowed_methods)] // clippy.toml fences the page's module, not this
use btar_planner::domain::catalog::REGIONS;
use btar_planner::domain::cron::Cron;
use btar_planner::domain::scenario::{
    AivenService, AwsBackupPlan, AwsBackupRule, AwsCopyAction, AwsLifecycle, Platform, Scenario,
    TimelineEvent,
};
use btar_planner::domain::validation::{validate, Rule};
use btar_planner::formats::{
    self, aiven, aws, cloudformation, cloudformation_onto, scenario_file, share, terraform,
    terraform_onto, zilliz, ImportDefaults,
};
use btar_planner::presets::{self, PRESETS};
use proptest::prelude::*;
use serde_json::json;
use serde_json::Value;

fn defaults() -> ImportDefaults {
    ImportDefaults {
        start: "2026-01-01T00:00:00Z".parse().unwrap(),
        aws_region: None,
        tf_vars: Vec::new(),
        provider_regions: Vec::new(),
    }
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "[a-z_\\-0-9 ]{0,12}".prop_map(Value::String),
        prop::sample::select(REGIONS.iter().map(|r| r.cloud).collect::<Vec<_>>())
            .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    "[a-z_]{1,10}",
                    Just("version".to_string()),
                    Just("platform".to_string()),
                    Just("user_config".to_string()),
                    Just("Rules".to_string()),
                    Just("service_type".to_string()),
                    Just("additional_backup_regions".to_string()),
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Replaces the value at a pseudo-random path of `doc` with `with`.
fn mutate(doc: &mut Value, mut pick: u64, with: Value) {
    let mut cur = doc;
    loop {
        let len = match cur {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if len == 0 || pick.is_multiple_of(4) {
            *cur = with;
            return;
        }
        let i = (pick / 4) as usize % len;
        pick /= 7;
        cur = match cur {
            Value::Object(m) => m.values_mut().nth(i).expect("in range"),
            Value::Array(a) => &mut a[i],
            _ => unreachable!(),
        };
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_text_imports_or_fails_cleanly(text in ".{0,400}") {
        if let Ok(i) = formats::import(&text, &defaults(), None) {
            let _ = validate(&i.scenario);
        }
        let _ = share::decode(&text);
        let _ = Cron::parse(&text);
        let _ = aiven::shell_words(&text);
    }

    #[test]
    fn command_like_text_never_panics(tail in "[ -~\\n]{0,200}") {
        for head in ["avn service create ", "avn service update x ", "aws backup create-backup-plan "] {
            let _ = formats::import(&format!("{head}{tail}"), &defaults(), None);
        }
    }

    #[test]
    fn cron_like_text_never_panics(fields in prop::collection::vec("[0-9*?/,LW#A-Z\\-]{1,6}", 0..8)) {
        if let Ok(c) = Cron::parse(&format!("cron({})", fields.join(" "))) {
            let t: chrono::DateTime<chrono::Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
            let _ = c.next_after(t, 800);
            let _ = c.min_gap_minutes(t.date_naive(), 800);
        }
    }

    #[test]
    fn any_json_imports_or_fails_cleanly(v in json_value()) {
        let text = v.to_string();
        if let Ok(i) = formats::import(&text, &defaults(), None) {
            let _ = validate(&i.scenario);
        }
    }

    #[test]
    fn mutated_presets_import_or_fail_cleanly(which in 0..PRESETS.len(), pick in any::<u64>(), with in json_value()) {
        let mut doc: Value = serde_json::from_str(presets::json(PRESETS[which].id).unwrap()).unwrap();
        mutate(&mut doc, pick, with);
        if let Ok(i) = formats::import(&doc.to_string(), &defaults(), None) {
            let p = validate(&i.scenario);
            // Whatever it says, it says it about named fields.
            prop_assert!(p.0.iter().all(|x| !x.field.is_empty() && !x.message.is_empty()));
        }
    }

    #[test]
    fn truncated_presets_fail_cleanly(which in 0..PRESETS.len(), cut in 0usize..4000) {
        let text = presets::json(PRESETS[which].id).unwrap();
        let mut cut = cut.min(text.len());
        while !text.is_char_boundary(cut) { cut -= 1; }
        let r = formats::import(&text[..cut], &defaults(), None);
        if cut < text.trim_end().len() { prop_assert!(r.is_err()); }
    }

    #[test]
    fn scenario_file_and_share_link_round_trip(which in 0..PRESETS.len(), seed in any::<u64>(), days in 1u32..400, gb in 0.5f64..1e6, name in "[ -~]{0,40}") {
        let mut s = presets::load(PRESETS[which].id).unwrap();
        s.simulation.seed = seed;
        s.simulation.days = days;
        s.workload.data_gb = gb;
        s.name = name;
        let mut w = Vec::new();
        prop_assert_eq!(&scenario_file::from_json(&scenario_file::to_json(&s), &mut w).unwrap(), &s);
        prop_assert_eq!(&scenario_file::from_json_lean(&scenario_file::to_compact_json(&s)).unwrap(), &s);
        prop_assert_eq!(&share::decode(&share::encode(&s)).unwrap(), &s);
        prop_assert!(w.is_empty());
    }

    #[test]
    fn aiven_exports_round_trip(
        cloud in prop::sample::select(REGIONS.iter().map(|r| r.cloud).collect::<Vec<_>>()),
        sec in prop::option::of(prop::sample::select(REGIONS.iter().map(|r| r.cloud).collect::<Vec<_>>())),
        plan in prop::sample::select(vec!["hobbyist", "startup-4", "business-8", "premium-6x-16"]),
        ty in prop::sample::select(vec!["pg", "mysql", "cassandra"]),
        name in "[a-z][a-z0-9\\-]{0,20}[a-z0-9]",
        project in "[a-z][a-z0-9\\-]{0,10}",
        hour in 0u8..24, minute in 0u8..60,
        extras in prop::collection::btree_map(
            (any::<bool>(), prop::sample::select(vec!["termination_protection", "tags", "pg_version", "ip_filter", "project_vpc_id"])),
            prop::sample::select(vec![json!(true), json!({"team": "db"}), json!("16"), json!(["10.0.0.0/8"])]),
            0..4,
        ),
    ) {
        let a = AivenService {
            project, service_name: name, service_type: ty.into(), plan: plan.into(), cloud: cloud.into(),
            additional_backup_regions: sec.map(|s| vec![s.to_string()]).unwrap_or_default(),
            backup_hour: hour, backup_minute: minute, backup_interval_hours: 24,
            unmodelled: extras.iter().map(|((uc, k), v)| btar_planner::domain::scenario::AivenField { user_config: *uc, key: (*k).to_string(), value: v.to_string() }).collect(),
        };
        let mut s = presets::default_scenario();
        s.platform = Platform::Aiven(a.clone());
        // Read onto a service without the extra fields: they come from the text.
        let mut base = s.clone();
        if let Platform::Aiven(b) = &mut base.platform { b.unmodelled.clear(); }
        let via_body = aiven::apply_create_body(&base, &aiven::create_body(&a).to_string(), &mut Vec::new()).unwrap();
        prop_assert_eq!(&via_body, &s);
        let via_update = aiven::apply_update_body(&base, &aiven::update_body(&a).to_string(), &mut Vec::new()).unwrap();
        prop_assert_eq!(&via_update, &s);
        // avn has flags for user_config only: the body-level extras stay behind.
        let mut only_uc = s.clone();
        if let Platform::Aiven(b) = &mut only_uc.platform { b.unmodelled.retain(|f| f.user_config); }
        let via_avn = aiven::apply_avn_command(&base, &aiven::avn_create(&a), &mut Vec::new()).unwrap();
        prop_assert_eq!(&via_avn, &only_uc);
        let via_avn_update = aiven::apply_avn_command(&s, &aiven::avn_update(&a), &mut Vec::new()).unwrap();
        prop_assert_eq!(&via_avn_update, &s);
    }

    #[test]
    fn aws_plans_round_trip(
        rules in prop::collection::vec((
            "[A-Za-z0-9_.\\-]{1,50}",
            prop::option::of((prop::option::of(1i64..400), prop::option::of(1i64..800))),
            prop::collection::vec((prop::sample::select(vec!["us-west-2", "eu-west-1", "ap-south-1"]), "[a-z0-9\\-]{2,20}", prop::option::of(1i64..500)), 0..3),
            prop::sample::select(vec!["cron(0 3 * * ? *)", "cron(0 5 ? * SUN *)", "cron(15 */4 * * ? *)"]),
        ), 1..4),
    ) {
        let plan = AwsBackupPlan {
            backup_plan_name: "plan".into(),
            rules: rules.into_iter().map(|(name, lc, copies, cron)| AwsBackupRule {
                rule_name: name,
                target_backup_vault_name: "primary".into(),
                schedule_expression: Some(cron.into()),
                schedule_expression_timezone: None,
                enable_continuous_backup: None,
                start_window_minutes: Some(60),
                completion_window_minutes: None,
                lifecycle: lc.map(|(c, d)| AwsLifecycle { move_to_cold_storage_after_days: c, delete_after_days: d }),
                copy_actions: copies.into_iter().map(|(r, v, d)| AwsCopyAction {
                    destination_backup_vault_arn: format!("arn:aws:backup:{r}:123456789012:backup-vault:{v}"),
                    lifecycle: d.map(|d| AwsLifecycle { move_to_cold_storage_after_days: None, delete_after_days: Some(d) }),
                }).collect(),
            }).collect(),
        };
        let mut s = presets::load("aws-guide-one-dr").unwrap();
        if let Platform::Aws(a) = &mut s.platform { a.plan = plan.clone(); }
        let text = match &s.platform { Platform::Aws(a) => aws::plan_json(a), _ => String::new() };
        let back = aws::apply_plan(&s, &text, Some("us-east-1"), &mut Vec::new()).unwrap();
        prop_assert_eq!(&back, &s);
        if let Platform::Aws(a) = &s.platform {
            let back = aws::apply_plan(&s, &aws::create_command(a), None, &mut Vec::new()).unwrap();
            prop_assert_eq!(&back, &s);
        }
        let _ = validate(&s);
    }

    /// Fields the planner does not model survive import and export where
    /// they were, whatever their class.
    #[test]
    fn unmodelled_aws_fields_survive_import_and_export(
        extras in prop::collection::vec((
            0usize..4,
            prop::sample::select(vec!["RecoveryPointTags", "ScanActions", "IndexActions", "AdvancedBackupSettings", "Colour", "TargetBackupVault", "DeleteAfterDays", "OptInToArchiveForSupportedResources"]),
            prop::sample::select(vec![json!({"team": "db"}), json!([{"MalwareScanner": "GUARDDUTY"}]), json!(7), json!("x"), json!(true)]),
        ), 0..6),
        copies in 0usize..3,
    ) {
        let rules: Vec<serde_json::Value> = (0..2).map(|i| json!({
            "RuleName": format!("rule-{i}"),
            "TargetBackupVaultName": "primary",
            "ScheduleExpression": "cron(0 3 * * ? *)",
            "Lifecycle": {"DeleteAfterDays": 35},
            "CopyActions": (0..copies).map(|j| json!({
                "DestinationBackupVaultArn": format!("arn:aws:backup:us-west-2:123456789012:backup-vault:dr-{j}"),
                "Lifecycle": {"DeleteAfterDays": 30},
            })).collect::<Vec<_>>(),
        })).collect();
        let mut plan = json!({"BackupPlanName": "plan", "Rules": rules});
        if copies == 0 {
            // An empty CopyActions is written as no CopyActions (the same plan).
            for r in plan["Rules"].as_array_mut().unwrap() {
                r.as_object_mut().unwrap().remove("CopyActions");
            }
        }
        for (place, key, value) in &extras {
            let target = match place {
                0 => plan.as_object_mut(),
                1 => plan.pointer_mut("/Rules/0").and_then(|v| v.as_object_mut()),
                2 => plan.pointer_mut("/Rules/1/Lifecycle").and_then(|v| v.as_object_mut()),
                _ => plan.pointer_mut("/Rules/0/CopyActions/0").and_then(|v| v.as_object_mut()),
            };
            if let Some(o) = target {
                // Modelled there: not an extra.
                let modelled = *place == 2 && *key == "DeleteAfterDays";
                if !modelled {
                    o.insert((*key).to_string(), value.clone());
                }
            }
        }
        let s = presets::load("aws-guide-one-dr").unwrap();
        let mut w = Vec::new();
        let back = aws::apply_plan(&s, &plan.to_string(), Some("us-east-1"), &mut w).unwrap();
        let Platform::Aws(a) = &back.platform else { panic!("aws") };
        prop_assert_eq!(&aws::plan_value(a), &plan);
        // And once more through the scenario file and the CLI command.
        let again = aws::apply_plan(&back, &aws::create_command(a), None, &mut Vec::new()).unwrap();
        prop_assert_eq!(&again, &back);
        let _ = validate(&back);
    }

    /// A plan written as Terraform or as a CloudFormation template reads
    /// back as the same plan, its unmodelled fields (tags, scan and index
    /// actions, advanced settings) in place.
    #[test]
    fn terraform_and_cloudformation_exports_round_trip(
        rules in prop::collection::vec((
            prop::sample::select(vec!["cron(0 3 * * ? *)", "cron(0 */4 * * ? *)", "cron(15 5 ? * SUN *)"]),
            prop::option::of(1i64..400),
            prop::collection::vec((prop::sample::select(vec!["us-west-2", "eu-west-1", "ap-northeast-3"]), prop::option::of(1i64..500)), 0..3),
            any::<bool>(), any::<bool>(), any::<bool>(),
        ), 1..4),
        advanced in any::<bool>(),
    ) {
        let rules: Vec<serde_json::Value> = rules.into_iter().enumerate().map(|(i, (cron, keep, copies, tags, scan, index))| {
            let mut r = json!({"RuleName": format!("rule-{i}"), "TargetBackupVaultName": "main", "ScheduleExpression": cron});
            if let Some(d) = keep { r["Lifecycle"] = json!({"DeleteAfterDays": d}); }
            let copies: Vec<serde_json::Value> = copies.iter().enumerate().map(|(j, (region, d))| {
                let mut c = json!({"DestinationBackupVaultArn": format!("arn:aws:backup:{region}:123456789012:backup-vault:dr-{j}")});
                if let Some(d) = d { c["Lifecycle"] = json!({"DeleteAfterDays": d}); }
                c
            }).collect();
            if !copies.is_empty() { r["CopyActions"] = json!(copies); }
            if tags { r["RecoveryPointTags"] = json!({"team": "db"}); }
            if scan { r["ScanActions"] = json!([{"MalwareScanner": "GUARDDUTY", "ScanMode": "FULL_SCAN"}]); }
            if index { r["IndexActions"] = json!([{"ResourceTypes": ["EBS"]}]); }
            r
        }).collect();
        let mut plan = json!({"BackupPlanName": "plan", "Rules": rules});
        if advanced {
            plan["AdvancedBackupSettings"] = json!([{"ResourceType": "EC2", "BackupOptions": {"WindowsVSS": "enabled"}}]);
        }
        let base = presets::load("aws-guide-one-dr").unwrap();
        let s = aws::apply_plan(&base, &plan.to_string(), Some("us-east-1"), &mut Vec::new()).unwrap();
        let Platform::Aws(a) = &s.platform else { panic!("aws") };
        prop_assert_eq!(&aws::plan_value(a), &plan);
        let tf = terraform::render_aws(a);
        let back = terraform::apply(&base, &tf, None, "123456789012", &[], &[], &mut Vec::new()).unwrap();
        let Platform::Aws(b) = &back.platform else { panic!("aws") };
        prop_assert_eq!(&aws::plan_value(b), &plan, "{}", tf);
        // Written back onto the file with no change: the file byte for byte.
        prop_assert_eq!(terraform_onto::onto(&tf, &back, &back).unwrap(), tf.clone());
        // One retention changed: one line of the file changes, and the file
        // reads back with it.
        let mut changed = back.clone();
        let mut kept = None;
        if let Platform::Aws(c) = &mut changed.platform {
            if let Some(l) = c.plan.rules[0].lifecycle.as_mut() {
                let d = l.delete_after_days.unwrap_or(0) + 7;
                l.delete_after_days = Some(d);
                kept = Some(d);
            }
        }
        if let Some(d) = kept {
            let edited = terraform_onto::onto(&tf, &back, &changed).unwrap();
            let differ = tf.lines().zip(edited.lines()).filter(|(a, b)| a != b).count();
            prop_assert_eq!(differ, 1, "{}", edited);
            prop_assert_eq!(tf.lines().count(), edited.lines().count());
            let again = terraform::apply(&base, &edited, None, "123456789012", &[], &[], &mut Vec::new()).unwrap();
            let Platform::Aws(e) = &again.platform else { panic!("aws") };
            prop_assert_eq!(e.plan.rules[0].lifecycle.as_ref().and_then(|l| l.delete_after_days), Some(d));
            // And back: the edited file, edited back to the first plan, is
            // the first file byte for byte.
            prop_assert_eq!(terraform_onto::onto(&edited, &again, &back).unwrap(), tf.clone());
        }
        let cfn = cloudformation::render(a);
        let back = cloudformation::apply(&base, &cfn, "us-east-1", "123456789012", &mut Vec::new()).unwrap();
        let Platform::Aws(c) = &back.platform else { panic!("aws") };
        prop_assert_eq!(&aws::plan_value(c), &plan, "{}", cfn);
        // The template edited in place: no change is the template byte for
        // byte; one retention changed is one line, read back with it.
        prop_assert_eq!(cloudformation_onto::onto(&cfn, &back, &back).unwrap(), cfn.clone());
        let mut changed = back.clone();
        let mut kept = None;
        if let Platform::Aws(c) = &mut changed.platform {
            if let Some(l) = c.plan.rules[0].lifecycle.as_mut() {
                let d = l.delete_after_days.unwrap_or(0) + 7;
                if l.delete_after_days.is_some() {
                    l.delete_after_days = Some(d);
                    kept = Some(d);
                }
            }
        }
        if let Some(d) = kept {
            let edited = cloudformation_onto::onto(&cfn, &back, &changed).unwrap();
            let differ = cfn.lines().zip(edited.lines()).filter(|(a, b)| a != b).count();
            prop_assert_eq!(differ, 1, "{}", edited);
            let again = cloudformation::apply(&base, &edited, "us-east-1", "123456789012", &mut Vec::new()).unwrap();
            let Platform::Aws(e) = &again.platform else { panic!("aws") };
            prop_assert_eq!(e.plan.rules[0].lifecycle.as_ref().and_then(|l| l.delete_after_days), Some(d));
            prop_assert_eq!(cloudformation_onto::onto(&edited, &again, &back).unwrap(), cfn.clone());
        }
    }

    /// A Zilliz policy body written from a scenario reads back as that
    /// scenario's backups and targets.
    #[test]
    fn zilliz_policies_round_trip(
        days in prop::collection::btree_set(1u8..=7, 1..=7),
        hour in 0u8..24,
        keep in 1u32..=30,
        targets in prop::collection::vec((prop::sample::select(vec!["google-us-east4", "google-europe-west3", "google-asia-northeast1"]), 1u32..=30), 0..3),
    ) {
        let mut s = presets::load("zilliz-billing").unwrap();
        let Platform::Zilliz(z) = &mut s.platform else { panic!("zilliz") };
        let weekdays: Vec<u8> = if days.len() == 7 { Vec::new() } else { days.into_iter().collect() };
        z.backups = btar_planner::domain::scenario::ZillizBackups::Scheduled { interval_hours: 24, hour, retention_days: keep, weekdays };
        let mut seen = std::collections::BTreeSet::new();
        z.targets = targets.into_iter().filter(|(r, _)| seen.insert(*r)).map(|(r, d)| btar_planner::domain::scenario::ZillizTarget { region: r.to_string(), retention_days: Some(d) }).collect();
        let body = zilliz::policy_body(z).unwrap().to_string();
        let back = zilliz::apply_policy(&s, &body, &mut Vec::new()).unwrap();
        // Region ids come back in Zilliz's spelling (gcp-…), the same regions.
        let Platform::Zilliz(b) = &back.platform else { panic!("zilliz") };
        let Platform::Zilliz(z) = &s.platform else { panic!("zilliz") };
        prop_assert_eq!(&b.backups, &z.backups);
        prop_assert_eq!(b.targets.len(), z.targets.len());
        for (x, y) in b.targets.iter().zip(&z.targets) {
            prop_assert_eq!(btar_planner::domain::catalog::region(&x.region).map(|r| r.cloud), Some(y.region.as_str()));
            prop_assert_eq!(x.retention_days, y.retention_days);
        }
    }

    #[test]
    fn validator_never_panics_on_odd_numbers(
        gb in any::<f64>(), w in any::<f64>(), g in any::<f64>(), bw in any::<f64>(),
        rate in any::<f64>(), hours in any::<f64>(), days in any::<u32>(), attempts in any::<u32>(),
    ) {
        let mut s: Scenario = presets::default_scenario();
        s.workload.data_gb = gb;
        s.workload.write_gb_per_day = w;
        s.workload.growth_pct_per_month = g;
        s.link.bandwidth_mbps = bw;
        s.link.copy_failure_rate = rate;
        s.link.max_attempts = attempts;
        s.simulation.days = days;
        s.events.push(TimelineEvent::Outage { at: s.simulation.start, region: "aws-eu-west-1".into(), hours });
        let p = validate(&s);
        if !gb.is_finite() || gb <= 0.0 { prop_assert!(p.has_rule(Rule::DataSize)); }
    }
}
