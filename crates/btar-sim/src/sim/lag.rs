//! Replication lag of a secondary region: how far its newest recoverable
//! point is behind the newest data the service has written (the clock while
//! the service's region is up; the outage's start while it is down). That is
//! exactly the data a loss of the service's region at that moment would
//! lose when restoring the newest point from this secondary, so the lag
//! chart and a fork's "data lost" tell the same story. A secondary that
//! holds nothing yet lags from the moment it became a backup location. As
//! an exact piecewise-linear function of time (slope 1 while the service
//! writes, 0 while its region is down), its time-weighted summary, and the
//! Aiven lag report for a period.

use serde::Serialize;

use super::queue::SimTime;

/// One piece of the lag function: on `[start, end)`, lag(t) = `lag_s` +
/// `slope` × (t − `start`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct LagSegment {
    pub start: SimTime,
    pub end: SimTime,
    pub lag_s: i64,
    pub slope: i64,
}

impl LagSegment {
    pub fn at(&self, t: SimTime) -> i64 {
        self.lag_s + self.slope * (t - self.start)
    }
    fn end_value(&self) -> i64 {
        self.at(self.end)
    }
}

/// Time-weighted lag statistics over the time a region was a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, Default)]
pub struct LagSummary {
    pub p50_s: i64,
    pub p95_s: i64,
    pub max_s: i64,
}

/// The lag of one secondary region over the span.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct LagSeries {
    pub region: String,
    /// Gaps between segments are times the region was not a backup target.
    pub segments: Vec<LagSegment>,
    pub summary: LagSummary,
}

impl LagSeries {
    pub fn new(region: String, segments: Vec<LagSegment>) -> LagSeries {
        let summary = summarize(&segments);
        LagSeries {
            region,
            segments,
            summary,
        }
    }

    /// Lag at `t` like [`LagSeries::at`], and at the very end of a piece
    /// (the end of the span, where a report's last sample falls) its value
    /// there, so the report's last row is not empty.
    pub fn at_or_end(&self, t: SimTime) -> Option<i64> {
        self.at(t).or_else(|| {
            self.segments
                .iter()
                .find(|s| s.end == t)
                .map(LagSegment::end_value)
        })
    }

    /// Lag at time `t`, or `None` when the region was not a target then.
    pub fn at(&self, t: SimTime) -> Option<i64> {
        let i = self.segments.partition_point(|s| s.end <= t);
        let s = self.segments.get(i)?;
        (s.start <= t && t < s.end).then(|| s.at(t))
    }
}

/// Builds the lag segments from the service's newest data
/// (`primary`: pieces `(from, value, slope)`, value `None` before any)
/// and the secondary's newest point (`secondary`: changes `(from, value)`),
/// over the `active` spans. Lag before the first point counts from the start
/// of the active span.
pub fn build(
    primary: &[(SimTime, Option<SimTime>, i64)],
    secondary: &[(SimTime, Option<SimTime>)],
    active: &[(SimTime, SimTime)],
) -> Vec<LagSegment> {
    let mut out: Vec<LagSegment> = Vec::new();
    for &(a0, a1) in active {
        if a1 <= a0 {
            continue;
        }
        // Walk the breakpoints inside the span: both inputs are in time
        // order, so the next one is the earlier of their next changes.
        let mut i = primary.partition_point(|p| p.0 <= a0);
        let mut j = secondary.partition_point(|s| s.0 <= a0);
        let mut pi = 0usize;
        let mut si = 0usize;
        let mut t0 = a0;
        while t0 < a1 {
            let t1 = primary
                .get(i)
                .map_or(a1, |p| p.0)
                .min(secondary.get(j).map_or(a1, |s| s.0))
                .min(a1);
            while pi + 1 < primary.len() && primary[pi + 1].0 <= t0 {
                pi += 1;
            }
            while si + 1 < secondary.len() && secondary[si + 1].0 <= t0 {
                si += 1;
            }
            let (p_val, p_slope) = match primary.get(pi) {
                Some(&(from, Some(v), slope)) if from <= t0 => (v + slope * (t0 - from), slope),
                _ => (a0, 0),
            };
            let s_val = match secondary.get(si) {
                Some(&(from, Some(v))) if from <= t0 => v,
                _ => a0,
            };
            let lag = (p_val - s_val).max(0);
            let seg = LagSegment {
                start: t0,
                end: t1,
                lag_s: lag,
                slope: p_slope,
            };
            match out.last_mut() {
                Some(last)
                    if last.end == t0
                        && last.slope == seg.slope
                        && last.end_value() == seg.lag_s =>
                {
                    last.end = t1;
                }
                _ => out.push(seg),
            }
            t0 = t1;
            while i < primary.len() && primary[i].0 <= t0 {
                i += 1;
            }
            while j < secondary.len() && secondary[j].0 <= t0 {
                j += 1;
            }
        }
    }
    out
}

