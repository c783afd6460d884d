//! Timeline events: outages of regions and the user's events (policy
//! changes, forks), and the forks that restore a service in a region.

use super::*;

impl<'a> Engine<'a> {
    pub(super) fn outage_start(&mut self, region: u16) {
        self.down[region as usize] += 1;
        if region == self.service_region || region == self.backup_loc {
            let running = std::mem::take(&mut self.running_backups);
            for j in running {
                let b = &mut self.backups[j as usize];
                b.state = JobState::Failed;
                b.end = Some(self.now);
                b.message = text::BACKUP_INTERRUPTED;
                self.backup_runs[j as usize].token += 1;
            }
            self.set_data_time();
        }
        for li in 0..self.links.len() {
            let l = &self.links[li];
            if l.from != region && l.to != region {
                continue;
            }
            if let Some(job) = l.busy {
                // Assumption: an outage fails the running copy; it waits at the
                // head of the queue and is tried again after recovery, without
                // counting as a failed attempt.
                self.links[li].busy = None;
                self.copy_runs[job as usize].token += 1;
                let c = &mut self.copies[job as usize];
                c.state = JobState::Created;
                c.attempts = c.attempts.saturating_sub(1);
                c.message = text::COPY_INTERRUPTED;
                self.links[li].queue.push_front(job);
            }
        }
    }

    pub(super) fn outage_end(&mut self, region: u16) {
        let d = &mut self.down[region as usize];
        *d = d.saturating_sub(1);
        if *d > 0 {
            return;
        }
        if region == self.service_region || region == self.backup_loc {
            self.set_data_time();
        }
        for li in 0..self.links.len() as u16 {
            self.try_start(li);
        }
    }

    pub(super) fn current_targets(&self) -> Vec<u16> {
        let mut out = Vec::new();
        for s in &self.series {
            for t in &s.targets {
                if !out.contains(&t.region) {
                    out.push(t.region);
                }
            }
        }
        out
    }

    pub(super) fn user_event(&mut self, index: usize) {
        let scenario = self.scenario;
        let Some(ev) = scenario.events.get(index) else {
            return;
        };
        match ev {
            TimelineEvent::Outage { .. } => {}
            TimelineEvent::Fork {
                from_region,
                point_in_time,
                name,
                ..
            } => {
                let start = scenario.simulation.start;
                let requested = point_in_time.map(|t| to_sim(start, t));
                let name = name
                    .clone()
                    .unwrap_or_else(|| format!("fork-{}", self.forks.len() + 1));
                self.fork(from_region.as_deref(), requested, name);
            }
            TimelineEvent::ChangeBackupRegion { from, to, .. } => {
                let Some(to) = catalog::region(to) else {
                    return;
                };
                let to = self.region_index(to);
                let from = from.as_deref().and_then(catalog::region).map(|r| r.cloud);
                let aiven = matches!(scenario.platform, Platform::Aiven(_));
                let mut replaced = Vec::new();
                for s in &mut self.series {
                    let single = s.targets.len() == 1;
                    for t in &mut s.targets {
                        let hit = match from {
                            Some(f) => self.regions[t.region as usize].cloud == f,
                            None => aiven || single,
                        };
                        if hit && t.region != to {
                            replaced.push(t.region);
                            t.region = to;
                        }
                    }
                    if s.targets.is_empty() && aiven {
                        let lc = s.primary;
                        s.targets.push(Target {
                            region: to,
                            chain: s.chain,
                            lifecycle: lc,
                            denied: false,
                        });
                    }
                }
                replaced.sort_unstable();
                replaced.dedup();
                for r in replaced {
                    self.abort_copies_to(Some(r), text::REGION_CHANGED);
                    self.end_active(r);
                }
                if self.btar_enabled {
                    self.start_active(to);
                }
            }
            TimelineEvent::Migrate { to, .. } => {
                if let Some(r) = catalog::region(to) {
                    self.service_region = self.region_index(r);
                    self.set_data_time();
                }
            }
            TimelineEvent::DisableBtar { .. } => {
                if self.btar_enabled {
                    self.btar_enabled = false;
                    self.abort_copies_to(None, text::BTAR_DISABLED);
                    for r in self.current_targets() {
                        self.end_active(r);
                    }
                }
            }
            TimelineEvent::EnableBtar { region, .. } => {
                if let Some(r) = region.as_deref().and_then(catalog::region) {
                    let idx = self.region_index(r);
                    for s in &mut self.series {
                        let lc = s.primary;
                        if s.targets.is_empty() {
                            s.targets.push(Target {
                                region: idx,
                                chain: s.chain,
                                lifecycle: lc,
                                denied: false,
                            });
                        } else if s.targets.len() == 1 {
                            s.targets[0].region = idx;
                        }
                    }
                }
                self.btar_enabled = true;
                for r in self.current_targets() {
                    self.start_active(r);
                }
            }
        }
    }

