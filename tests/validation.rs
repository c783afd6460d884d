//! Every platform rule, asserted both ways: a case that passes and one that
//! fails with the rule named, on the field it concerns.
#![cfg(not(target_arch = "wasm32"))]

use btar_planner::domain::scenario::{
    Platform, Scenario, TimelineEvent, VaultPolicy, ZillizBackups, ZillizTarget, ZillizTier,
};
use btar_planner::domain::validation::{validate, Problems, Rule};
use btar_planner::presets;

fn preset(id: &str) -> Scenario {
    presets::load(id).expect("preset loads")
}

fn aiven(mut f: impl FnMut(&mut btar_planner::domain::scenario::AivenService)) -> Problems {
    let mut s = preset("aiven-pg-business");
    if let Platform::Aiven(a) = &mut s.platform {
        f(a);
    }
    validate(&s)
}

fn aws(mut f: impl FnMut(&mut btar_planner::domain::scenario::AwsBackup)) -> Problems {
    let mut s = preset("aws-guide-one-dr");
    if let Platform::Aws(a) = &mut s.platform {
        f(a);
    }
    validate(&s)
}

fn zilliz(mut f: impl FnMut(&mut btar_planner::domain::scenario::ZillizCluster)) -> Problems {
    let mut s = preset("zilliz-billing");
    if let Platform::Zilliz(z) = &mut s.platform {
        f(z);
    }
    validate(&s)
}

/// Asserts that `rule` is an error on exactly `field`.
fn fails(p: &Problems, rule: &str, field: &str) {
    assert!(
        p.errors().any(|e| e.rule == rule && e.field == field),
        "expected {rule} on {field}, got {:#?}",
        p.0
    );
}

fn passes(p: &Problems, rule: &str) {
    assert!(
        !p.errors().any(|e| e.rule == rule),
        "unexpected {rule}: {:#?}",
        p.0
    );
}

#[test]
fn aiven_service_type_must_support_btar() {
    passes(
        &aiven(|a| a.service_type = "pg".into()),
        "service-type-supported",
    );
    passes(
        &aiven(|a| a.service_type = "mysql".into()),
        "service-type-supported",
    );
    for t in ["cassandra", "kafka", "redis", ""] {
        fails(
            &aiven(|a| a.service_type = t.into()),
            "service-type-supported",
            "platform.aiven.service_type",
        );
    }
}

#[test]
fn aiven_secondary_must_be_on_the_same_provider() {
    passes(
        &aiven(|a| a.additional_backup_regions = vec!["aws-us-east-1".into()]),
        "same-provider",
    );
    let p = aiven(|a| a.additional_backup_regions = vec!["google-europe-west3".into()]);
    fails(
        &p,
        "same-provider",
        "platform.aiven.additional_backup_regions[0]",
    );
    let msg = &p
        .errors()
        .find(|e| e.rule == "same-provider")
        .unwrap()
        .message;
    assert!(msg.contains("google ≠ aws"), "{msg}");
}

#[test]
fn aiven_secondary_must_differ_from_the_primary() {
    passes(&aiven(|_| {}), "not-primary-region");
    fails(
        &aiven(|a| a.additional_backup_regions = vec!["aws-eu-west-1".into()]),
        "not-primary-region",
        "platform.aiven.additional_backup_regions[0]",
    );
}

#[test]
fn aiven_takes_at_most_one_additional_region() {
    passes(&aiven(|_| {}), "one-additional-region");
    fails(
        &aiven(|a| {
            a.additional_backup_regions = vec!["aws-eu-central-1".into(), "aws-eu-west-2".into()]
        }),
        "one-additional-region",
        "platform.aiven.additional_backup_regions",
    );
}

#[test]
fn unknown_regions_are_refused_with_suggestions() {
    let p = aiven(|a| a.cloud = "aws-eu-west-9".into());
    fails(&p, "known-region", "platform.aiven.cloud");
    let e = p.errors().find(|e| e.rule == "known-region").unwrap();
    assert!(
        e.message.contains("did you mean") && e.message.contains("aws-eu-west-"),
        "{}",
        e.message
    );
    assert_eq!(e.value, "\"aws-eu-west-9\"");
}

