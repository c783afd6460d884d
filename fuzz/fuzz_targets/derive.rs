//! What the app does on every edit: read a scenario, validate it, and for a
//! valid one simulate, bill and compare the levers. Seed the corpus with the
//! presets (`examples/*.json`) so mutations stay mostly valid JSON.
#![no_main]
use btar_planner::formats::scenario_file;
use btar_planner::ui::state::derive;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mut s) = scenario_file::from_json(text, &mut Vec::new()) else {
        return;
    };
    // A fuzzing run wants many short spans, not a few ten-year ones.
    s.simulation.days = s.simulation.days.min(120);
    let d = derive(&s, || 0.0);
    if let (Some(r), Some(b)) = (&d.sim, &d.bill) {
        assert!(d.problems.is_valid());
        assert!(r.lag.iter().all(|l| l.summary.p50_s <= l.summary.p95_s && l.summary.p95_s <= l.summary.max_s));
        assert!(b.cross_region_usd.is_finite() && b.cross_region_usd >= 0.0, "{}", b.cross_region_usd);
    }
});
