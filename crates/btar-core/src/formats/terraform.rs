//! Terraform `.tf` text: `aws_backup_plan` resources (rules, `copy_action`,
//! lifecycles, `enable_continuous_backup`, `schedule_expression_timezone`,
//! windows), the vaults they name (`aws_backup_vault`), and the providers'
//! regions, aliases included. Parsed with the `hcl-rs` crate; expressions are
//! evaluated with what the input itself resolves (variable defaults, locals,
//! references to vaults in the same input); every expression it cannot
//! resolve is named with the value assumed. The plan is then read as the AWS
//! plan JSON it stands for, so every AWS rule applies to it.

use std::collections::BTreeMap;

use super::hcl_eval::{EvalError, Scope};
use hcl::{Block, Body, Expression, Value};
use serde_json::{json, Map, Value as Json};

use super::{aws, check_size, FormatError};
use crate::domain::rules::Rule;
use crate::domain::scenario::Scenario;
use crate::domain::validation::{Problem, Severity};

/// Which resource a Terraform input is read for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TfResource {
    /// `aws_backup_plan` (with its vaults).
    AwsBackupPlan,
    /// `aiven_pg` or `aiven_mysql` (with `additional_backup_regions`).
    AivenService,
}

/// An `aiven_pg`/`aiven_mysql` argument and the ServiceCreate field it is.
pub(crate) const AIVEN_FIELDS: [(&str, &str); 4] = [
    ("cloud_name", "cloud"),
    ("plan", "plan"),
    ("service_name", "service_name"),
    ("project", "project"),
];

/// An `aws_backup_plan` rule's text arguments and the API fields they are.
pub(crate) const RULE_TEXT_FIELDS: [(&str, &str); 4] = [
    ("rule_name", "RuleName"),
    ("target_vault_name", "TargetBackupVaultName"),
    ("schedule", "ScheduleExpression"),
    ("schedule_expression_timezone", "ScheduleExpressionTimezone"),
];

/// An `aws_backup_plan` rule's window arguments (minutes) and their API fields.
pub(crate) const RULE_WINDOW_FIELDS: [(&str, &str); 2] = [
    ("start_window", "StartWindowMinutes"),
    ("completion_window", "CompletionWindowMinutes"),
];

/// The Aiven resource types whose user config has
/// `additional_backup_regions`, with their service type.
const AIVEN_SERVICES: [(&str, &str); 2] = [("aiven_pg", "pg"), ("aiven_mysql", "mysql")];

/// The most blocks `dynamic` blocks may make in one plan.
pub const MAX_DYNAMIC_BLOCKS: usize = 2_000;

/// What Terraform text holds that the planner reads, if anything: a backup
/// plan first, else an Aiven service.
pub fn detect(text: &str) -> Option<TfResource> {
    detect_or_error(text).ok().flatten()
}

/// As [`detect`], but text that is Terraform and does not parse (or nests
/// past the limit) is that error, with its line and column.
pub fn detect_or_error(text: &str) -> Result<Option<TfResource>, FormatError> {
    let b = match parse(text) {
        Ok(b) => b,
        Err(e) if looks_like_terraform(text) => return Err(e),
        Err(_) => return Ok(None),
    };
    if resources(&b, "aws_backup_plan").next().is_some() {
        return Ok(Some(TfResource::AwsBackupPlan));
    }
    if AIVEN_SERVICES
        .iter()
        .any(|(kind, _)| resources(&b, kind).next().is_some())
    {
        return Ok(Some(TfResource::AivenService));
    }
    // A plan declared inside a module the file calls: say so, and where.
    if let Some(m) = b.blocks().find(|m| m.identifier() == "module") {
        let name = m.labels().first().map_or("", |l| l.as_str());
        let source = match attr(m.body(), "source") {
            Some(Expression::String(s)) => format!(" (source \"{s}\")"),
            _ => String::new(),
        };
        return Err(FormatError::field(
            format!("module.{name}"),
            format!("this Terraform calls module \"{name}\"{source} and declares no aws_backup_plan or Aiven service itself: the plan is inside the module. Validate the module's directory (its variables' defaults, or --base for what they stand for), or a file that declares the resource"),
        ));
    }
    Ok(None)
}

/// A call of a local module (`source = "./…"` or `"../…"`) by Terraform
/// that declares no plan or service itself: where the plan is.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalModule {
    /// `module "NAME"`.
    pub name: String,
    /// The module's directory, relative to the caller's.
    pub source: String,
    /// The call's inputs, evaluated in the caller's context (its variables
    /// and locals), as `.tfvars` text: the module's variables take them as
    /// Terraform gives them.
    pub inputs: String,
    /// Inputs the caller cannot resolve (a data source, a resource's
    /// attribute, a variable with no value): left out, so the module's
    /// variable is unknown there, and named here.
    pub unresolved: Vec<String>,
    /// The regions of the provider configurations the module is given:
    /// the caller's default `aws` (which Terraform passes implicitly), and
    /// each `providers = { aws.dr = aws.west }` entry whose configuration
    /// the caller gives a region; (`aws` or `aws.ALIAS`, region).
    pub provider_regions: Vec<(String, String)>,
}

/// One provider configuration's region, written `PROVIDER=REGION`
/// (`aws.dr=us-west-2`; the provider is `aws`, `aws.ALIAS` or the alias
/// alone): what `--provider-region` and the app's field give a module
/// whose caller passes its providers in. The error says what is wrong with
/// `v`, for the caller to prefix with the field's name.
pub fn provider_region(v: &str) -> Result<(String, String), String> {
    use crate::domain::catalog::{by_provider_id, Provider};
    let (p, r) = v
        .split_once('=')
        .ok_or_else(|| format!("'{v}': expected PROVIDER=REGION, e.g. aws.dr=us-west-2"))?;
    let (p, r) = (p.trim(), r.trim());
    if p.is_empty() {
        return Err(format!("'{v}': the provider is empty (PROVIDER=REGION)"));
    }
    if by_provider_id(Provider::Aws, r).is_none() {
        return Err(format!(
            "'{v}': '{r}' is not an AWS region the planner knows (btar regions aws)"
        ));
    }
    Ok((p.to_string(), r.to_string()))
}

/// A list of `PROVIDER=REGION` assignments separated by commas, spaces or
/// new lines (the app's field); empty for blank text.
pub fn provider_region_list(text: &str) -> Result<Vec<(String, String)>, String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|v| !v.is_empty())
        .map(provider_region)
        .collect()
}

/// The local module `text` calls when it declares no aws_backup_plan or
/// Aiven service itself (the first such call); `None` otherwise. The
/// arguments Terraform gives a module block itself (`source`, `version`,
/// `providers`, `count`, `for_each`, `depends_on`) are not inputs.
pub fn local_module(text: &str, tf_vars: &[String]) -> Result<Option<LocalModule>, FormatError> {
    let t = check_size(text)?;
    let Ok(body) = parse(t) else {
        return Ok(None);
    };
    if resources(&body, "aws_backup_plan").next().is_some()
        || AIVEN_SERVICES
            .iter()
            .any(|(kind, _)| resources(&body, kind).next().is_some())
    {
        return Ok(None);
    }
    let call = body
        .blocks()
        .filter(|m| m.identifier() == "module")
        .find_map(|m| match attr(m.body(), "source") {
            Some(Expression::String(s)) if s.starts_with("./") || s.starts_with("../") => {
                Some((m, s.clone()))
            }
            _ => None,
        });
    let Some((m, source)) = call else {
        return Ok(None);
    };
    let mut r = Reader::for_body(&body, tf_vars)?;
    let caller = provider_regions(&body, &mut r);
    let mut given: Vec<(String, String)> = Vec::new();
    if let Some(Expression::Object(map)) = attr(m.body(), "providers") {
        for (k, v) in map {
            let inner = k.to_string().trim().trim_matches('"').to_string();
            if let Some(region) = caller.get(v.to_string().trim()) {
                given.push((inner, region.clone()));
            }
        }
    }
    if !given.iter().any(|(k, _)| k == "aws") {
        if let Some(region) = caller.get("aws") {
            given.push(("aws".into(), region.clone()));
        }
    }
    let mut inputs = hcl::Body::builder();
    let mut unresolved = Vec::new();
    for a in m.body().attributes() {
        let key = a.key();
        if matches!(
            key,
            "source" | "version" | "providers" | "count" | "for_each" | "depends_on"
        ) {
            continue;
        }
        match r.scope.eval(a.expr()) {
            Ok(v) => inputs = inputs.add_attribute((key, Expression::from(v))),
            Err(_) => unresolved.push(format!("{key} = {}", a.expr().to_string().trim())),
        }
    }
    Ok(Some(LocalModule {
        name: m.labels().first().map_or("", |l| l.as_str()).to_string(),
        source,
        inputs: hcl::format::to_string(&inputs.build()).unwrap_or_default(),
        unresolved,
        provider_regions: given,
    }))
}

