//! The decision commands: `btar check` (a CI gate on the objectives),
//! `btar risk` (Monte Carlo over outages and copy failures) and `btar
//! frontier` (the cheapest plans that meet the objectives).

use btar_planner::analysis;
use btar_planner::cost::frontier;
use btar_planner::domain::scenario::{Lever, Levers, Objectives, Scenario};
use btar_planner::domain::validation::validate;
use btar_planner::sim::{self, report, risk, verdict};
use serde_json::json;

use super::error::CliError;
use super::{load, ImportArgs};

/// A duration such as `4h`, `90m`, `1d12h`, `3600s` or `3600` (seconds).
pub fn duration(text: &str) -> Result<i64, String> {
    let t = text.trim();
    if let Ok(n) = t.parse::<i64>() {
        return if n > 0 {
            Ok(n)
        } else {
            Err(format!("'{text}': a duration is more than 0"))
        };
    }
    let (mut total, mut num) = (0i64, String::new());
    for c in t.chars() {
        if c.is_ascii_digit() || c == '.' {
            num.push(c);
            continue;
        }
        let unit = match c {
            's' => 1.0,
            'm' => 60.0,
            'h' => 3600.0,
            'd' => 86_400.0,
            'w' => 604_800.0,
            _ => {
                return Err(format!(
                    "'{text}': use a number with s, m, h, d or w, e.g. 4h or 1d12h"
                ))
            }
        };
        let n: f64 = num
            .parse()
            .map_err(|_| format!("'{text}': a number must come before '{c}'"))?;
        num.clear();
        total = total.saturating_add((n * unit).round() as i64);
    }
    if !num.is_empty() {
        return Err(format!(
            "'{text}': the last number has no unit (s, m, h, d, w)"
        ));
    }
    if total <= 0 || total > 3650 * 86_400 {
        return Err(format!("'{text}': a duration from 1 s to 10 years"));
    }
    Ok(total)
}

/// Objectives from flags, falling back to the scenario's.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ObjectiveArgs {
    /// Recovery point objective: the most data a loss of the service's region may lose (4h, 30m, 1d).
    #[arg(long, value_parser = duration)]
    pub max_rpo: Option<i64>,
    /// Recovery time objective: the longest a restore in another region may take.
    #[arg(long, value_parser = duration)]
    pub max_rto: Option<i64>,
    /// The most the cross-region part may cost in a steady month, USD.
    #[arg(long)]
    pub max_monthly_cost: Option<f64>,
    /// The tolerated probability of breaching the RPO or RTO (with --trials).
    #[arg(long)]
    pub max_breach_probability: Option<f64>,
}

impl ObjectiveArgs {
    pub(super) fn over(&self, s: &Scenario) -> Result<Objectives, CliError> {
        let o = s.objectives;
        let out = Objectives {
            rpo_s: self.max_rpo.or(o.rpo_s),
            rto_s: self.max_rto.or(o.rto_s),
            monthly_budget_usd: self.max_monthly_cost.or(o.monthly_budget_usd),
            breach_probability: self.max_breach_probability.or(o.breach_probability),
            may_change: o.may_change,
        };
        if out
            .monthly_budget_usd
            .is_some_and(|b| !b.is_finite() || b < 0.0)
        {
            return Err(CliError::unreadable(
                "--max-monthly-cost: a number of dollars, 0 or more",
            ));
        }
        if out
            .breach_probability
            .is_some_and(|p| !(0.0..=1.0).contains(&p))
        {
            return Err(CliError::unreadable(
                "--max-breach-probability: a probability from 0 to 1",
            ));
        }
        Ok(out)
    }
}

