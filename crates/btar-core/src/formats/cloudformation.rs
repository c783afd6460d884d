//! CloudFormation templates, YAML or JSON, with an `AWS::Backup::BackupPlan`
//! (and the `AWS::Backup::BackupVault`s it names). Intrinsic functions, in
//! long form or YAML short tags (`Ref`, `Fn::Sub`, `Fn::GetAtt`, `Fn::Join`),
//! are resolved from the parameters' defaults, the template's own vaults and
//! the pseudo parameters `AWS::Region` and `AWS::AccountId` (taken from the
//! current scenario and said so); whatever cannot be resolved is named. The
//! plan is then read as the AWS plan JSON it stands for, with
//! CloudFormation's key names (`BackupPlanRule`, `TargetBackupVault`)
//! mapped to the API's.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json};

use super::{aws, check_size, FormatError};
use crate::domain::rules::Rule;
use crate::domain::scenario::Scenario;
use crate::domain::validation::{Problem, Severity};

/// The template as JSON (YAML's short tags turned into their long forms),
/// if it is a template with a backup plan.
fn template(text: &str) -> Option<Json> {
    template_or_error(text).ok().flatten()
}

/// As [`template`], but a text that reads as a template (it has a
/// `Resources` or `AWSTemplateFormatVersion` key) and does not parse is that
/// error, with its line and column.
pub fn template_or_error(text: &str) -> Result<Option<Json>, FormatError> {
    let t = text.trim_start();
    // Deep nesting is refused before a parser recurses into it (YAML's
    // flow collections parse in quadratic time with depth).
    check_nesting(t)?;
    let looks = looks_like_template(t);
    let v: Json = if t.starts_with('{') {
        match serde_json::from_str(t) {
            Ok(v) => v,
            Err(_) => return Ok(None),
        }
    } else {
        match serde_norway::from_str::<serde_norway::Value>(t) {
            Ok(y) => yaml_to_json(y),
            Err(e) if looks => return Err(FormatError::YamlSyntax(e.to_string())),
            Err(_) => return Ok(None),
        }
    };
    let has_plan = v
        .get("Resources")
        .and_then(Json::as_object)
        .is_some_and(|r| {
            r.values()
                .any(|r| r.get("Type").and_then(Json::as_str) == Some("AWS::Backup::BackupPlan"))
        });
    Ok(has_plan.then_some(v))
}

/// Whether a line starts a template's top-level key.
fn looks_like_template(t: &str) -> bool {
    t.lines().any(|l| {
        l.starts_with("Resources:")
            || l.starts_with("AWSTemplateFormatVersion:")
            || l.starts_with("\"Resources\"")
            || l.starts_with("\"AWSTemplateFormatVersion\"")
    })
}

/// The deepest nesting a template may have (brackets, braces, or YAML block
/// collections). CloudFormation templates nest a dozen levels at most.
pub const MAX_NESTING: usize = super::MAX_NESTING;

/// An upper bound of YAML block nesting: the most `- ` or `key:` openings
/// on one line plus its indentation.
fn yaml_block_depth(t: &str) -> usize {
    t.lines()
        .map(|l| {
            let indent = l.len() - l.trim_start().len();
            let dashes = l
                .split_whitespace()
                .take_while(|w| *w == "-" || w.ends_with(':'))
                .count();
            indent + dashes
        })
        .max()
        .unwrap_or(0)
}

/// Refuses text that nests deeper than [`MAX_NESTING`] (brackets and
/// braces) or whose YAML block structure goes deeper than twice that.
pub fn check_nesting(t: &str) -> Result<(), FormatError> {
    super::check_flow_nesting(t)?;
    let block = yaml_block_depth(t);
    if block > 2 * MAX_NESTING {
        return Err(FormatError::Limit(format!(
            "a line is indented or nested {block} levels deep; the YAML reader's limit is {}",
            2 * MAX_NESTING
        )));
    }
    Ok(())
}

