//! Stacked bars of a quick cost estimate: storage and transfer per target region.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use super::PALETTE;
use crate::cost::QuickEstimate;

/// Draws the estimate; the canvas must already be sized.
pub fn draw(canvas: HtmlCanvasElement, est: &QuickEstimate) -> Result<(), String> {
    let backend =
        CanvasBackend::with_canvas_object(canvas).ok_or("the canvas has no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let n = est.lines.len().max(1);
    let max = est
        .lines
        .iter()
        .map(|l| l.storage_usd + l.transfer_usd)
        .fold(0.0_f64, f64::max)
        .max(0.01)
        * 1.15;
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .caption(
            "One backup copied and kept: cost per target region (USD)",
            ("sans-serif", 15),
        )
        .build_cartesian_2d(-0.5..n as f64 - 0.5, 0.0..max)
        .map_err(|e| e.to_string())?;
    let names: Vec<String> = est.lines.iter().map(|l| l.region.clone()).collect();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .x_labels(n)
        .x_label_formatter(&|v| {
            let i = v.round();
            if (v - i).abs() < 1e-9 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_desc("USD")
        .y_label_formatter(&|v| format!("${v:.2}"))
        .draw()
        .map_err(|e| e.to_string())?;
    let (s, t) = (PALETTE[0], PALETTE[1]);
    let storage = RGBColor(s.0, s.1, s.2);
    let transfer = RGBColor(t.0, t.1, t.2);
    chart
        .draw_series(est.lines.iter().enumerate().map(|(i, l)| {
            Rectangle::new(
                [(i as f64 - 0.3, 0.0), (i as f64 + 0.3, l.storage_usd)],
                storage.filled(),
            )
        }))
        .map_err(|e| e.to_string())?
        .label("storage")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], storage.filled()));
    chart
        .draw_series(est.lines.iter().enumerate().map(|(i, l)| {
            Rectangle::new(
                [
                    (i as f64 - 0.3, l.storage_usd),
                    (i as f64 + 0.3, l.storage_usd + l.transfer_usd),
                ],
                transfer.filled(),
            )
        }))
        .map_err(|e| e.to_string())?
        .label("transfer")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], transfer.filled()));
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.3))
        .position(SeriesLabelPosition::UpperLeft)
        .draw()
        .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())
}
