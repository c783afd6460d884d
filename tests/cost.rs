//! Reference results of the cost planner.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::disallowed_methods)] // clippy.toml fences the page's module, not this
use btar_planner::cost::bill::{bill, Category, Role};
use btar_planner::cost::levers::compare;
use btar_planner::domain::scenario::{Platform, Scenario};
use btar_planner::presets;
use btar_planner::sim;

fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[test]
fn the_zilliz_billing_example_reproduces_to_the_cent() {
    let s = presets::load("zilliz-billing").unwrap();
    let r = sim::simulate(&s).unwrap();
    let b = bill(&s, &r);
    let storage = b.sum(|l| l.role == Role::CrossRegion && l.category == Category::StorageHot);
    let transfer = b.sum(|l| l.role == Role::CrossRegion && l.category == Category::Transfer);
    assert_eq!(cents(storage), 0.80, "{storage}");
    assert_eq!(cents(transfer), 2.00, "{transfer}");
    assert_eq!(cents(b.cross_region_usd), 2.80);
    // The pair prices behind it: same continent $0.02, other continent $0.08.
    let prices: Vec<(&str, f64)> = b
        .lines
        .iter()
        .filter(|l| l.category == Category::Transfer)
        .map(|l| (l.region, l.unit_price))
        .collect();
    assert!(
        prices.contains(&("google-us-east4", 0.02))
            && prices.contains(&("google-europe-west3", 0.08)),
        "{prices:?}"
    );
}

fn aws_daily(two: bool) -> Scenario {
    let mut s = presets::load(if two {
        "aws-guide-two-dr"
    } else {
        "aws-guide-one-dr"
    })
    .unwrap();
    if let Platform::Aws(a) = &mut s.platform {
        a.plan.rules.truncate(1);
    }
    s.workload.growth_pct_per_month = 0.0;
    s.link.copy_failure_rate = 0.0;
    s
}

#[test]
fn an_aws_dr_copy_pays_storage_in_both_regions_and_transfer_at_two_cents() {
    let s = aws_daily(false);
    let b = bill(&s, &sim::simulate(&s).unwrap());
    assert!(b.sum(|l| l.region == "aws-us-east-1" && l.category == Category::StorageHot) > 0.0);
    assert!(b.sum(|l| l.region == "aws-us-west-2" && l.category == Category::StorageHot) > 0.0);
    let t: Vec<_> = b
        .lines
        .iter()
        .filter(|l| l.category == Category::Transfer)
        .collect();
    assert!(
        !t.is_empty()
            && t.iter()
                .all(|l| l.unit_price == 0.02 && l.region == "aws-us-west-2")
    );
    // EBS copies are incremental (AWS Backup Developer Guide, "Backup
    // plans": the first is a full copy, each later one only the changes):
    // 90 daily copies = one of 500 GB + 89 of the day's 25 GB of change,
    // at $0.02 per GB out of us-east-1.
    let moved = 500.0 + 89.0 * 25.0;
    assert!((b.sum(|l| l.category == Category::Transfer) - moved * 0.02).abs() < 1e-6);
}

#[test]
fn a_second_dr_region_in_europe_adds_the_intercontinental_transfer() {
    let one = aws_daily(false);
    let two = aws_daily(true);
    let b1 = bill(&one, &sim::simulate(&one).unwrap());
    let b2 = bill(&two, &sim::simulate(&two).unwrap());
    let eu: Vec<_> = b2
        .lines
        .iter()
        .filter(|l| l.category == Category::Transfer && l.region == "aws-eu-west-1")
        .collect();
    assert!(!eu.is_empty());
    let (price, same) = btar_planner::cost::transfer_price(
        btar_planner::domain::catalog::region("aws-us-east-1").unwrap(),
        btar_planner::domain::catalog::region("aws-eu-west-1").unwrap(),
        btar_planner::domain::pricebook::PriceBasis::of(&two),
        &Default::default(),
    );
    assert!(!same, "US → Europe is another continent");
    assert!(eu.iter().all(|l| l.unit_price == price));
    assert!(b2.cross_region_usd > b1.cross_region_usd * 1.9);
}

