//! The compile step: a scenario becomes the engine's series, targets and
//! registries, one function per platform, so the event loop in the parent
//! module reads alone.

use super::*;
use btar_core::domain::scenario::{AivenService, AwsBackup, ZillizCluster};
use chrono::Datelike;

impl<'a> Engine<'a> {
    /// Compiles the scenario. It must have passed validation.
    pub fn new(s: &'a Scenario) -> Result<Engine<'a>, SimError> {
        Engine::within(s, MAX_JOBS)
    }

    /// As [`Engine::new`], refusing plans that make more than `max_jobs`
    /// jobs (the page, which simulates as the user types, allows fewer).
    pub fn within(s: &'a Scenario, max_jobs: u64) -> Result<Engine<'a>, SimError> {
        let span = &s.simulation;
        let end = i64::from(span.days) * DAY;
        let mut e = Engine {
            scenario: s,
            regions: Vec::new(),
            down: Vec::new(),
            locations: Vec::new(),
            series: Vec::new(),
            links: Vec::new(),
            queue: EventQueue::with_capacity(1024),
            seed: span.seed,
            now: 0,
            end,
            backup_loc: 0,
            service_region: 0,
            pitr: false,
            continuous_window: None,
            btar_enabled: true,
            plan_name: String::new(),
            backups: Vec::new(),
            backup_runs: Vec::new(),
            running_backups: Vec::new(),
            copies: Vec::new(),
            copy_runs: Vec::new(),
            points: Vec::new(),
            point_loc: Vec::new(),
            uploads: Vec::new(),
            forks: Vec::new(),
            data_pieces: Vec::new(),
            incremental: false,
            chain_last: Vec::new(),
            chain_next: Vec::new(),
            active: Vec::new(),
            active_since: Vec::new(),
            outages: Vec::new(),
            events: 0,
            lean: false,
            from: 0,
            growth_per_s: libm::log1p(s.workload.growth_pct_per_month / 100.0) / MONTH,
        };
        let primary = s
            .primary_region()
            .ok_or_else(|| SimError::Unsupported("the primary region is unknown".into()))?;
        e.backup_loc = e.region_index(primary);
        e.service_region = e.backup_loc;
        let start = span.start;
        match &s.platform {
            Platform::Aiven(a) => e.compile_aiven(a, start)?,
            Platform::Aws(a) => e.compile_aws(a, start, end)?,
            Platform::Zilliz(z) => e.compile_zilliz(z, start, end)?,
        }
        // Regions named only by events join the registry too.
        for ev in &s.events {
            match ev {
                TimelineEvent::Outage { region, .. } => {
                    e.lookup(region)?;
                }
                TimelineEvent::ChangeBackupRegion { to, from, .. } => {
                    e.lookup(to)?;
                    if let Some(f) = from {
                        e.lookup(f)?;
                    }
                }
                TimelineEvent::Migrate { to, .. } => {
                    e.lookup(to)?;
                }
                TimelineEvent::EnableBtar {
                    region: Some(r), ..
                } => {
                    e.lookup(r)?;
                }
                TimelineEvent::Fork {
                    from_region: Some(r),
                    ..
                } => {
                    e.lookup(r)?;
                }
                _ => {}
            }
        }
        e.data_pieces.push((0, Some(0), 1));
        e.incremental =
            matches!(s.platform, Platform::Aws(_)) && s.workload.resource_type.incremental();
        let chains = e
            .series
            .iter()
            .flat_map(|s| std::iter::once(s.chain).chain(s.targets.iter().map(|t| t.chain)))
            .max()
            .map_or(1, |m| usize::from(m) + 1);
        e.chain_last = vec![None; chains * CHAIN_LOCATIONS];
        e.check_work(span.days, max_jobs)?;
        Ok(e)
    }

    /// The longest a cross-region copy is kept, from the compiled plan:
    /// `None` when nothing is copied, `Some(None)` when some copy is kept
    /// forever, else its days (a count-kept copy: the count times the
    /// interval between its backups).
    pub fn longest_copy_retention_days(&self) -> Option<Option<u32>> {
        let mut out: Option<Option<u32>> = None;
        for s in &self.series {
            let every = match &s.schedule {
                Schedule::Interval { every, .. } => *every,
                Schedule::At(t) => t.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(DAY),
            };
            for t in &s.targets {
                let days = match (t.lifecycle.delete_after, t.lifecycle.keep_count) {
                    (Some(d), _) => Some(d.div_euclid(DAY).max(1)),
                    (None, Some(n)) => Some((i64::from(n) * every).div_euclid(DAY).max(1)),
                    (None, None) => None,
                };
                out = match (out, days) {
                    (Some(None), _) | (_, None) => Some(None),
                    (Some(Some(a)), Some(b)) => {
                        Some(Some(a.max(b.min(i64::from(u32::MAX)) as u32)))
                    }
                    (None, Some(b)) => Some(Some(b.min(i64::from(u32::MAX)) as u32)),
                };
            }
        }
        out
    }

    /// Refuses a plan whose jobs over the span pass [`MAX_JOBS`], before
    /// anything runs: each series' firings in the span times one backup and
    /// its copies.
    fn check_work(&self, days: u32, limit: u64) -> Result<(), SimError> {
        let (mut jobs, mut firings) = (0u64, 0u64);
        for s in &self.series {
            let n = match &s.schedule {
                Schedule::Interval { first, every } => {
                    if *first > self.end {
                        0
                    } else {
                        ((self.end - first) / (*every).max(1)) as u64 + 1
                    }
                }
                Schedule::At(times) => times.iter().take_while(|t| **t <= self.end).count() as u64,
            };
            firings = firings.saturating_add(n);
            jobs = jobs.saturating_add(n.saturating_mul(1 + s.targets.len() as u64));
        }
        if jobs > limit {
            return Err(SimError::TooLarge {
                jobs,
                firings,
                days,
                limit,
            });
        }
        Ok(())
    }

    fn compile_aiven(&mut self, a: &AivenService, start: DateTime<Utc>) -> Result<(), SimError> {
        let e = self;
        let tier = a
            .tier()
            .ok_or_else(|| SimError::Unsupported(format!("unknown plan '{}'", a.plan)))?;
        e.pitr = tier.has_pitr() && a.service_type != "opensearch";
        e.plan_name = a.plan.clone();
        let lc = Lifecycle::from_retention(tier.retention());
        let every = i64::from(a.backup_interval_hours.max(1)) * 3600;
        let first = first_at_utc(
            start,
            i64::from(a.backup_hour.min(23)) * 3600 + i64::from(a.backup_minute.min(59)) * 60,
            every,
        );
        let mut targets = Vec::new();
        for r in a.additional_backup_regions.iter().take(1) {
            let idx = e.lookup(r)?;
            targets.push(Target {
                region: idx,
                chain: 0,
                lifecycle: lc,
                denied: false,
            });
        }
        e.series.push(Series {
            chain: 0,
            name: if tier == AivenPlanTier::Hobbyist {
                Rc::from("base backup (single kept)")
            } else {
                Rc::from("base backup")
            },
            schedule: Schedule::Interval { first, every },
            primary: lc,
            targets,
            completion_window: None,
            next_at: 0,
            last_backup_point: None,
        });
        Ok(())
    }

    fn compile_aws(
        &mut self,
        a: &AwsBackup,
        start: DateTime<Utc>,
        end: SimTime,
    ) -> Result<(), SimError> {
        let e = self;
        e.plan_name = a.plan.backup_plan_name.clone();
        // Continuous backup keeps point-in-time recovery for the
        // rule's retention, at most 35 days (AWS Backup Developer
        // Guide, "Continuous backups and point-in-time recovery").
        e.continuous_window = a
            .plan
            .rules
            .iter()
            .filter(|r| r.enable_continuous_backup == Some(true))
            .map(|r| {
                let days = r
                    .lifecycle
                    .and_then(|l| l.delete_after_days)
                    .unwrap_or(35)
                    .clamp(1, 35);
                days * DAY
            })
            .max();
        let cold_tier = e.scenario.workload.resource_type.has_cold_tier();
        // Chains per vault: the source vault of each rule, the destination
        // vault (by ARN) of each copy.
        let mut chains: Vec<String> = Vec::new();
        let chain_of = |chains: &mut Vec<String>, key: &str| -> u16 {
            match chains.iter().position(|k| k == key) {
                Some(i) => i as u16,
                None => {
                    chains.push(key.to_string());
                    (chains.len() - 1) as u16
                }
            }
        };
        for rule in &a.plan.rules {
            // A rule without a schedule runs at AWS's default.
            let schedule = Schedule::At(expanded(
                rule.effective_schedule(),
                start,
                end,
                rule.schedule_expression_timezone.as_deref(),
            )?);
            let rule_lc = rule.lifecycle.unwrap_or_default();
            // Types without a cold tier stay warm: AWS ignores the setting.
            let cold = |days: Option<i64>| {
                if cold_tier {
                    Lifecycle::days(days)
                } else {
                    None
                }
            };
            let primary_lc = Lifecycle {
                cold_after: cold(rule_lc.move_to_cold_storage_after_days),
                delete_after: Lifecycle::days(rule_lc.delete_after_days),
                keep_count: None,
            };
            let mut targets = Vec::new();
            for c in &rule.copy_actions {
                let arn = VaultArn::parse(&c.destination_backup_vault_arn).ok_or_else(|| {
                    SimError::Unsupported("a destination vault ARN does not parse".into())
                })?;
                let r = catalog::by_provider_id(Provider::Aws, &arn.region).ok_or_else(|| {
                    SimError::Unsupported(format!("unknown region '{}'", arn.region))
                })?;
                let idx = e.region_index(r);
                let lc = c.lifecycle.unwrap_or(rule_lc);
                // The vault policy governs copies from other accounts only.
                let denied = arn.account != a.account_id
                    && a.vaults.iter().any(|v| {
                        v.name == arn.name
                            && v.region == arn.region
                            && v.access_policy == VaultPolicy::Missing
                    });
                targets.push(Target {
                    region: idx,
                    chain: chain_of(&mut chains, &c.destination_backup_vault_arn),
                    lifecycle: Lifecycle {
                        cold_after: cold(lc.move_to_cold_storage_after_days),
                        delete_after: Lifecycle::days(lc.delete_after_days),
                        keep_count: None,
                    },
                    denied,
                });
            }
            e.series.push(Series {
                chain: chain_of(
                    &mut chains,
                    &format!("vault:{}", rule.target_backup_vault_name),
                ),
                name: Rc::from(rule.rule_name.as_str()),
                schedule,
                primary: primary_lc,
                targets,
                // AWS's default window (7 days) when none is set.
                completion_window: Some(
                    rule.effective_completion_window_minutes()
                        .max(1)
                        .saturating_mul(60),
                ),
                next_at: 0,
                last_backup_point: None,
            });
        }
        Ok(())
    }

    fn compile_zilliz(
        &mut self,
        z: &ZillizCluster,
        start: DateTime<Utc>,
        end: SimTime,
    ) -> Result<(), SimError> {
        let e = self;
        e.plan_name = "dedicated".into();
        let (schedule, primary_lc, manual) = match &z.backups {
            ZillizBackups::Manual { at } => {
                let mut times: Vec<SimTime> = at.iter().map(|t| to_sim(start, *t)).collect();
                times.sort_unstable();
                (Schedule::At(times.into()), Lifecycle::default(), true)
            }
            ZillizBackups::Scheduled {
                interval_hours,
                hour,
                retention_days,
                weekdays,
            } => {
                let schedule = if weekdays.is_empty() {
                    let every = i64::from((*interval_hours).max(1)) * 3600;
                    // The hour is UTC, like Aiven's backup_hour.
                    let first = first_at_utc(start, i64::from((*hour).min(23)) * 3600, every);
                    Schedule::Interval { first, every }
                } else {
                    // The policy's weekdays, at the start of its UTC window.
                    let days: Vec<u32> = weekdays.iter().map(|d| u32::from(*d)).collect();
                    let mut times = Vec::new();
                    let mut day = start.date_naive();
                    let mut midnight = day.and_time(chrono::NaiveTime::MIN).and_utc();
                    while to_sim(start, midnight) < end {
                        if days.contains(&day.weekday().number_from_monday()) {
                            let t = to_sim(start, midnight) + i64::from((*hour).min(23)) * 3600;
                            if (0..end).contains(&t) {
                                times.push(t);
                            }
                        }
                        let Some(next) = day.succ_opt() else { break };
                        day = next;
                        midnight = day.and_time(chrono::NaiveTime::MIN).and_utc();
                    }
                    Schedule::At(times.into())
                };
                (
                    schedule,
                    Lifecycle::from_retention(Retention::Days(*retention_days)),
                    false,
                )
            }
        };
        let mut targets = Vec::new();
        for t in &z.targets {
            let idx = e.lookup(&t.region)?;
            let lc = match (manual, t.retention_days) {
                (true, _) | (false, None) => Lifecycle::default(),
                (false, Some(d)) => Lifecycle::from_retention(Retention::Days(d)),
            };
            targets.push(Target {
                region: idx,
                chain: 0,
                lifecycle: lc,
                denied: false,
            });
        }
        e.series.push(Series {
            chain: 0,
            name: if manual {
                "manual backup".into()
            } else {
                "scheduled backup".into()
            },
            schedule,
            primary: primary_lc,
            targets,
            completion_window: None,
            next_at: 0,
            last_backup_point: None,
        });
        Ok(())
    }
}

/// The first firing at or after the start of the span of a schedule that
/// runs every `every` seconds through `utc_secs` past midnight UTC.
fn first_at_utc(start: DateTime<Utc>, utc_secs: i64, every: i64) -> SimTime {
    let midnight = start
        .date_naive()
        .and_time(chrono::NaiveTime::MIN)
        .and_utc();
    (utc_secs - to_sim(midnight, start)).rem_euclid(every.max(1))
}

/// What identifies an expanded schedule: the expression, its zone, the
/// span's start and end.
type Expansion = (String, Option<String>, DateTime<Utc>, SimTime);

thread_local! {
    /// The last schedules expanded on this thread: the trials of a risk run,
    /// the variants of the frontier and the app's edits compile the same
    /// schedule over the same span again and again.
    static EXPANDED: std::cell::RefCell<VecDeque<(Expansion, Rc<[SimTime]>)>> =
        const { std::cell::RefCell::new(VecDeque::new()) };
}

/// [`cron_times`] of a schedule expression, remembered for the next run.
fn expanded(
    expression: &str,
    start: DateTime<Utc>,
    end: SimTime,
    zone: Option<&str>,
) -> Result<Rc<[SimTime]>, SimError> {
    let key: Expansion = (expression.to_string(), zone.map(str::to_string), start, end);
    if let Some(t) = EXPANDED.with(|c| {
        c.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, t)| t.clone())
    }) {
        return Ok(t);
    }
    let cron = Cron::parse(expression).map_err(|err| SimError::Unsupported(err.0))?;
    let times: Rc<[SimTime]> = cron_times(&cron, start, end, zone)?.into();
    EXPANDED.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 8 {
            c.pop_front();
        }
        c.push_back((key, times.clone()));
    });
    Ok(times)
}