/// Whether `text` is a CloudFormation template with a backup plan.
pub fn is_backup_plan(text: &str) -> bool {
    template(text).is_some()
}

fn yaml_to_json(y: serde_norway::Value) -> Json {
    use serde_norway::Value as Y;
    match y {
        Y::Null => Json::Null,
        Y::Bool(b) => Json::Bool(b),
        Y::Number(n) => n
            .as_i64()
            .map(Json::from)
            .or_else(|| n.as_f64().map(Json::from))
            .unwrap_or(Json::Null),
        Y::String(s) => Json::String(s),
        Y::Sequence(s) => Json::Array(s.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => Json::Object(
            m.into_iter()
                .filter_map(|(k, v)| {
                    let k = match k {
                        Y::String(s) => s,
                        Y::Number(n) => n.to_string(),
                        Y::Bool(b) => b.to_string(),
                        _ => return None,
                    };
                    Some((k, yaml_to_json(v)))
                })
                .collect(),
        ),
        Y::Tagged(t) => {
            let tag = t.tag.to_string();
            let name = tag.trim_start_matches('!');
            let inner = yaml_to_json(t.value);
            let long = match name {
                "Ref" | "Condition" => name.to_string(),
                other => format!("Fn::{other}"),
            };
            // !GetAtt a.b is Fn::GetAtt [a, b].
            let inner = match (name, inner) {
                ("GetAtt", Json::String(s)) => {
                    let (a, b) = s.split_once('.').unwrap_or((s.as_str(), ""));
                    Json::Array(vec![a.into(), b.into()])
                }
                (_, v) => v,
            };
            let mut o = Map::new();
            o.insert(long, inner);
            Json::Object(o)
        }
    }
}

struct Resolver<'a> {
    params: BTreeMap<String, Json>,
    vaults: BTreeMap<String, String>,
    region: &'a str,
    account: &'a str,
    notes: Vec<Problem>,
    /// Bytes of text the intrinsic functions have made so far.
    made: usize,
    /// The limit met, if any: the read is refused.
    limit: Option<String>,
}

/// The most text `Fn::Sub` and `Fn::Join` may make for one template.
pub const MAX_RESOLVED_BYTES: usize = 4 * 1024 * 1024;

