//! The scenario: one versioned document holding the service and its backup
//! policy on one platform, the workload, the link assumptions, the simulated
//! span with its seed, the timeline events and any price overrides.
//! Its JSON shape is documented in `docs/scenario.md`.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::catalog::{self, Provider, Region};

/// The scenario format version this build reads and writes.
pub const SCENARIO_VERSION: u32 = 1;

/// A whole plan: what is backed up, where to, and what happens to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub version: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub platform: Platform,
    pub workload: Workload,
    #[serde(default)]
    pub link: LinkAssumptions,
    pub simulation: SimulationSpan,
    #[serde(default)]
    pub events: Vec<TimelineEvent>,
    #[serde(default, skip_serializing_if = "PriceOverrides::is_empty")]
    pub prices: PriceOverrides,
    /// What the plan must achieve; each objective is optional.
    #[serde(default, skip_serializing_if = "Objectives::is_empty")]
    pub objectives: Objectives,
    /// Fields the input did not know (a Terraform value known only after
    /// apply, a variable with no value): each holds a stand-in, named here
    /// with the expression it stands for, so validation says what it could
    /// not check instead of judging the stand-in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknowns: Vec<Unknown>,
    /// Figures fitted from the clouds' own job history (`btar calibrate`,
    /// "Use these figures"), each with what it rests on.
    #[serde(default, skip_serializing_if = "Calibration::is_empty")]
    pub calibration: Calibration,
}

/// Figures fitted from observed jobs. A route's figures replace the
/// link-wide ones (`link.bandwidth_mbps`, the setup from the round trip,
/// `link.copy_failure_rate`) for copies on that route.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Calibration {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<RouteFigures>,
    /// What `link.backup_throughput_mbps` was fitted from ("rule daily:
    /// fitted from 30 backup jobs …"), when a fit set it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup_throughput_source: Option<String>,
    /// What `workload.write_gb_per_day` was fitted from, when a fit set it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub write_gb_per_day_source: Option<String>,
}

impl Calibration {
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
            && self.backup_throughput_source.is_none()
            && self.write_gb_per_day_source.is_none()
    }

    /// The figures of the route `from` → `to` (catalog region names).
    pub fn route(&self, from: &str, to: &str) -> Option<&RouteFigures> {
        self.routes.iter().find(|r| r.from == from && r.to == to)
    }
}

/// A copy route's own figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteFigures {
    /// Source region, as the catalog names it (`aws-us-east-1`).
    pub from: String,
    /// Destination region.
    pub to: String,
    /// Seconds every copy on the route spends before data moves.
    pub setup_s: f64,
    /// Throughput of a copy on the route, Mbit/s.
    pub bandwidth_mbps: f64,
    /// Probability that one copy attempt on the route fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_failure_rate: Option<f64>,
    /// What the figures rest on ("fitted from 240 copy jobs, 2026-10-01 to
    /// 2026-11-29").
    #[serde(default)]
    pub source: String,
}

/// A field whose value the input did not know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unknown {
    /// The scenario field (`platform.aws.plan.Rules[0].TargetBackupVaultName`).
    pub field: String,
    /// What the input wrote there (`data.aws_backup_vault.dr.name`).
    pub expression: String,
    /// The value the field holds meanwhile, for the simulation.
    pub stand_in: String,
}

/// Recovery objectives for the loss of the service's region, in the terms
/// AWS Resilience Hub's policies use, plus a budget.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Objectives {
    /// Recovery point objective: the most data (seconds of writes) a loss
    /// of the service's region may lose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpo_s: Option<i64>,
    /// Recovery time objective: the longest from the loss to a running
    /// service restored in another region, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rto_s: Option<i64>,
    /// The most the cross-region part may cost in a steady month, in USD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_budget_usd: Option<f64>,
    /// The tolerated probability that a region loss breaches the RPO or the
    /// RTO (judged by `btar risk`), 0–1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breach_probability: Option<f64>,
    /// What the cheapest plans may change; `None`: [`Levers::DEFAULT`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub may_change: Option<Levers>,
}

impl Objectives {
    pub fn is_empty(&self) -> bool {
        *self == Objectives::default()
    }

    /// What the cheapest plans may change.
    pub fn levers(&self) -> Levers {
        self.may_change.unwrap_or(Levers::DEFAULT)
    }
}

/// One thing about a plan that the cheapest plans (the frontier) may
/// change, when the user allows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lever {
    /// How often backups run (a rule's schedule, Aiven's base backup
    /// interval).
    Schedule,
    /// Which regions the copies go to.
    Regions,
    /// How long the copies are kept.
    Retention,
    /// Moving copies to cold storage.
    ColdStorage,
    /// AWS continuous backup (point-in-time recovery) on or off.
    ContinuousBackup,
    /// Aiven's service plan tier.
    PlanTier,
}

