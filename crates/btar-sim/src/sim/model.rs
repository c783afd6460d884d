//! What a simulation produces: backup jobs, copy jobs, recovery points, lag,
//! fork outcomes and transfers, with times in [`SimTime`] seconds from the
//! start of the span.

use std::rc::Rc;

use serde::{Deserialize, Deserializer, Serialize};

use super::lag::LagSeries;
use super::queue::SimTime;
use btar_core::domain::catalog;

/// The texts the engine writes into its jobs (why a job ended as it did)
/// and its transfers (what they are for). Results travel from the app's
/// simulation worker as JSON; these are how a text read back becomes the
/// engine's own again ([`ALL`](text::ALL)).
pub mod text {
    pub const BACKUP_OUTAGE: &str = "region outage: the backup could not run";
    pub const BACKUP_WINDOW: &str = "the backup did not finish within CompletionWindowMinutes";
    pub const BACKUP_INTERRUPTED: &str = "region outage interrupted the backup";
    pub const SOURCE_EXPIRED: &str = "the source recovery point expired before it could be copied";
    pub const ACCESS_DENIED: &str = "AccessDenied: the destination vault's access policy does not allow backup:CopyIntoBackupVault";
    pub const RETRYING: &str = "the attempt failed; retrying after the retry delay";
    pub const LAST_ATTEMPT: &str = "the last allowed attempt failed";
    pub const COPY_INTERRUPTED: &str = "interrupted by a region outage; waiting for recovery";
    pub const REGION_CHANGED: &str = "the backup region changed";
    pub const BTAR_DISABLED: &str = "BTAR was disabled";
    /// A transfer's purpose: a BTAR copy.
    pub const COPY: &str = "copy";
    /// A transfer's purpose: a migrated service's backup travelling to its
    /// original backup location.
    pub const BACKUP_UPLOAD: &str = "backup_upload";

    pub const ALL: &[&str] = &[
        "",
        BACKUP_OUTAGE,
        BACKUP_WINDOW,
        BACKUP_INTERRUPTED,
        SOURCE_EXPIRED,
        ACCESS_DENIED,
        RETRYING,
        LAST_ATTEMPT,
        COPY_INTERRUPTED,
        REGION_CHANGED,
        BTAR_DISABLED,
        COPY,
        BACKUP_UPLOAD,
    ];
}

/// Reading results back: the `&'static str` fields name a catalog region,
/// one of the engine's [`text`]s or an [`super::ASSUMPTIONS`] entry, and
/// come back as that very string; anything else is an error.
pub mod wire {
    use super::*;
    use serde::de::Error;

    /// A `&'static str` under another name: serde's derive takes a field
    /// written `&'static str` as borrowed from the input, which these are not.
    pub type Static = &'static str;

