//! The discrete-event engine. It compiles a scenario into backup series and
//! copy targets, then pops events in time order: scheduled backups, copy
//! attempts, retries, outages, lifecycle moves and expiries, and the user's
//! timeline events. Work grows with the number of backups and copies, not
//! with the length of the span.
//!
//! Split along what it models: this file holds the engine's state, the
//! event loop and the backups; [`compile`] turns a scenario into series and
//! targets; `chains` keeps the recovery points and the incremental chains
//! per resource and vault; `links` runs the copies between regions;
//! `events` plays outages, the user's timeline events and forks; `lean` is
//! the mode the risk trials use to measure one loss.

use std::collections::VecDeque;
use std::rc::Rc;

use chrono::{DateTime, Utc};
use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64Mcg;

use super::lag::{self, LagSeries};
use super::model::*;
use super::queue::{EventQueue, SimTime};
use super::ASSUMPTIONS;

mod chains;
mod compile;
mod events;
mod lean;
mod links;
use btar_core::domain::catalog::{self, Provider, Region};
use btar_core::domain::cron::Cron;
use btar_core::domain::scenario::{
    AivenPlanTier, Platform, Retention, Scenario, TimelineEvent, VaultArn, VaultPolicy,
    ZillizBackups,
};
use btar_core::domain::tz;
use compile::to_sim;

const DAY: i64 = 86_400;
const MONTH: f64 = 30.0 * 86_400.0;
/// Fixed time to provision a fork before data is restored (**assumption**).
pub const FORK_PROVISION_S: i64 = 600;
/// Round trips spent on a copy's setup and metadata (**assumption**).
pub const COPY_SETUP_ROUND_TRIPS: f64 = 10.0;

#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Lifecycle {
    cold_after: Option<i64>,
    delete_after: Option<i64>,
    keep_count: Option<u32>,
}

impl Lifecycle {
    fn from_retention(r: Retention) -> Lifecycle {
        match r {
            Retention::Count(n) => Lifecycle {
                keep_count: Some(n),
                ..Default::default()
            },
            Retention::Days(d) => Lifecycle {
                delete_after: Some(i64::from(d) * DAY),
                ..Default::default()
            },
            Retention::Forever => Lifecycle::default(),
        }
    }

    fn days(d: Option<i64>) -> Option<i64> {
        d.filter(|d| *d > 0).map(|d| d.saturating_mul(DAY))
    }

    fn retention_days(&self) -> Option<u32> {
        self.delete_after.map(|s| (s / DAY) as u32)
    }
}

#[derive(Debug, Clone)]
enum Schedule {
    Interval {
        first: SimTime,
        every: i64,
    },
    /// Firing times in order (cron schedules are expanded once, up front,
    /// and shared by the runs that compile the same schedule).
    At(Rc<[SimTime]>),
}

#[derive(Debug, Clone, Copy)]
struct Target {
    region: u16,
    /// The incremental chain its copies join in that region: one per
    /// destination vault (AWS chains per resource and vault, across rules).
    chain: u16,
    lifecycle: Lifecycle,
    /// AWS: the destination vault's policy is known not to allow the copy.
    denied: bool,
}

#[derive(Debug, Clone)]
struct Series {
    name: Rc<str>,
    /// The incremental chain its backups join in the service's region: one
    /// per source vault, shared by the rules backing up into it.
    chain: u16,
    schedule: Schedule,
    primary: Lifecycle,
    targets: Vec<Target>,
    completion_window: Option<i64>,
    /// Index of the next `At` time.
    next_at: usize,
    last_backup_point: Option<SimTime>,
}

#[derive(Debug, Clone, Copy)]
enum Ev {
    BackupDue { series: u16 },
    BackupEnd { job: u32, token: u32 },
    CopyEnd { job: u32, token: u32 },
    CopyRetry { job: u32 },
    OutageStart { region: u16 },
    OutageEnd { region: u16 },
    PointCold { point: u32 },
    PointExpire { point: u32 },
    User { index: u32 },
}

struct Link {
    from: u16,
    to: u16,
    queue: VecDeque<u32>,
    busy: Option<u32>,
    setup_s: f64,
    /// Throughput of a copy on this link, Mbit/s.
    mbps: f64,
    /// Probability that one copy attempt on this link fails.
    failure_rate: f64,
    /// The last moment nothing was queued or running on it.
    idle_at: SimTime,
}

