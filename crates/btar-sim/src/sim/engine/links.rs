//! Copy links: the queue of copies from one region to another, one at a
//! time at the link's bandwidth, with failures, retries and aborts.

use super::*;

impl<'a> Engine<'a> {
    pub(super) fn link_for(&mut self, from: u16, to: u16) -> u16 {
        if let Some(i) = self.links.iter().position(|l| l.from == from && l.to == to) {
            return i as u16;
        }
        let link = &self.scenario.link;
        let rtt = link.rtt_ms.unwrap_or_else(|| {
            self.regions[from as usize].default_rtt_ms(self.regions[to as usize])
        });
        // A route's fitted figures, where the scenario has them, replace
        // the link-wide ones.
        let fitted = self.scenario.calibration.route(
            self.regions[from as usize].cloud,
            self.regions[to as usize].cloud,
        );
        let (setup_s, mbps, failure_rate) = match fitted {
            Some(r) => (
                r.setup_s,
                r.bandwidth_mbps,
                r.copy_failure_rate.unwrap_or(link.copy_failure_rate),
            ),
            None => (
                rtt / 1000.0 * COPY_SETUP_ROUND_TRIPS,
                link.bandwidth_mbps,
                link.copy_failure_rate,
            ),
        };
        self.links.push(Link {
            from,
            to,
            queue: VecDeque::new(),
            busy: None,
            setup_s,
            mbps,
            failure_rate,
            idle_at: self.now,
        });
        (self.links.len() - 1) as u16
    }

    pub(super) fn queue_copy(
        &mut self,
        backup: u32,
        source_point: u32,
        series: u16,
        target: u16,
        t: Target,
    ) {
        let link = self.link_for(self.backup_loc, t.region);
        let id = self.copies.len() as u32;
        let sp = &self.points[source_point as usize];
        self.copies.push(CopyJob {
            id,
            backup_id: backup,
            series: self.series[series as usize].name.clone(),
            from_region: self.regions[self.backup_loc as usize].cloud,
            to_region: self.regions[t.region as usize].cloud,
            created: self.now,
            started: None,
            finished: None,
            state: JobState::Created,
            attempts: 0,
            size_gb: sp.size_gb,
            point: sp.point,
            message: "",
        });
        self.copy_runs.push(CopyRun {
            link,
            series,
            target,
            source_point,
            token: 0,
            will_fail: false,
            denied: t.denied,
        });
        self.links[link as usize].queue.push_back(id);
        self.try_start(link);
    }

    pub(super) fn try_start(&mut self, link: u16) {
        loop {
            let l = &self.links[link as usize];
            if l.busy.is_none() && l.queue.is_empty() {
                self.links[link as usize].idle_at = self.now;
                return;
            }
            if l.busy.is_some() || !self.is_up(l.from) || !self.is_up(l.to) {
                return;
            }
            let Some(job) = self.links[link as usize].queue.pop_front() else {
                return;
            };
            let run = &self.copy_runs[job as usize];
            let source_gone = self.points[run.source_point as usize].deleted_at.is_some();
            let denied = run.denied;
            let c = &mut self.copies[job as usize];
            if c.state != JobState::Created {
                continue;
            }
            if source_gone {
                c.state = JobState::Failed;
                c.finished = Some(self.now);
                c.message = text::SOURCE_EXPIRED;
                continue;
            }
            c.attempts += 1;
            c.started.get_or_insert(self.now);
            if denied {
                c.state = JobState::Failed;
                c.finished = Some(self.now);
                c.message = text::ACCESS_DENIED;
                continue;
            }
            c.state = JobState::Running;
            // Incremental when the chain's previous copy is still in the
            // destination vault (and warm), else a full copy.
            let (series, source) = (run.series, run.source_point);
            let to = self.links[link as usize].to;
            let point = self.points[source as usize].point;
            let full = self.points[source as usize].size_gb;
            let size = self.increment_gb(series, to, point, full);
            let c = &mut self.copies[job as usize];
            c.size_gb = size;
            let l = &self.links[link as usize];
            let dur = copy_duration_s(l.setup_s, size, l.mbps);
            // Each attempt draws from its own generator, seeded from the run's
            // seed, the copy's point, its destination and the attempt: a run
            // started later (a risk trial's window) draws the same for it.
            let rate = self.links[link as usize].failure_rate;
            let attempts = self.copies[job as usize].attempts;
            let mut draw = Pcg64Mcg::seed_from_u64(
                self.seed
                    ^ mix(point as u64)
                    ^ mix((u64::from(to) << 32) | u64::from(attempts)).rotate_left(17),
            );
            let will_fail = rate > 0.0 && uniform(&mut draw) < rate;
            let at = if will_fail {
                self.now
                    .saturating_add(ceil_secs(dur as f64 * uniform(&mut draw)).clamp(1, dur))
            } else {
                self.now.saturating_add(dur)
            };
            let run = &mut self.copy_runs[job as usize];
            run.will_fail = will_fail;
            let token = run.token;
            self.links[link as usize].busy = Some(job);
            self.queue.push(at, Ev::CopyEnd { job, token });
            return;
        }
    }

