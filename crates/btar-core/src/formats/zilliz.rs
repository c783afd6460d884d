//! Zilliz Cloud's backup policy, as `POST /v2/clusters/{CLUSTER_ID}/backups/policy`
//! takes it (`enabled`, `frequency`, `startTime`, `retentionDays`,
//! `crossRegionCopies[]` with `regionId` and `retentionDays`) and as
//! `GET …/backups/policy` returns it (`{"code": 0, "data": {…}}` with
//! `status`). Zilliz Cloud RESTful API reference, "Set Backup Policy" and
//! "Get Backup Policy". Also the one-off backup `POST
//! /v2/clusters/{CLUSTER_ID}/backups/create` takes (`backupType`,
//! `dbCollections[]`, `crossRegionCopies[]` with `regionId`): "Create backup
//! (V2)"; copies of a manual backup are kept permanently ("Cross-Region
//! Backup").

use serde_json::{json, Map, Value};

use super::{check_size, parse_json, unknown_field, FormatError};
use crate::domain::catalog::{self, Provider};
use crate::domain::rules::Rule;
use crate::domain::scenario::{
    Platform, Scenario, ZillizBackups, ZillizCluster, ZillizTarget, ZillizTier,
};
use crate::domain::validation::{Problem, Severity};

/// Whether a JSON object is a Zilliz backup policy (request or response).
pub fn is_policy(v: &Value) -> bool {
    let o = match v.get("data") {
        Some(d) if v.get("code").is_some() => d,
        _ => v,
    };
    o.as_object().is_some_and(|o| {
        o.contains_key("crossRegionCopies")
            || (o.contains_key("frequency") && o.contains_key("startTime"))
            || (o.contains_key("enabled") && o.contains_key("retentionDays"))
            // `{"enabled": false}`: the body that turns the policy off.
            || (o.get("enabled").is_some_and(Value::is_boolean)
                && o.keys().all(|k| {
                    matches!(
                        k.as_str(),
                        "enabled" | "frequency" | "startTime" | "retentionDays" | "crossRegionCopies"
                    )
                }))
    })
}

/// Whether a JSON object is a Create Backup request (`backupType`), which
/// makes one backup now rather than setting a schedule.
pub fn is_create_backup(v: &Value) -> bool {
    v.as_object().is_some_and(|o| {
        o.get("backupType").is_some_and(Value::is_string)
            && o.keys().all(|k| {
                matches!(
                    k.as_str(),
                    "backupType" | "dbCollections" | "crossRegionCopies" | "clusterId"
                )
            })
    })
}

/// Reads a Create Backup request onto `base` (its cluster, or a blank
/// Dedicated cluster): one manual backup, sent at the start of the
/// simulated span, and a copy to each region of `crossRegionCopies`, kept
/// permanently as Zilliz keeps copies of manual backups.
pub fn apply_create_backup(
    base: &Scenario,
    text: &str,
    warnings: &mut Vec<Problem>,
) -> Result<Scenario, FormatError> {
    let t = check_size(text)?;
    let v = parse_json(t)?;
    let o = v.as_object().ok_or_else(|| {
        FormatError::Unrecognized("a Zilliz Create Backup request is a JSON object".into())
    })?;
    let kind = o.get("backupType").and_then(Value::as_str).unwrap_or("");
    let collections = o
        .get("dbCollections")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    match kind.to_ascii_uppercase().as_str() {
        "CLUSTER" => {}
        "COLLECTION" if collections > 0 => warn(
            warnings,
            "dbCollections",
            format!("{collections} database(s)"),
            Rule::FieldApproximated,
            "a collection backup copies only the listed collections: the planner takes the workload's data size as theirs (set it to their size)".into(),
        ),
        "COLLECTION" => {
            return Err(FormatError::Field {
                field: "dbCollections".into(),
                message: "backupType COLLECTION needs dbCollections, the collections to back up (Zilliz: Create backup (V2))".into(),
            })
        }
        _ => {
            return Err(FormatError::Field {
                field: "backupType".into(),
                message: format!("expected CLUSTER or COLLECTION, found \"{kind}\""),
            })
        }
    }
    let mut targets = Vec::new();
    for (i, c) in o
        .get("crossRegionCopies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let f = format!("crossRegionCopies[{i}]");
        let region =
            c.get("regionId")
                .and_then(Value::as_str)
                .ok_or_else(|| FormatError::Field {
                    field: format!("{f}.regionId"),
                    message: "expected the id of the region to copy to (e.g. aws-us-west-2)".into(),
                })?;
        if let Some(d) = c.get("retentionDays") {
            warn(
                warnings,
                &format!("{f}.retentionDays"),
                d.to_string(),
                Rule::FieldNoEffect,
                "copies of a manual backup are kept permanently: a retention here is not applied"
                    .into(),
            );
        }
        targets.push(ZillizTarget {
            region: region.to_string(),
            retention_days: None,
        });
    }
    let mut z = match &base.platform {
        Platform::Zilliz(z) => z.clone(),
        _ => {
            let z = blank_cluster();
            warn(warnings, "region", z.region.clone(), Rule::PlanRegion,
                format!("the request does not name the cluster's region; the planner assumes {} (set it in the editor)", z.region));
            z
        }
    };
    if matches!(z.backups, ZillizBackups::Scheduled { .. }) {
        warn(warnings, "backupType", kind.to_string(), Rule::FieldApproximated,
            "the scenario models one kind of backup: the cluster's scheduled backups are replaced by this manual one".into());
    }
    let at = base.simulation.start;
    warn(
        warnings,
        "backupType",
        kind.to_string(),
        Rule::FieldApproximated,
        format!(
        "the request makes one backup when it is sent: simulated as sent at the span's start ({})",
        at.format("%Y-%m-%d %H:%M UTC")
    ),
    );
    z.backups = ZillizBackups::Manual { at: vec![at] };
    z.targets = targets;
    let mut s = base.clone();
    if !matches!(base.platform, Platform::Zilliz(_)) {
        s.name = format!("Zilliz Cloud backup ({})", z.cluster_name);
    }
    s.platform = Platform::Zilliz(z);
    Ok(s)
}

