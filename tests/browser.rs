//! Component tests in headless Chromium (wasm-bindgen-test).
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use btar_planner::ui::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> web_sys::Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    yew::Renderer::<App>::with_root(root.clone()).render();
    root
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(100)).await;
}

/// Counts pixels that are not plain white in the canvas's backing store.
fn inked_pixels(canvas: &HtmlCanvasElement) -> usize {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .expect("context call")
        .expect("a 2d context")
        .dyn_into()
        .expect("2d");
    let data = ctx
        .get_image_data(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        )
        .expect("image data")
        .data();
    data.chunks_exact(4)
        .filter(|p| p[3] > 0 && (p[0] < 240 || p[1] < 240 || p[2] < 240))
        .count()
}

#[wasm_bindgen_test]
async fn app_mounts_with_its_layout_regions() {
    let root = mount();
    settle().await;
    let html = root.inner_html();
    assert!(html.contains("BTAR Planner"), "{html}");
    assert!(root.query_selector("header.app-header").unwrap().is_some());
    assert!(root
        .query_selector("section.scenario-area")
        .unwrap()
        .is_some());
    assert!(root
        .query_selector("section.results-area")
        .unwrap()
        .is_some());
    let name = root
        .query_selector("#scenario-name")
        .unwrap()
        .expect("name shown");
    assert!(name
        .text_content()
        .unwrap_or_default()
        .contains("Aiven PostgreSQL"));
}

#[wasm_bindgen_test]
async fn the_cost_chart_draws_real_pixels() {
    let root = mount();
    settle().await;
    let canvas: HtmlCanvasElement = root
        .query_selector("#cost-chart")
        .unwrap()
        .expect("a canvas")
        .dyn_into()
        .expect("canvas element");
    let inked = inked_pixels(&canvas);
    let total = (canvas.width() * canvas.height()) as usize;
    // Bars, axes and labels ink a good share of the chart, but not all of it.
    assert!(inked > total / 20, "only {inked} of {total} pixels inked");
    assert!(inked < total * 9 / 10, "{inked} of {total} pixels inked");
}
