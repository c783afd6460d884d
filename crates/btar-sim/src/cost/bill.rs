//! The bill of a simulated run: storage (hot and cold) integrated over each
//! recovery point's life, transfer per completed copy, and the early-deletion
//! charge of cold storage's 90-day minimum, by 30-day month × region ×
//! category, with totals and the cost per protected GB.

use serde::{Deserialize, Serialize};

use super::prices::{region_prices, transfer_price};
use crate::sim::{PointKind, SimResult, SimTime};
use btar_core::domain::catalog;
use btar_core::domain::pricebook::{PriceBasis, PriceSource};
use btar_core::domain::scenario::{Platform, Scenario};

/// Seconds in a billing month (30 days).
pub const MONTH_S: i64 = 30 * 86_400;
/// Cold storage's minimum billed duration (90 days).
pub const COLD_MINIMUM_S: i64 = 90 * 86_400;

/// What a line of the bill pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    StorageHot,
    StorageCold,
    Transfer,
    EarlyDeletion,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::StorageHot,
        Category::StorageCold,
        Category::Transfer,
        Category::EarlyDeletion,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Category::StorageHot => "storage (warm)",
            Category::StorageCold => "storage (cold)",
            Category::Transfer => "transfer",
            Category::EarlyDeletion => "cold early-deletion",
        }
    }
}

/// Whether a cost is the primary backups' (there without BTAR) or the
/// cross-region copies'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Primary,
    CrossRegion,
}

/// One line: a month, a region, a category, the quantity and its price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BillLine {
    /// 0-based 30-day month from the start of the span.
    pub month: u32,
    #[serde(deserialize_with = "crate::sim::model::wire::region")]
    pub region: crate::sim::model::wire::Static,
    pub category: Category,
    pub role: Role,
    /// GB-months for storage and early deletion, GB for transfer.
    pub quantity: f64,
    pub unit_price: f64,
    pub usd: f64,
}

/// The whole bill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bill {
    pub months: u32,
    pub lines: Vec<BillLine>,
    /// Cost of the cross-region copies (storage, transfer, early deletion).
    pub cross_region_usd: f64,
    /// Cost of the primary backups, for reference.
    pub primary_usd: f64,
    /// Cross-region cost per GB of protected data per month.
    pub cross_region_usd_per_protected_gb_month: f64,
    /// Average size of the protected data over the span.
    pub protected_gb: f64,
    /// Notes and assumptions behind the numbers.
    pub notes: Vec<String>,
    /// Which months, if any, show the cost once storage has stopped growing.
    #[serde(with = "crate::sim::model::wire::binary::steady")]
    pub steady: Steady,
}

/// The cost of a month once the secondary storage has filled: every month
/// that starts after the longest cross-region retention has passed holds
/// as many recovery points as it will ever hold (data growth aside).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Steady {
    /// Whole months `from`..=`to` (1-based) start after the longest
    /// retention has filled; `usd` is their average cross-region cost.
    Months {
        from: u32,
        to: u32,
        usd: f64,
        retention_days: u32,
    },
    /// The span ends before a whole month after the longest retention
    /// (`retention_days`) has filled.
    NotReached { retention_days: u32 },
    /// Some copies are never deleted: storage grows every month.
    Growing,
    /// No copy reached another region in the span.
    NoCopies,
}

impl Steady {
    /// Finds the steady months of a bill of `months` months over `span_s`
    /// seconds, given the longest retention of a cross-region copy (`None`:
    /// kept forever) and each month's cross-region cost.
    pub fn find(
        span_s: i64,
        longest_retention_days: Option<Option<u32>>,
        month_usd: impl Fn(u32) -> f64,
    ) -> Steady {
        let Some(retention) = longest_retention_days else {
            return Steady::NoCopies;
        };
        let Some(days) = retention else {
            return Steady::Growing;
        };
        let fills = i64::from(days).saturating_mul(86_400);
        // The first month starting at or after the fill, up to the last
        // whole month of the span.
        let first = fills.saturating_add(MONTH_S - 1) / MONTH_S;
        let whole = span_s / MONTH_S;
        if first >= whole {
            return Steady::NotReached {
                retention_days: days,
            };
        }
        let (from, to) = (first as u32, (whole - 1) as u32);
        let usd = (from..=to).map(&month_usd).sum::<f64>() / f64::from(to - from + 1);
        Steady::Months {
            from: from + 1,
            to: to + 1,
            usd,
            retention_days: days,
        }
    }
}

