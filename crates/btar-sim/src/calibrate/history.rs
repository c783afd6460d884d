//! Readers of job history as the clouds print it: the AWS CLI's
//! `list-copy-jobs` / `list-backup-jobs` pages and `describe-copy-job` /
//! `describe-backup-job` output, AWS Backup Audit Manager's backup and copy
//! job reports (JSON `reportItems` or CSV), and a plain CSV of observed lag
//! (`time,region,lag_seconds`). Field names are matched as AWS writes them
//! in any of these shapes (`CreationDate`, `creationDate`, `Creation Date`);
//! unknown fields are ignored.

use std::collections::BTreeMap;

use btar_core::domain::catalog::{self, Provider};
use btar_core::domain::scenario::{ResourceType, VaultArn};
use chrono::{DateTime, Utc};
use serde_json::Value;

/// The most bytes one history file may hold (a year of hourly copies to
/// three regions is about 30 MB of CLI JSON).
pub const MAX_FILE_BYTES: usize = 256 << 20;
/// The most jobs all the files together may hold.
pub const MAX_JOBS: usize = 2_000_000;

/// A malformed history file: which file, which record, which field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}{}{}: {message}", record.map(|r| format!(", record {r}")).unwrap_or_default(), field.as_ref().map(|f| format!(", field {f}")).unwrap_or_default())]
pub struct HistoryError {
    pub file: String,
    /// 1-based record (job, row) number.
    pub record: Option<usize>,
    pub field: Option<String>,
    pub message: String,
}

/// What kind of job a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    Backup,
    Copy,
}

/// A job's state as AWS reports it, in the planner's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Observed {
    Completed,
    Failed,
    /// Stopped by a user or by its window (`ABORTED`, `EXPIRED`).
    Aborted,
    /// Still going when listed (`CREATED`, `PENDING`, `RUNNING`): set aside.
    Running,
    /// `PARTIAL`: some of a composite's children failed.
    Partial,
}

impl Observed {
    fn parse(text: &str) -> Option<Observed> {
        Some(match text.trim().to_ascii_uppercase().as_str() {
            "COMPLETED" | "SUCCEEDED" | "SUCCESS" | "AVAILABLE" => Observed::Completed,
            "FAILED" => Observed::Failed,
            "ABORTED" | "ABORTING" | "EXPIRED" | "CANCELED" | "CANCELLED" => Observed::Aborted,
            "CREATED" | "PENDING" | "RUNNING" | "IN_PROGRESS" | "CREATING" | "COPYING" => {
                Observed::Running
            }
            "PARTIAL" => Observed::Partial,
            _ => return None,
        })
    }

    /// The job ended (completed, failed, aborted or partial).
    pub fn ended(self) -> bool {
        self != Observed::Running
    }
}

/// One observed backup or copy job.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub kind: JobKind,
    pub id: String,
    pub state: Observed,
    pub created: DateTime<Utc>,
    pub completed: Option<DateTime<Utc>>,
    pub bytes: Option<u64>,
    /// Source region (a backup's own), as the catalog names it.
    pub from: Option<&'static str>,
    /// A copy's destination region.
    pub to: Option<&'static str>,
    pub resource_type: Option<ResourceType>,
    pub resource: Option<String>,
    /// The backup rule that made it (`CreatedBy.BackupRuleId`).
    pub rule: Option<String>,
    /// The vault a backup went to.
    pub vault: Option<String>,
    /// A backup job's `StartBy`: the end of its start window.
    pub start_by: Option<DateTime<Utc>>,
}

impl Job {
    /// Seconds from creation to completion, for an ended job.
    pub fn duration_s(&self) -> Option<f64> {
        let c = self.completed?;
        let d = (c - self.created).num_milliseconds() as f64 / 1000.0;
        (d >= 0.0).then_some(d)
    }
}

/// One observed lag sample (`time,region,lag_seconds`).
#[derive(Debug, Clone, PartialEq)]
pub struct LagSample {
    pub time: DateTime<Utc>,
    pub region: &'static str,
    pub lag_s: f64,
}

/// Everything read from a set of history files.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Jobs by kind and id: a job listed on two pages is counted once (the
    /// record that says most: an ended state over a running one).
    pub jobs: BTreeMap<(JobKind, String), Job>,
    pub lag: Vec<LagSample>,
    /// Records read, before duplicates were merged.
    pub records: usize,
    /// Files read, with what each held.
    pub files: Vec<(String, &'static str, usize)>,
}