impl Lever {
    pub const ALL: [Lever; 6] = [
        Lever::Schedule,
        Lever::Regions,
        Lever::Retention,
        Lever::ColdStorage,
        Lever::ContinuousBackup,
        Lever::PlanTier,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Lever::Schedule => "schedule",
            Lever::Regions => "regions",
            Lever::Retention => "retention",
            Lever::ColdStorage => "cold_storage",
            Lever::ContinuousBackup => "continuous_backup",
            Lever::PlanTier => "plan_tier",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Lever::Schedule => "how often backups run",
            Lever::Regions => "which regions copies go to",
            Lever::Retention => "how long copies are kept",
            Lever::ColdStorage => "cold storage for copies",
            Lever::ContinuousBackup => "continuous backup (AWS)",
            Lever::PlanTier => "the service plan tier (Aiven)",
        }
    }

    /// A lever by its id, or by its short name (`cold`, `tier`,
    /// `continuous`, `pitr`, `region`).
    pub fn parse(text: &str) -> Option<Lever> {
        let t = text.trim().to_ascii_lowercase().replace('-', "_");
        let short = match t.as_str() {
            "cold" => Some(Lever::ColdStorage),
            "tier" => Some(Lever::PlanTier),
            "continuous" | "pitr" => Some(Lever::ContinuousBackup),
            "region" => Some(Lever::Regions),
            _ => None,
        };
        short.or_else(|| Lever::ALL.into_iter().find(|l| l.id() == t))
    }

    const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// A set of [`Lever`]s (in a scenario file: a list of their ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Levers(u8);

impl Levers {
    /// What the cheapest plans may change unless the user says otherwise:
    /// how often backups run, cold storage and continuous backup. Where the
    /// copies go, how long they are kept and the plan tier are the user's
    /// (residency, retention rules, contracts) until allowed.
    pub const DEFAULT: Levers =
        Levers(Lever::Schedule.bit() | Lever::ColdStorage.bit() | Lever::ContinuousBackup.bit());
    pub const NONE: Levers = Levers(0);
    pub const ALL: Levers = Levers((1 << Lever::ALL.len()) - 1);

    pub fn contains(self, l: Lever) -> bool {
        self.0 & l.bit() != 0
    }

    pub fn with(self, l: Lever, on: bool) -> Levers {
        if on {
            Levers(self.0 | l.bit())
        } else {
            Levers(self.0 & !l.bit())
        }
    }

    pub fn iter(self) -> impl Iterator<Item = Lever> {
        Lever::ALL.into_iter().filter(move |l| self.contains(*l))
    }

    /// `schedule,retention` (or `all`, `none`); an unknown name is an
    /// error naming it and the names there are.
    pub fn parse(text: &str) -> Result<Levers, String> {
        match text.trim() {
            "all" => return Ok(Levers::ALL),
            "none" | "" => return Ok(Levers::NONE),
            _ => {}
        }
        text.split(',').try_fold(Levers::NONE, |set, name| {
            Lever::parse(name)
                .map(|l| set.with(l, true))
                .ok_or_else(|| {
                    format!(
                        "'{}' is not a lever: use {} (or all, none)",
                        name.trim(),
                        Lever::ALL.map(Lever::id).join(", ")
                    )
                })
        })
    }
}

impl Serialize for Levers {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Levers {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Levers, D::Error> {
        let list = Vec::<Lever>::deserialize(d)?;
        Ok(list.into_iter().fold(Levers::NONE, |s, l| s.with(l, true)))
    }
}

/// The platform and its own settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Aiven(AivenService),
    Aws(AwsBackup),
    Zilliz(ZillizCluster),
}

impl Platform {
    pub fn label(&self) -> &'static str {
        match self {
            Platform::Aiven(_) => "Aiven BTAR",
            Platform::Aws(_) => "AWS Backup",
            Platform::Zilliz(_) => "Zilliz Cloud",
        }
    }
}

/// An Aiven for PostgreSQL or MySQL service with backup to another region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AivenService {
    #[serde(default = "default_project")]
    pub project: String,
    pub service_name: String,
    /// `pg`, `mysql`; others are kept as typed so validation can name them.
    pub service_type: String,
    /// Aiven plan name, e.g. `business-8`; its prefix sets retention.
    pub plan: String,
    /// Aiven cloud name of the service, e.g. `aws-eu-west-1`.
    pub cloud: String,
    /// The `user_config` key; at most one entry.
    #[serde(default)]
    pub additional_backup_regions: Vec<String>,
    /// Scheduled base backup time of day (UTC).
    #[serde(default = "default_backup_hour")]
    pub backup_hour: u8,
    #[serde(default)]
    pub backup_minute: u8,
    /// Hours between base backups.
    #[serde(default = "default_backup_interval")]
    pub backup_interval_hours: u32,
    /// Fields of an imported body or command the planner does not model,
    /// kept so the exports write them back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmodelled: Vec<AivenField>,
}

/// One field of an Aiven body the planner does not model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AivenField {
    /// In `user_config` (else at the body's top level).
    #[serde(default)]
    pub user_config: bool,
    pub key: String,
    /// Its value as JSON text.
    pub value: String,
}

