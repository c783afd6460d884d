//! Unit prices: the region catalog's defaults with a scenario's overrides,
//! the price of a copy between two regions, and the quick estimate of one
//! backup copied to regions and kept some months (the Zilliz calculation).

use serde::Serialize;

use btar_core::domain::catalog::{self, ProviderPrices, Region};
use btar_core::domain::pricebook::{self, PriceBasis};
use btar_core::domain::scenario::PriceOverrides;

/// The scenario's price override for a region, keyed by any name the catalog
/// accepts (`gcp-us-east4` for `google-us-east4`): the exact key first.
pub(crate) fn region_override<'a>(
    region: &Region,
    overrides: &'a PriceOverrides,
) -> Option<&'a btar_core::domain::scenario::RegionPriceOverride> {
    overrides.regions.get(region.cloud).or_else(|| {
        overrides
            .regions
            .iter()
            .find(|(k, _)| catalog::region(k).is_some_and(|r| r.cloud == region.cloud))
            .map(|(_, o)| o)
    })
}

/// The unit prices of one region on a price basis, with any override.
pub fn region_prices(
    region: &Region,
    basis: PriceBasis,
    overrides: &PriceOverrides,
) -> ProviderPrices {
    let mut p = pricebook::unit_prices(region, basis).0;
    // Keyed by any name the catalog accepts (`gcp-us-east4` for
    // `google-us-east4`): the exact key first, then any alias of it.
    if let Some(o) = region_override(region, overrides) {
        if let Some(v) = o.storage_hot_gb_month {
            p.storage_hot_gb_month = v;
        }
        if let Some(v) = o.storage_cold_gb_month {
            p.storage_cold_gb_month = v;
        }
        if let Some(v) = o.transfer_same_continent_gb {
            p.transfer_same_continent_gb = v;
        }
        if let Some(v) = o.transfer_other_continent_gb {
            p.transfer_other_continent_gb = v;
        }
    }
    p
}

/// Price per GB of copying from one region to another, and whether the pair
/// counted as same-continent: the basis's pair price (AWS by source region,
/// GCP and Azure by continent pair), unless the scenario overrides the
/// source region's transfer price for that kind of pair.
pub fn transfer_price(
    from: &Region,
    to: &Region,
    basis: PriceBasis,
    overrides: &PriceOverrides,
) -> (f64, bool) {
    let same = from.continent == to.continent;
    if from.cloud == to.cloud {
        // A copy within one region (AWS: to another account) moves nothing
        // between regions.
        return (0.0, true);
    }
    let o = region_override(from, overrides).and_then(|o| {
        if same {
            o.transfer_same_continent_gb
        } else {
            o.transfer_other_continent_gb
        }
    });
    (
        o.unwrap_or_else(|| pricebook::transfer_gb(from, to, basis)),
        same,
    )
}

/// One target region of a quick estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuickLine {
    pub region: String,
    pub same_continent: bool,
    pub storage_price_gb_month: f64,
    pub transfer_price_gb: f64,
    pub storage_usd: f64,
    pub transfer_usd: f64,
    /// GB copied to this region over the months (every copy, full or
    /// incremental).
    pub transferred_gb: f64,
    /// Stored GB × months in this region.
    pub storage_gb_months: f64,
    /// The calculation in words and figures.
    pub arithmetic: String,
    /// Where the region's prices come from (with their "as of" date), or
    /// the scenario's override.
    pub price_source: &'static str,
    /// Whether the storage price is an assumption rather than published.
    pub assumption: bool,
}

/// A target region's price source for a quick estimate.
fn quick_source(t: &Region, basis: PriceBasis, overrides: &PriceOverrides) -> (&'static str, bool) {
    if region_override(t, overrides).is_some() {
        return ("your price override (prices.regions)", false);
    }
    let src = pricebook::price_source(t, basis);
    (src.source, src.assumption)
}

