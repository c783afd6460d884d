//! The risk run's histogram of data lost: one bar per bucket of trials,
//! the last (every loss from its start on) set apart in its own colour, and
//! the RPO as a line across it.

use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{color, legend_above, Key, Same};
use crate::sim::report::duration_text;
use crate::sim::risk::RiskView;

/// The x axis's end: past the last bucket, and past the RPO so its line
/// shows where the losses fall.
pub fn span_s(r: &RiskView) -> i64 {
    r.bucket_s()
        .saturating_mul(r.histogram.len() as i64)
        .max(r.rpo_s.map_or(0, |x| x.saturating_add(x / 20)))
        .max(1)
}

pub fn draw(canvas: HtmlCanvasElement, r: &Same<RiskView>, size: (u32, u32)) -> Result<(), String> {
    let root = super::area(canvas, size)?;
    let bucket = r.bucket_s() as f64;
    let span = span_s(r) as f64;
    let most = r.histogram.iter().map(|b| b.1).max().unwrap_or(1).max(1);
    let rpo = r.rpo_s.map(|s| format!("RPO {}", duration_text(s)));
    let mut keys = vec![
        ("trials per bucket", Key::Block(color(0).mix(0.8))),
        (
            "the last: every loss from its start on",
            Key::Block(color(5).mix(0.8)),
        ),
    ];
    if let Some(l) = &rpo {
        keys.push((l.as_str(), Key::Line(color(3).to_rgba(), 2)));
    }
    let rest = legend_above(&root, &keys)?;
    let fmt = |x: &f64| duration_text(*x as i64);
    let x_labels = (rest.dim_in_pixel().0 / 110).clamp(2, 6) as usize;
    let mut chart = ChartBuilder::on(&rest)
        .margin(10)
        .margin_right(30)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .build_cartesian_2d(0.0..span, 0.0..f64::from(most) * 1.1)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.08))
        .x_labels(x_labels)
        .x_label_formatter(&fmt)
        .y_label_formatter(&|y: &f64| format!("{y:.0}"))
        .x_desc("data lost at a loss of the service's region")
        .y_desc("trials")
        .draw()
        .map_err(|e| e.to_string())?;
    let last = r.histogram.len().saturating_sub(1);
    chart
        .draw_series(r.histogram.iter().enumerate().map(|(i, &(start, n))| {
            let x0 = start as f64;
            // A pixel's gap between bars, at most a tenth of a bar.
            let x1 = x0 + bucket * 0.92;
            let c = if i == last { color(5) } else { color(0) };
            Rectangle::new([(x0, 0.0), (x1, f64::from(n))], c.mix(0.8).filled())
        }))
        .map_err(|e| e.to_string())?;
    if let Some(s) = r.rpo_s {
        let x = s as f64;
        chart
            .draw_series(LineSeries::new(
                vec![(x, 0.0), (x, f64::from(most) * 1.1)],
                color(3).stroke_width(2),
            ))
            .map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())
}
