//! AWS Organizations backup policies (`"plans": {NAME: {"regions", "rules",
//! "selections", …}}`), the way large estates define backup: each value is
//! set with an inheritance operator (`{"@@assign": "35"}`), numbers and
//! booleans are written as strings, and `$account` in an ARN stands for
//! each member account. A policy is read as the plan it creates in one of
//! its regions (AWS Organizations User Guide, "Backup policy syntax and
//! examples").

use serde_json::{json, Map, Value as Json};

use super::FormatError;
use crate::domain::rules::Rule;
use crate::domain::validation::{Problem, Severity};

/// Whether a JSON value is a backup policy: `plans` holding objects with
/// `rules` or `regions`.
pub fn is_policy(v: &Json) -> bool {
    v.get("plans").and_then(Json::as_object).is_some_and(|p| {
        p.values()
            .any(|plan| plan.get("rules").is_some() || plan.get("regions").is_some())
    })
}

/// The value an inheritance operator sets: `@@assign`, else `@@append`
/// (in a single policy it appends to nothing); a bare value as it is.
/// `@@remove` sets nothing. `None` for an object of child-control
/// operators only.
fn value(v: &Json) -> Option<&Json> {
    match v.as_object() {
        Some(o) if o.keys().any(|k| k.starts_with("@@")) => {
            o.get("@@assign").or_else(|| o.get("@@append"))
        }
        _ => Some(v),
    }
}

