//! Any bytes through format detection, import and validation.
#![no_main]
use btar_planner::domain::validation::validate;
use btar_planner::formats::{import, ImportDefaults};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let defaults = ImportDefaults { start: chrono::DateTime::UNIX_EPOCH, aws_region: None };
        if let Ok(i) = import(text, &defaults, None) {
            let _ = validate(&i.scenario);
        }
    }
});
