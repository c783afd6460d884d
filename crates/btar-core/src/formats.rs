//! The real formats a plan moves in and out through: the app's own versioned
//! scenario file and share link, Aiven ServiceCreate/ServiceUpdate bodies and
//! `avn` command lines (plus the fork body and command), and AWS Backup plan
//! JSON as `aws backup create-backup-plan --backup-plan` takes it.
//!
//! Every parser refuses input over [`MAX_INPUT_BYTES`], reports malformed
//! input as a [`FormatError`] naming where and what, and reports fields it
//! does not use as warnings instead of dropping them silently.

pub mod aiven;
pub mod aws;
pub mod cloudformation;
pub mod cloudformation_onto;
pub mod exports;
pub mod hcl_eval;
pub mod org_policy;
pub mod scenario_file;
pub mod share;
pub mod shell;
pub mod terraform;
pub mod terraform_json;
pub mod terraform_onto;
pub mod zilliz;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use thiserror::Error;

use crate::domain::rules::Rule;
use crate::domain::scenario::Scenario;
use crate::domain::validation::{Problem, Severity};

/// The largest input any parser accepts: 1 MiB.
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;

/// Why an input could not be read.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FormatError {
    /// The input is larger than the parsers accept.
    #[error("the input is {size} bytes; the limit is {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    /// Nothing but blanks.
    #[error("the input is empty")]
    Empty,
    /// JSON that does not parse.
    #[error("JSON syntax error at line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// A field with the wrong type or value.
    #[error("{field}: {message}")]
    Field { field: String, message: String },
    /// A scenario file of a version this build cannot read.
    #[error("scenario version {found} cannot be read: {reason}")]
    Version { found: String, reason: String },
    /// Input that is none of the formats.
    #[error("not a format BTAR Planner reads: {0}")]
    Unrecognized(String),
    /// A command line that does not say what it must.
    #[error("command line: {0}")]
    Command(String),
    /// A share link that does not decode.
    #[error("share link: {0}")]
    ShareLink(String),
    /// Terraform (HCL) that does not parse: the parser's message, with the
    /// line and column.
    #[error("Terraform syntax error: {0}")]
    HclSyntax(String),
    /// YAML that does not parse: the parser's message, with the line and
    /// column.
    #[error("YAML syntax error: {0}")]
    YamlSyntax(String),
    /// Input past one of the readers' limits (nesting, expansion, work).
    #[error("{0}")]
    Limit(String),
}

impl FormatError {
    fn field(field: impl Into<String>, message: impl Into<String>) -> FormatError {
        FormatError::Field {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The formats `detect` recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Scenario,
    AivenCreate,
    AivenUpdate,
    /// An `avn service create|update` command line.
    Avn(aiven::AvnVerb),
    /// AWS Backup plan JSON, `get-backup-plan` output or an `aws backup`
    /// command.
    Aws(aws::AwsInput),
    /// Terraform `.tf` text (one file or several joined) with an
    /// `aws_backup_plan`, or an `aiven_pg`/`aiven_mysql` service.
    Terraform(terraform::TfResource),
    /// `terraform show -json` output (state or saved plan) holding one of
    /// the same.
    TerraformJson(terraform::TfResource),
    /// A Zilliz Cloud backup policy (Set Backup Policy body or Get Backup
    /// Policy response).
    ZillizPolicy,
    /// A Zilliz Cloud Create Backup request (one manual backup).
    ZillizCreateBackup,
    /// A CloudFormation template (YAML or JSON) with an
    /// `AWS::Backup::BackupPlan`.
    CloudFormation,
    /// An AWS Organizations backup policy (`plans` with `@@assign`).
    OrgBackupPolicy,
}

impl InputKind {
    pub fn label(self) -> &'static str {
        match self {
            InputKind::Scenario => "BTAR Planner scenario",
            InputKind::AivenCreate => "Aiven ServiceCreate body",
            InputKind::AivenUpdate => "Aiven ServiceUpdate body",
            InputKind::Avn(aiven::AvnVerb::Create) => "avn service create command",
            InputKind::Avn(aiven::AvnVerb::Update) => "avn service update command",
            InputKind::Aws(aws::AwsInput::PlanJson) => "AWS Backup plan",
            InputKind::Aws(aws::AwsInput::GetBackupPlanOutput) => {
                "aws backup get-backup-plan output"
            }
            InputKind::Aws(aws::AwsInput::Command(aws::AwsVerb::CreateBackupPlan)) => {
                "aws backup create-backup-plan command"
            }
            InputKind::Aws(aws::AwsInput::Command(aws::AwsVerb::UpdateBackupPlan)) => {
                "aws backup update-backup-plan command"
            }
            InputKind::Terraform(terraform::TfResource::AwsBackupPlan) => {
                "Terraform aws_backup_plan"
            }
            InputKind::Terraform(terraform::TfResource::AivenService) => {
                "Terraform aiven_pg/aiven_mysql service"
            }
            InputKind::TerraformJson(terraform::TfResource::AwsBackupPlan) => {
                "terraform show -json output with an aws_backup_plan"
            }
            InputKind::TerraformJson(terraform::TfResource::AivenService) => {
                "terraform show -json output with an Aiven service"
            }
            InputKind::ZillizPolicy => "Zilliz Cloud backup policy",
            InputKind::ZillizCreateBackup => "Zilliz Cloud Create Backup request",
            InputKind::OrgBackupPolicy => "AWS Organizations backup policy",
            InputKind::CloudFormation => "CloudFormation AWS::Backup::BackupPlan",
        }
    }
}

/// What an import produced: the scenario and what the parser did not use.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub kind: InputKind,
    pub scenario: Scenario,
    pub warnings: Vec<Problem>,
    /// An Aiven update read with no service to apply it to and naming no
    /// cloud: the service around it is a stand-in, and the rules that need
    /// the real service's cloud cannot be checked.
    pub needs_service: bool,
}

