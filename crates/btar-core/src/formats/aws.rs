//! AWS Backup plan JSON exactly as `aws backup create-backup-plan
//! --backup-plan` takes it (`BackupPlanName`, `Rules[]` with
//! `ScheduleExpression`, `Lifecycle`, `CopyActions[]`), the
//! `{"BackupPlan": …}` wrapper that `get-backup-plan` prints, and the whole
//! `aws backup create-backup-plan --region … --backup-plan '…'` command line.

use super::aiven::shell_words;
use super::{check_size, parse_json, typed, unknown_field, FormatError};
use crate::domain::scenario::{AwsBackup, AwsBackupPlan, Platform, Scenario, VaultArn};
use crate::domain::validation::{Problem, Severity};

/// The plan as pretty JSON, ready for `--backup-plan`.
pub fn plan_json(plan: &AwsBackupPlan) -> String {
    serde_json::to_string_pretty(plan).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// The whole `aws backup create-backup-plan` command.
pub fn create_command(a: &AwsBackup) -> String {
    format!(
        "aws backup create-backup-plan \\\n  --region {} \\\n  --backup-plan '{}'",
        a.region,
        plan_json(&a.plan).replace('\'', "'\\''")
    )
}

/// Applies an AWS backup plan (JSON, wrapped JSON or the CLI command) to a
/// scenario. `region` names the plan's region when the input does not.
pub fn apply_plan(
    base: &Scenario,
    text: &str,
    region: Option<&str>,
    warnings: &mut Vec<Problem>,
) -> Result<Scenario, FormatError> {
    let t = check_size(text)?;
    let (json_text, cli_region) = if t.starts_with("aws") {
        from_command(t)?
    } else {
        (t.to_string(), None)
    };
    let mut v = parse_json(&json_text)?;
    let mut prefix = "";
    if let Some(o) = v.as_object_mut() {
        if let Some(inner) = o.remove("BackupPlan") {
            for k in o.keys() {
                if !matches!(k.as_str(), "BackupPlanTags" | "CreatorRequestId") {
                    warnings.push(unknown_field("", k, "the backup plan wrapper"));
                }
            }
            v = inner;
            prefix = "BackupPlan";
        }
    } else {
        return Err(FormatError::Unrecognized(
            "a backup plan is a JSON object".into(),
        ));
    }
    let plan: AwsBackupPlan = typed(v, prefix, "an AWS Backup plan the planner models", warnings)?;
    let mut a = match &base.platform {
        Platform::Aws(a) => a.clone(),
        _ => AwsBackup::blank(),
    };
    match region.map(str::to_string).or(cli_region) {
        Some(r) => a.region = r,
        None => warnings.push(Problem {
            severity: Severity::Warning,
            field: "region".into(),
            value: a.region.clone(),
            rule: "plan-region",
            message: format!(
                "the plan JSON does not carry its region (it is the --region of the CLI); the planner assumes {}",
                a.region
            ),
        }),
    }
    if let Some(arn) = plan
        .rules
        .iter()
        .flat_map(|r| r.copy_actions.iter())
        .find_map(|c| VaultArn::parse(&c.destination_backup_vault_arn))
    {
        a.account_id = arn.account;
    }
    a.plan = plan;
    let mut s = base.clone();
    s.platform = Platform::Aws(a);
    Ok(s)
}

fn from_command(t: &str) -> Result<(String, Option<String>), FormatError> {
    let words = shell_words(t)?;
    match words.as_slice() {
        [aws, backup, verb, ..]
            if aws == "aws" && backup == "backup" && verb == "create-backup-plan" => {}
        _ => {
            return Err(FormatError::Command(
                "expected 'aws backup create-backup-plan --backup-plan …'".into(),
            ))
        }
    }
    let mut region = None;
    let mut plan = None;
    let mut i = 3;
    while i < words.len() {
        let w = &words[i];
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (w.as_str(), None),
        };
        let value = match inline {
            Some(v) => Some(v),
            None => {
                i += 1;
                words.get(i).cloned()
            }
        };
        match flag {
            "--region" => region = value,
            "--backup-plan" => plan = value,
            _ => {}
        }
        i += 1;
    }
    let plan = plan.ok_or_else(|| FormatError::Command("--backup-plan is missing".into()))?;
    if plan.starts_with("file://") || plan.starts_with("fileb://") {
        return Err(FormatError::Command(format!(
            "{plan}: the planner cannot read files named in a command; paste the plan JSON instead"
        )));
    }
    Ok((plan, region))
}

