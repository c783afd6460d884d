//! What the app does on every edit: read a scenario, validate it, and for a
//! valid one simulate, bill, compare the levers and list the warnings. Seed the corpus with the
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
    // Most runs keep spans short for speed; one input in eight keeps its
    // full span (up to the 3 660 days validation allows) and one in eight is
    // pushed to extreme workloads (the largest data, the slowest links,
    // steep growth): no input may abort, however long or heavy.
    match data.first().map(|b| b % 8) {
        Some(0) => {}
        Some(1) => {
            s.workload.data_gb = 10_000_000.0;
            s.workload.growth_pct_per_month = 100.0;
            s.link.bandwidth_mbps = 0.1;
            s.link.backup_throughput_mbps = 0.1;
            s.simulation.days = s.simulation.days.min(800);
        }
        _ => s.simulation.days = s.simulation.days.min(120),
    }
    let d = derive(&s, || 0.0);
    if let (Some(r), Some(b)) = (&d.sim, &d.bill) {
        assert!(d.problems.is_valid());
        assert!(r.lag.iter().all(|l| l.summary.p50_s <= l.summary.p95_s && l.summary.p95_s <= l.summary.max_s));
        assert!(b.cross_region_usd.is_finite() && b.cross_region_usd >= 0.0, "{}", b.cross_region_usd);
        let _ = btar_planner::sim::diagnose::warnings(r);
        // What the worker runs next to it: the lever comparison.
        if r.events <= btar_planner::ui::state::AUTO_LEVERS_MAX_EVENTS {
            let _ = btar_planner::cost::levers::compare(&s);
        }
        let _ = btar_planner::sim::report::copy_jobs_csv(&r.copy_jobs, s.simulation.start);
    }
});