impl AivenService {
    /// A PostgreSQL business plan in AWS Ireland without BTAR, the base an
    /// imported body or command is applied to.
    pub fn blank() -> AivenService {
        AivenService {
            project: default_project(),
            service_name: "pg-main".into(),
            service_type: "pg".into(),
            plan: "business-8".into(),
            cloud: "aws-eu-west-1".into(),
            additional_backup_regions: Vec::new(),
            backup_hour: default_backup_hour(),
            backup_minute: 0,
            backup_interval_hours: default_backup_interval(),
            unmodelled: Vec::new(),
        }
    }

    pub fn tier(&self) -> Option<AivenPlanTier> {
        AivenPlanTier::from_plan(&self.plan)
    }
}

fn default_project() -> String {
    "my-project".to_string()
}
fn default_backup_hour() -> u8 {
    3
}
fn default_backup_interval() -> u32 {
    24
}

/// Aiven plan tiers, which set backup retention and PITR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AivenPlanTier {
    Hobbyist,
    Startup,
    Business,
    Premium,
}

/// How long backups are kept at one location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Retention {
    /// Keep the newest N backups.
    Count(u32),
    /// Keep backups for N days.
    Days(u32),
    /// Never expire (Zilliz copies of manual backups).
    Forever,
}

impl AivenPlanTier {
    /// The tier's name as plan names begin with it.
    pub fn name(self) -> &'static str {
        match self {
            AivenPlanTier::Hobbyist => "hobbyist",
            AivenPlanTier::Startup => "startup",
            AivenPlanTier::Business => "business",
            AivenPlanTier::Premium => "premium",
        }
    }

    /// The tier from a plan name such as `business-8` or `premium-6x-16`.
    pub fn from_plan(plan: &str) -> Option<AivenPlanTier> {
        let prefix = plan.trim().split('-').next().unwrap_or("");
        match prefix.to_ascii_lowercase().as_str() {
            "hobbyist" => Some(AivenPlanTier::Hobbyist),
            "startup" => Some(AivenPlanTier::Startup),
            "business" => Some(AivenPlanTier::Business),
            "premium" => Some(AivenPlanTier::Premium),
            _ => None,
        }
    }

    /// Backup retention of the tier.
    pub fn retention(self) -> Retention {
        match self {
            AivenPlanTier::Hobbyist => Retention::Count(1),
            AivenPlanTier::Startup => Retention::Days(2),
            AivenPlanTier::Business => Retention::Days(14),
            AivenPlanTier::Premium => Retention::Days(30),
        }
    }

    /// Point-in-time recovery within the retention window.
    pub fn has_pitr(self) -> bool {
        !matches!(self, AivenPlanTier::Hobbyist)
    }
}

/// An AWS Backup plan, its primary region and what is known of its vaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AwsBackup {
    /// The region the plan runs in (AWS id, e.g. `us-east-1`).
    pub region: String,
    #[serde(default = "default_account")]
    pub account_id: String,
    /// The plan exactly as `aws backup create-backup-plan --backup-plan` takes it.
    pub plan: AwsBackupPlan,
    /// Facts about the vaults the plan names (keys, access policies).
    #[serde(default)]
    pub vaults: Vec<AwsVault>,
    /// Fields of the imported plan the planner does not model, kept so an
    /// export writes them back (see `domain::aws_fields`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmodelled: Vec<UnmodelledField>,
}

/// One field of an imported AWS plan the planner does not model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnmodelledField {
    pub place: FieldPlace,
    /// The field's name as it was written.
    pub key: String,
    /// Its value as JSON text, written back unchanged (text, so the app's
    /// scenario reader needs no JSON-value reader of its own).
    pub value: String,
}

/// Where in a backup plan an unmodelled field sits. Rules are named by
/// `RuleName` and copy actions by their destination ARN, so the field
/// follows its rule through edits and goes when its rule goes.
///
/// Written by serde's derive (an externally tagged enum: `"plan"`, or
/// `{"copy_action": {"rule": …, "arn": …}}`); read by [`place_de`], which
/// reads the same forms with one reader for the four kinds with fields
/// (serde's derive makes one per kind, in every module that reads a plan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldPlace {
    Plan,
    Rule { rule: String },
    RuleLifecycle { rule: String },
    CopyAction { rule: String, arn: String },
    CopyLifecycle { rule: String, arn: String },
}

impl<'de> Deserialize<'de> for FieldPlace {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_enum("FieldPlace", place_de::KINDS, place_de::PlaceVisitor)
    }
}

/// The reader of [`FieldPlace`].
mod place_de {
    use super::FieldPlace;
    use serde::de::{self, EnumAccess, Error, MapAccess, SeqAccess, VariantAccess, Visitor};
    use std::fmt;

    pub const KINDS: &[&str] = &[
        "plan",
        "rule",
        "rule_lifecycle",
        "copy_action",
        "copy_lifecycle",
    ];
    const RULE: &[&str] = &["rule"];
    const RULE_ARN: &[&str] = &["rule", "arn"];