/// The cluster a policy or request is read onto when the scenario has none.
fn blank_cluster() -> ZillizCluster {
    ZillizCluster {
        cluster_name: "cluster".into(),
        tier: ZillizTier::Dedicated,
        region: "google-us-west1".into(),
        role: Default::default(),
        backups: ZillizBackups::Manual { at: Vec::new() },
        targets: Vec::new(),
    }
}

/// Zilliz's region id of a catalog region: `aws-us-west-2`, `gcp-us-west1`.
pub fn region_id(cloud: &str) -> String {
    match catalog::region(cloud) {
        Some(r) if r.provider == Provider::Google => format!("gcp-{}", r.id),
        Some(r) if r.provider == Provider::Azure => format!("az-{}", r.id),
        Some(r) => r.cloud.to_string(),
        None => cloud.to_string(),
    }
}

fn warn(warnings: &mut Vec<Problem>, field: &str, value: String, rule: Rule, message: String) {
    warnings.push(Problem {
        severity: Severity::Warning,
        field: field.to_string(),
        value,
        rule,
        message,
    });
}

fn error(warnings: &mut Vec<Problem>, field: &str, value: String, rule: Rule, message: String) {
    warnings.push(Problem {
        severity: Severity::Error,
        field: field.to_string(),
        value,
        rule,
        message,
    });
}

