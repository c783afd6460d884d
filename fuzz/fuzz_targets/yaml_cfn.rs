//! CloudFormation templates generated with YAML anchors and aliases that
//! repeat each other (the "billion laughs" shape), deep flow and block
//! nesting, and intrinsic functions (`Fn::Sub` with variables that use each
//! other, `Fn::Join`, `Ref`, `Fn::GetAtt`) nested in each other, in YAML and
//! in JSON. Any template must end in a scenario or an error, within the
//! reader's limits of time and memory (run with `-timeout` and
//! `-rss_limit_mb`).
#![no_main]
use btar_planner::formats::{import, ImportDefaults};
use libfuzzer_sys::fuzz_target;

fn b(data: &[u8], i: usize) -> usize {
    data.get(i).copied().unwrap_or(0) as usize
}

/// A nested intrinsic in JSON, `depth` levels deep.
fn intrinsic(data: &[u8], at: &mut usize, depth: usize) -> String {
    *at += 1;
    let k = b(data, *at);
    if depth == 0 {
        return match k % 3 {
            0 => "{\"Ref\": \"AWS::Region\"}".into(),
            1 => "{\"Fn::GetAtt\": [\"V\", \"BackupVaultName\"]}".into(),
            _ => format!("\"{}\"", "x".repeat(k % 50)),
        };
    }
    let inner = intrinsic(data, at, depth - 1);
    match k % 3 {
        // One copy of the inner text: the text grows with depth, not its power;
        // the repetition is the reader's to do (Fn::Sub below uses it often).
        0 => format!("{{\"Fn::Join\": [\"{}\", [{inner}, \"x\", {{\"Ref\": \"AWS::Region\"}}]]}}", "-".repeat(k % 7)),
        1 => format!(
            "{{\"Fn::Sub\": [\"{}\", {{\"a\": {inner}}}]}}",
            "${a}".repeat(1 + k % 30)
        ),
        _ => format!("{{\"Fn::Sub\": \"${{AWS::Region}}-{}\"}}", k),
    }
}

fuzz_target!(|data: &[u8]| {
    let defaults = ImportDefaults { start: chrono::DateTime::UNIX_EPOCH, aws_region: Some("us-east-1".into()), tf_vars: Vec::new(), provider_regions: Vec::new() };
    // YAML: anchors that each repeat the previous one k times.
    let levels = b(data, 0) % 14;
    let fan = 1 + b(data, 1) % 12;
    let mut y = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nMetadata:\n  a0: &a0 [\"lol\", \"lol\"]\n");
    for i in 1..=levels {
        let refs: Vec<String> = (0..fan).map(|_| format!("*a{}", i - 1)).collect();
        y.push_str(&format!("  a{i}: &a{i} [{}]\n", refs.join(", ")));
    }
    let nest = b(data, 2) % 200;
    y.push_str(&format!("  deep: {}{}\n", "[".repeat(nest), "]".repeat(nest)));
    y.push_str(&format!(
        "Resources:\n  P:\n    Type: AWS::Backup::BackupPlan\n    Properties:\n      BackupPlan:\n        BackupPlanName: !Sub \"${{AWS::Region}}-p\"\n        BackupPlanRule:\n          - RuleName: r\n            TargetBackupVault: {}\n",
        if levels > 0 { format!("*a{levels}") } else { "vault".into() }
    ));
    let _ = import(&y, &defaults, None);
    // JSON: nested intrinsics in a vault name and a plan name.
    let mut at = 3;
    let depth = b(data, 3) % 10;
    let name = intrinsic(data, &mut at, depth);
    let j = format!(
        "{{\"Resources\": {{\"V\": {{\"Type\": \"AWS::Backup::BackupVault\", \"Properties\": {{\"BackupVaultName\": {name}}}}}, \"P\": {{\"Type\": \"AWS::Backup::BackupPlan\", \"Properties\": {{\"BackupPlan\": {{\"BackupPlanName\": {name}, \"BackupPlanRule\": [{{\"RuleName\": \"r\", \"TargetBackupVault\": {{\"Ref\": \"V\"}}}}]}}}}}}}}}}"
    );
    let _ = import(&j, &defaults, None);
    if let Ok(raw) = std::str::from_utf8(data) {
        let _ = import(raw, &defaults, None);
    }
});
