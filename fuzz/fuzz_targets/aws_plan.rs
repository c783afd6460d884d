//! AWS backup plan JSON, the wrapped form and the CLI command.
#![no_main]
use btar_planner::domain::validation::validate;
use btar_planner::formats::aws;
use btar_planner::presets;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let base = presets::load("aws-guide-one-dr").unwrap_or_else(|_| presets::default_scenario());
        if let Ok(s) = aws::apply_plan(&base, text, Some("us-east-1"), &mut Vec::new()) {
            let _ = validate(&s);
        }
    }
});
