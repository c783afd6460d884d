//! Fields of an AWS Backup plan the planner does not model, in three named
//! classes: fields AWS has that do not change backups, fields that change
//! behaviour the planner approximates, and fields AWS rejects. Imports keep
//! them (`AwsBackup::unmodelled`) and exports write them back; validation
//! reports each in its class.
//!
//! The API's field names are those of `BackupPlanInput`, `BackupRuleInput`,
//! `Lifecycle` and `CopyAction` in the AWS Backup API reference; the AWS CLI
//! refuses any other name ("Unknown parameter in BackupPlan…").

use super::scenario::FieldPlace;

/// What an unmodelled field does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldClass {
    /// AWS has the field; it does not change when backups or copies run,
    /// what they hold or what they cost.
    NoEffect,
    /// AWS has the field and it changes behaviour; the planner approximates
    /// it as described.
    Approximated(&'static str),
    /// AWS rejects a plan with this field; the name the API uses, when a
    /// likely one is known.
    Rejected(Option<&'static str>),
}

/// The fields of each place the API takes (modelled or not).
const PLAN_KEYS: [&str; 4] = [
    "BackupPlanName",
    "Rules",
    "AdvancedBackupSettings",
    "ScanSettings",
];
const RULE_KEYS: [&str; 13] = [
    "RuleName",
    "TargetBackupVaultName",
    "TargetLogicallyAirGappedBackupVaultArn",
    "ScheduleExpression",
    "StartWindowMinutes",
    "CompletionWindowMinutes",
    "Lifecycle",
    "RecoveryPointTags",
    "CopyActions",
    "EnableContinuousBackup",
    "ScheduleExpressionTimezone",
    "IndexActions",
    "ScanActions",
];
const LIFECYCLE_KEYS: [&str; 3] = [
    "MoveToColdStorageAfterDays",
    "DeleteAfterDays",
    "OptInToArchiveForSupportedResources",
];
const COPY_KEYS: [&str; 2] = ["DestinationBackupVaultArn", "Lifecycle"];

/// The API's field names at a place.
pub fn api_keys(place: &FieldPlace) -> &'static [&'static str] {
    match place {
        FieldPlace::Plan => &PLAN_KEYS,
        FieldPlace::Rule { .. } => &RULE_KEYS,
        FieldPlace::RuleLifecycle { .. } | FieldPlace::CopyLifecycle { .. } => &LIFECYCLE_KEYS,
        FieldPlace::CopyAction { .. } => &COPY_KEYS,
    }
}

/// The class of a field the planner does not model.
pub fn classify(place: &FieldPlace, key: &str) -> FieldClass {
    use FieldClass::*;
    match (place, key) {
        (FieldPlace::Rule { .. }, "RecoveryPointTags") => NoEffect,
        (FieldPlace::Plan, "AdvancedBackupSettings") => Approximated(
            "resource options such as Windows VSS are not simulated: backups run as plain snapshots",
        ),
        (FieldPlace::Plan, "ScanSettings") | (FieldPlace::Rule { .. }, "ScanActions") => Approximated(
            "malware scans are not simulated: they add no time and no cost to backups or copies here",
        ),
        (FieldPlace::Rule { .. }, "IndexActions") => Approximated(
            "backup indexes (for search) are not simulated: they add no time and no cost here",
        ),
        (FieldPlace::Rule { .. }, "TargetLogicallyAirGappedBackupVaultArn") => Approximated(
            "the logically air-gapped vault is not simulated as a second target: only the regular vault and the copies are",
        ),
        (
            FieldPlace::RuleLifecycle { .. } | FieldPlace::CopyLifecycle { .. },
            "OptInToArchiveForSupportedResources",
        ) => Approximated("the archive tier is simulated as cold storage"),
        _ => Rejected(intended(place, key)),
    }
}

