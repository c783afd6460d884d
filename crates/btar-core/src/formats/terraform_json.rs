//! `terraform show -json` output: the state (`values`) or a saved plan
//! (`planned_values`, with `configuration`), in Terraform's documented JSON
//! output format. The `aws_backup_plan` (with its `aws_backup_vault`s and
//! `aws_backup_vault_policy`s) or the `aiven_pg`/`aiven_mysql` service in it
//! is read as the plan JSON or ServiceCreate body it stands for, so every
//! platform rule applies. Values a saved plan does not know until apply (a
//! vault ARN made in the same plan) are built from the referenced vault, and
//! named.

use serde_json::{json, Map, Value};

use super::terraform::TfResource;
use super::{aiven, aws, FormatError};
use crate::domain::rules::Rule;
use crate::domain::scenario::{AwsVault, Platform, Scenario, VaultPolicy};
use crate::domain::validation::{Problem, Severity};

/// Whether a JSON object is `terraform show -json` output, and what it
/// holds that the planner reads.
pub fn detect(v: &Value) -> Option<TfResource> {
    let o = v.as_object()?;
    if !o.contains_key("format_version")
        || !(o.contains_key("values") || o.contains_key("planned_values"))
    {
        return None;
    }
    let res = resources(v);
    if res.iter().any(|r| r["type"] == "aws_backup_plan") {
        Some(TfResource::AwsBackupPlan)
    } else if res
        .iter()
        .any(|r| r["type"] == "aiven_pg" || r["type"] == "aiven_mysql")
    {
        Some(TfResource::AivenService)
    } else {
        None
    }
}

/// Every managed resource of the root module and its child modules.
fn resources(v: &Value) -> Vec<&Value> {
    fn walk<'a>(m: &'a Value, out: &mut Vec<&'a Value>) {
        if let Some(rs) = m["resources"].as_array() {
            out.extend(rs.iter().filter(|r| r["mode"] != "data"));
        }
        if let Some(cs) = m["child_modules"].as_array() {
            for c in cs {
                walk(c, out);
            }
        }
    }
    let mut out = Vec::new();
    let root = if v["planned_values"].is_object() {
        &v["planned_values"]["root_module"]
    } else {
        &v["values"]["root_module"]
    };
    walk(root, &mut out);
    out
}

/// The first element of a block list (`lifecycle = [{…}]` in state).
fn first(v: &Value) -> Option<&Map<String, Value>> {
    v.as_array()?.first()?.as_object()
}

fn lifecycle(v: &Value) -> Option<Value> {
    let l = first(v)?;
    let mut o = Map::new();
    // Zero stands for "not set" in state.
    for (tf, api) in [
        ("cold_storage_after", "MoveToColdStorageAfterDays"),
        ("delete_after", "DeleteAfterDays"),
    ] {
        if let Some(n) = l.get(tf).and_then(Value::as_i64).filter(|n| *n > 0) {
            o.insert(api.into(), n.into());
        }
    }
    if l.get("opt_in_to_archive_for_supported_resources") == Some(&Value::Bool(true)) {
        o.insert("OptInToArchiveForSupportedResources".into(), true.into());
    }
    Some(Value::Object(o))
}

/// Whether a vault access policy allows `backup:CopyIntoBackupVault`, read
/// with IAM's rules: an explicit `Deny` that matches wins over any `Allow`;
/// actions match case-insensitively with `*` and `?` wildcards (`backup:*`,
/// `backup:Copy*`, `*`), `NotAction` matches every action it does not name;
/// a statement applies to any principal (`"*"`, an account, a role of it).
/// Conditions are not evaluated: a statement with one is taken to apply.
pub fn policy_allows_copy(policy: &Value) -> bool {
    let statements = match &policy["Statement"] {
        Value::Array(a) => a.clone(),
        s @ Value::Object(_) => vec![s.clone()],
        _ => Vec::new(),
    };
    const ACTION: &str = "backup:copyintobackupvault";
    let names = |v: &Value| -> Vec<String> {
        match v {
            Value::String(a) => vec![a.to_ascii_lowercase()],
            Value::Array(a) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_ascii_lowercase)
                .collect(),
            _ => Vec::new(),
        }
    };
    let applies = |st: &Value| {
        let action = names(&st["Action"]);
        let not_action = names(&st["NotAction"]);
        if !action.is_empty() {
            action.iter().any(|a| wildcard(a, ACTION))
        } else if st.get("NotAction").is_some() {
            !not_action.iter().any(|a| wildcard(a, ACTION))
        } else {
            false
        }
    };
    let effect = |st: &Value, e: &str| {
        st["Effect"]
            .as_str()
            .is_some_and(|x| x.eq_ignore_ascii_case(e))
    };
    if statements
        .iter()
        .any(|st| effect(st, "Deny") && applies(st))
    {
        return false;
    }
    statements
        .iter()
        .any(|st| effect(st, "Allow") && applies(st))
}