/// Whether a line opens a Terraform block (`resource "…"`, `locals {`…).
fn looks_like_terraform(text: &str) -> bool {
    const BLOCKS: [&str; 9] = [
        "resource",
        "data",
        "locals",
        "variable",
        "provider",
        "module",
        "terraform",
        "output",
        "dynamic",
    ];
    text.lines().any(|l| {
        let mut words = l.split_whitespace();
        let (Some(first), Some(second)) = (words.next(), words.next()) else {
            return false;
        };
        BLOCKS.contains(&first) && (second.starts_with('"') || second.starts_with('{'))
    })
}

/// Whether `text` is Terraform with an `aws_backup_plan` resource.
pub fn is_backup_plan(text: &str) -> bool {
    detect(text) == Some(TfResource::AwsBackupPlan)
}

/// Reads Terraform text with an `aiven_pg` or `aiven_mysql` resource onto
/// `base` (an Aiven scenario), as the ServiceCreate body it stands for, so
/// every Aiven rule applies to it.
pub fn apply_aiven(
    base: &Scenario,
    text: &str,
    tf_vars: &[String],
    warnings: &mut Vec<Problem>,
) -> Result<Scenario, FormatError> {
    let t = check_size(text)?;
    let body = parse(t)?;
    let mut r = Reader::for_body(&body, tf_vars)?;
    let mut found = AIVEN_SERVICES.iter().flat_map(|(kind, service_type)| {
        resources(&body, kind).map(move |(label, b)| (*kind, *service_type, label, b))
    });
    let Some((kind, service_type, label, b)) = found.next() else {
        return Err(FormatError::Unrecognized(
            "Terraform without an aiven_pg or aiven_mysql resource".into(),
        ));
    };
    if let Some((k2, _, l2, _)) = found.next() {
        r.notes.push(Problem {
            severity: Severity::Warning,
            field: format!("{k2}.{l2}"),
            value: "a second service".into(),
            rule: Rule::TerraformOneService,
            message: format!("only the first service, {kind}.{label}, is imported"),
        });
    }
    let rf = format!("{kind}.{label}");
    let mut o = Map::new();
    o.insert("service_type".into(), service_type.into());
    for (tf, api) in AIVEN_FIELDS {
        if let Some(e) = attr(b.body(), tf) {
            if let Some(v) = r.string(&format!("{rf}.{tf}"), e) {
                o.insert(api.into(), v.into());
            }
        }
    }
    // The user config: a block (provider 4.x and later) or an object.
    let uc_name = format!("{service_type}_user_config");
    let mut uc = Map::new();
    let ucf = format!("{rf}.{uc_name}");
    let mut read_uc = |key: &str, v: Value, r: &mut Reader| match key {
        "additional_backup_regions" => {
            let list = match v {
                Value::Array(items) => items
                    .into_iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect::<Vec<_>>(),
                Value::String(one) => {
                    r.notes.push(Problem {
                        severity: Severity::Error,
                        field: format!("{ucf}.additional_backup_regions"),
                        value: format!("\"{one}\""),
                        rule: Rule::TerraformType,
                        message: format!(
                            "additional_backup_regions is a list in the Aiven provider: write [\"{one}\"]"
                        ),
                    });
                    vec![one]
                }
                _ => Vec::new(),
            };
            uc.insert(key.into(), json!(list));
        }
        "backup_hour" | "backup_minute" => {
            let n = match &v {
                Value::Number(n) => n.as_u64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            };
            if let Some(n) = n {
                uc.insert(key.into(), n.into());
            }
        }
        other => r.notes.push(Problem {
            severity: Severity::Warning,
            field: format!("{ucf}.{other}"),
            value: v.to_string(),
            rule: Rule::TerraformUnused,
            message: "not modelled by the planner: no effect on backups to other regions".into(),
        }),
    };
    if let Some(block) = b.body().blocks().find(|x| x.identifier() == uc_name) {
        for a in block.body().attributes() {
            if let Some(v) = r.eval(&format!("{ucf}.{}", a.key()), a.expr()) {
                read_uc(a.key(), v, &mut r);
            }
        }
    } else if let Some(e) = attr(b.body(), &uc_name) {
        if let Some(Value::Object(m)) = r.eval(&ucf, e) {
            for (k, v) in m {
                read_uc(&k, v, &mut r);
            }
        }
    }
    if !uc.is_empty() {
        o.insert("user_config".into(), Json::Object(uc));
    }
    let modelled = [
        "cloud_name",
        "plan",
        "service_name",
        "project",
        uc_name.as_str(),
    ];
    for a in b
        .body()
        .attributes()
        .filter(|a| !modelled.contains(&a.key()))
    {
        r.notes.push(Problem {
            severity: Severity::Warning,
            field: format!("{rf}.{}", a.key()),
            value: a.expr().to_string(),
            rule: Rule::TerraformUnused,
            message: "not modelled by the planner: no effect on backups to other regions".into(),
        });
    }
    r.check_limits()?;
    let text = Json::Object(o).to_string();
    match super::aiven::apply_create_body(base, &text, warnings) {
        Ok(s) => {
            warnings.extend(r.notes);
            Ok(s)
        }
        Err(e) => Err(super::with_unresolved(e, "Terraform", &r.notes)),
    }
}

fn resources<'a>(body: &'a Body, kind: &'a str) -> impl Iterator<Item = (&'a str, &'a Block)> {
    body.blocks().filter_map(move |b| {
        let labels: Vec<&str> = b.labels().iter().map(|l| l.as_str()).collect();
        (b.identifier() == "resource" && labels.first() == Some(&kind))
            .then(|| (labels.get(1).copied().unwrap_or(""), b))
    })
}

fn attr<'a>(body: &'a Body, key: &str) -> Option<&'a Expression> {
    body.attributes().find(|a| a.key() == key).map(|a| a.expr())
}

struct Reader {
    scope: Scope,
    notes: Vec<Problem>,
    /// Fields the input does not know, with the stand-ins they hold.
    unknowns: Vec<crate::domain::scenario::Unknown>,
}

/// Parses HCL, refusing nesting deeper than the evaluator walks before the
/// parser recurses into it.
pub(crate) fn parse(text: &str) -> Result<Body, FormatError> {
    super::check_flow_nesting(text)?;
    hcl::parse(text).map_err(|e| FormatError::HclSyntax(e.to_string().trim().to_string()))
}