impl Bill {
    /// Total of lines matching a filter.
    pub fn sum(&self, f: impl Fn(&BillLine) -> bool) -> f64 {
        // `+ 0.0` turns the −0.0 that an empty float sum starts from into 0.0.
        self.lines
            .iter()
            .filter(|l| f(l))
            .map(|l| l.usd)
            .sum::<f64>()
            + 0.0
    }

    /// Cross-region cost of one month.
    pub fn cross_region_month(&self, month: u32) -> f64 {
        self.sum(|l| l.month == month && l.role == Role::CrossRegion)
    }

    /// The monthly cross-region cost to compare plans by: the steady
    /// months' average where the span has them, else the last month's cost
    /// (the fullest the storage gets in the span).
    pub fn steady_month_usd(&self) -> f64 {
        match self.steady {
            Steady::Months { usd, .. } => usd,
            _ => self.cross_region_month(self.months.saturating_sub(1)),
        }
    }

    /// The bill as CSV: month, region, role, category, quantity, unit,
    /// unit price, USD, and where the unit price comes from (its source,
    /// and whether it is an assumption).
    pub fn to_csv(&self, s: &Scenario) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record([
            "month",
            "region",
            "role",
            "category",
            "quantity",
            "unit",
            "unit_price_usd",
            "usd",
            "price_source",
            "assumption",
        ]);
        for l in &self.lines {
            let unit = if l.category == Category::Transfer {
                "GB"
            } else {
                "GB-month"
            };
            let src = line_source(s, l);
            let _ = w.write_record([
                (l.month + 1).to_string().as_str(),
                l.region,
                match l.role {
                    Role::Primary => "primary",
                    Role::CrossRegion => "cross_region",
                },
                match l.category {
                    Category::StorageHot => "storage_hot",
                    Category::StorageCold => "storage_cold",
                    Category::Transfer => "transfer",
                    Category::EarlyDeletion => "early_deletion",
                },
                format!("{:.6}", l.quantity).as_str(),
                unit,
                l.unit_price.to_string().as_str(),
                format!("{:.6}", l.usd).as_str(),
                src.source,
                if src.assumption { "true" } else { "false" },
            ]);
        }
        w.into_inner()
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default()
    }
}

/// Where a bill line's unit price comes from: the scenario's own override
/// where it sets that price (storage in the line's region; transfer in the
/// source, the service's region), else the region's default on the
/// scenario's price basis, with its citation and "as of" date.
pub fn line_source(s: &Scenario, l: &BillLine) -> PriceSource {
    let Some(region) = catalog::region(l.region) else {
        return PriceSource {
            provider: btar_core::domain::catalog::Provider::Aws,
            source: "unknown region: no price source",
            assumption: true,
        };
    };
    let set = |r: &catalog::Region| {
        super::prices::region_override(r, &s.prices).is_some_and(|o| match l.category {
            Category::StorageHot => o.storage_hot_gb_month.is_some(),
            Category::StorageCold | Category::EarlyDeletion => o.storage_cold_gb_month.is_some(),
            Category::Transfer => {
                o.transfer_same_continent_gb.is_some() || o.transfer_other_continent_gb.is_some()
            }
        })
    };
    let overridden = match l.category {
        Category::Transfer => s.primary_region().is_some_and(&set),
        _ => set(region),
    };
    if overridden {
        return PriceSource {
            provider: region.provider,
            source: "your price override in this scenario (prices.regions)",
            assumption: false,
        };
    }
    let basis = PriceBasis::of(s);
    let mut src = btar_core::domain::pricebook::price_source(region, basis);
    if matches!(l.category, Category::StorageCold | Category::EarlyDeletion) {
        src.assumption = btar_core::domain::pricebook::cold_assumed(region, basis);
    }
    if l.category == Category::Transfer {
        // The flag above is the storage figure's. Transfer is from the
        // providers' pair tables, but for Zilliz outside GCP, which does
        // not publish its rates: AWS's or the provider's stand in.
        src.assumption = basis == PriceBasis::Zilliz
            && region.provider != btar_core::domain::catalog::Provider::Google;
    }
    src
}