#[test]
fn aiven_plan_tier_must_be_known() {
    passes(&aiven(|a| a.plan = "premium-6x-16".into()), "plan-known");
    fails(
        &aiven(|a| a.plan = "gold-8".into()),
        "plan-known",
        "platform.aiven.plan",
    );
}

fn with_events(events: Vec<TimelineEvent>) -> Problems {
    let mut s = preset("aiven-pg-business");
    s.events = events;
    validate(&s)
}

fn change(at: &str, to: &str) -> TimelineEvent {
    TimelineEvent::ChangeBackupRegion {
        at: at.parse().unwrap(),
        from: None,
        to: to.into(),
    }
}

#[test]
fn aiven_backup_region_changes_once_per_24_hours() {
    passes(
        &with_events(vec![
            change("2026-01-06T00:00:00Z", "aws-eu-west-2"),
            change("2026-01-07T00:00:00Z", "aws-eu-west-3"),
        ]),
        "region-change-24h",
    );
    let p = with_events(vec![
        change("2026-01-06T00:00:00Z", "aws-eu-west-2"),
        change("2026-01-06T23:59:00Z", "aws-eu-west-3"),
    ]);
    fails(&p, "region-change-24h", "events[1].at");
    let e = p.errors().find(|e| e.rule == "region-change-24h").unwrap();
    assert!(e.message.contains("2026-01-07T00:00:00"), "{}", e.message);
}

#[test]
fn a_region_change_obeys_the_provider_rules_too() {
    fails(
        &with_events(vec![change("2026-01-06T00:00:00Z", "google-europe-west3")]),
        "same-provider",
        "events[0].to",
    );
    fails(
        &with_events(vec![change("2026-01-06T00:00:00Z", "aws-eu-west-1")]),
        "not-primary-region",
        "events[0].to",
    );
}

#[test]
fn events_must_be_ordered_and_inside_the_span() {
    let outage = |at: &str| TimelineEvent::Outage {
        at: at.parse().unwrap(),
        region: "aws-eu-west-1".into(),
        hours: 2.0,
    };
    passes(
        &with_events(vec![
            outage("2026-01-06T00:00:00Z"),
            outage("2026-01-07T00:00:00Z"),
        ]),
        "events-ordered",
    );
    fails(
        &with_events(vec![
            outage("2026-01-07T00:00:00Z"),
            outage("2026-01-06T00:00:00Z"),
        ]),
        "events-ordered",
        "events[1].at",
    );
    fails(
        &with_events(vec![outage("2025-12-31T00:00:00Z")]),
        "inside-span",
        "events[0].at",
    );
    fails(
        &with_events(vec![outage("2026-02-05T00:00:01Z")]),
        "inside-span",
        "events[0].at",
    );
    let p = with_events(vec![TimelineEvent::Outage {
        at: "2026-01-06T00:00:00Z".parse().unwrap(),
        region: "aws-eu-west-1".into(),
        hours: f64::NAN,
    }]);
    fails(&p, "outage-duration", "events[0].hours");
}

#[test]
fn a_fork_point_in_time_cannot_be_after_the_fork() {
    let fork = |pit: &str| TimelineEvent::Fork {
        at: "2026-01-20T00:00:00Z".parse().unwrap(),
        from_region: None,
        point_in_time: Some(pit.parse().unwrap()),
        name: None,
    };
    passes(
        &with_events(vec![fork("2026-01-19T00:00:00Z")]),
        "pitr-not-future",
    );
    fails(
        &with_events(vec![fork("2026-01-21T00:00:00Z")]),
        "pitr-not-future",
        "events[0].point_in_time",
    );
}

#[test]
fn zilliz_needs_a_dedicated_cluster_off_azure() {
    passes(&zilliz(|_| {}), "zilliz-dedicated");
    fails(
        &zilliz(|z| z.tier = ZillizTier::Serverless),
        "zilliz-dedicated",
        "platform.zilliz.tier",
    );
    passes(&zilliz(|_| {}), "zilliz-not-azure");
    let p = zilliz(|z| {
        z.region = "azure-westeurope".into();
        z.targets = vec![ZillizTarget {
            region: "azure-northeurope".into(),
            retention_days: None,
        }];
    });
    fails(&p, "zilliz-not-azure", "platform.zilliz.region");
}

