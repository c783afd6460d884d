//! The app's side of the request/answer workers: the formats worker
//! (`src/bin/btar-worker.rs`: imports, exports, presets), one compute
//! worker (`src/bin/btar-compute.rs`) for the requests that simulate (the
//! levers, the lag report, the cost and copy-job CSVs), so the formats
//! worker carries no engine, and the file-editing worker
//! (`src/bin/btar-edit.rs`: a plan's changes written into the Terraform
//! file or CloudFormation template it was imported from, with the
//! format-preserving editors and the diff). Each is started on its first request, requests
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

use crate::offload::{FromWorker, Request, Response, ToWorker};
use crate::web::worker::{Callbacks, Handle};

/// Which worker a request goes to: the formats worker (parsers and
/// writers) or a compute worker (the engine), by what the request does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Formats,
    Sim,
    Edit,
}

impl Kind {
    fn of(r: &Request) -> Kind {
        if r.edits() {
            Kind::Edit
        } else if r.simulates() {
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
            Kind::Edit => "btar-edit_loader.js",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Formats => "import/export worker",
            Kind::Sim => "simulation worker",
            Kind::Edit => "file-editing worker",
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
    handle: Handle,
    pending: Vec<Pending>,
    _ready_timer: Option<gloo::timers::callback::Timeout>,
}

thread_local! {
    static CLIENTS: [RefCell<Option<Client>>; 3] = const { [RefCell::new(None), RefCell::new(None), RefCell::new(None)] };
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
        Some((client.pending.remove(i), client.handle.ready()))
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
    if !client.handle.ready() {
        return;
    }
    for p in client.pending.iter_mut().filter(|p| !p.sent) {
        client.handle.post(p.text.clone());
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
    let pending = stop(old);
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
    fail_all(stop(old), &why);
}

fn fail_all(pending: Vec<Pending>, why: &str) {
    for p in pending {
        (p.done)(Response::Failed {
            message: why.to_string(),
        });
    }
}

/// Ends a client's worker; what was waiting on it.
fn stop(old: Client) -> Vec<Pending> {
    let Client {
        handle,
        pending,
        _ready_timer,
    } = old;
    handle.stop();
    // The timer may be the one running now: dropped after this event.
    gloo::timers::callback::Timeout::new(0, move || drop(_ready_timer)).forget();
    pending
}

/// Runs `f` with the client of one kind of worker.
fn with_client<R>(kind: Kind, f: impl FnOnce(&RefCell<Option<Client>>) -> R) -> R {
    CLIENTS.with(|c| f(&c[kind.slot()]))
}

fn start(kind: Kind) -> bool {
    let on_ready = move || {
        with_client(kind, |c| {
            if let Some(client) = c.borrow_mut().as_mut() {
                client._ready_timer = None;
                flush(kind, client);
            }
        });
    };
    let on_data = move |d: wasm_bindgen::JsValue| {
        let bytes = js_sys::Uint8Array::new(&d).to_vec();
        let Ok(FromWorker { id, response: r }) = FromWorker::from_wire(&bytes) else {
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
    };
    let on_error = move |cause: String| {
        failed(kind, format!(
            "the {} stopped on an internal error ({cause}) while working on this request; nothing was changed, and the next request starts a new worker",
            kind.name(),
        ));
    };
    let Some(handle) = Handle::start(
        kind.script(),
        Callbacks {
            ready: Box::new(on_ready),
            data: Box::new(on_data),
            error: Box::new(on_error),
        },
    ) else {
        return false;
    };
    let ready_timer = gloo::timers::callback::Timeout::new(READY_MS, move || {
        if with_client(kind, |c| {
            c.borrow().as_ref().is_some_and(|c| !c.handle.ready())
        }) {
            failed(kind, format!(
                "the {} did not start within {} s: its files may not have loaded (offline, or the site changed). Try again, or reload the page",
                kind.name(),
                READY_MS / 1000
            ));
        }
    });
    with_client(kind, |c| {
        *c.borrow_mut() = Some(Client {
            handle,
            pending: Vec::new(),
            _ready_timer: Some(ready_timer),
        })
    });
    true
}