impl History {
    pub fn jobs(&self) -> impl Iterator<Item = &Job> {
        self.jobs.values()
    }

    /// Reads one file and adds what it holds.
    pub fn read(&mut self, file: &str, text: &str) -> Result<(), HistoryError> {
        let err = |record: Option<usize>, field: Option<&str>, message: String| HistoryError {
            file: file.to_string(),
            record,
            field: field.map(str::to_string),
            message,
        };
        if text.len() > MAX_FILE_BYTES {
            return Err(err(
                None,
                None,
                format!(
                    "{} bytes is more than a history file may hold ({MAX_FILE_BYTES})",
                    text.len()
                ),
            ));
        }
        let t = text.trim_start_matches('\u{feff}').trim_start();
        let (what, jobs, lag) = if t.starts_with('{') || t.starts_with('[') {
            let v: Value = serde_json::from_str(t).map_err(|e| {
                err(
                    None,
                    None,
                    format!("not JSON: {e} (line {}, column {})", e.line(), e.column()),
                )
            })?;
            let (what, items) = json_items(&v).ok_or_else(|| {
                err(
                    None,
                    None,
                    "not a job list: expected the output of aws backup list-copy-jobs (CopyJobs), list-backup-jobs (BackupJobs), describe-copy-job (CopyJob), describe-backup-job, an Audit Manager job report (reportItems), or Zilliz Cloud's list-backups response (data.backups)".into(),
                )
            })?;
            let mut jobs = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let Value::Object(m) = item else {
                    return Err(err(Some(i + 1), None, "a job is a JSON object".into()));
                };
                let fields: Vec<(String, String)> =
                    m.iter().flat_map(|(k, v)| flatten(k, v)).collect();
                jobs.push(job(&fields, what).map_err(|(f, m)| err(Some(i + 1), Some(&f), m))?);
            }
            (what.label(), jobs, Vec::new())
        } else {
            csv_file(t).map_err(|(r, f, m)| err(r, f.as_deref(), m))?
        };
        if self.jobs.len() + jobs.len() > MAX_JOBS {
            return Err(err(
                None,
                None,
                format!("more than {MAX_JOBS} jobs in all: read fewer pages at once"),
            ));
        }
        self.files
            .push((file.to_string(), what, jobs.len() + lag.len()));
        self.records += jobs.len();
        for j in jobs {
            let key = (j.kind, j.id.clone());
            match self.jobs.get(&key) {
                Some(old) if old.state.ended() && !j.state.ended() => {}
                _ => {
                    self.jobs.insert(key, j);
                }
            }
        }
        self.lag.extend(lag);
        Ok(())
    }
}

/// What a JSON document holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    Copies,
    Backups,
    /// An Audit Manager report or a bare list: each item says by its id
    /// field which kind it is.
    Either,
    /// Zilliz Cloud backups: a backup in its `regionId`, or a copy there
    /// when it names the region it was copied from.
    Zilliz,
}

impl Shape {
    fn label(self) -> &'static str {
        match self {
            Shape::Copies => "copy jobs",
            Shape::Backups => "backup jobs",
            Shape::Either => "job report",
            Shape::Zilliz => "Zilliz backups",
        }
    }
}

fn json_items(v: &Value) -> Option<(Shape, Vec<Value>)> {
    match v {
        Value::Array(a) => Some((Shape::Either, a.clone())),
        Value::Object(m) => {
            for (key, shape) in [
                ("CopyJobs", Shape::Copies),
                ("BackupJobs", Shape::Backups),
                ("reportItems", Shape::Either),
                ("ReportItems", Shape::Either),
            ] {
                if let Some(Value::Array(a)) = m.get(key) {
                    return Some((shape, a.clone()));
                }
            }
            if let Some(j @ Value::Object(_)) = m.get("CopyJob") {
                return Some((Shape::Copies, vec![j.clone()]));
            }
            if m.contains_key("BackupJobId") {
                return Some((Shape::Backups, vec![v.clone()]));
            }
            // Zilliz Cloud's list-backups response: {"code": 0, "data":
            // {"backups": [...]}}, or its data object alone.
            let data = m.get("data").unwrap_or(v);
            if let Some(Value::Array(a)) = data.get("backups") {
                return Some((Shape::Zilliz, a.clone()));
            }
            None
        }
        _ => None,
    }
}

