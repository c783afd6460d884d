//! Scenario tests of the simulator with answers worked out by hand.
//!
//! The base cases: 100 GB, no growth, backups taken at 800 Mbit/s (1000 s),
//! copies at 400 Mbit/s with no setup latency (2000 s), daily at 03:00 UTC.
#![cfg(not(target_arch = "wasm32"))]

use btar_planner::domain::scenario::{Platform, Scenario, TimelineEvent, VaultPolicy};
use btar_planner::presets;
use btar_planner::sim::{
    self, lag::ReportPeriod, report, ForkError, JobState, PointKind, SimResult,
};

const DAY: i64 = 86_400;
const T3: i64 = 3 * 3600; // 03:00
const BACKUP: i64 = 1000;
const COPY: i64 = 2000;

fn tune(mut s: Scenario) -> Scenario {
    s.workload.data_gb = 100.0;
    s.workload.write_gb_per_day = 0.0;
    s.workload.growth_pct_per_month = 0.0;
    s.link.backup_throughput_mbps = 800.0;
    s.link.bandwidth_mbps = 400.0;
    s.link.restore_throughput_mbps = 800.0;
    s.link.rtt_ms = Some(0.0);
    s.link.copy_failure_rate = 0.0;
    s.simulation.start = "2026-01-01T00:00:00Z".parse().unwrap();
    s.simulation.days = 10;
    s.events.clear();
    s
}

/// AWS: one daily rule copying to us-west-2, kept 30 days.
fn aws_daily() -> Scenario {
    let mut s = tune(presets::load("aws-guide-one-dr").unwrap());
    if let Platform::Aws(a) = &mut s.platform {
        a.plan.rules.truncate(1);
    }
    // Full copies every time (DynamoDB), so the timings are the base case's;
    // incremental types have their own test below.
    s.workload.resource_type = btar_planner::domain::scenario::ResourceType::DynamoDb;
    s
}

/// Aiven business plan (PITR), daily base backup at 03:00, BTAR to Frankfurt.
fn aiven_daily() -> Scenario {
    tune(presets::load("aiven-pg-business").unwrap())
}

fn at(day: i64, secs: i64) -> chrono::DateTime<chrono::Utc> {
    "2026-01-01T00:00:00Z"
        .parse::<chrono::DateTime<chrono::Utc>>()
        .unwrap()
        + chrono::Duration::seconds(day * DAY + secs)
}

fn run(s: &Scenario) -> SimResult {
    sim::simulate(s)
        .unwrap_or_else(|e| panic!("{e}: {:?}", btar_planner::domain::validation::validate(s).0))
}

#[test]
fn daily_copies_complete_backup_plus_copy_time_after_three() {
    let r = run(&aws_daily());
    assert_eq!(r.backups.len(), 10);
    assert!(r.copy_jobs.iter().all(|c| c.state == JobState::Completed));
    for (k, c) in r.copy_jobs.iter().enumerate() {
        let k = k as i64;
        assert_eq!(
            c.created,
            k * DAY + T3 + BACKUP,
            "copy {k} queued when its backup completed"
        );
        assert_eq!(c.finished, Some(k * DAY + T3 + BACKUP + COPY));
        assert_eq!(c.point, k * DAY + T3);
    }
}

#[test]
fn lag_of_snapshot_copies_is_the_age_of_the_newest_copied_point() {
    let r = run(&aws_daily());
    let l = &r.lag[0];
    assert_eq!(l.region, "aws-us-west-2");
    // Lag is what a loss of the service's region would lose: the time since
    // the newest point the DR vault holds. Day 3: until the new copy lands
    // at 03:50 the vault's newest point is day 2's 03:00.
    let day2 = 2 * DAY + T3;
    for t in [3 * DAY + T3 + BACKUP - 1, 3 * DAY + T3 + BACKUP + COPY - 1] {
        assert_eq!(l.at(t), Some(t - day2));
    }
    assert_eq!(l.at(3 * DAY + T3 + BACKUP + COPY), Some(BACKUP + COPY));
    // Worst: the last second before a copy lands, a day plus backup and
    // copy time (lag is sampled on whole seconds of half-open pieces).
    assert_eq!(l.summary.max_s, DAY + BACKUP + COPY - 1);
    // Before the first copy the vault holds nothing: lag counts from the
    // start of the span, never 0.
    assert_eq!(l.at(3600), Some(3600));
    // It is spread evenly between BACKUP + COPY and a day more.
    let mid = BACKUP + COPY + DAY / 2;
    assert!(
        (l.summary.p50_s - mid).abs() < 3600,
        "{} vs {mid}",
        l.summary.p50_s
    );
}

