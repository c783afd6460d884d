//! AWS Backup plan JSON exactly as `aws backup create-backup-plan
//! --backup-plan` takes it (`BackupPlanName`, `Rules[]` with
//! `ScheduleExpression`, `Lifecycle`, `CopyActions[]`), the
//! `{"BackupPlan": …}` wrapper of `--cli-input-json`, what `get-backup-plan`
//! prints, and the whole `aws [global options] backup
//! create-backup-plan|update-backup-plan …` command line (`--backup-plan` or
//! `--cli-input-json`).

use super::aiven::shell_words;
use super::{check_size, parse_json, typed, unknown_field, FormatError};
use crate::domain::rules::Rule;
use crate::domain::scenario::{
    AwsBackup, AwsBackupPlan, FieldPlace, Platform, ResourceType, Scenario, UnmodelledField,
    VaultArn,
};
use crate::domain::validation::{Problem, Severity};

/// The plan as pretty JSON, ready for `--backup-plan`, with the fields the
/// planner does not model written back.
pub fn plan_json(a: &AwsBackup) -> String {
    serde_json::to_string_pretty(&plan_value(a))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// The whole `aws backup create-backup-plan` command.
pub fn create_command(a: &AwsBackup) -> String {
    let plan = plan_json(a);
    super::shell::command(
        &["aws", "backup", "create-backup-plan"],
        &[
            vec!["--region", a.region.as_str()],
            vec!["--backup-plan", plan.as_str()],
        ],
    )
}

/// Which `aws backup` command a command line runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AwsVerb {
    CreateBackupPlan,
    UpdateBackupPlan,
}

impl AwsVerb {
    pub fn name(self) -> &'static str {
        match self {
            AwsVerb::CreateBackupPlan => "create-backup-plan",
            AwsVerb::UpdateBackupPlan => "update-backup-plan",
        }
    }
}

/// Which AWS text an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AwsInput {
    /// The `--backup-plan` JSON, or `{"BackupPlan": …}` as
    /// `--cli-input-json` takes it.
    PlanJson,
    /// What `aws backup get-backup-plan` prints (`BackupPlan` beside
    /// `BackupPlanId`, `BackupPlanArn`, `VersionId`…).
    GetBackupPlanOutput,
    /// An `aws … backup create-backup-plan|update-backup-plan …` command.
    Command(AwsVerb),
}

/// Keys of the wrapper objects (`--cli-input-json`, `get-backup-plan`
/// output) that do not change backups.
const WRAPPER_KEYS: [&str; 10] = [
    "BackupPlanTags",
    "CreatorRequestId",
    "BackupPlanId",
    "BackupPlanArn",
    "VersionId",
    "CreationDate",
    "DeletionDate",
    "LastExecutionDate",
    "AdvancedBackupSettings",
    "ScheduledRunsPreview",
];

/// The AWS CLI's global options that take a value.
const GLOBAL_WITH_VALUE: [&str; 10] = [
    "--region",
    "--profile",
    "--output",
    "--query",
    "--endpoint-url",
    "--color",
    "--ca-bundle",
    "--cli-read-timeout",
    "--cli-connect-timeout",
    "--cli-binary-format",
];
/// The AWS CLI's global switches.
const GLOBAL_SWITCHES: [&str; 8] = [
    "--debug",
    "--no-verify-ssl",
    "--no-paginate",
    "--no-sign-request",
    "--no-cli-pager",
    "--cli-auto-prompt",
    "--no-cli-auto-prompt",
    "--version",
];

/// Which AWS input a JSON object or command is, without reading it whole.
pub fn kind_of(t: &str) -> Result<AwsInput, FormatError> {
    if t.starts_with("aws") {
        return Ok(AwsInput::Command(command_head(&shell_words(t)?)?.0));
    }
    let v = parse_json(t)?;
    let get = v.as_object().is_some_and(|o| {
        o.contains_key("BackupPlan")
            && ["BackupPlanId", "BackupPlanArn", "VersionId"]
                .iter()
                .any(|k| o.contains_key(*k))
    });
    Ok(if get {
        AwsInput::GetBackupPlanOutput
    } else {
        AwsInput::PlanJson
    })
}

fn split_flag(w: &str) -> (String, Option<String>) {
    match w.split_once('=') {
        Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
        _ => (w.to_string(), None),
    }
}

