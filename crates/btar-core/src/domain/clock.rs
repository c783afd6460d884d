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

/// Reads an RFC 3339 date and time (`2026-01-01T03:00:00Z`, any offset, a
/// space allowed for the `T`) as UTC, with chrono's strict RFC 3339 parser:
/// the scenario's times are written so, and the strict parser is a fraction
/// of the size in the app of the relaxed one serde would use.
pub fn parse_rfc3339(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            format!("'{text}' is not an RFC 3339 date and time like 2026-01-01T03:00:00Z ({e})")
        })
}

/// `#[serde(with = "rfc3339")]` for a `DateTime<Utc>` field.
pub mod rfc3339 {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        t.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_rfc3339(&text).map_err(serde::de::Error::custom)
    }
}

/// `#[serde(with = "rfc3339_option")]` for an `Option<DateTime<Utc>>` field.
pub mod rfc3339_option {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        t.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| super::parse_rfc3339(&text).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// `#[serde(with = "rfc3339_list")]` for a `Vec<DateTime<Utc>>` field.
pub mod rfc3339_list {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(t: &[DateTime<Utc>], s: S) -> Result<S::Ok, S::Error> {
        t.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<DateTime<Utc>>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|text| super::parse_rfc3339(text).map_err(serde::de::Error::custom))
            .collect()
    }
}
