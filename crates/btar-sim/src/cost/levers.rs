//! The cost levers of cross-region backup, side by side: one vs two DR
//! regions, shorter DR retention, earlier cold storage, fewer resources
//! copied. Each variant of the scenario is simulated and billed, and set
//! against the baseline's monthly cost, worst lag and worst data loss.

use serde::{Deserialize, Serialize};

use crate::sim;
use btar_core::domain::catalog::{self, Region};
use btar_core::domain::scenario::{
    AwsCopyAction, AwsLifecycle, AwsVault, Platform, Scenario, VaultArn, VaultPolicy,
    ZillizBackups, ZillizTarget,
};

/// One row of the comparison (it also crosses the app's worker wire).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeverRow {
    pub name: String,
    pub description: String,
    /// `None` when the lever applies; otherwise why it does not.
    pub not_applicable: Option<String>,
    /// Average cross-region cost of a steady month.
    pub monthly_usd: f64,
    pub delta_usd: f64,
    pub worst_lag_s: i64,
    pub worst_data_loss_s: i64,
}

/// A variant through the analysis pipeline: its monthly figure and worst
/// data loss as the verdict gives them (the loss from the best secondary,
/// after the start-up), and its worst lag.
fn measure(name: &'static str, description: String, s: &Scenario) -> Result<LeverRow, String> {
    let a = crate::analysis::analyse(s, sim::engine::MAX_JOBS, &s.objectives, &|t| t.to_string())
        .map_err(|e| e.to_string())?;
    let r = &a.sim;
    let worst_lag_s = r.lag.iter().map(|l| l.summary.max_s).max().unwrap_or(0);
    let worst_data_loss_s = a.verdict.worst.map_or(r.span_s, |w| w.data_loss_s);
    Ok(LeverRow {
        name: name.to_string(),
        description,
        not_applicable: None,
        monthly_usd: a.verdict.monthly_usd,
        delta_usd: 0.0,
        worst_lag_s,
        worst_data_loss_s,
    })
}

fn not_applicable(name: &'static str, description: &str, why: &str) -> LeverRow {
    LeverRow {
        name: name.to_string(),
        description: description.into(),
        not_applicable: Some(why.into()),
        monthly_usd: 0.0,
        delta_usd: 0.0,
        worst_lag_s: 0,
        worst_data_loss_s: 0,
    }
}

/// A region of the same provider on another continent than `primary`, for
/// a second DR region; well-known regions first.
fn far_region(primary: &Region, taken: &[String]) -> Option<&'static Region> {
    let preferred = [
        "aws-eu-west-1",
        "aws-us-east-1",
        "google-europe-west3",
        "google-us-east4",
        "azure-westeurope",
        "azure-eastus",
        "do-fra",
        "do-nyc",
        "upcloud-de-fra1",
        "upcloud-us-nyc1",
    ];
    let ok = |r: &&Region| {
        r.provider == primary.provider
            && r.continent != primary.continent
            && r.cloud != primary.cloud
            && !taken.iter().any(|t| t == r.cloud)
    };
    preferred
        .iter()
        .filter_map(|c| catalog::region(c))
        .find(|r| ok(r))
        .or_else(|| catalog::regions_of(primary.provider).find(|r| ok(r)))
}

/// Halves a copy lifecycle, keeping cold storage's 90-day rule.
fn shorter(l: AwsLifecycle) -> AwsLifecycle {
    let delete = l.delete_after_days.map(|d| (d / 2).max(1));
    let delete = match (l.move_to_cold_storage_after_days, delete) {
        (Some(c), Some(d)) => Some(d.max(c + 90)),
        (_, d) => d,
    };
    AwsLifecycle {
        delete_after_days: delete,
        ..l
    }
}

/// The scenario with every AWS copy action's effective lifecycle (its own,
/// or else its rule's) replaced by `f` of it.
fn with_copy_lifecycles(
    s: &Scenario,
    f: impl Fn(Option<AwsLifecycle>) -> Option<AwsLifecycle>,
) -> Scenario {
    let mut v = s.clone();
    if let Platform::Aws(a) = &mut v.platform {
        for rule in &mut a.plan.rules {
            let rule_lc = rule.lifecycle;
            for c in &mut rule.copy_actions {
                c.lifecycle = f(c.lifecycle.or(rule_lc));
            }
        }
    }
    v
}