/// The verb, the global `--region` and where the verb's options start.
fn command_head(words: &[String]) -> Result<(AwsVerb, Option<String>, usize), FormatError> {
    let mut region = None;
    let mut i = 1;
    // Global options before the service.
    while let Some(w) = words.get(i) {
        if !w.starts_with("--") {
            break;
        }
        let (flag, inline) = split_flag(w);
        if GLOBAL_SWITCHES.contains(&flag.as_str()) {
            i += 1;
            continue;
        }
        if !GLOBAL_WITH_VALUE.contains(&flag.as_str()) {
            return Err(FormatError::Command(format!(
                "'{flag}' is not an AWS CLI global option; expected 'aws [--region R …] backup create-backup-plan …'"
            )));
        }
        let value = match inline {
            Some(v) => v,
            None => {
                i += 1;
                words
                    .get(i)
                    .cloned()
                    .ok_or_else(|| FormatError::Command(format!("{flag} needs a value")))?
            }
        };
        if flag == "--region" {
            region = Some(value);
        }
        i += 1;
    }
    let verb = match (words.first().map(String::as_str), words.get(i).map(String::as_str), words.get(i + 1).map(String::as_str)) {
        (Some("aws"), Some("backup"), Some("create-backup-plan")) => AwsVerb::CreateBackupPlan,
        (Some("aws"), Some("backup"), Some("update-backup-plan")) => AwsVerb::UpdateBackupPlan,
        (Some("aws"), Some("backup"), Some(other)) => {
            return Err(FormatError::Command(format!(
                "'aws backup {other}' is not a command the planner reads: use create-backup-plan or update-backup-plan, or paste what get-backup-plan prints"
            )))
        }
        _ => {
            return Err(FormatError::Command(
                "expected 'aws [--region R] backup create-backup-plan --backup-plan …'".into(),
            ))
        }
    };
    Ok((verb, region, i + 2))
}

/// A parsed `aws backup` command line.
#[derive(Debug, Clone, PartialEq)]
pub struct AwsCommand {
    pub verb: AwsVerb,
    /// `--region`, before or after the service name.
    pub region: Option<String>,
    /// The plan text: `--backup-plan`'s value, else `--cli-input-json`'s.
    pub input: String,
}

/// Reads `aws [global options] backup create-backup-plan|update-backup-plan
/// [options]`. A value named by `file://` cannot be read here: the error
/// says what to paste instead.
pub fn parse_command(t: &str) -> Result<AwsCommand, FormatError> {
    let words = shell_words(t)?;
    let (verb, mut region, mut i) = command_head(&words)?;
    let mut plan = None;
    let mut cli_input = None;
    while i < words.len() {
        let (flag, inline) = split_flag(&words[i]);
        if GLOBAL_SWITCHES.contains(&flag.as_str())
            || matches!(flag.as_str(), "--generate-cli-skeleton")
        {
            if flag == "--generate-cli-skeleton" {
                return Err(FormatError::Command(
                    "--generate-cli-skeleton prints a template, not a plan: paste the plan instead"
                        .into(),
                ));
            }
            i += 1;
            continue;
        }
        let value = match inline {
            Some(v) => Some(v),
            None => {
                i += 1;
                words.get(i).cloned()
            }
        };
        match flag.as_str() {
            "--region" => region = value,
            "--backup-plan" => plan = value,
            "--cli-input-json" => cli_input = value,
            "--cli-input-yaml" => {
                return Err(FormatError::Command(
                    "--cli-input-yaml: paste the same input as JSON (--cli-input-json) or the plan JSON itself".into(),
                ))
            }
            _ => {}
        }
        i += 1;
    }
    for (flag, v) in [("--backup-plan", &plan), ("--cli-input-json", &cli_input)] {
        if let Some(path) = v
            .as_deref()
            .filter(|v| v.starts_with("file://") || v.starts_with("fileb://"))
        {
            let file = path.split_once("://").map(|(_, f)| f).unwrap_or(path);
            return Err(FormatError::Command(format!(
                "{flag} {path}: the planner cannot open files on your disk; paste the contents of {file} instead (the plan JSON on its own, or the whole command with the JSON inline: {flag} '{{…}}')"
            )));
        }
    }
    let input = match (plan, cli_input) {
        // Values on the command line win over --cli-input-json's.
        (Some(p), _) => p,
        (None, Some(c)) => c,
        (None, None) => {
            return Err(FormatError::Command(
                "--backup-plan (or --cli-input-json) is missing".into(),
            ))
        }
    };
    Ok(AwsCommand {
        verb,
        region,
        input,
    })
}

