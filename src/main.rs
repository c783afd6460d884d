//! The browser entry: mounts the app. Trunk builds this binary.

// No unwrap or expect outside tests: user-reachable values get errors, not aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

#[cfg(target_arch = "wasm32")]
fn main() {
    btar_planner::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "btar-planner is the browser app: serve it with scripts/serve. The command line is `btar`."
    );
    std::process::exit(2);
}
