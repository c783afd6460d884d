//! The fit against histories generated from a known truth.

use super::*;
use btar_core::domain::scenario::Scenario;
use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64Mcg;

fn uniform(r: &mut Pcg64Mcg) -> f64 {
    (r.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

struct Truth {
    from: &'static str,
    to: &'static str,
    setup_s: f64,
    mbps: f64,
    failure_rate: f64,
}

/// `n` copy jobs on a route as `aws backup list-copy-jobs` prints them:
/// sizes 5–300 GB, durations from the truth with ±5 % noise, one in twenty
/// three times slower, failures at the truth's rate (a failed job runs part
/// of its duration), `running` more still RUNNING. Timestamps alternate
/// between UTC and −05:00.
fn copy_jobs(t: &Truth, n: usize, running: usize, seed: u64) -> Vec<serde_json::Value> {
    let mut r = Pcg64Mcg::seed_from_u64(seed);
    let start = chrono::DateTime::parse_from_rfc3339("2026-09-01T03:00:00Z").unwrap();
    let minus5 = chrono::FixedOffset::west_opt(5 * 3600).unwrap();
    let ts = |d: chrono::DateTime<chrono::FixedOffset>, i: usize| {
        if i.is_multiple_of(2) {
            d.to_rfc3339()
        } else {
            d.with_timezone(&minus5).to_rfc3339()
        }
    };
    (0..n + running)
        .map(|i| {
            let gb = 5.0 + 295.0 * uniform(&mut r);
            let mut secs = t.setup_s + gb * 8000.0 / t.mbps;
            secs *= 0.95 + 0.1 * uniform(&mut r);
            if uniform(&mut r) < 0.05 {
                secs *= 3.0;
            }
            let failed = uniform(&mut r) < t.failure_rate;
            let created = start + chrono::Duration::hours(i as i64 * 6);
            let mut job = serde_json::json!({
                "AccountId": "123456789012",
                "CopyJobId": format!("{}-{}-{i}", t.from, t.to),
                "SourceBackupVaultArn": format!("arn:aws:backup:{}:123456789012:backup-vault:prod", &t.from[4..]),
                "DestinationBackupVaultArn": format!("arn:aws:backup:{}:123456789012:backup-vault:dr", &t.to[4..]),
                "ResourceArn": "arn:aws:ec2:us-east-1:123456789012:volume/vol-1",
                "CreationDate": ts(created, i),
                "BackupSizeInBytes": (gb * 1e9) as u64,
                "ResourceType": "EBS",
                "IamRoleArn": "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole",
                "CreatedBy": {"BackupPlanId": "plan", "BackupRuleId": "rule-1"},
            });
            let m = job.as_object_mut().unwrap();
            if i >= n {
                m.insert("State".into(), "RUNNING".into());
            } else if failed {
                m.insert("State".into(), "FAILED".into());
                m.insert("StatusMessage".into(), "Copy job failed.".into());
                let done = created + chrono::Duration::seconds((secs * 0.4) as i64);
                m.insert("CompletionDate".into(), ts(done, i + 1).into());
            } else {
                m.insert("State".into(), "COMPLETED".into());
                let done = created + chrono::Duration::milliseconds((secs * 1000.0) as i64);
                m.insert("CompletionDate".into(), ts(done, i + 1).into());
            }
            job
        })
        .collect()
}

fn page(jobs: &[serde_json::Value]) -> String {
    serde_json::json!({"CopyJobs": jobs, "NextToken": "AAAA"}).to_string()
}

#[test]
fn the_fit_recovers_a_known_truth_from_overlapping_pages() {
    let a = Truth {
        from: "aws-us-east-1",
        to: "aws-us-west-2",
        setup_s: 180.0,
        mbps: 400.0,
        failure_rate: 0.08,
    };
    let b = Truth {
        from: "aws-us-east-1",
        to: "aws-eu-west-1",
        setup_s: 600.0,
        mbps: 120.0,
        failure_rate: 0.0,
    };
    let ja = copy_jobs(&a, 300, 4, 1);
    let jb = copy_jobs(&b, 200, 0, 2);
    let mut all: Vec<serde_json::Value> = ja.iter().chain(&jb).cloned().collect();
    // Two pages that overlap by 50 jobs.
    let mid = all.len() / 2;
    let first = page(&all[..mid + 50]);
    let second = page(&all[mid..]);
    let mut h = History::default();
    h.read("page-1.json", &first).unwrap();
    h.read("page-2.json", &second).unwrap();
    assert_eq!(h.jobs.len(), 504);
    let c = calibrate(&h, None, None);
    assert_eq!(c.jobs, 504);
    assert_eq!(c.running_set_aside, 4);
    for t in [&a, &b] {
        let r = c
            .routes
            .iter()
            .find(|r| r.from == t.from && r.to == t.to)
            .unwrap();
        let m = r.speed.throughput_mbit_s.unwrap();
        assert!(
            (m / t.mbps - 1.0).abs() < 0.05,
            "{}: {m} vs {}",
            t.to,
            t.mbps
        );
        let [lo, hi] = r.speed.throughput_mbit_s_interval.unwrap();
        assert!(lo < m && m < hi);
        let setup = r.speed.setup_s.unwrap();
        assert!((setup - t.setup_s).abs() < 60.0, "{}: setup {setup}", t.to);
        let f = r.failures.failure_rate.unwrap();
        assert!(
            (f - t.failure_rate).abs() < 0.04,
            "{}: failure rate {f}",
            t.to
        );
    }
    let ra = c.routes.iter().find(|r| r.to == "aws-us-west-2").unwrap();
    let failed = ja[..300].iter().filter(|j| j["State"] == "FAILED").count();
    assert_eq!(ra.counts.jobs, 304);
    assert_eq!(ra.counts.running, 4);
    assert_eq!(ra.counts.failed, failed);
    assert_eq!(ra.counts.completed, 300 - failed);
    // Reading a page twice changes nothing.
    h.read("page-1-again.json", &first).unwrap();
    assert_eq!(calibrate(&h, None, None).routes, c.routes);
    all.clear();
}

#[test]
fn a_route_with_too_few_jobs_is_refused_with_the_reason() {
    let t = Truth {
        from: "aws-us-east-1",
        to: "aws-us-west-2",
        setup_s: 100.0,
        mbps: 500.0,
        failure_rate: 0.0,
    };
    let mut h = History::default();
    h.read("p.json", &page(&copy_jobs(&t, 5, 0, 3))).unwrap();
    let c = calibrate(&h, None, None);
    let r = &c.routes[0];
    assert!(r.speed.throughput_mbit_s.is_none());
    assert_eq!(
        r.speed.refused.as_deref(),
        Some("5 completed copies with a size and a completion date; a fit needs at least 8")
    );
    assert!(r
        .failures
        .failure_rate_refused
        .as_deref()
        .unwrap()
        .starts_with("5 ended attempts"));
    let mut s = btar_core::presets::default_scenario();
    assert!(apply(&c, &mut s).is_empty());
    assert!(s.calibration.is_empty());
}

#[test]
fn the_calibrated_scenario_simulates_the_observed_durations() {
    let t = Truth {
        from: "aws-us-east-1",
        to: "aws-us-west-2",
        setup_s: 240.0,
        mbps: 300.0,
        failure_rate: 0.0,
    };
    let mut h = History::default();
    h.read("p.json", &page(&copy_jobs(&t, 120, 0, 4))).unwrap();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/aws-guide-one-dr.json"
    ))
    .unwrap();
    let mut s: Scenario = serde_json::from_str(&text).unwrap();
    s.link.copy_failure_rate = 0.0;
    let c = calibrate(&h, Some(&s), None);
    let r = &c.routes[0];
    let res = r.residuals.as_ref().unwrap();
    assert!(res.abs_residual_after_s.unwrap() < res.abs_residual_before_s);
    let changed = apply(&c, &mut s);
    assert!(
        changed[0].starts_with("route aws-us-east-1 → aws-us-west-2: setup"),
        "{changed:?}"
    );
    let fitted = s
        .calibration
        .route("aws-us-east-1", "aws-us-west-2")
        .unwrap()
        .clone();
    assert!(fitted
        .source
        .starts_with("fitted from 120 copy jobs (120 completed, 0 failed), 2026-09-01 to "));
    let result = crate::sim::simulate(&s).unwrap();
    let [lo, hi] = r.speed.throughput_mbit_s_interval.unwrap();
    let [slo, shi] = r.speed.setup_s_interval.unwrap();
    let mut n = 0;
    for j in result
        .copy_jobs
        .iter()
        .filter(|j| j.to_region == "aws-us-west-2")
    {
        let (Some(a), Some(b)) = (j.started, j.finished) else {
            continue;
        };
        let d = (b - a) as f64;
        // Within the fit's interval for a copy of this size.
        let fast = slo.max(0.0) + j.size_gb * 8000.0 / hi;
        let slow = shi + j.size_gb * 8000.0 / lo;
        assert!(
            fast - 1.0 <= d && d <= slow + 1.0,
            "{} GB took {d} s, not in {fast}–{slow}",
            j.size_gb
        );
        n += 1;
    }
    assert!(n > 10, "{n} copies");
}