/// Outage rates and the trials of a risk run.
#[derive(clap::Args, Debug, Clone)]
pub struct RiskArgs {
    /// Trials (1 to 100 000).
    #[arg(long, default_value_t = 1000)]
    pub trials: u32,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Region-wide outages per region per year (an assumption; see docs/simulation.md).
    #[arg(long, default_value_t = risk::DEFAULT_OUTAGES_PER_YEAR)]
    pub outages_per_year: f64,
    /// Median outage length in hours (log-normal).
    #[arg(long, default_value_t = risk::DEFAULT_OUTAGE_MEDIAN_HOURS)]
    pub outage_median_hours: f64,
    /// Spread of the outage lengths (σ of the log-normal, 0 to 3).
    #[arg(long, default_value_t = risk::DEFAULT_OUTAGE_SIGMA)]
    pub outage_sigma: f64,
    /// For a provider's regions or one region, in place of the rate and
    /// median above: `aws=0.3:6,aws-us-west-2=2,google=0.8` (rate per region
    /// per year, then optionally `:` and the median hours).
    #[arg(long, default_value = "")]
    pub outages_for: String,
    /// Probability that one copy attempt fails (the scenario's when absent).
    #[arg(long)]
    pub copy_failure_rate: Option<f64>,
}

/// An optional risk run beside a gate (`btar check`, `btar diff`), with the
/// default outage figures.
#[derive(clap::Args, Debug, Clone)]
pub struct TrialArgs {
    /// Also run a risk analysis of this many trials and judge the breach
    /// probability (--max-breach-probability).
    #[arg(long)]
    pub trials: Option<u32>,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

impl TrialArgs {
    pub fn risk(&self) -> Option<RiskArgs> {
        self.trials
            .map(|trials| RiskArgs::defaults(trials, self.seed))
    }
}

impl RiskArgs {
    /// The default outage figures, with these trials and seed.
    pub fn defaults(trials: u32, seed: u64) -> RiskArgs {
        RiskArgs {
            trials,
            seed,
            outages_per_year: risk::DEFAULT_OUTAGES_PER_YEAR,
            outage_median_hours: risk::DEFAULT_OUTAGE_MEDIAN_HOURS,
            outage_sigma: risk::DEFAULT_OUTAGE_SIGMA,
            outages_for: String::new(),
            copy_failure_rate: None,
        }
    }

    pub(super) fn params(&self) -> Result<risk::RiskParams, CliError> {
        let p = risk::RiskParams {
            trials: self.trials,
            seed: self.seed,
            outages_per_year: self.outages_per_year,
            outage_median_hours: self.outage_median_hours,
            outage_sigma: self.outage_sigma,
            copy_failure_rate: self.copy_failure_rate,
            own: risk::parse_own(&self.outages_for, self.outage_median_hours)
                .map_err(|e| CliError::unreadable(format!("--outages-for: {e}")))?,
        };
        p.check().map_err(CliError::unreadable)?;
        Ok(p)
    }
}

/// The output format of `btar check`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    Junit,
}

pub(super) fn loaded_valid(file: &str, args: &ImportArgs) -> Result<Scenario, CliError> {
    let l = load(file, args).map_err(CliError::unreadable)?;
    let p = validate(&l.scenario);
    if !p.is_valid() {
        let list: Vec<String> = p.errors().map(|e| e.to_string()).collect();
        return Err(CliError::failed(format!(
            "{file}: the plan is invalid, so it cannot meet its objectives:\n  {}",
            list.join("\n  ")
        )));
    }
    Ok(l.scenario)
}

pub(super) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// One line of a check: name, met, figure and why.
struct Line {
    name: &'static str,
    met: Option<bool>,
    text: String,
}