/// A backup schedule for the incremental quick estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Increments {
    /// GB of the data that change per day.
    pub change_gb_per_day: f64,
    /// Days each backup (and copy) is kept.
    pub keep_days: f64,
    /// Hours between backups.
    pub every_hours: f64,
    /// Whether later backups and copies store only the change (AWS
    /// incremental resource types) or are full copies.
    pub incremental: bool,
}

/// Storage and transfer of one target under a backup schedule: copy `k`
/// is made at `k × every` hours; the first, and any whose predecessor has
/// already expired, moves and stores the full size, the others the change
/// since the previous copy (at most the full size); when a copy expires the
/// next one holds the full size from then on. Returns (GB moved, GB-months
/// stored, copies, full copies) over `months` 30-day months.
pub fn schedule_totals(size_gb: f64, inc: &Increments, months: f64) -> (f64, f64, u64, u64) {
    let horizon_h = months * 720.0;
    let every = inc.every_hours.max(1.0 / 60.0);
    let keep_h = inc.keep_days * 24.0;
    let change = (inc.change_gb_per_day * every / 24.0).clamp(0.0, size_gb);
    // Copies made within the horizon (bounded: a minute apart for 100 years
    // is 52 M, so cap the loop and scale).
    let count = ((horizon_h / every).ceil() as u64).clamp(1, 10_000_000);
    let (mut moved, mut gb_hours, mut full_copies) = (0.0, 0.0, 0u64);
    for k in 0..count {
        let made = k as f64 * every;
        let gone = (made + keep_h).min(horizon_h);
        // Chained to the previous copy if that one is still kept.
        let chained = inc.incremental && k > 0 && keep_h > every;
        let stored = if chained { change } else { size_gb };
        if !chained {
            full_copies += 1;
        }
        moved += stored;
        // Full from when the previous copy expires (it stops sharing).
        let promote = if chained {
            (made - every + keep_h).clamp(made, gone)
        } else {
            made
        };
        gb_hours += stored * (promote - made).max(0.0) + size_gb * (gone - promote).max(0.0);
    }
    (moved, gb_hours / 720.0, count, full_copies)
}

/// The quick estimate under a backup schedule: per target, the copies and
/// their storage over the months, with the arithmetic.
pub fn quick_estimate_schedule(
    size_gb: f64,
    inc: &Increments,
    from: &Region,
    to: &[&Region],
    months: f64,
    basis: PriceBasis,
    overrides: &PriceOverrides,
) -> QuickEstimate {
    let (moved, gb_months, copies, fulls) = schedule_totals(size_gb, inc, months);
    let lines: Vec<QuickLine> = to
        .iter()
        .map(|t| {
            let storage_price = region_prices(t, basis, overrides).storage_hot_gb_month;
            let (transfer_price, same) = transfer_price(from, t, basis, overrides);
            let increment = (inc.change_gb_per_day * inc.every_hours / 24.0).min(size_gb);
            let arithmetic = format!(
                "{copies} copies ({fulls} full × {size_gb} GB + {} × {increment} GB of change) = {moved:.2} GB × ${transfer_price}/GB = ${:.2}; stored {gb_months:.2} GB-months (each copy kept {} days; the oldest kept copy holds the full size) × ${storage_price}/GB-month = ${:.2}",
                copies - fulls,
                moved * transfer_price,
                inc.keep_days,
                gb_months * storage_price,
            );
            let (price_source, assumption) = quick_source(t, basis, overrides);
            QuickLine {
                price_source,
                assumption,
                region: t.cloud.to_string(),
                same_continent: same,
                storage_price_gb_month: storage_price,
                transfer_price_gb: transfer_price,
                storage_usd: gb_months * storage_price,
                transfer_usd: moved * transfer_price,
                transferred_gb: moved,
                storage_gb_months: gb_months,
                arithmetic,
            }
        })
        .collect();
    QuickEstimate::of(size_gb, from, months, lines)
}