/// A field name as the readers match it: lower case, letters and digits.
fn norm(k: &str) -> String {
    k.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// `CreatedBy.BackupRuleId` becomes `createdbybackupruleid` and
/// `backupruleid`; scalars as text.
fn flatten(k: &str, v: &Value) -> Vec<(String, String)> {
    match v {
        Value::Object(m) => m
            .iter()
            .flat_map(|(k2, v2)| {
                let mut out = flatten(k2, v2);
                let nested: Vec<(String, String)> = out
                    .iter()
                    .map(|(n, t)| (format!("{}{n}", norm(k)), t.clone()))
                    .collect();
                out.extend(nested);
                out
            })
            .collect(),
        Value::Array(_) | Value::Null => Vec::new(),
        Value::String(s) => vec![(norm(k), s.clone())],
        other => vec![(norm(k), other.to_string())],
    }
}

fn get<'a>(fields: &'a [(String, String)], names: &[&str]) -> Option<(&'a str, &'a str)> {
    names.iter().find_map(|n| {
        fields
            .iter()
            .find(|(k, v)| k == n && !v.trim().is_empty())
            .map(|(k, v)| (k.as_str(), v.trim()))
    })
}

/// A timestamp as AWS prints it: ISO 8601 with any UTC offset (or `Z`, or
/// a space for the `T`), or Unix seconds.
pub fn timestamp(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    if let Ok(secs) = t.parse::<f64>() {
        if secs.is_finite() && secs.abs() < 1e11 {
            return DateTime::from_timestamp_millis((secs * 1000.0).round() as i64);
        }
        return None;
    }
    let t = t.replacen(' ', "T", 1);
    DateTime::parse_from_rfc3339(&t)
        .ok()
        .map(|d| d.with_timezone(&Utc))
        .or_else(|| {
            // No offset at all: UTC, as the Audit Manager reports write.
            chrono::NaiveDateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M:%S%.f")
                .ok()
                .map(|n| n.and_utc())
        })
}

/// The catalog region of a vault ARN, or of a bare AWS region id.
fn aws_region(text: &str) -> Option<&'static str> {
    let id = VaultArn::parse(text)
        .map(|a| a.region)
        .or_else(|| {
            // Any other ARN: arn:aws:SERVICE:REGION:...
            let parts: Vec<&str> = text.split(':').collect();
            (parts.len() > 4 && parts[0] == "arn").then(|| parts[3].to_string())
        })
        .unwrap_or_else(|| text.to_string());
    catalog::by_provider_id(Provider::Aws, id.trim()).map(|r| r.cloud)
}

type FieldError = (String, String);

