//! Calibration: the simulator's figures fitted to the job history the
//! clouds report ([`history`]), per copy route and per backup rule, with
//! intervals and the number of jobs each rests on ([`fit`]); the fitted
//! figures applied to a scenario; and the observed durations and lag set
//! beside the simulated ones.
//!
//! The model fitted is the engine's own (`engine::copy_duration_s`): a copy
//! of `gb` on a route takes `setup_s + gb · 8000 / mbps` seconds, from its
//! creation to its completion. See `docs/simulation.md`, "Calibration".

pub mod fit;
pub mod history;

use std::collections::BTreeMap;

use btar_core::domain::catalog;
use btar_core::domain::scenario::{ResourceType, RouteFigures, Scenario};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::sim::engine::{copy_duration_s, COPY_SETUP_ROUND_TRIPS};
use crate::sim::lag::LagSummary;
use fit::{median, median_estimate, proportion, quantile, theil_sen, Estimate};
use history::{History, Job, JobKind, Observed};

/// The fewest completed jobs with a size that a duration fit rests on.
pub const MIN_FIT_JOBS: usize = 8;
/// The fewest ended attempts (completed or failed) a failure rate rests on.
pub const MIN_RATE_JOBS: usize = 8;
/// The fewest day-to-day increments a daily change rests on.
pub const MIN_CHANGE_SAMPLES: usize = 5;

/// What a set of jobs shows, common to routes and rules.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Distinct jobs (a job on several pages counts once).
    pub jobs: usize,
    pub completed: usize,
    pub failed: usize,
    pub aborted: usize,
    pub partial: usize,
    /// Still going when listed: set aside.
    pub running: usize,
    /// The first and last creation dates (UTC).
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
}

impl Counts {
    fn of<'a>(jobs: impl Iterator<Item = &'a Job>) -> Counts {
        let mut c = Counts::default();
        for j in jobs {
            c.jobs += 1;
            match j.state {
                Observed::Completed => c.completed += 1,
                Observed::Failed => c.failed += 1,
                Observed::Aborted => c.aborted += 1,
                Observed::Partial => c.partial += 1,
                Observed::Running => c.running += 1,
            }
            c.first = Some(c.first.map_or(j.created, |f| f.min(j.created)));
            c.last = Some(c.last.map_or(j.created, |l| l.max(j.created)));
        }
        c
    }

    /// "240 jobs, 2026-10-01 to 2026-11-29".
    fn basis(&self, what: &str) -> String {
        let d =
            |t: Option<DateTime<Utc>>| t.map_or("?".into(), |t| t.format("%Y-%m-%d").to_string());
        format!(
            "fitted from {} {what} ({} completed, {} failed), {} to {}",
            self.jobs,
            self.completed,
            self.failed,
            d(self.first),
            d(self.last)
        )
    }
}

/// Duration against size, fitted.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Speed {
    /// Throughput, Mbit/s, and its interval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throughput_mbit_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throughput_mbit_s_interval: Option<[f64; 2]>,
    /// Seconds before data moves, and its interval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub setup_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub setup_s_interval: Option<[f64; 2]>,
    /// The completed jobs the fit rests on.
    pub fitted_jobs: usize,
    /// The median duration of the completed jobs, s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median_duration_s: Option<f64>,
    /// Why no fit, when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

/// The failure rate, fitted.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Failures {
    /// Failed ÷ (completed + failed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_rate: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_rate_interval: Option<[f64; 2]>,
    /// The median time a failed job ran before it failed, s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed_job_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_rate_refused: Option<String>,
}

/// One copy route's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteFit {
    pub from: &'static str,
    pub to: &'static str,
    #[serde(flatten)]
    pub counts: Counts,
    #[serde(flatten)]
    pub speed: Speed,
    #[serde(flatten)]
    pub failures: Failures,
    /// Observed against simulated, when a scenario is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub residuals: Option<Residuals>,
}

