//! `btar cost` without a scenario: the quick estimate, and its flags.

use super::*;

pub(super) fn region_or_exit(name: &str, flag: &str) -> Result<&'static catalog::Region, String> {
    catalog::region(name).ok_or_else(|| {
        let s = catalog::suggest(name);
        format!(
            "{flag}: '{name}' is not a region the planner knows{}",
            if s.is_empty() {
                String::new()
            } else {
                format!("; did you mean {}?", s.join(", "))
            }
        )
    })
}

/// `--resource-type ID`.
pub(super) fn resource_type_id(id: &str) -> Result<ResourceType, String> {
    ResourceType::parse(id).ok_or_else(|| {
        let ids: Vec<&str> = ResourceType::ALL.iter().map(|r| r.id()).collect();
        format!("'{id}' is not a resource type; one of: {}", ids.join(", "))
    })
}

pub(super) fn quick_cost(
    size_gb: f64,
    from: &str,
    to: &[String],
    months: f64,
    schedule: Option<(f64, f64, f64)>,
    basis: PriceBasis,
    as_json: bool,
) -> Result<(), CliError> {
    let run = || -> Result<QuickEstimate, String> {
        if !size_gb.is_finite() || size_gb <= 0.0 || size_gb > 10_000_000.0 {
            return Err(format!(
                "--size-gb: {size_gb} must be more than 0 and at most 10000000"
            ));
        }
        if !months.is_finite() || months <= 0.0 || months > 1200.0 {
            return Err(format!(
                "--months: {months} must be more than 0 and at most 1200"
            ));
        }
        if to.is_empty() {
            return Err("--to: name at least one target region".into());
        }
        let f = region_or_exit(from, "--from")?;
        let mut targets = Vec::new();
        for t in to {
            let r = region_or_exit(t, "--to")?;
            if r.provider != f.provider {
                return Err(format!(
                    "--to: {} is on {}, the source is on {}: copies stay on one provider",
                    r.cloud, r.provider, f.provider
                ));
            }
            if r.cloud == f.cloud {
                return Err(format!("--to: {} is the source region itself", r.cloud));
            }
            // One copy per region, however often (or under whichever
            // alias) it is named.
            if targets
                .iter()
                .any(|x: &&catalog::Region| x.cloud == r.cloud)
            {
                eprintln!(
                    "note: --to names {} more than once; it is billed once",
                    r.cloud
                );
                continue;
            }
            targets.push(r);
        }
        let Some((change, keep, every)) = schedule else {
            return Ok(cost::quick_estimate(
                size_gb,
                f,
                &targets,
                months,
                basis,
                &Default::default(),
            ));
        };
        for (flag, v, max) in [
            ("--change-gb-per-day", change, 10_000_000.0),
            ("--keep-days", keep, 36_500.0),
            ("--every-hours", every, 8_760.0),
        ] {
            let ok = v.is_finite()
                && v <= max
                && (v > 0.0 || (flag == "--change-gb-per-day" && v == 0.0));
            if !ok {
                return Err(format!(
                    "{flag}: {v} must be a number above 0 and at most {max}"
                ));
            }
        }
        let incremental = f.provider == catalog::Provider::Aws
            && matches!(basis, PriceBasis::List(rt) if rt.incremental());
        Ok(cost::quick_estimate_schedule(
            size_gb,
            &cost::Increments {
                change_gb_per_day: change,
                keep_days: keep,
                every_hours: every,
                incremental,
            },
            f,
            &targets,
            months,
            basis,
            &Default::default(),
        ))
    };
    match run() {
        Ok(e) => {
            if as_json {
                println!("{}", serde_json::to_string_pretty(&e).unwrap_or_default());
            } else {
                println!(
                    "{} GB from {} kept {} month(s) (30-day months):",
                    e.size_gb, e.from, e.months
                );
                for l in &e.lines {
                    println!(
                        "  {:<28} ({}) {}",
                        l.region,
                        if l.same_continent {
                            "same continent"
                        } else {
                            "other continent"
                        },
                        l.arithmetic
                    );
                    println!(
                        "  {:<28} prices: {}{}",
                        "",
                        l.price_source,
                        if l.assumption {
                            " (this storage price is an assumption)"
                        } else {
                            ""
                        }
                    );
                }
                println!(
                    "storage {} + transfer {} = total {}",
                    report::usd(e.storage_usd),
                    report::usd(e.transfer_usd),
                    report::usd(e.total_usd)
                );
            }
            Ok(())
        }
        Err(e) => Err(CliError::unreadable(e)),
    }
}