fn job(fields: &[(String, String)], shape: Shape) -> Result<Job, FieldError> {
    if shape == Shape::Zilliz {
        return zilliz_backup(fields);
    }
    let copy_id = get(fields, &["copyjobid"]);
    let backup_id = get(fields, &["backupjobid"]);
    let (kind, id) = match (shape, copy_id, backup_id) {
        (Shape::Copies, Some((_, id)), _) | (Shape::Either, Some((_, id)), _) => {
            (JobKind::Copy, id)
        }
        (Shape::Backups, _, Some((_, id))) | (Shape::Either, None, Some((_, id))) => {
            (JobKind::Backup, id)
        }
        (Shape::Copies, None, _) => return Err(("CopyJobId".into(), "missing".into())),
        _ => {
            return Err((
                "BackupJobId".into(),
                "missing (a job names its BackupJobId or CopyJobId)".into(),
            ))
        }
    };
    let state_text = get(fields, &["state", "jobstatus", "status"])
        .ok_or_else(|| ("State".to_string(), "missing".to_string()))?
        .1;
    let state = Observed::parse(state_text).ok_or_else(|| {
        (
            "State".to_string(),
            format!("'{state_text}' is not a job state (COMPLETED, FAILED, ABORTED, RUNNING, CREATED, PENDING, PARTIAL, EXPIRED)"),
        )
    })?;
    let time = |names: &[&str], label: &str| -> Result<Option<DateTime<Utc>>, FieldError> {
        match get(fields, names) {
            None => Ok(None),
            Some((_, v)) => timestamp(v).map(Some).ok_or_else(|| {
                (
                    label.to_string(),
                    format!("'{v}' is not a timestamp (ISO 8601 with an offset, or Unix seconds)"),
                )
            }),
        }
    };
    let created = time(
        &[
            "creationdate",
            "creationtime",
            "createtime",
            "createdat",
            "creationdatetime",
        ],
        "CreationDate",
    )?
    .ok_or_else(|| ("CreationDate".to_string(), "missing".to_string()))?;
    let completed = time(
        &[
            "completiondate",
            "completiontime",
            "completedat",
            "completiondatetime",
        ],
        "CompletionDate",
    )?;
    let start_by = time(&["startby"], "StartBy")?;
    let bytes = match get(
        fields,
        &[
            "backupsizeinbytes",
            "backupsizebytes",
            "backupsize",
            "sizeinbytes",
        ],
    ) {
        None => None,
        Some((_, v)) => Some(
            v.parse::<f64>()
                .ok()
                .filter(|b| b.is_finite() && *b >= 0.0 && *b < 1e18)
                .map(|b| b as u64)
                .ok_or_else(|| {
                    (
                        "BackupSizeInBytes".to_string(),
                        format!("'{v}' is not a size in bytes"),
                    )
                })?,
        ),
    };
    let region_of = |names: &[&str], label: &str| -> Result<Option<&'static str>, FieldError> {
        match get(fields, names) {
            None => Ok(None),
            Some((_, v)) => aws_region(v).map(Some).ok_or_else(|| {
                (
                    label.to_string(),
                    format!("'{v}' names no AWS region the planner knows"),
                )
            }),
        }
    };
    let (from, to) = match kind {
        JobKind::Copy => (
            region_of(
                &["sourcebackupvaultarn", "sourcevaultarn"],
                "SourceBackupVaultArn",
            )?
            .or(region_of(&["region"], "region")?),
            region_of(
                &["destinationbackupvaultarn", "destinationvaultarn"],
                "DestinationBackupVaultArn",
            )?,
        ),
        JobKind::Backup => (
            region_of(&["backupvaultarn", "vaultarn"], "BackupVaultArn")?
                .or(region_of(&["region"], "region")?),
            None,
        ),
    };
    let resource_type = get(fields, &["resourcetype"])
        .and_then(|(_, v)| ResourceType::parse(&v.to_ascii_lowercase()));
    Ok(Job {
        kind,
        id: id.to_string(),
        state,
        created,
        completed,
        bytes,
        from,
        to,
        resource_type,
        resource: get(fields, &["resourcearn"]).map(|(_, v)| v.to_string()),
        rule: get(
            fields,
            &["createdbybackupruleid", "backupruleid", "backupruleid"],
        )
        .map(|(_, v)| v.to_string()),
        vault: get(fields, &["backupvaultname", "vaultname"]).map(|(_, v)| v.to_string()),
        start_by,
    })
}

