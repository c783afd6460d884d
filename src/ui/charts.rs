//! Charts drawn with plotters on a `<canvas>`: one module per chart, each a
//! drawing function taking a canvas and its data and returning a `Result`.
//! [`use_canvas`] sizes the canvas to its box and the device pixel ratio and
//! redraws on data changes and window resizes. Long series are decimated
//! before drawing.

pub mod backlog;
pub mod calibration;
pub mod cost_bars;
pub mod frontier;
pub mod lag;
pub mod map;
pub mod risk;

use std::rc::Rc;

use chrono::{DateTime, Utc};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

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

pub fn color(i: usize) -> RGBColor {
    let (r, g, b) = PALETTE[i % PALETTE.len()];
    RGBColor(r, g, b)
}

/// The canvas as a drawing area in CSS pixels (`size`, from [`fit_canvas`]):
/// the context is scaled by the canvas's backing-store ratio, so lines and
/// text keep their CSS size and are drawn sharp on a HiDPI screen.
pub fn scaled_root(
    canvas: HtmlCanvasElement,
    size: (u32, u32),
) -> Result<DrawingArea<CanvasBackend, Shift>, String> {
    let ratio = f64::from(canvas.width()) / f64::from(size.0.max(1));
    let context = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or("the canvas has no 2D context")?;
    context
        .set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0)
        .map_err(|_| "the canvas refused its scale".to_string())?;
    let backend =
        CanvasBackend::with_canvas_object(canvas).ok_or("the canvas has no 2D context")?;
    Ok(backend.into_drawing_area().shrink((0, 0), size))
}

/// A white drawing area on the canvas, in CSS pixels.
pub fn area(
    canvas: HtmlCanvasElement,
    size: (u32, u32),
) -> Result<DrawingArea<CanvasBackend, Shift>, String> {
    let root = scaled_root(canvas, size)?;
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    Ok(root)
}

/// Spans longer than this many days label their dates with the year.
const LONG_SPAN_DAYS: f64 = 300.0;

/// A time chart's margin and y-label area, in CSS pixels.
const TIME_MARGIN: u32 = 10;
const TIME_Y_LABELS: u32 = 48;

/// Right margin of a time chart: room for the last date label, which is
/// centred on the plot's right edge.
fn time_margin_right(span_days: f64) -> u32 {
    if span_days > LONG_SPAN_DAYS {
        36
    } else {
        26
    }
}

/// Where a pointer `x` CSS pixels into a time chart `width` pixels wide
/// falls, in days from the start of a `span_days` span; `None` outside the
/// plot.
pub fn time_at(x: f64, width: f64, span_days: f64) -> Option<f64> {
    let left = f64::from(TIME_MARGIN + TIME_Y_LABELS);
    let right = width - f64::from(time_margin_right(span_days));
    (right > left && (left..=right).contains(&x))
        .then(|| (x - left) / (right - left) * span_days.max(0.01))
}

/// The label of a time axis `days` into a span of `span_days`.
fn axis_date(start: DateTime<Utc>, days: f64, span_days: f64) -> String {
    let t = crate::domain::clock::add_seconds(start, (days * 86_400.0) as i64);
    if span_days > LONG_SPAN_DAYS {
        super::time::date(t)
    } else {
        super::time::month_day(t)
    }
}

/// Axes for a series over the simulated span: x in days from `start`
/// labelled with dates, y from 0 to `max_y`.
pub fn time_chart<'a>(
    root: &'a DrawingArea<CanvasBackend, Shift>,
    start: DateTime<Utc>,
    span_days: f64,
    max_y: f64,
    y_desc: &str,
) -> Result<ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf64, RangedCoordf64>>, String> {
    // Spans longer than about ten months cross a new year: their labels
    // carry it ("2027-03-11", about 65 px), shorter ones read "Mar 11"
    // (about 45 px). One label per 95 or 70 px keeps them apart on a phone
    // (plotters rounds to whole-day steps).
    let long = span_days > LONG_SPAN_DAYS;
    let fmt_day = move |x: &f64| axis_date(start, *x, span_days);
    let x_labels = (root.dim_in_pixel().0 / if long { 95 } else { 70 }).clamp(3, 8) as usize;
    let mut chart = ChartBuilder::on(root)
        .margin(TIME_MARGIN)
        .margin_right(time_margin_right(span_days))
        .x_label_area_size(28)
        .y_label_area_size(TIME_Y_LABELS)
        .build_cartesian_2d(0.0..span_days.max(0.01), 0.0..max_y)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.08))
        .x_labels(x_labels)
        .x_label_formatter(&fmt_day)
        .y_desc(y_desc)
        .draw()
        .map_err(|e| e.to_string())?;
    Ok(chart)
}