    /// Reads a string with `find` without keeping a copy of it: a year of
    /// hourly backups has some 100 000 region fields, all of a few values.
    fn lookup<'de, D: Deserializer<'de>>(
        d: D,
        what: &'static str,
        find: fn(&str) -> Option<&'static str>,
    ) -> Result<&'static str, D::Error> {
        struct V(&'static str, fn(&str) -> Option<&'static str>);
        impl serde::de::Visitor<'_> for V {
            type Value = &'static str;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(self.0)
            }
            fn visit_str<E: Error>(self, s: &str) -> Result<&'static str, E> {
                (self.1)(s).ok_or_else(|| E::custom(format!("unknown {} {s:?}", self.0)))
            }
        }
        d.deserialize_str(V(what, find))
    }

    thread_local! {
        /// The regions read so far: found by an exact comparison, before
        /// the catalog's case-insensitive search by name and by id.
        static SEEN: std::cell::RefCell<Vec<&'static str>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    pub fn region<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        lookup(d, "region", |s| {
            SEEN.with(|seen| {
                if let Some(r) = seen.borrow().iter().find(|r| **r == s) {
                    return Some(*r);
                }
                let r = catalog::region(s).map(|r| r.cloud)?;
                // Only names written as the catalog writes them come back
                // by the exact comparison.
                if r == s {
                    seen.borrow_mut().push(r);
                }
                Some(r)
            })
        })
    }

    thread_local! {
        /// The backup series read so far, shared by the jobs that name them.
        static SERIES: std::cell::RefCell<Vec<Rc<str>>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    /// A job's series, one shared copy per name (a plan has a few).
    pub fn series<'de, D: Deserializer<'de>>(d: D) -> Result<Rc<str>, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Rc<str>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a backup series")
            }
            fn visit_str<E: Error>(self, s: &str) -> Result<Rc<str>, E> {
                Ok(SERIES.with(|all| {
                    let mut all = all.borrow_mut();
                    if let Some(r) = all.iter().find(|r| &***r == s) {
                        return r.clone();
                    }
                    let r: Rc<str> = Rc::from(s);
                    // Bounded: a hostile answer cannot grow it without end.
                    if all.len() < 64 {
                        all.push(r.clone());
                    }
                    r
                }))
            }
        }
        d.deserialize_str(V)
    }

    pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        lookup(d, "engine text", |s| {
            super::text::ALL.iter().find(|t| **t == s).copied()
        })
    }

    pub fn assumption<'de, D: Deserializer<'de>>(d: D) -> Result<Assumption, D::Error> {
        // Both fields are read: a format that does not describe itself
        // (the app's worker answer) has no way to skip one.
        #[derive(Deserialize)]
        struct Id {
            id: String,
            #[allow(dead_code)]
            text: String,
        }
        let Id { id, .. } = Id::deserialize(d)?;
        super::super::ASSUMPTIONS
            .iter()
            .find(|a| a.id == id)
            .cloned()
            .ok_or_else(|| D::Error::custom(format!("unknown assumption {id:?}")))
    }

    pub fn assumptions<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Assumption>, D::Error> {
        #[derive(Deserialize)]
        struct A(#[serde(deserialize_with = "assumption")] Assumption);
        Ok(Vec::<A>::deserialize(d)?.into_iter().map(|a| a.0).collect())
    }

    /// The internally tagged enums (a fork's error, a bill's steady
    /// month) as they are in JSON, and externally tagged in a compact
    /// binary format (the app's worker answer), which cannot read an
    /// internal tag back.
    pub mod binary {
        use super::super::{ForkError, ForkSuccess, SimTime};
        use crate::cost::bill::Steady;
        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        #[derive(Serialize, Deserialize)]
        #[serde(remote = "ForkError")]
        enum ForkErrorPlain {
            NoSecondary,
            RegionDown { region: String },
            NoBackupYet { region: String },
            AfterNewest { requested: SimTime, newest: SimTime },
            BeforeOldest { requested: SimTime, oldest: SimTime },
        }

        #[derive(Serialize, Deserialize)]
        enum Outcome {
            Ok(ForkSuccess),
            Err(#[serde(with = "ForkErrorPlain")] ForkError),
        }

        #[derive(Serialize, Deserialize)]
        #[serde(remote = "Steady")]
        enum SteadyPlain {
            Months {
                from: u32,
                to: u32,
                usd: f64,
                retention_days: u32,
            },
            NotReached {
                retention_days: u32,
            },
            Growing,
            NoCopies,
        }

        /// A fork's result.
        pub mod fork_result {
            use super::*;

            pub fn serialize<S: Serializer>(
                v: &Result<ForkSuccess, ForkError>,
                s: S,
            ) -> Result<S::Ok, S::Error> {
                if s.is_human_readable() {
                    return v.serialize(s);
                }
                match v.clone() {
                    Ok(o) => Outcome::Ok(o),
                    Err(e) => Outcome::Err(e),
                }
                .serialize(s)
            }

            pub fn deserialize<'de, D: Deserializer<'de>>(
                d: D,
            ) -> Result<Result<ForkSuccess, ForkError>, D::Error> {
                if d.is_human_readable() {
                    return Result::deserialize(d);
                }
                Ok(match Outcome::deserialize(d)? {
                    Outcome::Ok(o) => Ok(o),
                    Outcome::Err(e) => Err(e),
                })
            }
        }

        /// A bill's steady months.
        pub mod steady {
            use super::*;

            pub fn serialize<S: Serializer>(v: &Steady, s: S) -> Result<S::Ok, S::Error> {
                if s.is_human_readable() {
                    v.serialize(s)
                } else {
                    SteadyPlain::serialize(v, s)
                }
            }

            pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Steady, D::Error> {
                if d.is_human_readable() {
                    Steady::deserialize(d)
                } else {
                    SteadyPlain::deserialize(d)
                }
            }
        }
    }

    #[allow(clippy::type_complexity)]
    pub fn outages<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<(&'static str, SimTime, SimTime)>, D::Error> {
        #[derive(Deserialize)]
        struct O(
            #[serde(deserialize_with = "region")] Static,
            SimTime,
            SimTime,
        );
        Ok(Vec::<O>::deserialize(d)?
            .into_iter()
            .map(|o| (o.0, o.1, o.2))
            .collect())
    }
}

/// States of a backup or copy job, as AWS Backup names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobState {
    Created,
    Running,
    Completed,
    Failed,
    /// Cancelled because the backup region changed or BTAR was disabled.
    Aborted,
}

impl JobState {
    pub const ALL: [JobState; 5] = [
        JobState::Created,
        JobState::Running,
        JobState::Completed,
        JobState::Failed,
        JobState::Aborted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Created => "CREATED",
            JobState::Running => "RUNNING",
            JobState::Completed => "COMPLETED",
            JobState::Failed => "FAILED",
            JobState::Aborted => "ABORTED",
        }
    }
}