/// A Zilliz Cloud backup: `backupId`, `status` (`AVAILABLE`, `CREATING`,
/// `FAILED`…), `createTime`, `size` (bytes), `regionId` (`aws-us-west-2`,
/// `gcp-us-west1`); a cross-region copy also names its source region
/// (`sourceRegionId`). A finish time, where given, makes a duration.
fn zilliz_backup(fields: &[(String, String)]) -> Result<Job, FieldError> {
    let id = get(fields, &["backupid"])
        .ok_or_else(|| ("backupId".to_string(), "missing".to_string()))?
        .1;
    let state_text = get(fields, &["status"])
        .ok_or_else(|| ("status".to_string(), "missing".to_string()))?
        .1;
    let state = Observed::parse(state_text).ok_or_else(|| {
        (
            "status".to_string(),
            format!("'{state_text}' is not a backup status (AVAILABLE, CREATING, FAILED)"),
        )
    })?;
    let time = |names: &[&str], label: &str| -> Result<Option<DateTime<Utc>>, FieldError> {
        match get(fields, names) {
            None => Ok(None),
            Some((_, v)) => timestamp(v)
                .map(Some)
                .ok_or_else(|| (label.to_string(), format!("'{v}' is not a timestamp"))),
        }
    };
    let created = time(&["createtime", "creationtime"], "createTime")?
        .ok_or_else(|| ("createTime".to_string(), "missing".to_string()))?;
    let completed = time(&["finishtime", "completetime", "endtime"], "finishTime")?;
    let region = |names: &[&str], label: &str| -> Result<Option<&'static str>, FieldError> {
        match get(fields, names) {
            None => Ok(None),
            Some((_, v)) => catalog::region(v).map(|r| Some(r.cloud)).ok_or_else(|| {
                (
                    label.to_string(),
                    format!("'{v}' is not a region the planner knows"),
                )
            }),
        }
    };
    let here = region(&["regionid"], "regionId")?;
    let source = region(&["sourceregionid", "originregionid"], "sourceRegionId")?;
    let bytes = match get(fields, &["size", "sizeinbytes"]) {
        None => None,
        Some((_, v)) => Some(
            v.parse::<f64>()
                .ok()
                .filter(|b| b.is_finite() && *b >= 0.0 && *b < 1e18)
                .map(|b| b as u64)
                .ok_or_else(|| ("size".to_string(), format!("'{v}' is not a size in bytes")))?,
        ),
    };
    let (kind, from, to) = match source {
        Some(src) => (JobKind::Copy, Some(src), here),
        None => (JobKind::Backup, here, None),
    };
    Ok(Job {
        kind,
        id: id.to_string(),
        state,
        created,
        completed,
        bytes,
        from,
        to,
        resource_type: None,
        resource: get(fields, &["clusterid"]).map(|(_, v)| v.to_string()),
        rule: get(fields, &["creationmethod"]).map(|(_, v)| v.to_string()),
        vault: None,
        start_by: None,
    })
}

type CsvError = (Option<usize>, Option<String>, String);