impl Reader {
    /// Refuses the read if an evaluation met a limit.
    fn check_limits(&self) -> Result<(), FormatError> {
        match self.scope.limit_met() {
            Some(m) => Err(FormatError::Limit(format!("Terraform: {m}"))),
            None => Ok(()),
        }
    }

    /// Evaluates `expr` at `field`; what it cannot resolve is named, with
    /// the value assumed (`None`: the field is left out).
    fn eval(&mut self, field: &str, expr: &Expression) -> Option<Value> {
        match self.scope.eval(expr) {
            Ok(v) => Some(v),
            Err(EvalError::Limit(_)) => None,
            Err(EvalError::Unresolved(e)) => {
                self.notes.push(Problem {
                    severity: Severity::Warning,
                    field: field.to_string(),
                    value: expr.to_string(),
                    rule: Rule::TerraformUnresolved,
                    message: format!(
                        "this expression could not be resolved from the input ({e}); the field is left out"
                    ),
                });
                None
            }
        }
    }

    /// A text the plan needs at scenario field `field`: its value, or when
    /// the input does not know it (a value known only after apply, a
    /// variable with no default) `stand_in`, recorded as unknown with the
    /// expression so validation judges the field by what it is.
    fn text_or_stand_in(
        &mut self,
        tf_field: &str,
        field: String,
        expr: &Expression,
        stand_in: String,
    ) -> Option<String> {
        match self.scope.eval(expr) {
            Err(EvalError::Unresolved(_)) => {
                self.unknowns.push(crate::domain::scenario::Unknown {
                    field,
                    expression: expr.to_string(),
                    stand_in: stand_in.clone(),
                });
                Some(stand_in)
            }
            _ => self.string(tf_field, expr),
        }
    }

    fn string(&mut self, field: &str, expr: &Expression) -> Option<String> {
        match self.eval(field, expr)? {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                self.notes.push(Problem {
                    severity: Severity::Warning,
                    field: field.to_string(),
                    value: other.to_string(),
                    rule: Rule::TerraformType,
                    message: "expected a string here; the field is left out".into(),
                });
                None
            }
        }
    }

    fn int(&mut self, field: &str, expr: &Expression) -> Option<i64> {
        match self.eval(field, expr)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    fn bool(&mut self, field: &str, expr: &Expression) -> Option<bool> {
        match self.eval(field, expr)? {
            Value::Bool(b) => Some(b),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }

    fn lifecycle(&mut self, field: &str, b: &Body) -> Json {
        let mut lc = Map::new();
        for (tf, api) in [
            ("cold_storage_after", "MoveToColdStorageAfterDays"),
            ("delete_after", "DeleteAfterDays"),
        ] {
            if let Some(e) = attr(b, tf) {
                if let Some(v) = self.int(&format!("{field}.{tf}"), e) {
                    lc.insert(api.into(), v.into());
                }
            }
        }
        Json::Object(lc)
    }
}

/// Region of each provider configuration: "aws" and "aws.ALIAS".
fn provider_regions(body: &Body, r: &mut Reader) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for b in body.blocks().filter(|b| b.identifier() == "provider") {
        if b.labels().first().map(|l| l.as_str()) != Some("aws") {
            continue;
        }
        let alias = attr(b.body(), "alias").and_then(|e| r.string("provider.aws.alias", e));
        let key = alias.map_or("aws".to_string(), |a| format!("aws.{a}"));
        if let Some(e) = attr(b.body(), "region") {
            if let Some(region) = r.string(&format!("provider.{key}.region"), e) {
                out.insert(key, region);
            }
        }
    }
    out
}

/// The provider configuration a resource uses (`provider = aws.west`).
fn provider_of(b: &Block) -> String {
    attr(b.body(), "provider").map_or("aws".to_string(), |e| e.to_string().trim().to_string())
}

impl Reader {
    /// A reader whose context holds the input's variables (their values
    /// from `tf_vars`, `.tfvars` text, else their defaults) and locals
    /// (`var.NAME`, `local.NAME`).
    fn for_body(body: &Body, tf_vars: &[String]) -> Result<Reader, FormatError> {
        let mut r = Reader {
            scope: Scope::new(),
            notes: Vec::new(),
            unknowns: Vec::new(),
        };
        // The values given: later assignments win, as in Terraform.
        let mut values = hcl::Map::new();
        for text in tf_vars {
            let given = parse(text).map_err(|e| FormatError::field("tfvars", e.to_string()))?;
            for a in given.attributes() {
                match r.scope.eval(a.expr()) {
                    Ok(v) => {
                        values.insert(a.key().to_string(), v);
                    }
                    Err(e) => {
                        return Err(FormatError::field(
                            format!("var.{}", a.key()),
                            format!("the value given ({}) cannot be read: {e}", a.expr()),
                        ))
                    }
                }
            }
        }
        // var.NAME: the value given, else the variable's default.
        let mut vars = hcl::Map::new();
        for b in body.blocks().filter(|b| b.identifier() == "variable") {
            let Some(name) = b.labels().first().map(|l| l.as_str().to_string()) else {
                continue;
            };
            if let Some(v) = values.get(&name) {
                vars.insert(name, v.clone());
                continue;
            }
            match attr(b.body(), "default").map(|e| r.scope.eval(e)) {
                Some(Ok(v)) => {
                    vars.insert(name, v);
                }
                _ => r.notes.push(Problem {
                    severity: Severity::Warning,
                    field: format!("var.{name}"),
                    value: "no default".into(),
                    rule: Rule::TerraformUnresolved,
                    message: "this variable has no default in the input; what uses it is unknown: a plan field that needs it holds a stand-in, named in that field's warning".into(),
                }),
            }
        }
        r.scope.declare("var", Value::Object(vars));
        // local.NAME, in passes, so locals may use earlier locals.
        let mut locals = hcl::Map::new();
        let pending: Vec<(String, Expression)> = body
            .blocks()
            .filter(|b| b.identifier() == "locals")
            .flat_map(|b| {
                b.body()
                    .attributes()
                    .map(|a| (a.key().to_string(), a.expr().clone()))
            })
            .collect();
        for _ in 0..4 {
            for (k, e) in &pending {
                if locals.contains_key(k) {
                    continue;
                }
                if let Ok(v) = r.scope.eval(e) {
                    locals.insert(k.clone(), v);
                }
            }
            r.scope.declare("local", Value::Object(locals.clone()));
        }
        Ok(r)
    }
}

