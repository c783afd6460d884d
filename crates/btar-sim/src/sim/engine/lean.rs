//! The lean mode the risk trials use: a run that starts as late as the
//! loss it measures allows, on reused buffers, and answers one question
//! (the data lost and the wait for a restore at one moment).

use super::*;

impl<'a> Engine<'a> {
    /// The lean run mode: runs to the moment `at` only, records nothing
    /// the answer does not need (no lag series, no bill's uploads) and
    /// answers what a loss of the service's region at `at` loses: the least
    /// lag among the secondary regions that are targets, up and hold a
    /// point then (`None` when none does). The same as [`Engine::run`]
    /// followed by [`SimResult::lag`]`.at(at)` over the regions up at `at`
    /// (tested), at a fraction of the work. `scratch` lends the buffers and
    /// gets them back, emptied, for the next run.
    ///
    /// A lean run starts late when it can: at [`Engine::window_start`],
    /// long enough before `at` for every point a loss at `at` could use to
    /// be made in the run and for the copies to settle into the pattern
    /// they have in a run from the start. Copy attempts draw their failures
    /// from their own seed (the point, the destination, the attempt), so
    /// a late start draws what a run from the start draws. When the window
    /// cannot show that it settled (a link never idle after the first full
    /// copies, a secondary with no point of its own, fewer points than a
    /// count to keep), the run is done again from the start.
    pub fn loss_at(self, at: SimTime, scratch: &mut Scratch) -> Option<Loss> {
        let scenario = self.scenario;
        let (from, settle) = self.window_start(at);
        let (loss, settled) = self.lean_run(from, settle, at, scratch);
        #[cfg(test)]
        WINDOWS.with(|w| {
            let (n, again) = w.get();
            w.set((
                n + u32::from(from > 0),
                again + u32::from(from > 0 && !settled),
            ));
        });
        if settled || from == 0 {
            return loss;
        }
        Engine::new(scenario).ok()?.lean_run(0, 0, at, scratch).0
    }

    /// One lean run from `from` to the moment `at`, on the scratch buffers:
    /// the loss at `at`, and whether the run settled `settle` after its start.
    pub(super) fn lean_run(
        mut self,
        from: SimTime,
        settle: SimTime,
        at: SimTime,
        scratch: &mut Scratch,
    ) -> (Option<Loss>, bool) {
        self.lean = true;
        self.from = from;
        self.adopt(scratch);
        self = self.stop_at(at.saturating_add(1));
        self.drive();
        let answer = self.lag_at(at, from.saturating_add(settle));
        self.give_back(scratch);
        answer
    }

    /// Where a lean run for a loss at `at` may start, and how long after
    /// that start its copies take to settle: before `at` by the longest
    /// time a copy is kept (or a count of them at the longest gap between
    /// backups), plus two such gaps, one full backup and one full copy to
    /// each target, plus a day; earlier still to take in whole any outage
    /// that ends less than that settling time before it. 0 (the span's
    /// start) when a timeline event other than an outage comes before it.
    pub(super) fn window_start(&self, at: SimTime) -> (SimTime, SimTime) {
        let gap = self
            .series
            .iter()
            .map(|s| match &s.schedule {
                Schedule::Interval { every, .. } => *every,
                Schedule::At(t) => t.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(self.end),
            })
            .max()
            .unwrap_or(self.end)
            .max(1);
        let keep = self
            .series
            .iter()
            .flat_map(|s| s.targets.iter().map(|t| t.lifecycle))
            .map(|l| match (l.delete_after, l.keep_count) {
                (Some(d), _) => d,
                (None, Some(n)) => i64::from(n).saturating_mul(gap),
                (None, None) => 0,
            })
            .max()
            .unwrap_or(0);
        let gb = self.data_gb_at(at);
        let link = &self.scenario.link;
        // The slowest copy throughput of any route.
        let slowest = self
            .scenario
            .calibration
            .routes
            .iter()
            .map(|r| r.bandwidth_mbps)
            .fold(link.bandwidth_mbps, f64::min);
        let targets = self.series.iter().map(|s| s.targets.len()).sum::<usize>() as i64;
        let settle = gap
            .saturating_mul(2)
            .saturating_add(Self::secs(gb, link.backup_throughput_mbps))
            .saturating_add(Self::secs(gb, slowest).saturating_mul(targets.max(1)))
            .saturating_add(DAY);
        let start = self.scenario.simulation.start;
        let mut from = at.saturating_sub(keep).saturating_sub(settle);
        let mut outages: Vec<(SimTime, SimTime)> = Vec::new();
        for ev in &self.scenario.events {
            let t = to_sim(start, ev.at());
            match ev {
                TimelineEvent::Outage { hours, .. } => {
                    let dur = (hours * 3600.0).round().clamp(1.0, 1e9) as i64;
                    outages.push((t, t.saturating_add(dur)));
                }
                // A fork only reports on a restore; it changes nothing
                // the service or its copies do after it.
                TimelineEvent::Fork { .. } => {}
                _ if t < at => {
                    // A change of region, a migration, BTAR off or on: its
                    // effects last, so the run starts at the span's start.
                    return (0, settle);
                }
                _ => {}
            }
        }
        // Outages ending too close to the start (or across it): before them.
        loop {
            let earlier = outages
                .iter()
                .filter(|(a, b)| *a < from && b.saturating_add(settle) > from)
                .map(|(a, _)| a.saturating_sub(settle))
                .min();
            match earlier {
                Some(t) if t < from => from = t,
                _ => break,
            }
        }
        (from.max(0), settle)
    }

