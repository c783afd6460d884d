//! The answer before the charts: on a loss of the service's region, the
//! worst data lost and when in the backup cycle it happens, the restore
//! time, and the monthly cost of the cross-region part, each against its
//! objective, met or not, and why.

use serde::Serialize;

use super::engine::FORK_PROVISION_S;
use super::model::{JobState, SimResult};
use super::queue::SimTime;
use super::report::duration_text;
use crate::cost::bill::Bill;
use btar_core::domain::scenario::{Objectives, Scenario};

/// The worst moment to lose the service's region.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WorstLoss {
    /// Seconds of writes lost.
    pub data_loss_s: i64,
    /// When the loss would have to happen (seconds into the span).
    pub at: SimTime,
    /// The secondary restored from (the one holding the newest data then).
    pub region: &'static str,
}

/// What kind of objective a check is against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    Rpo,
    Rto,
    MonthlyCost,
}

impl Objective {
    pub fn label(self) -> &'static str {
        match self {
            Objective::Rpo => "RPO (data lost)",
            Objective::Rto => "RTO (restore time)",
            Objective::MonthlyCost => "monthly cost",
        }
    }
}

/// One figure against its objective.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    pub objective: Objective,
    /// The figure: seconds for RPO and RTO, USD for cost.
    pub actual: f64,
    /// The objective, when one is set.
    pub target: Option<f64>,
    /// `None` when no objective is set.
    pub met: Option<bool>,
    /// The figure in words, with why it is what it is.
    pub text: String,
}

/// The verdict of one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// `None` when no secondary ever held a copy (a loss loses everything).
    pub worst: Option<WorstLoss>,
    /// The start-up before the first copies landed, whose loss is not
    /// counted in `worst` (it happens once, when the plan starts).
    pub startup: Option<StartUp>,
    /// `None` when there is no restore in another region (no copy reached
    /// one: BTAR off, or no copy landed in the span).
    pub restore_s: Option<i64>,
    /// The plan's monthly cross-region cost over its own horizon (see
    /// [`crate::cost::monthly`]), whatever the timeline's Days.
    pub monthly_usd: f64,
    /// What that figure is: a steady month, or the month it stands for and
    /// its growth; `None` when the horizon could not be run (the figure is
    /// then the span's last month, said in the check's text).
    pub monthly: Option<crate::cost::monthly::Monthly>,
    pub checks: Vec<Check>,
}

impl Verdict {
    /// Whether every set objective is met (`true` with none set).
    pub fn all_met(&self) -> bool {
        self.checks.iter().all(|c| c.met != Some(false))
    }
}

/// The plan's start-up: until the first full copies, and the copies
/// queued behind them, have landed. A loss then loses more than it ever
/// will again (before the first copy lands, everything), once.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StartUp {
    /// When the start-up ended (seconds into the span).
    pub until: SimTime,
    /// The worst data lost on a loss during it.
    pub data_loss_s: i64,
}

/// When the first copies and those queued behind them had all landed: the
/// last to finish of the copies created before the first one landed.
fn startup_end(r: &SimResult) -> Option<SimTime> {
    let done = || {
        r.copy_jobs
            .iter()
            .filter(|j| j.state == JobState::Completed)
    };
    let first = done().filter_map(|j| j.finished).min()?;
    done()
        .filter(|j| j.created <= first)
        .filter_map(|j| j.finished)
        .max()
}

/// The worst data lost on a loss of the service's region after the
/// start-up (segments ending after `until`) and during it, in one pass: at
/// each moment the best secondary's lag (the newest data it holds), and
/// the largest of those. Lag is piecewise linear and peaks just before a
/// copy lands, so the segment ends are the candidates.
fn worst_split(r: &SimResult, until: Option<SimTime>) -> (Option<WorstLoss>, Option<WorstLoss>) {
    let series: Vec<_> = r.lag.iter().filter(|l| !l.segments.is_empty()).collect();
    let (mut steady, mut early): (Option<WorstLoss>, Option<WorstLoss>) = (None, None);
    for l in &series {
        for seg in &l.segments {
            // Just before the segment ends (the value it reaches).
            let t = seg.end.saturating_sub(1).max(seg.start);
            let mut floor: Option<(i64, &'static str)> = None;
            for m in &series {
                let Some(v) = m.at(t) else { continue };
                // Read at the end of this segment for the series it is of.
                let v = if std::ptr::eq(*m, *l) {
                    seg.at(seg.end)
                } else {
                    v
                };
                if floor.is_none_or(|(f, _)| v < f) {
                    floor = Some((v, region_name(&m.region)));
                }
            }
            if let Some((v, region)) = floor {
                let best = if until.is_none_or(|u| seg.end > u) {
                    &mut steady
                } else {
                    &mut early
                };
                if best.is_none_or(|b| v > b.data_loss_s) {
                    *best = Some(WorstLoss {
                        data_loss_s: v,
                        at: seg.end,
                        region,
                    });
                }
            }
        }
    }
    (steady, early)
}

fn region_name(name: &str) -> &'static str {
    btar_core::domain::catalog::region(name).map_or("a secondary", |r| r.cloud)
}

