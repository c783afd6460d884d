//! The cheapest plans that meet the objectives: variants of the scenario
//! over each platform's levers (AWS: backup frequency, one or two DR regions
//! among the nearest candidates, DR retention, moving DR copies kept 120 days
//! or more to cold storage after 30 days, continuous backup; Aiven: the additional backup
//! region, the plan tier, the backup interval; Zilliz: the target region and
//! the copies' retention), each simulated and billed; the plans no other plan
//! beats on both steady-month cost and worst data loss are kept.

use serde::{Deserialize, Serialize};

use btar_core::domain::catalog::{self, Region};
use btar_core::domain::scenario::{
    AivenPlanTier, AwsLifecycle, AwsVault, Lever, Levers, Objectives, Platform, Scenario, VaultArn,
    ZillizBackups, ZillizTarget,
};

/// One plan of the frontier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub monthly_usd: f64,
    pub worst_data_loss_s: i64,
    /// `None`: no restore in another region.
    pub restore_s: Option<i64>,
    pub meets_objectives: bool,
    /// What differs from the scenario, in words; empty for the scenario.
    pub changes: Vec<String>,
    /// The scenario with the changes made (applied by the app, exported).
    #[serde(skip)]
    pub scenario: Scenario,
}

/// One plan as the app lists it: [`Plan`] with its scenario in
/// scenario-file JSON (applied or exported as it is).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    pub monthly_usd: f64,
    pub worst_data_loss_s: i64,
    pub restore_s: Option<i64>,
    pub meets_objectives: bool,
    pub changes: Vec<String>,
    pub scenario: String,
}

/// The frontier as the app shows it, sent by the compute worker in
/// postcard bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrontierView {
    /// Cheapest first, as [`keep`] lists them.
    pub plans: Vec<PlanView>,
    /// The scenario as it is when every plan listed beats it (else it is
    /// among the plans, with no changes).
    pub beaten: Option<Measured>,
    /// How many variants were simulated and billed.
    pub measured: u32,
    pub rpo_s: Option<i64>,
    pub monthly_budget_usd: Option<f64>,
}

impl FrontierView {
    pub fn new(
        plans: &[Plan],
        current: Option<&Measured>,
        o: &Objectives,
        measured: usize,
    ) -> FrontierView {
        FrontierView {
            plans: plans
                .iter()
                .map(|p| PlanView {
                    monthly_usd: p.monthly_usd,
                    worst_data_loss_s: p.worst_data_loss_s,
                    restore_s: p.restore_s,
                    meets_objectives: p.meets_objectives,
                    changes: p.changes.clone(),
                    scenario: btar_core::formats::scenario_file::to_compact_json(&p.scenario),
                })
                .collect(),
            beaten: current
                .filter(|_| plans.iter().all(|p| !p.changes.is_empty()))
                .cloned(),
            measured: measured as u32,
            rpo_s: o.rpo_s,
            monthly_budget_usd: o.monthly_budget_usd,
        }
    }

    /// The cheapest plan listed that meets every objective set.
    pub fn cheapest_meeting(&self) -> Option<&PlanView> {
        self.plans.iter().find(|p| p.meets_objectives)
    }
}

/// Regions of the primary's provider, nearest first, not the primary.
fn candidates(primary: &Region, n: usize) -> Vec<&'static Region> {
    let mut v: Vec<&'static Region> = catalog::REGIONS
        .iter()
        .filter(|r| r.provider == primary.provider && r.cloud != primary.cloud)
        .collect();
    v.sort_by(|a, b| a.distance_km(primary).total_cmp(&b.distance_km(primary)));
    v.truncate(n);
    v
}

/// The changes in words, and the scenario with them made.
pub type Variant = (Vec<String>, Scenario);

