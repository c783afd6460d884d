//! Job history files (AWS CLI job lists, Audit Manager reports, Zilliz
//! backups, lag CSVs) read and fitted: an error or a fit, never a panic.
#![no_main]
use btar_planner::calibrate::{self, history::History};
use btar_planner::presets;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let mut h = History::default();
        if h.read("fuzz.json", text).is_ok() {
            let mut s = presets::default_scenario();
            let c = calibrate::fit(&h, Some(&s), None);
            let _ = calibrate::apply(&c, &mut s);
        }
    }
});
