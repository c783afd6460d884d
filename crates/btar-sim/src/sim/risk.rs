//! Monte Carlo risk: many runs of the span, each with random outages of
//! the secondary regions, random copy failures and one loss of the
//! service's region at a random moment; the distribution of data lost and
//! restore time at that loss, the probability of breaching each objective,
//! the expected data lost per year, and the probability that no usable
//! secondary copy exists when needed. Seeded: the same seed gives the same
//! numbers on every machine and in the browser (trial `i` draws from its own
//! generator seeded from the seed and `i`, so how trials are split over
//! threads does not matter).

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

use super::engine::{mix, restore_time_s, uniform, Engine, Scratch};
use super::queue::SimTime;
use btar_core::domain::catalog::{self, Provider};
use btar_core::domain::clock;
use btar_core::domain::scenario::{Objectives, Scenario, TimelineEvent};

/// Region outage rates and durations, and the trials to run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskParams {
    pub trials: u32,
    pub seed: u64,
    /// Region-wide outages per region per year (Poisson). **Assumption**
    /// (no provider publishes a rate); see [`DEFAULT_OUTAGES_PER_YEAR`].
    pub outages_per_year: f64,
    /// Median outage length in hours (log-normal).
    pub outage_median_hours: f64,
    /// Spread of the log-normal (σ of the log).
    pub outage_sigma: f64,
    /// Probability that one copy attempt fails; the scenario's when `None`.
    pub copy_failure_rate: Option<f64>,
    /// Outage figures of their own for a provider's regions or for one
    /// region, in place of the two above (a region's before its provider's).
    #[serde(default)]
    pub own: Vec<OwnOutages>,
}

/// Where outage figures of their own apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// Every region of a provider.
    Provider(Provider),
    /// One region (its catalog name, e.g. `aws-us-west-2`).
    Region(String),
}

/// An outage rate (per region per year) and median length in hours of
/// their own, for a provider's regions or one region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnOutages {
    pub place: Place,
    pub outages_per_year: f64,
    pub outage_median_hours: f64,
}

/// The rates a run takes: outages per region per year.
pub const RATE_RANGE: (f64, f64) = (0.0, 365.0);
/// The median outage lengths a run takes, in hours.
pub const MEDIAN_RANGE: (f64, f64) = (0.01, 8760.0);
/// The spreads (σ of the log) a run takes.
pub const SIGMA_RANGE: (f64, f64) = (0.0, 3.0);

fn in_range(v: f64, (lo, hi): (f64, f64)) -> bool {
    v.is_finite() && v >= lo && v <= hi
}

