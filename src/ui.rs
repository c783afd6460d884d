//! The browser app: Yew components and plotters charts. The only module that
//! touches the browser; it holds a scenario and what the engine derives from
//! it, and computes no domain facts of its own.

pub mod analysis;
pub mod app;
pub mod charts;
pub mod components;
pub mod compute;
pub mod state;
pub mod storage;
pub mod time;
pub mod worker;

/// Mounts the app in the page's `#app` element, replacing the loading shell
/// that `index.html` paints there before the WebAssembly is ready; the crash
/// notice beside it stays outside the app's reach.
pub fn mount() {
    yew::set_custom_panic_hook(Box::new(on_panic));
    // Schedules' time zones from the browser's own zone data.
    #[cfg(target_arch = "wasm32")]
    crate::intl_tz::install();
    mark("btar:mount");
    let doc = web_sys::window().and_then(|w| w.document());
    if let Some(boot) = doc.as_ref().and_then(|d| d.get_element_by_id("boot")) {
        boot.remove();
    }
    match doc.and_then(|d| d.get_element_by_id("app")) {
        Some(root) => yew::Renderer::<app::App>::with_root(root).render(),
        None => yew::Renderer::<app::App>::new().render(),
    };
}

/// A panic stops the app: its message goes to the console and into the
/// page's crash notice (`#crash` in `index.html`, which offers a reload or a
/// fresh start), so the user is not left with a frozen page.
fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    CRASHED.store(true, std::sync::atomic::Ordering::Relaxed);
    let message = info.to_string();
    gloo::console::error!(message.clone());
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(detail) = doc.get_element_by_id("crash-detail") {
        detail.set_text_content(Some(&message));
    }
    if let Some(crash) = doc.get_element_by_id("crash") {
        let _ = crash.remove_attribute("hidden");
    }
}

static CRASHED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether the app has stopped on an error: a panic, or the crash notice is
/// showing (an exception thrown past the app). Nothing is saved then, so a
/// scenario that breaks the app never replaces the saved one.
pub fn crashed() -> bool {
    if CRASHED.load(std::sync::atomic::Ordering::Relaxed) {
        return true;
    }
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("crash"))
        .is_some_and(|c| !c.has_attribute("hidden"))
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

/// Runs `f` when the browser is idle (after the first paint and the work
/// around it), at the latest after a second: for background requests that
/// start the formats worker, whose module download and compile would
/// otherwise compete with the first paint for the machine's cores.
pub fn when_idle(f: impl FnOnce() + 'static) {
    use std::{cell::Cell, rc::Rc};
    use wasm_bindgen::JsCast;
    let work = Rc::new(Cell::new(Some(f)));
    let later = work.clone();
    let run = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Some(f) = later.take() {
            f()
        }
    });
    let asked = web_sys::window().is_some_and(|w| {
        let opts = web_sys::IdleRequestOptions::new();
        opts.set_timeout(1000);
        w.request_idle_callback_with_options(run.unchecked_ref(), &opts)
            .is_ok()
    });
    if !asked {
        after_paint(move || {
            if let Some(f) = work.take() {
                f()
            }
        });
    }
}