struct BackupRun {
    series: u16,
    token: u32,
    fails_window: bool,
}

struct CopyRun {
    link: u16,
    /// The series and target the copy serves (their lifecycle applies).
    series: u16,
    target: u16,
    source_point: u32,
    token: u32,
    will_fail: bool,
    denied: bool,
}

struct Location {
    /// Every point ever created here, in creation order.
    points: Vec<u32>,
    /// Points kept by count, in creation order (lazily cleaned).
    live_order: VecDeque<u32>,
    newest: Option<SimTime>,
    changes: Vec<(SimTime, Option<SimTime>)>,
}

/// The engine's state for one run.
pub struct Engine<'a> {
    scenario: &'a Scenario,
    regions: Vec<&'static Region>,
    down: Vec<u32>,
    locations: Vec<Location>,
    series: Vec<Series>,
    links: Vec<Link>,
    queue: EventQueue<Ev>,
    /// The run's seed: copy attempts draw their failures from it.
    seed: u64,
    now: SimTime,
    end: SimTime,
    backup_loc: u16,
    service_region: u16,
    pitr: bool,
    /// AWS continuous backup: point-in-time recovery in the source vault
    /// for this many seconds back (at most 35 days). Its cross-region copies
    /// are snapshots, so only a fork from the backup region uses it.
    continuous_window: Option<SimTime>,
    btar_enabled: bool,
    plan_name: String,
    backups: Vec<BackupJob>,
    backup_runs: Vec<BackupRun>,
    running_backups: Vec<u32>,
    copies: Vec<CopyJob>,
    copy_runs: Vec<CopyRun>,
    points: Vec<RecoveryPoint>,
    point_loc: Vec<u16>,
    uploads: Vec<Transfer>,
    forks: Vec<ForkOutcome>,
    /// Whether backups and copies store only the data changed since the
    /// previous point of their chain (AWS incremental resource types).
    incremental: bool,
    /// The last point of each chain (chain × location): an incremental
    /// point builds on it while it is alive and warm.
    chain_last: Vec<Option<u32>>,
    /// Per point: the next point of its chain, promoted to full storage when
    /// this one leaves warm storage.
    chain_next: Vec<Option<u32>>,
    /// The newest data the service has written: the clock while its region
    /// is up, standing still while it is down. Lag is measured from this, so
    /// it is the data a loss of the service's region would lose at that
    /// moment (see `lag::build`).
    data_pieces: Vec<(SimTime, Option<SimTime>, i64)>,
    /// Per region: spans during which it was a copy target.
    active: Vec<Vec<(SimTime, SimTime)>>,
    active_since: Vec<Option<SimTime>>,
    outages: Vec<(u16, SimTime, SimTime)>,
    events: u64,
    /// ln(1 + monthly growth) per second, so size(t) = size₀ · e^(k·t).
    growth_per_s: f64,
    /// The lean run mode ([`Engine::loss_at`]): nothing is recorded that
    /// only the full result needs (uploads for the bill).
    lean: bool,
    /// Where the run starts (seconds into the span): 0, or a lean run's
    /// window (see [`Engine::window_start`]).
    from: SimTime,
}

/// What a loss of the service's region at a moment costs, from the
/// secondary a restore would use ([`Engine::loss_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loss {
    /// Writes lost: how far that secondary's newest point is behind.
    pub data_loss_s: i64,
    /// How long until that secondary is up (0 when it is up at the loss):
    /// with every secondary holding a copy down, the restore waits for the
    /// first to come back.
    pub wait_s: i64,
}

/// The buffers a run fills, kept between the runs of many trials (see
/// [`Engine::loss_at`]) so each does not allocate its job log and recovery
/// points again (and the system zero fresh pages for them).
#[derive(Default)]
pub struct Scratch {
    backups: Vec<BackupJob>,
    backup_runs: Vec<BackupRun>,
    running_backups: Vec<u32>,
    copies: Vec<CopyJob>,
    copy_runs: Vec<CopyRun>,
    points: Vec<RecoveryPoint>,
    point_loc: Vec<u16>,
    chain_next: Vec<Option<u32>>,
    location_points: Vec<Vec<u32>>,
    location_changes: Vec<Vec<(SimTime, Option<SimTime>)>>,
}

