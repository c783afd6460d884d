//! Copy jobs waiting or running over time (the backlog), as a step line.

use chrono::{DateTime, Utc};
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{color, decimate};
use crate::sim::SimResult;

#[derive(Debug, Clone, PartialEq)]
pub struct BacklogData {
    pub start: DateTime<Utc>,
    pub span_days: f64,
    /// (day, jobs not yet finished), as a step function.
    pub points: Vec<(f64, f64)>,
}

impl BacklogData {
    pub fn from_result(r: &SimResult, start: DateTime<Utc>, buckets: usize) -> BacklogData {
        let mut deltas: Vec<(i64, i64)> = Vec::with_capacity(r.copy_jobs.len() * 2);
        for j in &r.copy_jobs {
            deltas.push((j.created, 1));
            if let Some(f) = j.finished {
                deltas.push((f, -1));
            }
        }
        deltas.sort_unstable();
        let mut n = 0i64;
        let mut pts = vec![(0.0, 0.0)];
        for (t, d) in deltas {
            let x = t as f64 / 86_400.0;
            pts.push((x, n as f64));
            n += d;
            pts.push((x, n as f64));
        }
        pts.push((r.span_s as f64 / 86_400.0, n as f64));
        BacklogData {
            start,
            span_days: r.span_s as f64 / 86_400.0,
            points: decimate(&pts, buckets),
        }
    }
}

pub fn draw(canvas: HtmlCanvasElement, data: &BacklogData, size: (u32, u32)) -> Result<(), String> {
    let root = super::area(canvas, size)?;
    let max = data.points.iter().map(|p| p.1).fold(1.0_f64, f64::max) * 1.15;
    let mut chart = super::time_chart(&root, data.start, data.span_days, max, "queued + running")?;
    let c = color(2);
    chart
        .draw_series(
            AreaSeries::new(data.points.iter().copied(), 0.0, c.mix(0.25))
                .border_style(c.stroke_width(2)),
        )
        .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())
}