/// The region of each copy destination, for display.
pub fn destination_regions(plan: &AwsBackupPlan) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in &plan.rules {
        for c in &r.copy_actions {
            if let Some(a) = VaultArn::parse(&c.destination_backup_vault_arn) {
                if !out.contains(&a.region) {
                    out.push(a.region);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scenario::AwsLifecycle;
    use crate::domain::validation::validate;

    /// The AWS guide's plan, as in the fixture the CLI tests read too.
    pub(crate) const GUIDE_PLAN: &str =
        include_str!("../../../../tests/fixtures/aws-guide-plan.json");

    fn base() -> Scenario {
        Scenario::blank(
            Platform::Aws(AwsBackup::blank()),
            "2026-01-01T00:00:00Z".parse().unwrap(),
        )
    }

    fn aws(s: &Scenario) -> &AwsBackup {
        match &s.platform {
            Platform::Aws(a) => a,
            _ => panic!("not aws"),
        }
    }

    #[test]
    fn both_rules_of_the_guide_plan_import_and_validate() {
        let s = apply_plan(&base(), GUIDE_PLAN, Some("us-east-1"), &mut Vec::new()).unwrap();
        let a = aws(&s);
        assert_eq!(a.plan.rules.len(), 2);
        assert_eq!(
            a.plan.rules[1].lifecycle,
            Some(AwsLifecycle {
                move_to_cold_storage_after_days: Some(30),
                delete_after_days: Some(365)
            })
        );
        assert_eq!(destination_regions(&a.plan), vec!["us-west-2".to_string()]);
        let p = validate(&s);
        assert!(p.is_valid(), "{:?}", p.errors().collect::<Vec<_>>());
    }

    #[test]
    fn the_guide_cli_command_gives_its_region() {
        let cmd = format!("aws backup create-backup-plan \\\n  --region us-east-1 \\\n  --backup-plan '{GUIDE_PLAN}'");
        let mut w = Vec::new();
        let s = apply_plan(&base(), &cmd, None, &mut w).unwrap();
        assert_eq!(aws(&s).region, "us-east-1");
        assert!(w.is_empty(), "{w:?}");
        let back = apply_plan(&base(), &create_command(aws(&s)), None, &mut Vec::new()).unwrap();
        assert_eq!(aws(&back), aws(&s));
    }

    #[test]
    fn the_guide_cost_saving_lifecycle_is_flagged() {
        let plan = r#"{"BackupPlanName":"p","Rules":[{"RuleName":"r","TargetBackupVaultName":"production-primary","ScheduleExpression":"cron(0 3 * * ? *)",
          "CopyActions": [{
            "DestinationBackupVaultArn": "arn:aws:backup:us-west-2:123456789012:backup-vault:production-dr",
            "Lifecycle": { "MoveToColdStorageAfterDays": 7, "DeleteAfterDays": 90 } }]}]}"#;
        let s = apply_plan(&base(), plan, Some("us-east-1"), &mut Vec::new()).unwrap();
        let p = validate(&s);
        let e: Vec<_> = p.errors().collect();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].rule, "cold-storage-90-days");
        assert_eq!(
            e[0].field,
            "platform.aws.plan.Rules[0].CopyActions[0].Lifecycle.DeleteAfterDays"
        );
        assert!(e[0].message.contains("at least 97"));
    }

    #[test]
    fn wrapper_and_unknown_fields_are_handled() {
        let wrapped = format!("{{\"BackupPlan\": {GUIDE_PLAN}, \"BackupPlanTags\": {{}}}}");
        let mut w = Vec::new();
        apply_plan(&base(), &wrapped, Some("us-east-1"), &mut w).unwrap();
        assert!(w.is_empty());
        let odd = GUIDE_PLAN.replacen(
            "\"RuleName\": \"DailyWithDRCopy\",",
            "\"RuleName\": \"DailyWithDRCopy\", \"RecoveryPointTags\": {\"team\": \"db\"},",
            1,
        );
        let mut w = Vec::new();
        apply_plan(&base(), &odd, Some("us-east-1"), &mut w).unwrap();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].field, "Rules.0.RecoveryPointTags");
        // Continuous backup and the schedule's time zone are read, not dropped.
        let cb = GUIDE_PLAN.replacen(
            "\"RuleName\": \"DailyWithDRCopy\",",
            "\"RuleName\": \"DailyWithDRCopy\", \"EnableContinuousBackup\": true, \"ScheduleExpressionTimezone\": \"Europe/Helsinki\",",
            1,
        );
        let mut w = Vec::new();
        let s = apply_plan(&base(), &cb, Some("us-east-1"), &mut w).unwrap();
        assert!(w.is_empty(), "{w:?}");
        let Platform::Aws(a) = &s.platform else {
            panic!("not aws")
        };
        assert_eq!(a.plan.rules[0].enable_continuous_backup, Some(true));
        assert_eq!(
            a.plan.rules[0].schedule_expression_timezone.as_deref(),
            Some("Europe/Helsinki")
        );
    }

    #[test]
    fn bad_plans_are_errors_naming_the_field() {
        let bad = GUIDE_PLAN.replacen(
            "\"StartWindowMinutes\": 60",
            "\"StartWindowMinutes\": \"sixty\"",
            1,
        );
        let e = apply_plan(&base(), &bad, Some("us-east-1"), &mut Vec::new()).unwrap_err();
        assert!(
            e.to_string().starts_with("Rules[0].StartWindowMinutes"),
            "{e}"
        );
        let e = apply_plan(
            &base(),
            "{\"BackupPlanName\": \"x\"}",
            None,
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("Rules"), "{e}");
        assert!(apply_plan(
            &base(),
            "aws backup create-backup-plan --backup-plan file://plan.json",
            None,
            &mut Vec::new()
        )
        .is_err());
        assert!(apply_plan(&base(), "aws s3 ls", None, &mut Vec::new()).is_err());
        assert!(apply_plan(&base(), "[1]", None, &mut Vec::new()).is_err());
    }
}