/// One backup copied to several regions and kept there for some months:
/// the Zilliz billing calculation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuickEstimate {
    pub size_gb: f64,
    pub from: String,
    pub months: f64,
    pub lines: Vec<QuickLine>,
    pub storage_usd: f64,
    pub transfer_usd: f64,
    pub total_usd: f64,
}

impl QuickEstimate {
    /// The estimate of these lines, with their totals.
    fn of(size_gb: f64, from: &Region, months: f64, lines: Vec<QuickLine>) -> QuickEstimate {
        let storage_usd: f64 = lines.iter().map(|l| l.storage_usd).sum();
        let transfer_usd: f64 = lines.iter().map(|l| l.transfer_usd).sum();
        QuickEstimate {
            size_gb,
            from: from.cloud.to_string(),
            months,
            lines,
            storage_usd,
            transfer_usd,
            total_usd: storage_usd + transfer_usd,
        }
    }
}

/// Storage `size × price × months` per copy plus transfer `size × pair price`.
pub fn quick_estimate(
    size_gb: f64,
    from: &Region,
    to: &[&Region],
    months: f64,
    basis: PriceBasis,
    overrides: &PriceOverrides,
) -> QuickEstimate {
    let lines: Vec<QuickLine> = to
        .iter()
        .map(|t| {
            let storage_price = region_prices(t, basis, overrides).storage_hot_gb_month;
            let (transfer_price, same) = transfer_price(from, t, basis, overrides);
            let (price_source, assumption) = quick_source(t, basis, overrides);
            QuickLine {
                price_source,
                assumption,
                region: t.cloud.to_string(),
                same_continent: same,
                storage_price_gb_month: storage_price,
                transfer_price_gb: transfer_price,
                storage_usd: size_gb * storage_price * months,
                transfer_usd: size_gb * transfer_price,
                transferred_gb: size_gb,
                storage_gb_months: size_gb * months,
                arithmetic: format!(
                    "one copy of {size_gb} GB × ${transfer_price}/GB = ${:.2}; stored {size_gb} GB × {months} month(s) × ${storage_price}/GB-month = ${:.2}",
                    size_gb * transfer_price,
                    size_gb * storage_price * months
                ),
            }
        })
        .collect();
    QuickEstimate::of(size_gb, from, months, lines)
}