#[test]
fn zilliz_targets_follow_the_provider_rules() {
    fails(
        &zilliz(|z| z.targets[0].region = "aws-us-east-1".into()),
        "same-provider",
        "platform.zilliz.targets[0].region",
    );
    fails(
        &zilliz(|z| z.targets[0].region = "gcp-us-west1".into()),
        "not-primary-region",
        "platform.zilliz.targets[0].region",
    );
}

#[test]
fn zilliz_scheduled_copies_need_a_retention_per_region() {
    let sched = ZillizBackups::Scheduled {
        interval_hours: 24,
        hour: 2,
        retention_days: 7,
        weekdays: Vec::new(),
    };
    let p = zilliz(|z| {
        z.backups = sched.clone();
        z.targets[0].retention_days = Some(7);
    });
    fails(
        &p,
        "zilliz-retention-per-region",
        "platform.zilliz.targets[1].retention_days",
    );
    let p = zilliz(|z| {
        z.backups = sched.clone();
        for t in &mut z.targets {
            t.retention_days = Some(3);
        }
    });
    passes(&p, "zilliz-retention-per-region");
    assert!(p.is_valid(), "{:?}", p.0);
}

#[test]
fn zilliz_members_may_not_set_up_copies() {
    use btar_planner::domain::scenario::ZillizRole;
    passes(
        &zilliz(|z| z.role = ZillizRole::OrganizationOwner),
        "zilliz-role",
    );
    fails(
        &zilliz(|z| z.role = ZillizRole::ProjectMember),
        "zilliz-role",
        "platform.zilliz.role",
    );
}

#[test]
fn aws_cron_must_parse_with_one_day_field_as_question_mark() {
    let set = |e: &str| {
        let e = e.to_string();
        aws(move |a| a.plan.rules[0].schedule_expression = Some(e.clone()))
    };
    passes(&set("cron(0 3 * * ? *)"), "cron-syntax");
    fails(
        &set("cron(0 3 * *)"),
        "cron-syntax",
        "platform.aws.plan.Rules[0].ScheduleExpression",
    );
    fails(
        &set("cron(0 3 ? * ? *)"),
        "cron-syntax",
        "platform.aws.plan.Rules[0].ScheduleExpression",
    );
    fails(
        &set("cron(0 3 * * * *)"),
        "cron-syntax",
        "platform.aws.plan.Rules[0].ScheduleExpression",
    );
    fails(
        &set("every day at 3"),
        "cron-syntax",
        "platform.aws.plan.Rules[0].ScheduleExpression",
    );
}

#[test]
fn aws_jobs_run_at_least_60_minutes_apart() {
    let set = |e: &str| {
        let e = e.to_string();
        aws(move |a| a.plan.rules[0].schedule_expression = Some(e.clone()))
    };
    passes(&set("cron(0 * * * ? *)"), "cron-min-interval");
    passes(&set("cron(0 0/2 * * ? *)"), "cron-min-interval");
    fails(
        &set("cron(0/30 * * * ? *)"),
        "cron-min-interval",
        "platform.aws.plan.Rules[0].ScheduleExpression",
    );
    fails(
        &set("cron(0,45 3 * * ? *)"),
        "cron-min-interval",
        "platform.aws.plan.Rules[0].ScheduleExpression",
    );
}

#[test]
fn aws_start_window_is_at_least_60_minutes() {
    passes(
        &aws(|a| a.plan.rules[0].start_window_minutes = Some(60)),
        "start-window-min",
    );
    fails(
        &aws(|a| a.plan.rules[0].start_window_minutes = Some(59)),
        "start-window-min",
        "platform.aws.plan.Rules[0].StartWindowMinutes",
    );
}

#[test]
fn aws_cold_storage_keeps_points_90_days_on_rules_and_copies() {
    use btar_planner::domain::scenario::AwsLifecycle;
    let lc = |c: i64, d: i64| {
        Some(AwsLifecycle {
            move_to_cold_storage_after_days: Some(c),
            delete_after_days: Some(d),
        })
    };
    passes(
        &aws(|a| a.plan.rules[0].lifecycle = lc(30, 120)),
        "cold-storage-90-days",
    );
    fails(
        &aws(|a| a.plan.rules[0].lifecycle = lc(30, 119)),
        "cold-storage-90-days",
        "platform.aws.plan.Rules[0].Lifecycle.DeleteAfterDays",
    );
    passes(
        &aws(|a| a.plan.rules[0].copy_actions[0].lifecycle = lc(7, 97)),
        "cold-storage-90-days",
    );
    fails(
        &aws(|a| a.plan.rules[0].copy_actions[0].lifecycle = lc(7, 90)),
        "cold-storage-90-days",
        "platform.aws.plan.Rules[0].CopyActions[0].Lifecycle.DeleteAfterDays",
    );
}

