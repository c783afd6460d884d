//! Every platform rule, checked at once. A check returns all problems, each
//! naming the field (a path into the scenario file), the value and the rule,
//! in words a user can act on. Errors make a scenario invalid; warnings do not.

use chrono::Datelike;
use chrono::Duration;
use serde::Serialize;
use std::fmt;

use super::catalog::{self, Provider, Region};
use super::cron::Cron;
pub use super::rules::Rule;
use super::scenario::{
    AivenPlanTier, AivenService, AwsBackup, AwsLifecycle, Platform, Scenario, TimelineEvent,
    VaultArn, VaultPolicy, ZillizBackups, ZillizCluster, ZillizRole, ZillizTier,
    AWS_DEFAULT_SCHEDULE,
};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One thing wrong (or worth knowing) about a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    #[serde(skip)]
    pub severity: Severity,
    /// Path of the field in the scenario file, e.g. `platform.aiven.cloud`.
    pub field: String,
    /// The offending value as the user wrote it.
    pub value: String,
    /// The rule, serialised as its stable id, e.g. `same-provider`.
    pub rule: Rule,
    /// What is wrong and what to do, in plain words.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{tag}: {} = {}: {} [{}]",
            self.field, self.value, self.message, self.rule
        )
    }
}

/// All problems of a scenario, errors first in field order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter().filter(|p| p.severity == Severity::Error)
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter().filter(|p| p.severity == Severity::Warning)
    }
    pub fn is_valid(&self) -> bool {
        self.errors().next().is_none()
    }
    /// Problems whose field is `field` or lies below it.
    pub fn for_field<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a Problem> + 'a {
        self.0.iter().filter(move |p| {
            p.field == field
                || p.field
                    .strip_prefix(field)
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        })
    }
    pub fn has_rule(&self, rule: Rule) -> bool {
        self.0.iter().any(|p| p.rule == rule)
    }
    fn error(
        &mut self,
        field: impl Into<String>,
        value: impl fmt::Display,
        rule: Rule,
        message: impl Into<String>,
    ) {
        self.0.push(Problem {
            severity: Severity::Error,
            field: field.into(),
            value: value.to_string(),
            rule,
            message: message.into(),
        });
    }
    fn warn(
        &mut self,
        field: impl Into<String>,
        value: impl fmt::Display,
        rule: Rule,
        message: impl Into<String>,
    ) {
        self.0.push(Problem {
            severity: Severity::Warning,
            field: field.into(),
            value: value.to_string(),
            rule,
            message: message.into(),
        });
    }
}

/// The service types Aiven supports BTAR for.
pub const AIVEN_BTAR_SERVICE_TYPES: [&str; 3] = ["pg", "mysql", "opensearch"];

/// Largest data size the planner accepts, in GB (10 PB).
pub const MAX_DATA_GB: f64 = 10_000_000.0;
/// Longest simulated span, in days (10 years).
pub const MAX_DAYS: u32 = 3660;
/// The simulated span starts in a year from this…
pub const MIN_START_YEAR: i32 = 1970;
/// …to this.
pub const MAX_START_YEAR: i32 = 2200;

/// Checks a whole scenario against every rule.
pub fn validate(s: &Scenario) -> Problems {
    let mut p = Problems::default();
    if s.name.trim().is_empty() {
        p.warn(
            "name",
            "\"\"",
            Rule::NamePresent,
            "give the scenario a name so exports and links say what it is",
        );
    }
    match &s.platform {
        Platform::Aiven(a) => aiven(a, &mut p),
        Platform::Aws(a) => aws(a, s, &mut p),
        Platform::Zilliz(z) => zilliz(z, s, &mut p),
    }
    workload_and_link(s, &mut p);
    calibration(s, &mut p);
    events(s, &mut p);
    prices(s, &mut p);
    objectives(s, &mut p);
    unknowns(s, &mut p);
    p.0.sort_by_key(|x| x.severity == Severity::Warning);
    p
}

/// A field the input did not know is not judged by its stand-in: what the
/// rules would say of the stand-in is dropped, and the field says what
/// could not be checked, and with what it is simulated.
fn unknowns(s: &Scenario, p: &mut Problems) {
    if s.unknowns.is_empty() {
        return;
    }
    // Only while the field still holds its stand-in: a value typed over it
    // is the user's, judged like any other.
    let standing: Vec<&crate::domain::scenario::Unknown> = s
        .unknowns
        .iter()
        .filter(|u| Slot::parse(&u.field).and_then(|f| f.text(s)) == Some(u.stand_in.as_str()))
        .collect();
    p.0.retain(|x| !standing.iter().any(|u| u.field == x.field));
    for u in standing {
        p.warn(
            u.field.clone(),
            u.expression.clone(),
            Rule::UnknownValue,
            format!(
                "unknown until apply: `{}`; not checked, and simulated with the stand-in \"{}\" (give its value, e.g. with the variable's default or --base, to check it)",
                u.expression, u.stand_in
            ),
        );
    }
}

/// Objectives are positive durations up to ten years, a budget of 0 or
/// more, a probability from 0 to 1.
fn objectives(s: &Scenario, p: &mut Problems) {
    let o = &s.objectives;
    const TEN_YEARS_S: f64 = 3650.0 * 86_400.0;
    if let Some(v) = o.rpo_s {
        number(
            v as f64,
            1.0,
            TEN_YEARS_S,
            "objectives.rpo_s",
            Rule::ObjectiveRpo,
            "the RPO in seconds",
            p,
        );
    }
    if let Some(v) = o.rto_s {
        number(
            v as f64,
            1.0,
            TEN_YEARS_S,
            "objectives.rto_s",
            Rule::ObjectiveRto,
            "the RTO in seconds",
            p,
        );
    }
    if let Some(v) = o.monthly_budget_usd {
        number(
            v,
            0.0,
            1e12,
            "objectives.monthly_budget_usd",
            Rule::ObjectiveBudget,
            "the monthly budget in USD",
            p,
        );
    }
    if let Some(v) = o.breach_probability {
        number(
            v,
            0.0,
            1.0,
            "objectives.breach_probability",
            Rule::ObjectiveProbability,
            "the tolerated breach probability",
            p,
        );
    }
}