    /// A kind, by name (text formats) or by index (postcard).
    struct Kind(usize);

    impl<'de> de::Deserialize<'de> for Kind {
        fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl Visitor<'_> for V {
                type Value = Kind;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("a field place kind")
                }
                fn visit_u64<E: Error>(self, v: u64) -> Result<Kind, E> {
                    match usize::try_from(v) {
                        Ok(i) if i < KINDS.len() => Ok(Kind(i)),
                        _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
                    }
                }
                fn visit_str<E: Error>(self, v: &str) -> Result<Kind, E> {
                    KINDS
                        .iter()
                        .position(|k| *k == v)
                        .map(Kind)
                        .ok_or_else(|| E::unknown_variant(v, KINDS))
                }
            }
            d.deserialize_identifier(V)
        }
    }

    /// A field name of a kind with fields (unknown names are skipped).
    enum Key {
        Rule,
        Arn,
        Other,
    }

    impl<'de> de::Deserialize<'de> for Key {
        fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl Visitor<'_> for V {
                type Value = Key;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("a field name")
                }
                fn visit_u64<E: Error>(self, v: u64) -> Result<Key, E> {
                    Ok(match v {
                        0 => Key::Rule,
                        1 => Key::Arn,
                        _ => Key::Other,
                    })
                }
                fn visit_str<E: Error>(self, v: &str) -> Result<Key, E> {
                    Ok(match v {
                        "rule" => Key::Rule,
                        "arn" => Key::Arn,
                        _ => Key::Other,
                    })
                }
            }
            d.deserialize_identifier(V)
        }
    }

    /// The fields of a kind: `rule`, and `arn` for copy actions.
    struct Fields {
        arn: bool,
    }

    impl<'de> Visitor<'de> for Fields {
        type Value = (String, Option<String>);
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(if self.arn {
                "a rule name and a copy action's destination ARN"
            } else {
                "a rule name"
            })
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
            let rule = a
                .next_element()?
                .ok_or_else(|| A::Error::invalid_length(0, &self))?;
            let arn = if self.arn {
                Some(
                    a.next_element()?
                        .ok_or_else(|| A::Error::invalid_length(1, &self))?,
                )
            } else {
                None
            };
            Ok((rule, arn))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
            let (mut rule, mut arn) = (None, None);
            while let Some(k) = a.next_key::<Key>()? {
                match k {
                    Key::Rule if rule.is_none() => rule = Some(a.next_value()?),
                    Key::Arn if self.arn && arn.is_none() => arn = Some(a.next_value()?),
                    Key::Rule => return Err(A::Error::duplicate_field("rule")),
                    Key::Arn if self.arn => return Err(A::Error::duplicate_field("arn")),
                    Key::Arn | Key::Other => {
                        a.next_value::<de::IgnoredAny>()?;
                    }
                }
            }
            let rule = rule.ok_or_else(|| A::Error::missing_field("rule"))?;
            if self.arn && arn.is_none() {
                return Err(A::Error::missing_field("arn"));
            }
            Ok((rule, arn))
        }
    }

    pub struct PlaceVisitor;

    impl<'de> Visitor<'de> for PlaceVisitor {
        type Value = FieldPlace;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("where a field sits in a backup plan")
        }
        fn visit_enum<A: EnumAccess<'de>>(self, a: A) -> Result<FieldPlace, A::Error> {
            let (Kind(k), v) = a.variant::<Kind>()?;
            if k == 0 {
                v.unit_variant()?;
                return Ok(FieldPlace::Plan);
            }
            let arn = k >= 3;
            let (rule, found) =
                v.struct_variant(if arn { RULE_ARN } else { RULE }, Fields { arn })?;
            let arn = found.unwrap_or_default();
            Ok(match k {
                1 => FieldPlace::Rule { rule },
                2 => FieldPlace::RuleLifecycle { rule },
                3 => FieldPlace::CopyAction { rule, arn },
                _ => FieldPlace::CopyLifecycle { rule, arn },
            })
        }
    }
}

impl AwsBackup {
    /// An empty plan in us-east-1, the base an imported plan is applied to.
    pub fn blank() -> AwsBackup {
        AwsBackup {
            region: "us-east-1".into(),
            account_id: default_account(),
            plan: AwsBackupPlan {
                backup_plan_name: "backup-plan".into(),
                rules: Vec::new(),
            },
            vaults: Vec::new(),
            unmodelled: Vec::new(),
        }
    }
}

fn default_account() -> String {
    "123456789012".to_string()
}

/// `BackupPlan` as AWS writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AwsBackupPlan {
    pub backup_plan_name: String,
    pub rules: Vec<AwsBackupRule>,
}

/// One rule of a backup plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AwsBackupRule {
    pub rule_name: String,
    pub target_backup_vault_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_expression: Option<String>,
    /// IANA time zone of the schedule (AWS: UTC when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_expression_timezone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_window_minutes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_window_minutes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<AwsLifecycle>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copy_actions: Vec<AwsCopyAction>,
    /// Continuous backup (point-in-time recovery) for supported resources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_continuous_backup: Option<bool>,
}

