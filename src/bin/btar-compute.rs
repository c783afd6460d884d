//! The Web Workers the app starts, one per core, the first time the user
//! runs risk or looks for cheaper plans: they answer
//! [`btar_planner::compute`] jobs with the engine. No parsers and no Yew:
//! a module of its own, off the first paint. Trunk builds it beside the app
//! (`data-type="worker"` in `index.html`).

#![allow(clippy::disallowed_methods)]
// clippy.toml fences the page's module, not this
// No unwrap or expect outside tests: user-reachable values get errors, not aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

#[cfg(target_arch = "wasm32")]
fn main() {
    use btar_planner::compute;
    use btar_planner::offload;
    btar_planner::worker_scope::listen(compute::READY, |text, scope| {
        // The app's requests that simulate (levers, lag report, CSVs) come
        // in the formats worker's protocol and are answered in it.
        if let Ok(msg) = serde_json::from_str::<offload::ToWorker>(&text) {
            offload::handle_sim_request(msg, js_sys::Date::now, &mut |m| {
                let _ = scope.post_message(&js_sys::Uint8Array::from(&m[..]));
            });
            return;
        }
        compute::handle_message(&text, &mut |parts| {
            let list = js_sys::Array::new();
            for x in parts {
                list.push(&wasm_bindgen::JsValue::from_str(&x));
            }
            let _ = scope.post_message(&list);
        });
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("btar-compute is the browser app's compute Web Worker; the command line is `btar`.");
    std::process::exit(2);
}
