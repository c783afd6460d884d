//! The app's side of the formats worker (`src/bin/btar-worker.rs`): started
//! on the first request, requests queued until it says it listens, each
//! answer handed to the callback that asked. If the worker cannot be loaded,
//! every waiting request is answered as failed and the next request tries
//! again.

use std::cell::RefCell;
use std::collections::HashMap;

use wasm_bindgen::{closure::Closure, JsCast, JsValue};

use crate::offload::{FromWorker, Request, Response, ToWorker, READY};

/// The worker's loader script, beside `index.html` (Trunk's loader shim).
const SCRIPT: &str = "btar-worker_loader.js";

type Done = Box<dyn FnOnce(Response)>;

struct Client {
    worker: web_sys::Worker,
    ready: bool,
    queue: Vec<String>,
    pending: HashMap<u32, Done>,
    next: u32,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

/// Sends `r` to the worker (starting it if need be); `done` gets the answer.
pub fn request(r: Request, done: impl FnOnce(Response) + 'static) {
    let started = CLIENT.with(|c| c.borrow().is_some()) || start();
    if !started {
        done(Response::Failed {
            message: "this browser could not start the import/export worker".into(),
        });
        return;
    }
    CLIENT.with(|c| {
        let mut c = c.borrow_mut();
        let Some(client) = c.as_mut() else {
            return;
        };
        client.next = client.next.wrapping_add(1).max(1);
        let id = client.next;
        let text = serde_json::to_string(&ToWorker { id, request: r }).unwrap_or_default();
        client.pending.insert(id, Box::new(done));
        if client.ready {
            let _ = client.worker.post_message(&JsValue::from_str(&text));
        } else {
            client.queue.push(text);
        }
    });
}

fn start() -> bool {
    let Ok(worker) = web_sys::Worker::new(SCRIPT) else {
        return false;
    };
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
            let text = e.data().as_string().unwrap_or_default();
            if text == READY {
                CLIENT.with(|c| {
                    if let Some(client) = c.borrow_mut().as_mut() {
                        client.ready = true;
                        for m in client.queue.drain(..) {
                            let _ = client.worker.post_message(&JsValue::from_str(&m));
                        }
                    }
                });
                return;
            }
            let Ok(FromWorker { id, response: r }) = serde_json::from_str::<FromWorker>(&text)
            else {
                return;
            };
            // Taken out before the call: the callback may send a new request.
            let done = CLIENT.with(|c| {
                c.borrow_mut()
                    .as_mut()
                    .and_then(|cl| cl.pending.remove(&id))
            });
            if let Some(done) = done {
                done(r);
            }
        });
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(|e: web_sys::ErrorEvent| {
        e.prevent_default();
        let message = format!(
            "the import/export worker stopped ({}); try again",
            if e.message().is_empty() {
                "it could not be loaded".to_string()
            } else {
                e.message()
            }
        );
        // Dropped, so the next request starts a new worker.
        let failed = CLIENT.with(|c| c.borrow_mut().take());
        if let Some(mut client) = failed {
            client.worker.terminate();
            for (_, done) in client.pending.drain() {
                done(Response::Failed {
                    message: message.clone(),
                });
            }
            // This handler belongs to the client: drop it after it returns.
            gloo::timers::callback::Timeout::new(0, move || drop(client)).forget();
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    CLIENT.with(|c| {
        *c.borrow_mut() = Some(Client {
            worker,
            ready: false,
            queue: Vec::new(),
            pending: HashMap::new(),
            next: 0,
            _on_message: on_message,
            _on_error: on_error,
        })
    });
    true
}