#[test]
fn aws_rule_names_follow_the_pattern() {
    passes(
        &aws(|a| a.plan.rules[0].rule_name = "Daily.DR_copy-1".into()),
        "rule-name",
    );
    fails(
        &aws(|a| a.plan.rules[0].rule_name = "daily copy".into()),
        "rule-name",
        "platform.aws.plan.Rules[0].RuleName",
    );
    fails(
        &aws(|a| a.plan.rules[0].rule_name = "x".repeat(51)),
        "rule-name",
        "platform.aws.plan.Rules[0].RuleName",
    );
    fails(
        &aws(|a| a.plan.rules[0].rule_name = String::new()),
        "rule-name",
        "platform.aws.plan.Rules[0].RuleName",
    );
}

#[test]
fn aws_copies_go_to_another_region() {
    passes(&aws(|_| {}), "copy-other-region");
    let p = aws(|a| {
        a.plan.rules[0].copy_actions[0].destination_backup_vault_arn =
            "arn:aws:backup:us-east-1:123456789012:backup-vault:production-dr".into()
    });
    fails(
        &p,
        "copy-other-region",
        "platform.aws.plan.Rules[0].CopyActions[0].DestinationBackupVaultArn",
    );
}

#[test]
fn aws_destination_vault_needs_a_policy_allowing_the_copy_from_another_account() {
    passes(&aws(|_| {}), "vault-policy");
    // Into another account: the vault's policy must allow the copy.
    let other = |a: &mut btar_planner::domain::scenario::AwsBackup| {
        let arn = &mut a.plan.rules[0].copy_actions[0].destination_backup_vault_arn;
        *arn = arn.replace(&a.account_id, "999988887777");
    };
    let p = aws(|a| {
        other(a);
        a.vaults[1].access_policy = VaultPolicy::Missing;
    });
    fails(
        &p,
        "vault-policy",
        "platform.aws.plan.Rules[0].CopyActions[0].DestinationBackupVaultArn",
    );
    // Unknown policy is a warning, not an error.
    let p = aws(|a| {
        other(a);
        a.vaults.clear();
    });
    passes(&p, "vault-policy");
    assert!(p.warnings().any(|w| w.rule == "vault-policy"));
    // Within the account no vault policy is needed: a warning at most.
    let p = aws(|a| a.vaults[1].access_policy = VaultPolicy::Missing);
    passes(&p, "vault-policy");
    assert!(p.warnings().any(|w| w.rule == "vault-policy"));
    let p = aws(|a| a.vaults.clear());
    passes(&p, "vault-policy");
    assert!(!p.warnings().any(|w| w.rule == "vault-policy"));
}

#[test]
fn aws_vault_arns_must_be_well_formed() {
    fails(
        &aws(|a| {
            a.plan.rules[0].copy_actions[0].destination_backup_vault_arn = "production-dr".into()
        }),
        "vault-arn",
        "platform.aws.plan.Rules[0].CopyActions[0].DestinationBackupVaultArn",
    );
}

#[test]
fn workload_numbers_must_be_sane() {
    let mut s = preset("aiven-pg-business");
    for v in [f64::NAN, f64::INFINITY, -1.0, 0.0, 1e12] {
        s.workload.data_gb = v;
        fails(&validate(&s), "data-size", "workload.data_gb");
    }
    s.workload.data_gb = 10.0;
    s.link.copy_failure_rate = 1.0;
    fails(&validate(&s), "failure-rate", "link.copy_failure_rate");
    s.link.copy_failure_rate = 0.5;
    s.simulation.days = 0;
    fails(&validate(&s), "span", "simulation.days");
}