/// Reads outage figures of their own written as `aws=0.3:6,
/// aws-us-west-2=2, google=0.8`: a provider's key or a region's catalog
/// name, `=`, the rate per region per year and, after `:`, the median length
/// in hours (`median`, the run's, when left out). A later entry for the same
/// place replaces an earlier one; an empty text sets none. Errors name the
/// entry, the value and the rule.
pub fn parse_own(text: &str, median: f64) -> Result<Vec<OwnOutages>, String> {
    let mut out: Vec<OwnOutages> = Vec::new();
    for entry in text
        .split([',', ';'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        let (key, value) = entry
            .split_once('=')
            .ok_or_else(|| format!("'{entry}' is not place=rate[:median hours]"))?;
        let key = key.trim();
        let place = match Provider::ALL.iter().find(|p| p.key() == key) {
            Some(p) => Place::Provider(*p),
            None => Place::Region(
                catalog::region(key)
                    .ok_or_else(|| {
                        format!(
                            "'{key}' is neither a provider (aws, google, azure, do, upcloud) nor a region (btar regions lists them)"
                        )
                    })?
                    .cloud
                    .to_string(),
            ),
        };
        let (rate, hours) = match value.split_once(':') {
            Some((r, h)) => (r.trim(), Some(h.trim())),
            None => (value.trim(), None),
        };
        let rate: f64 = rate
            .parse()
            .ok()
            .filter(|r| in_range(*r, RATE_RANGE))
            .ok_or_else(|| format!("{key}: rate '{rate}' is not from 0 to 365 a year"))?;
        let hours: f64 = match hours {
            None => median,
            Some(h) => h
                .parse()
                .ok()
                .filter(|x| in_range(*x, MEDIAN_RANGE))
                .ok_or_else(|| format!("{key}: median '{h}' is not from 0.01 to 8760 hours"))?,
        };
        out.retain(|o| o.place != place);
        out.push(OwnOutages {
            place,
            outages_per_year: rate,
            outage_median_hours: hours,
        });
    }
    Ok(out)
}

impl RiskParams {
    /// The outage rate and median for a region (by its catalog name).
    pub fn outages_for(&self, region: &str) -> (f64, f64) {
        let r = catalog::region(region);
        let own = |hit: &dyn Fn(&Place) -> bool| self.own.iter().find(|o| hit(&o.place));
        own(&|p| matches!(p, Place::Region(n) if r.is_some_and(|r| r.cloud == n)))
            .or_else(|| {
                own(&|p| matches!(p, Place::Provider(x) if r.is_some_and(|r| r.provider == *x)))
            })
            .map_or((self.outages_per_year, self.outage_median_hours), |o| {
                (o.outages_per_year, o.outage_median_hours)
            })
    }

    /// What is wrong with the parameters, if anything (the field, the value
    /// and the rule).
    pub fn check(&self) -> Result<(), String> {
        if self.trials == 0 || self.trials > MAX_TRIALS {
            return Err(format!("trials: {} is outside 1–{MAX_TRIALS}", self.trials));
        }
        if !in_range(self.outages_per_year, RATE_RANGE) {
            return Err(format!(
                "outages per year: {} is outside 0–365",
                self.outages_per_year
            ));
        }
        if !in_range(self.outage_median_hours, MEDIAN_RANGE) {
            return Err(format!(
                "median outage: {} hours is outside 0.01–8760",
                self.outage_median_hours
            ));
        }
        if !in_range(self.outage_sigma, SIGMA_RANGE) {
            return Err(format!("σ: {} is outside 0–3", self.outage_sigma));
        }
        if self
            .copy_failure_rate
            .is_some_and(|r| !(r.is_finite() && (0.0..1.0).contains(&r)))
        {
            return Err("copy failure rate: a probability from 0 up to 1".into());
        }
        Ok(())
    }
}

/// **Assumption**: 0.5 region-wide outages per region per year, median
/// 4 hours, log-normal σ = 1 (a tenth last over 14 h). Read from the
/// providers' public post-incident reports (AWS Post-Event Summaries, Google
/// Cloud and Azure status histories, 2017–2025): a given large region sees
/// a multi-hour, region-level event every few years; the figure is rounded
/// up to be cautious. No provider publishes a rate; edit it for your case.
pub const DEFAULT_OUTAGES_PER_YEAR: f64 = 0.5;
pub const DEFAULT_OUTAGE_MEDIAN_HOURS: f64 = 4.0;
pub const DEFAULT_OUTAGE_SIGMA: f64 = 1.0;
/// The most trials a run takes.
pub const MAX_TRIALS: u32 = 100_000;

impl Default for RiskParams {
    fn default() -> Self {
        RiskParams {
            trials: 1000,
            seed: 1,
            outages_per_year: DEFAULT_OUTAGES_PER_YEAR,
            outage_median_hours: DEFAULT_OUTAGE_MEDIAN_HOURS,
            outage_sigma: DEFAULT_OUTAGE_SIGMA,
            copy_failure_rate: None,
            own: Vec::new(),
        }
    }
}

/// What one trial found at its loss of the service's region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trial {
    /// When the region was lost (seconds into the span).
    pub at: SimTime,
    /// Seconds of writes lost, from the secondary the restore uses: one
    /// that is up, else the first holding a copy to come back. `None` when
    /// no secondary holds a copy (everything since the start is lost).
    pub data_loss_s: Option<i64>,
    /// From the loss to a running service: waiting for that secondary
    /// ([`Trial::wait_s`]), provisioning and restoring.
    pub restore_s: i64,
    /// How long the restore waited for a secondary to come back.
    #[serde(default)]
    pub wait_s: i64,
}

/// Percentiles of a distribution, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Percentiles {
    pub p50: i64,
    pub p95: i64,
    pub p99: i64,
    pub max: i64,
}

