//! The `btar` command line, run as a user runs it, on the source documents'
//! own examples and on broken input.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn btar(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_btar"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("btar runs")
}

fn btar_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_btar"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("btar runs");
    // The child may exit before reading everything (input over the limit).
    let _ = child.stdin.take().expect("stdin").write_all(input);
    child.wait_with_output().expect("btar finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn every_example_scenario_validates() {
    for f in [
        "aiven-pg-business",
        "aws-guide-one-dr",
        "aws-guide-two-dr",
        "zilliz-billing",
    ] {
        let o = btar(&["validate", &format!("examples/{f}.json")]);
        assert_eq!(o.status.code(), Some(0), "{f}: {}", stdout(&o));
    }
}

#[test]
fn the_cassandra_body_is_invalid_with_the_rule_named() {
    let o = btar(&[
        "validate",
        "tests/fixtures/aiven-create-cassandra.json",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["valid"], false);
    let rules: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["rule"].as_str())
        .collect();
    assert!(rules.contains(&"service-type-supported"), "{rules:?}");
    for e in v["errors"].as_array().unwrap() {
        assert!(e["field"].is_string() && e["message"].is_string() && e["rule"].is_string());
    }
}

#[test]
fn the_guide_plan_is_valid_in_both_forms() {
    let o = btar(&[
        "validate",
        "tests/fixtures/aws-guide-plan.json",
        "--region",
        "us-east-1",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = btar(&["validate", "tests/fixtures/aws-guide-command.sh"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("aws backup create-backup-plan command"));
}

#[test]
fn a_create_named_like_an_update_gets_every_create_check() {
    // The service is called orders-update-v2: still a create, so its
    // cross-provider region and avn's refusal of the bare list are errors.
    let o = btar(&[
        "validate",
        "tests/fixtures/avn-create-bare-list.sh",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let rules: Vec<String> = json(&o)["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rule"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(rules.contains(&"avn-config-json".to_string()), "{rules:?}");
    assert!(rules.contains(&"same-provider".to_string()), "{rules:?}");
}

#[test]
fn every_aws_cli_form_reads() {
    let plan = std::fs::read_to_string("tests/fixtures/aws-guide-plan.json").unwrap();
    let q = plan.replace('\'', "'\\''");
    let dir = std::env::temp_dir().join(format!("btar-cli-forms-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let forms = [
        format!("aws --region us-east-1 --profile prod backup create-backup-plan --backup-plan '{q}'"),
        format!("aws backup create-backup-plan --cli-input-json '{{\"BackupPlan\": {q}}}' --region us-east-1"),
        format!("aws backup update-backup-plan --backup-plan-id 1234 --backup-plan '{q}' --region=us-east-1"),
        format!("{{\"BackupPlanId\": \"1234\", \"BackupPlanArn\": \"arn:aws:backup:us-east-1:123456789012:backup-plan:1234\", \"VersionId\": \"v1\", \"BackupPlan\": {}}}", plan.replacen("\"RuleName\"", "\"RuleId\": \"r-1\", \"RuleName\"", 1)),
    ];
    for (i, f) in forms.iter().enumerate() {
        let path = dir.join(format!("form{i}.txt"));
        std::fs::write(&path, f).unwrap();
        let p = path.to_string_lossy().to_string();
        let o = btar(&["validate", &p, "--region", "us-east-1", "--json"]);
        assert_eq!(o.status.code(), Some(0), "form {i}: {}", stdout(&o));
        let lost: Vec<String> = json(&o)["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["rule"].as_str().unwrap_or("").to_string())
            .filter(|r| r != "vault-policy")
            .collect();
        assert!(lost.is_empty(), "form {i}: {}", stdout(&o));
    }
    // The command's region and btar's disagree: an error naming both.
    let path = dir.join("conflict.txt");
    std::fs::write(&path, &forms[0]).unwrap();
    let o = btar(&[
        "validate",
        &path.to_string_lossy(),
        "--region",
        "eu-west-1",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let e = &json(&o)["errors"][0];
    assert_eq!(e["rule"], "region-conflict");
    assert!(
        e["message"].as_str().unwrap().contains("us-east-1")
            && e["message"].as_str().unwrap().contains("eu-west-1")
    );
    // file:// names what to paste instead.
    std::fs::write(
        &path,
        "aws backup create-backup-plan --backup-plan file://plan.json",
    )
    .unwrap();
    let o = btar(&["validate", &path.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("paste the contents of plan.json"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_guide_cost_saving_lifecycle_is_flagged() {
    let o = btar(&[
        "validate",
        "tests/fixtures/aws-cost-saving-lifecycle.json",
        "--region",
        "us-east-1",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let e = &v["errors"][0];
    assert_eq!(e["rule"], "cold-storage-90-days");
    assert_eq!(
        e["field"],
        "platform.aws.plan.Rules[0].CopyActions[0].Lifecycle.DeleteAfterDays"
    );
    assert_eq!(e["value"], "90");
}

#[test]
fn a_plan_whose_dr_vault_is_in_the_same_region_is_invalid() {
    let o = btar(&[
        "validate",
        "tests/fixtures/aws-guide-plan.json",
        "--region",
        "us-west-2",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let rules: Vec<String> = json(&o)["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rule"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(rules.iter().all(|r| r == "copy-other-region"), "{rules:?}");
    assert_eq!(rules.len(), 2);
}

#[test]
fn avn_commands_and_update_bodies_validate() {
    let o = btar(&["validate", "tests/fixtures/avn-create.sh"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = btar(&["validate", "tests/fixtures/avn-update.sh", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v = json(&o);
    assert!(v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["rule"] == "update-needs-service"));
    let o = btar(&[
        "validate",
        "tests/fixtures/aiven-update.json",
        "--base",
        "examples/aiven-pg-business.json",
        "--json",
    ]);
    // The base service is in aws-eu-west-1; us-west-2 is the same provider.
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = btar(&["validate", "tests/fixtures/aiven-create-pg.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn unreadable_input_exits_2_and_never_panics() {
    let cases: [&[u8]; 9] = [
        b"",
        b"{",
        b"{\"version\": 1, \"platform\": {\"aiven\": 3}}",
        b"[]",
        b"\xff\xfe\x00",
        b"avn service create",
        b"{\"version\": 99, \"platform\": {}}",
        b"{\"BackupPlanName\": 5, \"Rules\": {}}",
        b"aws backup create-backup-plan --backup-plan '{",
    ];
    for c in cases {
        let o = btar_stdin(&["validate", "-"], c);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{:?}: {}",
            String::from_utf8_lossy(c),
            String::from_utf8_lossy(&o.stderr)
        );
        let o = btar_stdin(&["validate", "-", "--json"], c);
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(json(&o)["valid"], false);
    }
    let big = vec![b' '; 2 * 1024 * 1024];
    assert_eq!(btar_stdin(&["validate", "-"], &big).status.code(), Some(2));
    assert_eq!(
        btar(&["validate", "no/such/file.json"]).status.code(),
        Some(2)
    );
}

#[test]
fn import_then_export_gives_the_real_formats_back() {
    let o = btar(&[
        "export",
        "aws",
        "tests/fixtures/aws-guide-plan.json",
        "--region",
        "us-east-1",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let back: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let orig: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/aws-guide-plan.json").unwrap(),
    )
    .unwrap();
    assert_eq!(back, orig);
    let o = btar(&["export", "avn", "examples/aiven-pg-business.json"]);
    let text = stdout(&o);
    assert!(text.starts_with("avn service create orders-pg"), "{text}");
    assert!(
        text.contains("'additional_backup_regions=[\"aws-eu-central-1\"]'"),
        "{text}"
    );
    let o = btar(&["export", "fork", "examples/aiven-pg-business.json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["cloud"], "aws-eu-central-1");
    assert_eq!(v["plan"], "business-8");
    let o = btar(&["export", "aws", "examples/aiven-pg-business.json"]);
    assert_eq!(o.status.code(), Some(2));
    let o = btar(&["import", "tests/fixtures/aiven-create-pg.json"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("\"google-europe-west1\""));
}

#[test]
fn quick_cost_reproduces_the_zilliz_example() {
    let o = btar(&[
        "cost",
        "--size-gb",
        "20",
        "--from",
        "gcp-us-west1",
        "--to",
        "gcp-us-east4,gcp-europe-west3",
        "--months",
        "1",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert!((v["total_usd"].as_f64().unwrap() - 2.80).abs() < 1e-9);
    assert!((v["storage_usd"].as_f64().unwrap() - 0.80).abs() < 1e-9);
    assert_eq!(v["lines"][0]["same_continent"], true);
    assert_eq!(v["lines"][1]["same_continent"], false);
    assert_eq!(v["lines"][1]["transfer_price_gb"], 0.08);
    let o = btar(&[
        "cost",
        "--size-gb",
        "20",
        "--from",
        "gcp-us-west1",
        "--to",
        "aws-us-east-1",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = btar(&[
        "cost",
        "--size-gb",
        "NaN",
        "--from",
        "gcp-us-west1",
        "--to",
        "gcp-us-east4",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn simulate_json_has_the_documented_shape() {
    let o = btar(&["simulate", "examples/aiven-pg-business.json", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    let lag = &v["lag"][0];
    assert_eq!(lag["region"], "aws-eu-central-1");
    for k in ["p50_s", "p95_s", "max_s"] {
        assert!(lag[k].is_i64(), "{k}");
    }
    let f = &v["forks"][0];
    assert_eq!(f["target_region"], "aws-eu-central-1");
    assert_eq!(f["recovery_point"], "2026-01-25T03:00:00Z");
    assert_eq!(f["data_loss_s"], 11 * 3600);
    assert!(f["error"].is_null());
    assert!(v["copy_jobs"]["COMPLETED"].as_u64().unwrap() > 0);
    assert!(v["assumptions"].as_array().unwrap().len() >= 5);
    let o = btar(&[
        "simulate",
        "examples/aiven-pg-business.json",
        "--report",
        "day",
    ]);
    let v = json(&o);
    assert_eq!(
        v["metrics"]["backup_to_another_region_lag"]["data"]["rows"]
            .as_array()
            .unwrap()
            .len(),
        288
    );
    assert_eq!(
        btar(&["simulate", "tests/fixtures/aiven-create-cassandra.json"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        btar(&[
            "simulate",
            "examples/aiven-pg-business.json",
            "--report",
            "fortnight"
        ])
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn cost_prints_the_bill_as_json_and_csv_and_levers_compare() {
    let o = btar(&["cost", "examples/zilliz-billing.json", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert!((v["cross_region_usd"].as_f64().unwrap() - 2.80).abs() < 0.005);
    let o = btar(&["cost", "examples/zilliz-billing.json", "--csv"]);
    let csv = stdout(&o);
    assert!(csv.starts_with(
        "month,region,role,category,quantity,unit,unit_price_usd,usd,price_source,assumption\n"
    ));
    assert_eq!(csv.lines().count(), 6);
    // Every line names its price source; the GCP rates are Zilliz's own.
    assert!(csv.lines().skip(1).all(|l| l
        .contains("\"Zilliz Cloud's cross-region backup billing on GCP")
        && l.ends_with(",false")));
    let lines = v["lines"].as_array().unwrap();
    assert!(lines
        .iter()
        .all(|l| l["price_source"].is_string() && l["assumption"] == false));
    // An RDS plan outside N. Virginia: a derived price, said so.
    let text = stdout(&btar(&[
        "cost",
        "--size-gb",
        "100",
        "--from",
        "aws-us-east-1",
        "--to",
        "aws-ap-northeast-1",
        "--resource-type",
        "rds",
    ]));
    assert!(
        text.contains("(this storage price is an assumption)"),
        "{text}"
    );
    let o = btar(&["levers", "examples/aws-guide-two-dr.json", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let rows = json(&o);
    assert_eq!(rows[1]["name"], "dr_regions");
    assert!(
        rows[1]["delta_usd"].as_f64().unwrap() < 0.0,
        "dropping to one DR region saves"
    );
    assert_eq!(btar(&["cost"]).status.code(), Some(2));
}

#[test]
fn simulate_prints_the_copy_jobs_as_csv() {
    let o = btar(&[
        "simulate",
        "examples/zilliz-billing.json",
        "--copy-jobs-csv",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let csv = stdout(&o);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("copy_job_id,rule,source_region,destination_region,created,started,finished,state,attempts,size_gb,recovery_point,message")
    );
    // The billing example: one manual backup copied to two regions.
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(rows.iter().all(|r| r.contains(",COMPLETED,")), "{csv}");
    assert!(
        rows.iter()
            .any(|r| r.contains(",google-us-west1,google-europe-west3,")),
        "{csv}"
    );
    let o = btar(&[
        "simulate",
        "examples/zilliz-billing.json",
        "--copy-jobs-csv",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(2), "one output at a time");
}

/// Runs `btar` and fails if it died by a signal or a panic's exit code
/// (101, or 134 under `panic = "abort"`): every input gets an answer.
fn survives(args: &[&str], what: &str) -> Output {
    let o = btar(args);
    match o.status.code() {
        Some(c) if c < 101 => o,
        other => panic!(
            "{what}: btar {args:?} died ({other:?}): {}",
            String::from_utf8_lossy(&o.stderr)
        ),
    }
}

#[test]
fn extreme_but_valid_inputs_never_abort() {
    let dir = std::env::temp_dir().join(format!("btar-extreme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let base: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("examples/aiven-pg-business.json").expect("example"),
    )
    .expect("json");
    let mut cases: Vec<(&str, serde_json::Value)> = Vec::new();
    // 10 TB growing 100 %/month over a 0.1 Mbit/s link for 800 days.
    let mut huge = base.clone();
    huge["workload"]["data_gb"] = 10_000.0.into();
    huge["workload"]["growth_pct_per_month"] = 100.0.into();
    huge["link"]["bandwidth_mbps"] = 0.1.into();
    huge["link"]["backup_throughput_mbps"] = 0.1.into();
    huge["simulation"]["days"] = 800.into();
    huge["events"] = serde_json::json!([]);
    cases.push(("huge", huge.clone()));
    // The same at the largest span and data size validation accepts.
    let mut largest = huge.clone();
    largest["workload"]["data_gb"] = 10_000_000.0.into();
    largest["simulation"]["days"] = 3660.into();
    cases.push(("largest", largest));
    // A start in the year 262142 (chrono's far end) and the year 1.
    let mut far = base.clone();
    far["simulation"]["start"] = "9999-12-31T23:59:59Z".into();
    cases.push(("far future", far));
    // A year RFC 3339 cannot write is refused as unreadable, the field named.
    let mut beyond = base.clone();
    beyond["simulation"]["start"] = "+262142-01-01T00:00:00Z".into();
    let o = btar_stdin(&["validate", "-"], beyond.to_string().as_bytes());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(
            "simulation.start: '+262142-01-01T00:00:00Z' is not an RFC 3339 date and time"
        ),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut early = base.clone();
    early["simulation"]["start"] = "0001-01-01T00:00:00Z".into();
    cases.push(("year 1", early));
    // Lifecycle and window values at the ends of their types.
    let mut aws: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("examples/aws-guide-one-dr.json").expect("example"),
    )
    .expect("json");
    let rule = &mut aws["platform"]["aws"]["plan"]["Rules"][0];
    rule["CompletionWindowMinutes"] = i64::MAX.into();
    rule["StartWindowMinutes"] = i64::MAX.into();
    rule["Lifecycle"] = serde_json::json!({"DeleteAfterDays": i64::MAX});
    cases.push(("aws extremes", aws));
    for (name, s) in &cases {
        let path = dir.join(format!("{}.json", name.replace(' ', "-")));
        std::fs::write(&path, s.to_string()).expect("write");
        let f = path.to_str().expect("utf-8 path");
        survives(&["validate", f], name);
        survives(&["simulate", f], name);
        survives(&["simulate", f, "--json"], name);
        survives(&["simulate", f, "--copy-jobs-csv"], name);
        for period in ["hour", "day", "week", "month", "year"] {
            survives(&["simulate", f, "--report", period], name);
        }
        survives(&["cost", f], name);
        survives(&["cost", f, "--json"], name);
        survives(&["levers", f], name);
    }
    // The huge one is valid, warns that nothing completes, and says so in
    // the results too.
    let path = dir.join("huge.json");
    let f = path.to_str().expect("utf-8 path");
    let v = survives(&["validate", f, "--json"], "huge");
    assert!(stdout(&v).contains("job-outlasts-span"), "{}", stdout(&v));
    let sim = json(&survives(&["simulate", f, "--json"], "huge"));
    let kinds: Vec<&str> = sim["warnings"]
        .as_array()
        .map(|w| w.iter().filter_map(|x| x["kind"].as_str()).collect())
        .unwrap_or_default();
    assert!(kinds.contains(&"no_backup_completed"), "{kinds:?}");
    // The far-future start is refused by validation, with the rule named.
    let far = survives(
        &[
            "validate",
            dir.join("far-future.json").to_str().expect("path"),
        ],
        "far",
    );
    assert_eq!(far.status.code(), Some(1), "{}", stdout(&far));
    assert!(
        stdout(&far).contains("simulation.start"),
        "{}",
        stdout(&far)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_target_named_twice_is_billed_once_and_reports_end_with_a_value() {
    let once = json(&btar(&[
        "cost",
        "--size-gb",
        "20",
        "--from",
        "gcp-us-west1",
        "--to",
        "gcp-us-east4",
        "--months",
        "1",
        "--json",
    ]));
    let twice = btar(&[
        "cost",
        "--size-gb",
        "20",
        "--from",
        "gcp-us-west1",
        "--to",
        "gcp-us-east4,google-us-east4",
        "--months",
        "1",
        "--json",
    ]);
    assert_eq!(json(&twice)["total_usd"], once["total_usd"]);
    assert!(String::from_utf8_lossy(&twice.stderr).contains("billed once"));
    // The Aiven lag report's last sample (the end of the span) has a value.
    let r = json(&btar(&[
        "simulate",
        "examples/aiven-pg-business.json",
        "--report",
        "day",
    ]));
    let rows = r["metrics"]["backup_to_another_region_lag"]["data"]["rows"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let last = rows.last().expect("rows");
    assert!(last[1].is_number(), "{last}");
}

#[test]
fn the_incremental_quick_estimate_lands_on_the_hand_calculation() {
    // 1 000 GB, 20 GB/day, kept 35 days, daily, us-east-1 → us-west-2, 3
    // months: 1 000 + 89 × 20 = 2 780 GB moved × $0.02 = $55.60; 139 300
    // GB-days = 4 643.33 GB-months × $0.05 = $232.17; total $287.77.
    let e = json(&btar(&[
        "cost",
        "--size-gb",
        "1000",
        "--change-gb-per-day",
        "20",
        "--keep-days",
        "35",
        "--every-hours",
        "24",
        "--from",
        "aws-us-east-1",
        "--to",
        "aws-us-west-2",
        "--months",
        "3",
        "--resource-type",
        "ebs",
        "--json",
    ]));
    let total = e["total_usd"].as_f64().expect("total");
    assert!((total - 287.7667).abs() < 0.01, "{e}");
    assert!(e["lines"][0]["arithmetic"]
        .as_str()
        .unwrap_or("")
        .contains("89 × 20 GB"));
    // DynamoDB backups are full copies: 90 × 1 000 GB moved.
    let full = json(&btar(&[
        "cost",
        "--size-gb",
        "1000",
        "--change-gb-per-day",
        "20",
        "--keep-days",
        "35",
        "--every-hours",
        "24",
        "--from",
        "aws-us-east-1",
        "--to",
        "aws-us-west-2",
        "--months",
        "3",
        "--resource-type",
        "dynamodb",
        "--json",
    ]));
    assert_eq!(full["lines"][0]["transferred_gb"].as_f64(), Some(90_000.0));
    // Half the schedule flags is a usage error naming them.
    let o = btar(&[
        "cost",
        "--size-gb",
        "1",
        "--from",
        "aws-us-east-1",
        "--to",
        "aws-us-west-2",
        "--keep-days",
        "3",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_terraform_plan_validates_and_imports() {
    let v = btar(&["validate", "tests/fixtures/terraform-tokyo-osaka.tf"]);
    assert_eq!(
        v.status.code(),
        Some(0),
        "{}{}",
        stdout(&v),
        String::from_utf8_lossy(&v.stderr)
    );
    let s = json(&btar(&[
        "import",
        "tests/fixtures/terraform-tokyo-osaka.tf",
    ]));
    let aws = &s["platform"]["aws"];
    assert_eq!(aws["region"], "ap-northeast-1");
    assert_eq!(
        aws["plan"]["Rules"][0]["CopyActions"][0]["DestinationBackupVaultArn"],
        "arn:aws:backup:ap-northeast-3:123456789012:backup-vault:dr-vault"
    );
    // Round trip: the imported scenario simulates and exports as AWS plan JSON.
    let sim = btar(&[
        "simulate",
        "tests/fixtures/terraform-tokyo-osaka.tf",
        "--json",
    ]);
    assert_eq!(sim.status.code(), Some(0));
}

#[test]
fn a_cloudformation_template_validates_and_imports() {
    let v = btar(&[
        "validate",
        "tests/fixtures/cloudformation-plan.yaml",
        "--region",
        "us-east-1",
    ]);
    assert_eq!(
        v.status.code(),
        Some(0),
        "{}{}",
        stdout(&v),
        String::from_utf8_lossy(&v.stderr)
    );
    let s = json(&btar(&[
        "import",
        "tests/fixtures/cloudformation-plan.yaml",
        "--region",
        "us-east-1",
    ]));
    let aws = &s["platform"]["aws"];
    assert_eq!(aws["plan"]["BackupPlanName"], "orders-prod");
    assert_eq!(
        aws["plan"]["Rules"][0]["TargetBackupVaultName"],
        "orders-vault"
    );
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_listing_quietly() {
    // `btar simulate … --copy-jobs-csv | head -1` (far more than a pipe
    // holds): the reader goes after one line. btar must
    // end as Unix tools do (SIGPIPE), not abort on a panic.
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::ExitStatusExt;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_btar"))
        .args(["simulate", "benches/hourly-year.json", "--copy-jobs-csv"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    drop(out);
    let status = child.wait().unwrap();
    assert!(
        status.success() || status.signal() == Some(13),
        "{status:?}"
    );
    assert_ne!(status.code(), Some(134));
}

#[test]
fn a_terraform_module_over_several_files_reads_as_one() {
    let o = btar(&["validate", "tests/fixtures/terraform-split", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v = json(&o);
    let rules: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["rule"].as_str())
        .collect();
    // The vault policy allows copies in: no "make sure" warning; the
    // selection names an RDS database.
    assert!(!rules.contains(&"vault-policy"), "{rules:?}");
    assert!(rules.contains(&"resource-type-from-selection"), "{rules:?}");
    let o = btar(&["import", "tests/fixtures/terraform-split"]);
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["workload"]["resource_type"], "rds");
    assert_eq!(s["platform"]["aws"]["region"], "us-east-1");
    assert_eq!(
        s["platform"]["aws"]["plan"]["Rules"][0]["CopyActions"][0]["DestinationBackupVaultArn"],
        "arn:aws:backup:us-west-2:123456789012:backup-vault:payments-dr"
    );
    let o = btar(&["validate", "tests/fixtures/terraform-aiven-pg.tf"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = btar(&["validate", "tests/fixtures/terraform-show-state.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn check_gates_on_the_objectives() {
    // Aiven's daily base backups: a 1 h RPO fails (exit 1, named with the
    // figure), 48 h passes (exit 0); unreadable input is exit 2.
    let o = btar(&[
        "check",
        "examples/aiven-pg-business.json",
        "--max-rpo",
        "1h",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("RPO (data lost): 1 d 01 h 26 min against 1 h 00 min: NOT MET"),
        "{}",
        stdout(&o)
    );
    let o = btar(&[
        "check",
        "examples/aiven-pg-business.json",
        "--max-rpo",
        "48h",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(json(&o)["met"], true);
    let o = btar(&[
        "check",
        "examples/aiven-pg-business.json",
        "--max-rpo",
        "48h",
        "--max-monthly-cost",
        "1",
        "--format",
        "junit",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("failures=\"1\""), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("name=\"monthly-cost\"><failure"),
        "{}",
        stdout(&o)
    );
    let o = btar_stdin(&["check", "-", "--max-rpo", "1h"], b"not a plan");
    assert_eq!(o.status.code(), Some(2));
    let o = btar(&[
        "check",
        "examples/aiven-pg-business.json",
        "--max-rpo",
        "4 parsecs",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn risk_prints_the_documented_fields_and_is_seeded() {
    let args = [
        "risk",
        "examples/aws-guide-one-dr.json",
        "--trials",
        "200",
        "--seed",
        "9",
        "--max-rpo",
        "12h",
        "--json",
    ];
    let a = btar(&args);
    assert_eq!(a.status.code(), Some(0), "{}", stdout(&a));
    let v = json(&a);
    for k in [
        "trials",
        "seed",
        "p_rpo_breach",
        "p_rto_breach",
        "expected_loss_s_per_year",
    ] {
        assert!(v.get(k).is_some(), "{k} missing: {v}");
    }
    for k in ["p50", "p95", "p99", "max"] {
        assert!(v["data_loss_s"][k].is_i64(), "{k}");
    }
    assert_eq!(v["trials"], 200);
    assert!(v["p_rpo_breach"].as_f64().unwrap() > 0.0);
    // The same seed, the same numbers.
    assert_eq!(json(&btar(&args)), v);
}

#[test]
fn a_provider_or_region_gets_its_own_outages_and_a_bad_one_is_named() {
    let run = |extra: &[&str]| {
        let mut args = vec![
            "risk",
            "examples/aws-guide-one-dr.json",
            "--trials",
            "150",
            "--json",
        ];
        args.extend_from_slice(extra);
        btar(&args)
    };
    // An AWS plan copying to us-west-2: long, frequent AWS outages leave the
    // restore waiting for its DR region at times; Google's, or another AWS
    // region's, change nothing.
    let aws = json(&run(&["--outages-for", "aws=150:48"]));
    assert!(aws["p_waited"].as_f64().unwrap() > 0.1, "{aws}");
    assert_eq!(aws["p_no_usable_secondary"].as_f64(), Some(0.0), "{aws}");
    // The plan's DR region (us-west-2) alone.
    let dr = json(&run(&["--outages-for", "aws-us-west-2=150:48"]));
    assert!(dr["p_waited"].as_f64().unwrap() > 0.1, "{dr}");
    // Waiting shows in the restore time.
    let calm_restore = json(&run(&["--outages-per-year", "0"]))["restore_s"]["max"]
        .as_i64()
        .unwrap();
    assert!(
        dr["restore_s"]["max"].as_i64().unwrap() > calm_restore + 3600,
        "{dr}"
    );
    let calm = json(&run(&["--outages-per-year", "0"]));
    let google = json(&run(&[
        "--outages-per-year",
        "0",
        "--outages-for",
        "google=150:48,aws-ap-south-1=150:48",
    ]));
    assert_eq!(google["data_loss_s"], calm["data_loss_s"]);
    for (flags, says) in [
        (
            vec!["--outages-for", "ibm=1"],
            "--outages-for: 'ibm' is neither a provider",
        ),
        (
            vec!["--outages-for", "aws=1:0"],
            "--outages-for: aws: median '0'",
        ),
        (vec!["--outage-sigma", "7"], "σ: 7 is outside 0–3"),
        (
            vec!["--seed", "1", "--copy-failure-rate", "1.5"],
            "copy failure rate: a probability",
        ),
    ] {
        let o = run(&flags);
        assert_eq!(o.status.code(), Some(2), "{flags:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(says), "{flags:?}: {err}");
    }
}

#[test]
fn the_frontier_lists_only_plans_no_other_beats() {
    let o = btar(&[
        "frontier",
        "examples/aws-guide-one-dr.json",
        "--max-rpo",
        "12h",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v = json(&o);
    let plans = v["plans"].as_array().unwrap();
    assert!(plans.len() >= 2, "{v}");
    for p in plans {
        for q in plans {
            let (pc, pl) = (
                p["monthly_usd"].as_f64().unwrap(),
                p["worst_data_loss_s"].as_i64().unwrap(),
            );
            let (qc, ql) = (
                q["monthly_usd"].as_f64().unwrap(),
                q["worst_data_loss_s"].as_i64().unwrap(),
            );
            assert!(
                !(qc <= pc && ql <= pl && (qc < pc || ql < pl)),
                "{q} beats {p}"
            );
        }
        assert!(
            p["changes"].is_array()
                && p["restore_s"].is_i64()
                && p["meets_objectives"].is_boolean()
        );
    }
    assert!(plans.iter().any(|p| p["meets_objectives"] == true));
}

#[test]
fn frontier_plans_carry_their_scenario_and_keep_regions_and_retention_by_default() {
    let dr = |s: &serde_json::Value| -> Vec<(String, i64)> {
        s["platform"]["aws"]["plan"]["Rules"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["CopyActions"].as_array().cloned().unwrap_or_default())
            .map(|c| {
                (
                    c["DestinationBackupVaultArn"].as_str().unwrap().to_string(),
                    c["Lifecycle"]["DeleteAfterDays"].as_i64().unwrap_or(-1),
                )
            })
            .collect()
    };
    let o = btar(&["frontier", "examples/aws-guide-one-dr.json", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v = json(&o);
    let plans = v["plans"].as_array().unwrap();
    let mine = dr(&plans[0]["scenario"]);
    assert!(!mine.is_empty());
    for p in plans {
        assert_eq!(dr(&p["scenario"]), mine, "{}", p["changes"]);
    }
    // Allowed to vary regions and retention (short names), it finds more.
    let o = btar(&[
        "frontier",
        "examples/aws-guide-one-dr.json",
        "--vary",
        "regions,retention",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v = json(&o);
    assert!(v["plans"].as_array().unwrap().len() >= 2, "{v}");
    assert_eq!(v["may_change"], serde_json::json!(["regions", "retention"]));
    let o = btar(&[
        "frontier",
        "examples/aws-guide-one-dr.json",
        "--vary",
        "colder",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("'colder' is not a lever"));
}

#[test]
fn wrong_verdicts_of_before_are_right() {
    // A ServiceUpdate that names its cloud gets the provider checks without
    // --base: copying a Google service's backups to AWS is refused.
    let body = br#"{"cloud": "google-europe-west1", "user_config": {"additional_backup_regions": ["aws-eu-central-1"]}}"#;
    let o = btar_stdin(&["validate", "-", "--json"], body);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        json(&o)["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["rule"] == "same-provider"),
        "{}",
        stdout(&o)
    );
    // Without a cloud it cannot be checked, and says so.
    let o = btar_stdin(
        &["validate", "-", "--json"],
        br#"{"user_config": {"additional_backup_regions": ["aws-eu-central-1"]}}"#,
    );
    assert!(json(&o)["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["rule"] == "update-needs-service"));
    // A same-region copy to another account is allowed (a warning), and the
    // plan's account is not taken from the copy's ARN.
    let plan = std::fs::read_to_string("tests/fixtures/aws-guide-plan.json")
        .unwrap()
        .replace(
            "arn:aws:backup:us-west-2:123456789012",
            "arn:aws:backup:us-east-1:210987654321",
        );
    let o = btar_stdin(
        &["validate", "-", "--region", "us-east-1", "--json"],
        plan.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let rules: Vec<String> = json(&o)["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["rule"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(
        rules.contains(&"copy-same-region-other-account".to_string()),
        "{rules:?}"
    );
    assert!(rules.contains(&"plan-account".to_string()), "{rules:?}");
    let o = btar_stdin(&["import", "-", "--region", "us-east-1"], plan.as_bytes());
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["platform"]["aws"]["account_id"], "123456789012");
}

/// An AWS plan of `rules` hourly rules, each copying to `copies` regions.
fn heavy_plan(rules: usize, copies: usize, days: u32) -> serde_json::Value {
    let mut s: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("examples/aws-guide-one-dr.json").expect("example"),
    )
    .expect("json");
    let regions = [
        "us-west-2",
        "us-west-1",
        "us-east-2",
        "eu-west-1",
        "eu-west-2",
        "eu-central-1",
        "ap-south-1",
        "ap-northeast-1",
        "ap-southeast-2",
        "ca-central-1",
        "sa-east-1",
    ];
    let rule = s["platform"]["aws"]["plan"]["Rules"][0].clone();
    let mut all = Vec::new();
    for i in 0..rules {
        let mut r = rule.clone();
        r["RuleName"] = format!("hourly-{i}").into();
        r["ScheduleExpression"] = "cron(0 * * * ? *)".into();
        r["CopyActions"] = regions
            .iter()
            .take(copies)
            .map(|reg| {
                serde_json::json!({
                    "DestinationBackupVaultArn": format!("arn:aws:backup:{reg}:123456789012:backup-vault:dr"),
                    "Lifecycle": {"DeleteAfterDays": 7}
                })
            })
            .collect();
        all.push(r);
    }
    s["platform"]["aws"]["plan"]["Rules"] = all.into();
    s["simulation"]["days"] = days.into();
    s["events"] = serde_json::json!([]);
    s
}

#[test]
fn a_plan_past_the_work_limit_is_refused_with_the_figure_and_what_to_change() {
    let dir = std::env::temp_dir().join(format!("btar-heavy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("heavy.json");
    std::fs::write(&path, heavy_plan(50, 10, 3660).to_string()).expect("write");
    let f = path.to_str().expect("path");
    for args in [
        vec!["simulate", f],
        vec!["simulate", f, "--json"],
        vec!["cost", f],
        vec!["risk", f, "--trials", "10"],
    ] {
        let o = btar(&args);
        // Refused as a plan that cannot run as given (exit 1), in a moment.
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stdout(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("backup and copy jobs") && err.contains("shorten the span"),
            "{args:?}: {err}"
        );
    }
    // The same plan over a week runs.
    std::fs::write(&path, heavy_plan(50, 10, 7).to_string()).expect("write");
    let o = btar(&["simulate", f, "--json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn output_that_cannot_be_written_ends_with_exit_2_and_a_message() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    for args in [
        vec!["simulate", "examples/aws-guide-one-dr.json", "--json"],
        vec!["export", "avn", "examples/aiven-pg-business.json"],
        vec!["validate", "examples/aws-guide-one-dr.json"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let o = Command::new(env!("CARGO_BIN_EXE_btar"))
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(full)
            .output()
            .expect("btar runs");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("writing to standard output failed"),
            "{args:?}"
        );
    }
}

#[test]
fn a_directory_is_measured_before_it_is_read() {
    let dir = std::env::temp_dir().join(format!("btar-dir-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let big = dir.join("big.txt");
    std::fs::write(&big, vec![b'a'; 600 * 1024]).expect("write");
    for i in 0..50 {
        let link = dir.join(format!("f{i:02}.tf"));
        #[cfg(unix)]
        std::os::unix::fs::symlink(&big, &link).expect("link");
        #[cfg(not(unix))]
        std::fs::copy(&big, &link).expect("copy");
    }
    let o = btar(&["validate", dir.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("larger than the 1048576 byte limit together"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_monthly_figure_is_the_plans_whatever_its_days_and_months_is_not_silently_ignored() {
    let dir = std::env::temp_dir().join(format!("btar-monthly-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut figures = Vec::new();
    for days in [30, 90, 480] {
        let mut s: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string("examples/aws-guide-one-dr.json").expect("example"),
        )
        .expect("json");
        s["simulation"]["days"] = days.into();
        let path = dir.join(format!("g{days}.json"));
        std::fs::write(&path, s.to_string()).expect("write");
        let v = json(&btar(&["simulate", path.to_str().expect("path"), "--json"]));
        figures.push(v["verdict"]["monthly_usd"].as_f64().expect("monthly_usd"));
        assert_eq!(v["verdict"]["monthly"]["kind"], "steady", "{days}");
        // A budget below it fails the check on any Days.
        let o = btar(&[
            "check",
            path.to_str().expect("path"),
            "--max-monthly-cost",
            "200",
        ]);
        assert_eq!(o.status.code(), Some(1), "{days}: {}", stdout(&o));
    }
    assert!(
        figures.iter().all(|f| (f - figures[0]).abs() < 0.01),
        "{figures:?}"
    );
    // The guide plan settles once its weekly copies' 365 days have filled.
    assert!((figures[0] - 375.45).abs() < 0.01, "{figures:?}");
    let o = btar(&["cost", "--months", "12", "examples/aws-guide-one-dr.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--months 12"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn diff_tells_what_a_change_does_and_gates_on_the_new_plan() {
    let one = "examples/aws-guide-one-dr.json";
    let two = "examples/aws-guide-two-dr.json";
    let o = btar(&["diff", one, two, "--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0));
    let md = stdout(&o);
    assert!(
        md.contains("| RPO (data lost) | 1 d 00 h 05 min | 1 d 00 h 05 min |"),
        "{md}"
    );
    // The plans' own monthly figures (worked by hand in docs/simulation.md
    // for the one-DR plan).
    assert!(md.contains("| monthly cost | $375.45 | $451.70 |"), "{md}");
    assert!(
        md.contains("`platform.aws.plan.Rules[0].CopyActions[1]`"),
        "{md}"
    );
    // An RPO of an hour: the new plan breaks it.
    let o = btar(&["diff", one, two, "--max-rpo", "1h"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("NOT MET"));
    // A file against itself: nothing changed, and no objective broken.
    let o = btar(&["diff", one, one, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["changes"], serde_json::json!([]));
    assert_eq!(v["figures"][2]["figure"], "monthly_cost");
    assert_eq!(v["figures"][2]["old"], v["figures"][2]["new"]);
    // An input that cannot be read.
    let o = btar(&["diff", one, "no/such/file.json"]);
    assert_eq!(o.status.code(), Some(2));
}

/// A plan declared inside a module the file calls is named as such, with
/// the module and its source, not "not a format".
#[test]
fn a_plan_inside_a_module_is_named_with_the_module() {
    let dir = std::env::temp_dir().join(format!("btar-module-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("main.tf");
    std::fs::write(
        &path,
        "module \"backup\" {\n  source = \"./modules/backup\"\n  retention_days = 30\n}\n",
    )
    .unwrap();
    let o = btar(&["validate", &path.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(
        err.contains(
            "module.backup: this Terraform calls module \"backup\" (source \"./modules/backup\")"
        ),
        "{err}"
    );
    assert!(!err.contains("not a format"), "{err}");
}

/// Values Terraform knows only after apply are unknowns with stand-ins,
/// not empty strings judged as invalid names: the plan is valid, each such
/// field says what it could not check, and the plan simulates.
#[test]
fn values_known_only_after_apply_are_unknowns_not_errors() {
    let o = btar(&["validate", "tests/fixtures/terraform-unknowns.tf", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v = json(&o);
    let unknown: Vec<&serde_json::Value> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["rule"] == "unknown-value")
        .collect();
    assert_eq!(unknown.len(), 1, "{v}");
    assert_eq!(
        unknown[0]["field"],
        "platform.aws.plan.Rules[0].CopyActions[0].DestinationBackupVaultArn"
    );
    assert!(unknown[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("unknown until apply: `var.vault_name`"));
    // The data source's literal name is read; the DR vault keeps its
    // provider's region (eu-central-1) through the stand-in.
    let o = btar(&["simulate", "tests/fixtures/terraform-unknowns.tf", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let lag = json(&o)["lag"].to_string();
    assert!(lag.contains("aws-eu-central-1"), "{lag}");
    // The provider's own documentation example: its vault block is not in
    // the snippet.
    let dir = std::env::temp_dir().join(format!("btar-unknowns-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("plan.tf");
    std::fs::write(
        &path,
        "resource \"aws_backup_plan\" \"example\" {\n  name = \"tf_example_backup_plan\"\n  rule {\n    rule_name         = \"tf_example_backup_rule\"\n    target_vault_name = aws_backup_vault.test.name\n    schedule          = \"cron(0 12 * * ? *)\"\n    lifecycle {\n      delete_after = 14\n    }\n  }\n}\n",
    )
    .unwrap();
    let o = btar(&["validate", &path.to_string_lossy(), "--region", "us-east-1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("unknown until apply: `aws_backup_vault.test.name`"));
}

/// Variable values as Terraform takes them: a directory's terraform.tfvars,
/// then --var-file, then --var, a later one winning; a value given is no
/// longer unknown.
#[test]
fn terraform_variables_are_read_from_tfvars_and_the_command_line() {
    let dir = std::env::temp_dir().join(format!("btar-tfvars-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy("tests/fixtures/terraform-unknowns.tf", dir.join("main.tf")).unwrap();
    std::fs::write(
        dir.join("terraform.tfvars"),
        "vault_name = \"from-tfvars\"\n",
    )
    .unwrap();
    let d = dir.to_string_lossy().to_string();
    let arn = |o: &std::process::Output| -> String {
        let v = json(o);
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["rule"] == "unknown-value")
            .count()
            .to_string()
    };
    let o = btar(&["validate", &d, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(arn(&o), "0", "{}", stdout(&o));
    let o = btar(&["export", "aws", &d]);
    assert!(
        stdout(&o).contains("backup-vault:from-tfvars"),
        "{}",
        stdout(&o)
    );
    // --var over the file; a value with `${` stays literal and is judged.
    let o = btar(&["export", "aws", &d, "--var", "vault_name=from-flag"]);
    assert!(
        stdout(&o).contains("backup-vault:from-flag"),
        "{}",
        stdout(&o)
    );
    let o = btar(&["validate", &d, "--var", "vault_name=${VAULT}"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("'${VAULT}' looks like an unexpanded shell variable"),
        "{}",
        stdout(&o)
    );
    let o = btar(&["validate", &d, "--var", "no equals sign"]);
    assert_eq!(o.status.code(), Some(2));
}

/// Zilliz's body that turns its backup policy off is read as a Zilliz
/// policy (BTAR off, said), and the list of formats names Zilliz.
#[test]
fn a_disabled_zilliz_policy_reads_and_zilliz_is_among_the_formats() {
    let dir = std::env::temp_dir().join(format!("btar-zilliz-off-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let off = dir.join("off.json");
    std::fs::write(&off, "{\"enabled\": false}").unwrap();
    let o = btar(&["validate", &off.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let text = stdout(&o);
    assert!(text.contains("Zilliz Cloud backup policy"), "{text}");
    assert!(text.contains("the policy is disabled"), "{text}");
    let bad = dir.join("bad.tf.txt");
    std::fs::write(&bad, "this is not any format").unwrap();
    let o = btar(&["validate", &bad.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("a Zilliz Cloud backup policy"));
}

#[test]
fn calibrate_fits_the_hand_worked_history() {
    let h = "tests/fixtures/history";
    let o = btar(&[
        "calibrate",
        &format!("{h}/list-copy-jobs-page-1.json"),
        &format!("{h}/list-copy-jobs-page-2.json"),
        &format!("{h}/list-backup-jobs.json"),
        &format!("{h}/lag.csv"),
        "--start-window",
        "60",
        "--json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = json(&o);
    // Pages overlap by three jobs: 18 records, 15 copy jobs + 10 backups.
    assert_eq!(v["records"], 28);
    assert_eq!(v["jobs"], 25);
    let r = &v["routes"][0];
    assert_eq!(
        (r["from"].as_str(), r["to"].as_str()),
        (Some("aws-us-east-1"), Some("aws-us-west-2"))
    );
    assert_eq!(
        (
            r["jobs"].as_u64(),
            r["completed"].as_u64(),
            r["failed"].as_u64(),
            r["running"].as_u64()
        ),
        (Some(15), Some(12), Some(2), Some(1))
    );
    // 11 copies take exactly 100 s + 20 s/GB (400 Mbit/s); the one five
    // times slower does not move the fit.
    assert!(
        (r["throughput_mbit_s"].as_f64().unwrap() - 400.0).abs() < 1e-6,
        "{r}"
    );
    assert!((r["setup_s"].as_f64().unwrap() - 100.0).abs() < 1e-6, "{r}");
    assert!((r["failure_rate"].as_f64().unwrap() - 2.0 / 14.0).abs() < 1e-9);
    let rule = &v["rules"][0];
    assert_eq!(rule["rule"], "daily-rule");
    assert!(
        (rule["throughput_mbit_s"].as_f64().unwrap() - 1000.0).abs() < 1e-6,
        "{rule}"
    );
    assert!((rule["setup_s"].as_f64().unwrap() - 60.0).abs() < 1e-6);
    // Increments of 8, 12, 4 GB a day: median 8.
    assert_eq!(rule["daily_change_gb"], 8.0);
    // StartBy 45 min after creation in a 60-minute window: 15 min late.
    assert_eq!(rule["start_delay_s"], 900.0);
    let lag = &v["lag"][0];
    assert_eq!(
        (
            lag["observed_p50_s"].as_f64(),
            lag["observed_max_s"].as_f64()
        ),
        (Some(10800.0), Some(18000.0))
    );

    // --write: the scenario simulates copies at the fitted figures.
    let out = std::env::temp_dir().join(format!("btar-calibrated-{}.json", std::process::id()));
    let out_s = out.to_string_lossy().to_string();
    let o = btar(&[
        "calibrate",
        &format!("{h}/list-copy-jobs-page-1.json"),
        &format!("{h}/list-copy-jobs-page-2.json"),
        &format!("{h}/list-backup-jobs.json"),
        "--scenario",
        "examples/aws-guide-one-dr.json",
        "--write",
        &out_s,
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = stdout(&o);
    assert!(text.contains("observed median"), "{text}");
    assert!(text.contains(&format!("wrote {out_s} with:")), "{text}");
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let route = &s["calibration"]["routes"][0];
    assert_eq!(route["bandwidth_mbps"], 400.0);
    assert_eq!(route["setup_s"], 100.0);
    assert!(route["source"].as_str().unwrap().starts_with(
        "fitted from 15 copy jobs (12 completed, 2 failed), 2026-10-01 to 2026-10-15"
    ));
    assert_eq!(s["link"]["backup_throughput_mbps"], 1000.0);
    assert_eq!(s["workload"]["write_gb_per_day"], 8.0);
    let o = btar(&["simulate", &out_s, "--copy-jobs-csv"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut n = 0;
    let secs = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap().timestamp();
    for line in stdout(&o).lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        if c[7] != "COMPLETED" || c[8] != "1" {
            continue;
        }
        let gb: f64 = c[9].parse().unwrap();
        // The CSV rounds sizes to the MB: a second either way.
        let d = secs(c[6]) - secs(c[5]);
        assert!((d - (100.0 + 20.0 * gb).ceil() as i64).abs() <= 1, "{line}");
        n += 1;
    }
    assert!(n > 10);
    let _ = std::fs::remove_file(&out);
}

#[test]
fn calibrate_names_the_file_the_record_and_the_field() {
    let o = btar_stdin(
        &["calibrate", "-"],
        br#"{"CopyJobs": [{"CopyJobId": "a", "State": "COMPLETED", "CreationDate": "2026-10-01T00:00:00Z"},
                          {"CopyJobId": "b", "State": "COMPLETED", "CreationDate": "2026-10-01T00:00:00Z", "BackupSizeInBytes": "big"}]}"#,
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("-, record 2, field BackupSizeInBytes: 'big' is not a size in bytes"),
        "{err}"
    );
    let o = btar(&[
        "calibrate",
        "tests/fixtures/history/lag.csv",
        "--write",
        "x.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--write needs --scenario"));
    let o = btar(&["calibrate", "examples/aws-guide-one-dr.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a job list"));
}

#[test]
fn a_provider_passed_in_by_the_caller_is_unknown_until_its_region_is_given() {
    let dir = "tests/fixtures/terraform-module-aliases";
    // Without its region: valid, the DR vault's region said to be unknown
    // (not the plan's own region, silently).
    let o = btar(&["validate", dir, "--region", "us-east-1", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v = json(&o);
    let w = v["warnings"].as_array().unwrap();
    assert!(
        w.iter().any(|w| w["rule"] == "unknown-value"
            && w["field"] == "platform.aws.plan.Rules[0].CopyActions[0].DestinationBackupVaultArn"
            && w["message"]
                .as_str()
                .unwrap()
                .contains("--provider-region aws.dr=REGION")),
        "{v}"
    );
    assert!(!stdout(&o).contains("copy-other-region"), "{v}");
    // With it: the ARN is in that region, nothing unknown.
    let o = btar(&[
        "import",
        dir,
        "--region",
        "us-east-1",
        "--provider-region",
        "aws.dr=eu-west-1",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let s = json(&o);
    assert_eq!(
        s["platform"]["aws"]["plan"]["Rules"][0]["CopyActions"][0]["DestinationBackupVaultArn"],
        "arn:aws:backup:eu-west-1:123456789012:backup-vault:orders-dr"
    );
    assert!(s.get("unknowns").is_none(), "{s}");
    let o = btar(&["validate", dir, "--provider-region", "aws.dr=mars-1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("'mars-1' is not an AWS region the planner knows"));
}

#[test]
fn export_onto_the_users_file_changes_only_what_changed() {
    let dir = std::env::temp_dir().join(format!("btar-onto-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let at = |n: &str| dir.join(n).to_string_lossy().to_string();
    // The user's file: a plan with comments, a variable and a provider of
    // its own (written here by hand, as a user would).
    let tf = r#"# Orders: daily backups, a copy in Oregon.
variable "keep_days" {
  default = 35
}

provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "oregon"
  region = "us-west-2"
}

resource "aws_backup_vault" "dr" {
  provider = aws.oregon
  name     = "orders-dr"
}

resource "aws_backup_plan" "orders" {
  name = "orders"

  rule {
    rule_name         = "daily"   # the one that matters
    target_vault_name = "Default"
    schedule          = "cron(0 5 ? * * *)"

    lifecycle {
      delete_after = 30
    }

    copy_action {
      destination_vault_arn = aws_backup_vault.dr.arn
      lifecycle {
        delete_after = var.keep_days
      }
    }
  }
}
"#;
    std::fs::write(at("main.tf"), tf).unwrap();
    let o = btar(&["import", &at("main.tf")]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::write(at("s.json"), &o.stdout).unwrap();
    // No change: the file byte for byte.
    let o = btar(&[
        "export",
        "terraform",
        &at("s.json"),
        "--onto",
        &at("main.tf"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(stdout(&o), tf);
    // One retention changed: one line.
    let mut s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(at("s.json")).unwrap()).unwrap();
    s["platform"]["aws"]["plan"]["Rules"][0]["Lifecycle"]["DeleteAfterDays"] = 45.into();
    std::fs::write(at("s2.json"), s.to_string()).unwrap();
    let o = btar(&[
        "export",
        "terraform",
        &at("s2.json"),
        "--onto",
        &at("main.tf"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = stdout(&o);
    let changed: Vec<(&str, &str)> = tf
        .lines()
        .zip(out.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        vec![("      delete_after = 30", "      delete_after = 45")]
    );
    assert_eq!(tf.lines().count(), out.lines().count());
    // A value the file writes as a variable is not overwritten: the error
    // names it.
    s["platform"]["aws"]["plan"]["Rules"][0]["CopyActions"][0]["Lifecycle"]["DeleteAfterDays"] =
        7.into();
    std::fs::write(at("s3.json"), s.to_string()).unwrap();
    let o = btar(&[
        "export",
        "terraform",
        &at("s3.json"),
        "--onto",
        &at("main.tf"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(
            "aws_backup_plan.orders.rule[daily].copy_action[0].lifecycle.delete_after is `var.keep_days` in the file"
        ),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn export_onto_the_users_template_changes_only_what_changed() {
    let dir = std::env::temp_dir().join(format!("btar-onto-cfn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let at = |n: &str| dir.join(n).to_string_lossy().to_string();
    let yaml = r#"# Orders: the user's own template, comments and all.
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  DrDays:
    Type: Number
    Default: 35
Resources:
  Vault:
    Type: AWS::Backup::BackupVault
    Properties:
      BackupVaultName: orders   # primary
  Plan:
    Type: AWS::Backup::BackupPlan
    Properties:
      BackupPlan:
        BackupPlanName: orders
        BackupPlanRule:
          - RuleName: daily
            TargetBackupVault: !Ref Vault
            ScheduleExpression: 'cron(0 5 ? * * *)'
            Lifecycle:
              DeleteAfterDays: 30   # a month
            CopyActions:
              - DestinationBackupVaultArn: arn:aws:backup:us-west-2:123456789012:backup-vault:dr
                Lifecycle:
                  DeleteAfterDays: !Ref DrDays
"#;
    std::fs::write(at("t.yaml"), yaml).unwrap();
    let o = btar(&["import", &at("t.yaml"), "--region", "us-east-1"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::write(at("s.json"), &o.stdout).unwrap();
    let onto = |s: &str| {
        btar(&[
            "export",
            "cloudformation",
            &at(s),
            "--onto",
            &at("t.yaml"),
            "--region",
            "us-east-1",
        ])
    };
    let o = onto("s.json");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(stdout(&o), yaml);
    let mut s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(at("s.json")).unwrap()).unwrap();
    let rule = &mut s["platform"]["aws"]["plan"]["Rules"][0];
    rule["Lifecycle"]["DeleteAfterDays"] = 45.into();
    rule["ScheduleExpression"] = "cron(0 6 ? * * *)".into();
    std::fs::write(at("s2.json"), s.to_string()).unwrap();
    let o = onto("s2.json");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = stdout(&o);
    let changed: Vec<(&str, &str)> = yaml
        .lines()
        .zip(out.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        vec![
            (
                "            ScheduleExpression: 'cron(0 5 ? * * *)'",
                "            ScheduleExpression: 'cron(0 6 ? * * *)'"
            ),
            (
                "              DeleteAfterDays: 30   # a month",
                "              DeleteAfterDays: 45   # a month"
            ),
        ]
    );
    s["platform"]["aws"]["plan"]["Rules"][0]["CopyActions"][0]["Lifecycle"]["DeleteAfterDays"] =
        7.into();
    std::fs::write(at("s3.json"), s.to_string()).unwrap();
    let o = onto("s3.json");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("Resources.Plan.Properties.BackupPlan.BackupPlanRule[0].CopyActions[0].Lifecycle.DeleteAfterDays is an expression in the template"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_organizations_backup_policy_reads_as_its_plan_in_a_region() {
    let f = "tests/fixtures/aws-org-backup-policy.json";
    let o = btar(&["import", f, "--region", "eu-west-1"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let s = json(&o);
    let a = &s["platform"]["aws"];
    assert_eq!(a["region"], "eu-west-1");
    let r = &a["plan"]["Rules"][0];
    assert_eq!(
        (r["RuleName"].as_str(), r["StartWindowMinutes"].as_i64()),
        (Some("Daily"), Some(60))
    );
    assert_eq!(r["Lifecycle"]["DeleteAfterDays"], 35);
    assert_eq!(
        r["CopyActions"][0]["DestinationBackupVaultArn"],
        "arn:aws:backup:us-west-2:123456789012:backup-vault:Default"
    );
    let o = btar(&["validate", f, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("org-policy-read"));
    let o = btar(&["validate", f, "--region", "ap-south-1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("--region ap-south-1 is not one of the policy's regions (us-east-1, eu-west-1)"));
}

#[test]
fn a_zilliz_create_backup_request_imports_as_one_manual_backup_copied_for_good() {
    let o = btar(&["import", "tests/fixtures/zilliz-create-backup.json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("a scenario");
    let z = &v["platform"]["zilliz"];
    assert_eq!(
        z["backups"]["manual"]["at"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(z["targets"][0]["region"], "gcp-us-east4");
    assert!(z["targets"][0].get("retention_days").is_none());
    assert!(String::from_utf8_lossy(&o.stderr).contains("span's start"));
}

#[test]
fn a_local_module_is_read_with_the_inputs_its_caller_gives() {
    let o = btar(&["import", "tests/fixtures/terraform-local-module"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("a scenario");
    let aws = &v["platform"]["aws"];
    // The caller's provider region, its terraform.tfvars (retention 14,
    // environment prod) and its locals, through the module's variables.
    assert_eq!(aws["region"], "eu-west-1");
    let rule = &aws["plan"]["Rules"][0];
    assert_eq!(rule["TargetBackupVaultName"], "orders-prod-daily-vault");
    assert_eq!(rule["Lifecycle"]["DeleteAfterDays"], 14);
    let copy = &rule["CopyActions"][0];
    assert_eq!(
        copy["DestinationBackupVaultArn"],
        "arn:aws:backup:us-west-2:111122223333:backup-vault:orders-prod-dr"
    );
    assert_eq!(copy["Lifecycle"]["DeleteAfterDays"], 28);
    assert!(String::from_utf8_lossy(&o.stderr).contains("module.backup"));
    // --var on the caller reaches the module through the call.
    let o = btar(&[
        "import",
        "tests/fixtures/terraform-local-module",
        "--var",
        "retention_days=3",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("a scenario");
    assert_eq!(
        v["platform"]["aws"]["plan"]["Rules"][0]["Lifecycle"]["DeleteAfterDays"],
        3
    );
    assert_eq!(
        v["platform"]["aws"]["plan"]["Rules"][0]["CopyActions"][0]["Lifecycle"]["DeleteAfterDays"],
        6
    );
}