fn text(v: Option<&Json>) -> Option<String> {
    match v.and_then(value)? {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn number(v: Option<&Json>, field: &str) -> Result<Option<i64>, FormatError> {
    match text(v) {
        None => Ok(None),
        Some(t) => t
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|_| FormatError::Field {
                field: field.to_string(),
                message: format!("'{t}' is not a whole number"),
            }),
    }
}

fn lifecycle(v: Option<&Json>, at: &str) -> Result<Option<Json>, FormatError> {
    let Some(l) = v.and_then(value) else {
        return Ok(None);
    };
    let mut m = Map::new();
    if let Some(d) = number(
        l.get("delete_after_days"),
        &format!("{at}.delete_after_days"),
    )? {
        m.insert("DeleteAfterDays".into(), json!(d));
    }
    if let Some(d) = number(
        l.get("move_to_cold_storage_after_days"),
        &format!("{at}.move_to_cold_storage_after_days"),
    )? {
        m.insert("MoveToColdStorageAfterDays".into(), json!(d));
    }
    Ok((!m.is_empty()).then_some(Json::Object(m)))
}

/// The plan a policy creates in one region, as `BackupPlan` JSON (the
/// API's shape, read by [`super::aws::apply_plan`]), and that region.
/// `region`: the region to read it for (`--region`), else the policy's
/// first; `account`: what `$account` stands for.
pub fn plan_json(
    v: &Json,
    region: Option<&str>,
    account: &str,
    warnings: &mut Vec<Problem>,
) -> Result<(String, String), FormatError> {
    let plans = v
        .get("plans")
        .and_then(Json::as_object)
        .ok_or_else(|| FormatError::Unrecognized("a backup policy without plans".into()))?;
    let (name, plan) = plans
        .iter()
        .next()
        .ok_or_else(|| FormatError::Unrecognized("a backup policy with no plan".into()))?;
    let warn = |warnings: &mut Vec<Problem>, field: String, value: String, message: String| {
        warnings.push(Problem {
            severity: Severity::Warning,
            field,
            value,
            rule: Rule::OrgPolicyRead,
            message,
        })
    };
    if plans.len() > 1 {
        let others: Vec<&str> = plans.keys().skip(1).map(String::as_str).collect();
        warn(
            warnings,
            "plans".into(),
            others.join(", "),
            format!("only the first plan, {name}, is read: the others are read from a policy of their own"),
        );
    }
    let at = format!("plans.{name}");
    let regions: Vec<String> = plan
        .get("regions")
        .and_then(value)
        .and_then(Json::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|r| r.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let chosen = match region {
        Some(r) if regions.is_empty() || regions.iter().any(|x| x == r) => r.to_string(),
        Some(r) => {
            return Err(FormatError::Field {
                field: format!("{at}.regions"),
                message: format!(
                    "--region {r} is not one of the policy's regions ({}): choose one of them",
                    regions.join(", ")
                ),
            })
        }
        None => regions.first().cloned().ok_or_else(|| FormatError::Field {
            field: format!("{at}.regions"),
            message:
                "the policy names no region: a backup policy must (give --region to read it anyway)"
                    .into(),
        })?,
    };
    if regions.len() > 1 {
        warn(
            warnings,
            format!("{at}.regions"),
            regions.join(", "),
            format!(
                "the policy creates this plan in {} regions; it is read as the plan in {chosen} (--region chooses another)",
                regions.len()
            ),
        );
    }
    let arn = |s: String| s.replace("$account", account);
    let mut uses_account = false;
    let mut rules = Vec::new();
    for (rule_name, rule) in plan
        .get("rules")
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
    {
        let ra = format!("{at}.rules.{rule_name}");
        let mut r = Map::new();
        r.insert("RuleName".into(), json!(rule_name));
        if let Some(v) = text(rule.get("target_backup_vault_name")) {
            r.insert("TargetBackupVaultName".into(), json!(v));
        }
        if let Some(v) = text(rule.get("schedule_expression")) {
            r.insert("ScheduleExpression".into(), json!(v));
        }
        if let Some(v) = text(rule.get("schedule_expression_timezone")) {
            r.insert("ScheduleExpressionTimezone".into(), json!(v));
        }
        if let Some(v) = number(
            rule.get("start_backup_window_minutes"),
            &format!("{ra}.start_backup_window_minutes"),
        )? {
            r.insert("StartWindowMinutes".into(), json!(v));
        }
        if let Some(v) = number(
            rule.get("complete_backup_window_minutes"),
            &format!("{ra}.complete_backup_window_minutes"),
        )? {
            r.insert("CompletionWindowMinutes".into(), json!(v));
        }
        if let Some(v) = text(rule.get("enable_continuous_backup")) {
            r.insert(
                "EnableContinuousBackup".into(),
                json!(v.eq_ignore_ascii_case("true")),
            );
        }
        if let Some(l) = lifecycle(rule.get("lifecycle"), &format!("{ra}.lifecycle"))? {
            r.insert("Lifecycle".into(), l);
        }
        let mut copies = Vec::new();
        for (key, c) in rule
            .get("copy_actions")
            .and_then(Json::as_object)
            .into_iter()
            .flatten()
        {
            let ca = format!("{ra}.copy_actions.{key}");
            let dest = text(c.get("target_backup_vault_arn")).unwrap_or_else(|| key.clone());
            uses_account |= dest.contains("$account");
            let mut m = Map::new();
            m.insert("DestinationBackupVaultArn".into(), json!(arn(dest)));
            if let Some(l) = lifecycle(c.get("lifecycle"), &format!("{ca}.lifecycle"))? {
                m.insert("Lifecycle".into(), l);
            }
            copies.push(Json::Object(m));
        }
        if !copies.is_empty() {
            r.insert("CopyActions".into(), Json::Array(copies));
        }
        rules.push(Json::Object(r));
    }
    if uses_account {
        warn(
            warnings,
            format!("{at}.rules"),
            "$account".into(),
            format!("$account stands for each member account the policy applies to; {account} (the current scenario's) stands in"),
        );
    }
    let plan = json!({"BackupPlanName": name, "Rules": rules});
    Ok((plan.to_string(), chosen))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Written for the tests from the AWS Organizations User Guide's
    /// backup policy syntax.
    const POLICY: &str = r#"{
      "plans": {
        "PII_Backup_Plan": {
          "regions": {"@@assign": ["us-east-1", "eu-north-1"]},
          "rules": {
            "Hourly": {
              "schedule_expression": {"@@assign": "cron(0 5/1 ? * * *)"},
              "start_backup_window_minutes": {"@@assign": "60"},
              "complete_backup_window_minutes": {"@@assign": "180"},
              "lifecycle": {"delete_after_days": {"@@assign": "35"}},
              "target_backup_vault_name": {"@@assign": "FortKnox"},
              "copy_actions": {
                "arn:aws:backup:us-west-2:$account:backup-vault:secondary": {
                  "target_backup_vault_arn": {"@@assign": "arn:aws:backup:us-west-2:$account:backup-vault:secondary"},
                  "lifecycle": {"delete_after_days": {"@@assign": "100"}}
                }
              }
            }
          },
          "selections": {"tags": {"datatype": {"iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/MyIamRole"},
            "tag_key": {"@@assign": "dataType"}, "tag_value": {"@@assign": ["PII"]}}}}
        }
      }
    }"#;

    #[test]
    fn a_policy_reads_as_its_plan_in_one_region() {
        let v: Json = serde_json::from_str(POLICY).unwrap();
        assert!(is_policy(&v));
        let mut w = Vec::new();
        let (plan, region) = plan_json(&v, None, "111122223333", &mut w).unwrap();
        assert_eq!(region, "us-east-1");
        let p: Json = serde_json::from_str(&plan).unwrap();
        assert_eq!(p["BackupPlanName"], "PII_Backup_Plan");
        let r = &p["Rules"][0];
        assert_eq!(r["RuleName"], "Hourly");
        assert_eq!(r["StartWindowMinutes"], 60);
        assert_eq!(r["Lifecycle"]["DeleteAfterDays"], 35);
        assert_eq!(
            r["CopyActions"][0]["DestinationBackupVaultArn"],
            "arn:aws:backup:us-west-2:111122223333:backup-vault:secondary"
        );
        assert!(w.iter().any(|p| p.message.contains("2 regions")));
        assert!(w.iter().any(|p| p
            .message
            .contains("$account stands for each member account")));
        let (_, region) =
            plan_json(&v, Some("eu-north-1"), "111122223333", &mut Vec::new()).unwrap();
        assert_eq!(region, "eu-north-1");
        let e = plan_json(&v, Some("ap-south-1"), "111122223333", &mut Vec::new()).unwrap_err();
        assert!(
            e.to_string().contains(
                "--region ap-south-1 is not one of the policy's regions (us-east-1, eu-north-1)"
            ),
            "{e}"
        );
        let bad = POLICY.replace("\"60\"", "\"an hour\"");
        let e = plan_json(
            &serde_json::from_str(&bad).unwrap(),
            None,
            "1",
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("plans.PII_Backup_Plan.rules.Hourly.start_backup_window_minutes: 'an hour' is not a whole number"), "{e}");
    }
}