/// The result of a risk run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Risk {
    pub trials: u32,
    pub seed: u64,
    pub p_rpo_breach: Option<f64>,
    pub p_rto_breach: Option<f64>,
    /// Trials where no secondary held a copy (BTAR off, or before the
    /// first copy landed): no restore in another region, and everything
    /// since the start of the span is counted as lost.
    pub p_no_usable_secondary: f64,
    /// Trials where every secondary holding a copy was down at the loss, so
    /// the restore waited for the first to come back.
    pub p_waited: f64,
    pub data_loss_s: Percentiles,
    /// Over the trials with a restore; `None` when no trial had one.
    pub restore_s: Option<Percentiles>,
    /// Outages of the service's region per year × the mean data lost.
    pub expected_loss_s_per_year: f64,
    /// How often the service's own region goes down, a year (its own
    /// figure when one is given for it or its provider).
    pub service_region_outages_per_year: f64,
    /// Histogram of data lost: (bucket start in seconds, trials), 20 equal
    /// buckets up to the 99th percentile, then one overflow bucket that
    /// counts every loss from its start on (so a few far-out trials do not
    /// squeeze the rest into one bar).
    pub histogram: Vec<(i64, u32)>,
    pub params: RiskParams,
}

/// Each breach probability judged against the tolerated one (the
/// objectives' `breach_probability`): `None` where the objective or the
/// tolerance is not set. The command line, `btar diff` and the app all
/// judge through this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Judged {
    pub rpo: Option<bool>,
    pub rto: Option<bool>,
}

impl Judged {
    pub fn of(r: &Risk, o: &Objectives) -> Judged {
        let met = |p: Option<f64>| p.zip(o.breach_probability).map(|(p, max)| p <= max);
        Judged {
            rpo: met(r.p_rpo_breach),
            rto: met(r.p_rto_breach),
        }
    }

    /// `Some(false)` when either is breached past the tolerance,
    /// `Some(true)` when every one judged is within it, `None` when none is
    /// judged.
    pub fn overall(self) -> Option<bool> {
        match (self.rpo, self.rto) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (None, None) => None,
            _ => Some(true),
        }
    }
}

/// A risk run as the app shows it, sent by the compute worker in postcard
/// bytes: the figures, what was assumed (the own outage figures already in
/// words), the objectives it is judged against and the judgement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskView {
    pub trials: u32,
    pub seed: u64,
    pub p_rpo_breach: Option<f64>,
    pub p_rto_breach: Option<f64>,
    pub p_no_usable_secondary: f64,
    pub p_waited: f64,
    pub data_loss_s: Percentiles,
    pub restore_s: Option<Percentiles>,
    pub expected_loss_s_per_year: f64,
    pub service_region_outages_per_year: f64,
    /// As [`Risk::histogram`]: the last bucket counts every loss from its
    /// start on.
    pub histogram: Vec<(i64, u32)>,
    pub outages_per_year: f64,
    pub outage_median_hours: f64,
    pub outage_sigma: f64,
    /// `None`: the scenario's own rate.
    pub copy_failure_rate: Option<f64>,
    /// Outage figures of their own, per provider or region, in words.
    pub own: Vec<String>,
    pub rpo_s: Option<i64>,
    pub breach_probability: Option<f64>,
    pub judged: Judged,
}

impl RiskView {
    pub fn new(r: &Risk, o: &Objectives) -> RiskView {
        let p = &r.params;
        RiskView {
            trials: r.trials,
            seed: r.seed,
            p_rpo_breach: r.p_rpo_breach,
            p_rto_breach: r.p_rto_breach,
            p_no_usable_secondary: r.p_no_usable_secondary,
            p_waited: r.p_waited,
            data_loss_s: r.data_loss_s,
            restore_s: r.restore_s,
            expected_loss_s_per_year: r.expected_loss_s_per_year,
            service_region_outages_per_year: r.service_region_outages_per_year,
            histogram: r.histogram.clone(),
            outages_per_year: p.outages_per_year,
            outage_median_hours: p.outage_median_hours,
            outage_sigma: p.outage_sigma,
            copy_failure_rate: p.copy_failure_rate,
            own: p
                .own
                .iter()
                .map(|o| {
                    format!(
                        "{}: {} a region a year, median {} h",
                        match &o.place {
                            Place::Provider(pr) => pr.display_name().to_string(),
                            Place::Region(r) => r.clone(),
                        },
                        o.outages_per_year,
                        o.outage_median_hours
                    )
                })
                .collect(),
            rpo_s: o.rpo_s,
            breach_probability: o.breach_probability,
            judged: Judged::of(r, o),
        }
    }

    /// The width of the histogram's buckets, in seconds.
    pub fn bucket_s(&self) -> i64 {
        self.histogram.get(1).map_or(1, |b| b.0.max(1))
    }
}

thread_local! {
    /// Each thread's run buffers, lent to every trial it runs.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut Pcg64Mcg) -> f64 {
    let u1 = uniform(rng).max(f64::MIN_POSITIVE);
    let u2 = uniform(rng);
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2)
}