impl Resolver<'_> {
    /// Counts text made; past the limit, nothing more resolves.
    fn spend(&mut self, bytes: usize) -> Option<()> {
        self.made = self.made.saturating_add(bytes);
        if self.made > MAX_RESOLVED_BYTES {
            self.limit.get_or_insert_with(|| format!(
                "CloudFormation: Fn::Sub and Fn::Join would make more than {MAX_RESOLVED_BYTES} bytes of text (the reader's limit)"
            ));
            return None;
        }
        Some(())
    }

    fn unresolved(&mut self, field: &str, what: &Json, why: &str) {
        self.notes.push(Problem {
            severity: Severity::Warning,
            field: field.to_string(),
            value: what.to_string(),
            rule: Rule::CloudformationUnresolved,
            message: format!("{why}; the field is left out"),
        });
    }

    fn reference(&mut self, field: &str, name: &str) -> Option<Json> {
        match name {
            "AWS::Region" => Some(self.region.into()),
            "AWS::AccountId" => Some(self.account.into()),
            "AWS::Partition" => Some("aws".into()),
            _ => {
                if let Some(v) = self.params.get(name) {
                    return Some(v.clone());
                }
                if let Some(v) = self.vaults.get(name) {
                    return Some(v.clone().into());
                }
                self.unresolved(
                    field,
                    &Json::String(name.into()),
                    "Ref to a parameter without a default or a resource the template does not define",
                );
                None
            }
        }
    }

    /// Resolves intrinsic functions in `v` (at `field`, for messages).
    fn resolve(&mut self, field: &str, v: &Json) -> Option<Json> {
        match v {
            Json::Object(o) if o.len() == 1 => {
                let (k, arg) = o.iter().next()?;
                match k.as_str() {
                    "Ref" => self.reference(field, arg.as_str()?),
                    "Fn::Sub" => {
                        let (text, vars) = match arg {
                            Json::String(s) => (s.clone(), Map::new()),
                            Json::Array(a) => (
                                a.first()?.as_str()?.to_string(),
                                a.get(1)
                                    .and_then(Json::as_object)
                                    .cloned()
                                    .unwrap_or_default(),
                            ),
                            _ => return None,
                        };
                        let mut out = String::new();
                        let mut rest = text.as_str();
                        // Each variable is resolved once, however often used.
                        let mut done: BTreeMap<String, Json> = BTreeMap::new();
                        while let Some(i) = rest.find("${") {
                            if self.limit.is_some() {
                                return None;
                            }
                            out.push_str(&rest[..i]);
                            let after = &rest[i + 2..];
                            let j = after.find('}')?;
                            let name = &after[..j];
                            let value = match vars.get(name) {
                                Some(_) if done.contains_key(name) => done.get(name)?.clone(),
                                Some(v) => {
                                    let r = self.resolve(field, v)?;
                                    done.insert(name.to_string(), r.clone());
                                    r
                                }
                                None if name.contains('.') => {
                                    let (a, b) = name.split_once('.')?;
                                    self.get_att(field, a, b)?
                                }
                                None => self.reference(field, name)?,
                            };
                            let text = match value {
                                Json::String(s) => s,
                                other => other.to_string(),
                            };
                            self.spend(text.len())?;
                            out.push_str(&text);
                            rest = &after[j + 1..];
                        }
                        out.push_str(rest);
                        Some(out.into())
                    }
                    "Fn::GetAtt" => {
                        let a = arg.as_array()?;
                        self.get_att(field, a.first()?.as_str()?, a.get(1)?.as_str()?)
                    }
                    "Fn::Join" => {
                        let a = arg.as_array()?;
                        let sep = a.first()?.as_str()?;
                        let parts = a.get(1)?.as_array()?;
                        let mut out = Vec::new();
                        for p in parts {
                            let text = match self.resolve(field, p)? {
                                Json::String(s) => s,
                                other => other.to_string(),
                            };
                            self.spend(text.len() + sep.len())?;
                            out.push(text);
                        }
                        Some(out.join(sep).into())
                    }
                    k if k.starts_with("Fn::") || k == "Condition" => {
                        self.unresolved(field, v, &format!("{k} is not evaluated"));
                        None
                    }
                    _ => {
                        let mut m = Map::new();
                        for (k, x) in o {
                            if let Some(r) = self.resolve(&format!("{field}.{k}"), x) {
                                m.insert(k.clone(), r);
                            }
                        }
                        Some(Json::Object(m))
                    }
                }
            }
            Json::Object(o) => {
                let mut m = Map::new();
                for (k, x) in o {
                    if let Some(r) = self.resolve(&format!("{field}.{k}"), x) {
                        m.insert(k.clone(), r);
                    }
                }
                Some(Json::Object(m))
            }
            Json::Array(a) => Some(Json::Array(
                a.iter()
                    .enumerate()
                    .filter_map(|(i, x)| self.resolve(&format!("{field}[{i}]"), x))
                    .collect(),
            )),
            other => Some(other.clone()),
        }
    }

    fn get_att(&mut self, field: &str, resource: &str, attribute: &str) -> Option<Json> {
        let name = self.vaults.get(resource).cloned();
        match (name, attribute) {
            (Some(n), "BackupVaultName") => Some(n.into()),
            (Some(n), "BackupVaultArn") => Some(
                format!(
                    "arn:aws:backup:{}:{}:backup-vault:{n}",
                    self.region, self.account
                )
                .into(),
            ),
            _ => {
                self.unresolved(
                    field,
                    &Json::String(format!("{resource}.{attribute}")),
                    "GetAtt of a resource or attribute the template does not resolve",
                );
                None
            }
        }
    }
}

