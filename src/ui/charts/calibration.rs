//! Observed copy durations against size on one route, with the duration
//! the model gives with the scenario's figures and with the fitted ones
//! (setup + size ÷ throughput: straight lines).

use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{color, legend_above, Key};
use crate::offload::RouteView;

/// Minutes a copy of `gb` takes with (setup s, Mbit/s).
fn minutes((setup, mbps): (f64, f64), gb: f64) -> f64 {
    (setup + gb * 8000.0 / mbps) / 60.0
}

pub fn draw(canvas: HtmlCanvasElement, r: &RouteView, size: (u32, u32)) -> Result<(), String> {
    let root = super::area(canvas, size)?;
    let max_gb = r
        .points
        .iter()
        .map(|p| f64::from(p.0))
        .fold(1.0_f64, f64::max)
        * 1.05;
    let lines = [
        (r.before, "the scenario's figures", 1),
        (r.after, "fitted", 2),
    ];
    let max_min = r
        .points
        .iter()
        .map(|p| f64::from(p.1))
        .chain(
            lines
                .iter()
                .filter_map(|(l, _, _)| l.map(|l| minutes(l, max_gb))),
        )
        .filter(|v| v.is_finite())
        .fold(1.0_f64, f64::max)
        * 1.1;
    let mut keys = vec![("observed copies", Key::Block(color(0).mix(0.8)))];
    for (l, label, c) in &lines {
        if l.is_some() {
            keys.push((*label, Key::Line(color(*c).to_rgba(), 2)));
        }
    }
    let rest = legend_above(&root, &keys)?;
    let mut chart = ChartBuilder::on(&rest)
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(48)
        .build_cartesian_2d(0.0..max_gb, 0.0..max_min)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.08))
        .x_desc("copy size (GB)")
        .y_desc("minutes")
        .draw()
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(r.points.iter().map(|&(x, y)| {
            Circle::new((f64::from(x), f64::from(y)), 2, color(0).mix(0.8).filled())
        }))
        .map_err(|e| e.to_string())?;
    for (l, _, c) in lines {
        if let Some(l) = l {
            chart
                .draw_series(LineSeries::new(
                    [(0.0, minutes(l, 0.0)), (max_gb, minutes(l, max_gb))],
                    color(c).stroke_width(2),
                ))
                .map_err(|e| e.to_string())?;
        }
    }
    root.present().map_err(|e| e.to_string())
}