/// Why a scenario cannot be simulated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimError {
    #[error("the scenario has {0} error(s); fix them before simulating")]
    Invalid(usize),
    #[error("{0}")]
    Unsupported(String),
    /// The plan would make more jobs than a run may (see [`MAX_JOBS`]).
    #[error("this plan makes about {jobs} backup and copy jobs over its {days} days ({firings} backups × their copies); a run is limited to {limit}: shorten the span (Days), back up less often, or copy to fewer regions")]
    TooLarge {
        jobs: u64,
        firings: u64,
        days: u32,
        limit: u64,
    },
}

/// The most backup and copy jobs one run may make: about 2 s and 570 MB
/// natively (10 hourly rules copying to 10 regions over 750 days, 1.98 M
/// jobs: 1.95 s, 565 MB peak, release build), well inside any caller's
/// means.
pub const MAX_JOBS: u64 = 2_000_000;

/// How many events pass between two progress reports of
/// [`Engine::run_reporting`].
pub const PROGRESS_EVERY: u64 = 1 << 12;

/// The most jobs a plan the frontier varies may make: it measures about a
/// hundred variants, each a run.
pub const FRONTIER_MAX_JOBS: u64 = MAX_JOBS / 20;

/// Locations per series whose incremental chains are tracked; a scenario
/// uses a handful (a point in a location past this is stored full).
const CHAIN_LOCATIONS: usize = 64;

/// The longest a job can take (about 35 000 years): far past any span, so
/// a job this long never ends inside one, and a time plus it never
/// overflows.
const MAX_JOB_S: i64 = 1 << 40;

/// Rounds seconds up to a whole second, at least 1 and at most
/// [`MAX_JOB_S`], without a libm call.
#[inline]
/// How long one copy attempt of `gb` takes on a link: its setup plus the
/// data at the link's throughput, in whole seconds rounded up (at least 1).
/// `btar calibrate` fits `setup_s` and `mbps` to this formula.
pub fn copy_duration_s(setup_s: f64, gb: f64, mbps: f64) -> i64 {
    ceil_secs(setup_s + gb * 8000.0 / mbps)
}

/// How long a restore of `gb` takes at `mbps`: the fork's provisioning
/// ([`FORK_PROVISION_S`], an assumption) plus the data at the restore
/// throughput, in whole seconds. The one formula for forks, the verdict's
/// RTO and every risk trial.
pub fn restore_time_s(gb: f64, mbps: f64) -> i64 {
    FORK_PROVISION_S.saturating_add(ceil_secs(gb * 8000.0 / mbps))
}

fn ceil_secs(x: f64) -> i64 {
    if x.is_nan() || x < 1.0 {
        return 1;
    }
    if x >= MAX_JOB_S as f64 {
        return MAX_JOB_S;
    }
    let i = x as i64;
    if (i as f64) < x {
        i + 1
    } else {
        i
    }
}

#[cfg(test)]
thread_local! {
    /// Lean runs started late on this thread, and of those run again from
    /// the start (tests only).
    pub(crate) static WINDOWS: std::cell::Cell<(u32, u32)> = const { std::cell::Cell::new((0, 0)) };
}

/// splitmix64's finaliser: a well-mixed 64-bit key.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A uniform draw in [0, 1).
pub(crate) fn uniform(rng: &mut Pcg64Mcg) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// How far behind the clock a continuous backup's latest restorable time
/// is: "typically within the last 5 minutes" (Amazon RDS User Guide,
/// point-in-time recovery; AWS Backup uses the same mechanism).
pub const CONTINUOUS_LATEST_S: SimTime = 300;

impl<'a> Engine<'a> {
    fn region_index(&mut self, r: &'static Region) -> u16 {
        if let Some(i) = self.regions.iter().position(|x| x.cloud == r.cloud) {
            return i as u16;
        }
        self.regions.push(r);
        self.down.push(0);
        self.locations.push(Location {
            points: Vec::new(),
            live_order: VecDeque::new(),
            newest: None,
            changes: Vec::new(),
        });
        self.active.push(Vec::new());
        self.active_since.push(None);
        (self.regions.len() - 1) as u16
    }