/// A known region, or an error naming the closest real names.
pub fn known_region(name: &str, field: &str, p: &mut Problems) -> Option<&'static Region> {
    let r = catalog::region(name);
    if r.is_none() {
        let s = catalog::suggest(name);
        let hint = if s.is_empty() {
            String::new()
        } else {
            format!("; did you mean {}?", s.join(", "))
        };
        let shown = match name.char_indices().nth(64) {
            Some((i, _)) => format!("{}… ({} characters)", &name[..i], name.chars().count()),
            None => name.to_string(),
        };
        p.error(
            field,
            format!("\"{shown}\""),
            Rule::KnownRegion,
            format!("'{shown}' is not a region the planner knows{hint}"),
        );
    }
    r
}

/// The same-provider and not-the-primary rules for one secondary region.
fn secondary_rules(primary: Option<&Region>, sec: &Region, field: &str, p: &mut Problems) {
    if let Some(pr) = primary {
        if sec.provider != pr.provider {
            p.error(
                field,
                format!("\"{}\"", sec.cloud),
                Rule::SameProvider,
                format!(
                    "the secondary region must be on the same provider as the service: {} ≠ {}",
                    sec.provider, pr.provider
                ),
            );
        } else if sec.cloud == pr.cloud {
            p.error(
                field,
                format!("\"{}\"", sec.cloud),
                Rule::NotPrimaryRegion,
                format!(
                    "the secondary region must differ from the service's own region ({})",
                    pr.cloud
                ),
            );
        }
    }
}

