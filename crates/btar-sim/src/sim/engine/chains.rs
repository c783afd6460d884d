//! Storage and chains: recovery points in each location, the incremental
//! chain of each resource and vault (across rules), what a point holds,
//! and the lifecycle moves and expiries that end a chain.

use super::*;

impl<'a> Engine<'a> {
    /// Slot of the chain of `series` in `loc`, if there is room for it.
    pub(super) fn chain_slot(&self, series: u16, loc: u16) -> Option<usize> {
        let s = self.series.get(usize::from(series))?;
        let chain = s
            .targets
            .iter()
            .find(|t| t.region == loc)
            .map_or(s.chain, |t| t.chain);
        (usize::from(loc) < CHAIN_LOCATIONS)
            .then(|| usize::from(chain) * CHAIN_LOCATIONS + usize::from(loc))
    }

    /// The point an incremental point of `series` in `loc` would build on:
    /// the chain's last point, while it is alive and warm.
    pub(super) fn chain_base(&self, series: u16, loc: u16) -> Option<u32> {
        let p = self
            .chain_last
            .get(self.chain_slot(series, loc)?)
            .copied()??;
        let rp = &self.points[p as usize];
        (rp.deleted_at.is_none() && rp.cold_at.is_none()).then_some(p)
    }

    /// GB that changed between a point (`from`, holding `from_gb`) and a
    /// later moment holding `full`: the writes in between plus the growth,
    /// at most the full size. (The sizes are known, so no growth curve is
    /// evaluated here: this runs for every backup and copy.)
    pub(super) fn changed_gb(&self, from: SimTime, from_gb: f64, to: SimTime, full: f64) -> f64 {
        let days = (to - from).max(0) as f64 / DAY as f64;
        let growth = (full - from_gb).max(0.0);
        (days * self.scenario.workload.write_gb_per_day + growth).clamp(0.0, full)
    }

    /// What a new point of `series` at `point` (full size `full`) stores in
    /// `loc`: the change since the chain's base, or everything.
    pub(super) fn increment_gb(&self, series: u16, loc: u16, point: SimTime, full: f64) -> f64 {
        if !self.incremental {
            return full;
        }
        match self.chain_base(series, loc) {
            Some(b) => {
                let base = &self.points[b as usize];
                self.changed_gb(base.point, base.size_gb, point, full)
            }
            None => full,
        }
    }

    /// A point left warm storage (deleted or moved to cold): the next point
    /// of its chain keeps the data they shared, so it now holds the full size.
    pub(super) fn leave_chain(&mut self, point: u32) {
        let Some(Some(next)) = self.chain_next.get(point as usize).copied() else {
            return;
        };
        let n = &mut self.points[next as usize];
        if n.deleted_at.is_none() && n.full_from.is_none() && n.stored_gb < n.size_gb {
            n.full_from = Some(self.now);
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn add_point(
        &mut self,
        backup: u32,
        loc: u16,
        kind: PointKind,
        point: SimTime,
        size: f64,
        stored: f64,
        series: u16,
        lc: Lifecycle,
    ) -> u32 {
        let id = self.points.len() as u32;
        self.points.push(RecoveryPoint {
            id,
            backup_id: backup,
            region: self.regions[loc as usize].cloud,
            kind,
            point,
            created: self.now,
            cold_at: None,
            deleted_at: None,
            size_gb: size,
            stored_gb: stored,
            full_from: None,
            retention_days: lc.retention_days(),
        });
        self.point_loc.push(loc);
        self.chain_next.push(None);
        if let Some(slot) = self.chain_slot(series, loc) {
            if stored < size {
                if let Some(base) = self.chain_base(series, loc) {
                    self.chain_next[base as usize] = Some(id);
                }
            }
            self.chain_last[slot] = Some(id);
        }
        let l = &mut self.locations[loc as usize];
        l.points.push(id);
        if lc.keep_count.is_some() {
            l.live_order.push_back(id);
        }
        if l.newest.is_none_or(|n| point > n) {
            l.newest = Some(point);
            l.changes.push((self.now, Some(point)));
        }
        if let Some(c) = lc.cold_after {
            self.queue
                .push_after(self.now, c, Ev::PointCold { point: id });
        }
        if let Some(d) = lc.delete_after {
            self.queue
                .push_after(self.now, d, Ev::PointExpire { point: id });
        }
        if let Some(k) = lc.keep_count {
            loop {
                let live: usize = {
                    let l = &self.locations[loc as usize];
                    l.live_order
                        .iter()
                        .filter(|p| self.points[**p as usize].deleted_at.is_none())
                        .count()
                };
                if live <= k as usize {
                    break;
                }
                let oldest = {
                    let l = &mut self.locations[loc as usize];
                    let mut found = None;
                    while let Some(p) = l.live_order.pop_front() {
                        if self.points[p as usize].deleted_at.is_none() {
                            found = Some(p);
                            break;
                        }
                    }
                    found
                };
                match oldest {
                    Some(p) => self.expire(p),
                    None => break,
                }
            }
        }
        id
    }

    pub(super) fn expire(&mut self, point: u32) {
        if self.points[point as usize].deleted_at.is_some() {
            return;
        }
        let was_warm = self.points[point as usize].cold_at.is_none();
        self.points[point as usize].deleted_at = Some(self.now);
        if was_warm {
            self.leave_chain(point);
        }
        let loc = self.point_loc[point as usize];
        let was_newest =
            self.locations[loc as usize].newest == Some(self.points[point as usize].point);
        if was_newest {
            let newest = self.locations[loc as usize]
                .points
                .iter()
                .filter(|p| self.points[**p as usize].deleted_at.is_none())
                .map(|p| self.points[*p as usize].point)
                .max();
            let l = &mut self.locations[loc as usize];
            if newest != l.newest {
                l.newest = newest;
                l.changes.push((self.now, newest));
            }
            if loc == self.backup_loc {
                self.set_data_time();
            }
        }
    }
}
