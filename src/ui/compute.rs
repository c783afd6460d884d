//! The app's side of the compute workers (`src/bin/btar-compute.rs`): one
//! per core (`navigator.hardwareConcurrency`), started on the first run. A
//! run splits its work into one part per worker, passes the parts on to one
//! worker for the summary, and reports progress on the way. One run at a
//! time: Cancel (or a new run) stops the workers at once (they are
//! terminated, and a new pool starts with the next run), so a long run never
//! holds the page or the next run up.

use std::cell::RefCell;

use wasm_bindgen::JsCast;

use crate::compute::{Job, Reply, RiskInputs, ToWorker};
use crate::cost::frontier::FrontierView;
use crate::sim::risk::RiskView;
use crate::web::worker::{Callbacks, Handle};

/// The workers' loader script, beside `index.html` (Trunk's loader shim).
const SCRIPT: &str = "btar-compute_loader.js";

/// What a finished run gives.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Risk(std::rc::Rc<RiskView>),
    Frontier(std::rc::Rc<FrontierView>),
}

/// What a run is told: progress (0–1), then its end.
pub struct Listener {
    pub progress: Box<dyn Fn(f64)>,
    pub done: Box<dyn FnOnce(Result<Outcome, String>)>,
}

enum Phase {
    /// Waiting for each worker's part (job ids `base + k`).
    Parts,
    /// Waiting for the summary (job id `base + workers`).
    Summary,
}

struct Run {
    base: u32,
    scenario: String,
    risk: Option<RiskInputs>,
    parts: Vec<Option<String>>,
    progress: Vec<(u32, u32)>,
    phase: Phase,
    listener: Option<Listener>,
    /// When progress was last shown (ms since the epoch): shown at most
    /// every [`PROGRESS_MS`], so the page spends its time on the user.
    shown_at: f64,
}

/// The least time between two progress updates on the page.
const PROGRESS_MS: f64 = 200.0;

#[derive(Default)]
struct Pool {
    slots: Vec<Handle>,
    run: Option<Run>,
    next: u32,
}