    pub(super) fn fork(&mut self, from: Option<&str>, requested: Option<SimTime>, name: String) {
        let from_idx = match from.and_then(catalog::region) {
            Some(r) => Some(self.region_index(r)),
            None => self.current_targets().first().copied(),
        };
        let from_name = from_idx
            .map(|i| self.regions[i as usize].cloud)
            .unwrap_or("");
        let result = (|| {
            let loc = from_idx.ok_or(ForkError::NoSecondary)?;
            if !self.is_up(loc) {
                return Err(ForkError::RegionDown {
                    region: from_name.to_string(),
                });
            }
            if let Some(window) = self.continuous_window.filter(|_| loc == self.backup_loc) {
                return self.fork_continuous(from_name, requested, window);
            }
            let live: Vec<&RecoveryPoint> = self.locations[loc as usize]
                .points
                .iter()
                .map(|p| &self.points[*p as usize])
                .filter(|p| p.deleted_at.is_none())
                .collect();
            let newest = live
                .iter()
                .map(|p| p.point)
                .max()
                .ok_or(ForkError::NoBackupYet {
                    region: from_name.to_string(),
                })?;
            let oldest = live.iter().map(|p| p.point).min().unwrap_or(newest);
            let target = match requested {
                Some(t) if t > newest => {
                    return Err(ForkError::AfterNewest {
                        requested: t,
                        newest,
                    })
                }
                Some(t) if t < oldest => {
                    return Err(ForkError::BeforeOldest {
                        requested: t,
                        oldest,
                    })
                }
                Some(t) => t,
                None => newest,
            };
            // With WAL the secondary restores to any moment up to its newest
            // backup; without, to the newest backup at or before the target.
            let base = live
                .iter()
                .map(|p| p.point)
                .filter(|p| *p <= target)
                .max()
                .unwrap_or(oldest);
            let recovery_point = if self.pitr { target } else { base };
            let restored_gb = live
                .iter()
                .filter(|p| p.point == base)
                .map(|p| p.size_gb)
                .fold(0.0, f64::max);
            let wal_gb = if self.pitr {
                (recovery_point - base) as f64 / DAY as f64
                    * self.scenario.workload.write_gb_per_day
            } else {
                0.0
            };
            let mbps = self.scenario.link.restore_throughput_mbps;
            let restore_s = restore_time_s(restored_gb + wal_gb, mbps);
            // Data lost counts to the failure if the service's region is down,
            // otherwise to the moment of the fork.
            let failure = self
                .outages
                .iter()
                .filter(|(r, a, b)| *r == self.service_region && *a <= self.now && self.now < *b)
                .map(|(_, a, _)| *a)
                .min()
                .unwrap_or(self.now);
            Ok(ForkSuccess {
                recovery_point,
                base_point: base,
                data_loss_s: (failure - recovery_point).max(0),
                restore_s,
                ready_at: self.now.saturating_add(restore_s),
                service_region: from_name,
                plan: self.plan_name.clone(),
                restored_gb: restored_gb + wal_gb,
            })
        })();
        self.forks.push(ForkOutcome {
            at: self.now,
            name,
            from_region: from_name,
            requested_point: requested,
            result,
        });
    }

    /// A fork from the source vault of an AWS continuous backup: any moment
    /// from `window` ago (or the first backup) up to the latest restorable
    /// time, [`CONTINUOUS_LATEST_S`] behind the clock.
    pub(super) fn fork_continuous(
        &self,
        from_name: &'static str,
        requested: Option<SimTime>,
        window: SimTime,
    ) -> Result<ForkSuccess, ForkError> {
        let first = self
            .backups
            .iter()
            .filter(|b| b.end.is_some_and(|e| e <= self.now))
            .map(|b| b.scheduled)
            .min()
            .ok_or(ForkError::NoBackupYet {
                region: from_name.to_string(),
            })?;
        let newest = self.now.saturating_sub(CONTINUOUS_LATEST_S).max(first);
        let oldest = self.now.saturating_sub(window).max(first).min(newest);
        let target = match requested {
            Some(t) if t > newest => {
                return Err(ForkError::AfterNewest {
                    requested: t,
                    newest,
                })
            }
            Some(t) if t < oldest => {
                return Err(ForkError::BeforeOldest {
                    requested: t,
                    oldest,
                })
            }
            Some(t) => t,
            None => newest,
        };
        let restored_gb = self.data_gb_at(target);
        let restore_s = restore_time_s(restored_gb, self.scenario.link.restore_throughput_mbps);
        Ok(ForkSuccess {
            recovery_point: target,
            base_point: target,
            data_loss_s: (self.now - target).max(0),
            restore_s,
            ready_at: self.now.saturating_add(restore_s),
            service_region: from_name,
            plan: self.plan_name.clone(),
            restored_gb,
        })
    }
}