/// Reads a template with a backup plan onto `base` (an AWS scenario).
pub fn apply(
    base: &Scenario,
    text: &str,
    region: &str,
    account: &str,
    warnings: &mut Vec<Problem>,
) -> Result<Scenario, FormatError> {
    let t = check_size(text)?;
    let tpl = template(t).ok_or_else(|| {
        FormatError::Unrecognized(
            "a CloudFormation template without AWS::Backup::BackupPlan".into(),
        )
    })?;
    let mut r = Resolver {
        params: BTreeMap::new(),
        vaults: BTreeMap::new(),
        region,
        account,
        notes: Vec::new(),
        made: 0,
        limit: None,
    };
    if let Some(ps) = tpl.get("Parameters").and_then(Json::as_object) {
        for (k, p) in ps {
            if let Some(d) = p.get("Default") {
                r.params.insert(k.clone(), d.clone());
            }
        }
    }
    let resources = tpl
        .get("Resources")
        .and_then(Json::as_object)
        .cloned()
        .unwrap_or_default();
    for (id, res) in &resources {
        if res.get("Type").and_then(Json::as_str) != Some("AWS::Backup::BackupVault") {
            continue;
        }
        let name = res
            .pointer("/Properties/BackupVaultName")
            .cloned()
            .and_then(|n| r.resolve(&format!("Resources.{id}.Properties.BackupVaultName"), &n))
            .and_then(|n| n.as_str().map(str::to_string));
        if let Some(n) = name {
            r.vaults.insert(id.clone(), n);
        }
    }
    let (plan_id, plan) = resources
        .iter()
        .find(|(_, res)| res.get("Type").and_then(Json::as_str) == Some("AWS::Backup::BackupPlan"))
        .ok_or_else(|| FormatError::Unrecognized("no AWS::Backup::BackupPlan".into()))?;
    let field = format!("Resources.{plan_id}.Properties.BackupPlan");
    let raw = plan
        .pointer("/Properties/BackupPlan")
        .cloned()
        .unwrap_or_default();
    let resolved = r.resolve(&field, &raw).unwrap_or_default();
    // CloudFormation's key names → the API's.
    let mut api = Map::new();
    if let Some(o) = resolved.as_object() {
        for (k, v) in o {
            match k.as_str() {
                "BackupPlanRule" => {
                    let rules: Vec<Json> = v
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|rule| {
                            let mut m = Map::new();
                            for (rk, rv) in rule.as_object().cloned().unwrap_or_default() {
                                let key = if rk == "TargetBackupVault" {
                                    "TargetBackupVaultName".to_string()
                                } else {
                                    rk
                                };
                                m.insert(key, rv);
                            }
                            Json::Object(m)
                        })
                        .collect();
                    api.insert("Rules".into(), Json::Array(rules));
                }
                "AdvancedBackupSettings" => {
                    api.insert(k.clone(), v.clone());
                }
                _ => {
                    api.insert(k.clone(), v.clone());
                }
            }
        }
    }
    let text = serde_json::to_string(&Json::Object(api)).unwrap_or_default();
    // Vaults' access policies (AccessPolicy: an object or JSON text) and the
    // selections' resources.
    let mut policies: Vec<(String, bool)> = Vec::new();
    let mut types = Vec::new();
    for (id, res) in &resources {
        match res.get("Type").and_then(Json::as_str) {
            Some("AWS::Backup::BackupVault") => {
                let Some(name) = r.vaults.get(id).cloned() else {
                    continue;
                };
                let Some(p) = res.pointer("/Properties/AccessPolicy").cloned() else {
                    continue;
                };
                let p = r.resolve(&format!("Resources.{id}.Properties.AccessPolicy"), &p);
                let doc = match p {
                    Some(Json::String(t)) => serde_json::from_str(&t).ok(),
                    other => other,
                };
                if let Some(doc) = doc {
                    policies.push((name, super::terraform_json::policy_allows_copy(&doc)));
                }
            }
            Some("AWS::Backup::BackupSelection") => {
                let f = format!("Resources.{id}.Properties.BackupSelection.Resources");
                let list = res
                    .pointer("/Properties/BackupSelection/Resources")
                    .cloned()
                    .and_then(|v| r.resolve(&f, &v));
                for a in list.as_ref().and_then(Json::as_array).into_iter().flatten() {
                    types.push(a.as_str().and_then(aws::resource_type_of_arn));
                }
            }
            _ => {}
        }
    }
    match aws::apply_plan(base, &text, Some(region), warnings) {
        Ok(mut s) => {
            if let crate::domain::scenario::Platform::Aws(a) = &mut s.platform {
                let dests = aws::destination_vaults(&a.plan);
                for (name, allows) in policies {
                    let vault_region = dests
                        .iter()
                        .find(|(_, n)| *n == name)
                        .map(|(r, _)| r.clone())
                        .unwrap_or_else(|| a.region.clone());
                    a.vaults
                        .retain(|v| !(v.name == name && v.region == vault_region));
                    a.vaults.push(crate::domain::scenario::AwsVault {
                        name,
                        region: vault_region,
                        kms_key_arn: None,
                        access_policy: if allows {
                            crate::domain::scenario::VaultPolicy::AllowsCopy
                        } else {
                            crate::domain::scenario::VaultPolicy::Missing
                        },
                    });
                }
            }
            aws::set_resource_type(&mut s, &types, "AWS::Backup::BackupSelection", warnings);
            if let Some(l) = r.limit {
                return Err(FormatError::Limit(l));
            }
            warnings.extend(r.notes);
            Ok(s)
        }
        Err(e) => Err(super::with_unresolved(e, "CloudFormation", &r.notes)),
    }
}