/// The name a rejected field was most likely meant to be: CloudFormation's
/// and Terraform's spellings, lifecycle fields written at rule level, and
/// near misses.
pub fn intended(place: &FieldPlace, key: &str) -> Option<&'static str> {
    let known = match (place, key) {
        (FieldPlace::Rule { .. }, "TargetBackupVault") => Some("TargetBackupVaultName"),
        (FieldPlace::Plan, "BackupPlanRule" | "Rule") => Some("Rules"),
        (FieldPlace::CopyAction { .. }, "DestinationBackupVault") => {
            Some("DestinationBackupVaultArn")
        }
        (FieldPlace::Rule { .. }, "DeleteAfterDays" | "MoveToColdStorageAfterDays") => {
            Some("Lifecycle")
        }
        _ => None,
    };
    if known.is_some() {
        return known;
    }
    // Terraform's snake_case, or a near miss of an API name.
    let flat: String = key
        .chars()
        .filter(|c| *c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
    let keys = api_keys(place);
    keys.iter()
        .find(|k| k.to_ascii_lowercase() == flat)
        .or_else(|| {
            keys.iter()
                .map(|k| (strsim::jaro_winkler(&k.to_ascii_lowercase(), &flat), k))
                .filter(|(s, _)| *s > 0.9)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, k)| k)
        })
        .copied()
}

/// Why a rejected field is rejected, with the fix.
pub fn rejected_message(place: &FieldPlace, key: &str, hint: Option<&str>) -> String {
    let base = "AWS rejects a plan with this field (the API has no such name here)";
    match hint {
        Some("Lifecycle") => format!(
            "{base}: {key} belongs inside Lifecycle, as {{\"Lifecycle\": {{\"{key}\": N}}}}; at rule level AWS refuses the plan, and the planner does not read it as a retention"
        ),
        Some(h) if matches!(key, "TargetBackupVault" | "BackupPlanRule") => format!(
            "{base}: `{key}` is CloudFormation's name; the API's is `{h}`"
        ),
        Some(h) if key.contains('_') => format!(
            "{base}: `{key}` is Terraform's spelling; the API's is `{h}`"
        ),
        Some(h) => format!("{base}: did you mean `{h}`?"),
        None => format!(
            "{base}; the names AWS takes here: {}",
            api_keys(place).join(", ")
        ),
    }
}

/// A readable name of a place, for problem fields.
pub fn place_path(place: &FieldPlace) -> String {
    match place {
        FieldPlace::Plan => String::new(),
        FieldPlace::Rule { rule } => format!("Rules[{rule}]"),
        FieldPlace::RuleLifecycle { rule } => format!("Rules[{rule}].Lifecycle"),
        FieldPlace::CopyAction { rule, arn } => format!("Rules[{rule}].CopyActions[{arn}]"),
        FieldPlace::CopyLifecycle { rule, arn } => {
            format!("Rules[{rule}].CopyActions[{arn}].Lifecycle")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> FieldPlace {
        FieldPlace::Rule { rule: "r".into() }
    }

    #[test]
    fn the_three_classes_are_told_apart() {
        assert_eq!(classify(&rule(), "RecoveryPointTags"), FieldClass::NoEffect);
        assert!(matches!(
            classify(&FieldPlace::Plan, "AdvancedBackupSettings"),
            FieldClass::Approximated(_)
        ));
        assert_eq!(
            classify(&rule(), "TargetBackupVault"),
            FieldClass::Rejected(Some("TargetBackupVaultName"))
        );
        assert_eq!(
            classify(&rule(), "DeleteAfterDays"),
            FieldClass::Rejected(Some("Lifecycle"))
        );
        assert_eq!(
            classify(&FieldPlace::Plan, "BackupPlanRule"),
            FieldClass::Rejected(Some("Rules"))
        );
        assert_eq!(
            classify(&rule(), "rule_name"),
            FieldClass::Rejected(Some("RuleName"))
        );
        assert_eq!(
            classify(&rule(), "ScheduleExpresion"),
            FieldClass::Rejected(Some("ScheduleExpression"))
        );
        assert_eq!(classify(&rule(), "Colour"), FieldClass::Rejected(None));
        let m = rejected_message(&rule(), "TargetBackupVault", Some("TargetBackupVaultName"));
        assert!(
            m.contains("CloudFormation's name; the API's is `TargetBackupVaultName`"),
            "{m}"
        );
    }
}