/// Expands `dynamic "NAME" { for_each = …, iterator = …, content { … } }`
/// blocks into one `NAME` block per element, with the attributes inside
/// evaluated where they use the iterator (`NAME.value`, `NAME.key`), as
/// Terraform does; the blocks modules write their rules and copy actions
/// with. A `for_each` the input does not resolve is named, and its blocks are
/// left out.
fn expand_dynamic(
    body: &Body,
    ctx: &Scope,
    field: &str,
    notes: &mut Vec<Problem>,
    blocks: &mut usize,
) -> Body {
    let mut out = Body::builder();
    for a in body.attributes() {
        // Resolve what this scope's iterators make resolvable; keep the rest.
        let e = match ctx.eval(a.expr()) {
            Ok(v) => Expression::from(v),
            Err(_) => a.expr().clone(),
        };
        out = out.add_attribute((a.key(), e));
    }
    for b in body.blocks() {
        if b.identifier() != "dynamic" {
            let inner = expand_dynamic(
                b.body(),
                ctx,
                &format!("{field}.{}", b.identifier()),
                notes,
                blocks,
            );
            let mut nb = Block::builder(b.identifier());
            for l in b.labels() {
                nb = nb.add_label(l.as_str());
            }
            out = out.add_block(
                nb.add_attributes(inner.attributes().cloned())
                    .add_blocks(inner.blocks().cloned())
                    .build(),
            );
            continue;
        }
        let Some(name) = b.labels().first().map(|l| l.as_str().to_string()) else {
            continue;
        };
        let f = format!("{field}.dynamic.{name}");
        let iter =
            attr(b.body(), "iterator").map_or(name.clone(), |e| e.to_string().trim().to_string());
        let items: Vec<(Value, Value)> = match attr(b.body(), "for_each").map(|e| ctx.eval(e)) {
            Some(Ok(Value::Array(a))) => a
                .into_iter()
                .enumerate()
                .map(|(i, v)| (Value::from(i as u64), v))
                .collect(),
            Some(Ok(Value::Object(o))) => o.into_iter().map(|(k, v)| (Value::from(k), v)).collect(),
            other => {
                notes.push(Problem {
                    severity: Severity::Warning,
                    field: format!("{f}.for_each"),
                    value: attr(b.body(), "for_each").map(|e| e.to_string()).unwrap_or_default(),
                    rule: Rule::TerraformUnresolved,
                    message: match other {
                        Some(Err(e)) => format!("this for_each could not be resolved from the input ({e}); its {name} blocks are left out"),
                        _ => format!("a dynamic block needs a list or map for_each; its {name} blocks are left out"),
                    },
                });
                continue;
            }
        };
        let Some(content) = b.body().blocks().find(|c| c.identifier() == "content") else {
            continue;
        };
        for (key, value) in items {
            // Nested dynamic blocks multiply: the blocks made are counted.
            *blocks += 1;
            if *blocks > MAX_DYNAMIC_BLOCKS {
                notes.push(Problem {
                    severity: Severity::Error,
                    field: f.clone(),
                    value: format!("more than {MAX_DYNAMIC_BLOCKS} blocks"),
                    rule: Rule::Readable,
                    message: format!("dynamic blocks here expand to more than {MAX_DYNAMIC_BLOCKS} blocks (the reader's limit); the rest are left out"),
                });
                return out.build();
            }
            let mut c = ctx.clone();
            let mut it = hcl::Map::new();
            it.insert("key".to_string(), key);
            it.insert("value".to_string(), value);
            c.declare(iter.as_str(), Value::Object(it));
            let inner = expand_dynamic(content.body(), &c, &f, notes, blocks);
            out = out.add_block(
                Block::builder(name.as_str())
                    .add_attributes(inner.attributes().cloned())
                    .add_blocks(inner.blocks().cloned())
                    .build(),
            );
        }
    }
    out.build()
}