fn aws_variants(s: &Scenario, primary: &Region, may: Levers) -> Vec<Variant> {
    let Platform::Aws(a0) = &s.platform else {
        return Vec::new();
    };
    let Some(rule0) = a0.plan.rules.first() else {
        return Vec::new();
    };
    let dr_vault = rule0
        .copy_actions
        .first()
        .and_then(|c| VaultArn::parse(&c.destination_backup_vault_arn))
        .map_or("dr-vault".to_string(), |a| a.name);
    let all_schedules: [(Option<&str>, &str); 5] = [
        (None, ""),
        (Some("cron(0 * * * ? *)"), "back up hourly"),
        (Some("cron(0 */4 * * ? *)"), "back up every 4 hours"),
        (Some("cron(0 */12 * * ? *)"), "back up every 12 hours"),
        (Some("cron(0 3 * * ? *)"), "back up daily at 03:00 UTC"),
    ];
    // Only the levers the user allows vary; the rest stay as they are.
    let schedules = &all_schedules[..if may.contains(Lever::Schedule) { 5 } else { 1 }];
    let mut regions: Vec<(Option<Vec<&'static Region>>, String)> = vec![(None, String::new())];
    let near = if may.contains(Lever::Regions) {
        candidates(primary, 3)
    } else {
        Vec::new()
    };
    for r in &near {
        regions.push((Some(vec![*r]), format!("copy to {} only", r.cloud)));
    }
    if near.len() >= 2 {
        regions.push((
            Some(vec![near[0], near[1]]),
            format!("copy to {} and {}", near[0].cloud, near[1].cloud),
        ));
    }
    let all_retentions: [Option<i64>; 4] = [None, Some(7), Some(14), Some(35)];
    let retentions = &all_retentions[..if may.contains(Lever::Retention) { 4 } else { 1 }];
    let mut out = Vec::new();
    for &(cron, cron_text) in schedules {
        for (dests, dest_text) in &regions {
            for &keep in retentions {
                let mut v = s.clone();
                let mut changes = Vec::new();
                let Platform::Aws(a) = &mut v.platform else {
                    continue;
                };
                let Some(rule) = a.plan.rules.first_mut() else {
                    continue;
                };
                if let Some(c) = cron {
                    if rule.schedule_expression.as_deref() == Some(c) {
                        continue;
                    }
                    rule.schedule_expression = Some(c.to_string());
                    changes.push(format!("rule {}: {cron_text}", rule.rule_name));
                }
                if let Some(list) = dests {
                    let old = rule.copy_actions.first().and_then(|c| c.lifecycle);
                    rule.copy_actions = list
                        .iter()
                        .map(|r| btar_core::domain::scenario::AwsCopyAction {
                            destination_backup_vault_arn: format!(
                                "arn:aws:backup:{}:{}:backup-vault:{dr_vault}",
                                r.id, a.account_id
                            ),
                            lifecycle: old,
                        })
                        .collect();
                    changes.push(format!("rule {}: {dest_text}", rule.rule_name));
                    for r in list {
                        if !a
                            .vaults
                            .iter()
                            .any(|x| x.name == dr_vault && x.region == r.id)
                        {
                            a.vaults.push(AwsVault {
                                name: dr_vault.clone(),
                                region: r.id.to_string(),
                                kms_key_arn: None,
                                access_policy: btar_core::domain::scenario::VaultPolicy::AllowsCopy,
                            });
                            // Every change Apply makes is listed.
                            changes.push(format!(
                                "add vault {dr_vault} in {} (its access policy allows copies)",
                                r.id
                            ));
                        }
                    }
                }
                if let Some(days) = keep {
                    let mut changed = false;
                    for c in &mut rule.copy_actions {
                        let mut l = c
                            .lifecycle
                            .or(rule.lifecycle)
                            .unwrap_or(AwsLifecycle::default());
                        if l.delete_after_days == Some(days) {
                            continue;
                        }
                        l.delete_after_days = Some(days);
                        // Cold storage needs 90 days after the move.
                        if l.move_to_cold_storage_after_days
                            .is_some_and(|m| days < m + 90)
                        {
                            l.move_to_cold_storage_after_days = None;
                        }
                        c.lifecycle = Some(l);
                        changed = true;
                    }
                    if !changed {
                        continue;
                    }
                    changes.push(format!(
                        "rule {}: keep DR copies {days} days",
                        rule.rule_name
                    ));
                }
                out.push((changes, v));
            }
        }
    }
    // Cold storage for DR copies kept long enough (AWS Backup keeps a
    // point 90 days in cold storage at least): moved after 30 days.
    let cold_tier = s.workload.resource_type.has_cold_tier() && may.contains(Lever::ColdStorage);
    let cold: Vec<Variant> = out
        .iter()
        .filter(|_| cold_tier)
        .filter_map(|(changes, v)| {
            let mut v = v.clone();
            let Platform::Aws(a) = &mut v.platform else {
                return None;
            };
            let rule = a.plan.rules.first_mut()?;
            let fallback = rule.lifecycle;
            let mut changed = false;
            for c in &mut rule.copy_actions {
                let mut l = c.lifecycle.or(fallback).unwrap_or_default();
                if l.move_to_cold_storage_after_days.is_some()
                    || l.delete_after_days.is_none_or(|d| d < 30 + 90)
                {
                    continue;
                }
                l.move_to_cold_storage_after_days = Some(30);
                c.lifecycle = Some(l);
                changed = true;
            }
            let mut changes = changes.clone();
            changes.push(format!(
                "rule {}: move DR copies to cold storage after 30 days",
                rule.rule_name
            ));
            changed.then_some((changes, v))
        })
        .collect();
    out.extend(cold);
    // Continuous backup on or off (point-in-time recovery in the source
    // vault; its cross-region copies stay snapshots).
    let mut v = s.clone();
    if let (Platform::Aws(a), true) = (&mut v.platform, may.contains(Lever::ContinuousBackup)) {
        if let Some(rule) = a.plan.rules.first_mut() {
            let on = rule.enable_continuous_backup != Some(true);
            rule.enable_continuous_backup = Some(on);
            let change = format!(
                "rule {}: continuous backup {}",
                rule.rule_name,
                if on { "on" } else { "off" }
            );
            out.push((vec![change], v));
        }
    }
    out
}

fn aiven_variants(s: &Scenario, primary: &Region, may: Levers) -> Vec<Variant> {
    let Platform::Aiven(a0) = &s.platform else {
        return Vec::new();
    };
    let size = a0.plan.split_once('-').map_or("4", |(_, n)| n).to_string();
    let mut out = Vec::new();
    let mut regions: Vec<Option<&'static Region>> = vec![None];
    if may.contains(Lever::Regions) {
        regions.extend(candidates(primary, 3).into_iter().map(Some));
    }
    let all_tiers = [
        None,
        Some(AivenPlanTier::Startup),
        Some(AivenPlanTier::Business),
        Some(AivenPlanTier::Premium),
    ];
    let tiers = &all_tiers[..if may.contains(Lever::PlanTier) { 4 } else { 1 }];
    let all_hours = [None, Some(1u32), Some(6), Some(12), Some(24)];
    let hours_list = &all_hours[..if may.contains(Lever::Schedule) { 5 } else { 1 }];
    for region in regions {
        for &tier in tiers {
            for &hours in hours_list {
                let mut v = s.clone();
                let mut changes = Vec::new();
                let Platform::Aiven(a) = &mut v.platform else {
                    continue;
                };
                if let Some(r) = region {
                    if a.additional_backup_regions.first().map(String::as_str) == Some(r.cloud) {
                        continue;
                    }
                    a.additional_backup_regions = vec![r.cloud.to_string()];
                    changes.push(format!("additional backup region {}", r.cloud));
                }
                if let Some(t) = tier {
                    let plan = format!("{}-{size}", t.name());
                    if a.plan == plan {
                        continue;
                    }
                    a.plan = plan.clone();
                    changes.push(format!("plan {plan}"));
                }
                if let Some(h) = hours {
                    if a.backup_interval_hours == h {
                        continue;
                    }
                    a.backup_interval_hours = h;
                    changes.push(format!("a base backup every {h} h"));
                }
                out.push((changes, v));
            }
        }
    }
    out
}

fn zilliz_variants(s: &Scenario, primary: &Region, may: Levers) -> Vec<Variant> {
    let Platform::Zilliz(z0) = &s.platform else {
        return Vec::new();
    };
    let scheduled = matches!(z0.backups, ZillizBackups::Scheduled { .. });
    let mut out = Vec::new();
    let mut regions: Vec<Option<&'static Region>> = vec![None];
    if may.contains(Lever::Regions) {
        regions.extend(candidates(primary, 3).into_iter().map(Some));
    }
    let keeps: &[Option<u32>] = if scheduled && may.contains(Lever::Retention) {
        &[None, Some(7), Some(14), Some(30)]
    } else {
        &[None]
    };
    for region in regions {
        for keep in keeps {
            let mut v = s.clone();
            let mut changes = Vec::new();
            let Platform::Zilliz(z) = &mut v.platform else {
                continue;
            };
            if let Some(r) = region {
                let days = z.targets.first().and_then(|t| t.retention_days);
                z.targets = vec![ZillizTarget {
                    region: r.cloud.to_string(),
                    retention_days: days,
                }];
                changes.push(format!("copy to {} only", r.cloud));
            }
            if let Some(d) = keep {
                for t in &mut z.targets {
                    t.retention_days = Some(*d);
                }
                changes.push(format!("keep copies {d} days"));
            }
            out.push((changes, v));
        }
    }
    out
}

/// The variants of a scenario over its platform's levers, the scenario
/// itself first (with no changes). The same scenario gives the same list in
/// the same order, so a worker can measure a share of it by index.
pub fn variants(s: &Scenario, may: Levers) -> Result<Vec<Variant>, String> {
    let primary = s.primary_region().ok_or("the primary region is unknown")?;
    let mut variants: Vec<Variant> = match &s.platform {
        Platform::Aws(_) => aws_variants(s, primary, may),
        Platform::Aiven(_) => aiven_variants(s, primary, may),
        Platform::Zilliz(_) => zilliz_variants(s, primary, may),
    };
    if variants.iter().all(|(c, _)| !c.is_empty()) {
        variants.insert(0, (Vec::new(), s.clone()));
    }
    Ok(variants)
}

/// What one variant measured: its steady-month cost, worst data lost,
/// restore time and whether it meets the objectives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measured {
    /// Its place in [`variants`].
    pub index: usize,
    pub monthly_usd: f64,
    pub worst_data_loss_s: i64,
    /// `None`: no restore in another region.
    pub restore_s: Option<i64>,
    pub meets_objectives: bool,
}

