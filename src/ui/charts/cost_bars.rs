//! Cross-region cost per month, stacked by category.

use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{color, Key};
use crate::cost::bill::{Bill, Category, Role};

/// Cross-region USD per month, stacked by one dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlyCost {
    /// Names of the stacked parts (categories or regions).
    pub parts: Vec<String>,
    /// Per month, USD per part.
    pub months: Vec<Vec<f64>>,
}

impl MonthlyCost {
    fn stack(
        b: &Bill,
        parts: Vec<String>,
        part_of: impl Fn(&crate::cost::bill::BillLine) -> Option<usize>,
    ) -> MonthlyCost {
        let mut months = vec![vec![0.0; parts.len()]; b.months as usize];
        for l in b.lines.iter().filter(|l| l.role == Role::CrossRegion) {
            if let (Some(m), Some(c)) = (months.get_mut(l.month as usize), part_of(l)) {
                m[c] += l.usd;
            }
        }
        MonthlyCost { parts, months }
    }

    /// Stacked by category (storage warm/cold, transfer, early deletion).
    pub fn by_category(b: &Bill) -> MonthlyCost {
        let parts = Category::ALL
            .iter()
            .map(|c| c.label().to_string())
            .collect();
        Self::stack(b, parts, |l| {
            Category::ALL.iter().position(|c| *c == l.category)
        })
    }

    /// Stacked by the region that is billed.
    pub fn by_region(b: &Bill) -> MonthlyCost {
        let mut parts: Vec<String> = Vec::new();
        for l in b.lines.iter().filter(|l| l.role == Role::CrossRegion) {
            if !parts.iter().any(|p| p == l.region) {
                parts.push(l.region.to_string());
            }
        }
        let names = parts.clone();
        Self::stack(b, parts, move |l| names.iter().position(|p| p == l.region))
    }
}

pub fn draw(canvas: HtmlCanvasElement, data: &MonthlyCost, size: (u32, u32)) -> Result<(), String> {
    let root = super::area(canvas, size)?;
    let n = data.months.len().max(1);
    let max = data
        .months
        .iter()
        .map(|m| m.iter().sum::<f64>())
        .fold(0.01_f64, f64::max)
        * 1.08;
    let keys: Vec<(&str, Key)> = data
        .parts
        .iter()
        .enumerate()
        .filter(|(k, _)| data.months.iter().any(|m| m[*k] != 0.0))
        .map(|(k, part)| (part.as_str(), Key::Block(color(k).to_rgba())))
        .collect();
    let places = tick_places(max);
    let plot = super::legend_above(&root, &keys)?;
    let mut chart = ChartBuilder::on(&plot)
        .margin(10)
        .x_label_area_size(28)
        .y_label_area_size(60)
        .build_cartesian_2d(-0.5..n as f64 - 0.5, 0.0..max)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.08))
        .x_labels(n.min(24))
        .x_label_formatter(&|v| {
            let i = v.round();
            if (v - i).abs() < 1e-9 && i >= 0.0 {
                format!("month {}", i as usize + 1)
            } else {
                String::new()
            }
        })
        .y_desc("USD (cross-region)")
        .y_label_formatter(&|v| crate::sim::report::usd_places(*v, places))
        .draw()
        .map_err(|e| e.to_string())?;
    for k in 0..data.parts.len() {
        if data.months.iter().all(|m| m[k] == 0.0) {
            continue;
        }
        let c = color(k);
        chart
            .draw_series(data.months.iter().enumerate().map(|(i, m)| {
                let below: f64 = m[..k].iter().sum();
                Rectangle::new(
                    [(i as f64 - 0.35, below), (i as f64 + 0.35, below + m[k])],
                    c.filled(),
                )
            }))
            .map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())
}

/// Decimals for the cost axis so its ticks (about five across `max`, at
/// round steps of 1, 2 or 5 times a power of ten) all read differently:
/// `$0.50, $1.00` rather than `$0, $1, $1`; whole dollars from a step of $1.
fn tick_places(max: f64) -> usize {
    let step = max / 5.0;
    if !(step.is_finite() && step > 0.0) || step >= 1.0 {
        0
    } else if step >= 0.01 {
        2
    } else {
        4
    }
}

#[cfg(test)]
mod tests {
    use super::tick_places;

    #[test]
    fn axis_ticks_get_enough_places() {
        assert_eq!(tick_places(3.2), 2);
        assert_eq!(tick_places(30.0), 0);
        assert_eq!(tick_places(3000.0), 0);
        assert_eq!(tick_places(0.02), 4);
        assert_eq!(tick_places(0.0), 0);
        assert_eq!(tick_places(f64::NAN), 0);
    }
}