/// Applies an AWS backup plan (JSON, `--cli-input-json` or `get-backup-plan`
/// output, or a CLI command) to a scenario. `region` is the region the user
/// gave beside the input (`btar --region`); a command's own `--region` that
/// disagrees with it is an error naming both.
pub fn apply_plan(
    base: &Scenario,
    text: &str,
    region: Option<&str>,
    warnings: &mut Vec<Problem>,
) -> Result<Scenario, FormatError> {
    let t = check_size(text)?;
    let (json_text, cli_region) = if t.starts_with("aws") {
        let c = parse_command(t)?;
        (c.input, c.region)
    } else {
        (t.to_string(), None)
    };
    let mut v = parse_json(&json_text)?;
    let mut prefix = "";
    // get-backup-plan's BackupPlanArn names the plan's region and account.
    let mut arn: Option<(String, String)> = None;
    if let Some(o) = v.as_object_mut() {
        if let Some(text) = o.get("BackupPlanArn").and_then(|a| a.as_str()) {
            match plan_arn(text) {
                Some(parts) => arn = Some(parts),
                None => warnings.push(Problem {
                    severity: Severity::Warning,
                    field: "BackupPlanArn".into(),
                    value: text.to_string(),
                    rule: Rule::PlanRegion,
                    message: "not a backup plan ARN (arn:aws:backup:REGION:ACCOUNT:backup-plan:ID): its region and account are not read from it".into(),
                }),
            }
        }
        if let Some(inner) = o.remove("BackupPlan") {
            for k in o.keys() {
                if !WRAPPER_KEYS.contains(&k.as_str()) {
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
    // get-backup-plan prints each rule's RuleId: AWS's own, no effect.
    if let Some(rules) = v.get_mut("Rules").and_then(|r| r.as_array_mut()) {
        for r in rules.iter_mut().filter_map(|r| r.as_object_mut()) {
            r.remove("RuleId");
        }
    }
    let unmodelled = split_unmodelled(&mut v);
    let plan: AwsBackupPlan = typed(v, prefix, "an AWS Backup plan the planner models", warnings)?;
    let mut a = match &base.platform {
        Platform::Aws(a) => a.clone(),
        _ => AwsBackup::blank(),
    };
    if let Some((arn_region, account)) = &arn {
        for (given, flag) in [
            (region, "the import was told"),
            (cli_region.as_deref(), "the command runs in"),
        ] {
            if let Some(given) = given.filter(|g| g != arn_region) {
                warnings.push(Problem {
                    severity: Severity::Error,
                    field: "region".into(),
                    value: format!("{arn_region} / {given}"),
                    rule: Rule::RegionConflict,
                    message: format!(
                        "BackupPlanArn says the plan is in {arn_region} but {flag} --region {given}: drop --region, or import the plan of {given} (the plan is read in {arn_region})"
                    ),
                });
            }
        }
        a.region = arn_region.clone();
        a.account_id = account.clone();
    }
    match (region, cli_region.as_deref()) {
        _ if arn.is_some() => {}
        (Some(given), Some(cmd)) if given != cmd => warnings.push(Problem {
            severity: Severity::Error,
            field: "region".into(),
            value: format!("{cmd} / {given}"),
            rule: Rule::RegionConflict,
            message: format!(
                "the command runs in --region {cmd} but the import was told --region {given}: drop one of them (the plan is read in {cmd})"
            ),
        }),
        _ => {}
    }
    match cli_region.or(region.map(str::to_string)) {
        _ if arn.is_some() => {}
        Some(r) => a.region = r,
        None => warnings.push(Problem {
            severity: Severity::Warning,
            field: "region".into(),
            value: a.region.clone(),
            rule: Rule::PlanRegion,
            message: format!(
                "the plan JSON does not carry its region (it is the --region of the CLI); the planner assumes {}",
                a.region
            ),
        }),
    }
    // The plan does not carry the account it runs in: copy ARNs name the
    // destination's account, which may be another one.
    let others: Vec<String> = plan
        .rules
        .iter()
        .flat_map(|r| r.copy_actions.iter())
        .filter_map(|c| VaultArn::parse(&c.destination_backup_vault_arn))
        .map(|arn| arn.account)
        .filter(|acc| *acc != a.account_id)
        .fold(Vec::new(), |mut v, acc| {
            if !v.contains(&acc) {
                v.push(acc);
            }
            v
        });
    if !others.is_empty() {
        warnings.push(Problem {
            severity: Severity::Warning,
            field: "account_id".into(),
            value: a.account_id.clone(),
            rule: Rule::PlanAccount,
            message: format!(
                "the plan does not name the account it runs in; the planner assumes {} (the current scenario's), so copies to account {} are cross-account: both accounts must be in one AWS Organization with cross-account backup on, and the destination vault's policy must allow the source account",
                a.account_id,
                others.join(", ")
            ),
        });
    }
    a.plan = plan;
    a.unmodelled = unmodelled;
    let mut s = base.clone();
    s.platform = Platform::Aws(a);
    Ok(s)
}

/// The region and account of a backup plan ARN
/// (`arn:PARTITION:backup:REGION:ACCOUNT:backup-plan:ID`).
fn plan_arn(text: &str) -> Option<(String, String)> {
    let p: Vec<&str> = text.split(':').collect();
    match p.as_slice() {
        ["arn", _, "backup", region, account, "backup-plan", id]
            if !region.is_empty()
                && account.len() == 12
                && account.bytes().all(|b| b.is_ascii_digit())
                && !id.is_empty() =>
        {
            Some((region.to_string(), account.to_string()))
        }
        _ => None,
    }
}

/// Takes the fields the planner does not model out of a plan object (they
/// are kept, in their places, for export and for validation to classify),
/// and gives the required fields that are missing an empty value, so that
/// validation lists every problem at once instead of the reader stopping at
/// the first.
pub fn split_unmodelled(v: &mut serde_json::Value) -> Vec<UnmodelledField> {
    use serde_json::Value;
    const MODELLED_PLAN: [&str; 2] = ["BackupPlanName", "Rules"];
    const MODELLED_RULE: [&str; 9] = [
        "RuleName",
        "TargetBackupVaultName",
        "ScheduleExpression",
        "ScheduleExpressionTimezone",
        "StartWindowMinutes",
        "CompletionWindowMinutes",
        "Lifecycle",
        "CopyActions",
        "EnableContinuousBackup",
    ];
    const MODELLED_LIFECYCLE: [&str; 2] = ["MoveToColdStorageAfterDays", "DeleteAfterDays"];
    const MODELLED_COPY: [&str; 2] = ["DestinationBackupVaultArn", "Lifecycle"];
    fn take(
        o: &mut serde_json::Map<String, Value>,
        modelled: &[&str],
        place: &FieldPlace,
        out: &mut Vec<UnmodelledField>,
    ) {
        let keys: Vec<String> = o
            .keys()
            .filter(|k| !modelled.contains(&k.as_str()))
            .cloned()
            .collect();
        for key in keys {
            if let Some(value) = o.remove(&key) {
                out.push(UnmodelledField {
                    place: place.clone(),
                    key,
                    value: value.to_string(),
                });
            }
        }
    }
    fn require(o: &mut serde_json::Map<String, Value>, key: &str, empty: Value) {
        if !o.contains_key(key) {
            o.insert(key.to_string(), empty);
        }
    }
    let mut out = Vec::new();
    let Some(plan) = v.as_object_mut() else {
        return out;
    };
    take(plan, &MODELLED_PLAN, &FieldPlace::Plan, &mut out);
    require(plan, "BackupPlanName", Value::String(String::new()));
    require(plan, "Rules", Value::Array(Vec::new()));
    let Some(rules) = plan.get_mut("Rules").and_then(Value::as_array_mut) else {
        return out;
    };
    for r in rules.iter_mut().filter_map(Value::as_object_mut) {
        require(r, "RuleName", Value::String(String::new()));
        require(r, "TargetBackupVaultName", Value::String(String::new()));
        let rule = r
            .get("RuleName")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        take(
            r,
            &MODELLED_RULE,
            &FieldPlace::Rule { rule: rule.clone() },
            &mut out,
        );
        if let Some(l) = r.get_mut("Lifecycle").and_then(Value::as_object_mut) {
            let place = FieldPlace::RuleLifecycle { rule: rule.clone() };
            take(l, &MODELLED_LIFECYCLE, &place, &mut out);
        }
        let Some(copies) = r.get_mut("CopyActions").and_then(Value::as_array_mut) else {
            continue;
        };
        for c in copies.iter_mut().filter_map(Value::as_object_mut) {
            require(c, "DestinationBackupVaultArn", Value::String(String::new()));
            let arn = c
                .get("DestinationBackupVaultArn")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let place = FieldPlace::CopyAction {
                rule: rule.clone(),
                arn: arn.clone(),
            };
            take(c, &MODELLED_COPY, &place, &mut out);
            if let Some(l) = c.get_mut("Lifecycle").and_then(Value::as_object_mut) {
                let place = FieldPlace::CopyLifecycle {
                    rule: rule.clone(),
                    arn,
                };
                take(l, &MODELLED_LIFECYCLE, &place, &mut out);
            }
        }
    }
    out
}

/// The plan as AWS takes it, with the unmodelled fields written back in
/// their places (those whose rule or copy action is gone go with it).
pub fn plan_value(a: &AwsBackup) -> serde_json::Value {
    use serde_json::Value;
    let mut v = serde_json::to_value(&a.plan).unwrap_or(Value::Null);
    for u in &a.unmodelled {
        let target: Option<&mut serde_json::Map<String, Value>> = match &u.place {
            FieldPlace::Plan => v.as_object_mut(),
            FieldPlace::Rule { rule } => find_rule(&mut v, rule),
            FieldPlace::RuleLifecycle { rule } => find_rule(&mut v, rule)
                .map(|r| {
                    r.entry("Lifecycle")
                        .or_insert_with(|| Value::Object(Default::default()))
                })
                .and_then(Value::as_object_mut),
            FieldPlace::CopyAction { rule, arn } => find_copy(&mut v, rule, arn),
            FieldPlace::CopyLifecycle { rule, arn } => find_copy(&mut v, rule, arn)
                .map(|c| {
                    c.entry("Lifecycle")
                        .or_insert_with(|| Value::Object(Default::default()))
                })
                .and_then(Value::as_object_mut),
        };
        if let Some(o) = target {
            let value = serde_json::from_str(&u.value).unwrap_or(Value::String(u.value.clone()));
            o.insert(u.key.clone(), value);
        }
    }
    v
}

fn find_rule<'v>(
    v: &'v mut serde_json::Value,
    name: &str,
) -> Option<&'v mut serde_json::Map<String, serde_json::Value>> {
    v.get_mut("Rules")?
        .as_array_mut()?
        .iter_mut()
        .filter_map(serde_json::Value::as_object_mut)
        .find(|r| r.get("RuleName").and_then(serde_json::Value::as_str) == Some(name))
}

fn find_copy<'v>(
    v: &'v mut serde_json::Value,
    rule: &str,
    arn: &str,
) -> Option<&'v mut serde_json::Map<String, serde_json::Value>> {
    find_rule(v, rule)?
        .get_mut("CopyActions")?
        .as_array_mut()?
        .iter_mut()
        .filter_map(serde_json::Value::as_object_mut)
        .find(|c| {
            c.get("DestinationBackupVaultArn")
                .and_then(serde_json::Value::as_str)
                == Some(arn)
        })
}