/// Reads Terraform text with an `aws_backup_plan` onto `base` (an AWS
/// scenario); `region` is used when no provider block says.
pub fn apply(
    base: &Scenario,
    text: &str,
    region: Option<&str>,
    account_id: &str,
    tf_vars: &[String],
    given_regions: &[(String, String)],
    warnings: &mut Vec<Problem>,
) -> Result<Scenario, FormatError> {
    let t = check_size(text)?;
    let body = parse(t)?;
    let mut r = Reader::for_body(&body, tf_vars)?;
    let mut regions = provider_regions(&body, &mut r);
    // Regions given for providers the input does not configure (a module's
    // configuration_aliases); a provider block of the input wins.
    for (key, value) in given_regions {
        let key = if key == "aws" || key.starts_with("aws.") {
            key.clone()
        } else {
            format!("aws.{key}")
        };
        match regions.get(&key) {
            Some(own) if own != value => r.notes.push(Problem {
                severity: Severity::Warning,
                field: format!("provider.{key}.region"),
                value: format!("\"{value}\""),
                rule: Rule::UnknownValue,
                message: format!(
                    "the input configures provider {key} in {own} itself: --provider-region {key}={value} is not used"
                ),
            }),
            Some(_) => {}
            None => {
                regions.insert(key, value.clone());
            }
        }
    }
    let stated_region = regions
        .get("aws")
        .cloned()
        .or_else(|| region.map(str::to_string));
    // No provider block and no --region: vaults are in the base scenario's
    // region, as the plan reader assumes it (and says so on `region`).
    let default_region = stated_region.clone().or_else(|| match &base.platform {
        crate::domain::scenario::Platform::Aws(a) if !a.region.is_empty() => Some(a.region.clone()),
        _ => None,
    });
    // Vault ARNs whose region is a stand-in: their provider is passed in by
    // the caller and no region was given for it (ARN, what stands unknown).
    let mut region_stand_ins: Vec<(String, String)> = Vec::new();
    // aws_backup_vault.NAME.{name, arn, id}: ARNs built from the vault's
    // provider region and the account.
    let mut vaults = hcl::Map::new();
    // Vault names the input does not know: (stand-in, expression).
    let mut vault_stand_ins: Vec<(String, String)> = Vec::new();
    for (label, b) in resources(&body, "aws_backup_vault") {
        let name_expr = attr(b.body(), "name");
        let name = match name_expr.map(|e| (e, r.scope.eval(e))) {
            // A name known only after apply: the resource's label stands
            // in, so the plan's references to the vault (its region, its
            // ARN) still resolve.
            Some((e, Err(EvalError::Unresolved(_)))) => {
                let stand_in = vault_stand_in(label);
                vault_stand_ins.push((stand_in.clone(), e.to_string()));
                Some(stand_in)
            }
            Some((e, _)) => r.string(&format!("aws_backup_vault.{label}.name"), e),
            None => None,
        };
        let Some(name) = name else {
            continue;
        };
        let p = provider_of(b);
        let (vault_region, stand_in) = match regions.get(&p) {
            Some(own) => (own.clone(), false),
            // An aliased provider the input does not configure: the
            // module's caller passes it in. Its region is unknown here;
            // the nearest other region stands in, labelled.
            None if p != "aws" => match default_region.as_deref().and_then(nearest_other_region) {
                Some(near) => (near, true),
                None => continue,
            },
            None => match default_region.clone() {
                Some(d) => (d, false),
                None => continue,
            },
        };
        let arn = format!("arn:aws:backup:{vault_region}:{account_id}:backup-vault:{name}");
        if stand_in {
            region_stand_ins.push((
                arn.clone(),
                format!("provider {p}'s region, passed in by the module's caller (give it: --provider-region {p}=REGION)"),
            ));
        }
        let mut v = hcl::Map::new();
        v.insert("name".into(), Value::from(name.clone()));
        v.insert("id".into(), Value::from(name));
        v.insert("arn".into(), Value::from(arn));
        vaults.insert(label.to_string(), Value::Object(v));
    }
    r.scope.declare("aws_backup_vault", Value::Object(vaults));
    // data.aws_backup_vault.NAME: a vault that exists already, named by a
    // literal (or resolvable) name; its ARN from its provider's region.
    let mut data_vaults = hcl::Map::new();
    for b in body.blocks().filter(|b| {
        b.identifier() == "data"
            && b.labels().first().map(|l| l.as_str()) == Some("aws_backup_vault")
    }) {
        let Some(label) = b.labels().get(1).map(|l| l.as_str()) else {
            continue;
        };
        let Some(Ok(Value::String(name))) = attr(b.body(), "name").map(|e| r.scope.eval(e)) else {
            continue;
        };
        let mut v = hcl::Map::new();
        let p = provider_of(b);
        let found = match regions.get(&p) {
            Some(own) => Some((own.clone(), false)),
            None if p != "aws" => default_region
                .as_deref()
                .and_then(nearest_other_region)
                .map(|near| (near, true)),
            None => default_region.clone().map(|d| (d, false)),
        };
        if let Some((vault_region, stand_in)) = found {
            let arn = format!("arn:aws:backup:{vault_region}:{account_id}:backup-vault:{name}");
            if stand_in {
                region_stand_ins.push((
                    arn.clone(),
                    format!("provider {p}'s region, passed in by the module's caller (give it: --provider-region {p}=REGION)"),
                ));
            }
            v.insert("arn".into(), Value::from(arn));
        }
        v.insert("id".into(), Value::from(name.clone()));
        v.insert("name".into(), Value::from(name));
        data_vaults.insert(label.to_string(), Value::Object(v));
    }
    if !data_vaults.is_empty() {
        let mut data = hcl::Map::new();
        data.insert("aws_backup_vault".into(), Value::Object(data_vaults));
        r.scope.declare("data", Value::Object(data));
    }
    let mut plans = resources(&body, "aws_backup_plan");
    let Some((plan_label, plan)) = plans.next() else {
        return Err(FormatError::Unrecognized(
            "Terraform without an aws_backup_plan resource".into(),
        ));
    };
    if let Some((other, _)) = plans.next() {
        r.notes.push(Problem {
            severity: Severity::Warning,
            field: format!("aws_backup_plan.{other}"),
            value: "a second plan".into(),
            rule: Rule::TerraformOnePlan,
            message: format!("only the first plan, aws_backup_plan.{plan_label}, is imported"),
        });
    }
    let pf = format!("aws_backup_plan.{plan_label}");
    let mut made = 0;
    let expanded = expand_dynamic(plan.body(), &r.scope, &pf, &mut r.notes, &mut made);
    if made > MAX_DYNAMIC_BLOCKS {
        return Err(FormatError::Limit(format!(
            "Terraform: the dynamic blocks of {pf} expand to more than {MAX_DYNAMIC_BLOCKS} blocks (the reader's limit)"
        )));
    }
    r.check_limits()?;
    let plan = Block::builder("resource")
        .add_label("aws_backup_plan")
        .add_label(plan_label)
        .add_attributes(expanded.attributes().cloned())
        .add_blocks(expanded.blocks().cloned())
        .build();
    let plan = &plan;
    let name = attr(plan.body(), "name")
        .and_then(|e| r.string(&format!("{pf}.name"), e))
        .unwrap_or_else(|| plan_label.to_string());
    let mut rules = Vec::new();
    for (i, rule) in plan
        .body()
        .blocks()
        .filter(|b| b.identifier() == "rule")
        .enumerate()
    {
        let rf = format!("{pf}.rule[{i}]");
        let rb = rule.body();
        let mut o = Map::new();
        for (tf, api) in RULE_TEXT_FIELDS {
            if let Some(e) = attr(rb, tf) {
                // What stands in for a value the input does not know.
                let stand_in = match api {
                    "RuleName" => Some(format!("rule-{}", i + 1)),
                    "TargetBackupVaultName" => Some("unknown-vault".to_string()),
                    // AWS Backup's default schedule: daily at 05:00 UTC.
                    "ScheduleExpression" => Some("cron(0 5 ? * * *)".to_string()),
                    _ => None,
                };
                let v = match stand_in {
                    Some(x) => r.text_or_stand_in(
                        &format!("{rf}.{tf}"),
                        format!("platform.aws.plan.Rules[{i}].{api}"),
                        e,
                        x,
                    ),
                    None => r.string(&format!("{rf}.{tf}"), e),
                };
                if let Some(v) = v {
                    o.insert(api.into(), v.into());
                }
            }
        }
        for (tf, api) in RULE_WINDOW_FIELDS {
            if let Some(e) = attr(rb, tf) {
                if let Some(v) = r.int(&format!("{rf}.{tf}"), e) {
                    o.insert(api.into(), v.into());
                }
            }
        }
        if let Some(e) = attr(rb, "enable_continuous_backup") {
            if let Some(v) = r.bool(&format!("{rf}.enable_continuous_backup"), e) {
                o.insert("EnableContinuousBackup".into(), v.into());
            }
        }
        if let Some(lc) = rb.blocks().find(|b| b.identifier() == "lifecycle") {
            o.insert(
                "Lifecycle".into(),
                r.lifecycle(&format!("{rf}.lifecycle"), lc.body()),
            );
        }
        let mut copies = Vec::new();
        for (j, c) in rb
            .blocks()
            .filter(|b| b.identifier() == "copy_action")
            .enumerate()
        {
            let cf = format!("{rf}.copy_action[{j}]");
            let mut co = Map::new();
            if let Some(e) = attr(c.body(), "destination_vault_arn") {
                if let Some(v) = r.string(&format!("{cf}.destination_vault_arn"), e) {
                    co.insert("DestinationBackupVaultArn".into(), v.into());
                }
            }
            if let Some(lc) = c.body().blocks().find(|b| b.identifier() == "lifecycle") {
                co.insert(
                    "Lifecycle".into(),
                    r.lifecycle(&format!("{cf}.lifecycle"), lc.body()),
                );
            }
            copies.push(Json::Object(co));
        }
        if !copies.is_empty() {
            o.insert("CopyActions".into(), Json::Array(copies));
        }
        // Scan and index actions: kept as the plan's unmodelled fields (the
        // planner approximates them), under the API's names.
        for (block, api, fields) in [
            (
                "scan_action",
                "ScanActions",
                &[
                    ("malware_scanner", "MalwareScanner"),
                    ("scan_mode", "ScanMode"),
                ][..],
            ),
            (
                "index_action",
                "IndexActions",
                &[("resource_types", "ResourceTypes")][..],
            ),
        ] {
            let items: Vec<Json> = rb
                .blocks()
                .filter(|b| b.identifier() == block)
                .enumerate()
                .map(|(j, b)| {
                    let mut m = Map::new();
                    for (tf, key) in fields {
                        if let Some(v) = attr(b.body(), tf)
                            .and_then(|e| r.eval(&format!("{rf}.{block}[{j}].{tf}"), e))
                            .and_then(|v| serde_json::to_value(v).ok())
                        {
                            m.insert((*key).into(), v);
                        }
                    }
                    Json::Object(m)
                })
                .collect();
            if !items.is_empty() {
                o.insert(api.into(), Json::Array(items));
            }
        }
        // Tags AWS keeps with each recovery point: no effect on backups,
        // kept (and classed so) for the export.
        if let Some(e) = attr(rb, "recovery_point_tags") {
            if let Some(v) = r.eval(&format!("{rf}.recovery_point_tags"), e) {
                if let Ok(j) = serde_json::to_value(v) {
                    o.insert("RecoveryPointTags".into(), j);
                }
            }
        }
        for a in rb.attributes() {
            let known = [
                "rule_name",
                "target_vault_name",
                "schedule",
                "schedule_expression_timezone",
                "start_window",
                "completion_window",
                "enable_continuous_backup",
                "recovery_point_tags",
            ];
            if !known.contains(&a.key()) {
                r.notes.push(Problem {
                    severity: Severity::Warning,
                    field: format!("{rf}.{}", a.key()),
                    value: a.expr().to_string(),
                    rule: Rule::TerraformUnused,
                    message: "not modelled by the planner: no effect on backups".into(),
                });
            }
        }
        rules.push(Json::Object(o));
    }
    let mut plan_json = json!({"BackupPlanName": name, "Rules": rules});
    let advanced: Vec<Json> = plan
        .body()
        .blocks()
        .filter(|b| b.identifier() == "advanced_backup_setting")
        .enumerate()
        .map(|(i, b)| {
            let f = format!("{pf}.advanced_backup_setting[{i}]");
            let get = |r: &mut Reader, k: &str| {
                attr(b.body(), k)
                    .and_then(|e| r.eval(&format!("{f}.{k}"), e))
                    .and_then(|v| serde_json::to_value(v).ok())
                    .unwrap_or(Json::Null)
            };
            json!({"ResourceType": get(&mut r, "resource_type"), "BackupOptions": get(&mut r, "backup_options")})
        })
        .collect();
    if !advanced.is_empty() {
        plan_json["AdvancedBackupSettings"] = Json::Array(advanced);
    }
    let text = serde_json::to_string(&plan_json).unwrap_or_default();
    // Vault policies: whether each vault lets copies in.
    let mut policies: Vec<(String, bool)> = Vec::new();
    for (label, b) in resources(&body, "aws_backup_vault_policy") {
        let f = format!("aws_backup_vault_policy.{label}");
        let Some(vault) = attr(b.body(), "backup_vault_name")
            .and_then(|e| r.string(&format!("{f}.backup_vault_name"), e))
        else {
            continue;
        };
        let Some(e) = attr(b.body(), "policy") else {
            continue;
        };
        // `jsonencode({…})`: the object itself; a string: JSON text.
        let doc = match e {
            Expression::FuncCall(call) if call.name.name.as_str() == "jsonencode" => call
                .args
                .first()
                .and_then(|a| r.eval(&format!("{f}.policy"), a))
                .and_then(|v| serde_json::to_value(v).ok()),
            other => r
                .string(&format!("{f}.policy"), other)
                .and_then(|t| serde_json::from_str(&t).ok()),
        };
        if let Some(doc) = doc {
            policies.push((vault, super::terraform_json::policy_allows_copy(&doc)));
        }
    }
    // The selection's resources tell what is backed up, when they agree.
    let mut types = Vec::new();
    for (label, b) in resources(&body, "aws_backup_selection") {
        if let Some(Value::Array(arns)) = attr(b.body(), "resources")
            .and_then(|e| r.eval(&format!("aws_backup_selection.{label}.resources"), e))
        {
            types.extend(
                arns.iter()
                    .filter_map(|a| a.as_str())
                    .map(aws::resource_type_of_arn),
            );
        }
    }
    match aws::apply_plan(base, &text, stated_region.as_deref(), warnings) {
        Ok(mut s) => {
            if let crate::domain::scenario::Platform::Aws(a) = &mut s.platform {
                for (name, allows) in policies {
                    let region = a
                        .vaults
                        .iter()
                        .find(|v| v.name == name)
                        .map(|v| v.region.clone());
                    let region = region.or_else(|| {
                        aws::destination_vaults(&a.plan)
                            .into_iter()
                            .find(|(_, n)| *n == name)
                            .map(|(r, _)| r)
                    });
                    let Some(region) = region else { continue };
                    a.vaults.retain(|v| !(v.name == name && v.region == region));
                    a.vaults.push(crate::domain::scenario::AwsVault {
                        name,
                        region,
                        kms_key_arn: None,
                        access_policy: if allows {
                            crate::domain::scenario::VaultPolicy::AllowsCopy
                        } else {
                            crate::domain::scenario::VaultPolicy::Missing
                        },
                    });
                }
            }
            aws::set_resource_type(&mut s, &types, "aws_backup_selection.resources", warnings);
            r.check_limits()?;
            warnings.extend(r.notes);
            s.unknowns.extend(r.unknowns);
            if let crate::domain::scenario::Platform::Aws(a) = &s.platform {
                s.unknowns.extend(vault_unknowns(a, &vault_stand_ins));
                for (arn, expression) in &region_stand_ins {
                    for (i, rule) in a.plan.rules.iter().enumerate() {
                        for (j, c) in rule.copy_actions.iter().enumerate() {
                            if c.destination_backup_vault_arn == *arn {
                                s.unknowns.push(crate::domain::scenario::Unknown {
                                    field: format!("platform.aws.plan.Rules[{i}].CopyActions[{j}].DestinationBackupVaultArn"),
                                    expression: expression.clone(),
                                    stand_in: arn.clone(),
                                });
                            }
                        }
                    }
                }
            }
            Ok(s)
        }
        Err(e) => Err(super::with_unresolved(e, "Terraform", &r.notes)),
    }
}