/// Rounds dollars to cents for display and comparison.
pub fn cents(usd: f64) -> f64 {
    (usd * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    const EBS: PriceBasis = PriceBasis::List(btar_core::domain::scenario::ResourceType::Ebs);
    use btar_core::domain::catalog::region;

    #[test]
    fn incremental_quick_estimate_matches_the_hand_calculation() {
        // 1 000 GB, 20 GB/day changing, daily backups kept 35 days, copied
        // us-east-1 → us-west-2 for 3 months (90 days).
        // Copies: 90 = 1 full 1 000 GB + 89 × 20 GB = 2 780 GB moved.
        // Stored: day k < 35 holds 1 000 + 20k GB; from day 35 on, 35 copies
        // = 1 000 + 34 × 20 = 1 680 GB. Σ = 35 × 1 000 + 20 × (0 + … + 34)
        // + 55 × 1 680 = 46 900 + 92 400 = 139 300 GB-days = 4 643.33 GB-months.
        let inc = Increments {
            change_gb_per_day: 20.0,
            keep_days: 35.0,
            every_hours: 24.0,
            incremental: true,
        };
        let (moved, gb_months, copies, fulls) = schedule_totals(1000.0, &inc, 3.0);
        assert_eq!((copies, fulls), (90, 1));
        assert!((moved - 2780.0).abs() < 1e-9, "{moved}");
        assert!((gb_months - 139_300.0 / 30.0).abs() < 1e-6, "{gb_months}");
        let e = quick_estimate_schedule(
            1000.0,
            &inc,
            region("aws-us-east-1").unwrap(),
            &[region("aws-us-west-2").unwrap()],
            3.0,
            EBS,
            &PriceOverrides::default(),
        );
        let l = &e.lines[0];
        let hand = 2780.0 * l.transfer_price_gb + 139_300.0 / 30.0 * l.storage_price_gb_month;
        assert!(
            (e.total_usd - hand).abs() < 1e-6,
            "{} vs {hand}",
            e.total_usd
        );
        // Full copies every time (not incremental): 90 × 1 000 GB moved.
        let full = Increments {
            incremental: false,
            ..inc
        };
        let (moved, _, _, fulls) = schedule_totals(1000.0, &full, 3.0);
        assert_eq!(fulls, 90);
        assert!((moved - 90_000.0).abs() < 1e-9);
    }

    #[test]
    fn zilliz_billing_example_reproduces_to_the_cent() {
        let from = region("gcp-us-west1").unwrap();
        let to = [
            region("gcp-us-east4").unwrap(),
            region("gcp-europe-west3").unwrap(),
        ];
        let e = quick_estimate(
            20.0,
            from,
            &to,
            1.0,
            PriceBasis::Zilliz,
            &PriceOverrides::default(),
        );
        assert_eq!(cents(e.storage_usd), 0.80);
        assert_eq!(cents(e.transfer_usd), 2.00);
        assert_eq!(cents(e.total_usd), 2.80);
        assert!(e.lines[0].same_continent && !e.lines[1].same_continent);
    }

    #[test]
    fn a_copy_out_of_sydney_costs_more_than_one_out_of_virginia() {
        let (syd, iad, pdx, ohio) = (
            region("aws-ap-southeast-2").unwrap(),
            region("aws-us-east-1").unwrap(),
            region("aws-us-west-2").unwrap(),
            region("aws-us-east-2").unwrap(),
        );
        let o = PriceOverrides::default();
        let from_sydney = 100.0 * transfer_price(syd, iad, EBS, &o).0;
        let from_virginia = 100.0 * transfer_price(iad, syd, EBS, &o).0;
        assert_eq!(cents(from_sydney), 9.80);
        assert_eq!(cents(from_virginia), 2.00);
        assert!(from_sydney > from_virginia);
        // The published cheaper pair, both ways.
        assert_eq!(transfer_price(iad, ohio, EBS, &o).0, 0.01);
        assert_eq!(transfer_price(ohio, iad, EBS, &o).0, 0.01);
        assert_eq!(transfer_price(iad, pdx, EBS, &o).0, 0.02);
        // São Paulo and Cape Town as published; an override still wins.
        assert_eq!(
            transfer_price(region("aws-sa-east-1").unwrap(), iad, EBS, &o).0,
            0.138
        );
        let mut over = PriceOverrides::default();
        over.regions.insert(
            "aws-ap-southeast-2".into(),
            btar_core::domain::scenario::RegionPriceOverride {
                transfer_other_continent_gb: Some(0.05),
                ..Default::default()
            },
        );
        assert_eq!(transfer_price(syd, iad, EBS, &over).0, 0.05);
    }

    #[test]
    fn an_override_keyed_by_an_alias_applies() {
        let r = catalog::region("google-us-east4").expect("region");
        let mut o = PriceOverrides::default();
        o.regions.insert(
            "gcp-us-east4".into(),
            btar_core::domain::scenario::RegionPriceOverride {
                storage_hot_gb_month: Some(0.5),
                ..Default::default()
            },
        );
        assert_eq!(region_prices(r, EBS, &o).storage_hot_gb_month, 0.5);
    }

    #[test]
    fn overrides_replace_the_default_price() {
        let from = region("aws-us-east-1").unwrap();
        let to = region("aws-us-west-2").unwrap();
        let mut o = PriceOverrides::default();
        o.regions.insert(
            "aws-us-west-2".into(),
            btar_core::domain::scenario::RegionPriceOverride {
                storage_hot_gb_month: Some(0.1),
                ..Default::default()
            },
        );
        let e = quick_estimate(10.0, from, &[to], 2.0, EBS, &o);
        assert_eq!(cents(e.storage_usd), 2.0);
        assert_eq!(cents(e.transfer_usd), 0.2);
    }
}