/// How a legend entry shows its series.
#[derive(Debug, Clone, Copy)]
pub enum Key {
    /// A line series: a short stroke in its colour and width.
    Line(RGBAColor, u32),
    /// A filled series (bars, shaded spans): a small filled block.
    Block(RGBAColor),
}

/// Height of one legend row, width of a key's swatch and the space after
/// it, in CSS pixels.
const LEGEND_ROW: u32 = 18;
const SWATCH: u32 = 14;
const SWATCH_GAP: u32 = 5;

/// Lays the entries out left to right, wrapping onto new rows at `width`:
/// the x offset and row of each entry, and the number of rows. `text_width`
/// measures a label in pixels.
pub fn legend_layout(
    labels: &[&str],
    width: u32,
    text_width: impl Fn(&str) -> u32,
) -> (Vec<(u32, u32)>, u32) {
    const GAP: u32 = 16;
    let mut at = Vec::with_capacity(labels.len());
    let (mut x, mut row) = (0u32, 0u32);
    for label in labels {
        let w = SWATCH + SWATCH_GAP + text_width(label);
        if x > 0 && x + w > width {
            x = 0;
            row += 1;
        }
        at.push((x, row));
        x += w + GAP;
    }
    let rows = if labels.is_empty() { 0 } else { row + 1 };
    (at, rows)
}

/// Draws the legend as rows of keys along the top of `root` and returns the
/// area below it, so the legend never covers the data (on a phone a legend
/// box inside the plot hid a third of it). It is part of the canvas, so a
/// saved PNG keeps it.
pub fn legend_above(
    root: &DrawingArea<CanvasBackend, Shift>,
    entries: &[(&str, Key)],
) -> Result<DrawingArea<CanvasBackend, Shift>, String> {
    if entries.is_empty() {
        return Ok(root.clone());
    }
    let style = TextStyle::from(("sans-serif", 12).into_font()).pos(
        plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Center,
        ),
    );
    let left = 10u32;
    let width = root.dim_in_pixel().0.saturating_sub(left + 10);
    let labels: Vec<&str> = entries.iter().map(|(l, _)| *l).collect();
    let (at, rows) = legend_layout(&labels, width, |l| {
        root.estimate_text_size(l, &style)
            .map_or(7 * l.len() as u32, |s| s.0)
    });
    let (top, rest) = root.split_vertically(rows * LEGEND_ROW + 6);
    for ((label, key), (x, row)) in entries.iter().zip(at) {
        let (x, y) = (
            (left + x) as i32,
            (row * LEGEND_ROW + LEGEND_ROW / 2 + 4) as i32,
        );
        let end = x + SWATCH as i32;
        match key {
            Key::Line(c, w) => top.draw(&PathElement::new(
                vec![(x, y), (end, y)],
                // At least 3 px, so a thin line's colour still reads.
                c.stroke_width((*w).max(3)),
            )),
            Key::Block(c) => top.draw(&Rectangle::new([(x, y - 5), (end, y + 5)], c.filled())),
        }
        .map_err(|e| e.to_string())?;
        top.draw(&Text::new(
            label.to_string(),
            (end + SWATCH_GAP as i32, y),
            style.clone(),
        ))
        .map_err(|e| e.to_string())?;
    }
    Ok(rest)
}