/// AWS Backup's schedule for a rule that gives none: daily at 05:00 UTC
/// (AWS Backup API reference, `BackupRuleInput.ScheduleExpression`).
pub const AWS_DEFAULT_SCHEDULE: &str = "cron(0 5 ? * * *)";
/// AWS Backup's default `StartWindowMinutes`: 8 hours.
pub const AWS_DEFAULT_START_WINDOW_MINUTES: i64 = 480;
/// AWS Backup's default `CompletionWindowMinutes`: 7 days.
pub const AWS_DEFAULT_COMPLETION_WINDOW_MINUTES: i64 = 10_080;

impl AwsBackupRule {
    /// The schedule AWS runs: the rule's own, or the default.
    pub fn effective_schedule(&self) -> &str {
        self.schedule_expression
            .as_deref()
            .unwrap_or(AWS_DEFAULT_SCHEDULE)
    }

    /// The completion window AWS applies, in minutes.
    pub fn effective_completion_window_minutes(&self) -> i64 {
        self.completion_window_minutes
            .unwrap_or(AWS_DEFAULT_COMPLETION_WINDOW_MINUTES)
    }
}

/// `Lifecycle`: when a recovery point moves to cold storage and when it is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AwsLifecycle {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub move_to_cold_storage_after_days: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_after_days: Option<i64>,
}

/// `CopyActions[]`: a copy to a vault, usually in another region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AwsCopyAction {
    pub destination_backup_vault_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<AwsLifecycle>,
}

/// What the planner knows of a vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwsVault {
    pub name: String,
    /// AWS region id.
    pub region: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_arn: Option<String>,
    #[serde(default)]
    pub access_policy: VaultPolicy,
}

/// Whether a destination vault's access policy allows `backup:CopyIntoBackupVault`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum VaultPolicy {
    #[strum(message = "allows backup:CopyIntoBackupVault")]
    AllowsCopy,
    #[strum(message = "does not allow the copy")]
    Missing,
    #[default]
    #[strum(message = "not known")]
    Unknown,
}

/// A parsed `arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultArn {
    pub region: String,
    pub account: String,
    pub name: String,
}

impl VaultArn {
    pub fn parse(arn: &str) -> Option<VaultArn> {
        let parts: Vec<&str> = arn.trim().splitn(7, ':').collect();
        match parts.as_slice() {
            ["arn", partition, "backup", region, account, "backup-vault", name]
                if partition.starts_with("aws")
                    && !region.is_empty()
                    && !name.is_empty()
                    && account.len() == 12
                    && account.chars().all(|c| c.is_ascii_digit()) =>
            {
                Some(VaultArn {
                    region: region.to_string(),
                    account: account.to_string(),
                    name: name.to_string(),
                })
            }
            _ => None,
        }
    }

    pub fn format(region: &str, account: &str, name: &str) -> String {
        format!("arn:aws:backup:{region}:{account}:backup-vault:{name}")
    }
}

/// A Zilliz Cloud cluster with cross-region backup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZillizCluster {
    pub cluster_name: String,
    pub tier: ZillizTier,
    /// Catalog name of the cluster's region, e.g. `google-us-west1`
    /// (`gcp-us-west1` is accepted too).
    pub region: String,
    #[serde(default)]
    pub role: ZillizRole,
    pub backups: ZillizBackups,
    #[serde(default)]
    pub targets: Vec<ZillizTarget>,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ZillizTier {
    #[strum(message = "Free — no cross-region backup")]
    Free,
    #[strum(message = "Serverless — no cross-region backup")]
    Serverless,
    #[strum(message = "Dedicated")]
    Dedicated,
}

/// Who sets up the backup; only some roles may.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ZillizRole {
    #[default]
    #[strum(message = "Project admin")]
    ProjectAdmin,
    #[strum(message = "Organization owner")]
    OrganizationOwner,
    #[strum(message = "Custom role with backup privileges")]
    CustomWithBackupPrivileges,
    #[strum(message = "Project member")]
    ProjectMember,
}

/// Manual backups at given times, or scheduled ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZillizBackups {
    Manual {
        #[serde(with = "crate::domain::clock::rfc3339_list")]
        at: Vec<DateTime<Utc>>,
    },
    Scheduled {
        #[serde(default = "default_backup_interval")]
        interval_hours: u32,
        #[serde(default = "default_backup_hour")]
        hour: u8,
        /// Retention in the cluster's own region.
        retention_days: u32,
        /// Days of the week the policy runs (1 = Monday … 7 = Sunday, as
        /// Zilliz's `frequency`), once a day at `hour`; empty: every
        /// `interval_hours`.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        weekdays: Vec<u8>,
    },
}

/// A target region of a Zilliz copy and how long copies stay there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZillizTarget {
    pub region: String,
    /// Required for scheduled backups; copies of manual backups are kept forever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<u32>,
}