/// One backup rule's figures (per region: a rule in several regions is
/// several rows).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleFit {
    /// The rule's id (`CreatedBy.BackupRuleId`), or "(none)" for on-demand.
    pub rule: String,
    pub region: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<ResourceType>,
    pub resources: usize,
    #[serde(flatten)]
    pub counts: Counts,
    #[serde(flatten)]
    pub speed: Speed,
    #[serde(flatten)]
    pub failures: Failures,
    /// How late in its start window a job starts, s: the start window
    /// (`--start-window`, else the scenario rule's, else AWS's default
    /// 8 h) less the time from creation to `StartBy`; the median.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_delay_s: Option<f64>,
    /// The changed data per day, GB (sum over the rule's resources of each
    /// one's median incremental size per day), for incremental types.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daily_change_gb: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub daily_change_gb_interval: Option<[f64; 2]>,
}

/// Observed against simulated durations on a route: the scenario's
/// figures before the fit and the fitted ones.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Residuals {
    /// Median observed duration, s.
    pub observed_median_s: f64,
    /// Median simulated duration of the same jobs with the scenario's
    /// figures, and with the fitted ones.
    pub simulated_before_median_s: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulated_after_median_s: Option<f64>,
    /// Median of |observed − simulated|, before and after.
    pub abs_residual_before_s: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abs_residual_after_s: Option<f64>,
    /// Each job: size GB, observed s, simulated before, after (for a chart).
    #[serde(skip)]
    pub points: Vec<[f64; 4]>,
}

/// Observed lag of a region, and the simulated lag of the scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LagFit {
    pub region: &'static str,
    pub samples: usize,
    pub observed_p50_s: f64,
    pub observed_p95_s: f64,
    pub observed_max_s: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulated: Option<LagSummary>,
}

/// Everything the calibration found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    /// Distinct jobs read (after duplicates across pages were merged), and
    /// the records before.
    pub jobs: usize,
    pub records: usize,
    pub running_set_aside: usize,
    pub routes: Vec<RouteFit>,
    pub rules: Vec<RuleFit>,
    pub lag: Vec<LagFit>,
}

/// Seconds → GB-duration points of completed jobs with a size.
fn points<'a>(jobs: impl Iterator<Item = &'a Job>) -> Vec<(f64, f64)> {
    jobs.filter(|j| j.state == Observed::Completed)
        .filter_map(|j| Some((j.bytes? as f64 / 1e9, j.duration_s()?)))
        .collect()
}

fn speed(pts: &[(f64, f64)], what: &str) -> Speed {
    let mut s = Speed {
        fitted_jobs: pts.len(),
        ..Speed::default()
    };
    let durations: Vec<f64> = pts.iter().map(|p| p.1).collect();
    if !durations.is_empty() {
        s.median_duration_s = Some(median(&durations));
    }
    if pts.len() < MIN_FIT_JOBS {
        s.refused = Some(format!(
            "{} completed {what} with a size and a completion date; a fit needs at least {MIN_FIT_JOBS}",
            pts.len()
        ));
        return s;
    }
    let sizes: Vec<f64> = pts.iter().map(|p| p.0).collect();
    let (lo, mid, hi) = (quantile(&sizes, 0.1), median(&sizes), quantile(&sizes, 0.9));
    let spread = hi - lo;
    if spread.is_nan() || spread <= 0.05 * mid.max(1e-9) {
        s.refused = Some(format!(
            "the {what} are all about {mid:.1} GB: the setup and the throughput cannot be told apart (the median takes {:.0} s); sizes that differ are needed",
            s.median_duration_s.unwrap_or(0.0)
        ));
        return s;
    }
    let Some(line) = theil_sen(pts) else {
        s.refused = Some(format!("the {what} have one size only"));
        return s;
    };
    if line.slope.value <= 0.0 {
        s.refused = Some(format!(
            "the {what}' durations do not grow with their size: no throughput can be fitted"
        ));
        return s;
    }
    // Slope: s per GB; 8000 Mbit per GB.
    let mbps = |slope: f64| {
        if slope > 0.0 {
            8000.0 / slope
        } else {
            f64::INFINITY
        }
    };
    s.throughput_mbit_s = Some(mbps(line.slope.value));
    s.throughput_mbit_s_interval = Some([mbps(line.slope.high), mbps(line.slope.low)]);
    s.setup_s = Some(line.intercept.value);
    s.setup_s_interval = Some([line.intercept.low, line.intercept.high]);
    s
}

