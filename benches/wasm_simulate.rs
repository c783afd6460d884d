//! Simulator speed in the browser: the same year as `benches/simulate.rs`,
//! run as WebAssembly in headless Chromium with wasm-bindgen-test's Criterion.
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo bench --target wasm32-unknown-unknown --bench wasm_simulate`.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::disallowed_methods)] // clippy.toml fences the page's module, not this
use btar_planner::formats::scenario_file;
use btar_planner::sim;
use wasm_bindgen_test::{wasm_bindgen_bench, wasm_bindgen_test_configure, Criterion};

wasm_bindgen_test_configure!(run_in_browser);

const YEAR: &str = include_str!("hourly-year.json");

#[wasm_bindgen_bench]
fn simulate_hourly_year_two_secondaries(c: &mut Criterion) {
    let s = scenario_file::from_json(YEAR, &mut Vec::new()).expect("benchmark scenario");
    c.bench_function("simulate/hourly_year_two_secondaries (wasm)", |b| {
        b.iter(|| sim::simulate(std::hint::black_box(&s)).expect("valid"))
    });
}