/// Settings an import needs that the imported format does not carry.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportDefaults {
    /// Start of the simulated span.
    pub start: DateTime<Utc>,
    /// AWS region of a backup plan whose JSON does not say (it is a CLI flag).
    pub aws_region: Option<String>,
    /// Terraform variable values, as `.tfvars` texts (`name = value`
    /// lines), in Terraform's order of precedence: a later text wins.
    pub tf_vars: Vec<String>,
    /// Regions of Terraform provider configurations the input does not
    /// configure itself (a module's `configuration_aliases`, passed in by
    /// its caller): (`aws.dr`, `us-west-2`).
    pub provider_regions: Vec<(String, String)>,
}

/// The deepest brackets and braces may nest in any input (HCL, YAML, JSON).
pub const MAX_NESTING: usize = 128;

/// Refuses text whose brackets and braces nest past [`MAX_NESTING`], before
/// a parser recurses into it.
pub fn check_flow_nesting(text: &str) -> Result<(), FormatError> {
    let depth = nesting_depth(text);
    if depth > MAX_NESTING {
        return Err(FormatError::Limit(format!(
            "brackets and braces nest {depth} deep; the readers' limit is {MAX_NESTING}"
        )));
    }
    Ok(())
}

/// How deeply brackets and braces nest in a text (outside quoted strings).
fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut max, mut quoted, mut escaped) = (0usize, 0usize, false, false);
    for c in text.chars() {
        if quoted {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => quoted = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            '[' | '{' | '(' => {
                depth += 1;
                max = max.max(depth);
            }
            ']' | '}' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

pub(crate) fn check_size(text: &str) -> Result<&str, FormatError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(FormatError::TooLarge {
            size: text.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let t = text.trim_start_matches('\u{feff}').trim();
    if t.is_empty() {
        return Err(FormatError::Empty);
    }
    Ok(t)
}

pub(crate) fn parse_json(text: &str) -> Result<serde_json::Value, FormatError> {
    let t = check_size(text)?;
    serde_json::from_str(t).map_err(|e| FormatError::Syntax {
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })
}

pub(crate) fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

pub(crate) fn unknown_field(prefix: &str, path: &str, what: &str) -> Problem {
    let field = if prefix.is_empty() {
        path.to_string()
    } else if path.is_empty() {
        prefix.to_string()
    } else {
        format!("{prefix}.{path}")
    };
    Problem {
        severity: Severity::Warning,
        field,
        value: "…".into(),
        rule: Rule::UnknownField,
        message: format!("not a field of {what}; it is ignored"),
    }
}

/// Deserializes a JSON value into `T`, turning unused fields into warnings and
/// type errors into a `FormatError` naming the field path.
pub(crate) fn typed<T: DeserializeOwned>(
    value: serde_json::Value,
    prefix: &str,
    what: &str,
    warnings: &mut Vec<Problem>,
) -> Result<T, FormatError> {
    let mut unknown = Vec::new();
    let mut record = |path: serde_ignored::Path<'_>| unknown.push(path.to_string());
    let de = serde_ignored::Deserializer::new(value, &mut record);
    let out: Result<T, _> = serde_path_to_error::deserialize(de);
    match out {
        Ok(v) => {
            warnings.extend(unknown.iter().map(|p| unknown_field(prefix, p, what)));
            Ok(v)
        }
        Err(e) => {
            let path = e.path().to_string();
            let field = match (prefix.is_empty(), path == ".") {
                (_, true) => prefix.to_string(),
                (true, false) => path,
                (false, false) => format!("{prefix}.{path}"),
            };
            Err(FormatError::field(
                if field.is_empty() {
                    "(top level)".into()
                } else {
                    field
                },
                e.into_inner().to_string(),
            ))
        }
    }
}

/// Tells which format a text is in, from its content.
pub fn detect(text: &str) -> Result<InputKind, FormatError> {
    let t = check_size(text)?;
    let first = t.split_whitespace().next().unwrap_or("");
    if first == "avn" {
        return Ok(InputKind::Avn(aiven::avn_verb(t)?));
    }
    if first == "aws" {
        return Ok(InputKind::Aws(aws::kind_of(t)?));
    }
    if cloudformation::template_or_error(t)?.is_some() {
        return Ok(InputKind::CloudFormation);
    }
    if !t.starts_with('{') {
        if let Some(r) = terraform::detect_or_error(t)? {
            return Ok(InputKind::Terraform(r));
        }
        return Err(FormatError::Unrecognized(
            "expected a JSON object (a scenario, an AWS Backup plan, an AWS Organizations backup policy, an Aiven service body, a Zilliz Cloud backup policy or Create Backup request, terraform show -json output), Terraform with an aws_backup_plan or aiven_pg/aiven_mysql resource, a CloudFormation template, an avn command or an aws backup create-backup-plan command"
                .into(),
        ));
    }
    let v = parse_json(t)?;
    let o = v
        .as_object()
        .ok_or_else(|| FormatError::Unrecognized("expected a JSON object".into()))?;
    if let Some(r) = terraform_json::detect(&v) {
        Ok(InputKind::TerraformJson(r))
    } else if zilliz::is_create_backup(&v) {
        Ok(InputKind::ZillizCreateBackup)
    } else if zilliz::is_policy(&v) {
        Ok(InputKind::ZillizPolicy)
    } else if org_policy::is_policy(&v) {
        Ok(InputKind::OrgBackupPolicy)
    } else if o.contains_key("version") && o.contains_key("platform") {
        Ok(InputKind::Scenario)
    } else if o.contains_key("BackupPlan")
        || o.contains_key("BackupPlanName")
        || o.contains_key("Rules")
    {
        Ok(InputKind::Aws(aws::kind_of(t)?))
    } else if o.contains_key("service_type") || o.contains_key("service_name") {
        Ok(InputKind::AivenCreate)
    } else if o.contains_key("user_config") || o.contains_key("cloud") || o.contains_key("plan") {
        Ok(InputKind::AivenUpdate)
    } else {
        Err(FormatError::Unrecognized(
            "a JSON object with none of: version+platform (scenario), BackupPlanName/Rules (AWS plan), service_type/service_name (Aiven ServiceCreate), user_config/cloud/plan (Aiven ServiceUpdate), enabled/frequency/crossRegionCopies (Zilliz backup policy), backupType (Zilliz Create Backup), plans (AWS Organizations backup policy)".into(),
        ))
    }
}

/// Imports any supported format into a scenario. A ServiceUpdate body is
/// applied to `base` when given (it carries no cloud or plan of its own).
pub fn import(
    text: &str,
    defaults: &ImportDefaults,
    base: Option<&Scenario>,
) -> Result<Imported, FormatError> {
    let kind = detect(text)?;
    let mut warnings = Vec::new();
    let scenario = match kind {
        InputKind::Scenario => scenario_file::from_json(text, &mut warnings)?,
        InputKind::AivenCreate => {
            let start = aiven_base(base, defaults);
            aiven::apply_create_body(&start, text, &mut warnings)?
        }
        InputKind::AivenUpdate => {
            let start = aiven_base(base, defaults);
            aiven::apply_update_body(&start, text, &mut warnings)?
        }
        InputKind::Avn(_) => {
            let start = aiven_base(base, defaults);
            aiven::apply_avn_command(&start, text, &mut warnings)?
        }
        InputKind::Aws(_) => {
            let start = aws_base(base, defaults);
            aws::apply_plan(&start, text, defaults.aws_region.as_deref(), &mut warnings)?
        }
        InputKind::OrgBackupPolicy => {
            let start = aws_base(base, defaults);
            let account = match &start.platform {
                crate::domain::scenario::Platform::Aws(a) => a.account_id.clone(),
                _ => String::new(),
            };
            let v = parse_json(text)?;
            let (plan, region) =
                org_policy::plan_json(&v, defaults.aws_region.as_deref(), &account, &mut warnings)?;
            aws::apply_plan(&start, &plan, Some(&region), &mut warnings)?
        }
        InputKind::CloudFormation => {
            let start = aws_base(base, defaults);
            let (region, account) = match &start.platform {
                crate::domain::scenario::Platform::Aws(a) => (
                    defaults
                        .aws_region
                        .clone()
                        .unwrap_or_else(|| a.region.clone()),
                    a.account_id.clone(),
                ),
                _ => (String::new(), String::new()),
            };
            // A template is deployed into a region and account it does not
            // name: AWS::Region and AWS::AccountId are the scenario's.
            warnings.push(Problem {
                severity: Severity::Warning,
                field: "AWS::Region".into(),
                value: format!("{region} / {account}"),
                rule: Rule::CloudformationPseudoAssumed,
                message: format!(
                    "the stack's region and account are not in the template; AWS::Region is taken as {region} and AWS::AccountId as {account} (pass --region to choose the region)"
                ),
            });
            cloudformation::apply(&start, text, &region, &account, &mut warnings)?
        }
        InputKind::Terraform(terraform::TfResource::AivenService) => {
            let start = aiven_base(base, defaults);
            terraform::apply_aiven(&start, text, &defaults.tf_vars, &mut warnings)?
        }
        InputKind::ZillizPolicy => {
            // The current Zilliz cluster, or a blank one (said in a warning).
            let start = match base {
                Some(b) => b.clone(),
                None => aiven_base(None, defaults),
            };
            zilliz::apply_policy(&start, text, &mut warnings)?
        }
        InputKind::ZillizCreateBackup => {
            let start = match base {
                Some(b) => b.clone(),
                None => aiven_base(None, defaults),
            };
            zilliz::apply_create_backup(&start, text, &mut warnings)?
        }
        InputKind::TerraformJson(r) => {
            let start = match r {
                terraform::TfResource::AwsBackupPlan => aws_base(base, defaults),
                terraform::TfResource::AivenService => aiven_base(base, defaults),
            };
            let v = parse_json(text)?;
            terraform_json::apply(&start, &v, defaults.aws_region.as_deref(), &mut warnings)?
        }
        InputKind::Terraform(terraform::TfResource::AwsBackupPlan) => {
            let start = aws_base(base, defaults);
            let account = match &start.platform {
                crate::domain::scenario::Platform::Aws(a) => a.account_id.clone(),
                _ => String::new(),
            };
            // Terraform does not write the account into the file: vault ARNs
            // are built with the current scenario's, and that is said.
            warnings.push(Problem {
                severity: Severity::Warning,
                field: "account_id".into(),
                value: account.clone(),
                rule: Rule::TerraformAccountAssumed,
                message: format!(
                    "the account id is not in Terraform text; vault ARNs use {account}, the current scenario's"
                ),
            });
            terraform::apply(
                &start,
                text,
                defaults.aws_region.as_deref(),
                &account,
                &defaults.tf_vars,
                &defaults.provider_regions,
                &mut warnings,
            )?
        }
    };
    let update = matches!(
        kind,
        InputKind::AivenUpdate | InputKind::Avn(aiven::AvnVerb::Update)
    );
    let needs_service = update && base.is_none() && !aiven::update_names_cloud(text);
    if needs_service {
        warnings.push(Problem {
            severity: Severity::Warning,
            field: "cloud".into(),
            value: "none".into(),
            rule: Rule::UpdateNeedsService,
            message: "an update does not name the service it changes or its cloud: the service shown is a stand-in, and the same-provider and not-the-primary rules need the real one (btar: --base SCENARIO)".into(),
        });
    }
    Ok(Imported {
        kind,
        scenario,
        warnings,
        needs_service,
    })
}

/// The AWS scenario an AWS format is read onto: the current one if it is
/// AWS, else a blank AWS scenario.
fn aws_base(base: Option<&Scenario>, defaults: &ImportDefaults) -> Scenario {
    match base {
        Some(b) if matches!(b.platform, crate::domain::scenario::Platform::Aws(_)) => b.clone(),
        _ => Scenario::blank(
            crate::domain::scenario::Platform::Aws(crate::domain::scenario::AwsBackup::blank()),
            defaults.start,
        ),
    }
}

/// A plan AWS would refuse, read from a template: the error also names the
/// expressions the template did not resolve, as they are the usual cause.
pub(crate) fn with_unresolved(e: FormatError, what: &str, notes: &[Problem]) -> FormatError {
    // The size checked here is of the plan made from the input, not of
    // the input: say so.
    let e = match e {
        FormatError::TooLarge { size, limit } => FormatError::Limit(format!(
            "the plan read from the {what} is {size} bytes once its expressions are expanded; the limit is {limit}"
        )),
        other => other,
    };
    let unresolved: Vec<String> = notes
        .iter()
        .filter(|p| {
            matches!(
                p.rule,
                Rule::TerraformUnresolved | Rule::CloudformationUnresolved
            )
        })
        .map(|p| format!("{} = {}", p.field, p.value))
        .collect();
    if unresolved.is_empty() {
        e
    } else {
        FormatError::Field {
            field: what.into(),
            message: format!(
                "{e}; not resolved from the input: {}",
                unresolved.join(", ")
            ),
        }
    }
}

fn aiven_base(base: Option<&Scenario>, defaults: &ImportDefaults) -> Scenario {
    match base {
        Some(b) if matches!(b.platform, crate::domain::scenario::Platform::Aiven(_)) => b.clone(),
        _ => Scenario::blank(
            crate::domain::scenario::Platform::Aiven(crate::domain::scenario::AivenService::blank()),
            defaults.start,
        ),
    }
}

/// The Aiven scenario the format tests start from.
#[cfg(test)]
pub(crate) fn test_scenario() -> Scenario {
    Scenario::blank(
        crate::domain::scenario::Platform::Aiven(crate::domain::scenario::AivenService::blank()),
        "2026-01-01T00:00:00Z".parse().expect("a valid time"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detect_tells_the_formats_apart() {
        assert_eq!(
            detect(r#"{"version":1,"platform":{}}"#),
            Ok(InputKind::Scenario)
        );
        assert_eq!(
            detect(r#"{"BackupPlanName":"x","Rules":[]}"#),
            Ok(InputKind::Aws(aws::AwsInput::PlanJson))
        );
        assert_eq!(
            detect(r#"{"BackupPlan":{}}"#),
            Ok(InputKind::Aws(aws::AwsInput::PlanJson))
        );
        assert_eq!(
            detect(r#"{"BackupPlan":{},"BackupPlanId":"x","VersionId":"y"}"#),
            Ok(InputKind::Aws(aws::AwsInput::GetBackupPlanOutput))
        );
        assert_eq!(
            detect(r#"{"service_type":"pg"}"#),
            Ok(InputKind::AivenCreate)
        );
        assert_eq!(
            detect(r#"{"cloud":"aws-eu-west-1"}"#),
            Ok(InputKind::AivenUpdate)
        );
        assert_eq!(detect(r#"{"user_config":{}}"#), Ok(InputKind::AivenUpdate));
        assert_eq!(
            detect("avn service update x"),
            Ok(InputKind::Avn(aiven::AvnVerb::Update))
        );
        // The verb is read from the words, not found in the text.
        assert_eq!(
            detect("avn service create orders-update-v2 --service-type pg"),
            Ok(InputKind::Avn(aiven::AvnVerb::Create))
        );
        assert_eq!(
            detect("aws backup create-backup-plan"),
            Ok(InputKind::Aws(aws::AwsInput::Command(
                aws::AwsVerb::CreateBackupPlan
            )))
        );
        assert_eq!(
            detect("aws --profile prod --region eu-west-1 backup update-backup-plan --backup-plan-id x"),
            Ok(InputKind::Aws(aws::AwsInput::Command(
                aws::AwsVerb::UpdateBackupPlan
            )))
        );
    }

    #[test]
    fn detect_refuses_garbage_with_a_reason() {
        assert_eq!(detect("   "), Err(FormatError::Empty));
        assert!(matches!(detect("hello"), Err(FormatError::Unrecognized(_))));
        assert!(matches!(
            detect("{\"a\":1}"),
            Err(FormatError::Unrecognized(_))
        ));
        assert!(matches!(
            detect("{\"a\":"),
            Err(FormatError::Syntax { line: 1, .. })
        ));
        assert!(matches!(detect("[1,2]"), Err(FormatError::Unrecognized(_))));
        let big = format!("{{\"x\":\"{}\"}}", "a".repeat(MAX_INPUT_BYTES));
        assert!(matches!(detect(&big), Err(FormatError::TooLarge { .. })));
    }
}
