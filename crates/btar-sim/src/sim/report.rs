//! What a run reports outside the engine: the Aiven lag report body and the
//! summary that `btar simulate --json` prints.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

use super::lag::{samples, ReportPeriod};
use super::model::{CopyJob, JobState, SimResult};
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

/// US dollars with thousands separators and cents: `$842,706.48`; never
/// `$-0.00`.
pub fn usd(v: f64) -> String {
    usd_places(v, 2)
}

/// US dollars with `places` decimals and thousands separators.
pub fn usd_places(v: f64, places: usize) -> String {
    if !v.is_finite() {
        return format!("${v}");
    }
    let text = format!("{:.*}", places, v.abs());
    // Rounds to zero: no sign.
    let negative = v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let (int, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if negative { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}${grouped}")
    } else {
        format!("{sign}${grouped}.{frac}")
    }
}

/// A simulated time as an RFC 3339 UTC timestamp.
pub fn timestamp(start: DateTime<Utc>, t: SimTime) -> String {
    btar_core::domain::clock::add_seconds(start, t).to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Header of [`copy_jobs_csv`].
pub const COPY_JOBS_CSV_HEADER: &str = "copy_job_id,rule,source_region,destination_region,created,started,finished,state,attempts,size_gb,recovery_point,message";

/// Copy jobs as CSV (RFC 4180, times in RFC 3339 UTC, empty where a job
/// has not started or finished), one row per job, in the order given: what
/// an operator would pull from the copy-job list to keep or to alert on.
pub fn copy_jobs_csv<'a>(
    jobs: impl IntoIterator<Item = &'a CopyJob>,
    start: DateTime<Utc>,
) -> String {
    let time = |t: Option<SimTime>| t.map(|t| timestamp(start, t)).unwrap_or_default();
    let mut out = format!("{COPY_JOBS_CSV_HEADER}\n");
    for j in jobs {
        out.push_str(&format!(
            "copy-job-{:06},{},{},{},{},{},{},{},{},{:.3},{},{}\n",
            j.id,
            csv_field(&j.series),
            j.from_region,
            j.to_region,
            timestamp(start, j.created),
            time(j.started),
            time(j.finished),
            j.state.as_str(),
            j.attempts,
            j.size_gb,
            timestamp(start, j.point),
            csv_field(j.message),
        ));
    }
    out
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
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
        "warnings": super::diagnose::warnings(r)
            .iter()
            .map(|w| {
                let mut v = serde_json::to_value(w).unwrap_or(Value::Null);
                if let Some(o) = v.as_object_mut() {
                    o.insert("message".into(), w.message().into());
                }
                v
            })
            .collect::<Vec<_>>(),
        "events": r.events,
        "assumptions": r.assumptions.iter().map(|a| json!({"id": a.id, "text": a.text})).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod money_tests {
    use super::*;

    #[test]
    fn dollars_have_separators_and_no_negative_zero() {
        assert_eq!(usd(842_706.48), "$842,706.48");
        assert_eq!(usd(1_234_567.0), "$1,234,567.00");
        assert_eq!(usd(999.999), "$1,000.00");
        assert_eq!(usd(-0.001), "$0.00");
        assert_eq!(usd(-0.0), "$0.00");
        assert_eq!(usd(-12.5), "-$12.50");
        assert_eq!(usd(2.8), "$2.80");
        assert_eq!(usd_places(1500.0, 0), "$1,500");
        assert_eq!(usd_places(0.123, 4), "$0.1230");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_they_must_be() {
        assert_eq!(csv_field("base backup"), "base backup");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn copy_jobs_csv_has_a_row_per_job_with_every_column() {
        let s = btar_core::presets::load("aws-guide-two-dr").expect("preset");
        let r = crate::sim::simulate(&s).expect("simulates");
        let csv = copy_jobs_csv(&r.copy_jobs, s.simulation.start);
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some(COPY_JOBS_CSV_HEADER));
        let rows: Vec<&str> = lines.collect();
        assert_eq!(rows.len(), r.copy_jobs.len());
        assert!(rows.len() > 100);
        let columns = COPY_JOBS_CSV_HEADER.split(',').count();
        assert!(
            rows.iter().all(|l| l.split(',').count() == columns),
            "no field holds a comma here"
        );
        let first: Vec<&str> = rows[0].split(',').collect();
        let j = &r.copy_jobs[0];
        assert_eq!(first[0], format!("copy-job-{:06}", j.id));
        assert_eq!((first[2], first[3]), (j.from_region, j.to_region));
        assert_eq!(first[4], timestamp(s.simulation.start, j.created));
        assert_eq!(first[7], j.state.as_str());
        assert!(
            first[4].ends_with('Z') && first[4] < first[6],
            "{rows:?}",
            rows = &rows[..1]
        );
        // Only the jobs given, in their order.
        let failed = copy_jobs_csv(
            r.copy_jobs_where(Some(JobState::Failed), 0, i64::MAX),
            s.simulation.start,
        );
        assert_eq!(
            failed.lines().count(),
            1 + r
                .copy_jobs
                .iter()
                .filter(|j| j.state == JobState::Failed)
                .count()
        );
    }
}