/// `btar check`: exit 0 when every objective set is met, 1 when one is not
/// (each named, with the figure), 2 when the input cannot be read.
pub fn check(
    file: &str,
    o: &ObjectiveArgs,
    trials: Option<&RiskArgs>,
    format: Format,
    args: &ImportArgs,
) -> Result<(), CliError> {
    let lines = {
        let s = loaded_valid(file, args)?;
        let o = o.over(&s)?;
        let start = s.simulation.start;
        let v = analysis::analyse(&s, sim::engine::MAX_JOBS, &o, &|t| {
            report::timestamp(start, t)
        })
        .map_err(|e| CliError::failed(e.to_string()))?
        .verdict;
        let mut lines: Vec<Line> = v
            .checks
            .iter()
            .zip(verdict::lines(&v))
            .map(|(c, text)| Line {
                name: match c.objective {
                    verdict::Objective::Rpo => "rpo",
                    verdict::Objective::Rto => "rto",
                    verdict::Objective::MonthlyCost => "monthly-cost",
                },
                met: c.met,
                text,
            })
            .collect();
        if let Some(t) = trials {
            let p = t.params()?;
            risk::runnable(&s).map_err(CliError::failed)?;
            let rk = risk::run(&s, &p, &o, threads(), &|_| true)
                .ok_or_else(|| CliError::failed("the risk run was cancelled"))?;
            let breach = rk
                .p_rpo_breach
                .unwrap_or(0.0)
                .max(rk.p_rto_breach.unwrap_or(0.0));
            let met = risk::Judged::of(&rk, &o).overall();
            lines.push(Line {
                name: "breach-probability",
                met,
                text: format!(
                    "breach probability: {:.4} over {} trials (seed {}){}",
                    breach,
                    rk.trials,
                    rk.seed,
                    match (o.breach_probability, met) {
                        (Some(max), Some(met)) =>
                            format!(" against {max}: {}", if met { "met" } else { "NOT MET" }),
                        (Some(_), None) => " (no RPO or RTO set to judge it against)".into(),
                        (None, _) => " (no objective set)".into(),
                    }
                ),
            });
        }
        lines
    };
    let failed = lines.iter().filter(|l| l.met == Some(false)).count();
    match format {
        Format::Text => {
            for l in &lines {
                println!("{}", l.text);
            }
            println!(
                "{}",
                if failed == 0 {
                    "check: every objective set is met".to_string()
                } else {
                    format!("check: {failed} objective(s) NOT MET")
                }
            );
        }
        Format::Json => {
            let checks: Vec<_> = lines
                .iter()
                .map(|l| json!({"objective": l.name, "met": l.met, "text": l.text}))
                .collect();
            println!(
                "{}",
                json!({"file": file, "met": failed == 0, "checks": checks})
            );
        }
        Format::Junit => {
            let esc = |s: &str| {
                s.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('"', "&quot;")
            };
            println!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
            println!(
                "<testsuite name=\"btar check {}\" tests=\"{}\" failures=\"{failed}\">",
                esc(file),
                lines.len()
            );
            for l in &lines {
                match l.met {
                    Some(false) => println!(
                        "  <testcase classname=\"btar.check\" name=\"{}\"><failure message=\"{}\"/></testcase>",
                        l.name,
                        esc(&l.text)
                    ),
                    Some(true) => println!("  <testcase classname=\"btar.check\" name=\"{}\"/>", l.name),
                    None => println!(
                        "  <testcase classname=\"btar.check\" name=\"{}\"><skipped message=\"no objective set\"/></testcase>",
                        l.name
                    ),
                }
            }
            println!("</testsuite>");
        }
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(CliError::reported())
    }
}

/// `btar risk`: the distribution of data lost and restore time at a loss of
/// the service's region over many random runs.
pub fn risk(
    file: &str,
    o: &ObjectiveArgs,
    t: &RiskArgs,
    as_json: bool,
    args: &ImportArgs,
) -> Result<(), CliError> {
    let s = loaded_valid(file, args)?;
    let o = o.over(&s)?;
    let p = t.params()?;
    risk::runnable(&s).map_err(CliError::failed)?;
    let r = risk::run(&s, &p, &o, threads(), &|_| true)
        .ok_or_else(|| CliError::failed("the risk run was cancelled"))?;
    if as_json {
        println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
        return Ok(());
    }
    let d = |x: i64| report::duration_text(x);
    println!(
        "{} trials (seed {}), {} region outages per region per year (median {} h; an assumption)",
        r.trials, r.seed, p.outages_per_year, p.outage_median_hours
    );
    println!(
        "data lost at a loss of the service's region: p50 {}, p95 {}, p99 {}, max {}",
        d(r.data_loss_s.p50),
        d(r.data_loss_s.p95),
        d(r.data_loss_s.p99),
        d(r.data_loss_s.max)
    );
    match &r.restore_s {
        Some(q) => println!(
            "restore time (waiting for a secondary that is down included): p50 {}, p95 {}, max {}",
            d(q.p50),
            d(q.p95),
            d(q.max)
        ),
        None => println!("restore time: no restore in another region (no secondary held a copy)"),
    }
    println!(
        "expected data lost per year: {}",
        d(r.expected_loss_s_per_year.round() as i64)
    );
    println!(
        "no secondary holding a copy (no restore in another region; everything since the span's start counted as lost): {:.4}",
        r.p_no_usable_secondary
    );
    println!(
        "every secondary holding a copy down at the loss (the restore waits for the first back): {:.4}",
        r.p_waited
    );
    if let Some(x) = r.p_rpo_breach {
        println!("P(RPO breached): {x:.4}");
    }
    if let Some(x) = r.p_rto_breach {
        println!("P(RTO breached): {x:.4}");
    }
    Ok(())
}

