//! The monthly cross-region cost a plan settles at, whatever the
//! timeline's Days: the plan (without the rehearsal's events) is run over
//! its own horizon, its longest copy retention plus three whole 30-day
//! months, and billed; the figure is the average of the whole months after
//! the retention has filled. Where the plan never settles (a copy kept
//! forever, or data that grows), the figure names the month it stands for
//! and how much it grows per month.
//!
//! The timeline's own bill (its Days, its events) stays what it is: the
//! span's totals, labelled as such.

use serde::Serialize;

use super::bill::{bill, Steady, MONTH_S};
use crate::sim::engine::Engine;
use crate::sim::SimError;
use btar_core::domain::scenario::Scenario;
use btar_core::domain::validation::MAX_DAYS;

/// Whole months measured after the retention has filled.
const MEASURED_MONTHS: u32 = 3;
/// The month a plan that never settles is judged at (a year in).
const UNSETTLED_MONTH: u32 = 12;

/// What the monthly figure is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MonthlyKind {
    /// Storage has filled: the average of whole months `from..=to`
    /// (1-based) after the longest retention.
    Steady { from: u32, to: u32 },
    /// It keeps growing: the figure is month `month`'s (1-based) cost,
    /// growing by `growth_usd_per_month`.
    Growing {
        month: u32,
        growth_usd_per_month: f64,
        /// Why: copies kept forever, or the data's growth.
        reason: GrowthReason,
    },
    /// Nothing is copied to another region.
    NoCopies,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GrowthReason {
    KeptForever,
    DataGrowth,
    /// The longest retention is longer than the simulator's longest span.
    RetentionPastHorizon,
}

/// The monthly cross-region figure of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Monthly {
    pub usd: f64,
    #[serde(flatten)]
    pub kind: MonthlyKind,
    /// The longest cross-region retention, days (`None`: forever or none).
    pub retention_days: Option<u32>,
    /// Days the plan was run to measure it.
    pub horizon_days: u32,
}

impl Monthly {
    /// The figure in words, for the verdict and the reports.
    pub fn describe(&self) -> String {
        let usd = crate::sim::report::usd(self.usd);
        match &self.kind {
            MonthlyKind::Steady { from, .. } => format!(
                "{usd} a month once storage has filled (from month {from}, after the longest cross-region retention of {} days)",
                self.retention_days.unwrap_or(0)
            ),
            MonthlyKind::Growing {
                month,
                growth_usd_per_month,
                reason,
            } => format!(
                "{usd} in month {month}, growing by {} a month ({})",
                crate::sim::report::usd(*growth_usd_per_month),
                match reason {
                    GrowthReason::KeptForever => "some copies are kept forever",
                    GrowthReason::DataGrowth => "the data grows",
                    GrowthReason::RetentionPastHorizon => "the retention is longer than the simulated horizon",
                }
            ),
            MonthlyKind::NoCopies => format!("{usd}: nothing is copied to another region"),
        }
    }
}

/// Measures the plan's monthly cross-region cost over its own horizon.
pub fn monthly(s: &Scenario) -> Result<Monthly, SimError> {
    let mut h = s.clone();
    h.events.clear();
    // The retention is read from the compiled plan (a short span is enough
    // to compile it).
    h.simulation.days = 1;
    let longest = Engine::new(&h)?.longest_copy_retention_days();
    let (horizon_days, kind_hint) = match longest {
        None => (60, None),
        Some(None) => ((UNSETTLED_MONTH + 1) * 30, Some(GrowthReason::KeptForever)),
        Some(Some(d)) => {
            let want = d.saturating_add((MEASURED_MONTHS + 1) * 30);
            if want > MAX_DAYS {
                (MAX_DAYS, Some(GrowthReason::RetentionPastHorizon))
            } else {
                (want, None)
            }
        }
    };
    h.simulation.days = horizon_days;
    let r = Engine::new(&h)?.run();
    let b = bill(&h, &r);
    let month_usd = |m: u32| b.cross_region_month(m);
    let whole = (i64::from(horizon_days) * 86_400 / MONTH_S) as u32;
    let growing = |month: u32, reason: GrowthReason| {
        let m = month.clamp(2, whole.max(2)) - 1; // 0-based
        MonthlyKind::Growing {
            month: m + 1,
            growth_usd_per_month: month_usd(m) - month_usd(m.saturating_sub(1)),
            reason,
        }
    };
    let kind = match (longest, kind_hint, b.steady.clone()) {
        (None, _, _) => MonthlyKind::NoCopies,
        (_, Some(GrowthReason::KeptForever), _) => {
            growing(UNSETTLED_MONTH.min(whole), GrowthReason::KeptForever)
        }
        (_, Some(reason), _) => growing(whole, reason),
        (_, None, Steady::Months { from, to, .. }) if s.workload.growth_pct_per_month > 0.0 => {
            let _ = to;
            let m = from - 1;
            MonthlyKind::Growing {
                month: from,
                growth_usd_per_month: month_usd(m + 1) - month_usd(m),
                reason: GrowthReason::DataGrowth,
            }
        }
        (_, None, Steady::Months { from, to, .. }) => MonthlyKind::Steady { from, to },
        // Copies that never land in the horizon: nothing to measure.
        (_, None, _) => MonthlyKind::NoCopies,
    };
    let usd = match &kind {
        MonthlyKind::Steady { from, to } => {
            (*from - 1..*to).map(month_usd).sum::<f64>() / f64::from(to - from + 1)
        }
        MonthlyKind::Growing { month, .. } => month_usd(month - 1),
        MonthlyKind::NoCopies => 0.0,
    };
    Ok(Monthly {
        usd,
        kind,
        retention_days: longest.flatten(),
        horizon_days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use btar_core::presets;

    #[test]
    fn the_same_plan_has_the_same_monthly_figure_whatever_its_days() {
        for id in [
            "aws-guide-one-dr",
            "aws-guide-two-dr",
            "aiven-pg-business",
            "zilliz-billing",
        ] {
            let mut figures = Vec::new();
            for days in [30, 90, 480] {
                let mut s = presets::load(id).unwrap();
                s.simulation.days = days;
                s.events.retain(|e| e.at() < s.simulation.end());
                figures.push(monthly(&s).unwrap().usd);
            }
            assert!(
                figures
                    .iter()
                    .all(|f| (f - figures[0]).abs() <= 0.01 * figures[0].abs().max(0.01)),
                "{id}: {figures:?}"
            );
        }
    }

    #[test]
    fn the_aws_guide_plan_settles_after_its_year_of_weekly_copies() {
        let s = presets::load("aws-guide-one-dr").unwrap();
        let m = monthly(&s).unwrap();
        assert_eq!(m.retention_days, Some(365));
        assert!(
            matches!(m.kind, MonthlyKind::Steady { from: 14, .. }),
            "{m:?}"
        );
    }
}