/// Reads a policy onto `base` (its cluster, or a blank Dedicated cluster).
pub fn apply_policy(
    base: &Scenario,
    text: &str,
    warnings: &mut Vec<Problem>,
) -> Result<Scenario, FormatError> {
    let t = check_size(text)?;
    let v = parse_json(t)?;
    let (o, prefix) = match v.get("data") {
        Some(d) if v.get("code").is_some() => (d, "data."),
        _ => (&v, ""),
    };
    let o = o.as_object().ok_or_else(|| {
        FormatError::Unrecognized("a Zilliz backup policy is a JSON object".into())
    })?;
    let mut z = match &base.platform {
        Platform::Zilliz(z) => z.clone(),
        _ => blank_cluster(),
    };
    if !matches!(base.platform, Platform::Zilliz(_)) {
        warn(warnings, "region", z.region.clone(), Rule::PlanRegion,
            format!("the policy does not name the cluster's region; the planner assumes {} (set it in the editor)", z.region));
    }
    // `enabled` (request) or `status` (response).
    let enabled = match (o.get("enabled"), o.get("status")) {
        (Some(Value::Bool(b)), _) => *b,
        (_, Some(Value::String(s))) => s.eq_ignore_ascii_case("ENABLED"),
        (None, None) => {
            error(
                warnings,
                &format!("{prefix}enabled"),
                "none".into(),
                Rule::NamePresent,
                "Zilliz requires enabled (true or false) in a backup policy".into(),
            );
            true
        }
        (Some(other), _) | (None, Some(other)) => {
            return Err(FormatError::Field {
                field: format!("{prefix}enabled"),
                message: format!(
                    "expected enabled: true or false (or status: \"ENABLED\"), found {other}"
                ),
            })
        }
    };
    let int = |k: &str| -> Result<Option<u32>, FormatError> {
        match o.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(x) => x
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| FormatError::Field {
                    field: format!("{prefix}{k}"),
                    message: format!("expected a whole number of days, found {x}"),
                }),
        }
    };
    let retention = int("retentionDays")?.unwrap_or(7);
    let hour = match o.get("startTime").and_then(Value::as_str) {
        Some(s) => {
            let h = s
                .split(':')
                .next()
                .and_then(|h| h.trim().parse::<u8>().ok());
            match h {
                Some(h) if h < 24 => h,
                _ => {
                    return Err(FormatError::Field {
                        field: format!("{prefix}startTime"),
                        message: format!("expected HH:mm-HH:mm (UTC), found \"{s}\""),
                    })
                }
            }
        }
        None => 2,
    };
    let weekdays: Vec<u8> = match o.get("frequency").and_then(Value::as_str) {
        Some(f) => f
            .split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| x.parse::<u8>().unwrap_or(0))
            .collect(),
        None => Vec::new(),
    };
    // Every day of the week is the same as "every 24 hours".
    let weekdays = if (1..=7).all(|d| weekdays.contains(&d)) && weekdays.len() == 7 {
        Vec::new()
    } else {
        weekdays
    };
    let mut targets = Vec::new();
    for (i, c) in o
        .get("crossRegionCopies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let f = format!("{prefix}crossRegionCopies[{i}]");
        let Some(c) = c.as_object() else {
            return Err(FormatError::Field {
                field: f,
                message: "expected an object with regionId and retentionDays".into(),
            });
        };
        let region = c
            .get("regionId")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_default();
        let keep = c
            .get("retentionDays")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok());
        for k in c
            .keys()
            .filter(|k| !matches!(k.as_str(), "regionId" | "retentionDays" | "regionCode"))
        {
            warnings.push(unknown_field(
                &f,
                k,
                "a cross-region copy (regionId, retentionDays)",
            ));
        }
        targets.push(ZillizTarget {
            region,
            retention_days: keep,
        });
    }
    let known = [
        "enabled",
        "status",
        "frequency",
        "startTime",
        "retentionDays",
        "crossRegionCopies",
        "clusterId",
    ];
    for k in o.keys().filter(|k| !known.contains(&k.as_str())) {
        warnings.push(unknown_field(
            prefix.trim_end_matches('.'),
            k,
            "a Zilliz backup policy",
        ));
    }
    if enabled {
        z.backups = ZillizBackups::Scheduled {
            interval_hours: 24,
            hour,
            retention_days: retention,
            weekdays,
        };
        z.targets = targets;
    } else {
        warn(warnings, &format!("{prefix}enabled"), "false".into(), Rule::BtarEnabled,
            "the policy is disabled: no scheduled backups run and nothing is copied to other regions".into());
        z.backups = ZillizBackups::Manual { at: Vec::new() };
        z.targets = Vec::new();
    }
    let mut s = base.clone();
    if !matches!(base.platform, Platform::Zilliz(_)) {
        // A new scenario: named for what it is, not for the blank it
        // started from.
        s.name = format!("Zilliz Cloud backup policy ({})", z.cluster_name);
    }
    s.platform = Platform::Zilliz(z);
    Ok(s)
}