/// A Poisson draw with mean `lambda` (Knuth; means here are small).
fn poisson(rng: &mut Pcg64Mcg, lambda: f64) -> u32 {
    let l = libm::exp(-lambda.clamp(0.0, 50.0));
    let (mut k, mut p) = (0u32, 1.0);
    loop {
        p *= uniform(rng);
        if p <= l || k >= 1000 {
            return k;
        }
        k += 1;
    }
}

/// Runs trial `i`: the scenario with random secondary outages and copy
/// failures, and a loss of the service's region at a random moment after
/// the first tenth of the span (the plan is taken to have been running
/// before the span starts, so its very first copy is not what is judged).
pub fn trial(s: &Scenario, p: &RiskParams, i: u32) -> Trial {
    let (t, at) = setup(s, p, i);
    let restore = |gb: f64| restore_time_s(gb, s.link.restore_throughput_mbps);
    let gb = s.workload.data_gb
        * (1.0 + s.workload.growth_pct_per_month / 100.0).powf(at as f64 / (30.0 * 86_400.0));
    let Ok(engine) = Engine::new(&t) else {
        return Trial {
            at,
            data_loss_s: None,
            restore_s: restore(gb),
            wait_s: 0,
        };
    };
    // The lean run: only what happens before the loss matters to it, and
    // only the secondary a restore would use.
    let loss = SCRATCH.with(|k| engine.loss_at(at, &mut k.borrow_mut()));
    let wait_s = loss.map_or(0, |l| l.wait_s);
    Trial {
        at,
        data_loss_s: loss.map(|l| l.data_loss_s),
        restore_s: wait_s.saturating_add(restore(gb)),
        wait_s,
    }
}

/// Trial `i`'s scenario (its seed, the random outages of the secondary
/// regions) and the moment of its loss of the service's region.
fn setup(s: &Scenario, p: &RiskParams, i: u32) -> (Scenario, SimTime) {
    let mut rng = Pcg64Mcg::seed_from_u64(mix(p.seed ^ mix(u64::from(i))));
    let mut t = s.clone();
    t.simulation.seed = rng.next_u64() >> 12;
    if let Some(rate) = p.copy_failure_rate {
        // The rate asked for holds on every route, fitted ones included.
        t.link.copy_failure_rate = rate;
        for r in &mut t.calibration.routes {
            r.copy_failure_rate = None;
        }
    }
    let span = i64::from(s.simulation.days) * 86_400;
    let years = span as f64 / (365.0 * 86_400.0);
    for region in s.secondary_regions() {
        let (rate, median) = p.outages_for(&region);
        for _ in 0..poisson(&mut rng, rate * years) {
            let start = (uniform(&mut rng) * span as f64) as i64;
            let hours = (median * libm::exp(p.outage_sigma * normal(&mut rng)))
                .clamp(0.1, f64::from(s.simulation.days) * 24.0);
            t.events.push(TimelineEvent::Outage {
                at: clock::add_seconds(s.simulation.start, start),
                region: region.clone(),
                hours,
            });
        }
    }
    t.events.sort_by_key(|e| e.at());
    let warmup = span / 10;
    let at = warmup + (uniform(&mut rng) * (span - warmup) as f64) as i64;
    (t, at)
}

fn percentiles(mut v: Vec<i64>) -> Percentiles {
    if v.is_empty() {
        return Percentiles::default();
    }
    v.sort_unstable();
    let q = |f: f64| v[((v.len() - 1) as f64 * f).round() as usize];
    Percentiles {
        p50: q(0.5),
        p95: q(0.95),
        p99: q(0.99),
        max: v[v.len() - 1],
    }
}

/// Whether the scenario can be run at all (its plan within the engine's
/// limits): checked once before trials, which would otherwise each fail.
pub fn runnable(s: &Scenario) -> Result<(), super::SimError> {
    Engine::new(s).map(|_| ())
}

/// Whether the frontier may vary the scenario: its variants are each a
/// whole run, so the plan must be within [`super::engine::FRONTIER_MAX_JOBS`].
pub fn frontier_runnable(s: &Scenario) -> Result<(), super::SimError> {
    Engine::within(s, super::engine::FRONTIER_MAX_JOBS).map(|_| ())
}

