//! The Web Workers the app starts, one per core, the first time the user
//! runs risk or looks for cheaper plans: they answer
//! [`btar_planner::compute`] jobs with the engine. No parsers and no Yew:
//! a module of its own, off the first paint. Trunk builds it beside the app
//! (`data-type="worker"` in `index.html`).

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
            btar_planner::compute::handle_message(&text, &mut |m| {
                let list = js_sys::Array::new();
                for x in m {
                    list.push(&JsValue::from_str(&x));
                }
                let _ = reply.post_message(&list);
            });
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Jobs sent before this point would have found no listener: the app
    // waits for this word before it sends any.
    let _ = scope.post_message(&JsValue::from_str(btar_planner::compute::READY));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("btar-compute is the browser app's compute Web Worker; the command line is `btar`.");
    std::process::exit(2);
}