/// The policy body that sets up a scenario's scheduled backups, or why
/// there is none (manual backups are not a policy; Zilliz's policy runs
/// once a day on the chosen weekdays).
pub fn policy_body(z: &ZillizCluster) -> Result<Value, String> {
    let ZillizBackups::Scheduled {
        interval_hours,
        hour,
        retention_days,
        weekdays,
    } = &z.backups
    else {
        return Err(
            "manual backups are not a backup policy; only scheduled backups have one".into(),
        );
    };
    if *interval_hours != 24 && weekdays.is_empty() {
        return Err(format!(
            "Zilliz's backup policy runs once a day on chosen weekdays; this scenario backs up every {interval_hours} hours"
        ));
    }
    let days: Vec<String> = if weekdays.is_empty() {
        (1..=7).map(|d| d.to_string()).collect()
    } else {
        weekdays.iter().map(|d| d.to_string()).collect()
    };
    let h = (*hour).min(23);
    let copies: Vec<Value> = z
        .targets
        .iter()
        .map(|t| {
            let mut c = Map::new();
            c.insert("regionId".into(), region_id(&t.region).into());
            if let Some(d) = t.retention_days {
                c.insert("retentionDays".into(), d.into());
            }
            Value::Object(c)
        })
        .collect();
    Ok(json!({
        "enabled": true,
        "frequency": days.join(","),
        "startTime": format!("{h:02}:00-{:02}:00", (h + 2) % 24),
        "retentionDays": retention_days,
        "crossRegionCopies": copies,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validation::validate;

    fn base() -> Scenario {
        crate::presets::load("zilliz-billing").expect("preset")
    }

    const POLICY: &str = r#"{
        "frequency": "1,3,5",
        "startTime": "02:00-04:00",
        "retentionDays": 7,
        "enabled": true,
        "crossRegionCopies": [
            {"regionId": "gcp-us-east4", "retentionDays": 14},
            {"regionId": "gcp-europe-west3", "retentionDays": 30}
        ]
    }"#;

    #[test]
    fn a_policy_body_reads_in_and_writes_back() {
        let mut w = Vec::new();
        let s = apply_policy(&base(), POLICY, &mut w).unwrap();
        assert!(w.is_empty(), "{w:?}");
        let Platform::Zilliz(z) = &s.platform else {
            panic!("zilliz")
        };
        assert_eq!(
            z.backups,
            ZillizBackups::Scheduled {
                interval_hours: 24,
                hour: 2,
                retention_days: 7,
                weekdays: vec![1, 3, 5]
            }
        );
        assert_eq!(z.targets.len(), 2);
        assert_eq!(z.targets[1].retention_days, Some(30));
        assert!(validate(&s).is_valid(), "{:?}", validate(&s));
        let back = policy_body(z).unwrap();
        let expect: Value = serde_json::from_str(POLICY).unwrap();
        assert_eq!(back, expect);
        // The GET response's shape reads the same.
        let got = r#"{"code": 0, "data": {"clusterId": "inxx-1", "status": "ENABLED", "startTime": "02:00-04:00", "frequency": "1,3,5", "retentionDays": 7, "crossRegionCopies": [{"regionId": "gcp-us-east4", "retentionDays": 14}, {"regionId": "gcp-europe-west3", "retentionDays": 30}]}}"#;
        let s2 = apply_policy(&base(), got, &mut Vec::new()).unwrap();
        assert_eq!(s2, s);
    }

    #[test]
    fn a_disabled_policy_copies_nothing() {
        let mut w = Vec::new();
        let s = apply_policy(&base(), r#"{"enabled": false}"#, &mut w).unwrap();
        let Platform::Zilliz(z) = &s.platform else {
            panic!("zilliz")
        };
        assert!(z.targets.is_empty());
        assert!(w.iter().any(|p| p.rule == Rule::BtarEnabled), "{w:?}");
    }

    #[test]
    fn a_create_backup_request_is_one_manual_backup_with_copies_kept_forever() {
        let text = r#"{"backupType": "CLUSTER", "crossRegionCopies": [{"regionId": "gcp-us-east4"}, {"regionId": "gcp-europe-west3", "retentionDays": 5}]}"#;
        let v: Value = serde_json::from_str(text).unwrap();
        assert!(is_create_backup(&v));
        assert!(!is_policy(
            &serde_json::from_str(r#"{"backupType": "CLUSTER"}"#).unwrap()
        ));
        let b = base();
        let mut w = Vec::new();
        let s = apply_create_backup(&b, text, &mut w).unwrap();
        let Platform::Zilliz(z) = &s.platform else {
            panic!("not Zilliz")
        };
        assert_eq!(
            z.backups,
            ZillizBackups::Manual {
                at: vec![b.simulation.start]
            }
        );
        assert_eq!(z.targets.len(), 2);
        assert!(z.targets.iter().all(|t| t.retention_days.is_none()));
        // What the reader chose is said: the retention it did not apply
        // and when the one backup is simulated.
        assert!(w
            .iter()
            .any(|p| p.field == "crossRegionCopies[1].retentionDays"
                && p.rule == Rule::FieldNoEffect));
        assert!(w
            .iter()
            .any(|p| p.rule == Rule::FieldApproximated && p.message.contains("span's start")));
    }

    #[test]
    fn a_create_backup_request_names_what_is_wrong() {
        let mut w = Vec::new();
        for (text, field) in [
            (r#"{"backupType": "DATABASE"}"#, "backupType"),
            (r#"{"backupType": "COLLECTION"}"#, "dbCollections"),
            (
                r#"{"backupType": "CLUSTER", "crossRegionCopies": [{"region": "x"}]}"#,
                "crossRegionCopies[0].regionId",
            ),
        ] {
            match apply_create_backup(&base(), text, &mut w) {
                Err(FormatError::Field { field: f, .. }) => assert_eq!(f, field, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        let ok = r#"{"backupType": "COLLECTION", "dbCollections": [{"dbName": "default", "collectionNames": ["articles"]}]}"#;
        let mut w = Vec::new();
        apply_create_backup(&base(), ok, &mut w).unwrap();
        assert!(w.iter().any(|p| p.field == "dbCollections"));
    }
}