/// The data being protected.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Workload {
    /// Size of one full backup at the start, in GB.
    pub data_gb: f64,
    /// Changed data per day, in GB (WAL / incremental volume).
    #[serde(default)]
    pub write_gb_per_day: f64,
    /// Growth of the data size, percent per 30 days.
    #[serde(default)]
    pub growth_pct_per_month: f64,
    /// What is backed up (AWS): decides whether backups and copies are
    /// incremental. EBS when absent.
    #[serde(default, skip_serializing_if = "ResourceType::is_default")]
    pub resource_type: ResourceType,
}

/// The AWS resource type a plan backs up.
///
/// Source: AWS Backup Developer Guide, "Backup plans": "The first backup of
/// an AWS resource backs up a full copy of your data. For each successive
/// incremental backup, only the changes to your AWS resources are backed
/// up", for the resource types its "Feature availability by resource" table
/// marks as incremental. See docs/simulation.md for the type-by-type table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceType {
    #[default]
    Ebs,
    Ec2,
    Rds,
    Aurora,
    #[serde(rename = "dynamodb")]
    DynamoDb,
    Efs,
    S3,
    #[serde(rename = "documentdb")]
    DocumentDb,
    Neptune,
    Fsx,
}

impl ResourceType {
    pub const ALL: [ResourceType; 10] = [
        ResourceType::Ebs,
        ResourceType::Ec2,
        ResourceType::Rds,
        ResourceType::Aurora,
        ResourceType::DynamoDb,
        ResourceType::Efs,
        ResourceType::S3,
        ResourceType::DocumentDb,
        ResourceType::Neptune,
        ResourceType::Fsx,
    ];

    pub fn is_default(&self) -> bool {
        *self == ResourceType::Ebs
    }

    /// The id used in scenario files and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            ResourceType::Ebs => "ebs",
            ResourceType::Ec2 => "ec2",
            ResourceType::Rds => "rds",
            ResourceType::Aurora => "aurora",
            ResourceType::DynamoDb => "dynamodb",
            ResourceType::Efs => "efs",
            ResourceType::S3 => "s3",
            ResourceType::DocumentDb => "documentdb",
            ResourceType::Neptune => "neptune",
            ResourceType::Fsx => "fsx",
        }
    }

    pub fn parse(id: &str) -> Option<ResourceType> {
        ResourceType::ALL.into_iter().find(|r| r.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            ResourceType::Ebs => "EBS volumes",
            ResourceType::Ec2 => "EC2 instances (EBS-backed AMIs)",
            ResourceType::Rds => "RDS databases",
            ResourceType::Aurora => "Aurora clusters",
            ResourceType::DynamoDb => "DynamoDB tables",
            ResourceType::Efs => "EFS file systems",
            ResourceType::S3 => "S3 buckets",
            ResourceType::DocumentDb => "DocumentDB clusters",
            ResourceType::Neptune => "Neptune clusters",
            ResourceType::Fsx => "FSx file systems",
        }
    }

    /// Whether AWS Backup moves this type's recovery points to cold storage
    /// (AWS Backup Developer Guide, "Feature availability by resource",
    /// "Lifecycle to cold storage"): EBS (the EBS Snapshots Archive tier),
    /// EFS and DynamoDB with advanced features. For the others
    /// `MoveToColdStorageAfterDays` has no effect: "AWS Backup ignores this
    /// expression for other resource types" (API reference, `Lifecycle`).
    pub fn has_cold_tier(self) -> bool {
        matches!(
            self,
            ResourceType::Ebs | ResourceType::Efs | ResourceType::DynamoDb
        )
    }

    /// Whether later backups (and copies, while the previous copy is still in
    /// the destination vault) store only the changed data. EBS, EC2, RDS,
    /// EFS, S3 and FSx are incremental in AWS Backup; so are Neptune's
    /// snapshot copies after the first (Neptune User Guide, "Copying a DB
    /// cluster snapshot": later copies of the same cluster are incremental).
    /// Aurora and DocumentDB cluster snapshot copies across regions are full
    /// copies (their user guides: a cross-region copy of a cluster snapshot
    /// is a full copy); DynamoDB backups are full.
    pub fn incremental(self) -> bool {
        matches!(
            self,
            ResourceType::Ebs
                | ResourceType::Ec2
                | ResourceType::Rds
                | ResourceType::Efs
                | ResourceType::S3
                | ResourceType::Fsx
                | ResourceType::Neptune
        )
    }
}

/// Link and job assumptions. Defaults are **assumptions**, labelled as such.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LinkAssumptions {
    /// Throughput of a copy between two regions, megabits per second.
    pub bandwidth_mbps: f64,
    /// Round trip between regions; derived from distance when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rtt_ms: Option<f64>,
    /// Throughput of taking a primary backup, megabits per second.
    pub backup_throughput_mbps: f64,
    /// Throughput of restoring a backup into a new service, megabits per second.
    pub restore_throughput_mbps: f64,
    /// Probability that one copy attempt fails.
    pub copy_failure_rate: f64,
    /// Minutes before a failed copy is tried again.
    pub retry_delay_minutes: u32,
    /// Attempts per copy before it stays FAILED.
    pub max_attempts: u32,
}

