//! AWS cron expressions as AWS Backup takes them:
//! `cron(minutes hours day-of-month month day-of-week year)`, in UTC.
//!
//! Supported: `*`, values, ranges `a-b`, lists `a,b`, steps `a/n` and `*/n`,
//! month names `JAN`–`DEC`, weekday names `SUN`–`SAT` (1 = Sunday), `?` in
//! exactly one of the two day fields, `L` (last day of the month), `nW`
//! (nearest weekday), `nL` (last weekday n of the month) and `n#k` (k-th
//! weekday n of the month).

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, TimeZone, Utc, Weekday};
use std::fmt;

/// Why a schedule expression was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronError(pub String);

impl fmt::Display for CronError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CronError {}

/// A parsed AWS cron schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cron {
    minutes: u64,
    hours: u32,
    months: u16,
    years: Option<Vec<(u32, u32, u32)>>,
    dom: DayOfMonth,
    dow: DayOfWeek,
    /// Minutes after midnight of each firing, ascending (cached).
    times: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum DayOfMonth {
    Unspecified,
    Set(u32),
    Last,
    NearestWeekday(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum DayOfWeek {
    Unspecified,
    /// Bit n set for weekday n (1 = Sunday … 7 = Saturday).
    Set(u8),
    LastOf(u8),
    Nth(u8, u8),
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

fn value(s: &str, names: &[&str], lo: u32, hi: u32, field: &str) -> Result<u32, CronError> {
    let up = s.to_ascii_uppercase();
    if let Some(i) = names.iter().position(|n| *n == up) {
        return Ok(i as u32 + lo);
    }
    let v: u32 = s
        .parse()
        .map_err(|_| CronError(format!("{field}: '{s}' is not a number in {lo}–{hi}")))?;
    if v < lo || v > hi {
        return Err(CronError(format!("{field}: {v} is outside {lo}–{hi}")));
    }
    Ok(v)
}

/// Expands a list of values, ranges and steps into (from, to, step) triples.
fn ranges(
    s: &str,
    names: &[&str],
    lo: u32,
    hi: u32,
    field: &str,
) -> Result<Vec<(u32, u32, u32)>, CronError> {
    if s.is_empty() {
        return Err(CronError(format!("{field} is empty")));
    }
    let mut out = Vec::new();
    for part in s.split(',') {
        let (base, step) = match part.split_once('/') {
            Some((b, st)) => {
                let st: u32 = st
                    .parse()
                    .map_err(|_| CronError(format!("{field}: step '{st}' is not a number")))?;
                if st == 0 || st > hi {
                    return Err(CronError(format!("{field}: step {st} is outside 1–{hi}")));
                }
                (b, st)
            }
            None => (part, 1),
        };
        let (a, b) = if base == "*" {
            (lo, hi)
        } else if let Some((a, b)) = base.split_once('-') {
            let a = value(a, names, lo, hi, field)?;
            let b = value(b, names, lo, hi, field)?;
            if a > b {
                return Err(CronError(format!("{field}: range {a}-{b} runs backwards")));
            }
            (a, b)
        } else {
            let a = value(base, names, lo, hi, field)?;
            // `5/15` means from 5 to the end in steps of 15.
            if part.contains('/') {
                (a, hi)
            } else {
                (a, a)
            }
        };
        out.push((a, b, step));
    }
    Ok(out)
}

fn bits(triples: &[(u32, u32, u32)]) -> u64 {
    let mut m = 0u64;
    for &(a, b, st) in triples {
        let mut v = a;
        while v <= b {
            m |= 1u64 << v;
            v += st;
        }
    }
    m
}

impl Cron {
    /// Parses `cron(…)` (the wrapper is required, as AWS requires it).
    pub fn parse(expr: &str) -> Result<Cron, CronError> {
        let e = expr.trim();
        let inner = e
            .strip_prefix("cron(")
            .and_then(|r| r.strip_suffix(')'))
            .ok_or_else(|| {
                if e.starts_with("rate(") {
                    CronError("rate(…) expressions are not allowed in backup plans; use cron(…)".into())
                } else {
                    CronError("the expression must have the form cron(min hour day-of-month month day-of-week year)".into())
                }
            })?;
        let f: Vec<&str> = inner.split_whitespace().collect();
        if f.len() != 6 {
            return Err(CronError(format!(
                "cron needs 6 fields (min hour day-of-month month day-of-week year), found {}",
                f.len()
            )));
        }
        let minutes = bits(&ranges(f[0], &[], 0, 59, "minutes")?);
        let hours = bits(&ranges(f[1], &[], 0, 23, "hours")?) as u32;
        let months = (bits(&ranges(f[3], &MONTHS, 1, 12, "month")?) >> 1) as u16;
        let years = if f[5] == "*" {
            None
        } else {
            Some(ranges(f[5], &[], 1970, 2199, "year")?)
        };
        let (dq, wq) = (f[2] == "?", f[4] == "?");
        if dq && wq {
            return Err(CronError(
                "only one of day-of-month and day-of-week may be '?'".into(),
            ));
        }
        if !dq && !wq {
            return Err(CronError(
                "one of day-of-month and day-of-week must be '?' (AWS does not allow both)".into(),
            ));
        }
        let dom = if dq {
            DayOfMonth::Unspecified
        } else if f[2] == "L" {
            DayOfMonth::Last
        } else if let Some(n) = f[2].strip_suffix('W') {
            DayOfMonth::NearestWeekday(value(n, &[], 1, 31, "day-of-month")?)
        } else {
            DayOfMonth::Set(bits(&ranges(f[2], &[], 1, 31, "day-of-month")?) as u32)
        };
        let dow = if wq {
            DayOfWeek::Unspecified
        } else if let Some((d, k)) = f[4].split_once('#') {
            let d = value(d, &DAYS, 1, 7, "day-of-week")? as u8;
            let k = value(k, &[], 1, 5, "day-of-week occurrence")? as u8;
            DayOfWeek::Nth(d, k)
        } else if f[4] == "L" {
            DayOfWeek::LastOf(7)
        } else if let Some(d) = f[4].strip_suffix('L') {
            DayOfWeek::LastOf(value(d, &DAYS, 1, 7, "day-of-week")? as u8)
        } else {
            DayOfWeek::Set(bits(&ranges(f[4], &DAYS, 1, 7, "day-of-week")?) as u8)
        };
        let mut times = Vec::new();
        for h in 0..24 {
            if hours & (1 << h) == 0 {
                continue;
            }
            for m in 0..60 {
                if minutes & (1 << m) != 0 {
                    times.push(h * 60 + m);
                }
            }
        }
        Ok(Cron {
            minutes,
            hours,
            months,
            years,
            dom,
            dow,
            times,
        })
    }

    fn year_matches(&self, y: i32) -> bool {
        match &self.years {
            None => true,
            Some(rs) => rs.iter().any(|&(a, b, st)| {
                let y = y as u32;
                y >= a && y <= b && (y - a).is_multiple_of(st)
            }),
        }
    }

    /// Whether the schedule fires on this date at all.
    pub fn matches_day(&self, d: NaiveDate) -> bool {
        if !self.year_matches(d.year()) || self.months & (1 << (d.month() - 1)) == 0 {
            return false;
        }
        let wd = d.weekday().number_from_sunday() as u8;
        let last = || last_day_of_month(d);
        let dom_ok = match self.dom {
            DayOfMonth::Unspecified => true,
            DayOfMonth::Set(m) => m & (1 << d.day()) != 0,
            DayOfMonth::Last => d.day() == last(),
            DayOfMonth::NearestWeekday(n) => {
                let target = n.min(last());
                nearest_weekday(d.with_day(target).unwrap_or(d)) == d
            }
        };
        let dow_ok = match self.dow {
            DayOfWeek::Unspecified => true,
            DayOfWeek::Set(m) => m & (1 << wd) != 0,
            DayOfWeek::LastOf(w) => wd == w && d.day() + 7 > last(),
            DayOfWeek::Nth(w, k) => wd == w && (d.day() - 1) / 7 + 1 == u32::from(k),
        };
        dom_ok && dow_ok
    }

    /// Minutes after midnight at which the schedule fires, ascending.
    pub fn times_of_day(&self) -> &[u32] {
        &self.times
    }

    /// The first firing strictly after `t`, searching at most `max_days` days.
    pub fn next_after(&self, t: DateTime<Utc>, max_days: u32) -> Option<DateTime<Utc>> {
        let mut day = t.date_naive();
        for _ in 0..=max_days {
            if self.matches_day(day) {
                let midnight = Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0)?);
                // The first firing strictly after `t` on this day.
                let secs = (t - midnight).num_seconds();
                let i = self.times.partition_point(|&m| i64::from(m) * 60 <= secs);
                if let Some(&m) = self.times.get(i) {
                    return midnight.checked_add_signed(Duration::minutes(i64::from(m)));
                }
            }
            day = day.succ_opt()?;
        }
        None
    }

    /// The smallest gap in minutes between two consecutive runs over
    /// `days` days from `from`, or `None` if it fires fewer than twice.
    pub fn min_gap_minutes(&self, from: NaiveDate, days: u32) -> Option<u32> {
        let times = &self.times;
        let first = *times.first()?;
        let last = *times.last()?;
        let intra = times.windows(2).map(|w| w[1] - w[0]).min();
        let mut best: Option<u32> = None;
        let mut prev_fire_day: Option<NaiveDate> = None;
        let mut fired_days = 0;
        let mut day = from;
        for _ in 0..days {
            if self.matches_day(day) {
                fired_days += 1;
                if let Some(p) = prev_fire_day {
                    let gap_days = (day - p).num_days() as u32;
                    let gap = gap_days * 1440 + first - last;
                    best = Some(best.map_or(gap, |b| b.min(gap)));
                }
                prev_fire_day = Some(day);
            }
            day = day.succ_opt()?;
        }
        if fired_days == 0 {
            return None;
        }
        match (best, intra) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

fn last_day_of_month(d: NaiveDate) -> u32 {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|n| n.pred_opt())
        .map_or(28, |n| n.day())
}

fn nearest_weekday(d: NaiveDate) -> NaiveDate {
    let last = last_day_of_month(d);
    match d.weekday() {
        Weekday::Sat if d.day() == 1 => d.checked_add_days(Days::new(2)).unwrap_or(d),
        Weekday::Sat => d.pred_opt().unwrap_or(d),
        Weekday::Sun if d.day() == last => d.checked_sub_days(Days::new(2)).unwrap_or(d),
        Weekday::Sun => d.succ_opt().unwrap_or(d),
        _ => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn daily_at_three_fires_every_day_at_three() {
        let c = Cron::parse("cron(0 3 * * ? *)").unwrap();
        assert_eq!(
            c.next_after(t("2026-01-01T00:00:00Z"), 10),
            Some(t("2026-01-01T03:00:00Z"))
        );
        assert_eq!(
            c.next_after(t("2026-01-01T03:00:00Z"), 10),
            Some(t("2026-01-02T03:00:00Z"))
        );
        assert_eq!(
            c.min_gap_minutes(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), 30),
            Some(1440)
        );
    }

    #[test]
    fn weekly_on_sunday_fires_on_sundays_only() {
        let c = Cron::parse("cron(0 5 ? * SUN *)").unwrap();
        // 2026-01-04 is a Sunday.
        assert_eq!(
            c.next_after(t("2026-01-01T00:00:00Z"), 10),
            Some(t("2026-01-04T05:00:00Z"))
        );
        assert_eq!(
            c.min_gap_minutes(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), 60),
            Some(7 * 1440)
        );
    }

    #[test]
    fn both_or_neither_day_field_as_question_mark_is_refused() {
        assert!(Cron::parse("cron(0 3 ? * ? *)")
            .unwrap_err()
            .0
            .contains("only one"));
        assert!(Cron::parse("cron(0 3 * * * *)")
            .unwrap_err()
            .0
            .contains("must be '?'"));
    }

    #[test]
    fn malformed_expressions_are_refused_with_the_field_named() {
        assert!(Cron::parse("0 3 * * ? *").is_err());
        assert!(Cron::parse("rate(1 hour)").unwrap_err().0.contains("rate"));
        assert!(Cron::parse("cron(0 3 * * ?)")
            .unwrap_err()
            .0
            .contains("6 fields"));
        assert!(Cron::parse("cron(60 3 * * ? *)")
            .unwrap_err()
            .0
            .contains("minutes"));
        assert!(Cron::parse("cron(0 24 * * ? *)")
            .unwrap_err()
            .0
            .contains("hours"));
        assert!(Cron::parse("cron(0 3 * FOO ? *)")
            .unwrap_err()
            .0
            .contains("month"));
        assert!(Cron::parse("cron(0 3 ? * 9 *)")
            .unwrap_err()
            .0
            .contains("day-of-week"));
        assert!(Cron::parse("cron(0/0 3 * * ? *)").is_err());
        assert!(Cron::parse("cron(5-1 3 * * ? *)")
            .unwrap_err()
            .0
            .contains("backwards"));
    }

    #[test]
    fn gaps_under_an_hour_are_measured() {
        let c = Cron::parse("cron(0/30 * * * ? *)").unwrap();
        assert_eq!(
            c.min_gap_minutes(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), 3),
            Some(30)
        );
        let c = Cron::parse("cron(0 * * * ? *)").unwrap();
        assert_eq!(
            c.min_gap_minutes(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), 3),
            Some(60)
        );
        // 23:30 and 00:10 next day are 40 minutes apart.
        let c = Cron::parse("cron(10,30 0,23 * * ? *)").unwrap();
        assert_eq!(
            c.min_gap_minutes(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), 3),
            Some(20)
        );
    }

    #[test]
    fn last_day_nth_weekday_and_years_work() {
        let c = Cron::parse("cron(0 1 L * ? *)").unwrap();
        assert_eq!(
            c.next_after(t("2026-02-01T00:00:00Z"), 40),
            Some(t("2026-02-28T01:00:00Z"))
        );
        // Second Tuesday of March 2026 is the 10th.
        let c = Cron::parse("cron(0 1 ? MAR 3#2 *)").unwrap();
        assert_eq!(
            c.next_after(t("2026-01-01T00:00:00Z"), 400),
            Some(t("2026-03-10T01:00:00Z"))
        );
        // Last Friday of January 2026 is the 30th.
        let c = Cron::parse("cron(0 1 ? JAN 6L *)").unwrap();
        assert_eq!(
            c.next_after(t("2026-01-01T00:00:00Z"), 40),
            Some(t("2026-01-30T01:00:00Z"))
        );
        let c = Cron::parse("cron(0 1 * * ? 2030)").unwrap();
        assert_eq!(c.next_after(t("2026-01-01T00:00:00Z"), 366), None);
        // 2026-08-15 is a Saturday: nearest weekday is Friday the 14th.
        let c = Cron::parse("cron(0 1 15W * ? *)").unwrap();
        assert_eq!(
            c.next_after(t("2026-08-01T00:00:00Z"), 40),
            Some(t("2026-08-14T01:00:00Z"))
        );
    }
}