/// Each plan as JSON with its whole scenario beside its figures, so a
/// script can take the plan it chooses as it is.
fn plans_json(plans: &[frontier::Plan]) -> Vec<serde_json::Value> {
    plans
        .iter()
        .map(|p| {
            let mut v = serde_json::to_value(p).unwrap_or_default();
            if let Some(m) = v.as_object_mut() {
                m.insert(
                    "scenario".into(),
                    serde_json::to_value(&p.scenario).unwrap_or_default(),
                );
            }
            v
        })
        .collect()
}

/// `btar frontier`: the plans no other beats on both cost and data lost.
pub fn frontier(
    file: &str,
    o: &ObjectiveArgs,
    may_change: Option<&str>,
    as_json: bool,
    args: &ImportArgs,
) -> Result<(), CliError> {
    let s = loaded_valid(file, args)?;
    let mut o = o.over(&s)?;
    if let Some(text) = may_change {
        o.may_change =
            Some(Levers::parse(text).map_err(|e| CliError::unreadable(format!("--vary: {e}")))?);
    }
    let may = o.levers();
    risk::frontier_runnable(&s).map_err(|e| {
        CliError::failed(format!(
            "the frontier varies this plan about a hundred times: {e}"
        ))
    })?;
    let plans = frontier::frontier(&s, &o).map_err(CliError::failed)?;
    if as_json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"may_change": may, "plans": plans_json(&plans)}))
                .unwrap_or_default()
        );
        return Ok(());
    }
    let names = |on: bool| -> String {
        let v: Vec<&str> = Lever::ALL
            .into_iter()
            .filter(|l| may.contains(*l) == on)
            .map(Lever::label)
            .collect();
        if v.is_empty() {
            "nothing".into()
        } else {
            v.join(", ")
        }
    };
    println!(
        "may change: {}; kept as they are: {} (--vary, or objectives.may_change in the scenario)",
        names(true),
        names(false)
    );
    println!(
        "{:>12}  {:>16}  {:>12}  meets  changes",
        "$/month", "worst data lost", "restore"
    );
    for p in &plans {
        println!(
            "{:>12}  {:>16}  {:>12}  {:<5}  {}",
            report::usd(p.monthly_usd),
            report::duration_text(p.worst_data_loss_s),
            p.restore_s
                .map_or("no restore".to_string(), report::duration_text),
            if p.meets_objectives { "yes" } else { "no" },
            if p.changes.is_empty() {
                "(the scenario as it is)".to_string()
            } else {
                p.changes.join("; ")
            }
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(duration("4h"), Ok(4 * 3600));
        assert_eq!(duration("90m"), Ok(5400));
        assert_eq!(duration("1d12h"), Ok(36 * 3600));
        assert_eq!(duration("3600"), Ok(3600));
        assert_eq!(duration("1.5h"), Ok(5400));
        assert!(duration("4").is_ok());
        assert!(duration("4x").is_err());
        assert!(duration("h").is_err());
        assert!(duration("0").is_err());
        assert!(duration("99999d").is_err());
    }
}
