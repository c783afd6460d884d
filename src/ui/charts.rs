//! Charts drawn with plotters on a `<canvas>`. Each chart is a drawing
//! function taking a canvas and its data and returning a `Result`; the
//! component that owns the canvas redraws when the data or size changes.

pub mod cost_bars;

use web_sys::HtmlCanvasElement;

/// Sizes the canvas's backing store for the device pixel ratio so lines stay
/// sharp on HiDPI screens, and returns the CSS size in pixels.
pub fn fit_canvas(canvas: &HtmlCanvasElement, css_width: u32, css_height: u32) -> (u32, u32) {
    let ratio = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r >= 1.0)
        .unwrap_or(1.0)
        .min(4.0);
    canvas.set_width((f64::from(css_width) * ratio) as u32);
    canvas.set_height((f64::from(css_height) * ratio) as u32);
    let style = format!("width:{css_width}px;height:{css_height}px");
    let _ = canvas.set_attribute("style", &style);
    (css_width, css_height)
}

/// The colour-blind-safe palette (Okabe–Ito).
pub const PALETTE: [(u8, u8, u8); 8] = [
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (213, 94, 0),
    (240, 228, 66),
    (0, 0, 0),
];
