//! `btar simulate`: the verdict first, then lag, copy jobs, forks and warnings; or the Aiven lag report, the copy-job CSV, JSON.

use super::*;

pub(super) fn simulate_cmd(
    file: &str,
    as_json: bool,
    period: Option<&str>,
    jobs_csv: bool,
    args: &ImportArgs,
) -> Result<(), CliError> {
    let period = match period.map(|p| (p, ReportPeriod::parse(p))) {
        Some((p, None)) => {
            return Err(CliError::unreadable(format!(
                "--report: '{p}' is not one of hour, day, week, month, year"
            )))
        }
        Some((_, Some(p))) => Some(p),
        None => None,
    };
    // The reports need the run only; the summary needs the verdict too.
    if period.is_some() || jobs_csv {
        let (scenario, _, result, _) = ran(file, args)?;
        let start = scenario.simulation.start;
        match period {
            Some(p) => println!(
                "{}",
                serde_json::to_string_pretty(&report::aiven_lag_report(
                    &result,
                    start,
                    p,
                    result.span_s
                ))
                .unwrap_or_default()
            ),
            None => print!("{}", report::copy_jobs_csv(&result.copy_jobs, start)),
        }
        return Ok(());
    }
    let (scenario, a) = analysed(file, args)?;
    let s = &scenario;
    let result = &a.sim;
    let start = s.simulation.start;
    let v = &a.verdict;
    if as_json {
        let mut out = report::summary_json(result, start);
        out["verdict"] = serde_json::to_value(v).unwrap_or_default();
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return Ok(());
    }
    println!(
        "{} — {} days from {}, seed {}",
        s.name,
        s.simulation.days,
        report::timestamp(start, 0),
        s.simulation.seed
    );
    println!("verdict for a loss of the service's region:");
    for l in sim::verdict::lines(v) {
        println!("  {l}");
    }
    println!("primary backup location: {}", result.primary_region);
    println!("replication lag (time-weighted):");
    for l in &result.lag {
        println!(
            "  {:<28} p50 {:>16}  p95 {:>16}  max {:>16}",
            l.region,
            fmt_duration(l.summary.p50_s),
            fmt_duration(l.summary.p95_s),
            fmt_duration(l.summary.max_s)
        );
    }
    let counts: Vec<String> = result
        .copy_job_counts()
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{} {n}", s.as_str()))
        .collect();
    println!(
        "copy jobs: {}",
        if counts.is_empty() {
            "none".into()
        } else {
            counts.join(", ")
        }
    );
    for f in &result.forks {
        match &f.result {
            Ok(ok) => println!(
                "fork {} at {} in {}: recovery point {}, data lost {}, restore {}, ready {}",
                f.name,
                report::timestamp(start, f.at),
                ok.service_region,
                report::timestamp(start, ok.recovery_point),
                fmt_duration(ok.data_loss_s),
                fmt_duration(ok.restore_s),
                report::timestamp(start, ok.ready_at)
            ),
            Err(e) => println!(
                "fork {} at {} from {}: {}",
                f.name,
                report::timestamp(start, f.at),
                f.from_region,
                e.message(&|t| report::timestamp(start, t))
            ),
        }
    }
    if !a.warnings.is_empty() {
        println!("warnings:");
        for w in &a.warnings {
            println!("  - {}", w.message());
        }
    }
    println!("lag: how far the newest point a secondary holds is behind the service's newest data (the data a loss of its region would lose then)");
    println!("assumptions:");
    for a in &result.assumptions {
        println!("  - {}", a.text);
    }
    Ok(())
}

/// The pipeline's first stages on a file: validated, simulated and billed
/// (for what needs no verdict: the reports, the bill, the levers).
pub(super) fn ran(
    file: &str,
    args: &ImportArgs,
) -> Result<(Scenario, Problems, sim::SimResult, bill::Bill), CliError> {
    let loaded = load(file, args).map_err(CliError::unreadable)?;
    let s = loaded.scenario;
    match analysis::run(&s, sim::engine::MAX_JOBS, &mut |_| {}) {
        Ok((problems, r, b)) => Ok((s, problems, r, b)),
        Err(e) => {
            for p in e.problems().errors() {
                eprintln!("{p}");
            }
            Err(CliError::failed(e))
        }
    }
}

/// The whole pipeline on a file, judged against the scenario's objectives.
pub(super) fn analysed(file: &str, args: &ImportArgs) -> Result<(Scenario, Analysis), CliError> {
    let (s, problems, r, b) = ran(file, args)?;
    let start = s.simulation.start;
    let a = analysis::finish(&s, problems, r, b, &s.objectives, &|t| {
        report::timestamp(start, t)
    });
    Ok((s, a))
}