fn median(mut v: Vec<i64>) -> Option<i64> {
    v.sort_unstable();
    v.get(v.len() / 2).copied()
}

/// Why the worst loss is what it is: the backup interval and how long a
/// backup takes to land in the secondary, as medians of the run.
fn cycle_text(r: &SimResult, region: &str) -> Option<(i64, i64)> {
    let mut points: Vec<i64> = r
        .backups
        .iter()
        .filter(|b| b.state == JobState::Completed)
        .map(|b| b.scheduled)
        .collect();
    points.sort_unstable();
    points.dedup();
    let interval = median(points.windows(2).map(|w| w[1] - w[0]).collect())?;
    let landed = median(
        r.copy_jobs
            .iter()
            .filter(|j| j.to_region == region && j.state == JobState::Completed)
            .filter_map(|j| {
                let point = r.backup(j.backup_id)?.scheduled;
                Some(j.finished? - point)
            })
            .collect(),
    )?;
    Some((interval, landed))
}

/// The verdict of a run against the scenario's objectives (or `o`).
pub fn verdict(
    s: &Scenario,
    r: &SimResult,
    bill: &Bill,
    o: &Objectives,
    when: &dyn Fn(SimTime) -> String,
) -> Verdict {
    // One pass for the worst loss after the start-up and during it.
    let until = startup_end(r);
    let (steady, early) = worst_split(r, until);
    let worst = steady.or(early);
    let startup = match (until, steady, early) {
        (Some(until), Some(_), Some(w)) => Some(StartUp {
            until,
            data_loss_s: w.data_loss_s,
        }),
        _ => None,
    };
    // Restore: provision, then the data at the end of the span (its largest)
    // at the restore throughput, as a fork does.
    let gb = s.workload.data_gb
        * (1.0 + s.workload.growth_pct_per_month / 100.0).powf(r.span_s as f64 / (30.0 * 86_400.0));
    let restore_s = super::engine::restore_time_s(gb, s.link.restore_throughput_mbps);
    let monthly = crate::cost::monthly::monthly(s);
    let (monthly_usd, monthly_text) = match &monthly {
        Ok(m) => (
            m.usd,
            format!("the cross-region part costs {}", m.describe()),
        ),
        Err(e) => {
            let last = bill.cross_region_month(bill.months.saturating_sub(1));
            (
                last,
                format!(
                    "the cross-region part costs {} in the span's last month ({}); the plan's own horizon could not be run: {e}",
                    super::report::usd(last),
                    bill.months
                ),
            )
        }
    };
    let monthly = monthly.ok();
    // Aiven prices BTAR by agreement: the figure stands in for that price.
    let monthly_text = if matches!(s.platform, btar_core::domain::scenario::Platform::Aiven(_)) {
        format!("{monthly_text} (a proxy: Aiven bills BTAR by agreement, network included; this prices the copies at the cloud's object storage and transfer list prices)")
    } else {
        monthly_text
    };
    let mut checks = Vec::new();
    let rpo_text = match worst {
        Some(w) => {
            let why = match cycle_text(r, w.region) {
                Some((interval, landed)) => format!(
                    "backups run every {} and a backup lands in {} {} after its point, so a loss just before the next copy lands loses up to {}; ",
                    duration_text(interval),
                    w.region,
                    duration_text(landed),
                    duration_text(interval + landed)
                ),
                None => String::new(),
            };
            let startup = match startup {
                Some(u) => format!(
                    ". Not counted: the start-up, until the first copies had landed ({}): a loss then would have lost up to {}, once, when the plan starts (risk trials fall after the span's first tenth for the same reason)",
                    when(u.until),
                    duration_text(u.data_loss_s)
                ),
                None => String::new(),
            };
            format!(
                "{why}the worst in this run: {} of writes lost on a loss at {}, restoring from {}{startup}",
                duration_text(w.data_loss_s),
                when(w.at),
                w.region
            )
        }
        None => "no copy reached another region in this run: a loss of the service's region loses every backup".into(),
    };
    let lost = worst.map_or(r.span_s, |w| w.data_loss_s);
    checks.push(check(
        Objective::Rpo,
        lost as f64,
        o.rpo_s.map(|x| x as f64),
        rpo_text,
    ));
    let restore_s = worst.map(|_| restore_s);
    checks.push(match restore_s {
        Some(restore_s) => check(
            Objective::Rto,
            restore_s as f64,
            o.rto_s.map(|x| x as f64),
            format!(
                "{} to provision, then {:.1} GB at {} Mbit/s: restored in {}",
                duration_text(FORK_PROVISION_S),
                gb,
                s.link.restore_throughput_mbps,
                duration_text(restore_s)
            ),
        ),
        // Nothing to restore from: no time, and any objective is missed.
        None => Check {
            objective: Objective::Rto,
            actual: f64::INFINITY,
            target: o.rto_s.map(|x| x as f64),
            met: o.rto_s.map(|_| false),
            text: "no restore in another region: no copy reached one (BTAR is off or no copy landed in the span)".into(),
        },
    });
    checks.push(check(
        Objective::MonthlyCost,
        monthly_usd,
        o.monthly_budget_usd,
        monthly_text,
    ));
    Verdict {
        worst,
        startup,
        restore_s,
        monthly_usd,
        monthly,
        checks,
    }
}