/// Simulates and bills variant `index`; `None` when it is not a valid plan.
pub fn measure(index: usize, v: &Scenario, o: &Objectives) -> Option<Measured> {
    let a =
        crate::analysis::analyse(v, crate::sim::engine::MAX_JOBS, o, &|t| t.to_string()).ok()?;
    let vd = a.verdict;
    let worst = vd.worst.map_or(a.sim.span_s, |w| w.data_loss_s);
    Some(Measured {
        index,
        monthly_usd: vd.monthly_usd,
        worst_data_loss_s: worst,
        restore_s: vd.restore_s,
        meets_objectives: vd.all_met(),
    })
}

/// The measured plans no other beats on both cost and worst data loss,
/// cheapest first, one per (cost, loss): the one with the fewest changes.
pub fn keep(variants: &[Variant], measured: &[Measured]) -> Vec<Plan> {
    let mut kept: Vec<(&Measured, &Variant)> = measured
        .iter()
        .filter(|p| {
            !measured.iter().any(|q| {
                q.monthly_usd <= p.monthly_usd
                    && q.worst_data_loss_s <= p.worst_data_loss_s
                    && (q.monthly_usd < p.monthly_usd || q.worst_data_loss_s < p.worst_data_loss_s)
            })
        })
        .filter_map(|m| variants.get(m.index).map(|v| (m, v)))
        .collect();
    kept.sort_by(|(a, va), (b, vb)| {
        a.monthly_usd
            .total_cmp(&b.monthly_usd)
            .then(a.worst_data_loss_s.cmp(&b.worst_data_loss_s))
            .then(va.0.len().cmp(&vb.0.len()))
            .then(a.index.cmp(&b.index))
    });
    kept.dedup_by(|(b, _), (a, _)| {
        a.monthly_usd == b.monthly_usd && a.worst_data_loss_s == b.worst_data_loss_s
    });
    kept.into_iter()
        .map(|(m, (changes, scenario))| Plan {
            monthly_usd: m.monthly_usd,
            worst_data_loss_s: m.worst_data_loss_s,
            restore_s: m.restore_s,
            meets_objectives: m.meets_objectives,
            changes: changes.clone(),
            scenario: scenario.clone(),
        })
        .collect()
}

