//! `btar calibrate FILE… [--scenario S] [--json] [--write OUT]`: the
//! simulator's figures fitted to the job history the clouds report.

use std::io::Read;

use btar_planner::calibrate::history::{History, MAX_FILE_BYTES};
use btar_planner::calibrate::{self, Calibration, Counts, Failures, Speed};
use btar_planner::domain::validation::validate;
use btar_planner::sim::report::duration_text;
use serde_json::json;

use super::error::CliError;
use super::io::load;
use super::ImportArgs;

/// Reads one history file (`-`: standard input), bounded.
fn read_history(file: &str) -> Result<String, CliError> {
    let mut buf = Vec::new();
    let limit = MAX_FILE_BYTES as u64 + 1;
    let r = if file == "-" {
        std::io::stdin().take(limit).read_to_end(&mut buf)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(limit).read_to_end(&mut buf))
    };
    r.map_err(|e| CliError::unreadable(format!("{file}: {e}")))?;
    if buf.len() as u64 >= limit {
        return Err(CliError::unreadable(format!(
            "{file}: larger than the {MAX_FILE_BYTES} byte limit of a history file"
        )));
    }
    String::from_utf8(buf).map_err(|e| {
        CliError::unreadable(format!(
            "{file}: not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

pub struct CalibrateArgs<'a> {
    pub files: &'a [String],
    pub scenario: Option<&'a str>,
    pub json: bool,
    pub write: Option<&'a str>,
    pub start_window_minutes: Option<f64>,
    pub import: &'a ImportArgs,
}

pub fn calibrate_cmd(a: CalibrateArgs<'_>) -> Result<(), CliError> {
    if a.files.is_empty() {
        return Err(CliError::unreadable("name at least one job history file"));
    }
    if a.write.is_some() && a.scenario.is_none() {
        return Err(CliError::unreadable(
            "--write needs --scenario: the fitted figures are written into that scenario",
        ));
    }
    if let Some(m) = a.start_window_minutes {
        if !m.is_finite() || !(0.0..=10_080.0).contains(&m) {
            return Err(CliError::unreadable(format!(
                "--start-window: {m} is not 0–10080 minutes"
            )));
        }
    }
    let mut h = History::default();
    for f in a.files {
        let text = read_history(f)?;
        h.read(f, &text).map_err(CliError::unreadable)?;
    }
    let scenario = match a.scenario {
        Some(f) => Some(load(f, a.import).map_err(CliError::unreadable)?.scenario),
        None => None,
    };
    let c = calibrate::calibrate(
        &h,
        scenario.as_ref(),
        a.start_window_minutes.map(|m| m * 60.0),
    );
    let mut written = Vec::new();
    if let (Some(out), Some(mut s)) = (a.write, scenario.clone()) {
        written = calibrate::apply(&c, &mut s);
        let problems = validate(&s);
        if !problems.is_valid() {
            let list: Vec<String> = problems.errors().map(|e| e.to_string()).collect();
            return Err(CliError::failed(format!(
                "the calibrated scenario is invalid, not written:\n  {}",
                list.join("\n  ")
            )));
        }
        let text = serde_json::to_string_pretty(&s)
            .map_err(|e| CliError::unreadable(format!("{out}: {e}")))?;
        std::fs::write(out, text + "\n")
            .map_err(|e| CliError::unreadable(format!("{out}: {e}")))?;
    }
    if a.json {
        let mut v = serde_json::to_value(&c).unwrap_or_default();
        if let Some(m) = v.as_object_mut() {
            m.insert(
                "files".into(),
                json!(h
                    .files
                    .iter()
                    .map(|(f, what, n)| json!({"file": f, "holds": what, "records": n}))
                    .collect::<Vec<_>>()),
            );
            if a.write.is_some() {
                m.insert("applied".into(), json!(written));
            }
        }
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return Ok(());
    }
    text(&h, &c, &written, a.write);
    Ok(())
}

fn interval(v: Option<[f64; 2]>, digits: usize) -> String {
    v.map_or(String::new(), |[a, b]| {
        format!(" ({a:.digits$}–{b:.digits$})")
    })
}

fn speed_lines(s: &Speed) -> Vec<String> {
    match (s.throughput_mbit_s, s.setup_s, &s.refused) {
        (Some(m), Some(setup), _) => vec![format!(
            "  throughput {m:.1} Mbit/s{}, setup {setup:.0} s{}, from {} completed jobs",
            interval(s.throughput_mbit_s_interval, 1),
            interval(s.setup_s_interval, 0),
            s.fitted_jobs
        )],
        (_, _, Some(why)) => vec![format!("  no duration fit: {why}")],
        _ => Vec::new(),
    }
}

fn failure_line(f: &Failures) -> String {
    match (f.failure_rate, &f.failure_rate_refused) {
        (Some(r), _) => format!(
            "  failure rate {:.1} %{}{}",
            r * 100.0,
            f.failure_rate_interval
                .map_or(String::new(), |[a, b]| format!(
                    " ({:.1}–{:.1} %)",
                    a * 100.0,
                    b * 100.0
                )),
            f.failed_job_s.map_or(String::new(), |s| format!(
                "; a failed job ran {} before it failed (median)",
                duration_text(s as i64)
            ))
        ),
        (None, Some(why)) => format!("  no failure rate: {why}"),
        _ => String::new(),
    }
}

fn counts_line(c: &Counts) -> String {
    let d = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map_or("?".into(), |t| t.format("%Y-%m-%d").to_string())
    };
    format!(
        "  {} jobs: {} completed, {} failed, {} aborted, {} partial, {} still running (set aside); {} to {}",
        c.jobs,
        c.completed,
        c.failed,
        c.aborted,
        c.partial,
        c.running,
        d(c.first),
        d(c.last)
    )
}

fn text(h: &History, c: &Calibration, written: &[String], write: Option<&str>) {
    println!(
        "{} distinct jobs from {} records in {} file(s); {} still running, set aside",
        c.jobs,
        c.records,
        h.files.len(),
        c.running_set_aside
    );
    if !c.routes.is_empty() {
        println!("\ncopy routes (a copy takes setup + size ÷ throughput; 95 % intervals)");
    }
    for r in &c.routes {
        println!("{} → {}", r.from, r.to);
        println!("{}", counts_line(&r.counts));
        for l in speed_lines(&r.speed) {
            println!("{l}");
        }
        println!("{}", failure_line(&r.failures));
        if let Some(x) = &r.residuals {
            println!(
                "  observed median {}; simulated with the scenario's figures {} (median |error| {}){}",
                duration_text(x.observed_median_s as i64),
                duration_text(x.simulated_before_median_s as i64),
                duration_text(x.abs_residual_before_s as i64),
                match (x.simulated_after_median_s, x.abs_residual_after_s) {
                    (Some(a), Some(e)) => format!(
                        ", with the fitted ones {} (median |error| {})",
                        duration_text(a as i64),
                        duration_text(e as i64)
                    ),
                    _ => String::new(),
                }
            );
        }
    }
    if !c.rules.is_empty() {
        println!("\nbackup rules");
    }
    for r in &c.rules {
        println!(
            "rule {} in {}{}{}",
            r.rule,
            r.region,
            r.resource_type
                .map_or(String::new(), |t| format!(", {}", t.label())),
            if r.resources > 0 {
                format!(", {} resource(s)", r.resources)
            } else {
                String::new()
            }
        );
        println!("{}", counts_line(&r.counts));
        for l in speed_lines(&r.speed) {
            println!("{l}");
        }
        println!("{}", failure_line(&r.failures));
        if let Some(d) = r.start_delay_s {
            println!(
                "  starts {} into its start window (median)",
                duration_text(d as i64)
            );
        }
        if let Some(g) = r.daily_change_gb {
            println!(
                "  daily change {g:.2} GB{}",
                interval(r.daily_change_gb_interval, 2)
            );
        }
    }
    if !c.lag.is_empty() {
        println!("\nobserved lag");
    }
    for l in &c.lag {
        println!(
            "{}: {} samples, median {}, p95 {}, max {}{}",
            l.region,
            l.samples,
            duration_text(l.observed_p50_s as i64),
            duration_text(l.observed_p95_s as i64),
            duration_text(l.observed_max_s as i64),
            l.simulated.map_or(String::new(), |s| format!(
                "; simulated median {}, p95 {}, max {}",
                duration_text(s.p50_s),
                duration_text(s.p95_s),
                duration_text(s.max_s)
            ))
        );
    }
    if let Some(out) = write {
        println!("\nwrote {out} with:");
        for w in written {
            println!("  {w}");
        }
        if written.is_empty() {
            println!("  nothing fitted: the scenario as it was");
        }
    }
}