    fn lookup(&mut self, name: &str) -> Result<u16, SimError> {
        let r = catalog::region(name)
            .ok_or_else(|| SimError::Unsupported(format!("unknown region '{name}'")))?;
        Ok(self.region_index(r))
    }

    fn data_gb_at(&self, t: SimTime) -> f64 {
        if self.growth_per_s == 0.0 {
            return self.scenario.workload.data_gb;
        }
        self.scenario.workload.data_gb * libm::exp(self.growth_per_s * t as f64)
    }

    fn is_up(&self, r: u16) -> bool {
        self.down[r as usize] == 0
    }

    /// Whole seconds to move `gb` at `mbps`, rounded up, at least 1.
    fn secs(gb: f64, mbps: f64) -> i64 {
        ceil_secs(gb * 8000.0 / mbps)
    }

    /// Records whether the service writes new data from now on (its region
    /// is up) or its newest data stands still.
    fn set_data_time(&mut self) {
        let Some(&(from, value, slope)) = self.data_pieces.last() else {
            return;
        };
        let up = i64::from(self.is_up(self.service_region));
        if up == slope {
            return;
        }
        // While down the value stands at the outage's start; once up again
        // the clock runs from now (the outage wrote nothing, but data lost
        // counts to the moment of loss, as a fork's does).
        let value = if up == 1 {
            Some(self.now)
        } else {
            value.map(|v| v + slope * (self.now - from))
        };
        match self.data_pieces.last_mut() {
            Some(last) if last.0 == self.now => {
                last.1 = value;
                last.2 = up;
            }
            _ => self.data_pieces.push((self.now, value, up)),
        }
    }

    fn start_active(&mut self, r: u16) {
        if self.active_since[r as usize].is_none() {
            self.active_since[r as usize] = Some(self.now);
        }
    }

    fn end_active(&mut self, r: u16) {
        if let Some(since) = self.active_since[r as usize].take() {
            if self.now > since {
                self.active[r as usize].push((since, self.now));
            }
        }
    }

    fn schedule_next_backup(&mut self, s: u16, after: SimTime) {
        let next = {
            let series = &mut self.series[s as usize];
            match &series.schedule {
                Schedule::Interval { first, every } => {
                    if after < *first {
                        Some(*first)
                    } else {
                        Some(first + ((after - first) / every + 1) * every)
                    }
                }
                Schedule::At(times) => {
                    // The first firing after `after` (a window's start may be
                    // far into the span).
                    let rest = times.get(series.next_at..).unwrap_or_default();
                    series.next_at += rest.partition_point(|t| *t <= after);
                    times.get(series.next_at).copied()
                }
            }
        };
        if let Some(t) = next {
            if t < self.end {
                self.queue.push(t, Ev::BackupDue { series: s });
            }
        }
    }

    /// Runs the whole span.
    /// Ends the run at `t` (seconds into the span) instead of at the span's
    /// end: nothing after `t` changes anything before it, so a question about
    /// the moment `t` (a risk trial's region loss) needs no more.
    pub fn stop_at(mut self, t: SimTime) -> Self {
        self.end = t.clamp(1, self.end);
        self
    }

    pub fn run(self) -> SimResult {
        self.run_reporting(&mut |_| {})
    }

    /// [`Engine::run`], telling `progress` how far through the span the run
    /// is (0 to 1) every [`PROGRESS_EVERY`] events: the app's worker shows
    /// it while a large plan runs.
    pub fn run_reporting(mut self, progress: &mut dyn FnMut(f64)) -> SimResult {
        self.reserve_for_span();
        self.drive_reporting(progress);
        self.finish()
    }

    /// Sizes the logs for the span's scheduled backups and their copies up
    /// front (a full run; a lean one reuses its scratch buffers instead).
    fn reserve_for_span(&mut self) {
        let end = self.end;
        let backups: usize = self
            .series
            .iter()
            .map(|s| match &s.schedule {
                Schedule::Interval { first, every } => ((end - first).max(0) / every + 1) as usize,
                Schedule::At(t) => t.len(),
            })
            .sum::<usize>()
            .min(1 << 20);
        let copies: usize = self
            .series
            .iter()
            .map(|s| s.targets.len())
            .max()
            .unwrap_or(0)
            * backups;
        self.backups.reserve(backups);
        self.backup_runs.reserve(backups);
        self.copies.reserve(copies);
        self.copy_runs.reserve(copies);
        self.points.reserve(backups + copies);
        self.point_loc.reserve(backups + copies);
    }