impl Default for LinkAssumptions {
    fn default() -> Self {
        LinkAssumptions {
            bandwidth_mbps: 500.0,
            rtt_ms: None,
            backup_throughput_mbps: 1000.0,
            restore_throughput_mbps: 800.0,
            copy_failure_rate: 0.0,
            retry_delay_minutes: 30,
            max_attempts: 3,
        }
    }
}

/// The simulated time span and the seed that makes it reproducible.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SimulationSpan {
    #[serde(with = "crate::domain::clock::rfc3339")]
    pub start: DateTime<Utc>,
    pub days: u32,
    #[serde(default)]
    pub seed: u64,
}

impl SimulationSpan {
    /// The end of the span; saturates instead of overflowing on absurd spans
    /// (validation refuses those).
    pub fn end(&self) -> DateTime<Utc> {
        self.start
            .checked_add_signed(Duration::days(i64::from(self.days)))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

/// Something that happens on the simulated timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimelineEvent {
    /// A region is unreachable for a while.
    Outage {
        #[serde(with = "crate::domain::clock::rfc3339")]
        at: DateTime<Utc>,
        region: String,
        hours: f64,
    },
    /// Fork & restore from a secondary location, latest or at a point in time.
    Fork {
        #[serde(with = "crate::domain::clock::rfc3339")]
        at: DateTime<Utc>,
        /// The secondary location to restore from; the first one when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from_region: Option<String>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "crate::domain::clock::rfc3339_option"
        )]
        point_in_time: Option<DateTime<Utc>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// Point backups to another secondary region (Aiven: once per 24 h).
    ChangeBackupRegion {
        #[serde(with = "crate::domain::clock::rfc3339")]
        at: DateTime<Utc>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
        to: String,
    },
    /// Move the service to another region; its backups stay where they are.
    Migrate {
        #[serde(with = "crate::domain::clock::rfc3339")]
        at: DateTime<Utc>,
        to: String,
    },
    /// Stop copying to secondary regions.
    DisableBtar {
        #[serde(with = "crate::domain::clock::rfc3339")]
        at: DateTime<Utc>,
    },
    /// Start copying again, optionally to a given region.
    EnableBtar {
        #[serde(with = "crate::domain::clock::rfc3339")]
        at: DateTime<Utc>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        region: Option<String>,
    },
}

impl TimelineEvent {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            TimelineEvent::Outage { at, .. }
            | TimelineEvent::Fork { at, .. }
            | TimelineEvent::ChangeBackupRegion { at, .. }
            | TimelineEvent::Migrate { at, .. }
            | TimelineEvent::DisableBtar { at }
            | TimelineEvent::EnableBtar { at, .. } => *at,
        }
    }

    /// A short name of the event kind, as in the scenario file.
    pub fn kind(&self) -> &'static str {
        match self {
            TimelineEvent::Outage { .. } => "outage",
            TimelineEvent::Fork { .. } => "fork",
            TimelineEvent::ChangeBackupRegion { .. } => "change_backup_region",
            TimelineEvent::Migrate { .. } => "migrate",
            TimelineEvent::DisableBtar { .. } => "disable_btar",
            TimelineEvent::EnableBtar { .. } => "enable_btar",
        }
    }
}

/// Per-scenario price overrides, keyed by catalog region name.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PriceOverrides {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub regions: BTreeMap<String, RegionPriceOverride>,
    /// Aiven publishes no separate BTAR price; **assumption** per GB-month
    /// added to secondary storage. Zero unless the user sets it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aiven_btar_surcharge_gb_month: Option<f64>,
}

impl PriceOverrides {
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty() && self.aiven_btar_surcharge_gb_month.is_none()
    }
}

/// Any subset of a region's unit prices.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RegionPriceOverride {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_hot_gb_month: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_cold_gb_month: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transfer_same_continent_gb: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transfer_other_continent_gb: Option<f64>,
}

impl Scenario {
    /// A scenario around one platform with the planner's default workload
    /// (100 GB, 5 GB/day of change), link assumptions and a 30-day span.
    pub fn blank(platform: Platform, start: DateTime<Utc>) -> Scenario {
        Scenario {
            version: SCENARIO_VERSION,
            name: format!("{} plan", platform.label()),
            description: String::new(),
            platform,
            workload: Workload {
                data_gb: 100.0,
                write_gb_per_day: 5.0,
                growth_pct_per_month: 0.0,
                resource_type: ResourceType::Ebs,
            },
            link: LinkAssumptions::default(),
            simulation: SimulationSpan {
                start,
                days: 30,
                seed: 1,
            },
            events: Vec::new(),
            prices: PriceOverrides::default(),
            objectives: Objectives::default(),
            unknowns: Vec::new(),
            calibration: Calibration::default(),
        }
    }