fn check(objective: Objective, actual: f64, target: Option<f64>, text: String) -> Check {
    Check {
        objective,
        actual,
        target,
        met: target.map(|t| actual <= t),
        text,
    }
}

/// The verdict in a few lines: each figure, its objective and met or not.
pub fn lines(v: &Verdict) -> Vec<String> {
    v.checks
        .iter()
        .map(|c| {
            let fig = match c.objective {
                Objective::MonthlyCost => super::report::usd(c.actual),
                _ if !c.actual.is_finite() => "none".into(),
                _ => duration_text(c.actual as i64),
            };
            let against = match (c.target, c.met) {
                (Some(t), Some(met)) => {
                    let t = match c.objective {
                        Objective::MonthlyCost => super::report::usd(t),
                        _ => duration_text(t as i64),
                    };
                    format!(" against {t}: {}", if met { "met" } else { "NOT MET" })
                }
                _ => " (no objective set)".into(),
            };
            // The why as a sentence of its own.
            // ASCII only: char::to_uppercase would bring Unicode's case
            // tables into the app's module (6 KB gzipped).
            let mut why = c.text.clone();
            if let Some(f) = why.get_mut(0..1) {
                f.make_ascii_uppercase();
            }
            format!("{}: {fig}{against}. {why}", c.objective.label())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::bill::bill;
    use crate::sim::simulate;

    #[test]
    fn daily_backups_and_a_two_hour_copy_lose_a_day_and_two_hours_at_worst() {
        // Hand-worked: daily backups at 03:00; 100 GB copied at 100 Mbit/s
        // takes 8 000 s plus setup; the copy of day d lands at 03:00 + backup
        // time + copy time. A loss just before it lands loses the whole day
        // since the previous point plus that pipeline.
        let mut s = btar_core::presets::load("aws-guide-one-dr").expect("preset");
        s.simulation.days = 10;
        s.workload.data_gb = 100.0;
        s.workload.write_gb_per_day = 0.0;
        s.workload.growth_pct_per_month = 0.0;
        s.workload.resource_type = btar_core::domain::scenario::ResourceType::DynamoDb; // full copies
        s.link.bandwidth_mbps = 100.0;
        s.link.backup_throughput_mbps = 1_000_000.0;
        let btar_core::domain::scenario::Platform::Aws(a) = &mut s.platform else {
            panic!("aws")
        };
        a.plan.rules.truncate(1);
        a.plan.rules[0].schedule_expression = Some("cron(0 3 * * ? *)".into());
        let r = simulate(&s).expect("runs");
        let b = bill(&s, &r);
        let copy = r
            .copy_jobs
            .iter()
            .find(|j| j.state == JobState::Completed)
            .expect("a copy");
        let point = r
            .backups
            .iter()
            .find(|x| x.id == copy.backup_id)
            .expect("backup")
            .scheduled;
        let pipeline = copy.finished.expect("finished") - point;
        // 100 GB × 8 000 / 100 Mbit/s = 8 000 s of transfer, plus setup.
        assert!((8000..8100).contains(&pipeline), "{pipeline}");
        let o = Objectives {
            rpo_s: Some(86_400 + pipeline),
            ..Default::default()
        };
        let v = verdict(&s, &r, &b, &o, &|t| t.to_string());
        let w = v.worst.expect("a worst moment");
        assert_eq!(w.data_loss_s, 86_400 + pipeline, "{v:?}");
        assert_eq!(v.checks[0].met, Some(true));
        assert!(
            v.checks[0].text.contains("backups run every 1 d"),
            "{}",
            v.checks[0].text
        );
        let o = Objectives {
            rpo_s: Some(3600),
            ..Default::default()
        };
        let v = verdict(&s, &r, &b, &o, &|t| t.to_string());
        assert_eq!(v.checks[0].met, Some(false));
        assert!(!v.all_met());
    }

    /// The AWS guide plan: the first daily backup at 03:00 is full (500 GB
    /// at 2 000 Mbit/s: 2 000 s), and its full copy to us-west-2 takes
    /// 4 000 s (at 1 000 Mbit/s) plus the link's setup (10 round trips of
    /// about 65 ms, rounded up to 1 s): it lands at 04:40:01, and until
    /// then a loss loses everything since the start, 4 h 40 min 01 s. That
    /// happens once; the worst loss after it is a day and the time a daily
    /// increment takes to land (5 min 01 s).
    #[test]
    fn the_start_up_is_told_apart_from_the_worst_loss_after_it() {
        let s = btar_core::presets::load("aws-guide-one-dr").expect("preset");
        let r = simulate(&s).expect("runs");
        let b = bill(&s, &r);
        let v = verdict(&s, &r, &b, &Objectives::default(), &|t| t.to_string());
        let first = 4 * 3600 + 40 * 60 + 1;
        assert_eq!(
            v.startup,
            Some(StartUp {
                until: first,
                data_loss_s: first
            })
        );
        assert_eq!(v.worst.expect("worst").data_loss_s, 86_400 + 301);
        assert!(v.checks[0].text.contains("Not counted: the start-up"));
    }

    /// With no copy action there is nothing to restore in another region:
    /// no restore time, and an RTO objective is not met.
    #[test]
    fn with_btar_off_there_is_no_restore_time() {
        let mut s = btar_core::presets::load("aws-guide-one-dr").expect("preset");
        let btar_core::domain::scenario::Platform::Aws(a) = &mut s.platform else {
            panic!("aws")
        };
        for r in &mut a.plan.rules {
            r.copy_actions.clear();
        }
        let r = simulate(&s).expect("runs");
        let b = bill(&s, &r);
        let o = Objectives {
            rto_s: Some(4 * 3600),
            ..Default::default()
        };
        let v = verdict(&s, &r, &b, &o, &|t| t.to_string());
        assert_eq!(v.restore_s, None);
        let rto = &v.checks[1];
        assert_eq!(rto.met, Some(false));
        assert!(rto.text.starts_with("no restore in another region"));
        assert!(lines(&v)[1].starts_with("RTO (restore time): none against 4 h"));
    }

    /// Aiven bills BTAR by agreement: its monthly figure says it is a proxy.
    #[test]
    fn aivens_monthly_figure_says_it_is_a_proxy() {
        let s = btar_core::presets::load("aiven-pg-business").expect("preset");
        let r = simulate(&s).expect("runs");
        let b = bill(&s, &r);
        let v = verdict(&s, &r, &b, &Objectives::default(), &|t| t.to_string());
        assert!(v.checks[2]
            .text
            .contains("(a proxy: Aiven bills BTAR by agreement"));
        let aws = btar_core::presets::load("aws-guide-one-dr").expect("preset");
        let r = simulate(&aws).expect("runs");
        let v = verdict(&aws, &r, &bill(&aws, &r), &Objectives::default(), &|t| {
            t.to_string()
        });
        assert!(!v.checks[2].text.contains("proxy"));
    }
}