/// The plan as a CloudFormation template (YAML) with one
/// `AWS::Backup::BackupPlan`, in CloudFormation's key names. The region is
/// the stack's, so it is named in the description.
pub fn render(a: &crate::domain::scenario::AwsBackup) -> String {
    let mut plan = aws::plan_value(a);
    if let Some(o) = plan.as_object_mut() {
        if let Some(rules) = o.remove("Rules") {
            let rules: Vec<Json> = rules
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|mut r| {
                    if let Some(ro) = r.as_object_mut() {
                        if let Some(v) = ro.remove("TargetBackupVaultName") {
                            ro.insert("TargetBackupVault".into(), v);
                        }
                    }
                    r
                })
                .collect();
            o.insert("BackupPlanRule".into(), Json::Array(rules));
        }
    }
    let tpl = serde_json::json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": format!("Backup plan written by BTAR Planner; deploy the stack in {}.", a.region),
        "Resources": {
            "BackupPlan": {
                "Type": "AWS::Backup::BackupPlan",
                "Properties": {"BackupPlan": plan}
            }
        }
    });
    let mut out = String::new();
    yaml_block(&tpl, 0, &mut out);
    out
}

/// Writes JSON-shaped data as block-style YAML: mappings and sequences
/// indented, every string double-quoted with JSON's escapes (a valid YAML
/// double-quoted scalar, so no value is read as a number, boolean or null
/// by mistake). Reading it back is `serde_norway`'s job (tested).
fn yaml_block(v: &Json, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Json::Object(o) if !o.is_empty() => {
            for (k, x) in o {
                out.push_str(&pad);
                out.push_str(&yaml_key(k));
                out.push(':');
                yaml_child(x, indent, out);
            }
        }
        Json::Array(a) if !a.is_empty() => {
            for x in a {
                out.push_str(&pad);
                out.push('-');
                match x {
                    Json::Object(o) if !o.is_empty() => {
                        // The first pair on the dash's line, the rest below.
                        let mut first = true;
                        for (k, y) in o {
                            if first {
                                out.push(' ');
                                first = false;
                            } else {
                                out.push_str(&" ".repeat(indent + 2));
                            }
                            out.push_str(&yaml_key(k));
                            out.push(':');
                            yaml_child(y, indent + 2, out);
                        }
                    }
                    _ => yaml_child(x, indent, out),
                }
            }
        }
        scalar => {
            out.push_str(&pad);
            out.push_str(&yaml_scalar(scalar));
            out.push('\n');
        }
    }
}