/// The AWS region nearest to `id` other than itself: the stand-in for a
/// provider region the input does not say.
fn nearest_other_region(id: &str) -> Option<String> {
    use crate::domain::catalog::{self, Provider};
    let here = catalog::by_provider_id(Provider::Aws, id)?;
    catalog::REGIONS
        .iter()
        .filter(|r| r.provider == Provider::Aws && r.id != here.id)
        .min_by(|a, b| a.distance_km(here).total_cmp(&b.distance_km(here)))
        .map(|r| r.id.to_string())
}

/// A vault name standing in for one the input does not know: the
/// resource's label when it is a valid vault name.
fn vault_stand_in(label: &str) -> String {
    let ok = (2..=50).contains(&label.len())
        && label
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        label.to_string()
    } else {
        "unknown-vault".to_string()
    }
}

/// The scenario fields that hold a stand-in vault name: rules' target
/// vaults, copy actions' destination ARNs and the vaults themselves.
fn vault_unknowns(
    a: &crate::domain::scenario::AwsBackup,
    stand_ins: &[(String, String)],
) -> Vec<crate::domain::scenario::Unknown> {
    use crate::domain::scenario::Unknown;
    let mut out = Vec::new();
    for (name, expr) in stand_ins {
        let unknown = |field: String, stand_in: &str| Unknown {
            field,
            expression: expr.clone(),
            stand_in: stand_in.to_string(),
        };
        for (i, rule) in a.plan.rules.iter().enumerate() {
            if rule.target_backup_vault_name == *name {
                out.push(unknown(
                    format!("platform.aws.plan.Rules[{i}].TargetBackupVaultName"),
                    name,
                ));
            }
            for (j, c) in rule.copy_actions.iter().enumerate() {
                if c.destination_backup_vault_arn
                    .ends_with(&format!(":backup-vault:{name}"))
                {
                    out.push(unknown(
                        format!("platform.aws.plan.Rules[{i}].CopyActions[{j}].DestinationBackupVaultArn"),
                        &c.destination_backup_vault_arn,
                    ));
                }
            }
        }
        for (k, v) in a.vaults.iter().enumerate() {
            if v.name == *name {
                out.push(unknown(format!("platform.aws.vaults[{k}].name"), name));
            }
        }
    }
    out
}

/// A Terraform label from a name: letters, digits, `_` and `-`, starting
/// with a letter or `_`.
fn tf_label(name: &str) -> String {
    let mut l: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !l.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        l.insert(0, '_');
    }
    l
}

/// A JSON value as an HCL expression (without hcl's serde serializer,
/// which the worker's module does not need to carry).
fn expr(v: &Json) -> Expression {
    match v {
        Json::Null => Expression::Null,
        Json::Bool(b) => Expression::Bool(*b),
        Json::Number(n) => n
            .as_i64()
            .map(Expression::from)
            .or_else(|| n.as_f64().map(Expression::from))
            .unwrap_or(Expression::Null),
        Json::String(s) => Expression::String(s.clone()),
        Json::Array(a) => Expression::Array(a.iter().map(expr).collect()),
        Json::Object(o) => Expression::Object(
            o.iter()
                .map(|(k, v)| (hcl::ObjectKey::from(k.as_str()), expr(v)))
                .collect(),
        ),
    }
}