#[test]
fn every_problem_is_reported_at_once() {
    let p = aiven(|a| {
        a.service_type = "kafka".into();
        a.plan = "gold".into();
        a.additional_backup_regions = vec!["google-europe-west3".into(), "aws-eu-west-1".into()];
    });
    for rule in [
        Rule::ServiceTypeSupported,
        Rule::PlanKnown,
        Rule::OneAdditionalRegion,
        Rule::SameProvider,
        Rule::NotPrimaryRegion,
    ] {
        assert!(p.has_rule(rule), "{rule} missing: {:#?}", p.0);
    }
}

#[test]
fn a_fork_after_enable_btar_finds_the_enabled_region() {
    let mut s = preset("aiven-pg-business");
    let t0 = s.simulation.start;
    s.events = vec![
        TimelineEvent::DisableBtar {
            at: t0 + chrono::Duration::days(2),
        },
        TimelineEvent::EnableBtar {
            at: t0 + chrono::Duration::days(3),
            region: Some("aws-eu-north-1".into()),
        },
        TimelineEvent::Fork {
            at: t0 + chrono::Duration::days(6),
            from_region: Some("aws-eu-north-1".into()),
            point_in_time: None,
            name: None,
        },
    ];
    let p = validate(&s);
    assert!(
        !p.0.iter().any(|w| w.rule == "fork-from-secondary"),
        "{:?}",
        p.0
    );
    // The simulation agrees: the fork restores from there.
    let r = btar_planner::sim::simulate(&s).expect("simulates");
    assert!(r.forks[0].result.is_ok(), "{:?}", r.forks[0].result);
}

#[test]
fn the_start_year_is_bounded() {
    let mut s = preset("aiven-pg-business");
    s.simulation.start = "2300-01-01T00:00:00Z".parse().expect("date");
    fails(&validate(&s), "span-start", "simulation.start");
}

/// A vault name left as a shell variable (`${VAULT}` in a script that was
/// not expanded) is named as such, not only as an invalid name.
#[test]
fn an_unexpanded_shell_variable_is_named_as_one() {
    for name in ["${VAULT}", "$DR_VAULT"] {
        let p = aws(|a| a.plan.rules[0].target_backup_vault_name = name.into());
        fails(
            &p,
            "vault-name",
            "platform.aws.plan.Rules[0].TargetBackupVaultName",
        );
        let e = p.errors().next().expect("an error");
        assert!(
            e.message.contains("unexpanded shell variable"),
            "{}",
            e.message
        );
        assert!(e.message.contains(name), "{}", e.message);
    }
    // An ordinary bad name keeps the rule's own words.
    let p = aws(|a| a.plan.rules[0].target_backup_vault_name = "a b".into());
    let e = p.errors().next().expect("an error");
    assert!(
        e.message.starts_with("a vault name is 2–50"),
        "{}",
        e.message
    );
}

/// A field the input did not know is judged by what it is: while it holds
/// its stand-in, a warning says what could not be checked; once a value is
/// typed over it, that value is judged like any other.
#[test]
fn an_unknown_field_is_not_judged_by_its_stand_in() {
    use btar_planner::domain::scenario::Unknown;
    let field = "platform.aws.plan.Rules[0].TargetBackupVaultName";
    let mut s = preset("aws-guide-one-dr");
    s.unknowns.push(Unknown {
        field: field.into(),
        expression: "data.aws_backup_vault.x.name".into(),
        stand_in: "unknown-vault".into(),
    });
    let set = |s: &mut Scenario, v: &str| {
        if let Platform::Aws(a) = &mut s.platform {
            a.plan.rules[0].target_backup_vault_name = v.into();
        }
    };
    set(&mut s, "unknown-vault");
    let p = validate(&s);
    assert!(p.is_valid(), "{:?}", p.errors().collect::<Vec<_>>());
    let w = p.warnings().find(|w| w.field == field).expect("said");
    assert_eq!(w.rule, Rule::UnknownValue);
    assert!(
        w.message.contains("`data.aws_backup_vault.x.name`"),
        "{}",
        w.message
    );
    // Typed over: judged, and the unknown no longer said.
    set(&mut s, "a b");
    let p = validate(&s);
    fails(&p, "vault-name", field);
    assert!(p.warnings().all(|w| w.rule != Rule::UnknownValue));
}