#[test]
fn steady_lag_with_continuous_wal_is_a_sawtooth() {
    let r = run(&aiven_daily());
    let l = &r.lag[0];
    // Right after a copy lands the secondary is backup + copy time behind.
    assert_eq!(l.at(2 * DAY + T3 + BACKUP + COPY), Some(BACKUP + COPY));
    // Midday: 12:00 − 03:00.
    assert_eq!(l.at(2 * DAY + 12 * 3600), Some(9 * 3600));
    // Just before the next copy lands: a day plus backup and copy time.
    assert_eq!(
        l.at(3 * DAY + T3 + BACKUP + COPY - 1),
        Some(DAY + BACKUP + COPY - 1)
    );
    assert_eq!(l.summary.max_s, DAY + BACKUP + COPY - 1);
}

#[test]
fn a_six_hour_secondary_outage_holds_the_copy_and_lag_catches_up_after() {
    let mut s = aiven_daily();
    // Down from 03:25 on day 5, during the copy that started at 03:16:40.
    s.events.push(TimelineEvent::Outage {
        at: at(5, T3 + 1500),
        region: "aws-eu-central-1".into(),
        hours: 6.0,
    });
    let r = run(&s);
    let c = &r.copy_jobs[5];
    assert_eq!(c.state, JobState::Completed);
    assert_eq!(c.attempts, 1, "an outage is not a failed attempt");
    // Back at 09:25, the whole copy runs again: done at 09:58:20.
    let done = 5 * DAY + T3 + 1500 + 6 * 3600 + COPY;
    assert_eq!(c.finished, Some(done));
    let l = &r.lag[0];
    // Peak just before it lands: from day 4 03:00 to day 5 10:01:40.
    assert_eq!(l.at(done - 1), Some(done - 1 - (4 * DAY + T3)));
    assert_eq!(l.at(done), Some(done - (5 * DAY + T3)));
    assert_eq!(l.summary.max_s, done - 1 - (4 * DAY + T3));
    // The next day is back to normal.
    assert_eq!(l.at(6 * DAY + T3 + BACKUP + COPY), Some(BACKUP + COPY));
}

#[test]
fn a_fork_during_a_primary_outage_recovers_the_last_copied_backup() {
    let mut s = aiven_daily();
    s.events.push(TimelineEvent::Outage {
        at: at(6, 14 * 3600),
        region: "aws-eu-west-1".into(),
        hours: 8.0,
    });
    s.events.push(TimelineEvent::Fork {
        at: at(6, 15 * 3600),
        from_region: None,
        point_in_time: None,
        name: Some("dr".into()),
    });
    let r = run(&s);
    let f = &r.forks[0];
    let ok = f.result.as_ref().expect("fork succeeds");
    assert_eq!(ok.recovery_point, 6 * DAY + T3);
    assert_eq!(ok.data_loss_s, 11 * 3600, "14:00 − 03:00");
    assert_eq!(
        ok.restore_s,
        600 + 1000,
        "10 min provisioning + 100 GB at 800 Mbit/s"
    );
    assert_eq!(ok.service_region, "aws-eu-central-1");
    assert_eq!(ok.plan, "business-8");
}

