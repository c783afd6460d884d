//! The app's side of the request/answer workers: the formats worker
//! (`src/bin/btar-worker.rs`: imports, exports, presets) and one compute
//! worker (`src/bin/btar-compute.rs`) for the requests that simulate (the
//! levers, the lag report, the cost and copy-job CSVs), so the formats
//! worker carries no engine. Each is started on its first request, requests
//! are queued until it says it listens, each answer is handed to the
//! callback that asked.
//!
//! Nothing the worker does can stop the app or hold its other requests up:
//! - a worker that does not say it listens within [`READY_MS`] (its script
//!   or module did not load) or reports an error fails what waits, with the
//!   cause, and the next request starts a new one;
//! - a request that takes longer than [`REQUEST_MS`], or that is cancelled
//!   ([`cancel`]) while the worker works on it, ends the worker: that
//!   request is answered as failed (or not at all when cancelled) and the
//!   others are sent again to a new worker;
//! - a worker's error is handled here (never thrown to the page), so the
//!   app's crash notice is only ever for the app itself.

use std::cell::RefCell;

use wasm_bindgen::{closure::Closure, JsCast, JsValue};

use crate::offload::{FromWorker, Request, Response, ToWorker, READY};

/// Which worker a request goes to: the formats worker (parsers and
/// writers) or a compute worker (the engine), by what the request does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Formats,
    Sim,
}

impl Kind {
    fn of(r: &Request) -> Kind {
        if r.simulates() {
            Kind::Sim
        } else {
            Kind::Formats
        }
    }

    /// The worker's loader script, beside `index.html` (Trunk's loader shim).
    fn script(self) -> &'static str {
        match self {
            Kind::Formats => "btar-worker_loader.js",
            Kind::Sim => "btar-compute_loader.js",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Formats => "import/export worker",
            Kind::Sim => "simulation worker",
        }
    }

    fn slot(self) -> usize {
        self as usize
    }
}

/// How long a new worker may take to load its module and say it listens.
pub const READY_MS: u32 = 20_000;
/// How long one request may run in the worker (every reader is bounded
/// well below this; the limit catches what is not).
pub const REQUEST_MS: u32 = 30_000;

type Done = Box<dyn FnOnce(Response)>;

/// A request's handle, for [`cancel`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket(u32, Kind);

struct Pending {
    id: u32,
    text: String,
    done: Done,
    /// Told how far the worker is, for requests that report it.
    progress: Option<std::rc::Rc<dyn Fn(f64)>>,
    /// Posted to the current worker (else queued until it is ready).
    sent: bool,
    _deadline: Option<gloo::timers::callback::Timeout>,
}