/// IAM's action wildcards: `*` any run of characters, `?` any one.
fn wildcard(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    // Iterative matching with one backtrack point (linear for IAM's sizes).
    let (mut i, mut j, mut star, mut mark) = (0usize, 0usize, None::<usize>, 0usize);
    while j < t.len() {
        match p.get(i) {
            Some('*') => {
                star = Some(i);
                mark = j;
                i += 1;
            }
            Some(c) if *c == '?' || *c == t[j] => {
                i += 1;
                j += 1;
            }
            _ => match star {
                Some(s) => {
                    i = s + 1;
                    mark += 1;
                    j = mark;
                }
                None => return false,
            },
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

/// `region` and account of an ARN.
fn arn_parts(arn: &str) -> Option<(String, String)> {
    let p: Vec<&str> = arn.split(':').collect();
    Some((p.get(3)?.to_string(), p.get(4)?.to_string()))
}

/// Reads the output onto `base` (AWS or Aiven as the output holds).
pub fn apply(
    base: &Scenario,
    v: &Value,
    region: Option<&str>,
    warnings: &mut Vec<Problem>,
) -> Result<Scenario, FormatError> {
    match detect(v) {
        Some(TfResource::AwsBackupPlan) => apply_aws(base, v, region, warnings),
        Some(TfResource::AivenService) => apply_aiven(base, v, warnings),
        None => Err(FormatError::Unrecognized(
            "terraform show -json output without an aws_backup_plan, aiven_pg or aiven_mysql resource".into(),
        )),
    }
}

fn note(warnings: &mut Vec<Problem>, field: String, value: String, rule: Rule, message: String) {
    warnings.push(Problem {
        severity: Severity::Warning,
        field,
        value,
        rule,
        message,
    });
}

fn apply_aws(
    base: &Scenario,
    v: &Value,
    region: Option<&str>,
    warnings: &mut Vec<Problem>,
) -> Result<Scenario, FormatError> {
    let res = resources(v);
    let mut plans = res.iter().filter(|r| r["type"] == "aws_backup_plan");
    let Some(plan) = plans.next() else {
        return Err(FormatError::Unrecognized("no aws_backup_plan".into()));
    };
    let address = plan["address"]
        .as_str()
        .unwrap_or("aws_backup_plan")
        .to_string();
    if let Some(other) = plans.next() {
        note(
            warnings,
            other["address"].as_str().unwrap_or("").to_string(),
            "a second plan".into(),
            Rule::TerraformOnePlan,
            format!("only the first plan, {address}, is imported"),
        );
    }
    let pv = &plan["values"];
    // The region: the resource's own (AWS provider 6), the plan's ARN, the
    // provider configuration, or what the caller gave.
    let provider_region = v["configuration"]["provider_config"]["aws"]["expressions"]["region"]
        ["constant_value"]
        .as_str()
        .map(str::to_string);
    let from_arn = pv["arn"].as_str().and_then(arn_parts);
    let plan_region = pv["region"]
        .as_str()
        .map(str::to_string)
        .or_else(|| from_arn.as_ref().map(|(r, _)| r.clone()))
        .or(provider_region.clone())
        .or_else(|| region.map(str::to_string));
    let account = from_arn.map(|(_, a)| a).or_else(|| match &base.platform {
        Platform::Aws(a) => Some(a.account_id.clone()),
        _ => None,
    });
    // Vaults: name, region and ARN, and whether a policy allows copies in.
    let vaults: Vec<(&Value, String, Option<String>, String)> = res
        .iter()
        .filter(|r| r["type"] == "aws_backup_vault")
        .filter_map(|r| {
            let name = r["values"]["name"].as_str()?.to_string();
            let vr = r["values"]["region"]
                .as_str()
                .map(str::to_string)
                .or_else(|| {
                    r["values"]["arn"]
                        .as_str()
                        .and_then(arn_parts)
                        .map(|(x, _)| x)
                });
            Some((
                *r,
                name,
                vr,
                r["address"].as_str().unwrap_or("").to_string(),
            ))
        })
        .collect();
    let mut rules = Vec::new();
    for (i, rule) in pv["rule"].as_array().into_iter().flatten().enumerate() {
        let rf = format!("{address}.rule[{i}]");
        let mut o = Map::new();
        for (tf, api) in super::terraform::RULE_TEXT_FIELDS {
            if let Some(s) = rule[tf].as_str().filter(|s| !s.is_empty()) {
                o.insert(api.into(), s.into());
            }
        }
        for (tf, api) in super::terraform::RULE_WINDOW_FIELDS {
            if let Some(n) = rule[tf].as_i64().filter(|n| *n > 0) {
                o.insert(api.into(), n.into());
            }
        }
        if rule["enable_continuous_backup"] == Value::Bool(true) {
            o.insert("EnableContinuousBackup".into(), true.into());
        }
        if let Some(l) = lifecycle(&rule["lifecycle"]) {
            o.insert("Lifecycle".into(), l);
        }
        if let Some(t) = rule["recovery_point_tags"]
            .as_object()
            .filter(|t| !t.is_empty())
        {
            o.insert("RecoveryPointTags".into(), Value::Object(t.clone()));
        }
        let mut copies = Vec::new();
        for (j, c) in rule["copy_action"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let mut co = Map::new();
            match c["destination_vault_arn"].as_str() {
                Some(arn) => {
                    co.insert("DestinationBackupVaultArn".into(), arn.into());
                }
                None => {
                    // Unknown until apply: the vault the configuration names.
                    let reference = config_reference(v, &address, i, j);
                    let vault = reference
                        .as_deref()
                        .and_then(|r| vaults.iter().find(|(_, _, _, a)| r.starts_with(a.as_str())));
                    match (vault, account.as_deref()) {
                        (Some((_, name, Some(vr), addr)), Some(acc)) => {
                            let arn = format!("arn:aws:backup:{vr}:{acc}:backup-vault:{name}");
                            note(warnings, format!("{rf}.copy_action[{j}].destination_vault_arn"), arn.clone(), Rule::TerraformUnknownUntilApply,
                                format!("known only after apply; built from {addr} (its name and region) and account {acc}"));
                            co.insert("DestinationBackupVaultArn".into(), arn.into());
                        }
                        _ => note(warnings, format!("{rf}.copy_action[{j}].destination_vault_arn"), reference.unwrap_or_else(|| "(unknown)".into()), Rule::TerraformUnresolved,
                            "known only after apply, and the vault it names is not in the output: the field is left out".into()),
                    }
                }
            }
            if let Some(l) = lifecycle(&c["lifecycle"]) {
                co.insert("Lifecycle".into(), l);
            }
            copies.push(Value::Object(co));
        }
        if !copies.is_empty() {
            o.insert("CopyActions".into(), Value::Array(copies));
        }
        rules.push(Value::Object(o));
    }
    let mut plan_json = json!({
        "BackupPlanName": pv["name"].as_str().unwrap_or(""),
        "Rules": rules,
    });
    if let Some(adv) = pv["advanced_backup_setting"]
        .as_array()
        .filter(|a| !a.is_empty())
    {
        let list: Vec<Value> = adv
            .iter()
            .map(|a| json!({"ResourceType": a["resource_type"], "BackupOptions": a["backup_options"]}))
            .collect();
        plan_json["AdvancedBackupSettings"] = Value::Array(list);
    }
    let mut s = aws::apply_plan(
        base,
        &plan_json.to_string(),
        plan_region.as_deref(),
        warnings,
    )?;
    if let Platform::Aws(a) = &mut s.platform {
        if let Some(acc) = account {
            a.account_id = acc;
        }
        // Vault policies: allowed when a policy of the vault allows copies in.
        let policies: Vec<(String, bool)> = res
            .iter()
            .filter(|r| r["type"] == "aws_backup_vault_policy")
            .filter_map(|r| {
                let vault = r["values"]["backup_vault_name"].as_str()?.to_string();
                let text = r["values"]["policy"].as_str()?;
                let doc: Value = serde_json::from_str(text).ok()?;
                Some((vault, policy_allows_copy(&doc)))
            })
            .collect();
        for (_, name, vr, _) in &vaults {
            let Some(vr) = vr.clone().or_else(|| plan_region.clone()) else {
                continue;
            };
            let access_policy = match policies.iter().find(|(n, _)| n == name) {
                Some((_, true)) => VaultPolicy::AllowsCopy,
                Some((_, false)) => VaultPolicy::Missing,
                None => VaultPolicy::Unknown,
            };
            a.vaults.retain(|x| !(x.name == *name && x.region == vr));
            a.vaults.push(AwsVault {
                name: name.clone(),
                region: vr,
                kms_key_arn: None,
                access_policy,
            });
        }
    }
    Ok(s)
}

/// The reference a saved plan's configuration gives for a copy action's
/// destination (`aws_backup_vault.dr.arn`), with the module's address.
fn config_reference(v: &Value, address: &str, rule: usize, copy: usize) -> Option<String> {
    let (module, local) = match address.rsplit_once(".aws_backup_plan.") {
        Some((m, l)) => (Some(m), format!("aws_backup_plan.{l}")),
        None => (None, address.to_string()),
    };
    let mut m = &v["configuration"]["root_module"];
    if let Some(path) = module {
        for part in path.split('.').collect::<Vec<_>>().chunks(2) {
            if let [_, name] = part {
                m = &m["module_calls"][*name]["module"];
            }
        }
    }
    let r = m["resources"]
        .as_array()?
        .iter()
        .find(|r| r["address"] == local.as_str())?;
    let refs = r["expressions"]["rule"][rule]["copy_action"][copy]["destination_vault_arn"]
        ["references"]
        .as_array()?;
    let first = refs
        .iter()
        .filter_map(Value::as_str)
        .find(|s| s.starts_with("aws_backup_vault."))?;
    Some(match module {
        Some(p) => format!("{p}.{first}"),
        None => first.to_string(),
    })
}

fn apply_aiven(
    base: &Scenario,
    v: &Value,
    warnings: &mut Vec<Problem>,
) -> Result<Scenario, FormatError> {
    let res = resources(v);
    let Some(svc) = res
        .iter()
        .find(|r| r["type"] == "aiven_pg" || r["type"] == "aiven_mysql")
    else {
        return Err(FormatError::Unrecognized(
            "no aiven_pg or aiven_mysql".into(),
        ));
    };
    let service_type = if svc["type"] == "aiven_pg" {
        "pg"
    } else {
        "mysql"
    };
    let sv = &svc["values"];
    let mut o = Map::new();
    o.insert("service_type".into(), service_type.into());
    for (tf, api) in super::terraform::AIVEN_FIELDS {
        if let Some(s) = sv[tf].as_str() {
            o.insert(api.into(), s.into());
        }
    }
    let uc_key = format!("{service_type}_user_config");
    if let Some(uc) = first(&sv[uc_key.as_str()]) {
        let mut out = Map::new();
        if let Some(r) = uc.get("additional_backup_regions").filter(|r| !r.is_null()) {
            out.insert("additional_backup_regions".into(), r.clone());
        }
        for k in ["backup_hour", "backup_minute"] {
            let n = match uc.get(k) {
                Some(Value::Number(n)) => n.as_u64(),
                Some(Value::String(s)) => s.trim().parse().ok(),
                _ => None,
            };
            if let Some(n) = n {
                out.insert(k.into(), n.into());
            }
        }
        o.insert("user_config".into(), Value::Object(out));
    }
    aiven::apply_create_body(base, &Value::Object(o).to_string(), warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::Rule;
    use crate::domain::validation::validate;

    const STATE: &str = include_str!("../../../../tests/fixtures/terraform-show-state.json");

    fn base() -> Scenario {
        Scenario::blank(
            Platform::Aws(crate::domain::scenario::AwsBackup::blank()),
            "2026-01-01T00:00:00Z".parse().unwrap(),
        )
    }

    #[test]
    fn state_output_reads_as_the_plan_with_its_vault_policy() {
        let v: Value = serde_json::from_str(STATE).unwrap();
        assert_eq!(detect(&v), Some(TfResource::AwsBackupPlan));
        let mut w = Vec::new();
        let s = apply(&base(), &v, None, &mut w).unwrap();
        let Platform::Aws(a) = &s.platform else {
            panic!("aws")
        };
        assert_eq!(a.region, "eu-central-1");
        assert_eq!(a.account_id, "210987654321");
        assert_eq!(a.plan.rules.len(), 1);
        assert_eq!(
            a.plan.rules[0].copy_actions[0].destination_backup_vault_arn,
            "arn:aws:backup:eu-west-1:210987654321:backup-vault:orders-dr"
        );
        assert!(a
            .vaults
            .iter()
            .any(|x| x.name == "orders-dr" && x.access_policy == VaultPolicy::AllowsCopy));
        let p = validate(&s);
        assert!(p.is_valid(), "{p:?}");
        // The tags AWS keeps are kept and classed as no effect.
        assert!(p.has_rule(Rule::FieldNoEffect), "{p:?}");
    }

    #[test]
    fn a_saved_plan_builds_the_arn_known_only_after_apply() {
        let mut v: Value = serde_json::from_str(STATE).unwrap();
        let root = v["values"]["root_module"].take();
        v["planned_values"] = json!({"root_module": root});
        v.as_object_mut().unwrap().remove("values");
        // Nothing applied yet: no ARNs, and the copy's destination unknown.
        for r in v["planned_values"]["root_module"]["resources"]
            .as_array_mut()
            .unwrap()
        {
            r["values"].as_object_mut().unwrap().remove("arn");
        }
        v["planned_values"]["root_module"]["resources"][3]["values"]["rule"][0]["copy_action"][0]
            .as_object_mut()
            .unwrap()
            .remove("destination_vault_arn");
        v["configuration"] = json!({
            "provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-central-1"}}}},
            "root_module": {"resources": [{
                "address": "aws_backup_plan.orders", "type": "aws_backup_plan", "name": "orders",
                "expressions": {"rule": [{"copy_action": [{"destination_vault_arn": {"references": ["aws_backup_vault.dr.arn", "aws_backup_vault.dr"]}}]}]}
            }]}
        });
        // The DR vault's region comes from its own attribute (provider 6).
        v["planned_values"]["root_module"]["resources"][1]["values"]["region"] = json!("eu-west-1");
        let mut w = Vec::new();
        let s = apply(&base(), &v, None, &mut w).unwrap();
        let Platform::Aws(a) = &s.platform else {
            panic!("aws")
        };
        assert_eq!(a.region, "eu-central-1");
        assert_eq!(
            a.plan.rules[0].copy_actions[0].destination_backup_vault_arn,
            "arn:aws:backup:eu-west-1:123456789012:backup-vault:orders-dr"
        );
        assert!(
            w.iter().any(|p| p.rule == "terraform-unknown-until-apply"),
            "{w:?}"
        );
    }

    #[test]
    fn policies_are_read_for_what_they_allow() {
        assert!(policy_allows_copy(
            &json!({"Statement": [{"Effect": "Allow", "Action": "backup:CopyIntoBackupVault"}]})
        ));
        assert!(policy_allows_copy(
            &json!({"Statement": {"Effect": "Allow", "Action": ["backup:*"]}})
        ));
        assert!(!policy_allows_copy(
            &json!({"Statement": [{"Effect": "Deny", "Action": "backup:CopyIntoBackupVault"}]})
        ));
        assert!(!policy_allows_copy(
            &json!({"Statement": [{"Effect": "Allow", "Action": "backup:DescribeBackupVault"}]})
        ));
        // IAM's semantics: wildcards, any case, Deny over Allow, NotAction.
        assert!(policy_allows_copy(
            &json!({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "backup:Copy*"}]})
        ));
        assert!(policy_allows_copy(
            &json!({"Statement": [{"Effect": "allow", "Action": "Backup:copyintobackupvault"}]})
        ));
        assert!(!policy_allows_copy(&json!({"Statement": [
            {"Effect": "Allow", "Action": "backup:*"},
            {"Effect": "Deny", "Action": "backup:CopyInto*"}
        ]})));
        // The documented main use, a deny on deleting recovery points, does
        // not deny copies.
        assert!(policy_allows_copy(&json!({"Statement": [
            {"Effect": "Allow", "Action": "backup:CopyIntoBackupVault"},
            {"Effect": "Deny", "Action": ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"]}
        ]})));
        assert!(!policy_allows_copy(&json!({"Statement": [
            {"Effect": "Deny", "Action": "backup:DeleteRecoveryPoint"}
        ]})));
        assert!(policy_allows_copy(
            &json!({"Statement": [{"Effect": "Allow", "NotAction": "backup:DeleteRecoveryPoint"}]})
        ));
        assert!(wildcard("backup:c?py*", "backup:copyintobackupvault"));
        assert!(!wildcard("backup:copy", "backup:copyintobackupvault"));
        assert!(wildcard("*", "x"));
    }
}
