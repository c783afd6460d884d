//! # BTAR Planner simulator and cost model
//!
//! The hot part of BTAR Planner: the discrete-event simulator ([`sim`]) and
//! the cost model built on its results ([`cost`]). It is its own crate so
//! that it alone is optimised for speed (`opt-level = 3`) while the app and
//! the rest of the engine (`btar-core`) are optimised for size.

#![allow(clippy::disallowed_methods)]
// clippy.toml fences the page's module, not this
// No unwrap or expect outside tests: user-reachable values get errors, not aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod analysis;
pub mod calibrate;
pub mod cost;
pub mod sim;
