//! The Web Worker the app starts the first time it exports a plan into the
//! Terraform file or CloudFormation template it was imported from: it
//! answers [`btar_planner::offload`] `Export` requests that carry the file
//! (`onto`) with the format-preserving editors (`hcl-edit`, `yaml-rust2`)
//! and the unified diff, which neither the page nor the formats worker
//! carries. Trunk builds it beside the app (`data-type="worker"` in
//! `index.html`).

#![allow(clippy::disallowed_methods)]
// clippy.toml fences the page's module, not this
// No unwrap or expect outside tests: user-reachable values get errors, not aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

#[cfg(target_arch = "wasm32")]
fn main() {
    use btar_planner::offload;
    btar_planner::worker_scope::listen(offload::READY, |text, scope| {
        let answer = offload::handle_message_with(&text, offload::handle_edit);
        let _ = scope.post_message(&js_sys::Uint8Array::from(&answer[..]));
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "btar-edit is the browser app's Web Worker; the command line is `btar export … --onto`."
    );
    std::process::exit(2);
}
