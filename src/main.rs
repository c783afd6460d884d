//! The browser entry: mounts the app. Trunk builds this binary.

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
