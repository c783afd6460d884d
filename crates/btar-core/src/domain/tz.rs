//! IANA time zones for schedules (`ScheduleExpressionTimezone`).
//!
//! The zone rules come from whoever runs the engine: natively the `tzdb`
//! feature (chrono-tz, the IANA database compiled in); in the browser the
//! app installs a resolver over the browser's own `Intl` time-zone data, so
//! the app module carries no database. Without either, a schedule's zone is
//! unavailable and the schedule runs in UTC (validation says so).

use std::sync::OnceLock;

/// Why a zone's offset could not be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TzError {
    /// The name is not an IANA time zone.
    Unknown,
    /// No time-zone data is available to this build.
    Unavailable,
}

/// Seconds east of UTC of `zone` at `utc_s` (seconds since the Unix epoch).
pub type Resolver = fn(zone: &str, utc_s: i64) -> Result<i32, TzError>;

static RESOLVER: OnceLock<Resolver> = OnceLock::new();

/// Installs the resolver (the app's `Intl` one). The first install wins.
pub fn install(r: Resolver) {
    let _ = RESOLVER.set(r);
}

fn resolver() -> Option<Resolver> {
    if let Some(r) = RESOLVER.get() {
        return Some(*r);
    }
    #[cfg(feature = "tzdb")]
    {
        Some(tzdb::offset)
    }
    #[cfg(not(feature = "tzdb"))]
    {
        None
    }
}

/// Whether a name means UTC itself (no resolver needed).
pub fn is_utc(zone: &str) -> bool {
    matches!(
        zone,
        "UTC" | "Etc/UTC" | "Etc/GMT" | "GMT" | "Etc/Universal" | "Etc/Zulu"
    )
}

/// Seconds east of UTC of `zone` at the instant `utc_s`.
pub fn offset_at(zone: &str, utc_s: i64) -> Result<i32, TzError> {
    if is_utc(zone) {
        return Ok(0);
    }
    match resolver() {
        Some(r) => r(zone, utc_s),
        None => Err(TzError::Unavailable),
    }
}

/// Whether the zone can be resolved: `Ok(())`, or why not.
pub fn check(zone: &str) -> Result<(), TzError> {
    offset_at(zone, 0).map(|_| ())
}

/// The instant (seconds since the epoch) at which the wall clock of `zone`
/// reads `local_s` (that wall time counted as if it were UTC). In an hour
/// the clock repeats, the first of the two; in an hour it skips, the wall
/// time is read with the offset before the change (02:30 on a spring-forward
/// night runs at 03:30). Assumes at most one offset change within a day of
/// `local_s`, as in every IANA zone.
pub fn local_to_utc(zone: &str, local_s: i64) -> Result<i64, TzError> {
    let before = offset_at(zone, local_s.saturating_sub(86_400))?;
    let after = offset_at(zone, local_s.saturating_add(86_400))?;
    let t_before = local_s.saturating_sub(i64::from(before));
    if before == after {
        return Ok(t_before);
    }
    let t_after = local_s.saturating_sub(i64::from(after));
    let ok_before = offset_at(zone, t_before)? == before;
    let ok_after = offset_at(zone, t_after)? == after;
    Ok(match (ok_before, ok_after) {
        (true, true) => t_before.min(t_after),
        (false, true) => t_after,
        _ => t_before,
    })
}

#[cfg(feature = "tzdb")]
mod tzdb {
    use super::TzError;
    use chrono::{Offset, TimeZone};

    pub fn offset(zone: &str, utc_s: i64) -> Result<i32, TzError> {
        let tz: chrono_tz::Tz = zone.parse().map_err(|_| TzError::Unknown)?;
        let utc = chrono::DateTime::from_timestamp(utc_s, 0).ok_or(TzError::Unknown)?;
        Ok(tz
            .offset_from_utc_datetime(&utc.naive_utc())
            .fix()
            .local_minus_utc())
    }
}

#[cfg(all(test, feature = "tzdb"))]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn local(y: i32, m: u32, d: u32, h: u32) -> i64 {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .map(|t| t.and_utc().timestamp())
            .unwrap_or_default()
    }

    #[test]
    fn new_york_is_five_hours_behind_in_winter_and_four_in_summer() {
        let z = "America/New_York";
        assert_eq!(
            local_to_utc(z, local(2026, 1, 15, 5)),
            Ok(local(2026, 1, 15, 10))
        );
        assert_eq!(
            local_to_utc(z, local(2026, 7, 15, 5)),
            Ok(local(2026, 7, 15, 9))
        );
        // 02:30 on 8 March 2026 does not exist: read with EST, 07:30 UTC
        // (03:30 EDT).
        assert_eq!(
            local_to_utc(z, local(2026, 3, 8, 2) + 1800),
            Ok(local(2026, 3, 8, 7) + 1800)
        );
        // 01:30 on 1 November 2026 happens twice: the first (EDT, 05:30 UTC).
        assert_eq!(
            local_to_utc(z, local(2026, 11, 1, 1) + 1800),
            Ok(local(2026, 11, 1, 5) + 1800)
        );
        assert_eq!(check("Mars/Olympus"), Err(TzError::Unknown));
        assert_eq!(offset_at("UTC", 0), Ok(0));
        assert_eq!(offset_at("Asia/Kolkata", 0), Ok(19_800));
    }
}