    /// Pops events in time order until the end.
    fn drive(&mut self) {
        self.drive_reporting(&mut |_| {})
    }

    fn drive_reporting(&mut self, progress: &mut dyn FnMut(f64)) {
        let start = self.scenario.simulation.start;
        let from = self.from;
        self.now = from;
        for s in 0..self.series.len() as u16 {
            // First fire at or after the start.
            self.schedule_next_backup(s, from - 1);
            let targets: Vec<u16> = self.series[s as usize]
                .targets
                .iter()
                .map(|t| t.region)
                .collect();
            for r in targets {
                self.start_active(r);
            }
        }
        for (i, ev) in self.scenario.events.iter().enumerate() {
            let at = to_sim(start, ev.at()).clamp(0, self.end);
            if let TimelineEvent::Outage { region, hours, .. } = ev {
                let Some(r) = catalog::region(region) else {
                    continue;
                };
                let idx = self.region_index(r);
                let dur = (hours * 3600.0).round().clamp(1.0, 1e9) as i64;
                let until = (at + dur).min(self.end);
                // Over before a window's start: nothing of it is left.
                if until <= from && from > 0 {
                    continue;
                }
                let at = at.max(from);
                self.queue.push(at, Ev::OutageStart { region: idx });
                self.queue.push(until, Ev::OutageEnd { region: idx });
                self.outages.push((idx, at, until));
            } else if at >= from || !matches!(ev, TimelineEvent::Fork { .. }) {
                // A fork before a window's start changes nothing in it.
                self.queue.push(at.max(from), Ev::User { index: i as u32 });
            }
        }
        while let Some((t, ev)) = self.queue.pop() {
            if t > self.end {
                break;
            }
            self.now = t;
            self.events += 1;
            if self.events.is_multiple_of(PROGRESS_EVERY) {
                progress((t - self.from) as f64 / (self.end - self.from).max(1) as f64);
            }
            match ev {
                Ev::BackupDue { series } => self.backup_due(series),
                Ev::BackupEnd { job, token } => self.backup_end(job, token),
                Ev::CopyEnd { job, token } => self.copy_end(job, token),
                Ev::CopyRetry { job } => self.copy_retry(job),
                Ev::OutageStart { region } => self.outage_start(region),
                Ev::OutageEnd { region } => self.outage_end(region),
                Ev::PointCold { point } => {
                    let p = &mut self.points[point as usize];
                    if p.deleted_at.is_none() {
                        // Cold storage holds full copies (AWS Backup).
                        p.cold_at = Some(self.now);
                        self.leave_chain(point);
                    }
                }
                Ev::PointExpire { point } => self.expire(point),
                Ev::User { index } => self.user_event(index as usize),
            }
        }
        self.now = self.end;
    }

    fn backup_due(&mut self, s: u16) {
        self.schedule_next_backup(s, self.now);
        let id = self.backups.len() as u32;
        let size = self.data_gb_at(self.now);
        let wal_gb = if self.pitr {
            let since = self.series[s as usize]
                .last_backup_point
                .unwrap_or(self.now);
            (self.now - since) as f64 / DAY as f64 * self.scenario.workload.write_gb_per_day
        } else {
            0.0
        };
        // An incremental backup writes only what changed since the chain's
        // last point in the vault (AWS Backup: "only the changes").
        let written = self.increment_gb(s, self.backup_loc, self.now, size);
        let mut job = BackupJob {
            id,
            series: self.series[s as usize].name.clone(),
            scheduled: self.now,
            start: self.now,
            end: None,
            size_gb: written + wal_gb,
            region: self.regions[self.backup_loc as usize].cloud,
            state: JobState::Running,
            message: "",
        };
        if !self.is_up(self.service_region) || !self.is_up(self.backup_loc) {
            job.state = JobState::Failed;
            job.end = Some(self.now);
            job.message = text::BACKUP_OUTAGE;
            self.backups.push(job);
            self.backup_runs.push(BackupRun {
                series: s,
                token: 0,
                fails_window: false,
            });
            return;
        }
        let dur = Self::secs(written, self.scenario.link.backup_throughput_mbps);
        let window = self.series[s as usize].completion_window;
        let fails_window = window.is_some_and(|w| dur > w);
        let at = self.now.saturating_add(if fails_window {
            window.unwrap_or(dur)
        } else {
            dur
        });
        self.backups.push(job);
        self.backup_runs.push(BackupRun {
            series: s,
            token: 0,
            fails_window,
        });
        self.running_backups.push(id);
        self.queue.push(at, Ev::BackupEnd { job: id, token: 0 });
    }

