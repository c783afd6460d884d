//! The cheapest plans: monthly cost against the worst data lost, one point
//! per plan joined cheapest first, the user's plan apart when the others
//! beat it, and the budget and the RPO as lines. Every label is in the
//! legend above the plot, so none overlaps a point or another label on a
//! narrow screen.

use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{color, legend_above, Key, Same};
use crate::cost::frontier::FrontierView;
use crate::sim::report::{duration_text, usd};

pub fn draw(
    canvas: HtmlCanvasElement,
    f: &Same<FrontierView>,
    size: (u32, u32),
) -> Result<(), String> {
    let root = super::area(canvas, size)?;
    let points: Vec<(f64, f64, bool)> = f
        .plans
        .iter()
        .map(|p| {
            (
                p.worst_data_loss_s as f64,
                p.monthly_usd,
                p.meets_objectives,
            )
        })
        .collect();
    let yours = f
        .beaten
        .as_ref()
        .map(|c| (c.worst_data_loss_s as f64, c.monthly_usd))
        .or_else(|| {
            f.plans
                .iter()
                .find(|p| p.changes.is_empty())
                .map(|p| (p.worst_data_loss_s as f64, p.monthly_usd))
        });
    // The cost axis spans the costs shown (and the budget) with a margin,
    // not from $0: plans a few dollars apart would otherwise sit on one
    // line. Its labels say where it starts.
    let costs = || {
        points
            .iter()
            .map(|p| p.1)
            .chain(yours.map(|c| c.1))
            .chain(f.monthly_budget_usd)
    };
    let (lo, hi) = (
        costs().fold(f64::INFINITY, f64::min),
        costs().fold(0.0_f64, f64::max),
    );
    let pad = (hi - lo).max(hi * 0.02).max(0.01) * 0.15;
    let min_cost = (lo - pad).max(0.0);
    let max_cost = hi + pad;
    let max_loss = points
        .iter()
        .map(|p| p.0)
        .chain(yours.map(|c| c.0))
        .chain(f.rpo_s.map(|s| s as f64))
        .fold(1.0_f64, f64::max)
        * 1.1;
    let budget = f.monthly_budget_usd.map(|b| format!("budget {}", usd(b)));
    let rpo = f.rpo_s.map(|s| format!("RPO {}", duration_text(s)));
    let mut keys = vec![
        ("meets every objective", Key::Block(color(2).to_rgba())),
        ("does not", Key::Block(color(5).to_rgba())),
    ];
    if yours.is_some() {
        keys.push(("your plan (ringed)", Key::Line(color(7).to_rgba(), 2)));
    }
    for (l, c) in [(&budget, 1), (&rpo, 3)] {
        if let Some(l) = l {
            keys.push((l.as_str(), Key::Line(color(c).to_rgba(), 2)));
        }
    }
    let rest = legend_above(&root, &keys)?;
    let fmt_x = |x: &f64| duration_text(*x as i64);
    let fmt_y = |y: &f64| usd(*y);
    let x_labels = (rest.dim_in_pixel().0 / 110).clamp(2, 6) as usize;
    let mut chart = ChartBuilder::on(&rest)
        .margin(10)
        .margin_right(30)
        .x_label_area_size(36)
        .y_label_area_size(80)
        .build_cartesian_2d(0.0..max_loss, min_cost..max_cost)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.08))
        .x_labels(x_labels)
        .x_label_formatter(&fmt_x)
        .y_label_formatter(&fmt_y)
        .x_desc("worst data lost at a loss of the service's region")
        .y_desc("$ a month")
        .draw()
        .map_err(|e| e.to_string())?;
    // The budget, the RPO and the plans joined cheapest first: one kind of
    // series for every line.
    let mut lines: Vec<(Vec<(f64, f64)>, ShapeStyle)> = Vec::new();
    if let Some(b) = f.monthly_budget_usd {
        lines.push((vec![(0.0, b), (max_loss, b)], color(1).stroke_width(2)));
    }
    if let Some(s) = f.rpo_s {
        let x = s as f64;
        lines.push((vec![(x, min_cost), (x, max_cost)], color(3).stroke_width(2)));
    }
    lines.push((
        points.iter().map(|p| (p.0, p.1)).collect(),
        color(0).mix(0.6).stroke_width(1),
    ));
    for (l, style) in lines {
        chart
            .draw_series(LineSeries::new(l, style))
            .map_err(|e| e.to_string())?;
    }
    chart
        .draw_series(points.iter().map(|&(x, y, meets)| {
            Circle::new((x, y), 5, color(if meets { 2 } else { 5 }).filled())
        }))
        .map_err(|e| e.to_string())?;
    if let Some(c) = yours {
        chart
            .draw_series([Circle::new(c, 8, color(7).stroke_width(2))])
            .map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())
}