fn failures<'a>(jobs: impl Iterator<Item = &'a Job> + Clone) -> Failures {
    let completed = jobs
        .clone()
        .filter(|j| j.state == Observed::Completed)
        .count();
    let failed: Vec<&Job> = jobs.filter(|j| j.state == Observed::Failed).collect();
    let n = completed + failed.len();
    let mut f = Failures::default();
    let times: Vec<f64> = failed.iter().filter_map(|j| j.duration_s()).collect();
    if !times.is_empty() {
        f.failed_job_s = Some(median(&times));
    }
    if n < MIN_RATE_JOBS {
        f.failure_rate_refused = Some(format!(
            "{n} ended attempts; a failure rate needs at least {MIN_RATE_JOBS}"
        ));
        return f;
    }
    let e: Estimate = proportion(failed.len(), n);
    f.failure_rate = Some(e.value);
    f.failure_rate_interval = Some([e.low, e.high]);
    f
}

/// The changed data per day of a rule's backups, from each resource's
/// incremental sizes (all but its first backup) over the time since its
/// previous one.
fn daily_change(jobs: &[&Job]) -> Option<(f64, [f64; 2])> {
    let mut by_resource: BTreeMap<&str, Vec<&Job>> = BTreeMap::new();
    for j in jobs {
        if j.state == Observed::Completed && j.bytes.is_some() {
            by_resource
                .entry(j.resource.as_deref().unwrap_or(""))
                .or_default()
                .push(j);
        }
    }
    let (mut total, mut lo, mut hi, mut samples) = (0.0, 0.0, 0.0, 0);
    for list in by_resource.values_mut() {
        list.sort_by_key(|j| j.created);
        let rates: Vec<f64> = list
            .windows(2)
            .filter_map(|w| {
                let days = (w[1].created - w[0].created).num_seconds() as f64 / 86_400.0;
                (days > 0.0).then(|| w[1].bytes.unwrap_or(0) as f64 / 1e9 / days)
            })
            .collect();
        if rates.is_empty() {
            continue;
        }
        samples += rates.len();
        let e = median_estimate(&rates);
        total += e.value;
        lo += e.low;
        hi += e.high;
    }
    (samples >= MIN_CHANGE_SAMPLES).then_some((total, [lo, hi]))
}

/// Fits every route and rule the history shows. `scenario`, when given,
/// adds the residuals against its figures and its simulated lag;
/// `start_window_s` overrides the start window the delays are counted in.
pub fn calibrate(
    h: &History,
    scenario: Option<&Scenario>,
    start_window_s: Option<f64>,
) -> Calibration {
    let mut c = fit(h, scenario, start_window_s);
    let simulated = scenario
        .and_then(|s| crate::analysis::run(s, crate::sim::engine::MAX_JOBS, &mut |_| {}).ok());
    if let Some((_, r, _)) = simulated {
        for l in &mut c.lag {
            l.simulated = r
                .lag
                .iter()
                .find(|s| s.region == l.region)
                .map(|s| s.summary);
        }
    }
    c
}

