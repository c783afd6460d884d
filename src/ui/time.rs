//! Dates and times as the app shows and reads them, always in UTC. Written
//! out field by field: chrono's `strftime` machinery would add its format
//! parser to the wasm for five fixed layouts.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike, Utc};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `2026-01-25`
pub fn date(t: DateTime<Utc>) -> String {
    format!("{:04}-{:02}-{:02}", t.year(), t.month(), t.day())
}

/// `2026-01-25 15:00 UTC`
pub fn minute(t: DateTime<Utc>) -> String {
    format!("{} {:02}:{:02} UTC", date(t), t.hour(), t.minute())
}

/// `Jan 25`
pub fn month_day(t: DateTime<Utc>) -> String {
    format!("{} {:02}", MONTHS[t.month0() as usize % 12], t.day())
}

/// `2026-01-25T15:00`, the value of a `datetime-local` input.
pub fn local_input(t: DateTime<Utc>) -> String {
    format!("{}T{:02}:{:02}", date(t), t.hour(), t.minute())
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// Reads a `date` input's value (`YYYY-MM-DD`); `None` for anything else.
pub fn parse_date(v: &str) -> Option<NaiveDate> {
    let mut dp = v.trim().splitn(3, '-');
    let (y, m, day) = (dp.next()?, dp.next()?, dp.next()?);
    if !(digits(y, 4) && digits(m, 2) && digits(day, 2)) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, day.parse().ok()?)
}

/// Reads a `datetime-local` value (`YYYY-MM-DDTHH:MM`, seconds optional)
/// as UTC; `None` for anything else.
pub fn parse_local_input(v: &str) -> Option<DateTime<Utc>> {
    let (d, t) = v.trim().split_once('T')?;
    let date = parse_date(d)?;
    let mut tp = t.split(':');
    let (h, mi, s) = (tp.next()?, tp.next()?, tp.next());
    if tp.next().is_some() || !(digits(h, 2) && digits(mi, 2) && s.is_none_or(|s| digits(s, 2))) {
        return None;
    }
    let time = NaiveTime::from_hms_opt(
        h.parse().ok()?,
        mi.parse().ok()?,
        s.map_or(Some(0), |s| s.parse().ok())?,
    )?;
    Some(date.and_time(time).and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn layouts_match_chronos_strftime() {
        let mut t = DateTime::parse_from_rfc3339("1999-12-31T23:59:07Z")
            .unwrap()
            .with_timezone(&Utc);
        for _ in 0..2000 {
            assert_eq!(date(t), t.format("%Y-%m-%d").to_string());
            assert_eq!(minute(t), t.format("%Y-%m-%d %H:%M UTC").to_string());
            assert_eq!(month_day(t), t.format("%b %d").to_string());
            assert_eq!(local_input(t), t.format("%Y-%m-%dT%H:%M").to_string());
            t += Duration::minutes(7919);
        }
    }

    #[test]
    fn local_input_round_trips_and_refuses_other_text() {
        let t = parse_local_input("2026-01-25T15:04").unwrap();
        assert_eq!(local_input(t), "2026-01-25T15:04");
        assert_eq!(
            parse_local_input("2026-01-25T15:04:09").unwrap(),
            t + chrono::Duration::seconds(9)
        );
        for bad in [
            "",
            "2026-01-25",
            "2026-13-01T00:00",
            "2026-02-30T00:00",
            "2026-01-25T24:00",
            "2026-01-25T15:4",
            "26-01-25T15:04",
            "2026-01-25T15:04:09:01",
            "+2026-01-25T15:04",
            "2026-01-25T15:04Z",
            "२०२६-01-25T15:04",
        ] {
            assert_eq!(parse_local_input(bad), None, "{bad:?}");
        }
        assert_eq!(
            parse_date("2026-01-25"),
            NaiveDate::from_ymd_opt(2026, 1, 25)
        );
        for bad in ["", "2026-1-25", "2026-02-30", "2026-01-25T00:00"] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }
}