/// The (region, vault name) of each copy destination.
pub fn destination_vaults(plan: &AwsBackupPlan) -> Vec<(String, String)> {
    plan.rules
        .iter()
        .flat_map(|r| r.copy_actions.iter())
        .filter_map(|c| VaultArn::parse(&c.destination_backup_vault_arn))
        .map(|a| (a.region, a.name))
        .collect()
}

/// What an ARN in a backup selection backs up (`None`: not a type the
/// planner tells apart, or not an ARN).
pub fn resource_type_of_arn(arn: &str) -> Option<ResourceType> {
    let mut p = arn.split(':');
    let service = p.nth(2)?;
    let rest = arn.splitn(6, ':').nth(5).unwrap_or("");
    Some(match service {
        "ec2" if rest.starts_with("volume/") => ResourceType::Ebs,
        "ec2" if rest.starts_with("instance/") => ResourceType::Ec2,
        "rds" if rest.starts_with("cluster:") => ResourceType::Aurora,
        "rds" => ResourceType::Rds,
        "dynamodb" => ResourceType::DynamoDb,
        "elasticfilesystem" => ResourceType::Efs,
        "s3" => ResourceType::S3,
        "fsx" => ResourceType::Fsx,
        _ => return None,
    })
}

/// Sets the workload's resource type from a selection's resources when
/// they all name one type, and says so; when they differ, says which.
pub fn set_resource_type(
    s: &mut Scenario,
    types: &[Option<ResourceType>],
    field: &str,
    warnings: &mut Vec<Problem>,
) {
    let known: Vec<ResourceType> = types.iter().flatten().copied().collect();
    let Some(first) = known.first().copied() else {
        return;
    };
    if known.iter().all(|t| *t == first) {
        s.workload.resource_type = first;
        warnings.push(Problem {
            severity: Severity::Warning,
            field: field.into(),
            value: first.id().into(),
            rule: Rule::ResourceTypeFromSelection,
            message: format!(
                "the selection backs up {}: the workload is simulated and priced as that type",
                first.label()
            ),
        });
    } else {
        warnings.push(Problem {
            severity: Severity::Warning,
            field: field.into(),
            value: known.iter().map(|t| t.id()).collect::<Vec<_>>().join(", "),
            rule: Rule::ResourceTypeMixed,
            message: format!(
                "the selection backs up several resource types; the workload stays {} (set it to the type that matters most)",
                s.workload.resource_type.label()
            ),
        });
    }
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

    /// get-backup-plan's output names its region and account in its ARN:
    /// they are read from it, and a --region that disagrees is an error
    /// naming both.
    #[test]
    fn get_backup_plan_output_takes_its_region_and_account_from_its_arn() {
        let out = format!(
            r#"{{"BackupPlanId": "p-1", "BackupPlanArn": "arn:aws:backup:eu-central-1:210987654321:backup-plan:p-1", "VersionId": "v1", "BackupPlan": {GUIDE_PLAN}}}"#
        );
        let mut w = Vec::new();
        let s = apply_plan(&base(), &out, None, &mut w).unwrap();
        assert_eq!(aws(&s).region, "eu-central-1");
        assert_eq!(aws(&s).account_id, "210987654321");
        assert!(!w.iter().any(|p| p.rule == Rule::PlanRegion), "{w:?}");
        let mut w = Vec::new();
        apply_plan(&base(), &out, Some("eu-central-1"), &mut w).unwrap();
        assert!(!w.iter().any(|p| p.severity == Severity::Error), "{w:?}");
        let mut w = Vec::new();
        let s = apply_plan(&base(), &out, Some("us-east-1"), &mut w).unwrap();
        let e = w
            .iter()
            .find(|p| p.rule == Rule::RegionConflict)
            .expect("conflict");
        assert_eq!(e.severity, Severity::Error);
        assert!(e.message.contains("eu-central-1") && e.message.contains("us-east-1"));
        assert_eq!(aws(&s).region, "eu-central-1");
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
        let s = apply_plan(&base(), &odd, Some("us-east-1"), &mut w).unwrap();
        assert!(w.is_empty(), "{w:?}");
        // Kept, classed as no effect, and written back on export.
        let p = validate(&s);
        let tags: Vec<_> = p.0.iter().filter(|p| p.rule == "field-no-effect").collect();
        assert_eq!(tags.len(), 1, "{p:?}");
        assert_eq!(
            tags[0].field,
            "platform.aws.plan.Rules[DailyWithDRCopy].RecoveryPointTags"
        );
        assert!(plan_json(aws(&s)).contains("\"RecoveryPointTags\""));
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
    fn cloudformation_names_and_rule_level_retention_are_every_one_an_error_with_a_hint() {
        let plan = r#"{"BackupPlanName": "p", "Rules": [{
            "RuleName": "daily", "TargetBackupVault": "main", "ScheduleExpression": "cron(0 3 * * ? *)",
            "DeleteAfterDays": 35,
            "CopyActions": [{"DestinationBackupVaultArn": "arn:aws:backup:us-west-2:123456789012:backup-vault:dr"}]}]}"#;
        let s = apply_plan(&base(), plan, Some("us-east-1"), &mut Vec::new()).unwrap();
        let p = validate(&s);
        let errors: Vec<_> = p.errors().collect();
        let rejected: Vec<_> = errors
            .iter()
            .filter(|e| e.rule == "field-rejected")
            .collect();
        assert_eq!(rejected.len(), 2, "{errors:?}");
        assert!(rejected.iter().any(|e| e.message.contains(
            "`TargetBackupVault` is CloudFormation's name; the API's is `TargetBackupVaultName`"
        )));
        assert!(rejected
            .iter()
            .any(|e| e.field.ends_with("Rules[daily].DeleteAfterDays")
                && e.message.contains("belongs inside Lifecycle")));
        // The missing TargetBackupVaultName is listed too.
        assert!(
            errors
                .iter()
                .any(|e| e.field.ends_with("TargetBackupVaultName")),
            "{errors:?}"
        );
        // And the plan is not read as keeping backups 35 days.
        assert_eq!(aws(&s).plan.rules[0].lifecycle, None);
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
        // A missing required field is a validation error, not unreadable.
        let s = apply_plan(
            &base(),
            "{\"BackupPlanName\": \"x\"}",
            None,
            &mut Vec::new(),
        )
        .unwrap();
        assert!(validate(&s).has_rule(Rule::RulesPresent));
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