/// Builds and measures every lever for a scenario. The scenario must be valid.
pub fn compare(s: &Scenario) -> Result<Vec<LeverRow>, String> {
    let mut rows = vec![measure("baseline", "the scenario as it is".into(), s)?];
    let primary = s.primary_region().ok_or("the primary region is unknown")?;
    let secondaries = s.secondary_regions();

    // One vs two DR regions.
    match &s.platform {
        Platform::Aiven(_) => rows.push(not_applicable(
            "dr_regions",
            "a second DR region",
            "Aiven takes one additional backup region",
        )),
        Platform::Aws(_) if secondaries.len() >= 2 => {
            let keep = catalog::region(&secondaries[0])
                .map(|r| r.id)
                .unwrap_or_default();
            let mut v = s.clone();
            if let Platform::Aws(va) = &mut v.platform {
                for rule in &mut va.plan.rules {
                    rule.copy_actions.retain(|c| {
                        VaultArn::parse(&c.destination_backup_vault_arn)
                            .is_some_and(|arn| arn.region == keep)
                    });
                }
            }
            rows.push(measure(
                "dr_regions",
                format!("one DR region ({keep}) instead of {}", secondaries.len()),
                &v,
            )?);
        }
        Platform::Aws(_) => match far_region(primary, &secondaries) {
            Some(far) => {
                let mut v = s.clone();
                if let Platform::Aws(va) = &mut v.platform {
                    let arn = VaultArn::format(far.id, &va.account_id, "dr-second");
                    for rule in &mut va.plan.rules {
                        if let Some(first) = rule.copy_actions.first().cloned() {
                            rule.copy_actions.push(AwsCopyAction {
                                destination_backup_vault_arn: arn.clone(),
                                lifecycle: first.lifecycle,
                            });
                        }
                    }
                    va.vaults.push(AwsVault {
                        name: "dr-second".into(),
                        region: far.id.into(),
                        kms_key_arn: None,
                        access_policy: VaultPolicy::AllowsCopy,
                    });
                }
                rows.push(measure(
                    "dr_regions",
                    format!(
                        "a second DR region, {} ({})",
                        far.cloud,
                        far.continent.display_name()
                    ),
                    &v,
                )?);
            }
            None => rows.push(not_applicable(
                "dr_regions",
                "a second DR region",
                "no region on another continent",
            )),
        },
        Platform::Zilliz(z) => {
            let mut v = s.clone();
            let desc;
            if let Platform::Zilliz(vz) = &mut v.platform {
                if z.targets.len() >= 2 {
                    vz.targets.truncate(1);
                    desc = format!(
                        "one DR region ({}) instead of {}",
                        vz.targets[0].region,
                        z.targets.len()
                    );
                } else if let Some(far) = far_region(primary, &secondaries) {
                    let retention = z.targets.first().and_then(|t| t.retention_days);
                    vz.targets.push(ZillizTarget {
                        region: far.cloud.into(),
                        retention_days: retention,
                    });
                    desc = format!("a second DR region, {}", far.cloud);
                } else {
                    desc = String::new();
                }
            } else {
                desc = String::new();
            }
            if desc.is_empty() {
                rows.push(not_applicable(
                    "dr_regions",
                    "a second DR region",
                    "no region on another continent",
                ));
            } else {
                rows.push(measure("dr_regions", desc, &v)?);
            }
        }
    }

    // Shorter DR retention.
    match &s.platform {
        Platform::Aiven(_) => rows.push(not_applicable(
            "dr_retention",
            "shorter DR retention",
            "Aiven keeps secondary backups for the plan's retention",
        )),
        Platform::Aws(_) => {
            let v = with_copy_lifecycles(s, |l| l.map(shorter));
            rows.push(measure(
                "dr_retention",
                "DR copies kept half as long (cold storage's 90 days respected)".into(),
                &v,
            )?);
        }
        Platform::Zilliz(z) => match z.backups {
            ZillizBackups::Manual { .. } => rows.push(not_applicable(
                "dr_retention",
                "shorter DR retention",
                "copies of manual backups are kept permanently",
            )),
            ZillizBackups::Scheduled { .. } => {
                let mut v = s.clone();
                if let Platform::Zilliz(vz) = &mut v.platform {
                    for t in &mut vz.targets {
                        t.retention_days = t.retention_days.map(|d| (d / 2).max(1));
                    }
                }
                rows.push(measure(
                    "dr_retention",
                    "DR copies kept half as long".into(),
                    &v,
                )?);
            }
        },
    }

    // Earlier cold storage.
    match &s.platform {
        Platform::Aws(_) if !s.workload.resource_type.has_cold_tier() => rows.push(not_applicable(
            "cold_storage",
            "earlier cold storage",
            "AWS Backup has no cold storage for this resource type",
        )),
        Platform::Aws(_) => {
            let v = with_copy_lifecycles(s, |l| {
                let l = l.unwrap_or_default();
                Some(AwsLifecycle {
                    move_to_cold_storage_after_days: Some(7),
                    delete_after_days: Some(l.delete_after_days.unwrap_or(97).max(97)),
                })
            });
            rows.push(measure(
                "cold_storage",
                "DR copies to cold storage after 7 days (kept at least 97)".into(),
                &v,
            )?);
        }
        Platform::Aiven(_) | Platform::Zilliz(_) => rows.push(not_applicable(
            "cold_storage",
            "earlier cold storage",
            "the platform has no cold tier for backups",
        )),
    }

    // Fewer resources copied.
    match &s.platform {
        Platform::Aws(_) => {
            let mut v = s.clone();
            v.workload.data_gb /= 2.0;
            v.workload.write_gb_per_day /= 2.0;
            rows.push(measure(
                "fewer_resources",
                "copy only critical resources (assumed: half the data)".into(),
                &v,
            )?);
        }
        _ => rows.push(not_applicable(
            "fewer_resources",
            "copy fewer resources",
            "the platform copies the whole service or cluster",
        )),
    }
    let base = rows[0].monthly_usd;
    for r in rows.iter_mut().skip(1) {
        if r.not_applicable.is_none() {
            r.delta_usd = r.monthly_usd - base;
        }
    }
    Ok(rows)
}