#[derive(Default)]
struct Acc {
    cells: std::collections::BTreeMap<(u32, &'static str, Category, Role), (f64, f64)>,
}

impl Acc {
    fn add(
        &mut self,
        month: u32,
        region: &'static str,
        cat: Category,
        role: Role,
        qty: f64,
        price: f64,
    ) {
        let e = self
            .cells
            .entry((month, region, cat, role))
            .or_insert((0.0, price));
        e.0 += qty;
        e.1 = price;
    }

    /// Adds `gb` stored over `[a, b)` in `where_`, split into billing months.
    fn storage(&mut self, a: SimTime, b: SimTime, gb: f64, where_: Where, price: f64) {
        let mut t = a.max(0);
        while t < b {
            let m = t / MONTH_S;
            let m_end = ((m + 1) * MONTH_S).min(b);
            self.add(
                m as u32,
                where_.0,
                where_.1,
                where_.2,
                gb * (m_end - t) as f64 / MONTH_S as f64,
                price,
            );
            t = m_end;
        }
    }
}

/// Region, category and role of a cell of the bill.
type Where = (&'static str, Category, Role);

/// Bills a simulated run of a scenario.
pub fn bill(s: &Scenario, r: &SimResult) -> Bill {
    let end = r.span_s;
    let months = ((end + MONTH_S - 1) / MONTH_S).max(1) as u32;
    let mut acc = Acc::default();
    let basis = PriceBasis::of(s);
    for p in &r.recovery_points {
        let Some(region) = catalog::region(p.region) else {
            continue;
        };
        let prices = region_prices(region, basis, &s.prices);
        let role = match p.kind {
            PointKind::Primary => Role::Primary,
            PointKind::Copy => Role::CrossRegion,
        };
        let gone = p.deleted_at.unwrap_or(end).min(end);
        let hot_until = p.cold_at.unwrap_or(gone).min(gone);
        // Warm: its increment until the point before it in its chain
        // leaves, the full data from then (see RecoveryPoint::full_from).
        let full_from = p.full_from.unwrap_or(hot_until).clamp(p.created, hot_until);
        acc.storage(
            p.created,
            full_from,
            p.stored_gb,
            (region.cloud, Category::StorageHot, role),
            prices.storage_hot_gb_month,
        );
        acc.storage(
            full_from,
            hot_until,
            p.size_gb,
            (region.cloud, Category::StorageHot, role),
            prices.storage_hot_gb_month,
        );
        if let Some(c) = p.cold_at {
            acc.storage(
                c,
                gone,
                p.size_gb,
                (region.cloud, Category::StorageCold, role),
                prices.storage_cold_gb_month,
            );
            if let Some(d) = p.deleted_at {
                let kept = d - c;
                if kept < COLD_MINIMUM_S && d <= end {
                    let missing = (COLD_MINIMUM_S - kept) as f64 / MONTH_S as f64;
                    acc.add(
                        (d / MONTH_S).min(i64::from(months) - 1) as u32,
                        region.cloud,
                        Category::EarlyDeletion,
                        role,
                        p.size_gb * missing,
                        prices.storage_cold_gb_month,
                    );
                }
            }
        }
    }
    for t in r.transfers() {
        let (Some(from), Some(to)) = (catalog::region(t.from_region), catalog::region(t.to_region))
        else {
            continue;
        };
        let (price, _) = transfer_price(from, to, basis, &s.prices);
        let role = if t.purpose == "copy" {
            Role::CrossRegion
        } else {
            Role::Primary
        };
        let region = if role == Role::CrossRegion {
            to.cloud
        } else {
            from.cloud
        };
        acc.add(
            (t.at / MONTH_S).min(i64::from(months) - 1) as u32,
            region,
            Category::Transfer,
            role,
            t.gb,
            price,
        );
    }
    let mut notes = Vec::new();
    let mut lines: Vec<BillLine> = acc
        .cells
        .into_iter()
        .map(
            |((month, region, category, role), (quantity, unit_price))| BillLine {
                month,
                region,
                category,
                role,
                quantity,
                unit_price,
                usd: quantity * unit_price,
            },
        )
        .collect();
    if let Platform::Aiven(_) = &s.platform {
        if let Some(sur) = s.prices.aiven_btar_surcharge_gb_month.filter(|v| *v > 0.0) {
            let extra: Vec<BillLine> = lines
                .iter()
                .filter(|l| {
                    l.role == Role::CrossRegion
                        && matches!(l.category, Category::StorageHot | Category::StorageCold)
                })
                .map(|l| BillLine {
                    unit_price: sur,
                    usd: l.quantity * sur,
                    ..l.clone()
                })
                .collect();
            lines.extend(extra);
            notes.push(format!("includes the Aiven BTAR surcharge you set: ${sur}/GB-month of secondary storage (assumption)"));
        }
        notes.push("Aiven includes backups in the service plan price and publishes no BTAR price: these are the underlying cloud's list prices, a proxy (assumption)".into());
    }
    notes.push("30-day billing months from the start of the span; transfer is billed at the source provider's rate for the pair and shown under the destination region".into());
    let cross: f64 = lines
        .iter()
        .filter(|l| l.role == Role::CrossRegion)
        .map(|l| l.usd)
        .sum();
    let primary: f64 = lines
        .iter()
        .filter(|l| l.role == Role::Primary)
        .map(|l| l.usd)
        .sum();
    // Average protected size over the span (growth compounds per 30 days).
    let w = &s.workload;
    let g = 1.0 + w.growth_pct_per_month / 100.0;
    let span_months = end as f64 / MONTH_S as f64;
    let protected_gb = if (g - 1.0).abs() < 1e-12 || span_months <= 0.0 {
        w.data_gb
    } else {
        w.data_gb * (libm::pow(g, span_months) - 1.0) / (libm::log(g) * span_months)
    };
    let per_gb = if protected_gb > 0.0 && span_months > 0.0 {
        cross / span_months / protected_gb
    } else {
        0.0
    };
    // The longest a cross-region copy is kept (`Some(None)`: forever).
    let longest = r
        .recovery_points
        .iter()
        .filter(|p| p.region != r.primary_region)
        .fold(None, |acc: Option<Option<u32>>, p| {
            match (acc, p.retention_days) {
                (Some(None), _) | (_, None) => Some(None),
                (Some(Some(a)), Some(b)) => Some(Some(a.max(b))),
                (None, Some(b)) => Some(Some(b)),
            }
        });
    let month_usd = |m: u32| {
        lines
            .iter()
            .filter(|l| l.role == Role::CrossRegion && l.month == m)
            .map(|l| l.usd)
            .sum::<f64>()
    };
    let steady = Steady::find(end, longest, month_usd);
    Bill {
        months,
        lines,
        cross_region_usd: cross,
        primary_usd: primary,
        cross_region_usd_per_protected_gb_month: per_gb,
        protected_gb,
        notes,
        steady,
    }
}

#[cfg(test)]
mod steady_tests {
    use super::*;

    #[test]
    fn steady_months_start_after_the_longest_retention() {
        let cost = |m: u32| f64::from(m + 1);
        // 35-day retention over 120 days: months 2..=4 (1-based) are steady.
        assert_eq!(
            Steady::find(120 * 86_400, Some(Some(35)), cost),
            Steady::Months {
                from: 3,
                to: 4,
                usd: 3.5,
                retention_days: 35
            }
        );
        // 30-day retention fills exactly at month 2's start.
        assert!(matches!(
            Steady::find(90 * 86_400, Some(Some(30)), cost),
            Steady::Months { from: 2, to: 3, .. }
        ));
        assert_eq!(
            Steady::find(30 * 86_400, Some(Some(35)), cost),
            Steady::NotReached { retention_days: 35 }
        );
        assert_eq!(Steady::find(90 * 86_400, Some(None), cost), Steady::Growing);
        assert_eq!(Steady::find(90 * 86_400, None, cost), Steady::NoCopies);
        // Absurd retentions do not overflow.
        assert!(matches!(
            Steady::find(i64::MAX, Some(Some(u32::MAX)), cost),
            Steady::NotReached { .. } | Steady::Months { .. }
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{self, RecoveryPoint};
    use btar_core::presets;

    #[test]
    fn aws_backup_pricing_example_one_efs_storage_for_april() {
        // AWS Backup pricing page, "Pricing examples", Example 1: EFS backups
        // in US East (N. Virginia) use 400 GB for 15 days and 800 GB for the
        // other 15 days of April: 600 GB-months at $0.05 = $30.00.
        let mut s = presets::load("aws-guide-one-dr").unwrap();
        s.workload.resource_type = btar_core::domain::scenario::ResourceType::Efs;
        let mut r = sim::simulate(&s).unwrap();
        let day = 86_400;
        let point = |id, gb: f64, from: i64, to: i64| RecoveryPoint {
            id,
            backup_id: id,
            region: "aws-us-east-1",
            kind: PointKind::Primary,
            point: from,
            created: from,
            cold_at: None,
            deleted_at: Some(to),
            size_gb: gb,
            stored_gb: gb,
            full_from: None,
            retention_days: Some(15),
        };
        r.recovery_points = vec![
            point(0, 400.0, 0, 15 * day),
            point(1, 800.0, 15 * day, 30 * day),
        ];
        r.copy_jobs.clear();
        r.uploads.clear();
        let b = bill(&s, &r);
        let storage = b.sum(|l| l.category == Category::StorageHot && l.month == 0);
        assert!((storage - 30.0).abs() < 1e-9, "{storage}");
    }

    #[test]
    fn ebs_snapshot_billing_example_bills_only_the_changed_blocks() {
        // Amazon EBS "snapshot billing" (AWS re:Post knowledge center): a
        // volume with 100 GB of data is snapshotted (100 GB billed); 5 GB
        // change and the next snapshot bills only those 5 GB: 105 GB in all.
        // The same arithmetic for copies: the first copy moves 100 GB, the
        // next the 5 GB of change.
        let inc = crate::cost::Increments {
            change_gb_per_day: 5.0,
            keep_days: 30.0,
            every_hours: 24.0,
            incremental: true,
        };
        // Two snapshots a day apart within the first 2 days.
        let (moved, _, copies, fulls) = crate::cost::schedule_totals(100.0, &inc, 2.0 / 30.0);
        assert_eq!((copies, fulls), (2, 1));
        assert!((moved - 105.0).abs() < 1e-9, "{moved}");
    }

    #[test]
    fn cold_storage_deleted_before_90_days_pays_the_minimum() {
        let s = presets::load("aws-guide-one-dr").unwrap();
        let mut r = sim::simulate(&s).unwrap();
        // One 100 GB copy: cold after 30 days, deleted after 60.
        r.recovery_points = vec![RecoveryPoint {
            id: 0,
            backup_id: 0,
            region: "aws-us-west-2",
            kind: PointKind::Copy,
            point: 0,
            created: 0,
            cold_at: Some(30 * 86_400),
            deleted_at: Some(60 * 86_400),
            size_gb: 100.0,
            stored_gb: 100.0,
            full_from: None,
            retention_days: Some(60),
        }];
        r.copy_jobs.clear();
        r.uploads.clear();
        let b = bill(&s, &r);
        let hot = b.sum(|l| l.category == Category::StorageHot);
        let cold = b.sum(|l| l.category == Category::StorageCold);
        let early = b.sum(|l| l.category == Category::EarlyDeletion);
        assert!((hot - 100.0 * 0.05).abs() < 1e-9, "{hot}");
        // EBS's cold tier is the EBS Snapshots Archive, $0.0125/GB-month.
        assert!((cold - 100.0 * 0.0125).abs() < 1e-9, "{cold}");
        // 30 days in cold; the 90-day minimum bills 60 more.
        assert!((early - 100.0 * 0.0125 * 2.0).abs() < 1e-9, "{early}");
        assert!((cold + early - 100.0 * 0.0125 * 3.0).abs() < 1e-9);
    }
}