thread_local! {
    static POOL: RefCell<Option<Pool>> = const { RefCell::new(None) };
    /// Counts runs, so a run's start-up timer knows its own run.
    static GENERATION: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// How many workers a run uses: one per core the browser reports.
pub fn cores() -> u32 {
    web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .filter(|n| n.is_finite() && *n >= 1.0)
        .map_or(1, |n| n.min(32.0) as u32)
}

/// Whether a risk or frontier run is going (its workers have the cores).
pub fn running() -> bool {
    POOL.with(|p| p.borrow().as_ref().is_some_and(|p| p.run.is_some()))
}

/// Stops the run, if any, and the workers with it.
pub fn cancel() {
    let pool = POOL.with(|p| p.borrow_mut().take());
    if let Some(mut pool) = pool {
        for s in pool.slots.drain(..) {
            s.stop();
        }
        // The run's listener may be what runs now: dropped after this event.
        gloo::timers::callback::Timeout::new(0, move || drop(pool)).forget();
    }
}

/// Runs `params.trials` risk trials of the scenario (scenario-file JSON).
pub fn risk(scenario: String, params: RiskInputs, listener: Listener) {
    start(scenario, Some(params), listener);
}

/// Measures the scenario's variants and lists the plans no other beats.
pub fn frontier(scenario: String, listener: Listener) {
    start(scenario, None, listener);
}

fn start(scenario: String, risk: Option<RiskInputs>, listener: Listener) {
    // One run at a time: whatever runs now stops.
    cancel();
    let n = match &risk {
        Some(p) => cores().min(p.trials.max(1)),
        None => cores(),
    };
    let mut slots = Vec::with_capacity(n as usize);
    for _ in 0..n {
        match spawn() {
            Some(s) => slots.push(s),
            None => {
                for s in slots {
                    s.stop();
                }
                (listener.done)(Err(
                    "this browser could not start the compute workers".into()
                ));
                return;
            }
        }
    }
    let jobs: Vec<Job> = (0..n)
        .map(|k| match &risk {
            Some(p) => {
                let trials = p.trials;
                let per = trials.div_ceil(n);
                Job::RiskTrials {
                    scenario: scenario.clone(),
                    params: p.clone(),
                    from: (k * per).min(trials),
                    to: ((k + 1) * per).min(trials),
                }
            }
            None => Job::FrontierMeasure {
                scenario: scenario.clone(),
                shard: k,
                shards: n,
            },
        })
        .collect();
    let mut pool = Pool {
        slots,
        run: Some(Run {
            base: 1,
            scenario,
            risk,
            parts: vec![None; n as usize],
            progress: vec![(0, 0); n as usize],
            phase: Phase::Parts,
            listener: Some(listener),
            shown_at: 0.0,
        }),
        next: 1 + n + 1,
    };
    for (k, job) in jobs.into_iter().enumerate() {
        send(&mut pool, k, 1 + k as u32, job);
    }
    POOL.with(|p| *p.borrow_mut() = Some(pool));
    // A worker whose module does not load never says it listens (a failed
    // module load inside a worker reaches no handler here): the run says so.
    let generation = GENERATION.with(|g| {
        g.set(g.get().wrapping_add(1));
        g.get()
    });
    gloo::timers::callback::Timeout::new(crate::ui::worker::READY_MS, move || {
        let stuck = GENERATION.with(|g| g.get()) == generation
            && POOL.with(|p| {
                p.borrow()
                    .as_ref()
                    .is_some_and(|p| p.run.is_some() && p.slots.iter().any(|s| !s.ready()))
            });
        if stuck {
            end(Err(format!(
                "the compute workers did not start within {} s: their files may not have loaded (offline, or the site changed). Retry, or reload the page",
                crate::ui::worker::READY_MS / 1000
            )));
        }
    })
    .forget();
}

fn send(pool: &mut Pool, k: usize, id: u32, job: Job) {
    let text = serde_json::to_string(&ToWorker { id, job }).unwrap_or_default();
    if let Some(slot) = pool.slots.get(k) {
        slot.post(text);
    }
}

fn spawn() -> Option<Handle> {
    Handle::start(
        SCRIPT,
        Callbacks {
            ready: Box::new(|| {}),
            data: Box::new(|d| {
                if let Some(m) = d.dyn_ref::<js_sys::Array>().and_then(|a| {
                    Reply::from_wire(
                        a.iter()
                            .map(|x| x.as_string().unwrap_or_default())
                            .collect(),
                    )
                }) {
                    on_reply(m);
                }
            }),
            error: Box::new(|why| {
                end(Err(format!(
                    "the compute workers could not run: {why}. Run again to retry: new workers start"
                )));
            }),
        },
    )
}

/// Ends the run: the listener is told, the workers stop.
fn end(result: Result<Outcome, String>) {
    let listener = POOL.with(|p| {
        p.borrow_mut()
            .as_mut()
            .and_then(|p| p.run.take())
            .and_then(|r| r.listener)
    });
    cancel();
    if let Some(l) = listener {
        (l.done)(result);
    }
}

fn on_reply((id, reply): (u32, Reply)) {
    enum Next {
        Nothing,
        Progress(f64),
        End(Result<Outcome, String>),
    }
    let next = POOL.with(|p| {
        let mut p = p.borrow_mut();
        let Some(pool) = p.as_mut() else {
            return Next::Nothing;
        };
        let next_id = pool.next;
        let Some(run) = pool.run.as_mut() else {
            return Next::Nothing;
        };
        let workers = run.parts.len() as u32;
        let Some(k) = id
            .checked_sub(run.base)
            .filter(|k| *k < workers)
            .map(|k| k as usize)
        else {
            // The summary's answer (or a stale id).
            if matches!(run.phase, Phase::Summary) && id.wrapping_add(1) == next_id {
                return match reply {
                    Reply::Risk { packed } => {
                        Next::End(crate::packed::unpack(&packed, "the risk").map(Outcome::Risk))
                    }
                    Reply::Frontier { packed } => Next::End(
                        crate::packed::unpack(&packed, "the plans")
                            .map(|v| Outcome::Frontier(std::rc::Rc::new(v))),
                    ),
                    Reply::Failed { message } => Next::End(Err(message)),
                    _ => Next::Nothing,
                };
            }
            return Next::Nothing;
        };
        match reply {
            Reply::Progress { done, of } => {
                if let Some(x) = run.progress.get_mut(k) {
                    *x = (done, of);
                }
                let (done, of) = run.progress.iter().fold((0u64, 0u64), |(d, o), (x, y)| {
                    (d + u64::from(*x), o + u64::from(*y))
                });
                let of = match &run.risk {
                    Some(p) => u64::from(p.trials),
                    None => of,
                };
                let f = if of == 0 {
                    0.0
                } else {
                    done as f64 / of as f64
                };
                let now = js_sys::Date::now();
                if now - run.shown_at < PROGRESS_MS {
                    return Next::Nothing;
                }
                run.shown_at = now;
                Next::Progress(f)
            }
            Reply::Part { json } => {
                if let Some(x) = run.parts.get_mut(k) {
                    *x = Some(json);
                }
                if run.parts.iter().all(Option::is_some) {
                    let parts: Vec<String> =
                        run.parts.iter_mut().filter_map(Option::take).collect();
                    let job = match &run.risk {
                        Some(params) => Job::RiskSummary {
                            scenario: run.scenario.clone(),
                            params: params.clone(),
                            parts,
                        },
                        None => Job::FrontierSummary {
                            scenario: run.scenario.clone(),
                            parts,
                        },
                    };
                    run.phase = Phase::Summary;
                    pool.next = next_id + 1;
                    send(pool, 0, next_id, job);
                }
                Next::Nothing
            }
            Reply::Failed { message } => Next::End(Err(message)),
            Reply::Risk { .. } | Reply::Frontier { .. } => Next::Nothing,
        }
    });
    match next {
        Next::Nothing => {}
        Next::Progress(f) => {
            // The listener stays in the pool; call it without holding the
            // pool borrowed (it sets component state, which may render).
            let listener = POOL.with(|p| {
                p.borrow_mut()
                    .as_mut()
                    .and_then(|p| p.run.as_mut())
                    .and_then(|r| r.listener.take())
            });
            if let Some(l) = listener {
                (l.progress)(f);
                POOL.with(|p| {
                    if let Some(r) = p.borrow_mut().as_mut().and_then(|p| p.run.as_mut()) {
                        r.listener = Some(l);
                    }
                });
            }
        }
        Next::End(r) => end(r),
    }
}