/// Every firing of a cron schedule in `[0, end)`, walking the days once.
/// The firings of a cron schedule within `[0, end)`, read on the wall clock
/// of `zone` (AWS's `ScheduleExpressionTimezone`; UTC when absent, or when
/// this build has no time-zone data: validation warns then).
fn cron_times(
    c: &Cron,
    start: DateTime<Utc>,
    end: SimTime,
    zone: Option<&str>,
) -> Result<Vec<SimTime>, SimError> {
    let zone = zone.filter(|z| !tz::is_utc(z));
    let zone = match zone.map(|z| (z, tz::check(z))) {
        None | Some((_, Err(tz::TzError::Unavailable))) => None,
        Some((z, Err(tz::TzError::Unknown))) => {
            return Err(SimError::Unsupported(format!(
                "'{z}' is not an IANA time zone"
            )))
        }
        Some((z, Ok(()))) => Some(z),
    };
    let start_s = start.timestamp();
    let mut out = Vec::new();
    // The offset at the start; a zone is at most 14 h from UTC, so the local
    // day before the start's UTC date is the first that can fire in range.
    let mut offset = match zone {
        Some(z) => i64::from(tz::offset_at(z, start_s).unwrap_or(0)),
        None => 0,
    };
    let mut day = start.date_naive();
    if zone.is_some() {
        day = day.pred_opt().unwrap_or(day);
    }
    let mut local0 = day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp();
    loop {
        // This local day's midnight, as simulated time.
        let base = local0.saturating_sub(offset).saturating_sub(start_s);
        if base >= end {
            break;
        }
        if c.matches_day(day) {
            let steady = match zone {
                None => true,
                Some(z) => {
                    let off = |t: i64| tz::offset_at(z, t).map(i64::from).unwrap_or(offset);
                    off(local0 - offset) == offset && off(local0 + DAY - offset) == offset
                }
            };
            for &m in c.times_of_day() {
                let local = local0.saturating_add(i64::from(m) * 60);
                let t = match (steady, zone) {
                    (false, Some(z)) => tz::local_to_utc(z, local)
                        .unwrap_or(local - offset)
                        .saturating_sub(start_s),
                    _ => local.saturating_sub(offset).saturating_sub(start_s),
                };
                if t >= 0 && t < end {
                    out.push(t);
                }
            }
        }
        match day.succ_opt() {
            Some(d) => day = d,
            None => break,
        }
        local0 = local0.saturating_add(DAY);
        if let Some(z) = zone {
            // The offset in force at the next local midnight.
            offset = i64::from(tz::offset_at(z, local0 - offset).unwrap_or(0));
        }
    }
    // A day's firings are in order; across a repeated hour they may not be.
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

pub(super) fn to_sim(start: DateTime<Utc>, t: DateTime<Utc>) -> SimTime {
    (t - start).num_seconds()
}
