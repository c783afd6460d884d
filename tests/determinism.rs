//! Same scenario, same seed: the same result, byte for byte, natively and in
//! wasm. Both targets run this file (natively with `cargo test`, in headless
//! Chromium with `cargo test --target wasm32-unknown-unknown --test
//! determinism`) and compare the serialised simulation and bill of every
//! preset and of the benchmark year, a risk run of each and the frontier of
//! each preset, against one committed list of digests, so agreeing with the
//! list means agreeing with each other (a seed gives the same risk numbers
//! in `btar risk` and in the app's workers).
//!
//! After an intended change to the engine, rewrite the list natively with
//! `BTAR_BLESS=1 cargo test --test determinism` and review the diff.

#![allow(clippy::disallowed_methods)] // clippy.toml fences the page's module, not this
use btar_planner::cost::bill;
use btar_planner::formats::scenario_file;
use btar_planner::{presets, sim};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const DIGESTS: &str = include_str!("fixtures/sim-digests.txt");
const YEAR: &str = include_str!("../benches/hourly-year.json");

/// 64-bit FNV-1a: enough to tell two outputs apart, no dependency.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

type Job = Box<dyn FnOnce() -> Vec<u8>>;

/// Each line's name and the work that makes its JSON: the runs, the risk
/// runs and the frontiers of every scenario, one at a time (the browser
/// test lets the page breathe between them).
fn jobs() -> Vec<(String, Job)> {
    let mut scenarios: Vec<(String, _)> = presets::PRESETS
        .iter()
        .map(|p| (p.id.to_string(), presets::load(p.id).expect("preset loads")))
        .collect();
    scenarios.push((
        "hourly-year".to_string(),
        scenario_file::from_json(YEAR, &mut Vec::new()).expect("benchmark scenario"),
    ));
    let mut out: Vec<(String, Job)> = Vec::new();
    for (name, s) in &scenarios {
        let s = s.clone();
        out.push((
            name.clone(),
            Box::new(move || {
                let r = sim::simulate(&s).expect("simulates");
                let b = bill::bill(&s, &r);
                let mut json = serde_json::to_vec(&r).expect("result serialises");
                json.extend(serde_json::to_vec(&b).expect("bill serialises"));
                json
            }),
        ));
    }
    // Risk, with copy failures and outages, on one thread (the browser's
    // worker runs its share of trials the same way).
    for (name, s) in &scenarios {
        let s = s.clone();
        out.push((
            format!("risk:{name}"),
            Box::new(move || {
                let p = sim::risk::RiskParams {
                    trials: 300,
                    seed: 7,
                    outages_per_year: 4.0,
                    copy_failure_rate: Some(0.05),
                    ..Default::default()
                };
                let r = sim::risk::run(&s, &p, &s.objectives, 1, &|_| true).expect("risk runs");
                serde_json::to_vec(&r).expect("risk serialises")
            }),
        ));
    }
    for (name, s) in scenarios.iter().filter(|(n, _)| n != "hourly-year") {
        let s = s.clone();
        out.push((
            format!("frontier:{name}"),
            Box::new(move || {
                let plans =
                    btar_planner::cost::frontier::frontier(&s, &s.objectives).expect("frontier");
                serde_json::to_vec(&plans).expect("plans serialise")
            }),
        ));
    }
    out
}

/// `name digest length`, one line.
fn line(name: &str, json: &[u8]) -> String {
    format!("{name} {:016x} {}\n", fnv1a(json), json.len())
}

/// Gives the page back to the browser for a moment (the test runner's
/// driver polls it and gives up on a page that does not answer).
#[cfg(target_arch = "wasm32")]
async fn breathe() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test]
async fn results_match_the_committed_digests() {
    let mut got = String::new();
    for (name, job) in jobs() {
        got.push_str(&line(&name, &job()));
        breathe().await;
    }
    assert_eq!(
        got, DIGESTS,
        "simulation output changed (BTAR_BLESS=1 rewrites the list)"
    );
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn results_match_the_committed_digests() {
    let got: String = jobs()
        .into_iter()
        .map(|(name, job)| line(&name, &job()))
        .collect();
    if std::env::var_os("BTAR_BLESS").is_some() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sim-digests.txt"
        );
        std::fs::write(path, &got).expect("write digests");
        return;
    }
    assert_eq!(
        got, DIGESTS,
        "simulation output changed (BTAR_BLESS=1 rewrites the list)"
    );
}
