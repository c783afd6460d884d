//! Browser glue shared by the app's worker clients: one [`Handle`] per Web
//! Worker (start from a loader script, the ready handshake, posts queued
//! until it listens, errors, stop).

pub mod worker;

pub use worker::Handle;
