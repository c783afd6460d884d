//! The estimators the calibration uses, each robust to a few far-out jobs:
//! the Theil–Sen line (the median of the pairwise slopes, then the median
//! intercept) with Sen's distribution-free interval for the slope, the
//! median with its order-statistic interval, and Wilson's interval for a
//! proportion. All intervals are approximate 95 % intervals.

/// z for a two-sided 95 % interval.
const Z95: f64 = 1.959_963_984_540_054;

/// The most points a Theil–Sen fit takes: beyond it, an evenly spaced
/// sample of the points sorted by x (n² / 2 slopes: 2 000 points are two
/// million slopes).
pub const MAX_POINTS: usize = 2_000;

/// An estimate with its interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Estimate {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// A fitted line y = intercept + slope·x.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub slope: Estimate,
    pub intercept: Estimate,
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.retain(|x| x.is_finite());
    v.sort_by(f64::total_cmp);
    v
}

/// The value at fractional rank `r` (0-based) of sorted `v`, clamped.
fn at(v: &[f64], r: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let i = r.round().clamp(0.0, (v.len() - 1) as f64) as usize;
    v[i]
}

/// The median of `v` (the mean of the middle two for an even count).
pub fn median(v: &[f64]) -> f64 {
    let s = sorted(v.to_vec());
    let n = s.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

/// The `q` quantile (0–1) of `v`, nearest rank.
pub fn quantile(v: &[f64], q: f64) -> f64 {
    let s = sorted(v.to_vec());
    at(&s, q * (s.len().max(1) - 1) as f64)
}

/// The median with its distribution-free interval: the order statistics
/// n/2 ∓ z·√n/2.
pub fn median_estimate(v: &[f64]) -> Estimate {
    let s = sorted(v.to_vec());
    let n = s.len() as f64;
    let half = Z95 * n.sqrt() / 2.0;
    Estimate {
        value: median(&s),
        low: at(&s, (n / 2.0 - half).floor() - 1.0),
        high: at(&s, (n / 2.0 + half).ceil()),
    }
}

/// Wilson's interval for `k` successes in `n` trials.
pub fn proportion(k: usize, n: usize) -> Estimate {
    if n == 0 {
        return Estimate {
            value: f64::NAN,
            low: 0.0,
            high: 1.0,
        };
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Estimate {
        value: p,
        low: (centre - half).max(0.0),
        high: (centre + half).min(1.0),
    }
}

/// The Theil–Sen line through `points` (x, y), or `None` with fewer than
/// two distinct x. The slope's interval is Sen's: the order statistics of
/// the N pairwise slopes at (N ∓ z·√Var)/2, Var = n(n−1)(2n+5)/18. The
/// intercept is the median of y − slope·x, its interval that median's.
pub fn theil_sen(points: &[(f64, f64)]) -> Option<Line> {
    let mut pts: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    if pts.len() > MAX_POINTS {
        let step = pts.len() as f64 / MAX_POINTS as f64;
        pts = (0..MAX_POINTS)
            .map(|i| pts[((i as f64 + 0.5) * step) as usize])
            .collect();
    }
    let n = pts.len();
    let mut slopes = Vec::with_capacity(n * n.saturating_sub(1) / 2);
    for i in 0..n {
        for j in i + 1..n {
            let dx = pts[j].0 - pts[i].0;
            if dx > 0.0 {
                slopes.push((pts[j].1 - pts[i].1) / dx);
            }
        }
    }
    if slopes.is_empty() {
        return None;
    }
    slopes.sort_by(f64::total_cmp);
    let big_n = slopes.len() as f64;
    let nn = n as f64;
    let c = Z95 * (nn * (nn - 1.0) * (2.0 * nn + 5.0) / 18.0).sqrt();
    let value = median(&slopes);
    let slope = Estimate {
        value,
        low: at(&slopes, ((big_n - c) / 2.0).floor() - 1.0),
        high: at(&slopes, ((big_n + c) / 2.0).ceil()),
    };
    let residuals: Vec<f64> = pts.iter().map(|(x, y)| y - value * x).collect();
    Some(Line {
        slope,
        intercept: median_estimate(&residuals),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theil_sen_recovers_a_line_through_outliers() {
        // y = 100 + 2x, with every tenth point ten times slower.
        let pts: Vec<(f64, f64)> = (0..200)
            .map(|i| {
                let x = f64::from(i) * 10.0;
                let y = 100.0 + 2.0 * x;
                (x, if i % 10 == 3 { y * 10.0 } else { y })
            })
            .collect();
        let l = theil_sen(&pts).unwrap();
        assert!((l.slope.value - 2.0).abs() < 1e-9, "{l:?}");
        assert!((l.intercept.value - 100.0).abs() < 1e-6, "{l:?}");
        assert!(l.slope.low <= 2.0 && 2.0 <= l.slope.high);
        // Least squares would be far off: the outliers hold most of the sum.
        assert!(theil_sen(&[(1.0, 1.0), (1.0, 2.0)]).is_none());
    }

    #[test]
    fn wilson_matches_a_hand_worked_interval() {
        // 10 of 100: p = 0.1, Wilson 95 % ≈ [0.0552, 0.1744].
        let e = proportion(10, 100);
        assert!(
            (e.low - 0.0552).abs() < 5e-4 && (e.high - 0.1744).abs() < 5e-4,
            "{e:?}"
        );
        assert_eq!(proportion(0, 20).low, 0.0);
    }

    #[test]
    fn median_and_its_interval() {
        let v: Vec<f64> = (1..=101).map(f64::from).collect();
        let e = median_estimate(&v);
        assert_eq!(e.value, 51.0);
        assert!(
            e.low < 51.0 && e.high > 51.0 && e.low >= 40.0 && e.high <= 62.0,
            "{e:?}"
        );
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
    }
}