    /// Takes the scratch buffers (emptied) in place of fresh ones.
    pub(super) fn adopt(&mut self, s: &mut Scratch) {
        fn take<T>(into: &mut Vec<T>, from: &mut Vec<T>) {
            if into.is_empty() {
                std::mem::swap(into, from);
                into.clear();
            }
        }
        take(&mut self.backups, &mut s.backups);
        take(&mut self.backup_runs, &mut s.backup_runs);
        take(&mut self.running_backups, &mut s.running_backups);
        take(&mut self.copies, &mut s.copies);
        take(&mut self.copy_runs, &mut s.copy_runs);
        take(&mut self.points, &mut s.points);
        take(&mut self.point_loc, &mut s.point_loc);
        take(&mut self.chain_next, &mut s.chain_next);
        for l in &mut self.locations {
            if let Some(v) = s.location_points.pop() {
                take(&mut l.points, &mut { v });
            }
            if let Some(v) = s.location_changes.pop() {
                take(&mut l.changes, &mut { v });
            }
        }
    }

    /// Returns the buffers to the scratch, emptied.
    pub(super) fn give_back(mut self, s: &mut Scratch) {
        fn back<T>(from: &mut Vec<T>, into: &mut Vec<T>) {
            from.clear();
            if from.capacity() > into.capacity() {
                std::mem::swap(from, into);
            }
        }
        back(&mut self.backups, &mut s.backups);
        back(&mut self.backup_runs, &mut s.backup_runs);
        back(&mut self.running_backups, &mut s.running_backups);
        back(&mut self.copies, &mut s.copies);
        back(&mut self.copy_runs, &mut s.copy_runs);
        back(&mut self.points, &mut s.points);
        back(&mut self.point_loc, &mut s.point_loc);
        back(&mut self.chain_next, &mut s.chain_next);
        for l in &mut self.locations {
            let mut p = std::mem::take(&mut l.points);
            p.clear();
            s.location_points.push(p);
            let mut c = std::mem::take(&mut l.changes);
            c.clear();
            s.location_changes.push(c);
        }
    }

    /// What a loss of the service's region at `at` loses (see
    /// [`Engine::loss_at`]): computed as `finish` and the lag series would.
    /// Whether the run settled: every link idle at some moment from
    /// `settled_by` on, and every region counted holds points of its own
    /// (as many as a count to keep).
    pub(super) fn lag_at(&self, at: SimTime, settled_by: SimTime) -> (Option<Loss>, bool) {
        let mut settled = self.links.iter().all(|l| l.idle_at >= settled_by);
        let loss = (0..self.regions.len())
            .filter_map(|i| {
                // The active span holding `at`: a closed one, or the open one
                // (it runs to the end, past `at`).
                let a0 = self.active[i]
                    .iter()
                    .find(|(a, b)| *a <= at && at < *b && b > a)
                    .map(|(a, _)| *a)
                    .or(self.active_since[i].filter(|s| *s <= at && self.end > *s))?;
                let need = self
                    .series
                    .iter()
                    .flat_map(|s| s.targets.iter())
                    .filter(|t| usize::from(t.region) == i)
                    .filter_map(|t| t.lifecycle.keep_count)
                    .max()
                    .unwrap_or(1)
                    .max(1) as usize;
                if self.locations[i].points.len() < need {
                    settled = false;
                }
                // A secondary that holds nothing restores nothing.
                self.locations[i].points.first()?;
                Some(Loss {
                    data_loss_s: lag::at(&self.data_pieces, &self.locations[i].changes, a0, at),
                    wait_s: self.back_at(self.regions[i], at).saturating_sub(at),
                })
            })
            // The secondary that is up soonest, then the one with the newest data.
            .min_by_key(|l| (l.wait_s, l.data_loss_s));
        (loss, settled)
    }

    /// When `region` is up again if it is down at `at` (outages that
    /// overlap or follow on are one), else `at`; an outage is taken whole,
    /// also past the span's end.
    pub(super) fn back_at(&self, region: &Region, at: SimTime) -> SimTime {
        let start = self.scenario.simulation.start;
        let mut back = at;
        loop {
            let later = self
                .scenario
                .events
                .iter()
                .filter_map(|ev| match ev {
                    TimelineEvent::Outage {
                        region: r, hours, ..
                    } if catalog::region(r).is_some_and(|r| r.cloud == region.cloud) => {
                        let t = to_sim(start, ev.at());
                        let dur = (hours * 3600.0).round().clamp(1.0, 1e9) as i64;
                        Some((t, t.saturating_add(dur)))
                    }
                    _ => None,
                })
                .filter(|(a, b)| *a <= back && back < *b)
                .map(|(_, b)| b)
                .max();
            match later {
                Some(b) if b > back => back = b,
                _ => return back,
            }
        }
    }
}