/// Sizes the canvas's backing store for its CSS width and the device pixel
/// ratio, and returns the drawing size in CSS pixels.
pub fn fit_canvas(canvas: &HtmlCanvasElement, css_height: u32) -> (u32, u32) {
    let css_width = canvas
        .parent_element()
        .map(|p| p.client_width())
        .filter(|w| *w > 0)
        .unwrap_or(640)
        .clamp(240, 1600) as u32;
    let ratio = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|r| r.is_finite() && *r >= 1.0)
        .unwrap_or(1.0)
        .min(3.0);
    canvas.set_width((f64::from(css_width) * ratio) as u32);
    canvas.set_height((f64::from(css_height) * ratio) as u32);
    let _ = canvas.set_attribute(
        "style",
        &format!("width:{css_width}px;height:{css_height}px"),
    );
    (css_width, css_height)
}

/// Keeps at most `buckets` × 2 points of an x-sorted polyline: the first,
/// the lowest and the highest point of each bucket, and the last, so spikes
/// survive.
pub fn decimate(points: &[(f64, f64)], buckets: usize) -> Vec<(f64, f64)> {
    if points.len() <= buckets * 2 || buckets == 0 {
        return points.to_vec();
    }
    let (x0, x1) = (points[0].0, points[points.len() - 1].0);
    let width = (x1 - x0).max(f64::EPSILON) / buckets as f64;
    let mut out = Vec::with_capacity(buckets * 2 + 2);
    out.push(points[0]);
    let mut i = 0;
    while i < points.len() {
        let b = ((points[i].0 - x0) / width).floor();
        let mut lo = points[i];
        let mut hi = points[i];
        let mut j = i;
        while j < points.len() && ((points[j].0 - x0) / width).floor() == b {
            if points[j].1 < lo.1 {
                lo = points[j];
            }
            if points[j].1 > hi.1 {
                hi = points[j];
            }
            j += 1;
        }
        if lo.0 <= hi.0 {
            out.push(lo);
            out.push(hi);
        } else {
            out.push(hi);
            out.push(lo);
        }
        i = j;
    }
    out.push(points[points.len() - 1]);
    out
}

/// Draws a chart's data on a canvas of a size in device pixels.
pub type DrawFn<T> = fn(HtmlCanvasElement, &T, (u32, u32)) -> Result<(), String>;

/// A chart's data and the function that draws it, behind one type: the
/// canvas component and its hook then exist once in the app's module
/// instead of once per kind of chart.
trait Drawing {
    fn draw(&self, c: HtmlCanvasElement, size: (u32, u32)) -> Result<(), String>;
    /// Equal data (so nothing needs drawing again).
    fn same(&self, other: &dyn std::any::Any) -> bool;
    fn as_any(&self) -> &dyn std::any::Any;
}

struct Drawn<T> {
    data: Rc<T>,
    draw: DrawFn<T>,
}

impl<T: PartialEq + 'static> Drawing for Drawn<T> {
    fn draw(&self, c: HtmlCanvasElement, size: (u32, u32)) -> Result<(), String> {
        (self.draw)(c, &self.data, size)
    }
    fn same(&self, other: &dyn std::any::Any) -> bool {
        other
            .downcast_ref::<Drawn<T>>()
            .is_some_and(|o| o.data == self.data)
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Data shared by pointer: the same when it is the very same value. For
/// results that come whole from a worker (each run a new value), where
/// comparing them field by field would only cost time and code.
pub struct Same<T>(pub Rc<T>);

impl<T> PartialEq for Same<T> {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0, &o.0)
    }
}

impl<T> std::ops::Deref for Same<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Some data with the function that draws it.
#[derive(Clone)]
pub struct Chart(Rc<dyn Drawing>);

impl Chart {
    pub fn new<T: PartialEq + 'static>(data: Rc<T>, draw: DrawFn<T>) -> Chart {
        Chart(Rc::new(Drawn { data, draw }))
    }
}

impl PartialEq for Chart {
    fn eq(&self, o: &Chart) -> bool {
        Rc::ptr_eq(&self.0, &o.0) || self.0.same(o.0.as_any())
    }
}