    pub(super) fn copy_end(&mut self, job: u32, token: u32) {
        let run = &self.copy_runs[job as usize];
        if run.token != token || self.copies[job as usize].state != JobState::Running {
            return;
        }
        let (link, will_fail) = (run.link, run.will_fail);
        let lc = self.series[run.series as usize].targets[run.target as usize].lifecycle;
        self.links[link as usize].busy = None;
        if will_fail {
            let max = self.scenario.link.max_attempts.max(1);
            let c = &mut self.copies[job as usize];
            if c.attempts < max {
                c.state = JobState::Created;
                c.message = text::RETRYING;
                let delay = i64::from(self.scenario.link.retry_delay_minutes) * 60;
                self.queue
                    .push(self.now + delay.max(1), Ev::CopyRetry { job });
            } else {
                c.state = JobState::Failed;
                c.finished = Some(self.now);
                c.message = text::LAST_ATTEMPT;
            }
        } else {
            let to = self.links[link as usize].to;
            let (point, moved) = {
                let c = &mut self.copies[job as usize];
                c.state = JobState::Completed;
                c.finished = Some(self.now);
                c.message = "";
                (c.point, c.size_gb)
            };
            let run = &self.copy_runs[job as usize];
            let (series, full) = (run.series, self.points[run.source_point as usize].size_gb);
            let backup = self.copies[job as usize].backup_id;
            self.add_point(
                backup,
                to,
                PointKind::Copy,
                point,
                full,
                moved.min(full),
                series,
                lc,
            );
        }
        self.try_start(link);
    }

    pub(super) fn copy_retry(&mut self, job: u32) {
        if self.copies[job as usize].state != JobState::Created {
            return;
        }
        let link = self.copy_runs[job as usize].link;
        self.links[link as usize].queue.push_back(job);
        self.try_start(link);
    }

    pub(super) fn abort_copies_to(&mut self, region: Option<u16>, why: &'static str) {
        for li in 0..self.links.len() {
            if region.is_some_and(|r| self.links[li].to != r) {
                continue;
            }
            let mut jobs: Vec<u32> = self.links[li].queue.drain(..).collect();
            if let Some(b) = self.links[li].busy.take() {
                jobs.push(b);
            }
            for j in jobs {
                self.copy_runs[j as usize].token += 1;
                let c = &mut self.copies[j as usize];
                if matches!(c.state, JobState::Created | JobState::Running) {
                    c.state = JobState::Aborted;
                    c.finished = Some(self.now);
                    c.message = why;
                }
            }
        }
        // Retries waiting on a timer are aborted too.
        for (j, c) in self.copies.iter_mut().enumerate() {
            if c.state == JobState::Created
                && region.is_none_or(|r| self.links[self.copy_runs[j].link as usize].to == r)
            {
                c.state = JobState::Aborted;
                c.finished = Some(self.now);
                c.message = why;
            }
        }
    }
}