#[test]
fn a_steady_month_matches_the_closed_form_within_one_percent() {
    // Daily incremental copies of 500 GB changing 25 GB a day, kept 30
    // days: the DR vault holds one full copy plus 29 days of change, and 30
    // copies of 25 GB cross each month.
    let mut s = aws_daily(false);
    s.simulation.days = 120;
    let r = sim::simulate(&s).unwrap();
    let b = bill(&s, &r);
    let (size, change, n, per_month) = (500.0, 25.0, 30.0, 30.0);
    let closed = (size + (n - 1.0) * change) * 0.05 + per_month * change * 0.02;
    for m in [2u32, 3] {
        let got = b.cross_region_month(m);
        assert!(
            (got - closed).abs() / closed < 0.01,
            "month {m}: {got} vs {closed}"
        );
    }
}

#[test]
fn a_full_copy_resource_type_pays_for_every_copy_in_full() {
    // DynamoDB backups are full copies: 90 × 500 GB cross.
    let mut s = aws_daily(false);
    s.workload.resource_type = btar_planner::domain::scenario::ResourceType::DynamoDb;
    let b = bill(&s, &sim::simulate(&s).unwrap());
    assert!((b.sum(|l| l.category == Category::Transfer) - 90.0 * 500.0 * 0.02).abs() < 1e-6);
}

#[test]
fn a_copy_after_the_previous_one_expired_is_full_again() {
    // Weekly backups whose copies are kept one day: no copy finds its
    // predecessor in the DR vault, so each moves and stores the full
    // 500 GB. (Copies kept a day and made daily do chain: the next copy
    // starts before the previous one's day is up.)
    let mut s = aws_daily(false);
    if let Platform::Aws(a) = &mut s.platform {
        a.plan.rules[0].schedule_expression = Some("cron(0 3 ? * MON *)".into());
        for c in &mut a.plan.rules[0].copy_actions {
            c.lifecycle = Some(btar_planner::domain::scenario::AwsLifecycle {
                move_to_cold_storage_after_days: None,
                delete_after_days: Some(1),
            });
        }
    }
    s.simulation.days = 60;
    let r = sim::simulate(&s).unwrap();
    let copies: Vec<f64> = r
        .copy_jobs
        .iter()
        .filter(|c| c.state == sim::JobState::Completed)
        .map(|c| c.size_gb)
        .collect();
    assert!(copies.len() >= 8, "{copies:?}");
    assert!(copies.iter().all(|gb| *gb == 500.0), "{copies:?}");
    // The primary vault keeps 30 days: its weekly backups do chain, each
    // storing a week of change (7 × 25 GB) after the first.
    let primary: Vec<f64> = r
        .recovery_points
        .iter()
        .filter(|p| p.region == "aws-us-east-1")
        .map(|p| p.stored_gb)
        .collect();
    assert_eq!(primary[0], 500.0);
    assert!(
        primary[1..].iter().all(|gb| (*gb - 175.0).abs() < 1e-9),
        "{primary:?}"
    );
}

#[test]
fn the_hourly_year_costs_under_a_dollar_per_protected_gb_month() {
    let s: Scenario = btar_planner::formats::scenario_file::from_json(
        include_str!("../benches/hourly-year.json"),
        &mut Vec::new(),
    )
    .unwrap();
    let b = bill(&s, &sim::simulate(&s).unwrap());
    assert!(
        b.cross_region_usd_per_protected_gb_month < 1.0,
        "{}",
        b.cross_region_usd_per_protected_gb_month
    );
}

#[test]
fn levers_compare_cost_against_lag_and_data_loss() {
    let s = presets::load("aws-guide-one-dr").unwrap();
    let rows = compare(&s).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "baseline",
            "dr_regions",
            "dr_retention",
            "cold_storage",
            "fewer_resources"
        ]
    );
    let by = |n: &str| rows.iter().find(|r| r.name == n).unwrap();
    assert!(
        by("dr_regions").delta_usd > 0.0,
        "a second region costs more"
    );
    assert!(
        by("dr_retention").delta_usd < 0.0,
        "shorter retention costs less"
    );
    assert!(by("fewer_resources").delta_usd < 0.0);
    assert!(by("baseline").worst_data_loss_s > 0 && by("baseline").worst_lag_s > 0);
    let aiven = compare(&presets::load("aiven-pg-business").unwrap()).unwrap();
    assert!(aiven
        .iter()
        .filter(|r| r.name != "baseline")
        .all(|r| r.not_applicable.is_some()));
}