struct Client {
    worker: web_sys::Worker,
    ready: bool,
    pending: Vec<Pending>,
    _ready_timer: Option<gloo::timers::callback::Timeout>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static CLIENTS: [RefCell<Option<Client>>; 2] = const { [RefCell::new(None), RefCell::new(None)] };
    static NEXT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Sends `r` to the worker (starting it if need be); `done` gets the answer.
pub fn request(r: Request, done: impl FnOnce(Response) + 'static) -> Ticket {
    send(r, None, Box::new(done))
}

/// [`request`] for a request the worker reports progress on (0 to 1).
pub fn request_reporting(
    r: Request,
    progress: impl Fn(f64) + 'static,
    done: impl FnOnce(Response) + 'static,
) -> Ticket {
    send(r, Some(std::rc::Rc::new(progress)), Box::new(done))
}

fn send(r: Request, progress: Option<std::rc::Rc<dyn Fn(f64)>>, done: Done) -> Ticket {
    let kind = Kind::of(&r);
    let id = NEXT.with(|n| {
        let id = n.get().wrapping_add(1).max(1);
        n.set(id);
        id
    });
    let text = serde_json::to_string(&ToWorker { id, request: r }).unwrap_or_default();
    let started = with_client(kind, |c| c.borrow().is_some()) || start(kind);
    if !started {
        done(Response::Failed {
            message: format!("this browser could not start the {} (Web Workers are unavailable); reload to try again", kind.name()),
        });
        return Ticket(id, kind);
    }
    let p = Pending {
        id,
        text,
        done,
        progress,
        sent: false,
        _deadline: None,
    };
    with_client(kind, |c| {
        if let Some(client) = c.borrow_mut().as_mut() {
            client.pending.push(p);
            flush(kind, client);
        }
    });
    Ticket(id, kind)
}

/// Forgets a request: its callback is never called. When the worker is
/// working on it, the worker is ended and the other requests go to a new one.
pub fn cancel(t: Ticket) {
    let kind = t.1;
    let taken = with_client(kind, |c| {
        let mut c = c.borrow_mut();
        let client = c.as_mut()?;
        let i = client.pending.iter().position(|p| p.id == t.0)?;
        Some((client.pending.remove(i), client.ready))
    });
    if let Some((p, ready)) = taken {
        if p.sent && ready {
            restart(kind);
        }
        // Dropped after this event: its deadline timer may be what runs now.
        gloo::timers::callback::Timeout::new(0, move || drop(p)).forget();
    }
}

/// Posts every queued request once the worker listens, each with its deadline.
fn flush(kind: Kind, client: &mut Client) {
    if !client.ready {
        return;
    }
    for p in client.pending.iter_mut().filter(|p| !p.sent) {
        let _ = client.worker.post_message(&JsValue::from_str(&p.text));
        p.sent = true;
        let id = p.id;
        p._deadline = Some(gloo::timers::callback::Timeout::new(
            REQUEST_MS,
            move || overran(kind, id),
        ));
    }
}

/// A request ran past [`REQUEST_MS`]: it fails, the rest go to a new worker.
fn overran(kind: Kind, id: u32) {
    let taken = with_client(kind, |c| {
        let mut c = c.borrow_mut();
        let client = c.as_mut()?;
        let i = client.pending.iter().position(|p| p.id == id)?;
        Some(client.pending.remove(i))
    });
    if let Some(p) = taken {
        restart(kind);
        let Pending {
            done, _deadline, ..
        } = p;
        // The deadline is the timer running now: dropped after it returns.
        gloo::timers::callback::Timeout::new(0, move || drop(_deadline)).forget();
        done(Response::Failed {
            message: format!(
                "the {} took longer than {} s on this request (the limit) and was stopped; your other requests go on",
                kind.name(),
                REQUEST_MS / 1000
            ),
        });
    }
}

/// Ends the current worker and sends what was waiting to a new one.
fn restart(kind: Kind) {
    let Some(old) = with_client(kind, |c| c.borrow_mut().take()) else {
        return;
    };
    let Client {
        worker,
        pending,
        _ready_timer,
        _on_message,
        _on_error,
        ..
    } = old;
    quiet(&worker);
    worker.terminate();
    gloo::timers::callback::Timeout::new(0, move || drop((_ready_timer, _on_message, _on_error)))
        .forget();
    if pending.is_empty() {
        return;
    }
    if !start(kind) {
        fail_all(
            pending,
            &format!("this browser could not start the {} again", kind.name()),
        );
        return;
    }
    with_client(kind, |c| {
        if let Some(client) = c.borrow_mut().as_mut() {
            client.pending = pending
                .into_iter()
                .map(|p| Pending {
                    sent: false,
                    _deadline: None,
                    ..p
                })
                .collect();
        }
    });
}

/// The worker failed (did not load, or stopped): what waits fails with the
/// cause; the next request starts a new worker.
fn failed(kind: Kind, why: String) {
    let Some(old) = with_client(kind, |c| c.borrow_mut().take()) else {
        return;
    };
    let Client {
        worker,
        pending,
        _ready_timer,
        _on_message,
        _on_error,
        ..
    } = old;
    quiet(&worker);
    worker.terminate();
    // These closures may be the ones running now: dropped after this event.
    gloo::timers::callback::Timeout::new(0, move || drop((_ready_timer, _on_message, _on_error)))
        .forget();
    fail_all(pending, &why);
}

fn fail_all(pending: Vec<Pending>, why: &str) {
    for p in pending {
        (p.done)(Response::Failed {
            message: why.to_string(),
        });
    }
}

/// Detaches a worker's handlers: any event still on its way is swallowed
/// by a handler that lives as long as the page (never a dropped closure, and
/// never an error passed on to the page).
pub fn quiet(worker: &web_sys::Worker) {
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

/// Runs `f` with the client of one kind of worker.
fn with_client<R>(kind: Kind, f: impl FnOnce(&RefCell<Option<Client>>) -> R) -> R {
    CLIENTS.with(|c| f(&c[kind.slot()]))
}

fn start(kind: Kind) -> bool {
    let Ok(worker) = web_sys::Worker::new(kind.script()) else {
        return false;
    };
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let text = e.data().as_string().unwrap_or_default();
            if text == READY {
                with_client(kind, |c| {
                    if let Some(client) = c.borrow_mut().as_mut() {
                        client.ready = true;
                        client._ready_timer = None;
                        flush(kind, client);
                    }
                });
                return;
            }
            let Ok(FromWorker { id, response: r }) = serde_json::from_str::<FromWorker>(&text)
            else {
                return;
            };
            if let Response::Progress { fraction } = r {
                let tell = with_client(kind, |c| {
                    let c = c.borrow();
                    c.as_ref()?
                        .pending
                        .iter()
                        .find(|p| p.id == id)
                        .and_then(|p| p.progress.clone())
                });
                if let Some(tell) = tell {
                    tell(fraction);
                }
                return;
            }
            // Taken out before the call: the callback may send a new request.
            let p = with_client(kind, |c| {
                let mut c = c.borrow_mut();
                let client = c.as_mut()?;
                let i = client.pending.iter().position(|p| p.id == id)?;
                Some(client.pending.remove(i))
            });
            if let Some(p) = p {
                let Pending {
                    done, _deadline, ..
                } = p;
                gloo::timers::callback::Timeout::new(0, move || drop(_deadline)).forget();
                done(r);
            }
        });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        e.prevent_default();
        failed(kind, format!(
            "the {} stopped on an internal error ({}) while working on this request; nothing was changed, and the next request starts a new worker",
            kind.name(),
            error_cause(&e)
        ));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let ready_timer = gloo::timers::callback::Timeout::new(READY_MS, move || {
        if with_client(kind, |c| c.borrow().as_ref().is_some_and(|c| !c.ready)) {
            failed(kind, format!(
                "the {} did not start within {} s: its files may not have loaded (offline, or the site changed). Try again, or reload the page",
                kind.name(),
                READY_MS / 1000
            ));
        }
    });
    with_client(kind, |c| {
        *c.borrow_mut() = Some(Client {
            worker,
            ready: false,
            pending: Vec::new(),
            _ready_timer: Some(ready_timer),
            _on_message: on_message,
            _on_error: on_error,
        })
    });
    true
}
