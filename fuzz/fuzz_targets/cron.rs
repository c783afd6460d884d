//! AWS cron expressions, and the schedule search over what parses.
#![no_main]
use btar_planner::domain::cron::Cron;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for e in [text.to_string(), format!("cron({text})")] {
            if let Ok(c) = Cron::parse(&e) {
                let t = chrono::DateTime::UNIX_EPOCH;
                let _ = c.next_after(t, 400);
                let _ = c.min_gap_minutes(t.date_naive(), 400);
            }
        }
    }
});