    /// The catalog region of the primary (service) location, if known.
    pub fn primary_region(&self) -> Option<&'static Region> {
        match &self.platform {
            Platform::Aiven(a) => catalog::region(&a.cloud),
            Platform::Aws(a) => catalog::by_provider_id(Provider::Aws, &a.region),
            Platform::Zilliz(z) => catalog::region(&z.region),
        }
    }

    /// Catalog names of the secondary locations at the start, in order, each once.
    pub fn secondary_regions(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |name: String| {
            if !out.contains(&name) {
                out.push(name);
            }
        };
        match &self.platform {
            Platform::Aiven(a) => {
                for r in &a.additional_backup_regions {
                    push(canonical(r));
                }
            }
            Platform::Aws(a) => {
                for rule in &a.plan.rules {
                    for c in &rule.copy_actions {
                        if let Some(arn) = VaultArn::parse(&c.destination_backup_vault_arn) {
                            push(
                                catalog::by_provider_id(Provider::Aws, &arn.region)
                                    .map(|r| r.cloud.to_string())
                                    .unwrap_or(arn.region),
                            );
                        }
                    }
                }
            }
            Platform::Zilliz(z) => {
                for t in &z.targets {
                    push(canonical(&t.region));
                }
            }
        }
        out
    }
}

/// The catalog spelling of a region name, or the name as given when unknown.
pub fn canonical(name: &str) -> String {
    catalog::region(name)
        .map(|r| r.cloud.to_string())
        .unwrap_or_else(|| name.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places() -> Vec<FieldPlace> {
        let (rule, arn) = (
            "Daily".to_string(),
            "arn:aws:backup:eu-west-2:1:backup-vault:dr".to_string(),
        );
        vec![
            FieldPlace::Plan,
            FieldPlace::Rule { rule: rule.clone() },
            FieldPlace::RuleLifecycle { rule: rule.clone() },
            FieldPlace::CopyAction {
                rule: rule.clone(),
                arn: arn.clone(),
            },
            FieldPlace::CopyLifecycle { rule, arn },
        ]
    }

    #[test]
    fn field_places_read_back_as_written() {
        for p in places() {
            let text = serde_json::to_string(&p).unwrap();
            assert_eq!(
                serde_json::from_str::<FieldPlace>(&text).unwrap(),
                p,
                "{text}"
            );
        }
        assert_eq!(
            serde_json::to_string(&FieldPlace::Plan).unwrap(),
            r#""plan""#
        );
        assert_eq!(
            serde_json::from_str::<FieldPlace>(
                r#"{"copy_action": {"arn": "a", "rule": "r", "note": 1}}"#
            )
            .unwrap(),
            FieldPlace::CopyAction {
                rule: "r".into(),
                arn: "a".into()
            }
        );
    }

    #[test]
    fn field_place_errors_name_what_is_wrong() {
        let e = |t: &str| {
            serde_json::from_str::<FieldPlace>(t)
                .unwrap_err()
                .to_string()
        };
        assert!(e(r#"{"copy_action": {"rule": "r"}}"#).contains("missing field `arn`"));
        assert!(e(r#"{"rule": {}}"#).contains("missing field `rule`"));
        assert!(e(r#"{"rule": {"rule": "a", "rule": "b"}}"#).contains("duplicate field `rule`"));
        assert!(e(r#""vault""#).contains("unknown variant `vault`"));
        assert!(e(r#"{"rule": ["r"], "plan": null}"#).contains("expected"));
    }

    #[test]
    fn plan_tiers_set_retention_and_pitr() {
        assert_eq!(
            AivenPlanTier::from_plan("business-8"),
            Some(AivenPlanTier::Business)
        );
        assert_eq!(
            AivenPlanTier::from_plan("premium-6x-16"),
            Some(AivenPlanTier::Premium)
        );
        assert_eq!(AivenPlanTier::from_plan("gold-4"), None);
        assert_eq!(AivenPlanTier::Hobbyist.retention(), Retention::Count(1));
        assert_eq!(AivenPlanTier::Startup.retention(), Retention::Days(2));
        assert_eq!(AivenPlanTier::Business.retention(), Retention::Days(14));
        assert_eq!(AivenPlanTier::Premium.retention(), Retention::Days(30));
        assert!(!AivenPlanTier::Hobbyist.has_pitr());
        assert!(AivenPlanTier::Startup.has_pitr());
    }

    #[test]
    fn vault_arn_parses_region_account_and_name() {
        let arn =
            VaultArn::parse("arn:aws:backup:us-west-2:123456789012:backup-vault:production-dr");
        assert_eq!(
            arn,
            Some(VaultArn {
                region: "us-west-2".into(),
                account: "123456789012".into(),
                name: "production-dr".into()
            })
        );
        assert!(VaultArn::parse("arn:aws:s3:::bucket").is_none());
        assert!(VaultArn::parse("arn:aws:backup:us-west-2:1234:backup-vault:x").is_none());
        assert!(VaultArn::parse("").is_none());
    }
}
