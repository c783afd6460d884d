//! Time arithmetic that never panics: every sum of a time and an offset
//! that a user's values can reach goes through here and saturates at the
//! ends of chrono's range instead of aborting the process.

use chrono::{DateTime, TimeDelta, Utc};

/// `t` plus `secs` seconds, saturating at the ends of the representable range.
pub fn add_seconds(t: DateTime<Utc>, secs: i64) -> DateTime<Utc> {
    let d = TimeDelta::try_seconds(secs).unwrap_or(if secs < 0 {
        TimeDelta::MIN
    } else {
        TimeDelta::MAX
    });
    add(t, d)
}

/// `t` plus `d`, saturating at the ends of the representable range.
pub fn add(t: DateTime<Utc>, d: TimeDelta) -> DateTime<Utc> {
    t.checked_add_signed(d).unwrap_or(if d < TimeDelta::zero() {
        DateTime::<Utc>::MIN_UTC
    } else {
        DateTime::<Utc>::MAX_UTC
    })
}

/// `t` plus `hours` hours (saturating).
pub fn add_hours(t: DateTime<Utc>, hours: i64) -> DateTime<Utc> {
    add_seconds(t, hours.saturating_mul(3600))
}

/// Seconds from `a` to `b` (negative when `b` is earlier); never panics.
pub fn seconds_between(a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
    b.signed_duration_since(a).num_seconds()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_saturate_at_the_ends_of_the_range() {
        let t = DateTime::<Utc>::MAX_UTC;
        assert_eq!(add_seconds(t, 1), DateTime::<Utc>::MAX_UTC);
        assert_eq!(add_seconds(t, i64::MAX), DateTime::<Utc>::MAX_UTC);
        assert_eq!(
            add_seconds(DateTime::<Utc>::MIN_UTC, i64::MIN),
            DateTime::<Utc>::MIN_UTC
        );
        assert_eq!(add_hours(t, i64::MAX), DateTime::<Utc>::MAX_UTC);
        let start = DateTime::<Utc>::from_timestamp(0, 0).unwrap_or_default();
        assert_eq!(add_seconds(start, 90).timestamp(), 90);
        assert_eq!(add_hours(start, -1).timestamp(), -3600);
        assert_eq!(seconds_between(start, add_seconds(start, 61)), 61);
        assert!(seconds_between(DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC) > 0);
    }
}
