//! Copy jobs waiting or running over time (the backlog), as a step line.

use chrono::{DateTime, Duration, Utc};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
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

pub fn draw(
    canvas: HtmlCanvasElement,
    data: &BacklogData,
    _size: (u32, u32),
) -> Result<(), String> {
    let backend =
        CanvasBackend::with_canvas_object(canvas).ok_or("the canvas has no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let max = data.points.iter().map(|p| p.1).fold(1.0_f64, f64::max) * 1.15;
    let start = data.start;
    let fmt_day = move |x: &f64| {
        (start + Duration::seconds((x * 86_400.0) as i64))
            .format("%b %d")
            .to_string()
    };
    let mut chart = ChartBuilder::on(&root)
        .margin(10)
        .x_label_area_size(28)
        .y_label_area_size(40)
        .build_cartesian_2d(0.0..data.span_days.max(0.01), 0.0..max)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.08))
        .x_labels(8)
        .x_label_formatter(&fmt_day)
        .y_desc("copy jobs queued or running")
        .draw()
        .map_err(|e| e.to_string())?;
    let c = color(2);
    chart
        .draw_series(
            AreaSeries::new(data.points.iter().copied(), 0.0, c.mix(0.25))
                .border_style(c.stroke_width(2)),
        )
        .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())
}
