//! The Web Worker the app starts the first time it imports or exports: it
//! answers [`btar_planner::offload`] requests with the format parsers and
//! writers, which the main module does not carry. Trunk builds it beside the
//! app (`data-type="worker"` in `index.html`).

// No unwrap or expect outside tests: user-reachable values get errors, not aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    btar_planner::intl_tz::install();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let text = e.data().as_string().unwrap_or_default();
            let answer = btar_planner::offload::handle_message(&text);
            let _ = reply.post_message(&JsValue::from_str(&answer));
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before this point would have found no listener: the
    // app waits for this word before it sends any.
    let _ = scope.post_message(&JsValue::from_str(btar_planner::offload::READY));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("btar-worker is the browser app's Web Worker; the command line is `btar`.");
    std::process::exit(2);
}