#[test]
fn point_in_time_forks_obey_the_secondary_window() {
    let fork = |pit: chrono::DateTime<chrono::Utc>| TimelineEvent::Fork {
        at: at(6, 15 * 3600),
        from_region: None,
        point_in_time: Some(pit),
        name: None,
    };
    let mut s = aiven_daily();
    s.events = vec![fork(at(6, 2 * 3600))];
    let r = run(&s);
    let ok = r.forks[0].result.as_ref().unwrap();
    assert_eq!(ok.recovery_point, 6 * DAY + 2 * 3600);
    assert_eq!(ok.base_point, 5 * DAY + T3);
    assert_eq!(
        ok.data_loss_s,
        13 * 3600,
        "no outage: counted to the fork at 15:00"
    );
    // After the newest secondary backup (day 6 03:00): refused.
    s.events = vec![fork(at(6, 5 * 3600))];
    match &run(&s).forks[0].result {
        Err(ForkError::AfterNewest { requested, newest }) => {
            assert_eq!((*requested, *newest), (6 * DAY + 5 * 3600, 6 * DAY + T3));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn snapshot_forks_restore_the_newest_backup_at_or_before_the_target() {
    let mut s = aws_daily();
    s.events = vec![TimelineEvent::Fork {
        at: at(6, 15 * 3600),
        from_region: None,
        point_in_time: Some(at(6, 2 * 3600)),
        name: None,
    }];
    let ok = run(&s).forks[0].result.clone().unwrap();
    assert_eq!(ok.recovery_point, 5 * DAY + T3);
}

#[test]
fn forks_that_cannot_happen_are_errors_not_panics() {
    let mut s = aiven_daily();
    s.events = vec![
        TimelineEvent::Fork {
            at: at(0, 2 * 3600),
            from_region: None,
            point_in_time: None,
            name: None,
        },
        TimelineEvent::Outage {
            at: at(2, 0),
            region: "aws-eu-central-1".into(),
            hours: 5.0,
        },
        TimelineEvent::Fork {
            at: at(2, 3600),
            from_region: None,
            point_in_time: None,
            name: None,
        },
        TimelineEvent::Fork {
            at: at(3, 0),
            from_region: None,
            point_in_time: Some(at(0, 0)),
            name: None,
        },
    ];
    let r = run(&s);
    assert!(matches!(
        r.forks[0].result,
        Err(ForkError::NoBackupYet { .. })
    ));
    assert!(matches!(
        r.forks[1].result,
        Err(ForkError::RegionDown { .. })
    ));
    assert!(matches!(
        r.forks[2].result,
        Err(ForkError::BeforeOldest { .. })
    ));
    let summary = report::summary_json(&r, s.simulation.start);
    assert!(summary["forks"][0]["error"]
        .as_str()
        .unwrap()
        .contains("no backup has reached"));
}

#[test]
fn a_changed_backup_region_starts_empty() {
    let mut s = aiven_daily();
    s.events = vec![
        TimelineEvent::ChangeBackupRegion {
            at: at(3, 12 * 3600),
            from: None,
            to: "aws-eu-west-2".into(),
        },
        TimelineEvent::Fork {
            at: at(3, 13 * 3600),
            from_region: None,
            point_in_time: None,
            name: None,
        },
        TimelineEvent::Fork {
            at: at(4, 5 * 3600),
            from_region: None,
            point_in_time: None,
            name: None,
        },
    ];
    let r = run(&s);
    assert!(matches!(
        r.forks[0].result,
        Err(ForkError::NoBackupYet { .. })
    ));
    assert_eq!(
        r.forks[1].result.as_ref().unwrap().recovery_point,
        4 * DAY + T3
    );
    let regions: Vec<&str> = r.lag.iter().map(|l| l.region.as_str()).collect();
    assert_eq!(regions, vec!["aws-eu-central-1", "aws-eu-west-2"]);
    // Frankfurt stops being a target at the change; London starts then.
    assert_eq!(r.lag[0].at(3 * DAY + 12 * 3600), None);
    assert_eq!(r.lag[1].at(3 * DAY + 12 * 3600 - 1), None);
    assert!(r.lag[1].at(3 * DAY + 12 * 3600).is_some());
}

#[test]
fn a_migration_leaves_backups_where_they_were() {
    let mut s = aiven_daily();
    s.events = vec![TimelineEvent::Migrate {
        at: at(2, 0),
        to: "aws-eu-west-2".into(),
    }];
    let r = run(&s);
    assert!(r
        .recovery_points
        .iter()
        .filter(|p| p.kind == PointKind::Primary)
        .all(|p| p.region == "aws-eu-west-1"));
    assert!(r
        .copy_jobs
        .iter()
        .all(|c| c.from_region == "aws-eu-west-1" && c.to_region == "aws-eu-central-1"));
    let uploads: Vec<_> = r
        .uploads
        .iter()
        .filter(|t| t.purpose == "backup_upload")
        .collect();
    assert_eq!(uploads.len(), 8, "days 2..9 upload from the new region");
    assert!(uploads
        .iter()
        .all(|t| t.from_region == "aws-eu-west-2" && t.to_region == "aws-eu-west-1"));
}

#[test]
fn disabling_stops_copies_and_enabling_resumes_them() {
    let mut s = aiven_daily();
    s.events = vec![
        TimelineEvent::DisableBtar { at: at(2, 0) },
        TimelineEvent::EnableBtar {
            at: at(5, 0),
            region: None,
        },
    ];
    let r = run(&s);
    let days: Vec<i64> = r.copy_jobs.iter().map(|c| c.created / DAY).collect();
    assert_eq!(days, vec![0, 1, 5, 6, 7, 8, 9]);
}

#[test]
fn hobbyist_keeps_a_single_backup() {
    let mut s = aiven_daily();
    if let Platform::Aiven(a) = &mut s.platform {
        a.plan = "hobbyist".into();
    }
    let r = run(&s);
    for t in [DAY * 2 + 5 * 3600, DAY * 7 + 5 * 3600] {
        assert_eq!(r.points_alive("aws-eu-west-1", t), 1);
        assert_eq!(r.points_alive("aws-eu-central-1", t), 1);
    }
}

#[test]
fn copies_into_a_vault_without_policy_fail_with_access_denied() {
    let mut s = aws_daily();
    if let Platform::Aws(a) = &mut s.platform {
        a.vaults[1].access_policy = VaultPolicy::Missing;
    }
    // Within the account the vault policy does not matter: copies land.
    let r = sim::simulate(&s).unwrap();
    assert!(r.copy_jobs.iter().all(|c| c.state == JobState::Completed));
    // Into another account they are denied.
    if let Platform::Aws(a) = &mut s.platform {
        for r in &mut a.plan.rules {
            for c in &mut r.copy_actions {
                c.destination_backup_vault_arn = c
                    .destination_backup_vault_arn
                    .replace(&a.account_id, "999988887777");
            }
        }
    }
    // Validation refuses it; the engine still models what AWS would do.
    assert!(sim::simulate(&s).is_err());
    let r = sim::engine::Engine::new(&s).unwrap().run();
    assert!(r
        .copy_jobs
        .iter()
        .all(|c| c.state == JobState::Failed && c.message.starts_with("AccessDenied")));
}

#[test]
fn failures_retry_up_to_the_attempt_limit() {
    let mut s = aws_daily();
    s.simulation.days = 60;
    s.link.copy_failure_rate = 0.5;
    s.link.max_attempts = 3;
    let r = run(&s);
    let mut failed = 0;
    for c in &r.copy_jobs {
        match c.state {
            JobState::Completed => assert!((1..=3).contains(&c.attempts)),
            JobState::Failed => {
                failed += 1;
                assert_eq!(c.attempts, 3);
            }
            other => panic!("{other:?}"),
        }
    }
    // 1/8 of copies fail three times: expect several of 60.
    assert!((1..30).contains(&failed), "{failed}");
}

#[test]
fn lifecycle_moves_to_cold_then_deletes() {
    let mut s = tune(presets::load("aws-guide-one-dr").unwrap());
    s.simulation.days = 120;
    let r = run(&s);
    let weekly: Vec<_> = r
        .recovery_points
        .iter()
        .filter(|p| r.backups[p.backup_id as usize].series.as_ref() == "WeeklyWithDRCopy")
        .collect();
    assert!(!weekly.is_empty());
    for p in weekly {
        if let Some(c) = p.cold_at {
            assert_eq!(c - p.created, 30 * DAY);
        }
        assert!(p.deleted_at.is_none(), "kept 365 days");
    }
    for p in r
        .recovery_points
        .iter()
        .filter(|p| r.backups[p.backup_id as usize].series.as_ref() == "DailyWithDRCopy")
    {
        if let Some(d) = p.deleted_at {
            assert_eq!(d - p.created, 30 * DAY);
        }
    }
}

#[test]
fn same_seed_same_result_and_the_report_has_aiven_spacing() {
    let mut s = aiven_daily();
    s.link.copy_failure_rate = 0.3;
    let a = serde_json::to_string(&run(&s)).unwrap();
    let b = serde_json::to_string(&run(&s)).unwrap();
    assert_eq!(a, b);
    let r = run(&s);
    let rep = report::aiven_lag_report(&r, s.simulation.start, ReportPeriod::Day, r.span_s);
    let rows = rep["metrics"]["backup_to_another_region_lag"]["data"]["rows"]
        .as_array()
        .unwrap();
    assert_eq!(rows.len(), 288);
    assert_eq!(rows[287][0], "2026-01-11T00:00:00Z");
    assert_eq!(rows[286][0], "2026-01-10T23:55:00Z");
}

#[test]
fn every_example_simulates() {
    for p in presets::PRESETS {
        let s = presets::load(p.id).unwrap();
        let r = run(&s);
        assert!(!r.backups.is_empty(), "{}", p.id);
        assert!(!r.copy_jobs.is_empty(), "{}", p.id);
    }
}

#[test]
fn zilliz_scheduled_backups_run_at_their_utc_hour() {
    // Start at 12:00 UTC, backups daily at hour 3: the first is 03:00 UTC
    // the next day (15 h in), not 15:00 (3 h after the start).
    let mut s = presets::load("zilliz-billing").unwrap();
    s.simulation.start = "2026-03-01T12:00:00Z".parse().unwrap();
    if let Platform::Zilliz(z) = &mut s.platform {
        z.backups = btar_planner::domain::scenario::ZillizBackups::Scheduled {
            interval_hours: 24,
            hour: 3,
            retention_days: 7,
            weekdays: Vec::new(),
        };
        for t in &mut z.targets {
            t.retention_days = Some(7);
        }
    }
    let r = run(&s);
    assert_eq!(r.backups[0].scheduled, 15 * 3600);
    assert_eq!(r.backups[1].scheduled, 39 * 3600);
}

#[test]
fn a_zilliz_policy_on_weekdays_backs_up_on_those_days_only() {
    // From Monday 2 March 2026, Mondays, Wednesdays and Fridays at 02:00
    // UTC (Zilliz's frequency "1,3,5"): days 0, 2, 4, 7, 9, 11 of 14.
    let mut s = presets::load("zilliz-billing").unwrap();
    s.simulation.start = "2026-03-02T00:00:00Z".parse().unwrap();
    s.simulation.days = 14;
    if let Platform::Zilliz(z) = &mut s.platform {
        z.backups = btar_planner::domain::scenario::ZillizBackups::Scheduled {
            interval_hours: 24,
            hour: 2,
            retention_days: 7,
            weekdays: vec![1, 3, 5],
        };
        for t in &mut z.targets {
            t.retention_days = Some(7);
        }
    }
    let r = run(&s);
    let days: Vec<i64> = r.backups.iter().map(|b| b.scheduled / 86_400).collect();
    assert_eq!(days, vec![0, 2, 4, 7, 9, 11]);
    assert!(r.backups.iter().all(|b| b.scheduled % 86_400 == 2 * 3600));
}

#[test]
fn an_aws_rule_without_a_schedule_runs_at_the_default_0500_utc() {
    let mut s = aws_daily();
    if let Platform::Aws(a) = &mut s.platform {
        a.plan.rules[0].schedule_expression = None;
        a.plan.rules[0].completion_window_minutes = None;
    }
    let p = btar_planner::domain::validation::validate(&s);
    assert!(
        p.warnings().any(|w| w.rule == "schedule-default"),
        "{:?}",
        p.0
    );
    let r = run(&s);
    // aws_daily starts at midnight UTC: 05:00 every day.
    assert_eq!(r.backups.len(), 10);
    for (k, b) in r.backups.iter().enumerate() {
        assert_eq!(b.scheduled, k as i64 * DAY + 5 * 3600);
    }
}

#[test]
fn an_empty_copy_lifecycle_keeps_copies_forever_and_says_so() {
    let mut s = aws_daily();
    if let Platform::Aws(a) = &mut s.platform {
        a.plan.rules[0].copy_actions[0].lifecycle =
            Some(btar_planner::domain::scenario::AwsLifecycle::default());
    }
    let p = btar_planner::domain::validation::validate(&s);
    assert!(
        p.warnings().any(|w| w.rule == "copy-kept-forever"),
        "{:?}",
        p.0
    );
    let r = run(&s);
    let copies: Vec<_> = r
        .recovery_points
        .iter()
        .filter(|p| p.region == "aws-us-west-2")
        .collect();
    assert!(!copies.is_empty());
    assert!(copies
        .iter()
        .all(|p| p.deleted_at.is_none() && p.retention_days.is_none()));
}

#[test]
fn incremental_backups_and_copies_move_only_the_change_and_finish_sooner() {
    // EBS, 100 GB, 25 GB changed a day: the first backup writes 100 GB
    // (1 000 s at 800 Mbit/s) and its copy moves 100 GB (2 000 s at 400);
    // each later one 25 GB: 250 s and 500 s.
    let mut s = aws_daily();
    s.workload.resource_type = btar_planner::domain::scenario::ResourceType::Ebs;
    s.workload.write_gb_per_day = 25.0;
    let r = run(&s);
    assert_eq!(r.backups[0].size_gb, 100.0);
    assert_eq!(r.backups[0].end, Some(T3 + BACKUP));
    assert_eq!(r.backups[1].size_gb, 25.0);
    assert_eq!(r.backups[1].end, Some(DAY + T3 + BACKUP / 4));
    assert_eq!(r.copy_jobs[0].size_gb, 100.0);
    assert_eq!(r.copy_jobs[1].size_gb, 25.0);
    let c = &r.copy_jobs[1];
    assert_eq!(c.finished, Some(DAY + T3 + BACKUP / 4 + COPY / 4));
    // Every point restores the full 100 GB; the vault stores the change.
    let dr: Vec<_> = r
        .recovery_points
        .iter()
        .filter(|p| p.region == "aws-us-west-2")
        .collect();
    assert!(dr.iter().all(|p| p.size_gb == 100.0));
    assert_eq!(dr[0].stored_gb, 100.0);
    assert!(dr[1..].iter().all(|p| p.stored_gb == 25.0));
    // A smaller copy lands sooner, so the lag after it is shorter.
    let l = &r.lag[0];
    assert_eq!(
        l.at(DAY + T3 + BACKUP / 4 + COPY / 4),
        Some((BACKUP + COPY) / 4)
    );
}

#[test]
fn a_long_run_reports_its_progress_and_gives_the_same_result() {
    let mut s = btar_planner::presets::load("aws-guide-one-dr").expect("preset");
    s.simulation.days = 3000;
    let mut seen = Vec::new();
    let r = btar_planner::sim::engine::Engine::new(&s)
        .expect("compiles")
        .run_reporting(&mut |f| seen.push(f));
    assert_eq!(r, btar_planner::sim::simulate(&s).expect("runs"));
    assert!(seen.len() >= 2, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(seen.iter().all(|f| (0.0..=1.0).contains(f)), "{seen:?}");
}
