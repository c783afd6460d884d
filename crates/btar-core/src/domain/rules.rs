//! Every rule a problem can name: one enum, whose stable string ids (the
//! `rule` of `btar validate --json`, shown in brackets in the app) never
//! change once published.

use serde::Serialize;

/// A validation or import rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, strum::IntoStaticStr)]
#[cfg_attr(test, derive(strum::EnumIter))]
pub enum Rule {
    #[serde(rename = "account-id")]
    #[strum(serialize = "account-id")]
    AccountId,
    #[serde(rename = "attempts")]
    #[strum(serialize = "attempts")]
    Attempts,
    #[serde(rename = "avn-config-json")]
    #[strum(serialize = "avn-config-json")]
    AvnConfigJson,
    #[serde(rename = "backup-interval")]
    #[strum(serialize = "backup-interval")]
    BackupInterval,
    #[serde(rename = "backups-present")]
    #[strum(serialize = "backups-present")]
    BackupsPresent,
    #[serde(rename = "bandwidth")]
    #[strum(serialize = "bandwidth")]
    Bandwidth,
    #[serde(rename = "btar-enabled")]
    #[strum(serialize = "btar-enabled")]
    BtarEnabled,
    #[serde(rename = "change-from-secondary")]
    #[strum(serialize = "change-from-secondary")]
    ChangeFromSecondary,
    #[serde(rename = "cloud-present")]
    #[strum(serialize = "cloud-present")]
    CloudPresent,
    #[serde(rename = "cloudformation-pseudo-assumed")]
    #[strum(serialize = "cloudformation-pseudo-assumed")]
    CloudformationPseudoAssumed,
    #[serde(rename = "cloudformation-unresolved")]
    #[strum(serialize = "cloudformation-unresolved")]
    CloudformationUnresolved,
    #[serde(rename = "cold-storage-unsupported")]
    #[strum(serialize = "cold-storage-unsupported")]
    ColdStorageUnsupported,
    #[serde(rename = "cold-storage-90-days")]
    #[strum(serialize = "cold-storage-90-days")]
    ColdStorage90Days,
    #[serde(rename = "completion-after-start")]
    #[strum(serialize = "completion-after-start")]
    CompletionAfterStart,
    #[serde(rename = "completion-window-min")]
    #[strum(serialize = "completion-window-min")]
    CompletionWindowMin,
    #[serde(rename = "continuous-backup-approximated")]
    #[strum(serialize = "continuous-backup-approximated")]
    ContinuousBackupApproximated,
    #[serde(rename = "copy-destination-unique")]
    #[strum(serialize = "copy-destination-unique")]
    CopyDestinationUnique,
    #[serde(rename = "copy-kept-forever")]
    #[strum(serialize = "copy-kept-forever")]
    CopyKeptForever,
    #[serde(rename = "copy-other-region")]
    #[strum(serialize = "copy-other-region")]
    CopyOtherRegion,
    #[serde(rename = "copy-same-region-other-account")]
    #[strum(serialize = "copy-same-region-other-account")]
    CopySameRegionOtherAccount,
    #[serde(rename = "cron-fires")]
    #[strum(serialize = "cron-fires")]
    CronFires,
    #[serde(rename = "cron-min-interval")]
    #[strum(serialize = "cron-min-interval")]
    CronMinInterval,
    #[serde(rename = "cron-syntax")]
    #[strum(serialize = "cron-syntax")]
    CronSyntax,
    #[serde(rename = "data-size")]
    #[strum(serialize = "data-size")]
    DataSize,
    #[serde(rename = "events-count")]
    #[strum(serialize = "events-count")]
    EventsCount,
    #[serde(rename = "events-ordered")]
    #[strum(serialize = "events-ordered")]
    EventsOrdered,
    #[serde(rename = "failure-rate")]
    #[strum(serialize = "failure-rate")]
    FailureRate,
    #[serde(rename = "field-approximated")]
    #[strum(serialize = "field-approximated")]
    FieldApproximated,
    #[serde(rename = "field-no-effect")]
    #[strum(serialize = "field-no-effect")]
    FieldNoEffect,
    #[serde(rename = "field-rejected")]
    #[strum(serialize = "field-rejected")]
    FieldRejected,
    #[serde(rename = "fork-from-secondary")]
    #[strum(serialize = "fork-from-secondary")]
    ForkFromSecondary,
    #[serde(rename = "growth")]
    #[strum(serialize = "growth")]
    Growth,
    #[serde(rename = "inside-span")]
    #[strum(serialize = "inside-span")]
    InsideSpan,
    #[serde(rename = "job-outlasts-span")]
    #[strum(serialize = "job-outlasts-span")]
    JobOutlastsSpan,
    #[serde(rename = "known-region")]
    #[strum(serialize = "known-region")]
    KnownRegion,
    #[serde(rename = "lifecycle-present")]
    #[strum(serialize = "lifecycle-present")]
    LifecyclePresent,
    #[serde(rename = "name-present")]
    #[strum(serialize = "name-present")]
    NamePresent,
    #[serde(rename = "not-primary-region")]
    #[strum(serialize = "not-primary-region")]
    NotPrimaryRegion,
    #[serde(rename = "objective-budget")]
    #[strum(serialize = "objective-budget")]
    ObjectiveBudget,
    #[serde(rename = "objective-probability")]
    #[strum(serialize = "objective-probability")]
    ObjectiveProbability,
    #[serde(rename = "objective-rpo")]
    #[strum(serialize = "objective-rpo")]
    ObjectiveRpo,
    #[serde(rename = "objective-rto")]
    #[strum(serialize = "objective-rto")]
    ObjectiveRto,
    #[serde(rename = "one-additional-region")]
    #[strum(serialize = "one-additional-region")]
    OneAdditionalRegion,
    #[serde(rename = "org-policy-read")]
    #[strum(serialize = "org-policy-read")]
    OrgPolicyRead,
    #[serde(rename = "outage-duration")]
    #[strum(serialize = "outage-duration")]
    OutageDuration,
    #[serde(rename = "pitr-not-future")]
    #[strum(serialize = "pitr-not-future")]
    PitrNotFuture,
    #[serde(rename = "plan-account")]
    #[strum(serialize = "plan-account")]
    PlanAccount,
    #[serde(rename = "config-key")]
    #[strum(serialize = "config-key")]
    ConfigKey,
    #[serde(rename = "project-name")]
    #[strum(serialize = "project-name")]
    ProjectName,
    #[serde(rename = "plan-known")]
    #[strum(serialize = "plan-known")]
    PlanKnown,
    #[serde(rename = "plan-name")]
    #[strum(serialize = "plan-name")]
    PlanName,
    #[serde(rename = "plan-region")]
    #[strum(serialize = "plan-region")]
    PlanRegion,
    #[serde(rename = "positive-days")]
    #[strum(serialize = "positive-days")]
    PositiveDays,
    #[serde(rename = "price")]
    #[strum(serialize = "price")]
    Price,
    #[serde(rename = "readable")]
    #[strum(serialize = "readable")]
    Readable,
    #[serde(rename = "region-change-24h")]
    #[strum(serialize = "region-change-24h")]
    RegionChange24h,
    #[serde(rename = "region-conflict")]
    #[strum(serialize = "region-conflict")]
    RegionConflict,
    #[serde(rename = "resource-type-from-selection")]
    #[strum(serialize = "resource-type-from-selection")]
    ResourceTypeFromSelection,
    #[serde(rename = "resource-type-mixed")]
    #[strum(serialize = "resource-type-mixed")]
    ResourceTypeMixed,
    #[serde(rename = "retry-delay")]
    #[strum(serialize = "retry-delay")]
    RetryDelay,
    #[serde(rename = "rtt")]
    #[strum(serialize = "rtt")]
    Rtt,
    #[serde(rename = "rule-name")]
    #[strum(serialize = "rule-name")]
    RuleName,
    #[serde(rename = "rule-name-unique")]
    #[strum(serialize = "rule-name-unique")]
    RuleNameUnique,
    #[serde(rename = "rules-present")]
    #[strum(serialize = "rules-present")]
    RulesPresent,
    #[serde(rename = "same-provider")]
    #[strum(serialize = "same-provider")]
    SameProvider,
    #[serde(rename = "schedule-default")]
    #[strum(serialize = "schedule-default")]
    ScheduleDefault,
    #[serde(rename = "schedule-timezone-approximated")]
    #[strum(serialize = "schedule-timezone-approximated")]
    ScheduleTimezoneApproximated,
    #[serde(rename = "schedule-timezone-unknown")]
    #[strum(serialize = "schedule-timezone-unknown")]
    ScheduleTimezoneUnknown,
    #[serde(rename = "service-name")]
    #[strum(serialize = "service-name")]
    ServiceName,
    #[serde(rename = "service-type-supported")]
    #[strum(serialize = "service-type-supported")]
    ServiceTypeSupported,
    #[serde(rename = "span")]
    #[strum(serialize = "span")]
    Span,
    #[serde(rename = "span-start")]
    #[strum(serialize = "span-start")]
    SpanStart,
    #[serde(rename = "start-window-min")]
    #[strum(serialize = "start-window-min")]
    StartWindowMin,
    #[serde(rename = "target-unique")]
    #[strum(serialize = "target-unique")]
    TargetUnique,
    #[serde(rename = "target-vault-region")]
    #[strum(serialize = "target-vault-region")]
    TargetVaultRegion,
    #[serde(rename = "terraform-account-assumed")]
    #[strum(serialize = "terraform-account-assumed")]
    TerraformAccountAssumed,
    #[serde(rename = "terraform-one-plan")]
    #[strum(serialize = "terraform-one-plan")]
    TerraformOnePlan,
    #[serde(rename = "terraform-one-service")]
    #[strum(serialize = "terraform-one-service")]
    TerraformOneService,
    #[serde(rename = "terraform-type")]
    #[strum(serialize = "terraform-type")]
    TerraformType,
    #[serde(rename = "terraform-unknown-until-apply")]
    #[strum(serialize = "terraform-unknown-until-apply")]
    TerraformUnknownUntilApply,
    #[serde(rename = "terraform-unresolved")]
    #[strum(serialize = "terraform-unresolved")]
    TerraformUnresolved,
    #[serde(rename = "terraform-unused")]
    #[strum(serialize = "terraform-unused")]
    TerraformUnused,
    #[serde(rename = "throughput")]
    #[strum(serialize = "throughput")]
    Throughput,
    #[serde(rename = "time-of-day")]
    #[strum(serialize = "time-of-day")]
    TimeOfDay,
    #[serde(rename = "unknown-value")]
    #[strum(serialize = "unknown-value")]
    UnknownValue,
    #[serde(rename = "unknown-field")]
    #[strum(serialize = "unknown-field")]
    UnknownField,
    #[serde(rename = "update-needs-service")]
    #[strum(serialize = "update-needs-service")]
    UpdateNeedsService,
    #[serde(rename = "vault-arn")]
    #[strum(serialize = "vault-arn")]
    VaultArn,
    #[serde(rename = "vault-name")]
    #[strum(serialize = "vault-name")]
    VaultName,
    #[serde(rename = "vault-policy")]
    #[strum(serialize = "vault-policy")]
    VaultPolicy,
    #[serde(rename = "weekdays")]
    #[strum(serialize = "weekdays")]
    Weekdays,
    #[serde(rename = "write-rate")]
    #[strum(serialize = "write-rate")]
    WriteRate,
    #[serde(rename = "zilliz-dedicated")]
    #[strum(serialize = "zilliz-dedicated")]
    ZillizDedicated,
    #[serde(rename = "zilliz-manual-permanent")]
    #[strum(serialize = "zilliz-manual-permanent")]
    ZillizManualPermanent,
    #[serde(rename = "zilliz-not-azure")]
    #[strum(serialize = "zilliz-not-azure")]
    ZillizNotAzure,
    #[serde(rename = "zilliz-retention-per-region")]
    #[strum(serialize = "zilliz-retention-per-region")]
    ZillizRetentionPerRegion,
    #[serde(rename = "zilliz-role")]
    #[strum(serialize = "zilliz-role")]
    ZillizRole,
}

impl Rule {
    /// The stable id, e.g. `same-provider`.
    pub fn id(self) -> &'static str {
        self.into()
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// Tests and tools compare a rule with its published id.
impl PartialEq<&str> for Rule {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn ids_are_unique_kebab_case_and_serialise_as_themselves() {
        let mut seen = std::collections::HashSet::new();
        for r in Rule::iter() {
            let id = r.id();
            assert!(seen.insert(id), "{id} twice");
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{id}"
            );
            assert_eq!(
                serde_json::to_value(r).unwrap(),
                serde_json::Value::from(id)
            );
        }
    }
}
