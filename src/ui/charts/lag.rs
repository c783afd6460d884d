//! Replication lag over time per secondary region, outages shaded.

use chrono::{DateTime, Utc};
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{color, decimate, Key};
use crate::sim::SimResult;

/// What the lag chart draws, in days from the start and hours of lag.
#[derive(Debug, Clone, PartialEq)]
pub struct LagChartData {
    pub start: DateTime<Utc>,
    pub span_days: f64,
    pub series: Vec<(String, Vec<(f64, f64)>)>,
    pub outages: Vec<(String, f64, f64)>,
}

impl LagChartData {
    /// The exact lag polylines of a run, decimated to about `buckets` points.
    pub fn from_result(r: &SimResult, start: DateTime<Utc>, buckets: usize) -> LagChartData {
        let d = |t: i64| t as f64 / 86_400.0;
        let series = r
            .lag
            .iter()
            .map(|l| {
                let mut pts = Vec::with_capacity(l.segments.len() * 2);
                for s in &l.segments {
                    pts.push((d(s.start), s.lag_s as f64 / 3600.0));
                    pts.push((d(s.end), s.at(s.end) as f64 / 3600.0));
                }
                (l.region.clone(), decimate(&pts, buckets))
            })
            .collect();
        LagChartData {
            start,
            span_days: d(r.span_s),
            series,
            outages: r
                .outages
                .iter()
                .map(|(reg, a, b)| (reg.to_string(), d(*a), d(*b)))
                .collect(),
        }
    }
}

pub fn draw(
    canvas: HtmlCanvasElement,
    data: &LagChartData,
    size: (u32, u32),
) -> Result<(), String> {
    let root = super::area(canvas, size)?;
    let max_h = data
        .series
        .iter()
        .flat_map(|(_, p)| p.iter().map(|x| x.1))
        .fold(1.0_f64, f64::max)
        * 1.1;
    let shade = RGBColor(213, 94, 0).mix(0.15);
    let mut keys: Vec<(&str, Key)> = data
        .series
        .iter()
        .enumerate()
        .map(|(i, (region, _))| {
            (
                region.as_str(),
                Key::Line(color(i).to_rgba(), stroke(i, data.series.len())),
            )
        })
        .collect();
    if !data.outages.is_empty() {
        keys.push(("outage", Key::Block(RGBColor(213, 94, 0).mix(0.3))));
    }
    let plot = super::legend_above(&root, &keys)?;
    let mut chart = super::time_chart(&plot, data.start, data.span_days, max_h, "lag (hours)")?;
    chart
        .draw_series(
            data.outages
                .iter()
                .map(|(_, a, b)| Rectangle::new([(*a, 0.0), (*b, max_h)], shade.filled())),
        )
        .map_err(|e| e.to_string())?;
    // Regions copied by the same rule often lag alike: the first line is
    // wider than those drawn over it, so it still shows along their edges.
    for (i, (_, pts)) in data.series.iter().enumerate() {
        chart
            .draw_series(LineSeries::new(
                pts.iter().copied(),
                color(i).stroke_width(stroke(i, data.series.len())),
            ))
            .map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())
}

/// Line width of the `i`th of `n` regions' series: 2 px for a lone
/// region, else 3 px for the first and 1 px for those drawn over it.
fn stroke(i: usize, n: usize) -> u32 {
    match (i, n) {
        (_, 1) => 2,
        (0, _) => 3,
        _ => 1,
    }
}