/// The plan as Terraform (`provider "aws"` and one `aws_backup_plan`),
/// fields the planner does not model included where the provider has an
/// argument for them; those it has none for are named in a comment.
pub fn render_aws(a: &crate::domain::scenario::AwsBackup) -> String {
    let plan = aws::plan_value(a);
    let name = plan["BackupPlanName"]
        .as_str()
        .unwrap_or("backup-plan")
        .to_string();
    let mut pb = Block::builder("resource")
        .add_label("aws_backup_plan")
        .add_label(tf_label(&name))
        .add_attribute(("name", name.clone()));
    let mut unwritten: Vec<String> = Vec::new();
    let lifecycle_block = |l: &Json| -> Block {
        let mut b = Block::builder("lifecycle");
        for (api, tf) in [
            ("MoveToColdStorageAfterDays", "cold_storage_after"),
            ("DeleteAfterDays", "delete_after"),
            (
                "OptInToArchiveForSupportedResources",
                "opt_in_to_archive_for_supported_resources",
            ),
        ] {
            if let Some(v) = l.get(api) {
                b = b.add_attribute((tf, expr(v)));
            }
        }
        b.build()
    };
    for r in plan["Rules"].as_array().into_iter().flatten() {
        let Some(o) = r.as_object() else { continue };
        let rule = o
            .get("RuleName")
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_string();
        let mut rb = Block::builder("rule");
        for (k, v) in o {
            let tf = match k.as_str() {
                "RuleName" => "rule_name",
                "TargetBackupVaultName" => "target_vault_name",
                "ScheduleExpression" => "schedule",
                "ScheduleExpressionTimezone" => "schedule_expression_timezone",
                "StartWindowMinutes" => "start_window",
                "CompletionWindowMinutes" => "completion_window",
                "EnableContinuousBackup" => "enable_continuous_backup",
                "RecoveryPointTags" => "recovery_point_tags",
                "ScanActions" | "IndexActions" => {
                    let (block, fields): (&str, &[(&str, &str)]) = if k == "ScanActions" {
                        (
                            "scan_action",
                            &[
                                ("MalwareScanner", "malware_scanner"),
                                ("ScanMode", "scan_mode"),
                            ],
                        )
                    } else {
                        ("index_action", &[("ResourceTypes", "resource_types")])
                    };
                    for item in v.as_array().into_iter().flatten() {
                        let mut b = Block::builder(block);
                        for (api, tf) in fields {
                            if let Some(x) = item.get(*api) {
                                b = b.add_attribute((*tf, expr(x)));
                            }
                        }
                        rb = rb.add_block(b.build());
                    }
                    continue;
                }
                "Lifecycle" => {
                    rb = rb.add_block(lifecycle_block(v));
                    continue;
                }
                "CopyActions" => {
                    for c in v.as_array().into_iter().flatten() {
                        let mut cb = Block::builder("copy_action");
                        if let Some(arn) = c.get("DestinationBackupVaultArn") {
                            cb = cb.add_attribute(("destination_vault_arn", expr(arn)));
                        }
                        if let Some(l) = c.get("Lifecycle") {
                            cb = cb.add_block(lifecycle_block(l));
                        }
                        rb = rb.add_block(cb.build());
                    }
                    continue;
                }
                other => {
                    unwritten.push(format!("{other} (rule {rule})"));
                    continue;
                }
            };
            rb = rb.add_attribute((tf, expr(v)));
        }
        pb = pb.add_block(rb.build());
    }
    for s in plan["AdvancedBackupSettings"]
        .as_array()
        .into_iter()
        .flatten()
    {
        pb = pb.add_block(
            Block::builder("advanced_backup_setting")
                .add_attribute(("resource_type", expr(&s["ResourceType"])))
                .add_attribute(("backup_options", expr(&s["BackupOptions"])))
                .build(),
        );
    }
    for k in plan.as_object().into_iter().flat_map(|o| o.keys()) {
        if !matches!(
            k.as_str(),
            "BackupPlanName" | "Rules" | "AdvancedBackupSettings"
        ) {
            unwritten.push(k.clone());
        }
    }
    let body = Body::builder()
        .add_block(
            Block::builder("provider")
                .add_label("aws")
                .add_attribute(("region", a.region.clone()))
                .build(),
        )
        .add_block(pb.build())
        .build();
    let mut out = String::from("# Written by BTAR Planner from the planned backup plan.\n");
    if !unwritten.is_empty() {
        out.push_str(&format!(
            "# Not written (no aws_backup_plan argument here): {}\n",
            unwritten.join(", ")
        ));
    }
    out.push_str(&hcl::format::to_string(&body).unwrap_or_default());
    out
}

