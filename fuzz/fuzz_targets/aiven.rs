//! Aiven ServiceCreate/ServiceUpdate bodies and avn command lines.
#![no_main]
use btar_planner::formats::aiven;
use btar_planner::presets;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let base = presets::default_scenario();
        let _ = aiven::apply_create_body(&base, text, &mut Vec::new());
        let _ = aiven::apply_update_body(&base, text, &mut Vec::new());
        let _ = aiven::apply_avn_command(&base, text, &mut Vec::new());
    }
});