/// What follows `key:` or `-`: a scalar on the same line, or a nested
/// block on the next lines.
fn yaml_child(v: &Json, indent: usize, out: &mut String) {
    match v {
        Json::Object(o) if !o.is_empty() => {
            out.push('\n');
            yaml_block(v, indent + 2, out);
        }
        Json::Array(a) if !a.is_empty() => {
            out.push('\n');
            yaml_block(v, indent + 2, out);
        }
        scalar => {
            out.push(' ');
            out.push_str(&yaml_scalar(scalar));
            out.push('\n');
        }
    }
}

fn yaml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        k.to_string()
    } else {
        Json::String(k.to_string()).to_string()
    }
}

fn yaml_scalar(v: &Json) -> String {
    match v {
        Json::Object(_) => "{}".into(),
        Json::Array(_) => "[]".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scenario::{AwsBackup, Platform};
    use crate::domain::validation::validate;

    #[test]
    fn a_written_template_reads_back_as_the_same_plan() {
        let plan = include_str!("../../../../tests/fixtures/aws-guide-plan.json").replacen(
            "\"RuleName\": \"DailyWithDRCopy\",",
            "\"RuleName\": \"DailyWithDRCopy\", \"RecoveryPointTags\": {\"team\": \"db\"},",
            1,
        );
        let s = aws::apply_plan(&base(), &plan, Some("us-east-1"), &mut Vec::new()).expect("plan");
        let Platform::Aws(a) = &s.platform else {
            panic!("aws")
        };
        let text = render(a);
        assert!(is_backup_plan(&text), "{text}");
        let back = apply(&base(), &text, "us-east-1", "123456789012", &mut Vec::new())
            .expect("reads back");
        let Platform::Aws(b) = &back.platform else {
            panic!("aws")
        };
        assert_eq!(b.plan, a.plan, "{text}");
        assert_eq!(b.unmodelled, a.unmodelled, "{text}");
    }

    fn base() -> Scenario {
        Scenario::blank(
            Platform::Aws(AwsBackup::blank()),
            "2026-01-01T00:00:00Z".parse().expect("time"),
        )
    }

    const YAML: &str = include_str!("../../../../tests/fixtures/cloudformation-plan.yaml");

    #[test]
    fn a_yaml_template_with_short_tags_imports() {
        assert!(is_backup_plan(YAML));
        let mut w = Vec::new();
        let s = apply(&base(), YAML, "us-east-1", "123456789012", &mut w).expect("imports");
        let Platform::Aws(a) = &s.platform else {
            panic!("not aws")
        };
        assert_eq!(a.plan.backup_plan_name, "orders-prod");
        let rule = &a.plan.rules[0];
        assert_eq!(rule.target_backup_vault_name, "orders-vault");
        assert_eq!(rule.lifecycle.and_then(|l| l.delete_after_days), Some(35));
        assert_eq!(
            rule.copy_actions[0].destination_backup_vault_arn,
            "arn:aws:backup:us-west-2:123456789012:backup-vault:orders-dr"
        );
        assert!(validate(&s).is_valid(), "{:?}", validate(&s));
    }

    #[test]
    fn the_same_template_as_json_imports_alike() {
        let y: serde_norway::Value = serde_norway::from_str(YAML).expect("yaml");
        let json = serde_json::to_string(&yaml_to_json(y)).expect("json");
        assert!(is_backup_plan(&json));
        let mut w = Vec::new();
        let a = apply(&base(), YAML, "us-east-1", "123456789012", &mut Vec::new()).expect("yaml");
        let b = apply(&base(), &json, "us-east-1", "123456789012", &mut w).expect("json");
        assert_eq!(a, b);
        assert!(!is_backup_plan("{\"Resources\": {}}"));
        assert!(!is_backup_plan("resource \"x\" \"y\" {}"));
    }
}
