//! Component tests in headless Chromium (wasm-bindgen-test).
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser`.
#![cfg(target_arch = "wasm32")]
use std::time::Duration;

use btar_planner::ui::app::App;
use btar_planner::ui::storage::STORAGE_KEY;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    let document = gloo::utils::document();
    // Each test starts from the default scenario.
    let _ = gloo::utils::window()
        .local_storage()
        .ok()
        .flatten()
        .map(|s| s.remove_item(STORAGE_KEY));
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
    yew::platform::time::sleep(Duration::from_millis(150)).await;
}

/// Mounts the app and waits (up to 10 s) until the sections it renders
/// after the first paint are there too.
async fn mounted() -> Element {
    let root = mount();
    for _ in 0..200 {
        if root.query_selector("#data-gb").ok().flatten().is_some()
            && root.query_selector("#map-chart").ok().flatten().is_some()
        {
            break;
        }
        yew::platform::time::sleep(Duration::from_millis(50)).await;
    }
    settle().await;
    root
}

fn find(root: &Element, sel: &str) -> Element {
    root.query_selector(sel)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("{sel} not found"))
}

/// Types into an input as a user would: sets the value and fires `input`.
fn type_into(root: &Element, sel: &str, text: &str) {
    let input: HtmlInputElement = find(root, sel).dyn_into().expect("an input");
    input.set_value(text);
    let ev = web_sys::InputEvent::new("input").expect("event");
    input.dispatch_event(&ev).expect("dispatched");
}

/// The RGBA bytes of the canvas's backing store.
fn pixels(canvas: &HtmlCanvasElement) -> Vec<u8> {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .expect("call")
        .expect("2d")
        .dyn_into()
        .expect("2d");
    ctx.get_image_data(
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    )
    .expect("image data")
    .data()
    .to_vec()
}

/// Pixels that are not plain white.
fn inked_pixels(canvas: &HtmlCanvasElement) -> usize {
    pixels(canvas)
        .chunks_exact(4)
        .filter(|p| p[3] > 0 && (p[0] < 240 || p[1] < 240 || p[2] < 240))
        .count()
}

#[wasm_bindgen_test]
async fn app_mounts_with_its_layout_regions() {
    let root = mounted().await;
    assert!(root.inner_html().contains("BTAR Planner"));
    find(&root, "header.app-header");
    find(&root, "section.scenario-area");
    find(&root, "section.results-area");
    assert!(find(&root, "#scenario-name")
        .text_content()
        .unwrap_or_default()
        .contains("Aiven PostgreSQL"));
    assert!(find(&root, "#checks-ok")
        .text_content()
        .unwrap_or_default()
        .contains("Every platform rule holds"));
}

#[wasm_bindgen_test]
async fn a_simulation_run_fills_the_charts() {
    let root = mounted().await;
    for id in ["#lag-chart", "#backlog-chart", "#cost-chart"] {
        let canvas: HtmlCanvasElement = find(&root, id).dyn_into().expect("canvas");
        let inked = inked_pixels(&canvas);
        let total = (canvas.width() * canvas.height()) as usize;
        assert!(
            inked > total / 50,
            "{id}: only {inked} of {total} pixels inked"
        );
        assert!(inked < total, "{id}: every pixel inked");
    }
    // The map has a sea-coloured background: look for land, routes and dots.
    let map: HtmlCanvasElement = find(&root, "#map-chart").dyn_into().expect("canvas");
    assert!(distinct_colours(&map) >= 4, "the map is nearly blank");
    assert!(find(&root, "#lag-table")
        .text_content()
        .unwrap_or_default()
        .contains("aws-eu-central-1"));
}

fn distinct_colours(canvas: &HtmlCanvasElement) -> usize {
    let mut seen = std::collections::HashSet::new();
    for p in pixels(canvas).chunks_exact(4) {
        seen.insert((p[0] / 32, p[1] / 32, p[2] / 32));
    }
    seen.len()
}

#[wasm_bindgen_test]
async fn editing_a_field_shows_and_clears_its_validation_message() {
    let root = mounted().await;
    // Not a number: the text stays, a local error shows, the scenario keeps 200 GB.
    type_into(&root, "#data-gb", "12 GB");
    settle().await;
    let input: HtmlInputElement = find(&root, "#data-gb").dyn_into().unwrap();
    assert_eq!(input.value(), "12 GB");
    let msg = find(&root, "[data-field='workload.data_gb']")
        .text_content()
        .unwrap_or_default();
    assert!(msg.contains("not a number"), "{msg}");
    // A number the rules refuse: the domain message shows next to the field.
    type_into(&root, "#data-gb", "-5");
    settle().await;
    let msg = find(&root, "[data-field='workload.data_gb']")
        .text_content()
        .unwrap_or_default();
    assert!(msg.contains("data size must be more than 0"), "{msg}");
    find(&root, "#results-blocked");
    // A good value clears both.
    type_into(&root, "#data-gb", "250");
    settle().await;
    assert!(root
        .query_selector("[data-field='workload.data_gb']")
        .unwrap()
        .is_none());
    find(&root, "#checks-ok");
}

#[wasm_bindgen_test]
async fn an_unknown_plan_is_flagged_next_to_its_field() {
    let root = mounted().await;
    type_into(&root, "#aiven-plan", "gold-8");
    settle().await;
    let msg = find(&root, "[data-field='platform.aiven.plan']")
        .text_content()
        .unwrap_or_default();
    assert!(
        msg.contains("the plan is a tier (hobbyist, startup, business or premium)"),
        "{msg}"
    );
    type_into(&root, "#aiven-plan", "premium-6x-16");
    settle().await;
    assert!(root
        .query_selector("[data-field='platform.aiven.plan']")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn outage_and_fork_pickers_offer_the_scenarios_regions() {
    let root = mounted().await;
    let values = |sel: &str| -> Vec<String> {
        let select: web_sys::HtmlSelectElement = find(&root, sel).dyn_into().expect("a select");
        (0..select.length())
            .filter_map(|i| select.item(i))
            .filter_map(|o| o.get_attribute("value"))
            .collect()
    };
    // The default preset: an Aiven service in aws-eu-west-1 with its backups
    // also in aws-eu-central-1; event 0 is an outage, event 1 a fork.
    assert_eq!(
        values("#event-0-region"),
        ["aws-eu-west-1", "aws-eu-central-1"]
    );
    // A fork may also leave the location to the current secondary: that
    // choice comes first; the preset's fork names aws-eu-central-1.
    assert_eq!(values("#event-1-from"), ["", "aws-eu-central-1"]);
    let fork_from: web_sys::HtmlSelectElement =
        find(&root, "#event-1-from").dyn_into().expect("a select");
    assert_eq!(fork_from.value(), "aws-eu-central-1");
    // The service's own picker still offers every region.
    assert!(values("#aiven-cloud").len() >= 60);
    // A new fork restores from the current secondary until told otherwise.
    // It lands in time order: mid-span (Jan 20) is before the preset's
    // outage and fork (Jan 25), so it is event 0.
    let add: web_sys::HtmlElement = find(&root, "#add-fork").dyn_into().expect("a button");
    add.click();
    settle().await;
    let from: web_sys::HtmlSelectElement =
        find(&root, "#event-0-from").dyn_into().expect("a select");
    assert_eq!(from.value(), "");
    let shown = from
        .item(from.selected_index().max(0) as u32)
        .and_then(|o| o.text_content())
        .unwrap_or_default();
    assert_eq!(shown, "The current secondary location");
}

fn click(root: &Element, sel: &str) {
    let el: web_sys::HtmlElement = find(root, sel).dyn_into().expect("an element");
    el.click();
}

#[wasm_bindgen_test]
async fn the_risk_panel_names_a_bad_input_and_runs_nothing() {
    let root = mounted().await;
    for (sel, text, want) in [
        ("#risk-trials", "0", "Trials: 0 is outside 1–100000"),
        ("#risk-trials", "2.5", "Trials:"),
        ("#risk-trials", "lots", "Trials:"),
        (
            "#risk-sigma",
            "9",
            "Spread σ of the log-normal (assumption): 9 is outside 0–3",
        ),
        (
            "#risk-rate",
            "-1",
            "Region outages per region per year (assumption): -1 is outside 0–365",
        ),
    ] {
        // Back to a good value for every field, then the one bad one.
        for (id, good) in [
            ("#risk-trials", "1000"),
            ("#risk-seed", "1"),
            ("#risk-rate", "0.5"),
            ("#risk-median", "4"),
            ("#risk-sigma", "1"),
        ] {
            type_into(&root, id, good);
        }
        type_into(&root, sel, text);
        click(&root, "#risk-run");
        settle().await;
        let status = find(&root, "#risk-status");
        assert_eq!(status.class_name(), "error", "{sel} = {text}");
        let got = status.text_content().unwrap_or_default();
        assert!(got.starts_with(want), "{sel} = {text}: {got}");
        assert!(root
            .query_selector("#risk-progress")
            .ok()
            .flatten()
            .is_none());
    }
    // The typed values stay in the fields across the re-render.
    let trials: HtmlInputElement = find(&root, "#risk-trials").dyn_into().expect("input");
    assert_eq!(trials.value(), "1000");
    // The frontier's button is there, with no result before a run.
    assert!(find(&root, "#frontier-result").inner_html().is_empty());
}

/// The browser's `Intl` time zones as the app resolves schedule time zones:
/// offsets on each side of a clock change, the same answers asked again, and
/// an unknown zone refused.
#[wasm_bindgen_test]
fn time_zone_offsets_come_from_intl() {
    use btar_core::domain::tz::{offset_at, TzError};
    btar_planner::intl_tz::install();
    // 2026-01-15 12:00 UTC and 2026-07-15 12:00 UTC.
    let (winter, summer) = (1_768_478_400, 1_784_116_800);
    for _ in 0..2 {
        assert_eq!(offset_at("Europe/Berlin", winter), Ok(3600));
        assert_eq!(offset_at("Europe/Berlin", summer), Ok(7200));
        assert_eq!(offset_at("America/New_York", winter), Ok(-5 * 3600));
        assert_eq!(offset_at("Asia/Kolkata", summer), Ok(5 * 3600 + 1800));
    }
    // Berlin's clocks go forward at 2026-03-29 01:00 UTC.
    assert_eq!(offset_at("Europe/Berlin", 1_774_745_999), Ok(3600));
    assert_eq!(offset_at("Europe/Berlin", 1_774_746_000), Ok(7200));
    assert_eq!(
        offset_at("Mars/Olympus_Mons", winter),
        Err(TzError::Unknown)
    );
    // Many names asked for (a zone typed letter by letter) stay answered.
    for i in 0..100 {
        let _ = offset_at(&format!("Europe/Nowhere{i}"), winter);
    }
    assert_eq!(offset_at("Europe/Berlin", summer), Ok(7200));
}