/// The service as Terraform (`aiven_pg` or `aiven_mysql`), or why it has
/// no such resource with `additional_backup_regions`.
pub fn render_aiven(a: &crate::domain::scenario::AivenService) -> Result<String, String> {
    let Some((kind, t)) = AIVEN_SERVICES.iter().find(|(_, t)| *t == a.service_type) else {
        return Err(format!(
            "Terraform export covers aiven_pg and aiven_mysql; this service is {}",
            a.service_type
        ));
    };
    let mut uc = Block::builder(format!("{t}_user_config")).add_attribute((
        "additional_backup_regions",
        expr(&json!(a.additional_backup_regions)),
    ));
    uc = uc
        .add_attribute(("backup_hour", i64::from(a.backup_hour)))
        .add_attribute(("backup_minute", i64::from(a.backup_minute)));
    let body = Body::builder()
        .add_block(
            Block::builder("resource")
                .add_label(*kind)
                .add_label(tf_label(&a.service_name))
                .add_attribute(("project", a.project.clone()))
                .add_attribute(("cloud_name", a.cloud.clone()))
                .add_attribute(("plan", a.plan.clone()))
                .add_attribute(("service_name", a.service_name.clone()))
                .add_block(uc.build())
                .build(),
        )
        .build();
    Ok(format!(
        "# Written by BTAR Planner from the planned service.\n{}",
        hcl::format::to_string(&body).unwrap_or_default()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scenario::{AwsBackup, Platform};
    use crate::domain::validation::validate;

    fn base() -> Scenario {
        Scenario::blank(
            Platform::Aws(AwsBackup::blank()),
            "2026-01-01T00:00:00Z".parse().expect("time"),
        )
    }

    // Written for the tests from the Terraform AWS provider's documented
    // arguments of aws_backup_plan and aws_backup_vault.
    const PLAN: &str = include_str!("../../../../tests/fixtures/terraform-tokyo-osaka.tf");

    #[test]
    fn a_plan_with_variables_locals_and_an_aliased_dr_vault_imports() {
        assert!(is_backup_plan(PLAN));
        let mut w = Vec::new();
        let s = apply(&base(), PLAN, None, "123456789012", &[], &[], &mut w).expect("imports");
        let Platform::Aws(a) = &s.platform else {
            panic!("not aws")
        };
        assert_eq!(a.region, "ap-northeast-1");
        assert_eq!(a.plan.backup_plan_name, "orders-prod");
        let rule = &a.plan.rules[0];
        assert_eq!(rule.target_backup_vault_name, "main-vault");
        assert_eq!(
            rule.schedule_expression.as_deref(),
            Some("cron(0 3 * * ? *)")
        );
        assert_eq!(rule.lifecycle.and_then(|l| l.delete_after_days), Some(35));
        assert_eq!(
            rule.copy_actions[0].destination_backup_vault_arn,
            "arn:aws:backup:ap-northeast-3:123456789012:backup-vault:dr-vault"
        );
        assert_eq!(
            rule.copy_actions[0]
                .lifecycle
                .and_then(|l| l.delete_after_days),
            Some(35)
        );
        // The tags are kept (no effect on backups), and Tokyo → Osaka validates.
        let crate::domain::scenario::Platform::Aws(a) = &s.platform else {
            panic!("aws")
        };
        assert_eq!(a.unmodelled.len(), 1, "{:?}", a.unmodelled);
        assert_eq!(a.unmodelled[0].key, "RecoveryPointTags");
        assert!(validate(&s).is_valid(), "{:?}", validate(&s));
    }

    #[test]
    fn unresolved_expressions_are_named() {
        let text = PLAN.replace(
            "aws_backup_vault.dr.arn",
            "data.terraform_remote_state.dr.outputs.vault_arn",
        );
        let mut w = Vec::new();
        // The copy action without its ARN is a plan AWS would refuse: an
        // error of validation, and the note names the expression that was
        // not resolved.
        let s = apply(&base(), &text, None, "123456789012", &[], &[], &mut w).expect("read");
        assert!(
            w.iter().any(|p| p
                .value
                .contains("data.terraform_remote_state.dr.outputs.vault_arn")
                || p.message
                    .contains("data.terraform_remote_state.dr.outputs.vault_arn")),
            "{w:?}"
        );
        assert!(validate(&s).has_rule(Rule::VaultArn), "{:?}", validate(&s));
    }

    #[test]
    fn an_aiven_pg_resource_reads_as_its_service_create() {
        let text = include_str!("../../../../tests/fixtures/terraform-aiven-pg.tf");
        assert_eq!(detect(text), Some(TfResource::AivenService));
        let mut w = Vec::new();
        let s = apply_aiven(&crate::formats::test_scenario(), text, &[], &mut w).expect("read");
        let crate::domain::scenario::Platform::Aiven(a) = &s.platform else {
            panic!("aiven")
        };
        assert_eq!(
            (
                a.cloud.as_str(),
                a.plan.as_str(),
                a.service_name.as_str(),
                a.project.as_str(),
                a.service_type.as_str()
            ),
            (
                "google-europe-west1",
                "business-4",
                "orders-pg",
                "acme-prod",
                "pg"
            )
        );
        assert_eq!(
            a.additional_backup_regions,
            vec!["google-europe-west3".to_string()]
        );
        assert_eq!((a.backup_hour, a.backup_minute), (3, 30));
        // What the planner does not model is named, not dropped silently.
        assert!(
            w.iter()
                .any(|p| p.field.ends_with("pg_user_config.pg_version")),
            "{w:?}"
        );
        assert!(
            w.iter()
                .any(|p| p.field.ends_with("maintenance_window_dow")),
            "{w:?}"
        );
        assert!(validate(&s).is_valid(), "{:?}", validate(&s));
        // A mysql service copying to another provider is refused as Aiven would.
        let other = text
            .replace("aiven_pg", "aiven_mysql")
            .replace("pg_user_config", "mysql_user_config")
            .replace("\"google-europe-west3\"", "\"aws-eu-central-1\"");
        let s = apply_aiven(
            &crate::formats::test_scenario(),
            &other,
            &[],
            &mut Vec::new(),
        )
        .expect("read");
        assert!(
            validate(&s).has_rule(Rule::SameProvider),
            "{:?}",
            validate(&s)
        );
    }

    #[test]
    fn written_terraform_reads_back_as_the_same_plan_and_service() {
        let mut w = Vec::new();
        let s = apply(&base(), PLAN, None, "123456789012", &[], &[], &mut w).expect("read");
        let crate::domain::scenario::Platform::Aws(a) = &s.platform else {
            panic!("aws")
        };
        let text = render_aws(a);
        let back = apply(
            &base(),
            &text,
            None,
            "123456789012",
            &[],
            &[],
            &mut Vec::new(),
        )
        .expect("reads back");
        let crate::domain::scenario::Platform::Aws(b) = &back.platform else {
            panic!("aws")
        };
        assert_eq!(b.plan, a.plan, "{text}");
        assert_eq!(b.region, a.region);
        assert_eq!(b.unmodelled, a.unmodelled, "{text}");
        assert!(!a.unmodelled.is_empty());
        let aiven_text = include_str!("../../../../tests/fixtures/terraform-aiven-pg.tf");
        let s = apply_aiven(
            &crate::formats::test_scenario(),
            aiven_text,
            &[],
            &mut Vec::new(),
        )
        .expect("read");
        let crate::domain::scenario::Platform::Aiven(x) = &s.platform else {
            panic!("aiven")
        };
        let text = render_aiven(x).expect("pg");
        let back = apply_aiven(
            &crate::formats::test_scenario(),
            &text,
            &[],
            &mut Vec::new(),
        )
        .expect("reads back");
        assert_eq!(back, s, "{text}");
    }

    #[test]
    fn dynamic_rule_and_copy_blocks_expand_as_terraform_does() {
        let text = include_str!("../../../../tests/fixtures/terraform-module-dynamic.tf");
        let mut w = Vec::new();
        let s = apply(&base(), text, None, "123456789012", &[], &[], &mut w).expect("read");
        let crate::domain::scenario::Platform::Aws(a) = &s.platform else {
            panic!("aws")
        };
        let names: Vec<&str> = a.plan.rules.iter().map(|r| r.rule_name.as_str()).collect();
        assert_eq!(names, vec!["daily", "weekly"], "{w:?}");
        assert_eq!(a.plan.rules[0].copy_actions.len(), 1);
        assert_eq!(
            a.plan.rules[0].copy_actions[0].destination_backup_vault_arn,
            "arn:aws:backup:us-west-2:123456789012:backup-vault:dr"
        );
        assert_eq!(
            a.plan.rules[0].copy_actions[0]
                .lifecycle
                .and_then(|l| l.delete_after_days),
            Some(14)
        );
        assert_eq!(
            a.plan.rules[1].lifecycle.and_then(|l| l.delete_after_days),
            Some(90)
        );
        assert!(a.plan.rules[1].copy_actions.is_empty());
        // A for_each the input cannot resolve is named.
        let text = text.replace("for_each = var.rules", "for_each = module.rules.list");
        let mut w = Vec::new();
        let _ = apply(&base(), &text, None, "123456789012", &[], &[], &mut w);
        assert!(
            w.iter().any(|p| p.field.ends_with("dynamic.rule.for_each")),
            "{w:?}"
        );
    }

    #[test]
    fn text_without_a_plan_is_not_terraform_backup() {
        assert!(!is_backup_plan("resource \"aws_s3_bucket\" \"b\" {}"));
        assert!(!is_backup_plan("{\"not\": \"hcl\"}"));
        assert!(!is_backup_plan("avn service create x"));
    }

    #[test]
    fn a_local_module_call_gives_its_inputs_evaluated_by_the_caller() {
        let caller = r#"
            provider "aws" { region = "eu-west-1" }
            provider "aws" {
              alias  = "west"
              region = "us-west-2"
            }
            variable "days" { default = 9 }
            locals { name = "x-${var.days}" }
            data "aws_caller_identity" "me" {}
            module "b" {
              source    = "./m"
              providers = { aws.dr = aws.west }
              plan      = local.name
              keep      = var.days * 2
              account   = data.aws_caller_identity.me.account_id
              count     = 1
            }
        "#;
        let m = local_module(caller, &["days = 4".to_string()])
            .unwrap()
            .expect("a module");
        assert_eq!((m.name.as_str(), m.source.as_str()), ("b", "./m"));
        assert!(m.inputs.contains("plan = \"x-4\""), "{}", m.inputs);
        assert!(m.inputs.contains("keep = 8"), "{}", m.inputs);
        assert!(!m.inputs.contains("count"), "{}", m.inputs);
        assert_eq!(m.unresolved.len(), 1);
        assert!(m.unresolved[0].starts_with("account = "));
        assert!(m
            .provider_regions
            .contains(&("aws.dr".into(), "us-west-2".into())));
        assert!(m
            .provider_regions
            .contains(&("aws".into(), "eu-west-1".into())));
        // A registry module, or Terraform with its own plan, is not followed.
        assert_eq!(
            local_module(
                r#"module "b" { source = "terraform-aws-modules/backup/aws" }"#,
                &[]
            )
            .unwrap(),
            None
        );
        let own = format!("{caller}\nresource \"aws_backup_plan\" \"p\" {{ name = \"p\" }}");
        assert_eq!(local_module(&own, &[]).unwrap(), None);
    }
}
