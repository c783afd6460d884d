//! Any bytes through format detection, import and validation; what imports
//! is written back in every export that fits it, and a valid scenario is
//! simulated and judged (the verdict).
#![no_main]
use btar_planner::domain::validation::validate;
use btar_planner::formats::{exports::Export, import, ImportDefaults};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let defaults = ImportDefaults { start: chrono::DateTime::UNIX_EPOCH, aws_region: None, tf_vars: Vec::new(), provider_regions: Vec::new() };
        if let Ok(i) = import(text, &defaults, None) {
            let p = validate(&i.scenario);
            for e in Export::for_platform(&i.scenario.platform) {
                let _ = e.render(&i.scenario);
            }
            if p.is_valid() && i.scenario.simulation.days <= 60 {
                if let Ok(r) = btar_planner::sim::simulate(&i.scenario) {
                    let b = btar_planner::cost::bill::bill(&i.scenario, &r);
                    let _ = btar_planner::sim::verdict::verdict(&i.scenario, &r, &b, &i.scenario.objectives, &|t| t.to_string());
                }
            }
        }
    }
});