    fn backup_end(&mut self, job: u32, token: u32) {
        let run = &self.backup_runs[job as usize];
        if run.token != token || self.backups[job as usize].state != JobState::Running {
            return;
        }
        let (s, fails_window) = (run.series, run.fails_window);
        self.running_backups.retain(|j| *j != job);
        let b = &mut self.backups[job as usize];
        b.end = Some(self.now);
        if fails_window {
            b.state = JobState::Failed;
            b.message = text::BACKUP_WINDOW;
            return;
        }
        b.state = JobState::Completed;
        let point_time = b.start;
        let size = b.size_gb;
        if self.service_region != self.backup_loc && !self.lean {
            self.uploads.push(Transfer {
                at: self.now,
                from_region: self.regions[self.service_region as usize].cloud,
                to_region: self.regions[self.backup_loc as usize].cloud,
                gb: size,
                purpose: text::BACKUP_UPLOAD,
            });
        }
        let lc = self.series[s as usize].primary;
        let full = if self.incremental {
            self.data_gb_at(point_time)
        } else {
            size
        };
        let pid = self.add_point(
            job,
            self.backup_loc,
            PointKind::Primary,
            point_time,
            full,
            size.min(full),
            s,
            lc,
        );
        self.series[s as usize].last_backup_point = Some(point_time);
        self.set_data_time();
        if !self.btar_enabled {
            return;
        }
        for i in 0..self.series[s as usize].targets.len() {
            let t = self.series[s as usize].targets[i];
            self.queue_copy(job, pid, s, i as u16, t);
        }
    }

