//! Invariants of the simulator over random scenarios.
#![cfg(not(target_arch = "wasm32"))]

use btar_planner::domain::scenario::{Scenario, TimelineEvent};
use btar_planner::presets::{self, PRESETS};
use btar_planner::sim::{self, JobState, PointKind, SimResult};
use proptest::prelude::*;

const DAY: i64 = 86_400;

#[derive(Debug, Clone)]
enum Ev {
    Outage {
        day: u8,
        secs: u32,
        primary: bool,
        hours: u16,
    },
    Fork {
        day: u8,
        secs: u32,
        back: Option<u32>,
    },
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        0..PRESETS.len(),
        any::<u64>(),
        5u32..45,
        1.0f64..800.0,
        0.0f64..0.6,
        20.0f64..4000.0,
        1u32..5,
        prop::collection::vec(
            prop_oneof![
                (0u8..45, 0u32..86_400, any::<bool>(), 1u16..60).prop_map(
                    |(day, secs, primary, hours)| Ev::Outage {
                        day,
                        secs,
                        primary,
                        hours
                    }
                ),
                (0u8..45, 0u32..86_400, prop::option::of(0u32..(5 * 86_400)))
                    .prop_map(|(day, secs, back)| Ev::Fork { day, secs, back }),
            ],
            0..6,
        ),
    )
        .prop_map(|(which, seed, days, gb, fail, bw, attempts, evs)| {
            let mut s = presets::load(PRESETS[which].id).unwrap();
            s.simulation.seed = seed;
            s.simulation.days = days;
            s.workload.data_gb = gb;
            s.link.copy_failure_rate = fail;
            s.link.bandwidth_mbps = bw;
            s.link.max_attempts = attempts;
            let primary = s.primary_region().unwrap().cloud.to_string();
            let secondary = s.secondary_regions()[0].clone();
            let start = s.simulation.start;
            let mut events: Vec<TimelineEvent> = evs
                .into_iter()
                .filter_map(|e| {
                    let t = |day: u8, secs: u32| {
                        start + chrono::Duration::seconds(i64::from(day) * DAY + i64::from(secs))
                    };
                    match e {
                        Ev::Outage {
                            day,
                            secs,
                            primary: p,
                            hours,
                        } if u32::from(day) < days => Some(TimelineEvent::Outage {
                            at: t(day, secs),
                            region: if p {
                                primary.clone()
                            } else {
                                secondary.clone()
                            },
                            hours: f64::from(hours),
                        }),
                        Ev::Fork { day, secs, back } if u32::from(day) < days => {
                            let at = t(day, secs);
                            let pit = back
                                .map(|b| at - chrono::Duration::seconds(i64::from(b)))
                                .filter(|p| *p >= start);
                            Some(TimelineEvent::Fork {
                                at,
                                from_region: None,
                                point_in_time: pit,
                                name: None,
                            })
                        }
                        _ => None,
                    }
                })
                .collect();
            events.sort_by_key(|e| e.at());
            s.events = events;
            s
        })
}

