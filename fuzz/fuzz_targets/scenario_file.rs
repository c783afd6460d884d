//! The scenario file reader, then validation of whatever it accepts.
#![no_main]
use btar_planner::domain::validation::validate;
use btar_planner::formats::scenario_file;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(s) = scenario_file::from_json(text, &mut Vec::new()) {
            let _ = validate(&s);
            let again = scenario_file::from_json(&scenario_file::to_json(&s), &mut Vec::new());
            assert_eq!(again.ok().as_ref(), Some(&s));
        }
    }
});
