//! # BTAR Planner
//!
//! Plan and rehearse cross-region backup ("backup to another region", BTAR)
//! for Aiven for PostgreSQL/MySQL, AWS Backup plans and Zilliz Cloud
//! Dedicated clusters.
//!
//! The crate is one engine with two faces: the browser app (Yew, compiled to
//! WebAssembly by Trunk, entry in `src/main.rs`) and the `btar` command line
//! (`src/bin/btar.rs`). Data flows one way:
//!
//! ```text
//! scenario ──validate──▶ problems
//!     │
//!     └──simulate──▶ backups, copy jobs, lag, forks ──cost──▶ bills ──▶ views
//! ```
//!
//! The engine lives in two crates re-exported here: `crates/btar-core`
//! (`domain`, `formats`, `presets`, built for size like the app) and
//! `crates/btar-sim` (`sim`, `cost`, the hot loop, built with
//! `opt-level = 3`).
//!
//! - [`domain`]: the region catalog and prices, the versioned [`domain::scenario::Scenario`],
//!   AWS cron schedules and [`domain::validation`] of every platform rule.
//! - [`cost`]: price lookup per region pair and the cost estimates.
//! - [`formats`]: the real formats (Aiven bodies and `avn` commands, AWS backup
//!   plan JSON), the scenario file and the share link.
//! - [`presets`]: the example scenarios shipped in `examples/`.
//! - [`ui`]: the Yew components and plotters charts; the only module that
//!   touches the browser. Nothing else imports it.

// No unwrap or expect outside tests: user-reachable values get errors, not aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub use btar_core::{domain, formats, presets};
pub use btar_sim::{analysis, calibrate, cost, sim};
pub mod compute;
#[cfg(target_arch = "wasm32")]
pub mod intl_tz;
pub mod offload;
pub mod packed;
pub mod ui;
pub mod web;
#[cfg(target_arch = "wasm32")]
pub mod worker_scope;
