//! What a run reports outside the engine: the Aiven lag report body and the
//! summary that `btar simulate --json` prints.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{json, Value};

use super::lag::{samples, ReportPeriod};
use super::model::{JobState, SimResult};
use super::queue::SimTime;

/// A duration in seconds for people: `42 s`, `3 min 05 s`, `2 h 07 min`,
/// `1 d 00 h 11 min`.
pub fn duration_text(s: i64) -> String {
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{sec} s"),
        (0, 0, _) => format!("{m} min {sec:02} s"),
        (0, _, _) => format!("{h} h {m:02} min"),
        _ => format!("{d} d {h:02} h {m:02} min"),
    }
}

/// A simulated time as an RFC 3339 UTC timestamp.
pub fn timestamp(start: DateTime<Utc>, t: SimTime) -> String {
    (start + Duration::seconds(t)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The answer of `POST …/backup_to_another_region/report` with
/// `{"period": …}` for a period ending at `end`: `{"metrics": …}` in the
/// Google-Charts-compatible shape of Aiven's service metrics (one column of
/// lag seconds per secondary region; `null` where it was not a target).
pub fn aiven_lag_report(
    r: &SimResult,
    start: DateTime<Utc>,
    period: ReportPeriod,
    end: SimTime,
) -> Value {
    let (len, step) = period.length_and_step();
    let n = len / step;
    let times: Vec<SimTime> = (0..n).rev().map(|k| end - k * step).collect();
    let mut cols = vec![json!({"label": "time", "type": "date"})];
    let per_region: Vec<Vec<(SimTime, i64)>> = r
        .lag
        .iter()
        .map(|s| {
            cols.push(json!({"label": s.region, "type": "number"}));
            samples(s, period, end)
        })
        .collect();
    let rows: Vec<Value> = times
        .iter()
        .map(|t| {
            let mut row = vec![Value::String(timestamp(start, *t))];
            for s in &per_region {
                row.push(match s.binary_search_by_key(t, |x| x.0) {
                    Ok(i) => Value::from(s[i].1),
                    Err(_) => Value::Null,
                });
            }
            Value::Array(row)
        })
        .collect();
    json!({
        "metrics": {
            "backup_to_another_region_lag": {
                "data": {"cols": cols, "rows": rows},
                "hints": {
                    "title": format!("Replication lag to the secondary backup region, seconds (period {}, one sample every {} s)", period.as_str(), step),
                    "up_is_good": false
                }
            }
        }
    })
}

/// The summary `btar simulate --json` prints.
pub fn summary_json(r: &SimResult, start: DateTime<Utc>) -> Value {
    let lag: Vec<Value> = r
        .lag
        .iter()
        .map(|s| json!({"region": s.region, "p50_s": s.summary.p50_s, "p95_s": s.summary.p95_s, "max_s": s.summary.max_s}))
        .collect();
    let forks: Vec<Value> = r
        .forks
        .iter()
        .map(|f| match &f.result {
            Ok(ok) => json!({
                "name": f.name,
                "at": timestamp(start, f.at),
                "target_region": ok.service_region,
                "recovery_point": timestamp(start, ok.recovery_point),
                "data_loss_s": ok.data_loss_s,
                "restore_s": ok.restore_s,
                "ready_at": timestamp(start, ok.ready_at),
                "plan": ok.plan,
                "error": Value::Null,
            }),
            Err(e) => json!({
                "name": f.name,
                "at": timestamp(start, f.at),
                "target_region": f.from_region,
                "recovery_point": Value::Null,
                "data_loss_s": Value::Null,
                "restore_s": Value::Null,
                "error": e.message(&|t| timestamp(start, t)),
            }),
        })
        .collect();
    let mut counts = serde_json::Map::new();
    for (s, n) in r.copy_job_counts() {
        counts.insert(s.as_str().into(), n.into());
    }
    let backups_ok = r
        .backups
        .iter()
        .filter(|b| b.state == JobState::Completed)
        .count();
    let transferred: f64 = r
        .transfers()
        .filter(|t| t.purpose == "copy")
        .map(|t| t.gb)
        .sum();
    json!({
        "lag": lag,
        "forks": forks,
        "copy_jobs": counts,
        "backups": {"completed": backups_ok, "total": r.backups.len()},
        "transferred_gb": transferred,
        "events": r.events,
        "assumptions": r.assumptions.iter().map(|a| json!({"id": a.id, "text": a.text})).collect::<Vec<_>>(),
    })
}