/// Runs the trials on `threads` threads (1 in the browser's worker) and
/// sums them up against the objectives. `progress` is told after each
/// trial of the first thread (0–1) and may return `false` to cancel:
/// `None` then.
pub fn run(
    s: &Scenario,
    p: &RiskParams,
    o: &Objectives,
    threads: usize,
    progress: &(dyn Fn(f64) -> bool + Sync),
) -> Option<Risk> {
    let n = p.trials.clamp(1, MAX_TRIALS);
    let threads = threads.clamp(1, 64).min(n as usize);
    let chunk = (n as usize).div_ceil(threads);
    let cancelled = std::sync::atomic::AtomicBool::new(false);
    let mut trials: Vec<Trial> = Vec::with_capacity(n as usize);
    let work = |k: usize| -> Vec<Trial> {
        let lo = k * chunk;
        let hi = ((k + 1) * chunk).min(n as usize);
        let mut out = Vec::with_capacity(hi.saturating_sub(lo));
        for i in lo..hi {
            if cancelled.load(std::sync::atomic::Ordering::Relaxed) {
                break;
            }
            out.push(trial(s, p, i as u32));
            if k == 0 && !progress((i - lo + 1) as f64 / (hi - lo).max(1) as f64) {
                cancelled.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
        out
    };
    #[cfg(not(target_arch = "wasm32"))]
    {
        let parts: Vec<Vec<Trial>> = std::thread::scope(|sc| {
            let handles: Vec<_> = (0..threads).map(|k| sc.spawn(move || work(k))).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        for part in parts {
            trials.extend(part);
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        for k in 0..threads {
            trials.extend(work(k));
        }
    }
    if cancelled.load(std::sync::atomic::Ordering::Relaxed) || trials.len() != n as usize {
        return None;
    }
    Some(summarize(s, p, o, &trials))
}

/// The statistics of finished trials of `s`. The expected loss per year is
/// the mean loss times how often the service's own region goes down (its
/// own outage figure when one is given for it or its provider).
pub fn summarize(s: &Scenario, p: &RiskParams, o: &Objectives, trials: &[Trial]) -> Risk {
    let own_rate = s
        .primary_region()
        .map_or(p.outages_per_year, |r| p.outages_for(r.cloud).0);
    let n = trials.len().max(1) as f64;
    // No secondary holds a copy: everything since the start is lost.
    let losses: Vec<i64> = trials
        .iter()
        .map(|t| t.data_loss_s.unwrap_or(t.at))
        .collect();
    let restores: Vec<i64> = trials
        .iter()
        .filter(|t| t.data_loss_s.is_some())
        .map(|t| t.restore_s)
        .collect();
    let frac = |f: &dyn Fn(&Trial) -> bool| trials.iter().filter(|t| f(t)).count() as f64 / n;
    let p_rpo_breach = o
        .rpo_s
        .map(|rpo| frac(&|t: &Trial| t.data_loss_s.is_none_or(|l| l > rpo)));
    // No restore at all breaches any RTO.
    let p_rto_breach = o
        .rto_s
        .map(|rto| frac(&|t: &Trial| t.data_loss_s.is_none() || t.restore_s > rto));
    let mean_loss = losses.iter().map(|x| *x as f64).sum::<f64>() / n;
    let data_loss_s = percentiles(losses.clone());
    Risk {
        trials: trials.len() as u32,
        seed: p.seed,
        p_rpo_breach,
        p_rto_breach,
        p_no_usable_secondary: frac(&|t: &Trial| t.data_loss_s.is_none()),
        p_waited: frac(&|t: &Trial| t.data_loss_s.is_some() && t.wait_s > 0),
        histogram: histogram(&losses, data_loss_s.p99),
        data_loss_s,
        restore_s: (!restores.is_empty()).then(|| percentiles(restores)),
        expected_loss_s_per_year: own_rate * mean_loss,
        service_region_outages_per_year: own_rate,
        params: p.clone(),
    }
}

/// Buckets of the histogram: 20 of equal width up to `top` (the 99th
/// percentile), then the overflow bucket from `top` on.
pub const HISTOGRAM_BUCKETS: i64 = 20;

fn histogram(losses: &[i64], top: i64) -> Vec<(i64, u32)> {
    let width = (top.max(1) + HISTOGRAM_BUCKETS - 1) / HISTOGRAM_BUCKETS;
    let mut h: Vec<(i64, u32)> = (0..=HISTOGRAM_BUCKETS).map(|b| (b * width, 0)).collect();
    for l in losses {
        let b = (l.max(&0) / width).min(HISTOGRAM_BUCKETS) as usize;
        h[b].1 += 1;
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn daily() -> Scenario {
        let mut s = btar_core::presets::load("aws-guide-one-dr").expect("preset");
        s.simulation.days = 30;
        s
    }

    #[test]
    fn the_same_seed_gives_the_same_numbers_on_any_number_of_threads() {
        let s = daily();
        let p = RiskParams {
            trials: 40,
            seed: 7,
            ..Default::default()
        };
        let o = Objectives {
            rpo_s: Some(26 * 3600),
            rto_s: Some(3600),
            ..Default::default()
        };
        let one = run(&s, &p, &o, 1, &|_| true).expect("ran");
        let four = run(&s, &p, &o, 4, &|_| true).expect("ran");
        assert_eq!(one, four);
        let other = run(
            &s,
            &RiskParams {
                seed: 8,
                ..p.clone()
            },
            &o,
            2,
            &|_| true,
        )
        .expect("ran");
        assert_ne!(one.data_loss_s, other.data_loss_s);
    }

    #[test]
    fn a_daily_plan_loses_at_most_about_a_day_and_breaches_an_hour_rpo() {
        let s = daily();
        let p = RiskParams {
            trials: 60,
            seed: 3,
            outages_per_year: 0.0,
            ..Default::default()
        };
        let o = Objectives {
            rpo_s: Some(3600),
            ..Default::default()
        };
        let r = run(&s, &p, &o, 2, &|_| true).expect("ran");
        // Daily backups: losses spread over a day and a few hours.
        assert!(r.data_loss_s.max <= 30 * 3600, "{r:?}");
        assert!(r.data_loss_s.p50 > 3600, "{r:?}");
        assert!(r.p_rpo_breach.unwrap_or(0.0) > 0.9, "{r:?}");
        assert_eq!(r.p_no_usable_secondary, 0.0);
        assert_eq!(r.histogram.iter().map(|h| h.1).sum::<u32>(), 60);
    }

    /// The full run and the lean one agree on every trial: the same loss,
    /// on plans with incremental chains, retention by count, outages of the
    /// service's region, forks and region changes in the timeline.
    #[test]
    fn the_lean_run_loses_what_the_full_run_loses() {
        let mut scenarios: Vec<Scenario> = btar_core::presets::PRESETS
            .iter()
            .map(|p| btar_core::presets::load(p.id).expect("preset"))
            .collect();
        // A year of each, so most trials run in a window.
        let years: Vec<Scenario> = scenarios
            .iter()
            .map(|s| {
                let mut y = s.clone();
                y.simulation.days = 365;
                // Changes of region and the like send a run back to the
                // start; forks stay (a window leaves out those before it).
                y.events.retain(|e| {
                    matches!(e, TimelineEvent::Outage { .. } | TimelineEvent::Fork { .. })
                });
                y
            })
            .collect();
        scenarios.extend(years);
        scenarios.push(
            btar_core::formats::scenario_file::from_json_lean(include_str!(
                "../../../../benches/hourly-year.json"
            ))
            .expect("bench"),
        );
        let mild = RiskParams {
            outages_per_year: 6.0,
            copy_failure_rate: Some(0.2),
            ..Default::default()
        };
        // Secondaries down much of the time: often none is usable.
        let harsh = RiskParams {
            outages_per_year: 150.0,
            outage_median_hours: 24.0,
            ..mild.clone()
        };
        let (mut up, mut waited) = (0, 0);
        for (s, p) in scenarios
            .iter()
            .flat_map(|s| [(s, mild.clone()), (s, harsh.clone())])
        {
            for i in 0..24 {
                let t = trial(s, &p, i);
                let full = full_loss(s, &p, i, t.at);
                assert_eq!(
                    t.data_loss_s.map(|l| (l, t.wait_s)),
                    full,
                    "{} trial {i} at {}",
                    s.name,
                    t.at
                );
                match full {
                    Some((_, 0)) => up += 1,
                    Some(_) => waited += 1,
                    None => {}
                }
            }
        }
        // Both outcomes were compared, and most trials ran in a window.
        assert!(
            up > 40 && waited > 0,
            "{up} with a secondary up, {waited} waiting for one"
        );
        let (windowed, again) = crate::sim::engine::WINDOWS.with(|w| w.get());
        assert!(
            windowed > 60,
            "{windowed} windowed runs ({again} run again)"
        );
        assert!(
            again < windowed / 2,
            "{windowed} windowed runs, {again} run again"
        );
    }

    /// Trial `i`'s loss and wait by a full run and its lag series: the
    /// secondary holding a copy that is up soonest (outages taken whole
    /// from the trial's own events), then the one with the newest data.
    fn full_loss(s: &Scenario, p: &RiskParams, i: u32, at: SimTime) -> Option<(i64, i64)> {
        let (t, at2) = setup(s, p, i);
        assert_eq!(at, at2);
        let r = Engine::new(&t).expect("engine").stop_at(at + 1).run();
        let start = t.simulation.start;
        let spans: Vec<(&str, i64, i64)> = t
            .events
            .iter()
            .filter_map(|e| match e {
                TimelineEvent::Outage {
                    at: a,
                    region,
                    hours,
                } => {
                    let a = (*a - start).num_seconds();
                    let dur = (hours * 3600.0).round().clamp(1.0, 1e9) as i64;
                    Some((
                        btar_core::domain::catalog::region(region)?.cloud,
                        a,
                        a + dur,
                    ))
                }
                _ => None,
            })
            .collect();
        let back = |region: &str| {
            let mut b = at;
            loop {
                let later = spans
                    .iter()
                    .filter(|(r, a, e)| *r == region && *a <= b && b < *e)
                    .map(|x| x.2)
                    .max();
                match later {
                    Some(e) if e > b => b = e,
                    _ => return b,
                }
            }
        };
        r.lag
            .iter()
            .filter(|l| {
                r.recovery_points.iter().any(|p| {
                    p.region == l.region.as_str()
                        && p.created <= at
                        && p.deleted_at.is_none_or(|d| d > at)
                })
            })
            .filter_map(|l| Some((back(&l.region) - at, l.at(at)?)))
            .min()
            .map(|(wait, loss)| (loss, wait))
    }

    #[test]
    fn the_service_regions_own_outage_rate_drives_the_expected_loss() {
        let s = btar_core::presets::load("aws-guide-one-dr").expect("preset");
        let o = Objectives::default();
        let base = RiskParams {
            trials: 200,
            ..Default::default()
        };
        let ten = RiskParams {
            own: parse_own("aws-us-east-1=5", 4.0).expect("reads"),
            ..base.clone()
        };
        let a = run(&s, &base, &o, 1, &|_| true).expect("ran");
        let b = run(&s, &ten, &o, 1, &|_| true).expect("ran");
        // The service's region is lost in every trial either way: the same
        // losses, ten times as often a year.
        assert_eq!(a.data_loss_s, b.data_loss_s);
        let ratio = b.expected_loss_s_per_year / a.expected_loss_s_per_year;
        assert!((ratio - 10.0).abs() < 1e-9, "{ratio}");
    }

    #[test]
    fn a_provider_or_a_region_can_have_its_own_outages() {
        let own = parse_own("aws=2:6, google = 0.1, aws-us-west-2=9, aws=3", 4.0).expect("reads");
        assert_eq!(
            own,
            vec![
                OwnOutages {
                    place: Place::Provider(Provider::Google),
                    outages_per_year: 0.1,
                    outage_median_hours: 4.0
                },
                OwnOutages {
                    place: Place::Region("aws-us-west-2".into()),
                    outages_per_year: 9.0,
                    outage_median_hours: 4.0
                },
                OwnOutages {
                    place: Place::Provider(Provider::Aws),
                    outages_per_year: 3.0,
                    outage_median_hours: 4.0
                },
            ]
        );
        let p = RiskParams {
            own,
            ..Default::default()
        };
        // The region's own first, then its provider's, then the run's.
        assert_eq!(p.outages_for("aws-us-west-2"), (9.0, 4.0));
        assert_eq!(p.outages_for("aws-eu-west-1"), (3.0, 4.0));
        assert_eq!(p.outages_for("azure-westeurope"), (0.5, 4.0));
        assert_eq!(parse_own("", 4.0), Ok(Vec::new()));
        for (bad, says) in [
            ("ibm=1", "'ibm' is neither a provider"),
            ("aws", "'aws' is not place=rate"),
            ("aws=-1", "aws: rate '-1' is not from 0 to 365"),
            ("aws=1:0", "aws: median '0' is not from 0.01 to 8760"),
            ("aws-us-west-2=x", "aws-us-west-2: rate 'x'"),
        ] {
            let e = parse_own(bad, 4.0).expect_err(bad);
            assert!(e.starts_with(says), "{bad}: {e}");
        }
        // Outages of AWS regions only: a plan copying to AWS loses more
        // with AWS outages frequent and long than with none at all.
        let s = daily();
        let calm = RiskParams {
            trials: 80,
            outages_per_year: 0.0,
            ..Default::default()
        };
        let with = |text: &str| RiskParams {
            own: parse_own(text, 4.0).expect("reads"),
            ..calm.clone()
        };
        let o = Objectives::default();
        let run = |p: &RiskParams| run(&s, p, &o, 1, &|_| true).expect("ran");
        assert!(run(&with("aws=200:48")).p_waited > 0.2);
        // The plan's DR region alone, and not another AWS region.
        let dr = s.secondary_regions()[0].clone();
        assert!(run(&with(&format!("{dr}=200:48"))).p_waited > 0.2);
        let c = run(&calm);
        for other in ["google=200:48", "aws-ap-south-1=200:48"] {
            let g = run(&with(other));
            assert_eq!(
                (g.data_loss_s, g.histogram, g.p_waited),
                (c.data_loss_s, c.histogram.clone(), c.p_waited),
                "{other}"
            );
        }
    }

    /// Worked by hand: daily backups at 03:00 copied to us-west-2, which
    /// is down from Jan 11 00:00 for 48 h. A loss of us-east-1 at Jan 11
    /// 12:00 restores from us-west-2 once it is back (Jan 13 00:00: a
    /// wait of 36 h) and loses everything after the newest point it holds,
    /// Jan 10's 03:00 backup (Jan 11's could not be copied): 33 h.
    #[test]
    fn with_every_secondary_down_the_restore_waits_for_one_and_loses_up_to_its_newest_point() {
        let mut s = daily();
        let day = |d: i64, h: i64| s.simulation.start + chrono::Duration::hours(d * 24 + h);
        s.events = vec![TimelineEvent::Outage {
            at: day(10, 0),
            region: "aws-us-west-2".into(),
            hours: 48.0,
        }];
        let at = 10 * 86_400 + 12 * 3600;
        let loss = Engine::new(&s)
            .expect("engine")
            .loss_at(at, &mut Scratch::default())
            .expect("a secondary holds a copy");
        assert_eq!(loss.wait_s, 36 * 3600);
        assert_eq!(loss.data_loss_s, 33 * 3600);
        // Up at the loss: no wait, and the loss of an ordinary day.
        let before = Engine::new(&s)
            .expect("engine")
            .loss_at(9 * 86_400 + 12 * 3600, &mut Scratch::default())
            .expect("holds");
        assert_eq!((before.wait_s, before.data_loss_s), (0, 9 * 3600));
    }

    /// BTAR off (no copy action): no trial has a restore in another
    /// region, so no restore time is given and every RTO is breached.
    #[test]
    fn with_no_copies_there_is_no_restore_time() {
        let mut s = daily();
        if let btar_core::domain::scenario::Platform::Aws(a) = &mut s.platform {
            for r in &mut a.plan.rules {
                r.copy_actions.clear();
            }
        }
        let o = Objectives {
            rto_s: Some(86_400),
            ..Default::default()
        };
        let p = RiskParams {
            trials: 20,
            ..Default::default()
        };
        let r = run(&s, &p, &o, 1, &|_| true).expect("ran");
        assert_eq!(r.restore_s, None);
        assert_eq!(r.p_no_usable_secondary, 1.0);
        assert_eq!(r.p_rto_breach, Some(1.0));
    }

    /// A few far-out trials land in the overflow bucket; the others keep
    /// their shape in the twenty buckets below the 99th percentile.
    #[test]
    fn far_out_losses_go_to_the_overflow_bucket() {
        let mut losses: Vec<i64> = (0..1000).map(|i| i * 36).collect();
        losses.extend([356 * 86_400, 300 * 86_400]);
        let p99 = percentiles(losses.clone()).p99;
        let h = histogram(&losses, p99);
        assert_eq!(h.len(), 21);
        assert_eq!(h.iter().map(|b| b.1).sum::<u32>(), 1002);
        // The 99th percentile of the 1 002 losses is the 992nd: 991 × 36 s
        // = 35 676 s, so 20 buckets of 1 784 s, and the overflow from
        // 35 680 s holds 992 × 36 … 999 × 36 (8) and the two far out.
        assert_eq!(h[1].0, 1784);
        assert!(h[..20].iter().all(|b| b.1 >= 40), "{h:?}");
        assert_eq!(h[20], (35_680, 8 + 2));
    }

    #[test]
    fn cancelling_stops_the_run() {
        let s = daily();
        let p = RiskParams {
            trials: 50,
            ..Default::default()
        };
        assert!(run(&s, &p, &Objectives::default(), 1, &|done| done < 0.2).is_none());
    }
}