fn aiven(a: &AivenService, p: &mut Problems) {
    let f = "platform.aiven";
    for u in &a.unmodelled {
        let field = if u.user_config {
            format!("{f}.user_config.{}", u.key)
        } else {
            format!("{f}.{}", u.key)
        };
        let mut value = u.value.clone();
        if let Some((i, _)) = value.char_indices().nth(60) {
            value.truncate(i);
            value.push('…');
        }
        if !config_key_ok(&u.key) {
            p.error(field, value, Rule::ConfigKey, CONFIG_KEY_RULE);
            continue;
        }
        p.warn(field, value, Rule::FieldNoEffect,
            "not modelled by the planner and no effect on backups to other regions: kept, and written back on export (Aiven checks it against the service's own schema)");
    }
    let st = a.service_type.trim();
    if !AIVEN_BTAR_SERVICE_TYPES.contains(&st) {
        p.error(format!("{f}.service_type"), format!("\"{st}\""), Rule::ServiceTypeSupported, format!(
            "backup to another region is supported for pg and mysql (and opensearch in newer docs), not '{st}'"
        ));
    } else if st == "opensearch" {
        p.warn(format!("{f}.service_type"), "\"opensearch\"", Rule::ServiceTypeSupported,
            "BTAR for opensearch appears only in newer Aiven docs; the simulator models it like pg without PITR");
    }
    if !aiven_service_name_ok(&a.service_name) {
        p.error(
            format!("{f}.service_name"),
            format!("\"{}\"", a.service_name),
            Rule::ServiceName,
            AIVEN_SERVICE_NAME_RULE,
        );
    }
    if !aiven_project_name_ok(&a.project) {
        p.error(
            format!("{f}.project"),
            format!("\"{}\"", a.project),
            Rule::ProjectName,
            AIVEN_PROJECT_NAME_RULE,
        );
    }
    if AivenPlanTier::from_plan(&a.plan).is_none() || !aiven_plan_ok(&a.plan) {
        p.error(format!("{f}.plan"), format!("\"{}\"", a.plan), Rule::PlanKnown,
            "the plan is a tier (hobbyist, startup, business or premium) and its size, lowercase letters, digits and dashes (e.g. business-8); its tier sets retention");
    }
    let primary = known_region(&a.cloud, &format!("{f}.cloud"), p);
    if a.additional_backup_regions.len() > 1 {
        p.error(
            format!("{f}.additional_backup_regions"),
            format!(
                "[{}]",
                a.additional_backup_regions
                    .iter()
                    .map(|r| format!("\"{r}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Rule::OneAdditionalRegion,
            format!(
                "Aiven takes at most one additional backup region; {} were given",
                a.additional_backup_regions.len()
            ),
        );
    }
    for (i, r) in a.additional_backup_regions.iter().enumerate() {
        let field = format!("{f}.additional_backup_regions[{i}]");
        if let Some(sec) = known_region(r, &field, p) {
            secondary_rules(primary, sec, &field, p);
        }
    }
    if a.backup_hour > 23 {
        p.error(
            format!("{f}.backup_hour"),
            a.backup_hour,
            Rule::TimeOfDay,
            "backup_hour is an hour of the day, 0–23",
        );
    }
    if a.backup_minute > 59 {
        p.error(
            format!("{f}.backup_minute"),
            a.backup_minute,
            Rule::TimeOfDay,
            "backup_minute is 0–59",
        );
    }
    if a.backup_interval_hours == 0 || a.backup_interval_hours > 168 {
        p.error(
            format!("{f}.backup_interval_hours"),
            a.backup_interval_hours,
            Rule::BackupInterval,
            "hours between base backups must be 1–168",
        );
    }
    if a.additional_backup_regions.is_empty() {
        p.warn(
            format!("{f}.additional_backup_regions"),
            "[]",
            Rule::BtarEnabled,
            "no additional backup region: backups stay in the service's region only",
        );
    }
}

/// A cold move for a resource type AWS keeps warm: a warning, as AWS
/// accepts the plan and ignores the setting.
fn no_cold_tier(l: &AwsLifecycle, field: &str, rule: &str, s: &Scenario, p: &mut Problems) {
    let t = s.workload.resource_type;
    if let Some(c) = l.move_to_cold_storage_after_days.filter(|c| *c > 0) {
        if !t.has_cold_tier() {
            p.warn(format!("{field}.MoveToColdStorageAfterDays"), c, Rule::ColdStorageUnsupported, format!(
                "rule {rule}: AWS Backup has no cold storage for {} (only EBS, EFS and DynamoDB here, per its feature-availability table) and ignores this setting: the points stay warm, billed at the warm price",
                t.label()
            ));
        }
    }
}

fn lifecycle_rules(l: &AwsLifecycle, field: &str, p: &mut Problems) {
    if let Some(d) = l.delete_after_days {
        if d < 1 {
            p.error(
                format!("{field}.DeleteAfterDays"),
                d,
                Rule::PositiveDays,
                "DeleteAfterDays must be at least 1",
            );
        }
    }
    if let Some(c) = l.move_to_cold_storage_after_days {
        if c < 1 {
            p.error(
                format!("{field}.MoveToColdStorageAfterDays"),
                c,
                Rule::PositiveDays,
                "MoveToColdStorageAfterDays must be at least 1",
            );
        }
    }
    if let (Some(c), Some(d)) = (l.move_to_cold_storage_after_days, l.delete_after_days) {
        if d < c.saturating_add(90) {
            p.error(format!("{field}.DeleteAfterDays"), d, Rule::ColdStorage90Days, format!(
                "cold storage keeps a recovery point at least 90 days: with MoveToColdStorageAfterDays = {c}, DeleteAfterDays must be at least {} (or drop the cold move)",
                c.saturating_add(90)
            ));
        }
    }
}

/// Aiven's rule for a service name (and so a fork's), as its API and
/// Terraform provider check it.
pub const AIVEN_SERVICE_NAME_RULE: &str =
    "a service name is 1–63 lowercase letters, digits and dashes, starting with a letter and not ending with a dash";
/// Aiven's rule for a project name (its Terraform provider's check).
pub const AIVEN_PROJECT_NAME_RULE: &str =
    "a project name is 1–63 letters, digits, dashes and underscores";
/// The rule for a `user_config` key (and a body's top-level key).
pub const CONFIG_KEY_RULE: &str =
    "a setting's name is letters, digits and underscores, starting with a letter or underscore, with dots between nested names (e.g. pg.max_connections), at most 128 characters: anything else is refused";

pub fn aiven_service_name_ok(name: &str) -> bool {
    (1..=63).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.ends_with('-')
}

pub fn aiven_project_name_ok(name: &str) -> bool {
    (1..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A plan name: a tier, then dash-separated sizes (`business-8`,
/// `premium-6x-16`).
pub fn aiven_plan_ok(plan: &str) -> bool {
    (1..=64).contains(&plan.len())
        && plan
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !plan.ends_with('-')
}

pub fn config_key_ok(key: &str) -> bool {
    key.len() <= 128
        && key.split('.').all(|part| {
            part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

fn is_rule_name(s: &str) -> bool {
    (1..=50).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A field an input may not know (see [`Scenario::unknowns`]), from its
/// path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// `platform.aws.plan.Rules[i].RuleName`, `.TargetBackupVaultName`,
    /// `.ScheduleExpression`.
    RuleName(usize),
    TargetVault(usize),
    Schedule(usize),
    /// `platform.aws.plan.Rules[i].CopyActions[j].DestinationBackupVaultArn`.
    CopyDestination(usize, usize),
    /// `platform.aws.vaults[k].name`.
    VaultName(usize),
}

impl Slot {
    fn parse(path: &str) -> Option<Slot> {
        let index = |t: &str, head: &str| -> Option<(usize, String)> {
            let rest = t.strip_prefix(head)?.strip_prefix('[')?;
            let (n, after) = rest.split_once(']')?;
            Some((n.parse().ok()?, after.to_string()))
        };
        if let Some((k, after)) = index(path, "platform.aws.vaults") {
            return (after == ".name").then_some(Slot::VaultName(k));
        }
        let (i, after) = index(path, "platform.aws.plan.Rules")?;
        match after.as_str() {
            ".RuleName" => Some(Slot::RuleName(i)),
            ".TargetBackupVaultName" => Some(Slot::TargetVault(i)),
            ".ScheduleExpression" => Some(Slot::Schedule(i)),
            other => {
                let (j, field) = index(other, ".CopyActions")?;
                (field == ".DestinationBackupVaultArn").then_some(Slot::CopyDestination(i, j))
            }
        }
    }

    /// The field's text in `s`.
    fn text(self, s: &Scenario) -> Option<&str> {
        let Platform::Aws(a) = &s.platform else {
            return None;
        };
        let rule = |i: usize| a.plan.rules.get(i);
        match self {
            Slot::RuleName(i) => rule(i).map(|r| r.rule_name.as_str()),
            Slot::TargetVault(i) => rule(i).map(|r| r.target_backup_vault_name.as_str()),
            Slot::Schedule(i) => rule(i)?.schedule_expression.as_deref(),
            Slot::CopyDestination(i, j) => rule(i)?
                .copy_actions
                .get(j)
                .map(|c| c.destination_backup_vault_arn.as_str()),
            Slot::VaultName(k) => a.vaults.get(k).map(|v| v.name.as_str()),
        }
    }
}

/// Why a vault name is refused: an unexpanded shell variable (`${VAULT}`,
/// `$VAULT`) is named as such, anything else gets the rule.
fn vault_name_rule(name: &str) -> String {
    let t = name.trim();
    let shell = t.starts_with('$')
        && t[1..]
            .trim_start_matches('{')
            .trim_end_matches('}')
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        && t.len() > 1;
    if shell {
        format!("'{t}' looks like an unexpanded shell variable: expand it (run the script's variable assignments, or envsubst) before importing, or write the vault's name")
    } else {
        "a vault name is 2–50 letters, digits, '-', '_' or '.'".to_string()
    }
}

fn is_vault_name(s: &str) -> bool {
    (2..=50).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Each unmodelled field of an imported plan, in its class.
fn unmodelled_fields(a: &AwsBackup, f: &str, p: &mut Problems) {
    use super::aws_fields::{classify, place_path, rejected_message, FieldClass};
    for u in &a.unmodelled {
        let path = place_path(&u.place);
        let sep = if path.is_empty() { "" } else { "." };
        let field = format!("{f}.plan.{path}{sep}{}", u.key);
        let mut value = u.value.clone();
        if let Some((i, _)) = value.char_indices().nth(60) {
            value.truncate(i);
            value.push('…');
        }
        match classify(&u.place, &u.key) {
            FieldClass::NoEffect => p.warn(field, value, Rule::FieldNoEffect,
                "AWS has this field and it does not change backups or copies: kept, and written back on export"),
            FieldClass::Approximated(how) => p.warn(field, value, Rule::FieldApproximated, format!(
                "AWS has this field and it changes behaviour; here approximated: {how}. Kept, and written back on export"
            )),
            FieldClass::Rejected(hint) => p.error(field, value, Rule::FieldRejected,
                rejected_message(&u.place, &u.key, hint)),
        }
    }
}

fn aws(a: &AwsBackup, s: &Scenario, p: &mut Problems) {
    let f = "platform.aws";
    unmodelled_fields(a, f, p);
    let primary = catalog::by_provider_id(Provider::Aws, &a.region);
    if primary.is_none() {
        let sugg = catalog::suggest(&format!("aws-{}", a.region));
        p.error(
            format!("{f}.region"),
            format!("\"{}\"", a.region),
            Rule::KnownRegion,
            format!(
                "'{}' is not an AWS region the planner knows{}",
                a.region,
                if sugg.is_empty() {
                    String::new()
                } else {
                    format!("; did you mean {}?", sugg.join(", "))
                }
            ),
        );
    }
    if a.account_id.len() != 12 || !a.account_id.chars().all(|c| c.is_ascii_digit()) {
        p.error(
            format!("{f}.account_id"),
            format!("\"{}\"", a.account_id),
            Rule::AccountId,
            "an AWS account id is 12 digits",
        );
    }
    let plan_name = &a.plan.backup_plan_name;
    if !is_rule_name(plan_name) {
        p.error(
            format!("{f}.plan.BackupPlanName"),
            format!("\"{plan_name}\""),
            Rule::PlanName,
            "BackupPlanName is 1–50 letters, digits, '-', '_' or '.'",
        );
    }
    if a.plan.rules.is_empty() {
        p.error(
            format!("{f}.plan.Rules"),
            "[]",
            Rule::RulesPresent,
            "a backup plan needs at least one rule",
        );
    }
    for (vi, v) in a.vaults.iter().enumerate() {
        if catalog::by_provider_id(Provider::Aws, &v.region).is_none() {
            p.error(
                format!("{f}.vaults[{vi}].region"),
                format!("\"{}\"", v.region),
                Rule::KnownRegion,
                format!("'{}' is not an AWS region the planner knows", v.region),
            );
        }
        if !is_vault_name(&v.name) {
            p.error(
                format!("{f}.vaults[{vi}].name"),
                format!("\"{}\"", v.name),
                Rule::VaultName,
                vault_name_rule(&v.name),
            );
        }
    }
    // Seen names: a plan has at most a few hundred rules (a list is
    // smaller code in the app than a hash set).
    let mut names: Vec<&str> = Vec::new();
    for (i, rule) in a.plan.rules.iter().enumerate() {
        let rf = format!("{f}.plan.Rules[{i}]");
        if !is_rule_name(&rule.rule_name) {
            p.error(
                format!("{rf}.RuleName"),
                format!("\"{}\"", rule.rule_name),
                Rule::RuleName,
                "RuleName is 1–50 letters, digits, '-', '_' or '.'",
            );
        } else if names.contains(&rule.rule_name.as_str()) {
            p.error(
                format!("{rf}.RuleName"),
                format!("\"{}\"", rule.rule_name),
                Rule::RuleNameUnique,
                "each rule of a plan needs its own RuleName",
            );
        } else {
            names.push(&rule.rule_name);
        }
        if !is_vault_name(&rule.target_backup_vault_name) {
            p.error(
                format!("{rf}.TargetBackupVaultName"),
                format!("\"{}\"", rule.target_backup_vault_name),
                Rule::VaultName,
                vault_name_rule(&rule.target_backup_vault_name),
            );
        } else if let Some(v) = a
            .vaults
            .iter()
            .find(|v| v.name == rule.target_backup_vault_name)
        {
            if v.region != a.region {
                p.error(format!("{rf}.TargetBackupVaultName"), format!("\"{}\"", v.name), Rule::TargetVaultRegion, format!(
                    "the target vault is in {} but the plan runs in {}: backups land in a vault of the plan's region",
                    v.region, a.region
                ));
            }
        }
        if rule.schedule_expression.is_none() {
            p.warn(format!("{rf}.ScheduleExpression"), "none", Rule::ScheduleDefault, format!(
                "no ScheduleExpression: AWS Backup runs the rule at its default, {AWS_DEFAULT_SCHEDULE} (daily at 05:00 UTC), and so does the simulator"
            ));
        }
        if let Some(zone) = &rule.schedule_expression_timezone {
            match super::tz::check(zone) {
                Ok(()) => {}
                Err(super::tz::TzError::Unknown) => p.error(format!("{rf}.ScheduleExpressionTimezone"), format!("\"{zone}\""), Rule::ScheduleTimezoneUnknown, format!(
                    "\"{zone}\" is not an IANA time zone name (such as America/New_York or Europe/Berlin): AWS Backup rejects the plan"
                )),
                Err(super::tz::TzError::Unavailable) => p.warn(format!("{rf}.ScheduleExpressionTimezone"), format!("\"{zone}\""), Rule::ScheduleTimezoneApproximated, format!(
                    "the schedule runs in {zone}, but this build has no time-zone data: the simulator runs it at the same clock times in UTC, off by {zone}'s offset (an approximation)"
                )),
            }
        }
        if rule.enable_continuous_backup == Some(true) {
            p.warn(format!("{rf}.EnableContinuousBackup"), "true", Rule::ContinuousBackupApproximated,
                "continuous backup gives point-in-time recovery in the source vault for up to 35 days, and the simulator lets a fork from the source region restore to 5 minutes before it; its cross-region copies are snapshots, so a fork from a DR region reaches only the last copied snapshot. Approximated: the continuous backup's own storage is billed as this rule's snapshots");
        }
        for (j, c) in rule.copy_actions.iter().enumerate() {
            if c.lifecycle == Some(AwsLifecycle::default()) {
                p.warn(format!("{rf}.CopyActions[{j}].Lifecycle"), "{}", Rule::CopyKeptForever,
                    "an empty Lifecycle keeps these copies forever: AWS never deletes them, and their storage grows every month");
            }
        }
        let expr = rule.effective_schedule();
        {
            match Cron::parse(expr) {
                Err(e) => p.error(format!("{rf}.ScheduleExpression"), format!("\"{expr}\""), Rule::CronSyntax, e.0),
                Ok(c) => match c.min_gap_minutes(s.simulation.start.date_naive(), 800) {
                    Some(g) if g < 60 => p.error(format!("{rf}.ScheduleExpression"), format!("\"{expr}\""), Rule::CronMinInterval, format!(
                        "AWS Backup runs jobs at least 60 minutes apart; this schedule runs two {g} minutes apart"
                    )),
                    None if c.next_after(s.simulation.start, s.simulation.days.min(MAX_DAYS)).is_none() => {
                        p.warn(format!("{rf}.ScheduleExpression"), format!("\"{expr}\""), Rule::CronFires,
                            "this schedule never fires during the simulated span")
                    }
                    _ => {}
                },
            }
        }
        if let Some(w) = rule.start_window_minutes {
            if w < 60 {
                p.error(
                    format!("{rf}.StartWindowMinutes"),
                    w,
                    Rule::StartWindowMin,
                    "StartWindowMinutes must be at least 60",
                );
            }
        }
        if let Some(c) = rule.completion_window_minutes {
            let start = rule.start_window_minutes.unwrap_or(480);
            if c < 60 {
                p.error(
                    format!("{rf}.CompletionWindowMinutes"),
                    c,
                    Rule::CompletionWindowMin,
                    "CompletionWindowMinutes must be at least 60",
                );
            } else if c < start {
                p.warn(format!("{rf}.CompletionWindowMinutes"), c, Rule::CompletionAfterStart, format!(
                    "the completion window ({c} min) is shorter than the start window ({start} min): a job started late may be cancelled before it finishes"
                ));
            }
        }
        if let Some(l) = &rule.lifecycle {
            lifecycle_rules(l, &format!("{rf}.Lifecycle"), p);
            no_cold_tier(l, &format!("{rf}.Lifecycle"), &rule.rule_name, s, p);
        }
        let mut dests: Vec<&str> = Vec::new();
        for (j, c) in rule.copy_actions.iter().enumerate() {
            let cf = format!("{rf}.CopyActions[{j}]");
            let arn_field = format!("{cf}.DestinationBackupVaultArn");
            match VaultArn::parse(&c.destination_backup_vault_arn) {
                None => p.error(&arn_field, format!("\"{}\"", c.destination_backup_vault_arn), Rule::VaultArn,
                    "expected arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME with a 12-digit account"),
                Some(arn) => {
                    if !is_vault_name(&arn.name) {
                        p.error(&arn_field, format!("\"{}\"", arn.name), Rule::VaultName, vault_name_rule(&arn.name));
                    }
                    if dests.contains(&c.destination_backup_vault_arn.as_str()) {
                        p.error(&arn_field, format!("\"{}\"", c.destination_backup_vault_arn), Rule::CopyDestinationUnique,
                            "this rule already copies to that vault");
                    } else {
                        dests.push(&c.destination_backup_vault_arn);
                    }
                    match catalog::by_provider_id(Provider::Aws, &arn.region) {
                        None => p.error(&arn_field, format!("\"{}\"", arn.region), Rule::KnownRegion,
                            format!("'{}' in the vault ARN is not an AWS region the planner knows", arn.region)),
                        // AWS allows a same-region copy to another account:
                        // it guards against losing the account, not the region.
                        Some(_) if arn.region == a.region && arn.account != a.account_id => p.warn(&arn_field, format!("\"{}\"", c.destination_backup_vault_arn), Rule::CopySameRegionOtherAccount,
                            format!("a copy to account {} in the plan's own region ({}): AWS allows it, and it protects against losing the account, not the region; it is no cross-region copy", arn.account, a.region)),
                        Some(_) if arn.region == a.region => p.error(&arn_field, format!("\"{}\"", c.destination_backup_vault_arn), Rule::CopyOtherRegion,
                            format!("the destination vault is in the plan's own region ({}) and account: a copy needs a vault in another region (or another account)", a.region)),
                        Some(_) => {}
                    }
                    // A vault's access policy governs copies from other
                    // accounts; a same-account copy needs none.
                    let same_account = arn.account == a.account_id;
                    match a.vaults.iter().find(|v| v.name == arn.name && v.region == arn.region) {
                        Some(v) if v.access_policy == VaultPolicy::Missing && same_account => p.warn(&arn_field, format!("\"{}\"", arn.name), Rule::VaultPolicy, format!(
                            "the vault {} in {} has an access policy that does not allow (or denies) backup:CopyIntoBackupVault: copies from this account do not need it, but copies from another account into this vault would fail",
                            arn.name, arn.region
                        )),
                        Some(v) if v.access_policy == VaultPolicy::Missing => p.error(&arn_field, format!("\"{}\"", arn.name), Rule::VaultPolicy, format!(
                            "the vault {} in {} (account {}) has no access policy allowing backup:CopyIntoBackupVault from account {}, or one that denies it; copies from another account into it fail",
                            arn.name, arn.region, arn.account, a.account_id
                        )),
                        Some(v) if v.access_policy == VaultPolicy::AllowsCopy => {}
                        _ if same_account => {}
                        _ => p.warn(&arn_field, format!("\"{}\"", arn.name), Rule::VaultPolicy, format!(
                            "a copy into account {}: make sure the vault {} in {} has an access policy allowing backup:CopyIntoBackupVault from account {}",
                            arn.account, arn.name, arn.region, a.account_id
                        )),
                    }
                }
            }
            let effective = c.lifecycle.as_ref().or(rule.lifecycle.as_ref());
            if let Some(l) = &c.lifecycle {
                lifecycle_rules(l, &format!("{cf}.Lifecycle"), p);
                no_cold_tier(l, &format!("{cf}.Lifecycle"), &rule.rule_name, s, p);
            } else if effective.is_none() {
                p.warn(format!("{cf}.Lifecycle"), "none", Rule::LifecyclePresent,
                    "no lifecycle on the copy or its rule: copies are kept forever and storage grows without bound");
            }
        }
    }
}

fn zilliz(z: &ZillizCluster, s: &Scenario, p: &mut Problems) {
    let f = "platform.zilliz";
    if z.tier != ZillizTier::Dedicated {
        p.error(
            format!("{f}.tier"),
            format!("{:?}", z.tier).to_ascii_lowercase(),
            Rule::ZillizDedicated,
            "cross-region backup is available only to Dedicated clusters",
        );
    }
    if z.role == ZillizRole::ProjectMember {
        p.error(format!("{f}.role"), "project_member", Rule::ZillizRole,
            "only a project admin, an organization owner or a custom role with backup privileges may set up cross-region backup");
    }
    let primary = known_region(&z.region, &format!("{f}.region"), p);
    if let Some(pr) = primary {
        if pr.provider == Provider::Azure {
            p.error(
                format!("{f}.region"),
                format!("\"{}\"", z.region),
                Rule::ZillizNotAzure,
                "clusters on Azure do not support cross-region backup",
            );
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, t) in z.targets.iter().enumerate() {
        let tf = format!("{f}.targets[{i}]");
        if let Some(sec) = known_region(&t.region, &format!("{tf}.region"), p) {
            secondary_rules(primary, sec, &format!("{tf}.region"), p);
            if seen.contains(&sec.cloud) {
                p.error(
                    format!("{tf}.region"),
                    format!("\"{}\"", t.region),
                    Rule::TargetUnique,
                    "this region is already a target",
                );
            } else {
                seen.push(sec.cloud);
            }
        }
        match (&z.backups, t.retention_days) {
            (ZillizBackups::Scheduled { .. }, None) => p.error(
                format!("{tf}.retention_days"),
                "none",
                Rule::ZillizRetentionPerRegion,
                "copies of scheduled backups need a retention period for each target region",
            ),
            (ZillizBackups::Scheduled { .. }, Some(0)) => p.error(
                format!("{tf}.retention_days"),
                0,
                Rule::PositiveDays,
                "retention must be at least 1 day",
            ),
            (ZillizBackups::Manual { .. }, Some(d)) => p.warn(
                format!("{tf}.retention_days"),
                d,
                Rule::ZillizManualPermanent,
                "copies of manual backups are kept permanently; this retention is ignored",
            ),
            _ => {}
        }
    }
    match &z.backups {
        ZillizBackups::Scheduled {
            interval_hours,
            hour,
            retention_days,
            weekdays,
        } => {
            if let Some(d) = weekdays.iter().find(|d| !(1..=7).contains(*d)) {
                p.error(
                    format!("{f}.backups.scheduled.weekdays"),
                    d,
                    Rule::Weekdays,
                    "weekdays are 1 (Monday) to 7 (Sunday)",
                );
            }
            if *interval_hours == 0 || *interval_hours > 168 {
                p.error(
                    format!("{f}.backups.scheduled.interval_hours"),
                    interval_hours,
                    Rule::BackupInterval,
                    "hours between backups must be 1–168",
                );
            }
            if *hour > 23 {
                p.error(
                    format!("{f}.backups.scheduled.hour"),
                    hour,
                    Rule::TimeOfDay,
                    "hour is 0–23",
                );
            }
            if *retention_days == 0 {
                p.error(
                    format!("{f}.backups.scheduled.retention_days"),
                    0,
                    Rule::PositiveDays,
                    "retention must be at least 1 day",
                );
            }
        }
        ZillizBackups::Manual { at } => {
            let (start, end) = (s.simulation.start, s.simulation.end());
            for (i, t) in at.iter().enumerate() {
                if *t < start || *t > end {
                    p.error(
                        format!("{f}.backups.manual.at[{i}]"),
                        t.to_rfc3339(),
                        Rule::InsideSpan,
                        format!(
                            "a manual backup must fall inside the simulated span {} – {}",
                            start.to_rfc3339(),
                            end.to_rfc3339()
                        ),
                    );
                }
            }
            if at.is_empty() {
                p.warn(
                    format!("{f}.backups.manual.at"),
                    "[]",
                    Rule::BackupsPresent,
                    "no manual backup is taken, so nothing is copied",
                );
            }
        }
    }
    if z.targets.is_empty() {
        p.warn(
            format!("{f}.targets"),
            "[]",
            Rule::BtarEnabled,
            "no target region: cross-region backup is off",
        );
    }
}

fn number(v: f64, lo: f64, hi: f64, field: &str, rule: Rule, what: &str, p: &mut Problems) {
    if !v.is_finite() || v < lo || v > hi {
        p.error(
            field,
            v,
            rule,
            format!("{what} must be a number from {lo} to {hi}"),
        );
    }
}

fn workload_and_link(s: &Scenario, p: &mut Problems) {
    let w = &s.workload;
    if !w.data_gb.is_finite() || w.data_gb <= 0.0 || w.data_gb > MAX_DATA_GB {
        p.error(
            "workload.data_gb",
            w.data_gb,
            Rule::DataSize,
            format!("the data size must be more than 0 and at most {MAX_DATA_GB} GB"),
        );
    }
    number(
        w.write_gb_per_day,
        0.0,
        1_000_000.0,
        "workload.write_gb_per_day",
        Rule::WriteRate,
        "the write rate (GB/day)",
        p,
    );
    number(
        w.growth_pct_per_month,
        -50.0,
        100.0,
        "workload.growth_pct_per_month",
        Rule::Growth,
        "monthly growth (%)",
        p,
    );
    let l = &s.link;
    number(
        l.bandwidth_mbps,
        0.1,
        1_000_000.0,
        "link.bandwidth_mbps",
        Rule::Bandwidth,
        "the link bandwidth (Mbit/s)",
        p,
    );
    if let Some(r) = l.rtt_ms {
        number(
            r,
            0.0,
            2000.0,
            "link.rtt_ms",
            Rule::Rtt,
            "the round-trip time (ms)",
            p,
        );
    }
    number(
        l.backup_throughput_mbps,
        0.1,
        1_000_000.0,
        "link.backup_throughput_mbps",
        Rule::Throughput,
        "the backup throughput (Mbit/s)",
        p,
    );
    number(
        l.restore_throughput_mbps,
        0.1,
        1_000_000.0,
        "link.restore_throughput_mbps",
        Rule::Throughput,
        "the restore throughput (Mbit/s)",
        p,
    );
    if !l.copy_failure_rate.is_finite() || !(0.0..1.0).contains(&l.copy_failure_rate) {
        p.error(
            "link.copy_failure_rate",
            l.copy_failure_rate,
            Rule::FailureRate,
            "the copy failure rate is a probability from 0 up to (not including) 1",
        );
    }
    if l.max_attempts == 0 || l.max_attempts > 100 {
        p.error(
            "link.max_attempts",
            l.max_attempts,
            Rule::Attempts,
            "attempts per copy must be 1–100",
        );
    }
    if l.retry_delay_minutes > 10_080 {
        p.error(
            "link.retry_delay_minutes",
            l.retry_delay_minutes,
            Rule::RetryDelay,
            "the retry delay must be at most 10080 minutes (a week)",
        );
    }
    if s.simulation.days == 0 || s.simulation.days > MAX_DAYS {
        p.error(
            "simulation.days",
            s.simulation.days,
            Rule::Span,
            format!("the simulated span must be 1–{MAX_DAYS} days"),
        );
    }
    let year = s.simulation.start.year();
    if !(MIN_START_YEAR..=MAX_START_YEAR).contains(&year) {
        p.error(
            "simulation.start",
            s.simulation.start.to_rfc3339(),
            Rule::SpanStart,
            format!("the simulation starts in a year from {MIN_START_YEAR} to {MAX_START_YEAR}"),
        );
    }
    // One full backup or copy longer than the whole span: nothing would
    // complete, which the results would otherwise only show as silence.
    let span_s = f64::from(s.simulation.days) * 86_400.0;
    let full_gb = s.workload.data_gb;
    for (field, mbps, what) in [
        (
            "link.backup_throughput_mbps",
            l.backup_throughput_mbps,
            "backup",
        ),
        ("link.bandwidth_mbps", l.bandwidth_mbps, "copy"),
    ] {
        let secs = full_gb * 8000.0 / mbps;
        if mbps > 0.0 && secs.is_finite() && secs > span_s && span_s > 0.0 {
            p.warn(
                field,
                mbps,
                Rule::JobOutlastsSpan,
                format!(
                    "one full {what} of {full_gb} GB at {mbps} Mbit/s takes {:.0} days, longer than the {} simulated days: none will complete",
                    secs / 86_400.0,
                    s.simulation.days
                ),
            );
        }
    }
}

/// The most fitted routes a scenario holds (every pair of a plan's regions
/// is far fewer).
pub const MAX_ROUTES: usize = 200;

/// Fitted route figures: known regions, a setup of 0 to a day, a positive
/// throughput, a failure probability below 1.
fn calibration(s: &Scenario, p: &mut Problems) {
    let routes = &s.calibration.routes;
    if routes.len() > MAX_ROUTES {
        p.error(
            "calibration.routes",
            routes.len(),
            Rule::EventsCount,
            format!("at most {MAX_ROUTES} fitted routes"),
        );
        return;
    }
    for (i, r) in routes.iter().enumerate() {
        for (end, name) in [("from", &r.from), ("to", &r.to)] {
            if catalog::region(name).is_none() {
                p.error(
                    format!("calibration.routes[{i}].{end}"),
                    name.as_str(),
                    Rule::KnownRegion,
                    "a fitted route names catalog regions (aws-us-east-1)",
                );
            }
        }
        number(
            r.setup_s,
            0.0,
            86_400.0,
            &format!("calibration.routes[{i}].setup_s"),
            Rule::Rtt,
            "a route's setup time (s)",
            p,
        );
        number(
            r.bandwidth_mbps,
            0.1,
            1_000_000.0,
            &format!("calibration.routes[{i}].bandwidth_mbps"),
            Rule::Bandwidth,
            "a route's throughput (Mbit/s)",
            p,
        );
        if let Some(f) = r.copy_failure_rate {
            if !f.is_finite() || !(0.0..1.0).contains(&f) {
                p.error(
                    format!("calibration.routes[{i}].copy_failure_rate"),
                    f,
                    Rule::FailureRate,
                    "a route's copy failure rate is a probability from 0 up to (not including) 1",
                );
            }
        }
    }
}

/// The most timeline events a scenario holds: a rehearsal is a handful;
/// each is checked, drawn and simulated on every edit.
pub const MAX_EVENTS: usize = 500;

fn events(s: &Scenario, p: &mut Problems) {
    if s.events.len() > MAX_EVENTS {
        p.error(
            "events",
            format!("{} events", s.events.len()),
            Rule::EventsCount,
            format!(
                "a timeline holds at most {MAX_EVENTS} events; this one has {}: keep the ones the rehearsal needs (the rest are not checked or simulated)",
                s.events.len()
            ),
        );
        return;
    }
    let (start, end) = (s.simulation.start, s.simulation.end());
    let primary = s.primary_region();
    let mut secondaries = s.secondary_regions();
    let mut last_change: Option<chrono::DateTime<chrono::Utc>> = None;
    let mut prev: Option<chrono::DateTime<chrono::Utc>> = None;
    let is_aiven = matches!(s.platform, Platform::Aiven(_));
    for (i, e) in s.events.iter().enumerate() {
        let ef = format!("events[{i}]");
        let at = e.at();
        if at < start || at > end {
            p.error(
                format!("{ef}.at"),
                at.to_rfc3339(),
                Rule::InsideSpan,
                format!(
                    "the {} event must fall inside the simulated span {} – {}",
                    e.kind(),
                    start.to_rfc3339(),
                    end.to_rfc3339()
                ),
            );
        }
        if let Some(pv) = prev {
            if at < pv {
                p.error(
                    format!("{ef}.at"),
                    at.to_rfc3339(),
                    Rule::EventsOrdered,
                    format!(
                        "events must be in time order: this one is before the previous one ({})",
                        pv.to_rfc3339()
                    ),
                );
            }
        }
        prev = Some(at);
        match e {
            TimelineEvent::Outage { region, hours, .. } => {
                known_region(region, &format!("{ef}.region"), p);
                if !hours.is_finite() || *hours <= 0.0 || *hours > f64::from(MAX_DAYS) * 24.0 {
                    p.error(
                        format!("{ef}.hours"),
                        hours,
                        Rule::OutageDuration,
                        "an outage lasts more than 0 hours and at most the simulated span",
                    );
                }
            }
            TimelineEvent::Fork {
                from_region,
                point_in_time,
                name,
                ..
            } => {
                if let Some(r) = from_region {
                    if let Some(reg) = known_region(r, &format!("{ef}.from_region"), p) {
                        // AWS continuous backup restores from the source vault.
                        let continuous_source = matches!(&s.platform, Platform::Aws(a)
                            if a.plan.rules.iter().any(|r| r.enable_continuous_backup == Some(true)))
                            && s.primary_region().is_some_and(|p| p.cloud == reg.cloud);
                        if !continuous_source && !secondaries.iter().any(|s| s == reg.cloud) {
                            p.warn(format!("{ef}.from_region"), format!("\"{r}\""), Rule::ForkFromSecondary,
                                "this region is not a secondary backup location at that time: the fork will find no backups there");
                        }
                    }
                }
                if let Some(t) = point_in_time {
                    if *t > at {
                        p.error(
                            format!("{ef}.point_in_time"),
                            t.to_rfc3339(),
                            Rule::PitrNotFuture,
                            "the point in time must not be after the moment the fork is made",
                        );
                    }
                    if *t < start {
                        p.error(
                            format!("{ef}.point_in_time"),
                            t.to_rfc3339(),
                            Rule::InsideSpan,
                            "the point in time must not be before the simulated span starts",
                        );
                    }
                }
                if let Some(n) = name {
                    if matches!(s.platform, Platform::Aiven(_)) {
                        if !aiven_service_name_ok(n) {
                            p.error(
                                format!("{ef}.name"),
                                format!("\"{n}\""),
                                Rule::ServiceName,
                                format!(
                                    "the fork is a new Aiven service: {AIVEN_SERVICE_NAME_RULE}"
                                ),
                            );
                        }
                    } else if n.trim().is_empty() || n.len() > 63 {
                        p.error(
                            format!("{ef}.name"),
                            format!("\"{n}\""),
                            Rule::ServiceName,
                            "a fork name is 1–63 characters",
                        );
                    }
                }
            }
            TimelineEvent::ChangeBackupRegion { to, from, .. } => {
                if let Some(reg) = known_region(to, &format!("{ef}.to"), p) {
                    secondary_rules(primary, reg, &format!("{ef}.to"), p);
                    if let Some(fr) = from {
                        let fr = super::scenario::canonical(fr);
                        if !secondaries.contains(&fr) {
                            p.error(
                                format!("{ef}.from"),
                                format!("\"{fr}\""),
                                Rule::ChangeFromSecondary,
                                "this region is not a secondary backup location at that time",
                            );
                        }
                        secondaries.retain(|s| *s != fr);
                    } else if is_aiven {
                        secondaries.clear();
                    } else if secondaries.len() > 1 {
                        p.error(format!("{ef}.from"), "none", Rule::ChangeFromSecondary,
                            "there are several secondary regions: say which one is replaced in 'from'");
                    } else {
                        secondaries.clear();
                    }
                    secondaries.push(reg.cloud.to_string());
                }
                if is_aiven {
                    if let Some(lc) = last_change {
                        if at - lc < Duration::hours(24) {
                            p.error(format!("{ef}.at"), at.to_rfc3339(), Rule::RegionChange24h, format!(
                                "the backup region can be changed once in 24 hours; the previous change was at {}, so the next is allowed from {}",
                                lc.to_rfc3339(),
                                crate::domain::clock::add_hours(lc, 24).to_rfc3339()
                            ));
                        }
                    }
                }
                last_change = Some(at);
            }
            TimelineEvent::Migrate { to, .. } => {
                known_region(to, &format!("{ef}.to"), p);
            }
            TimelineEvent::DisableBtar { .. } => {}
            TimelineEvent::EnableBtar { region, .. } => {
                if let Some(r) = region {
                    if let Some(reg) = known_region(r, &format!("{ef}.region"), p) {
                        secondary_rules(primary, reg, &format!("{ef}.region"), p);
                        // Backups go there from now on: a later fork finds
                        // them (Aiven keeps one backup region at a time).
                        if is_aiven {
                            secondaries.clear();
                        }
                        if !secondaries.iter().any(|s| s == reg.cloud) {
                            secondaries.push(reg.cloud.to_string());
                        }
                    }
                }
            }
        }
    }
}

fn prices(s: &Scenario, p: &mut Problems) {
    for (name, o) in &s.prices.regions {
        let f = format!("prices.regions.{name}");
        known_region(name, &f, p);
        for (k, v) in [
            ("storage_hot_gb_month", o.storage_hot_gb_month),
            ("storage_cold_gb_month", o.storage_cold_gb_month),
            ("transfer_same_continent_gb", o.transfer_same_continent_gb),
            ("transfer_other_continent_gb", o.transfer_other_continent_gb),
        ] {
            if let Some(v) = v {
                number(
                    v,
                    0.0,
                    1000.0,
                    &format!("{f}.{k}"),
                    Rule::Price,
                    "a price (USD)",
                    p,
                );
            }
        }
    }
    if let Some(v) = s.prices.aiven_btar_surcharge_gb_month {
        number(
            v,
            0.0,
            1000.0,
            "prices.aiven_btar_surcharge_gb_month",
            Rule::Price,
            "a price (USD)",
            p,
        );
    }
}