/// The lag at one moment `t` inside the active span starting at `a0`: the
/// value [`build`]'s segments give at `t`, without building them (a risk
/// trial asks for one moment of a run).
pub fn at(
    primary: &[(SimTime, Option<SimTime>, i64)],
    secondary: &[(SimTime, Option<SimTime>)],
    a0: SimTime,
    t: SimTime,
) -> i64 {
    // The walk's last breakpoint at or before `t`: the span's start or the
    // latest change of either input.
    let last_p = primary.partition_point(|p| p.0 <= t);
    let last_s = secondary.partition_point(|s| s.0 <= t);
    let t0 = [
        Some(a0),
        last_p.checked_sub(1).map(|i| primary[i].0),
        last_s.checked_sub(1).map(|i| secondary[i].0),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(a0)
    .max(a0);
    let (p_val, p_slope) = match primary.get(primary.partition_point(|p| p.0 <= t0).max(1) - 1) {
        Some(&(from, Some(v), slope)) if from <= t0 => (v + slope * (t0 - from), slope),
        _ => (a0, 0),
    };
    let s_val = match secondary.get(secondary.partition_point(|s| s.0 <= t0).max(1) - 1) {
        Some(&(from, Some(v))) if from <= t0 => v,
        _ => a0,
    };
    (p_val - s_val).max(0) + p_slope * (t - t0)
}

/// The time-weighted distribution of lag over a set of segments, answering
/// "for how long was lag ≤ x" in O(log n) with sorted prefix sums.
struct Distribution {
    /// Constant segments: distinct values ascending, prefix sums of the time
    /// spent at each.
    flat: Vec<i64>,
    flat_time: Vec<i64>,
    /// Ramps of slope 1 from a over d seconds cover values a..a+d−1, one
    /// second each: starts ascending with prefix sums, ends (a+d) likewise.
    starts: Vec<i64>,
    starts_sum: Vec<i64>,
    ends: Vec<i64>,
    ends_sum: Vec<i64>,
}

fn prefix(v: &[i64]) -> Vec<i64> {
    let mut acc = 0;
    std::iter::once(0)
        .chain(v.iter().map(|x| {
            acc += x;
            acc
        }))
        .collect()
}

impl Distribution {
    fn new(segments: &[LagSegment]) -> Distribution {
        // Flat segments repeat a handful of values (0, one backup interval…):
        // total their time per value instead of sorting every segment.
        let mut flat: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        for s in segments {
            let d = s.end - s.start;
            if s.slope == 0 {
                *flat.entry(s.lag_s).or_insert(0) += d;
            } else {
                starts.push(s.lag_s);
                ends.push(s.lag_s + d);
            }
        }
        starts.sort_unstable();
        ends.sort_unstable();
        let flat_time = prefix(&flat.values().copied().collect::<Vec<_>>());
        Distribution {
            flat: flat.into_keys().collect(),
            flat_time,
            starts_sum: prefix(&starts),
            starts,
            ends_sum: prefix(&ends),
            ends,
        }
    }

    /// Seconds during which lag ≤ x.
    fn at_or_below(&self, x: i64) -> i64 {
        let nf = self.flat.partition_point(|v| *v <= x);
        // A ramp from a for d seconds spends min(max(x − a + 1, 0), d) seconds
        // at or below x: (x + 1 − a) for every ramp with a ≤ x, minus
        // (x + 1 − (a + d)) for every ramp with a + d ≤ x.
        let ns = self.starts.partition_point(|a| *a <= x);
        let ne = self.ends.partition_point(|e| *e <= x);
        let up = (x + 1) * ns as i64 - self.starts_sum[ns];
        let down = (x + 1) * ne as i64 - self.ends_sum[ne];
        self.flat_time[nf] + up - down
    }
}

/// Exact time-weighted quantile: the smallest lag x such that lag ≤ x for at
/// least `q` of the time.
fn quantile(dist: &Distribution, total: i64, max: i64, q: f64) -> i64 {
    let need = (q * total as f64).ceil() as i64;
    let (mut lo, mut hi) = (0i64, max);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if dist.at_or_below(mid) >= need {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// p50, p95 and max over the segments, weighted by time.
pub fn summarize(segments: &[LagSegment]) -> LagSummary {
    let total: i64 = segments.iter().map(|s| s.end - s.start).sum();
    if total <= 0 {
        return LagSummary::default();
    }
    // Within [start, end) the largest value is at end − 1.
    let max = segments
        .iter()
        .map(|s| s.lag_s.max(s.at(s.end - 1)))
        .max()
        .unwrap_or(0);
    let dist = Distribution::new(segments);
    LagSummary {
        p50_s: quantile(&dist, total, max, 0.5),
        p95_s: quantile(&dist, total, max, 0.95),
        max_s: max,
    }
}

/// The periods of Aiven's lag report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportPeriod {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl ReportPeriod {
    pub const ALL: [ReportPeriod; 5] = [
        ReportPeriod::Hour,
        ReportPeriod::Day,
        ReportPeriod::Week,
        ReportPeriod::Month,
        ReportPeriod::Year,
    ];

    pub fn parse(s: &str) -> Option<ReportPeriod> {
        ReportPeriod::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReportPeriod::Hour => "hour",
            ReportPeriod::Day => "day",
            ReportPeriod::Week => "week",
            ReportPeriod::Month => "month",
            ReportPeriod::Year => "year",
        }
    }

    /// Length of the period and spacing of its samples, in seconds.
    pub fn length_and_step(self) -> (i64, i64) {
        match self {
            ReportPeriod::Hour => (3600, 30),
            ReportPeriod::Day => (86_400, 300),
            ReportPeriod::Week => (7 * 86_400, 1800),
            ReportPeriod::Month => (30 * 86_400, 3 * 3600),
            ReportPeriod::Year => (365 * 86_400, 86_400),
        }
    }
}

/// Lag samples for a period ending at `end`: `(time, lag)` ascending, one per
/// step; times when the region was not a target are left out.
pub fn samples(series: &LagSeries, period: ReportPeriod, end: SimTime) -> Vec<(SimTime, i64)> {
    let (len, step) = period.length_and_step();
    let n = len / step;
    (0..n)
        .rev()
        .map(|k| end - k * step)
        .filter_map(|t| series.at_or_end(t).map(|l| (t, l)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lag_at_a_moment_is_the_built_series_there() {
        // The service down from 500 to 700 and from 900; points at 100,
        // 400, 650 (during the outage) and 1000; a target from 50 to 1200.
        let primary = [
            (0, Some(0), 1),
            (500, Some(500), 0),
            (700, Some(700), 1),
            (900, Some(900), 0),
        ];
        let secondary = [
            (120, Some(100)),
            (450, Some(400)),
            (680, Some(650)),
            (1010, Some(1000)),
        ];
        let active = [(50, 1200)];
        let series = LagSeries::new("r".into(), build(&primary, &secondary, &active));
        for t in 50..1200 {
            assert_eq!(
                series.at(t),
                Some(at(&primary, &secondary, 50, t)),
                "t = {t}"
            );
        }
    }

    #[test]
    fn sawtooth_lag_of_a_pitr_primary_and_daily_copies() {
        // Primary archives continuously from t=0; copies land at 3600 (point 0)
        // and 90000 (point 86400).
        let primary = [(0, Some(0), 1)];
        let secondary = [(3600, Some(0)), (90_000, Some(86_400))];
        let segs = build(&primary, &secondary, &[(0, 172_800)]);
        let s = LagSeries::new("r".into(), segs);
        assert_eq!(s.at(0), Some(0));
        assert_eq!(s.at(3599), Some(3599));
        assert_eq!(s.at(3600), Some(3600));
        assert_eq!(s.at(89_999), Some(89_999));
        assert_eq!(s.at(90_000), Some(3600));
        assert_eq!(s.at(172_799), Some(86_399));
        assert_eq!(s.at(172_800), None);
        assert_eq!(s.summary.max_s, 89_999);
    }

    #[test]
    fn quantiles_are_time_weighted() {
        // 90% of the time at 10 s, 10% at 1000 s.
        let segs = vec![
            LagSegment {
                start: 0,
                end: 900,
                lag_s: 10,
                slope: 0,
            },
            LagSegment {
                start: 900,
                end: 1000,
                lag_s: 1000,
                slope: 0,
            },
        ];
        let s = summarize(&segs);
        assert_eq!((s.p50_s, s.p95_s, s.max_s), (10, 1000, 1000));
        // A ramp 0..999 over 1000 s: the median is 499.
        let ramp = vec![LagSegment {
            start: 0,
            end: 1000,
            lag_s: 0,
            slope: 1,
        }];
        let s = summarize(&ramp);
        assert_eq!((s.p50_s, s.p95_s, s.max_s), (499, 949, 999));
    }

    #[test]
    fn report_samples_use_aiven_spacing() {
        let segs = vec![LagSegment {
            start: 0,
            end: 400 * 86_400,
            lag_s: 5,
            slope: 0,
        }];
        let s = LagSeries::new("r".into(), segs);
        let end = 399 * 86_400;
        assert_eq!(samples(&s, ReportPeriod::Hour, end).len(), 120);
        assert_eq!(samples(&s, ReportPeriod::Day, end).len(), 288);
        assert_eq!(samples(&s, ReportPeriod::Week, end).len(), 336);
        assert_eq!(samples(&s, ReportPeriod::Month, end).len(), 240);
        assert_eq!(samples(&s, ReportPeriod::Year, end).len(), 365);
        let h = samples(&s, ReportPeriod::Hour, end);
        assert_eq!(h[1].0 - h[0].0, 30);
        assert_eq!(h.last().map(|x| x.0), Some(end));
    }
}