/// [`calibrate`] without running the scenario: no simulated lag (so the
/// engine is not needed; the app has its own run's lag beside it).
pub fn fit(h: &History, scenario: Option<&Scenario>, start_window_s: Option<f64>) -> Calibration {
    let mut routes: BTreeMap<(&'static str, &'static str), Vec<&Job>> = BTreeMap::new();
    let mut rules: BTreeMap<(String, &'static str), Vec<&Job>> = BTreeMap::new();
    for j in h.jobs() {
        match (j.kind, j.from, j.to) {
            (JobKind::Copy, Some(f), Some(t)) => routes.entry((f, t)).or_default().push(j),
            (JobKind::Backup, Some(r), _) => rules
                .entry((j.rule.clone().unwrap_or_else(|| "(none)".into()), r))
                .or_default()
                .push(j),
            _ => {}
        }
    }
    let mut out = Calibration {
        jobs: h.jobs.len(),
        records: h.records,
        running_set_aside: h.jobs().filter(|j| j.state == Observed::Running).count(),
        routes: Vec::new(),
        rules: Vec::new(),
        lag: Vec::new(),
    };
    for ((from, to), jobs) in routes {
        let pts = points(jobs.iter().copied());
        let mut r = RouteFit {
            from,
            to,
            counts: Counts::of(jobs.iter().copied()),
            speed: speed(&pts, "copies"),
            failures: failures(jobs.iter().copied()),
            residuals: None,
        };
        if let Some(s) = scenario {
            r.residuals = residuals(s, &r, &pts);
        }
        out.routes.push(r);
    }
    let window = start_window_s.unwrap_or_else(|| scenario_window(scenario));
    for ((rule, region), jobs) in rules {
        let pts = points(jobs.iter().copied());
        let resource_type = jobs.iter().find_map(|j| j.resource_type);
        let delays: Vec<f64> = jobs
            .iter()
            .filter_map(|j| {
                let left = (j.start_by? - j.created).num_milliseconds() as f64 / 1000.0;
                Some((window - left).max(0.0))
            })
            .collect();
        let change = resource_type
            .filter(|t| t.incremental())
            .and_then(|_| daily_change(&jobs));
        let resources = jobs
            .iter()
            .filter_map(|j| j.resource.as_deref())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        out.rules.push(RuleFit {
            rule,
            region,
            resource_type,
            resources,
            counts: Counts::of(jobs.iter().copied()),
            speed: speed(&pts, "backups"),
            failures: failures(jobs.iter().copied()),
            start_delay_s: (!delays.is_empty()).then(|| median(&delays)),
            daily_change_gb: change.map(|c| c.0),
            daily_change_gb_interval: change.map(|c| c.1),
        });
    }
    let mut lag: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    for l in &h.lag {
        lag.entry(l.region).or_default().push(l.lag_s);
    }
    for (region, v) in lag {
        out.lag.push(LagFit {
            region,
            samples: v.len(),
            observed_p50_s: median(&v),
            observed_p95_s: quantile(&v, 0.95),
            observed_max_s: quantile(&v, 1.0),
            simulated: None,
        });
    }
    out
}

/// The start window of the scenario's first AWS rule, else AWS's default
/// of 8 hours.
fn scenario_window(s: Option<&Scenario>) -> f64 {
    use btar_core::domain::scenario::Platform;
    s.and_then(|s| match &s.platform {
        Platform::Aws(a) => a.plan.rules.first().and_then(|r| r.start_window_minutes),
        _ => None,
    })
    .map_or(8.0 * 3600.0, |m| m as f64 * 60.0)
}

/// The scenario's setup and throughput on a route, as the engine takes
/// them.
pub fn scenario_route(s: &Scenario, from: &str, to: &str) -> Option<(f64, f64)> {
    if let Some(r) = s.calibration.route(from, to) {
        return Some((r.setup_s, r.bandwidth_mbps));
    }
    let (a, b) = (catalog::region(from)?, catalog::region(to)?);
    let rtt = s.link.rtt_ms.unwrap_or_else(|| a.default_rtt_ms(b));
    Some((rtt / 1000.0 * COPY_SETUP_ROUND_TRIPS, s.link.bandwidth_mbps))
}

fn residuals(s: &Scenario, r: &RouteFit, pts: &[(f64, f64)]) -> Option<Residuals> {
    if pts.is_empty() {
        return None;
    }
    let (setup, mbps) = scenario_route(s, r.from, r.to)?;
    let fitted = r.speed.throughput_mbit_s.zip(r.speed.setup_s);
    let points: Vec<[f64; 4]> = pts
        .iter()
        .map(|&(gb, obs)| {
            let before = copy_duration_s(setup, gb, mbps) as f64;
            let after = fitted.map_or(f64::NAN, |(m, st)| {
                copy_duration_s(st.max(0.0), gb, m) as f64
            });
            [gb, obs, before, after]
        })
        .collect();
    let col = |i: usize| points.iter().map(|p| p[i]).collect::<Vec<f64>>();
    let abs = |i: usize| {
        points
            .iter()
            .map(|p| (p[1] - p[i]).abs())
            .collect::<Vec<f64>>()
    };
    Some(Residuals {
        observed_median_s: median(&col(1)),
        simulated_before_median_s: median(&col(2)),
        simulated_after_median_s: fitted.map(|_| median(&col(3))),
        abs_residual_before_s: median(&abs(2)),
        abs_residual_after_s: fitted.map(|_| median(&abs(3))),
        points,
    })
}

/// The scenario with the fitted figures: each fitted route's setup,
/// throughput and failure rate (replacing the route's earlier figures);
/// the backup throughput and the daily change of the rule with the most
/// completed backups. Each says what it rests on. Returns what changed, in
/// words.
pub fn apply(c: &Calibration, s: &mut Scenario) -> Vec<String> {
    let mut changed = Vec::new();
    for r in &c.routes {
        let (Some(mbps), Some(setup)) = (r.speed.throughput_mbit_s, r.speed.setup_s) else {
            continue;
        };
        let figures = RouteFigures {
            from: r.from.to_string(),
            to: r.to.to_string(),
            setup_s: round(setup.max(0.0), 1),
            bandwidth_mbps: round(mbps, 3),
            copy_failure_rate: r.failures.failure_rate.map(|f| round(f, 4).min(0.99)),
            source: r.counts.basis("copy jobs"),
        };
        changed.push(format!(
            "route {} → {}: setup {:.0} s, {:.1} Mbit/s{} ({})",
            r.from,
            r.to,
            figures.setup_s,
            figures.bandwidth_mbps,
            figures
                .copy_failure_rate
                .map(|f| format!(", failure rate {:.1} %", f * 100.0))
                .unwrap_or_default(),
            figures.source
        ));
        s.calibration
            .routes
            .retain(|x| !(x.from == figures.from && x.to == figures.to));
        s.calibration.routes.push(figures);
    }
    let main_rule = c
        .rules
        .iter()
        .filter(|r| r.speed.throughput_mbit_s.is_some())
        .max_by_key(|r| r.counts.completed);
    if let Some(r) = main_rule {
        let v = round(r.speed.throughput_mbit_s.unwrap_or(0.0), 3);
        let source = format!("rule {}: {}", r.rule, r.counts.basis("backup jobs"));
        changed.push(format!("link.backup_throughput_mbps = {v} ({source})"));
        s.link.backup_throughput_mbps = v;
        s.calibration.backup_throughput_source = Some(source);
    }
    let change_rule = c
        .rules
        .iter()
        .filter(|r| r.daily_change_gb.is_some())
        .max_by_key(|r| r.counts.completed);
    if let Some(r) = change_rule {
        if s.workload.resource_type.incremental() {
            let v = round(r.daily_change_gb.unwrap_or(0.0), 3);
            let source = format!("rule {}: {}", r.rule, r.counts.basis("backup jobs"));
            changed.push(format!("workload.write_gb_per_day = {v} ({source})"));
            s.workload.write_gb_per_day = v;
            s.calibration.write_gb_per_day_source = Some(source);
        }
    }
    changed
}

fn round(v: f64, places: i32) -> f64 {
    let k = 10f64.powi(places);
    (v * k).round() / k
}

#[cfg(test)]
mod tests;
