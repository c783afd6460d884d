//! One Web Worker as the app's clients hold it: started from Trunk's loader
//! script, it says [`READY`] when its module has loaded; posts made before
//! are queued and sent then. Its messages and errors go to the callbacks it
//! was started with; [`Handle::stop`] ends it without any event still on its
//! way reaching a dropped handler or the page.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::{closure::Closure, JsCast, JsValue};

/// What every worker posts once its module has loaded and it listens (the
/// formats and compute workers alike).
pub const READY: &str = crate::offload::READY;

#[derive(Default)]
struct Shared {
    ready: bool,
    queue: Vec<String>,
}

/// A started worker.
pub struct Handle {
    worker: web_sys::Worker,
    shared: Rc<RefCell<Shared>>,
    on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    on_error: Closure<dyn FnMut(web_sys::Event)>,
}

/// The callbacks of a worker: told when it listens, given each message's
/// data (other than the handshake), and told the cause of an error.
pub struct Callbacks {
    pub ready: Box<dyn Fn()>,
    pub data: Box<dyn Fn(JsValue)>,
    pub error: Box<dyn Fn(String)>,
}

impl Handle {
    /// Starts the worker of `script` (beside `index.html`); `None` when the
    /// browser cannot start a worker.
    pub fn start(script: &str, cb: Callbacks) -> Option<Handle> {
        let worker = web_sys::Worker::new(script).ok()?;
        let shared = Rc::new(RefCell::new(Shared::default()));
        let (w, s) = (worker.clone(), shared.clone());
        let Callbacks { ready, data, error } = cb;
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let d = e.data();
                if d.as_string().as_deref() == Some(READY) {
                    let queued = {
                        let mut s = s.borrow_mut();
                        s.ready = true;
                        std::mem::take(&mut s.queue)
                    };
                    for m in queued {
                        let _ = w.post_message(&JsValue::from_str(&m));
                    }
                    ready();
                    return;
                }
                data(d);
            });
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            // Handled here: never passed on to the page's error handler.
            e.prevent_default();
            error(error_cause(&e));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Handle {
            worker,
            shared,
            on_message,
            on_error,
        })
    }

    /// Whether the worker has said it listens.
    pub fn ready(&self) -> bool {
        self.shared.borrow().ready
    }

    /// Posts `text`, or queues it until the worker listens.
    pub fn post(&self, text: String) {
        let mut s = self.shared.borrow_mut();
        if s.ready {
            let _ = self.worker.post_message(&JsValue::from_str(&text));
        } else {
            s.queue.push(text);
        }
    }

    /// Ends the worker. Its handlers are detached first (an event still on
    /// its way is swallowed by a handler that lives as long as the page),
    /// and dropped after the current event, which may be one of theirs.
    pub fn stop(self) {
        quiet(&self.worker);
        self.worker.terminate();
        let Handle {
            on_message,
            on_error,
            ..
        } = self;
        gloo::timers::callback::Timeout::new(0, move || drop((on_message, on_error))).forget();
    }
}

/// Detaches a worker's handlers: any event still on its way is swallowed
/// by a handler that lives as long as the page.
fn quiet(worker: &web_sys::Worker) {
    thread_local! {
        static SWALLOW: Closure<dyn FnMut(web_sys::Event)> =
            Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| e.prevent_default());
    }
    worker.set_onmessage(None);
    SWALLOW.with(|s| worker.set_onerror(Some(s.as_ref().unchecked_ref())));
}

/// What a worker's `error` event says: an `ErrorEvent`'s message, or for a
/// plain `Event` (a script that could not be loaded) that it did not load.
pub fn error_cause(e: &web_sys::Event) -> String {
    match e.dyn_ref::<web_sys::ErrorEvent>().map(|x| x.message()) {
        Some(m) if !m.is_empty() => m,
        _ => {
            "its script could not be loaded (offline, or the site's files changed: reload the page)"
                .to_string()
        }
    }
}
