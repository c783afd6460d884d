//! How the app's Web Workers start (`src/bin/btar-worker.rs`,
//! `src/bin/btar-compute.rs`): schedules' time zones from the browser, a
//! listener for the app's messages, then the word that it listens (the app
//! waits for it before it sends anything, so no message finds no listener).

use wasm_bindgen::{closure::Closure, JsCast, JsValue};

/// Listens for the app's messages (text) with `on_message`, which answers
/// through the scope it is given; then posts `ready`.
pub fn listen(
    ready: &str,
    mut on_message: impl FnMut(String, &web_sys::DedicatedWorkerGlobalScope) + 'static,
) {
    crate::intl_tz::install();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let handler =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            on_message(e.data().as_string().unwrap_or_default(), &reply);
        });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The worker lives as long as the page keeps it: so does its listener.
    handler.forget();
    let _ = scope.post_message(&JsValue::from_str(ready));
}
