//! The replication simulator: what a backup policy does over weeks and
//! months, and on the day a region goes down.
//!
//! Discrete-event and deterministic: integer simulated time (seconds from the
//! start of the span, [`SimTime`]), a priority queue whose ties pop in
//! insertion order ([`queue::EventQueue`]), and a seeded PCG random number
//! generator owned by the run. The same scenario and seed give identical
//! results natively and in WebAssembly (floating-point growth uses `libm`, not
//! the platform's maths library).
//!
//! Modelling choices the source documents do not settle are listed in
//! [`ASSUMPTIONS`], returned with every result and documented in
//! `docs/simulation.md`.

pub mod diagnose;
pub mod engine;
pub mod lag;
pub mod model;
pub mod queue;
pub mod report;
pub mod risk;
pub mod verdict;

pub use engine::SimError;
pub use model::*;
pub use queue::SimTime;

use btar_core::domain::scenario::Scenario;
use btar_core::domain::validation::validate;

/// Modelling assumptions, shown wherever results are shown.
pub const ASSUMPTIONS: &[Assumption] = &[
    Assumption { id: "storage-model", text: "AWS backups of incremental resource types (EBS, EC2, RDS, EFS, S3, FSx, Neptune) write, store and copy only the data changed since the previous point still warm in that vault, whichever rule made it (one chain per resource and vault): the day's writes plus growth, at most the data size; the first, and any whose predecessor has gone, is full (AWS Backup Developer Guide, \"Backup plans\"). When a point is deleted or moved to cold storage, the next point holds the full size from then (the shared data stays). Cold storage holds full copies. Neptune copies are incremental after the first (Neptune User Guide). Aurora and DocumentDB cross-region snapshot copies are full copies (their user guides), as are DynamoDB backups; Aiven base backups and Zilliz snapshots are full copies (an assumption). A recovery point is the moment its backup starts." },
    Assumption { id: "wal-with-copies", text: "Aiven plans with PITR archive WAL continuously in the primary region; each secondary copy carries its base backup plus the WAL since the previous one, so the secondary can restore to any moment up to its newest backup." },
    Assumption { id: "one-copy-per-link", text: "Copies from one region to another run one at a time, first come first served, each at the link's full bandwidth; the duration is 10 round trips of setup plus size ÷ bandwidth." },
    Assumption { id: "outage-fails-copies", text: "An outage of either end fails the running copy; it waits at the head of the queue, is retried when both regions are up (not counted as a failed attempt), and the backlog then drains at link speed." },
    Assumption { id: "outage-skips-backups", text: "While the service's region or its backup location is down, scheduled backups fail and WAL archiving stops, so the primary's newest recoverable point stands still." },
    Assumption { id: "secondary-retention", text: "Aiven keeps secondary backups for the plan's retention, like the primary ones; copies left in a former backup region stay until they expire." },
    Assumption { id: "lifecycle-from-arrival", text: "Lifecycle ages (cold move, deletion) count from when a recovery point arrived in its location." },
    Assumption { id: "start-on-schedule", text: "Backup jobs start at their scheduled time (AWS may start them anywhere in the start window); a job longer than CompletionWindowMinutes fails at the window's end." },
    Assumption { id: "fork-duration", text: "A fork takes 10 minutes to provision plus the restored data (base backup and replayed WAL) at the restore throughput." },
    Assumption { id: "data-loss", text: "Data lost by a fork counts from its recovery point to the start of the outage of the service's region, or to the fork itself when the region is up." },
    Assumption { id: "failed-copies-unbilled", text: "Only completed copies are billed for transfer; a failed attempt moves no billable data." },
];

/// Validates and runs a scenario.
pub fn simulate(s: &Scenario) -> Result<SimResult, SimError> {
    let problems = validate(s);
    let errors = problems.errors().count();
    if errors > 0 {
        return Err(SimError::Invalid(errors));
    }
    Ok(engine::Engine::new(s)?.run())
}