/// A primary backup job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BackupJob {
    pub id: u32,
    /// The plan rule (AWS) or backup series it belongs to.
    #[serde(deserialize_with = "wire::series")]
    pub series: Rc<str>,
    pub scheduled: SimTime,
    pub start: SimTime,
    pub end: Option<SimTime>,
    pub size_gb: f64,
    #[serde(deserialize_with = "wire::region")]
    pub region: wire::Static,
    pub state: JobState,
    #[serde(deserialize_with = "wire::text")]
    pub message: wire::Static,
}

/// A copy of one completed primary backup to one secondary region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyJob {
    pub id: u32,
    pub backup_id: u32,
    #[serde(deserialize_with = "wire::series")]
    pub series: Rc<str>,
    #[serde(deserialize_with = "wire::region")]
    pub from_region: wire::Static,
    #[serde(deserialize_with = "wire::region")]
    pub to_region: wire::Static,
    /// When the job was queued: when its source backup completed.
    pub created: SimTime,
    /// Start of the first attempt.
    pub started: Option<SimTime>,
    /// When it completed, failed for good or was aborted.
    pub finished: Option<SimTime>,
    pub state: JobState,
    pub attempts: u32,
    pub size_gb: f64,
    /// The recovery point (data time) it carries.
    pub point: SimTime,
    #[serde(deserialize_with = "wire::text")]
    pub message: wire::Static,
}

/// Where a recovery point lives and whether it is an original or a copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    Primary,
    Copy,
}

/// A recovery point in one location, from creation to deletion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecoveryPoint {
    pub id: u32,
    pub backup_id: u32,
    #[serde(deserialize_with = "wire::region")]
    pub region: wire::Static,
    pub kind: PointKind,
    /// The moment of data it restores to.
    pub point: SimTime,
    /// When it became available in this location.
    pub created: SimTime,
    /// When it moved to cold storage, if it did.
    pub cold_at: Option<SimTime>,
    /// When lifecycle or retention deleted it; `None` if alive at the end.
    pub deleted_at: Option<SimTime>,
    /// The data it restores: a full copy's size.
    pub size_gb: f64,
    /// What it adds to its vault's warm storage when created: the data
    /// changed since the previous point of its chain still held there
    /// (incremental resource types), or `size_gb` (the first, or a full).
    pub stored_gb: f64,
    /// From when it holds the full `size_gb` in warm storage because the
    /// point before it in its chain left (deleted or moved to cold): the
    /// data it shared with that point stays stored, now counted here.
    pub full_from: Option<SimTime>,
    /// Days it must be kept, from its lifecycle (for checks and cost).
    pub retention_days: Option<u32>,
}

impl RecoveryPoint {
    /// GB it occupies in warm storage at `t` (while warm and alive).
    pub fn warm_gb_at(&self, t: SimTime) -> f64 {
        match self.full_from {
            Some(f) if t >= f => self.size_gb,
            _ => self.stored_gb,
        }
    }
}

/// Bytes moved between two regions at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Transfer {
    pub at: SimTime,
    #[serde(deserialize_with = "wire::region")]
    pub from_region: wire::Static,
    #[serde(deserialize_with = "wire::region")]
    pub to_region: wire::Static,
    pub gb: f64,
    /// `copy` for BTAR copies, `backup_upload` for backups of a migrated
    /// service travelling to its original backup location.
    #[serde(deserialize_with = "wire::text")]
    pub purpose: wire::Static,
}

/// Why a fork & restore could not happen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ForkError {
    NoSecondary,
    RegionDown { region: String },
    NoBackupYet { region: String },
    AfterNewest { requested: SimTime, newest: SimTime },
    BeforeOldest { requested: SimTime, oldest: SimTime },
}

impl ForkError {
    /// A sentence for people; times are rendered by the caller's formatter.
    pub fn message(&self, fmt: &dyn Fn(SimTime) -> String) -> String {
        match self {
            ForkError::NoSecondary => "there is no secondary backup location to fork from (BTAR is off or has no region)".into(),
            ForkError::RegionDown { region } => format!("{region} is down: a fork can only be created in a region that is up"),
            ForkError::NoBackupYet { region } => format!("no backup has reached {region} yet, so there is nothing to restore there"),
            ForkError::AfterNewest { requested, newest } => format!(
                "the point in time {} is after the newest backup in the secondary location ({}); choose a time no later than that",
                fmt(*requested),
                fmt(*newest)
            ),
            ForkError::BeforeOldest { requested, oldest } => format!(
                "the point in time {} is before the oldest backup still kept in the secondary location ({})",
                fmt(*requested),
                fmt(*oldest)
            ),
        }
    }
}