/// The AWS guide plan over 480 days for a resource type, with or without
/// its cold-storage moves.
fn guide_for(t: btar_planner::domain::scenario::ResourceType, cold: bool) -> Scenario {
    let mut s = presets::load("aws-guide-one-dr").unwrap();
    s.workload.resource_type = t;
    s.simulation.days = 480;
    if !cold {
        if let Platform::Aws(a) = &mut s.platform {
            for r in &mut a.plan.rules {
                if let Some(l) = &mut r.lifecycle {
                    l.move_to_cold_storage_after_days = None;
                }
                for c in &mut r.copy_actions {
                    if let Some(l) = &mut c.lifecycle {
                        l.move_to_cold_storage_after_days = None;
                    }
                }
            }
        }
    }
    s
}

#[test]
fn a_cold_move_for_a_type_without_cold_storage_changes_nothing_but_warns() {
    use btar_planner::domain::scenario::ResourceType;
    use btar_planner::domain::validation::validate;
    for t in [
        ResourceType::Rds,
        ResourceType::Aurora,
        ResourceType::S3,
        ResourceType::Fsx,
        ResourceType::Neptune,
    ] {
        let with = guide_for(t, true);
        let without = guide_for(t, false);
        let (a, b) = (
            bill(&with, &sim::simulate(&with).unwrap()),
            bill(&without, &sim::simulate(&without).unwrap()),
        );
        assert_eq!(
            cents(a.cross_region_usd),
            cents(b.cross_region_usd),
            "{t:?}"
        );
        assert_eq!(cents(a.primary_usd), cents(b.primary_usd), "{t:?}");
        assert_eq!(a.sum(|l| l.category == Category::StorageCold), 0.0, "{t:?}");
        let p = validate(&with);
        let warned: Vec<_> = p
            .warnings()
            .filter(|w| w.rule == btar_planner::domain::rules::Rule::ColdStorageUnsupported)
            .collect();
        // The weekly rule's own lifecycle and its copy's.
        assert_eq!(warned.len(), 2, "{t:?}: {warned:?}");
        assert!(
            warned[0].message.contains("WeeklyWithDRCopy"),
            "{}",
            warned[0].message
        );
        // No lever or frontier plan offers cold storage for it.
        let rows = compare(&with).unwrap();
        assert!(
            rows.iter()
                .filter(|r| r.name == "cold_storage")
                .all(|r| r.not_applicable.is_some()),
            "{t:?}"
        );
        let variants = btar_planner::cost::frontier::variants(
            &with,
            btar_planner::domain::scenario::Levers::ALL,
        )
        .unwrap();
        assert!(
            variants
                .iter()
                .all(|(changes, _)| changes.iter().all(|c| !c.contains("cold storage"))),
            "{t:?}"
        );
    }
    // EBS keeps its cold tier: the cold move lowers the bill.
    let with = guide_for(ResourceType::Ebs, true);
    let a = bill(&with, &sim::simulate(&with).unwrap());
    assert!(a.sum(|l| l.category == Category::StorageCold) > 0.0);
    assert!(validate(&with)
        .warnings()
        .all(|w| w.rule != btar_planner::domain::rules::Rule::ColdStorageUnsupported));
}

#[test]
fn chains_run_per_vault_across_rules_so_month_one_moves_the_writes_once() {
    // The AWS guide plan: a daily rule (03:00) and a weekly one (Sundays
    // 05:00), both from one vault into one DR vault, 500 GB written at
    // 25 GB a day. Increments chain per resource and vault across rules, so
    // the copies of month 1 (30 days) telescope: the first copy is full
    // (500 GB) and the rest carry the writes between the first point
    // (1 Jan 03:00) and the last (30 Jan 03:00): 29 days × 25 GB = 725 GB.
    // 1 225 GB in all (per-rule chains gave 2 250 GB: every weekly copy full).
    let s = presets::load("aws-guide-one-dr").unwrap();
    let b = bill(&s, &sim::simulate(&s).unwrap());
    let moved = b
        .lines
        .iter()
        .filter(|l| l.month == 0 && l.category == Category::Transfer)
        .map(|l| l.quantity)
        .sum::<f64>();
    assert!((moved - 1225.0).abs() < 1e-6, "{moved}");
}