/// A canvas that draws a chart at `height` CSS pixels, again whenever its
/// data changes or the window is resized. Returns the canvas ref and the
/// last drawing error.
#[hook]
pub fn use_canvas(chart: Chart, height: u32) -> (NodeRef, Option<String>) {
    let canvas = use_node_ref();
    let error = use_state(|| None::<String>);
    let resized = use_state(|| 0u32);
    {
        let resized = resized.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo::events::EventListener::new(&w, "resize", move |_| resized.set(*resized + 1))
            });
            move || drop(listener)
        });
    }
    {
        let canvas = canvas.clone();
        let error = error.clone();
        use_effect_with((chart, *resized), move |(chart, _)| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                let size = fit_canvas(&c, height);
                let mark = format!("btar:chart:{}", c.id());
                let result = chart.0.draw(c, size);
                super::mark(&mark);
                if result.as_ref().err() != error.as_ref() {
                    error.set(result.err());
                }
            }
        });
    }
    (canvas, (*error).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimation_keeps_spikes_and_ends() {
        let mut pts: Vec<(f64, f64)> = (0..10_000).map(|i| (i as f64, 1.0)).collect();
        pts[5_000].1 = 99.0;
        let d = decimate(&pts, 100);
        assert!(d.len() <= 202 + 2, "{}", d.len());
        assert_eq!(d.first(), pts.first());
        assert_eq!(d.last(), pts.last());
        assert!(d.iter().any(|p| p.1 == 99.0));
        assert!(d.windows(2).all(|w| w[0].0 <= w[1].0));
        assert_eq!(decimate(&pts[..50], 100).len(), 50);
    }

    #[test]
    fn a_pointer_maps_to_the_time_under_it_inside_the_plot_only() {
        // Plot from 58 px to 800 - 26 = 774 px for a 30-day span.
        assert_eq!(time_at(58.0, 800.0, 30.0), Some(0.0));
        assert_eq!(time_at(774.0, 800.0, 30.0), Some(30.0));
        assert_eq!(time_at(416.0, 800.0, 30.0), Some(15.0));
        assert_eq!(time_at(57.0, 800.0, 30.0), None);
        assert_eq!(time_at(775.0, 800.0, 30.0), None);
        // Long spans leave 36 px on the right.
        assert_eq!(time_at(764.0, 800.0, 1000.0), Some(1000.0));
        assert_eq!(time_at(100.0, 60.0, 30.0), None, "no plot in a tiny canvas");
    }

    #[test]
    fn long_spans_label_their_dates_with_the_year() {
        let start = chrono::DateTime::parse_from_rfc3339("2026-01-05T00:00:00Z")
            .expect("date")
            .with_timezone(&Utc);
        assert_eq!(axis_date(start, 10.5, 90.0), "Jan 15");
        assert_eq!(axis_date(start, 500.0, 1500.0), "2027-05-20");
        assert_eq!(axis_date(start, 0.0, 301.0), "2026-01-05");
    }

    #[test]
    fn legend_entries_wrap_onto_rows_that_fit() {
        let width = |l: &str| 8 * l.len() as u32;
        // An entry is its 19 px key and 8 px per character; entries 16 px apart.
        let labels = ["aws-eu-central-1", "aws-us-east-1xx", "outage"];
        let (at, rows) = legend_layout(&labels, 1000, width);
        assert_eq!(rows, 1);
        assert_eq!(at[0], (0, 0));
        assert_eq!(at[1], (19 + 8 * 16 + 16, 0));
        let (at, rows) = legend_layout(&labels, 320, width);
        assert_eq!((rows, at[1], at[2]), (2, (163, 0), (0, 1)));
        // An entry wider than the chart still gets a row of its own.
        let (at, rows) = legend_layout(&labels, 50, width);
        assert_eq!((rows, at[1], at[2]), (3, (0, 1), (0, 2)));
        assert_eq!(legend_layout(&[], 300, width).1, 0);
    }
}
