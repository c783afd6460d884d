//! Warnings about a run whose numbers would otherwise mislead: nothing
//! completed, a link that cannot keep up, a job that outlasts its interval.
//! Derived from the result alone, so every view (app, `btar simulate`)
//! says the same.

use serde::Serialize;

use super::model::{JobState, SimResult};
use super::queue::SimTime;
use super::report::duration_text;

/// What a warning is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// No primary backup completed in the span: there is nothing to copy
    /// and nothing to restore.
    NoBackupCompleted { scheduled: usize },
    /// A secondary location received no completed copy in the span.
    NoCopyCompleted { region: String },
    /// Copies to `to` arrive more slowly than backups are made: at the end
    /// of the span `queued` copies still wait or run, and the backlog grows.
    LinkCannotKeepUp {
        from: String,
        to: String,
        queued: usize,
        copy_s: SimTime,
        interval_s: SimTime,
    },
    /// One backup took longer than the time between two scheduled backups.
    BackupOutlastsInterval {
        longest_s: SimTime,
        interval_s: SimTime,
    },
    /// One copy took longer than the time between two scheduled backups.
    CopyOutlastsInterval {
        to: String,
        longest_s: SimTime,
        interval_s: SimTime,
    },
}

impl Warning {
    /// The warning in words, with its figures.
    pub fn message(&self) -> String {
        match self {
            Warning::NoBackupCompleted { scheduled } => format!(
                "No backup completed in the simulated span ({scheduled} scheduled): nothing was copied and nothing could be restored. Check the data size against the backup speed and the completion window."
            ),
            Warning::NoCopyCompleted { region } => format!(
                "No copy reached {region} in the simulated span: a fork from there finds nothing to restore, and its lag only grows."
            ),
            Warning::LinkCannotKeepUp { from, to, queued, copy_s, interval_s } => format!(
                "The link {from} → {to} cannot keep up: a copy takes {} but backups come every {}, so {queued} copies were still waiting or running at the end and the backlog grows.",
                duration_text(*copy_s),
                duration_text(*interval_s)
            ),
            Warning::BackupOutlastsInterval { longest_s, interval_s } => format!(
                "A backup took {}, longer than the {} between scheduled backups: backups overlap or are skipped.",
                duration_text(*longest_s),
                duration_text(*interval_s)
            ),
            Warning::CopyOutlastsInterval { to, longest_s, interval_s } => format!(
                "A copy to {to} took {}, longer than the {} between scheduled backups.",
                duration_text(*longest_s),
                duration_text(*interval_s)
            ),
        }
    }
}

/// The warnings of a run.
pub fn warnings(r: &SimResult) -> Vec<Warning> {
    let mut out = Vec::new();
    let completed = r
        .backups
        .iter()
        .filter(|b| b.state == JobState::Completed)
        .count();
    if !r.backups.is_empty() && completed == 0 {
        out.push(Warning::NoBackupCompleted {
            scheduled: r.backups.len(),
        });
    }
    let interval = shortest_interval(r);
    if let Some(interval_s) = interval {
        let longest = r
            .backups
            .iter()
            .filter_map(|b| b.end.map(|e| e.saturating_sub(b.start)))
            .max();
        // A backup still running at the end has run at least this long.
        let running = r
            .backups
            .iter()
            .filter(|b| b.end.is_none())
            .map(|b| r.span_s.saturating_sub(b.start))
            .max();
        if let Some(longest_s) = longest.max(running).filter(|l| *l > interval_s) {
            out.push(Warning::BackupOutlastsInterval {
                longest_s,
                interval_s,
            });
        }
    }
    for lag in &r.lag {
        let to = lag.region.as_str();
        let jobs: Vec<_> = r.copy_jobs.iter().filter(|c| c.to_region == to).collect();
        if completed > 0 && !jobs.iter().any(|c| c.state == JobState::Completed) {
            out.push(Warning::NoCopyCompleted {
                region: to.to_string(),
            });
        }
        let Some(interval_s) = interval else {
            continue;
        };
        let longest_copy = jobs
            .iter()
            .filter_map(|c| Some(c.finished?.saturating_sub(c.started?)))
            .max();
        let queued = jobs
            .iter()
            .filter(|c| matches!(c.state, JobState::Created | JobState::Running))
            .count();
        // Each copy's own time on the link: the longest one finished, or
        // the one still running at the end.
        let running = jobs
            .iter()
            .filter(|c| c.state == JobState::Running)
            .filter_map(|c| Some(r.span_s.saturating_sub(c.started?)))
            .max();
        let copy_s = longest_copy.max(running).unwrap_or(0);
        if copy_s <= interval_s {
            // A backlog left by an outage drains; that is not this warning.
            continue;
        }
        if queued >= 2 {
            let from = jobs.first().map_or("", |c| c.from_region);
            out.push(Warning::LinkCannotKeepUp {
                from: from.to_string(),
                to: to.to_string(),
                queued,
                copy_s,
                interval_s,
            });
        } else {
            out.push(Warning::CopyOutlastsInterval {
                to: to.to_string(),
                longest_s: copy_s,
                interval_s,
            });
        }
    }
    out
}

/// The shortest time between two scheduled backups of one series.
fn shortest_interval(r: &SimResult) -> Option<SimTime> {
    let mut last: Vec<(&str, SimTime)> = Vec::new();
    let mut best: Option<SimTime> = None;
    for b in &r.backups {
        match last.iter_mut().find(|(s, _)| *s == &*b.series) {
            Some((_, prev)) => {
                let gap = b.scheduled.saturating_sub(*prev);
                if gap > 0 {
                    best = Some(best.map_or(gap, |x| x.min(gap)));
                }
                *prev = b.scheduled;
            }
            None => last.push((&b.series, b.scheduled)),
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::simulate;
    use btar_core::presets;

    #[test]
    fn a_healthy_preset_has_no_warnings() {
        for id in ["aiven-pg-business", "aws-guide-one-dr", "aws-guide-two-dr"] {
            let s = presets::load(id).expect("preset");
            let r = simulate(&s).expect("simulates");
            assert_eq!(warnings(&r), vec![], "{id}");
        }
    }

    #[test]
    fn a_slow_link_and_a_huge_service_are_told() {
        let mut s = presets::default_scenario();
        s.link.bandwidth_mbps = 1.0;
        let r = simulate(&s).expect("simulates");
        let w = warnings(&r);
        assert!(
            w.iter()
                .any(|w| matches!(w, Warning::LinkCannotKeepUp { queued, .. } if *queued >= 2)),
            "{w:?}"
        );
        assert!(w.iter().all(|w| !w.message().is_empty()));
        // So big that no backup finishes in the span.
        s.workload.data_gb = 1_000_000.0;
        s.link.backup_throughput_mbps = 1.0;
        let r = simulate(&s).expect("simulates");
        let w = warnings(&r);
        assert!(
            w.iter()
                .any(|w| matches!(w, Warning::NoBackupCompleted { .. })),
            "{w:?}"
        );
        assert!(
            w.iter()
                .any(|w| matches!(w, Warning::BackupOutlastsInterval { .. })),
            "{w:?}"
        );
    }
}