/// Every variant measured (on every core natively); then [`keep`]. The
/// scenario itself is always measured (and listed if nothing beats it).
pub fn frontier(s: &Scenario, o: &Objectives) -> Result<Vec<Plan>, String> {
    let variants = variants(s, o.levers())?;
    let measured = measure_all(&variants, &|i, v: &Variant| measure(i, &v.1, o));
    Ok(keep(&variants, &measured))
}

/// Measures the variants, on every core natively.
fn measure_all(
    variants: &[Variant],
    measure: &(dyn Fn(usize, &Variant) -> Option<Measured> + Sync),
) -> Vec<Measured> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(variants.len().max(1));
        let chunk = variants.len().div_ceil(threads.max(1)).max(1);
        std::thread::scope(|sc| {
            let handles: Vec<_> = variants
                .chunks(chunk)
                .enumerate()
                .map(|(k, part)| {
                    sc.spawn(move || {
                        part.iter()
                            .enumerate()
                            .filter_map(|(i, v)| measure(k * chunk + i, v))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        variants
            .iter()
            .enumerate()
            .filter_map(|(i, v)| measure(i, v))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_plan_is_beaten_by_no_other_measured_plan() {
        for id in ["aws-guide-one-dr", "aiven-pg-business", "zilliz-billing"] {
            let s = btar_core::presets::load(id).expect("preset");
            let o = Objectives {
                rpo_s: Some(26 * 3600),
                ..Default::default()
            };
            let plans = frontier(&s, &o).expect("frontier");
            assert!(!plans.is_empty(), "{id}");
            for p in &plans {
                for q in &plans {
                    let dominates = q.monthly_usd <= p.monthly_usd
                        && q.worst_data_loss_s <= p.worst_data_loss_s
                        && (q.monthly_usd < p.monthly_usd
                            || q.worst_data_loss_s < p.worst_data_loss_s);
                    assert!(!dominates, "{id}: {:?} beats {:?}", q.changes, p.changes);
                }
            }
            // Cheapest first, and loss falls as cost rises.
            for w in plans.windows(2) {
                assert!(w[0].monthly_usd <= w[1].monthly_usd);
                assert!(w[0].worst_data_loss_s > w[1].worst_data_loss_s, "{id}");
            }
        }
    }

    /// A variant changes nothing the user did not allow: what it leaves
    /// alone is the scenario's, field for field, for every platform and
    /// every set of allowed levers tried.
    #[test]
    fn variants_change_only_what_the_user_allows() {
        use btar_core::domain::scenario::AwsBackup;
        let copies = |a: &AwsBackup| -> Vec<String> {
            a.plan
                .rules
                .iter()
                .flat_map(|r| r.copy_actions.iter())
                .map(|c| c.destination_backup_vault_arn.clone())
                .collect()
        };
        let keeps = |a: &AwsBackup| -> Vec<Option<i64>> {
            a.plan
                .rules
                .iter()
                .flat_map(|r| r.copy_actions.iter())
                .map(|c| c.lifecycle.and_then(|l| l.delete_after_days))
                .collect()
        };
        for id in [
            "aws-guide-one-dr",
            "aws-guide-two-dr",
            "aiven-pg-business",
            "zilliz-billing",
        ] {
            let s = btar_core::presets::load(id).expect("preset");
            for may in [Levers::NONE, Levers::DEFAULT, Levers::ALL] {
                let vs = variants(&s, may).expect("variants");
                if may == Levers::NONE {
                    assert_eq!(vs.len(), 1, "{id}: only the scenario itself");
                }
                for (changes, v) in &vs {
                    match (&s.platform, &v.platform) {
                        (Platform::Aws(a), Platform::Aws(b)) => {
                            if !may.contains(Lever::Regions) {
                                assert_eq!(copies(a), copies(b), "{id} {changes:?}");
                                assert_eq!(a.vaults, b.vaults, "{id} {changes:?}");
                            }
                            if !may.contains(Lever::Retention) {
                                assert_eq!(keeps(a), keeps(b), "{id} {changes:?}");
                            }
                            if !may.contains(Lever::Schedule) {
                                let cron = |x: &AwsBackup| -> Vec<Option<String>> {
                                    x.plan
                                        .rules
                                        .iter()
                                        .map(|r| r.schedule_expression.clone())
                                        .collect()
                                };
                                assert_eq!(cron(a), cron(b), "{id} {changes:?}");
                            }
                            // Every vault a variant adds is listed.
                            let added = b.vaults.len().saturating_sub(a.vaults.len());
                            let listed = changes
                                .iter()
                                .filter(|c| c.starts_with("add vault"))
                                .count();
                            assert_eq!(added, listed, "{id} {changes:?}");
                        }
                        (Platform::Aiven(a), Platform::Aiven(b)) => {
                            if !may.contains(Lever::PlanTier) {
                                assert_eq!(a.plan, b.plan, "{id} {changes:?}");
                            }
                            if !may.contains(Lever::Regions) {
                                assert_eq!(
                                    a.additional_backup_regions,
                                    b.additional_backup_regions
                                );
                            }
                            if !may.contains(Lever::Schedule) {
                                assert_eq!(a.backup_interval_hours, b.backup_interval_hours);
                            }
                        }
                        (Platform::Zilliz(a), Platform::Zilliz(b)) => {
                            if !may.contains(Lever::Regions) && !may.contains(Lever::Retention) {
                                assert_eq!(a.targets, b.targets, "{id} {changes:?}");
                            }
                        }
                        _ => panic!("{id}: the platform changed"),
                    }
                }
            }
        }
    }

    #[test]
    fn levers_read_and_write_as_their_names() {
        let l = Levers::parse("schedule, retention").expect("reads");
        assert!(l.contains(Lever::Schedule) && l.contains(Lever::Retention));
        assert!(!l.contains(Lever::Regions));
        assert_eq!(
            serde_json::to_string(&l).unwrap(),
            r#"["schedule","retention"]"#
        );
        let back: Levers = serde_json::from_str(r#"["schedule","retention"]"#).unwrap();
        assert_eq!(back, l);
        assert_eq!(Levers::parse("all"), Ok(Levers::ALL));
        assert_eq!(
            Levers::parse("cold-storage"),
            Ok(Levers::NONE.with(Lever::ColdStorage, true))
        );
        let e = Levers::parse("schedule,zones").expect_err("unknown");
        assert!(
            e.starts_with("'zones' is not a lever: use schedule, regions"),
            "{e}"
        );
        assert!(serde_json::from_str::<Levers>(r#"["zones"]"#).is_err());
    }
}