/// A CSV file: a lag report (`time,region,lag_seconds`) or an Audit
/// Manager job report (one job a row, AWS's field names as headers).
fn csv_file(text: &str) -> Result<(&'static str, Vec<Job>, Vec<LagSample>), CsvError> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| (None, None, format!("not CSV: {e}")))?
        .iter()
        .map(norm)
        .collect();
    let has = |n: &str| headers.iter().any(|h| h == n);
    if has("lagseconds") && has("region") && has("time") {
        let col = |n: &str| headers.iter().position(|h| h == n).unwrap_or(0);
        let (ti, ri, li) = (col("time"), col("region"), col("lagseconds"));
        let mut lag = Vec::new();
        for (i, row) in rdr.records().enumerate() {
            let row = row.map_err(|e| (Some(i + 1), None, format!("not CSV: {e}")))?;
            let cell = |c: usize| row.get(c).unwrap_or("");
            let time = timestamp(cell(ti)).ok_or_else(|| {
                (
                    Some(i + 1),
                    Some("time".to_string()),
                    format!("'{}' is not a timestamp", cell(ti)),
                )
            })?;
            let region = catalog::region(cell(ri)).map(|r| r.cloud).ok_or_else(|| {
                (
                    Some(i + 1),
                    Some("region".to_string()),
                    format!(
                        "'{}' is not a region the planner knows (aws-us-east-1)",
                        cell(ri)
                    ),
                )
            })?;
            let lag_s = cell(li)
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| {
                    (
                        Some(i + 1),
                        Some("lag_seconds".to_string()),
                        format!("'{}' is not a number of seconds", cell(li)),
                    )
                })?;
            lag.push(LagSample {
                time,
                region,
                lag_s,
            });
            if lag.len() > MAX_JOBS {
                return Err((None, None, format!("more than {MAX_JOBS} rows")));
            }
        }
        return Ok(("lag samples", Vec::new(), lag));
    }
    let shape = if has("copyjobid") {
        Shape::Copies
    } else if has("backupjobid") {
        Shape::Backups
    } else {
        return Err((
            None,
            None,
            "a CSV history is a lag report (time,region,lag_seconds) or an Audit Manager backup or copy job report (with a Backup Job ID or Copy Job ID column)".into(),
        ));
    };
    let mut jobs = Vec::new();
    for (i, row) in rdr.records().enumerate() {
        let row = row.map_err(|e| (Some(i + 1), None, format!("not CSV: {e}")))?;
        let fields: Vec<(String, String)> = headers
            .iter()
            .cloned()
            .zip(row.iter().map(str::to_string))
            .collect();
        jobs.push(job(&fields, shape).map_err(|(f, m)| (Some(i + 1), Some(f), m))?);
        if jobs.len() > MAX_JOBS {
            return Err((None, None, format!("more than {MAX_JOBS} rows")));
        }
    }
    Ok((shape.label(), jobs, Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"{
        "CopyJobs": [
            {"CopyJobId": "c1", "SourceBackupVaultArn": "arn:aws:backup:us-east-1:123456789012:backup-vault:prod",
             "DestinationBackupVaultArn": "arn:aws:backup:us-west-2:123456789012:backup-vault:dr",
             "CreationDate": "2026-10-01T03:10:00.000000-04:00", "CompletionDate": "2026-10-01T07:40:30.500000+00:00",
             "State": "COMPLETED", "BackupSizeInBytes": 50000000000, "ResourceType": "EBS",
             "CreatedBy": {"BackupPlanId": "p", "BackupRuleId": "r1"}, "SomethingNew": [1, 2]},
            {"CopyJobId": "c2", "SourceBackupVaultArn": "arn:aws:backup:us-east-1:123456789012:backup-vault:prod",
             "DestinationBackupVaultArn": "arn:aws:backup:us-west-2:123456789012:backup-vault:dr",
             "CreationDate": 1790000000.5, "State": "RUNNING"}
        ],
        "NextToken": "abc"
    }"#;

    #[test]
    fn a_list_copy_jobs_page_reads_with_offsets_and_epoch_seconds() {
        let mut h = History::default();
        h.read("page1.json", PAGE).unwrap();
        let c1 = &h.jobs[&(JobKind::Copy, "c1".to_string())];
        assert_eq!(c1.from, Some("aws-us-east-1"));
        assert_eq!(c1.to, Some("aws-us-west-2"));
        assert_eq!(c1.state, Observed::Completed);
        // 03:10 at -04:00 is 07:10 UTC; done at 07:40:30.5.
        assert_eq!(c1.duration_s(), Some(1830.5));
        assert_eq!(c1.bytes, Some(50_000_000_000));
        assert_eq!(c1.rule.as_deref(), Some("r1"));
        assert_eq!(c1.resource_type, Some(ResourceType::Ebs));
        let c2 = &h.jobs[&(JobKind::Copy, "c2".to_string())];
        assert_eq!(c2.state, Observed::Running);
        assert_eq!(c2.created.timestamp_millis(), 1_790_000_000_500);
    }

    #[test]
    fn a_job_on_two_pages_counts_once_and_its_ended_record_wins() {
        let mut h = History::default();
        let later = PAGE.replace(
            r#""State": "RUNNING""#,
            r#""State": "COMPLETED", "CompletionDate": 1790000600"#,
        );
        h.read("a.json", PAGE).unwrap();
        h.read("b.json", &later).unwrap();
        h.read("a-again.json", PAGE).unwrap();
        assert_eq!(h.records, 6);
        assert_eq!(h.jobs.len(), 2);
        assert_eq!(
            h.jobs[&(JobKind::Copy, "c2".to_string())].state,
            Observed::Completed
        );
    }

    #[test]
    fn bad_files_name_the_file_the_record_and_the_field() {
        let mut h = History::default();
        let bad = PAGE.replace("2026-10-01T03:10:00.000000-04:00", "yesterday");
        let e = h.read("page1.json", &bad).unwrap_err();
        assert_eq!(e.record, Some(1));
        assert_eq!(e.field.as_deref(), Some("CreationDate"));
        assert_eq!(
            e.to_string(),
            "page1.json, record 1, field CreationDate: 'yesterday' is not a timestamp (ISO 8601 with an offset, or Unix seconds)"
        );
        let e = h
            .read(
                "x.json",
                r#"{"CopyJobs": [{"CopyJobId": "c", "State": "DONE", "CreationDate": 1}]}"#,
            )
            .unwrap_err();
        assert_eq!((e.record, e.field.as_deref()), (Some(1), Some("State")));
        let e = h.read("x.json", "{\"CopyJobs\": [").unwrap_err();
        assert!(e.message.starts_with("not JSON"), "{e}");
        let e = h.read("x.json", r#"{"Plans": []}"#).unwrap_err();
        assert!(e.message.contains("list-copy-jobs"), "{e}");
        let e = h
            .read(
                "lag.csv",
                "time,region,lag_seconds\n2026-10-01T00:00:00Z,aws-mars-1,5\n",
            )
            .unwrap_err();
        assert_eq!((e.record, e.field.as_deref()), (Some(1), Some("region")));
    }

    #[test]
    fn describe_output_reports_and_lag_csv_read() {
        let mut h = History::default();
        h.read(
            "d.json",
            r#"{"CopyJob": {"CopyJobId": "c9", "State": "FAILED", "CreationDate": "2026-10-02T00:00:00Z",
                "CompletionDate": "2026-10-02T00:05:00Z", "StatusMessage": "Access denied",
                "SourceBackupVaultArn": "arn:aws:backup:eu-west-1:123456789012:backup-vault:a",
                "DestinationBackupVaultArn": "arn:aws:backup:eu-central-1:123456789012:backup-vault:b"}}"#,
        )
        .unwrap();
        h.read(
            "b.json",
            r#"{"BackupJobId": "b1", "State": "COMPLETED", "CreationDate": "2026-10-02T05:00:00+02:00",
                "CompletionDate": "2026-10-02T03:20:00Z", "StartBy": "2026-10-02T11:00:00+00:00",
                "BackupVaultArn": "arn:aws:backup:eu-west-1:123456789012:backup-vault:a", "BackupSizeInBytes": 1000}"#,
        )
        .unwrap();
        h.read(
            "report.csv",
            "Copy Job ID,Job Status,Creation Date,Completion Date,Backup Size In Bytes,Source Backup Vault ARN,Destination Backup Vault ARN\n\
             c10,COMPLETED,2026-10-03T00:00:00Z,2026-10-03T01:00:00Z,100,arn:aws:backup:eu-west-1:123456789012:backup-vault:a,arn:aws:backup:eu-central-1:123456789012:backup-vault:b\n",
        )
        .unwrap();
        h.read(
            "lag.csv",
            "time,region,lag_seconds\n2026-10-01T00:00:00Z,aws-us-west-2,3600\n",
        )
        .unwrap();
        assert_eq!(h.jobs.len(), 3);
        let b1 = &h.jobs[&(JobKind::Backup, "b1".to_string())];
        assert_eq!(b1.duration_s(), Some(1200.0));
        assert_eq!(b1.from, Some("aws-eu-west-1"));
        assert_eq!(h.lag.len(), 1);
        assert_eq!(h.lag[0].lag_s, 3600.0);
    }

    #[test]
    fn zilliz_list_backups_reads_backups_and_copies() {
        let mut h = History::default();
        h.read(
            "zilliz.json",
            r#"{"code": 0, "data": {"count": 3, "currentPage": 1, "pageSize": 10, "backups": [
                {"clusterId": "in01-abc", "regionId": "gcp-us-west1", "backupId": "backup1", "backupName": "b1",
                 "backupType": "CLUSTER", "creationMethod": "AUTO", "status": "AVAILABLE", "size": 20000000000,
                 "createTime": "2026-10-01T02:00:00Z", "finishTime": "2026-10-01T02:10:00Z"},
                {"clusterId": "in01-abc", "regionId": "gcp-europe-west3", "sourceRegionId": "gcp-us-west1",
                 "backupId": "backup1-copy", "status": "AVAILABLE", "size": 20000000000,
                 "createTime": "2026-10-01T02:10:00Z", "finishTime": "2026-10-01T02:40:00Z"},
                {"clusterId": "in01-abc", "regionId": "gcp-us-west1", "backupId": "backup2",
                 "status": "CREATING", "createTime": "2026-10-02T02:00:00Z"}]}}"#,
        )
        .unwrap();
        assert_eq!(h.jobs.len(), 3);
        let copy = &h.jobs[&(JobKind::Copy, "backup1-copy".to_string())];
        assert_eq!(
            (copy.from, copy.to),
            (Some("google-us-west1"), Some("google-europe-west3"))
        );
        assert_eq!(copy.duration_s(), Some(1800.0));
        assert_eq!(
            h.jobs[&(JobKind::Backup, "backup2".to_string())].state,
            Observed::Running
        );
        let e = h
            .read("z.json", r#"{"data": {"backups": [{"backupId": "x", "status": "AVAILABLE", "createTime": "2026-10-01T00:00:00Z", "regionId": "mars-1"}]}}"#)
            .unwrap_err();
        assert_eq!((e.record, e.field.as_deref()), (Some(1), Some("regionId")));
    }
}
