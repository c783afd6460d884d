//! Unit prices: the region catalog's defaults with a scenario's overrides,
//! the price of a copy between two regions, and the quick estimate of one
//! backup copied to regions and kept some months (the Zilliz calculation).

use serde::Serialize;

use btar_core::domain::catalog::{self, ProviderPrices, Region};
use btar_core::domain::scenario::PriceOverrides;

/// The unit prices of one region: the provider's defaults with any override.
pub fn region_prices(region: &Region, overrides: &PriceOverrides) -> ProviderPrices {
    let mut p = catalog::default_prices(region.provider);
    // Keyed by any name the catalog accepts (`gcp-us-east4` for
    // `google-us-east4`): the exact key first, then any alias of it.
    let found = overrides.regions.get(region.cloud).or_else(|| {
        overrides
            .regions
            .iter()
            .find(|(k, _)| catalog::region(k).is_some_and(|r| r.cloud == region.cloud))
            .map(|(_, o)| o)
    });
    if let Some(o) = found {
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
/// counted as same-continent. Billed at the source region's rates.
pub fn transfer_price(from: &Region, to: &Region, overrides: &PriceOverrides) -> (f64, bool) {
    let p = region_prices(from, overrides);
    let same = from.continent == to.continent;
    let price = if same {
        p.transfer_same_continent_gb
    } else {
        p.transfer_other_continent_gb
    };
    (price, same)
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

/// Storage `size × price × months` per copy plus transfer `size × pair price`.
pub fn quick_estimate(
    size_gb: f64,
    from: &Region,
    to: &[&Region],
    months: f64,
    overrides: &PriceOverrides,
) -> QuickEstimate {
    let lines: Vec<QuickLine> = to
        .iter()
        .map(|t| {
            let storage_price = region_prices(t, overrides).storage_hot_gb_month;
            let (transfer_price, same) = transfer_price(from, t, overrides);
            QuickLine {
                region: t.cloud.to_string(),
                same_continent: same,
                storage_price_gb_month: storage_price,
                transfer_price_gb: transfer_price,
                storage_usd: size_gb * storage_price * months,
                transfer_usd: size_gb * transfer_price,
            }
        })
        .collect();
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

/// Rounds dollars to cents for display and comparison.
pub fn cents(usd: f64) -> f64 {
    (usd * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use btar_core::domain::catalog::region;

    #[test]
    fn zilliz_billing_example_reproduces_to_the_cent() {
        let from = region("gcp-us-west1").unwrap();
        let to = [
            region("gcp-us-east4").unwrap(),
            region("gcp-europe-west3").unwrap(),
        ];
        let e = quick_estimate(20.0, from, &to, 1.0, &PriceOverrides::default());
        assert_eq!(cents(e.storage_usd), 0.80);
        assert_eq!(cents(e.transfer_usd), 2.00);
        assert_eq!(cents(e.total_usd), 2.80);
        assert!(e.lines[0].same_continent && !e.lines[1].same_continent);
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
        assert_eq!(region_prices(r, &o).storage_hot_gb_month, 0.5);
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
        let e = quick_estimate(10.0, from, &[to], 2.0, &o);
        assert_eq!(cents(e.storage_usd), 2.0);
        assert_eq!(cents(e.transfer_usd), 0.2);
    }
}