fn down(r: &SimResult, region: &str, t: i64) -> bool {
    r.outages
        .iter()
        .any(|(reg, a, b)| *reg == region && *a <= t && t < *b)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// A run and its bill read back from their JSON are the same, field for
    /// field: regions, the engine's texts and assumptions come back as the
    /// engine's own.
    /// What the app's simulation worker sends back is the run and the bill
    /// the page would have made itself, field for field, after progress
    /// reports between 0 and 1.
    #[test]
    fn the_worker_sends_the_run_and_bill_whole(s in scenario()) {
        use btar_planner::offload::{handle_sim_message, FromWorker, Request, Response, ToWorker};
        let text = serde_json::to_string(&ToWorker { id: 3, request: Request::analyse(&s) }).unwrap();
        let mut posted = Vec::new();
        // A clock a second ahead at every reading: every report is sent.
        fn clock() -> f64 {
            use std::sync::atomic::{AtomicU64, Ordering};
            static T: AtomicU64 = AtomicU64::new(0);
            T.fetch_add(1000, Ordering::Relaxed) as f64
        }
        handle_sim_message(&text, clock, &mut |m| posted.push(m));
        let last = posted.pop().unwrap();
        for m in &posted {
            let FromWorker { id, response } = FromWorker::from_wire(m).unwrap();
            prop_assert_eq!(id, 3);
            let progress = matches!(response, Response::Progress { fraction } if (0.0..=1.0).contains(&fraction));
            prop_assert!(progress, "not progress: {:?}", response);
        }
        let FromWorker { id, response } = FromWorker::from_wire(&last).unwrap();
        prop_assert_eq!(id, 3);
        let Response::Analysis { packed } = response else {
            return Err(TestCaseError::fail(format!("not an analysis: {:.200}", format!("{response:?}"))));
        };
        let (got, bill) = packed.unpack().unwrap();
        let r = sim::simulate(&s).unwrap();
        prop_assert_eq!(&bill, &btar_planner::cost::bill::bill(&s, &r));
        prop_assert!(got == r);
    }

    #[test]
    fn a_run_and_its_bill_read_back_whole(s in scenario()) {
        let r = sim::simulate(&s).unwrap();
        let b = btar_planner::cost::bill::bill(&s, &r);
        let r2: SimResult = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        let b2: btar_planner::cost::bill::Bill = serde_json::from_str(&serde_json::to_string(&b).unwrap()).unwrap();
        prop_assert!(r2 == r);
        prop_assert!(b2 == b);
    }

    #[test]
    fn invariants_hold(s in scenario()) {
        let r = sim::simulate(&s).unwrap();
        // Lag is never negative.
        for l in &r.lag {
            for seg in &l.segments {
                prop_assert!(seg.lag_s >= 0 && seg.slope >= 0 && seg.start < seg.end);
            }
            prop_assert!(l.summary.p50_s <= l.summary.p95_s && l.summary.p95_s <= l.summary.max_s);
        }
        for c in &r.copy_jobs {
            let b = &r.backups[c.backup_id as usize];
            prop_assert_eq!(b.state, JobState::Completed);
            let b_end = b.end.unwrap();
            // Queued when the source backup completes, never earlier.
            prop_assert_eq!(c.created, b_end);
            if let Some(st) = c.started { prop_assert!(st >= b_end); }
            if c.state == JobState::Completed {
                let f = c.finished.unwrap();
                prop_assert!(f > b_end, "copy {} completed at {} before its backup ended {}", c.id, f, b_end);
                prop_assert!(!down(&r, c.to_region, f) && !down(&r, c.from_region, f), "copy {} completed at {} while a region was down", c.id, f);
                prop_assert!(c.attempts >= 1 && c.attempts <= s.link.max_attempts);
            }
        }
        // A secondary never holds a point the primary never had.
        let primary_points: std::collections::HashSet<i64> = r.recovery_points.iter().filter(|p| p.kind == PointKind::Primary).map(|p| p.point).collect();
        for p in r.recovery_points.iter().filter(|p| p.kind == PointKind::Copy) {
            prop_assert!(primary_points.contains(&p.point));
            prop_assert!(p.created >= p.point);
        }
        // Nothing expires before its retention.
        for p in &r.recovery_points {
            if let (Some(d), Some(days)) = (p.deleted_at, p.retention_days) {
                prop_assert!(d - p.created >= i64::from(days) * DAY, "point {} deleted after {} s, retention {} days", p.id, d - p.created, days);
            }
            if let (Some(c), Some(d)) = (p.cold_at, p.deleted_at) { prop_assert!(c <= d); }
        }
        // Transferred GB, as billed, equals the sum of completed copies.
        let bill = btar_planner::cost::bill::bill(&s, &r);
        let moved: f64 = bill.lines.iter().filter(|l| l.category == btar_planner::cost::bill::Category::Transfer && l.role == btar_planner::cost::bill::Role::CrossRegion).map(|l| l.quantity).sum();
        let completed: f64 = r.copy_jobs.iter().filter(|c| c.state == JobState::Completed).map(|c| c.size_gb).sum();
        prop_assert!((moved - completed).abs() <= 1e-9 * completed.max(1.0));
        // Forks: recovery points are real moments, and never after the fork.
        for f in &r.forks {
            if let Ok(ok) = &f.result {
                prop_assert!(ok.recovery_point <= f.at && ok.data_loss_s >= 0 && ok.restore_s > 0);
            }
        }
    }
}