/// A successful fork & restore.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForkSuccess {
    /// The moment of data the new service holds.
    pub recovery_point: SimTime,
    /// The base backup it was restored from.
    pub base_point: SimTime,
    /// Data written before the failure (or the fork) and not in the fork.
    pub data_loss_s: i64,
    /// From the fork request to a running service.
    pub restore_s: i64,
    pub ready_at: SimTime,
    /// The new service runs here, with its own backups here too.
    #[serde(deserialize_with = "wire::region")]
    pub service_region: wire::Static,
    pub plan: String,
    pub restored_gb: f64,
}

/// One fork & restore event and what came of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForkOutcome {
    pub at: SimTime,
    pub name: String,
    #[serde(deserialize_with = "wire::region")]
    pub from_region: wire::Static,
    pub requested_point: Option<SimTime>,
    #[serde(with = "wire::binary::fork_result")]
    pub result: Result<ForkSuccess, ForkError>,
}

/// A modelling choice the documents do not settle, shown with the results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assumption {
    pub id: &'static str,
    pub text: &'static str,
}

/// Everything a run produces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimResult {
    /// Length of the span in seconds.
    pub span_s: SimTime,
    /// The primary backup location and the service's (first) region.
    #[serde(deserialize_with = "wire::region")]
    pub primary_region: wire::Static,
    pub backups: Vec<BackupJob>,
    pub copy_jobs: Vec<CopyJob>,
    pub recovery_points: Vec<RecoveryPoint>,
    pub lag: Vec<LagSeries>,
    pub forks: Vec<ForkOutcome>,
    /// Backups of a migrated service travelling to their original backup
    /// location. Copies are not repeated here: [`SimResult::transfers`]
    /// derives them from the completed copy jobs.
    pub uploads: Vec<Transfer>,
    /// Outages as (region, start, end), clipped to the span.
    #[serde(deserialize_with = "wire::outages")]
    pub outages: Vec<(wire::Static, SimTime, SimTime)>,
    #[serde(deserialize_with = "wire::assumptions")]
    pub assumptions: Vec<Assumption>,
    /// Events the engine processed.
    pub events: u64,
}

impl SimResult {
    /// The backup job with this id (ids are positions in the log).
    pub fn backup(&self, id: u32) -> Option<&BackupJob> {
        self.backups.get(id as usize).filter(|b| b.id == id)
    }

    /// Copy jobs in a state and created inside `[from, to)`, in creation order.
    pub fn copy_jobs_where(
        &self,
        state: Option<JobState>,
        from: SimTime,
        to: SimTime,
    ) -> impl Iterator<Item = &CopyJob> + '_ {
        self.copy_jobs.iter().filter(move |j| {
            state.is_none_or(|s| j.state == s) && j.created >= from && j.created < to
        })
    }

    /// Every transfer between regions: each completed copy (at its
    /// completion) and each backup upload.
    pub fn transfers(&self) -> impl Iterator<Item = Transfer> + '_ {
        self.copy_jobs
            .iter()
            .filter(|j| j.state == JobState::Completed)
            .map(|j| Transfer {
                at: j.finished.unwrap_or(j.created),
                from_region: j.from_region,
                to_region: j.to_region,
                gb: j.size_gb,
                purpose: text::COPY,
            })
            .chain(self.uploads.iter().copied())
    }

    /// How many copy jobs ended in each state.
    pub fn copy_job_counts(&self) -> Vec<(JobState, usize)> {
        JobState::ALL
            .iter()
            .map(|s| (*s, self.copy_jobs.iter().filter(|j| j.state == *s).count()))
            .collect()
    }

    /// The most data a primary failure could have lost with this region as
    /// the restore source: the longest that the newest point there was
    /// behind the clock, just before each copy landed and at the end.
    pub fn worst_data_loss_s(&self, region: &str) -> i64 {
        let mut arrivals: Vec<(SimTime, SimTime)> = self
            .recovery_points
            .iter()
            .filter(|p| p.region == region && p.kind == PointKind::Copy)
            .map(|p| (p.created, p.point))
            .collect();
        arrivals.sort_unstable();
        let mut newest: SimTime = 0;
        let mut worst = 0;
        for (created, point) in arrivals {
            worst = worst.max(created - newest);
            newest = newest.max(point);
        }
        worst.max(self.span_s - newest)
    }

    /// Recovery points alive in `region` at time `t`.
    pub fn points_alive(&self, region: &str, t: SimTime) -> usize {
        self.recovery_points
            .iter()
            .filter(|p| p.region == region && p.created <= t && p.deleted_at.is_none_or(|d| d > t))
            .count()
    }
}
