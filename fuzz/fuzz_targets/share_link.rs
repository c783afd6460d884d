//! Share-link fragments, including damaged and hostile ones.
#![no_main]
use btar_planner::formats::share;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = share::decode(text, &mut Vec::new());
        let _ = share::decode(&format!("s=1.{text}"), &mut Vec::new());
    }
});
