//! # BTAR Planner engine
//!
//! The pure, size-optimised part of BTAR Planner: no browser imports, the
//! same on native targets and in WebAssembly. The simulator and the cost
//! model are in `btar-sim`, built for speed.
//!
//! Data flows one way: scenario → validate → simulate → cost → views.
//!
//! - [`domain`]: the region catalog and prices, the versioned
//!   [`domain::scenario::Scenario`], AWS cron schedules and
//!   [`domain::validation`] of every platform rule.
//! - [`formats`]: Aiven bodies and `avn` commands, AWS backup plan JSON, the
//!   scenario file and the share link.
//! - [`presets`]: the example scenarios shipped in `examples/`.

#![allow(clippy::disallowed_methods)]
// clippy.toml fences the page's module, not this
// No unwrap or expect outside tests: user-reachable values get errors, not aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod domain;
pub mod formats;
pub mod presets;