    fn finish(mut self) -> SimResult {
        for r in 0..self.regions.len() as u16 {
            self.end_active(r);
        }
        // Jobs still queued or running at the end stay as they are.
        let mut lag = Vec::new();
        for (i, spans) in self.active.iter().enumerate() {
            if spans.is_empty() {
                continue;
            }
            let segs = lag::build(&self.data_pieces, &self.locations[i].changes, spans);
            lag.push(LagSeries::new(self.regions[i].cloud.to_string(), segs));
        }
        let outages = self
            .outages
            .iter()
            .map(|(r, a, b)| (self.regions[*r as usize].cloud, *a, *b))
            .collect();
        SimResult {
            span_s: self.end,
            primary_region: self.regions[self.backup_loc as usize].cloud,
            backups: self.backups,
            copy_jobs: self.copies,
            recovery_points: self.points,
            lag,
            forks: self.forks,
            uploads: self.uploads,
            outages,
            assumptions: ASSUMPTIONS.to_vec(),
            events: self.events,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::queue::HEAP_PEAK;

    #[test]
    fn lifecycle_events_wait_on_the_delay_lines_not_the_heap() {
        // 90 days of daily backups kept 30 days, weekly ones moved to cold
        // storage: hundreds of expiries and cold moves are pending at once.
        let s = btar_core::presets::load("aws-guide-two-dr").expect("preset");
        HEAP_PEAK.with(|p| p.set(0));
        let r = Engine::new(&s).expect("engine").run();
        let points = r.recovery_points.len();
        assert!(points > 150, "only {points} recovery points");
        let peak = HEAP_PEAK.with(|p| p.get());
        assert!(
            peak < 16,
            "the heap held {peak} events at once ({points} points)"
        );
    }

    #[test]
    fn a_schedule_time_zone_shifts_backups_by_its_offset_across_dst() {
        // Daily at 05:00 New York time from 1 March 2026: 10:00 UTC (EST)
        // until the clocks change on 8 March, 09:00 UTC (EDT) from then on.
        let mut s = btar_core::presets::load("aws-guide-one-dr").expect("preset");
        s.simulation.start = chrono::DateTime::parse_from_rfc3339("2026-03-01T00:00:00Z")
            .expect("date")
            .with_timezone(&Utc);
        s.simulation.days = 14;
        let btar_core::domain::scenario::Platform::Aws(a) = &mut s.platform else {
            panic!("aws preset");
        };
        a.plan.rules.truncate(1);
        a.plan.rules[0].schedule_expression = Some("cron(0 5 * * ? *)".into());
        a.plan.rules[0].schedule_expression_timezone = Some("America/New_York".into());
        let r = Engine::new(&s).expect("engine").run();
        let hours: Vec<i64> = r.backups.iter().map(|b| b.scheduled / 3600).collect();
        assert_eq!(hours.first(), Some(&10), "{hours:?}");
        // 1–7 March at 10:00 UTC, 8 March on at 09:00 UTC.
        let expect: Vec<i64> = (0..14)
            .map(|d| d * 24 + if d < 7 { 10 } else { 9 })
            .collect();
        assert_eq!(hours, expect);
        // Without the zone: 05:00 UTC every day.
        let Platform::Aws(a) = &mut s.platform else {
            panic!("aws preset");
        };
        a.plan.rules[0].schedule_expression_timezone = None;
        let r = Engine::new(&s).expect("engine").run();
        assert_eq!(r.backups.first().map(|b| b.scheduled), Some(5 * 3600));
        // An unknown zone is refused, not guessed.
        let Platform::Aws(a) = &mut s.platform else {
            panic!("aws preset");
        };
        a.plan.rules[0].schedule_expression_timezone = Some("Mars/Olympus".into());
        assert!(Engine::new(&s).is_err());
    }

    #[test]
    fn continuous_backup_restores_any_moment_in_the_source_but_snapshots_in_dr() {
        use btar_core::domain::scenario::TimelineEvent;
        let mut s = btar_core::presets::load("aws-guide-one-dr").expect("preset");
        s.simulation.days = 20;
        let at = s.simulation.start + chrono::Duration::days(10) + chrono::Duration::hours(12);
        let Platform::Aws(a) = &mut s.platform else {
            panic!("aws preset");
        };
        a.plan.rules.truncate(1);
        a.plan.rules[0].schedule_expression = Some("cron(0 5 * * ? *)".into());
        a.plan.rules[0].enable_continuous_backup = Some(true);
        let primary = a.region.clone();
        let dr = s.secondary_regions().first().cloned().expect("a DR region");
        s.events = vec![
            TimelineEvent::Fork {
                at,
                from_region: Some(format!("aws-{primary}")),
                point_in_time: None,
                name: Some("source".into()),
            },
            TimelineEvent::Fork {
                at,
                from_region: Some(dr),
                point_in_time: None,
                name: Some("dr".into()),
            },
        ];
        let r = Engine::new(&s).expect("engine").run();
        let ok = |name: &str| {
            r.forks
                .iter()
                .find(|f| f.name == name)
                .and_then(|f| f.result.as_ref().ok())
                .cloned()
                .unwrap_or_else(|| panic!("fork {name}: {:?}", r.forks))
        };
        // The source vault restores to 5 minutes before the fork.
        assert_eq!(ok("source").data_loss_s, CONTINUOUS_LATEST_S);
        // The DR region holds snapshots: the copy of that morning's 05:00 backup
        // at best, so at least 7 hours are lost.
        assert!(ok("dr").data_loss_s >= 7 * 3600, "{:?}", ok("dr"));
    }

    #[test]
    fn a_run_stopped_early_agrees_with_the_whole_run_up_to_its_end() {
        let s = btar_core::presets::load("aws-guide-two-dr").expect("preset");
        let whole = Engine::new(&s).expect("engine").run();
        let t = 40 * DAY + 12_345;
        let part = Engine::new(&s).expect("engine").stop_at(t).run();
        assert_eq!(part.span_s, t);
        for (a, b) in whole.lag.iter().zip(&part.lag) {
            for x in [DAY, 20 * DAY + 7, t - 1] {
                assert_eq!(a.at(x), b.at(x), "{} at {x}", a.region);
            }
        }
    }
}
