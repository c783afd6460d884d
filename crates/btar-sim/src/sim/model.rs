//! What a simulation produces: backup jobs, copy jobs, recovery points, lag,
//! fork outcomes and transfers, with times in [`SimTime`] seconds from the
//! start of the span.

use std::rc::Rc;

use serde::Serialize;

use super::lag::LagSeries;
use super::queue::SimTime;

/// States of a backup or copy job, as AWS Backup names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupJob {
    pub id: u32,
    /// The plan rule (AWS) or backup series it belongs to.
    pub series: Rc<str>,
    pub scheduled: SimTime,
    pub start: SimTime,
    pub end: Option<SimTime>,
    pub size_gb: f64,
    pub region: &'static str,
    pub state: JobState,
    pub message: &'static str,
}

/// A copy of one completed primary backup to one secondary region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CopyJob {
    pub id: u32,
    pub backup_id: u32,
    pub series: Rc<str>,
    pub from_region: &'static str,
    pub to_region: &'static str,
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
    pub message: &'static str,
}

/// Where a recovery point lives and whether it is an original or a copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    Primary,
    Copy,
}

/// A recovery point in one location, from creation to deletion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecoveryPoint {
    pub id: u32,
    pub backup_id: u32,
    pub region: &'static str,
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
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Transfer {
    pub at: SimTime,
    pub from_region: &'static str,
    pub to_region: &'static str,
    pub gb: f64,
    /// `copy` for BTAR copies, `backup_upload` for backups of a migrated
    /// service travelling to its original backup location.
    pub purpose: &'static str,
}

/// Why a fork & restore could not happen.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    pub service_region: &'static str,
    pub plan: String,
    pub restored_gb: f64,
}

/// One fork & restore event and what came of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForkOutcome {
    pub at: SimTime,
    pub name: String,
    pub from_region: &'static str,
    pub requested_point: Option<SimTime>,
    pub result: Result<ForkSuccess, ForkError>,
}

/// A modelling choice the documents do not settle, shown with the results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assumption {
    pub id: &'static str,
    pub text: &'static str,
}

/// Everything a run produces.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimResult {
    /// Length of the span in seconds.
    pub span_s: SimTime,
    /// The primary backup location and the service's (first) region.
    pub primary_region: &'static str,
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
    pub outages: Vec<(&'static str, SimTime, SimTime)>,
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
                purpose: "copy",
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
