//! The browser app: Yew components and plotters charts. The only module that
//! touches the browser; it holds a scenario and what the engine derives from
//! it, and computes no domain facts of its own.

pub mod app;
pub mod charts;
pub mod components;
pub mod state;
pub mod storage;
pub mod time;

/// Mounts the app on the page's `<body>`, replacing the loading shell that
/// `index.html` paints before the WebAssembly is ready.
pub fn mount() {
    mark("btar:mount");
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    yew::Renderer::<app::App>::new().render();
}

/// Records a named moment on the page's performance timeline (read by
/// `e2e/perf.mjs`): `btar:mount`, `btar:dom` (first render committed) and
/// `btar:chart:<canvas id>` (a chart drawn).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Runs `f` once the browser has painted the current frame: long work
/// started from a click lets its "working…" state show first.
pub fn after_paint(f: impl FnOnce() + 'static) {
    use std::{cell::Cell, rc::Rc};
    use wasm_bindgen::JsCast;
    let Some(w) = web_sys::window() else {
        return f();
    };
    let work = Rc::new(Cell::new(Some(f)));
    let later = work.clone();
    let next = wasm_bindgen::closure::Closure::once_into_js(move || {
        gloo::timers::callback::Timeout::new(0, move || {
            if let Some(f) = later.take() {
                f()
            }
        })
        .forget();
    });
    if w.request_animation_frame(next.unchecked_ref()).is_err() {
        if let Some(f) = work.take() {
            f()
        }
    }
}
