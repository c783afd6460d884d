//! The page's results of a plan too large for the main thread
//! ([`INLINE_MAX_JOBS`](super::state::INLINE_MAX_JOBS) jobs and more): the
//! simulation worker runs and bills it while the editors stay responsive,
//! with progress and Cancel. Each run belongs to the scenario it was asked
//! for, and its answer is shown only while the scenario is still that one.
//!
//! An edit starts its run at once when the worker is free. While a run is
//! going, the newest scenario waits for it when it is nearly done (by its
//! progress, or the last run's duration), so typing never restarts the
//! worker for a run that would end sooner than a new worker starts; a
//! longer run is ended and the newest scenario starts at once. While a
//! risk or frontier run has the cores, the newest scenario runs once the
//! typing pauses, so the edits do not slow that run down.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::prelude::*;

use super::state::{finish, now_ms, Analysing, Derived};
use super::worker::{self, Ticket};
use crate::domain::scenario::Scenario;
use crate::domain::validation::Problems;
use crate::offload::{Request, Response};

/// While a risk or frontier run is going, an edit after a quiet spell is
/// run at once, and the edits that follow it wait for the typing to pause
/// this long (ms) before the newest scenario's run is asked for: the run
/// the user asked for keeps the cores while they type.
pub const SETTLE_MS: u32 = 250;

/// A run expected to go on for longer than this is ended by an edit rather
/// than waited for: about what a new worker takes to start.
const RESTART_MS: f64 = 300.0;

/// What the results panel's buttons ask of a run in the worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Stop the run (the worker is ended; the next run starts a new one).
    Cancel,
    /// Run the current scenario again after a Cancel or a failure.
    Retry,
}

#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Running(Option<f64>),
    Done(Rc<Derived>),
    Stopped(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Remote {
    scenario: Scenario,
    outcome: Outcome,
}

/// The run in the worker.
struct Flight {
    ticket: Ticket,
    started: f64,
    /// How far it is (0 to 1), as the worker last said.
    done: f64,
}

impl Flight {
    /// How long it has still to go (ms): from its progress when the worker
    /// has said some, else from how long the last run took.
    fn remaining(&self, last_ms: f64) -> f64 {
        let gone = now_ms() - self.started;
        if self.done > 0.0 {
            gone * (1.0 - self.done) / self.done
        } else {
            last_ms - gone
        }
    }
}

/// The worker's runs for the page: one at a time, the newest scenario next.
#[derive(Clone)]
struct Runner {
    remote: UseStateHandle<Option<Rc<Remote>>>,
    /// The scenario whose results are wanted (`None`: none are).
    current: Rc<RefCell<Option<Scenario>>>,
    flight: Rc<RefCell<Option<Flight>>>,
    /// The scenario to run when the worker is free.
    next: Rc<RefCell<Option<(Scenario, Problems)>>>,
    /// The wait for the typing to pause (while a risk or frontier run goes).
    pause: Rc<RefCell<Option<gloo::timers::callback::Timeout>>>,
    /// How long the last run took (ms), to judge whether to wait for one.
    last_ms: Rc<Cell<f64>>,
    /// The last results a run gave (for whichever scenario), shown marked
    /// while the next run goes.
    last: Rc<RefCell<Option<Rc<Derived>>>>,
}

impl Runner {
    fn set(&self, scenario: Scenario, outcome: Outcome) {
        self.remote.set(Some(Rc::new(Remote { scenario, outcome })));
    }

    fn is_current(&self, s: &Scenario) -> bool {
        self.current.borrow().as_ref() == Some(s)
    }

    /// Results are wanted for `s` (with its validation's `problems`).
    fn want(&self, s: Scenario, problems: Problems) {
        *self.current.borrow_mut() = Some(s.clone());
        self.set(s.clone(), Outcome::Running(None));
        if super::compute::running() {
            let quiet = self.flight.borrow().is_none() && self.pause.borrow().is_none();
            if quiet {
                self.launch(s, problems);
            } else {
                *self.next.borrow_mut() = Some((s, problems));
            }
            let me = self.clone();
            *self.pause.borrow_mut() =
                Some(gloo::timers::callback::Timeout::new(SETTLE_MS, move || {
                    me.pause.borrow_mut().take();
                    if me.flight.borrow().is_none() {
                        me.launch_next();
                    }
                }));
            return;
        }
        let remaining = self
            .flight
            .borrow()
            .as_ref()
            .map(|f| f.remaining(self.last_ms.get()));
        match remaining {
            // Nearly done: the newest scenario goes next.
            Some(r) if r < RESTART_MS => *self.next.borrow_mut() = Some((s, problems)),
            // Free, or a long run for an earlier scenario: that one ends.
            _ => {
                self.end_flight();
                self.launch(s, problems);
            }
        }
    }

    fn launch_next(&self) {
        let next = self.next.borrow_mut().take();
        if let Some((s, problems)) = next {
            if self.is_current(&s) {
                self.launch(s, problems);
            }
        }
    }

    fn launch(&self, s: Scenario, problems: Problems) {
        let t0 = now_ms();
        let answered = Rc::new(Cell::new(false));
        let (told, me, done) = (self.clone(), self.clone(), answered.clone());
        let (s_told, s_answered) = (s.clone(), s.clone());
        let ticket = worker::request_reporting(
            Request::analyse(&s),
            move |f| {
                if let Some(flight) = told.flight.borrow_mut().as_mut() {
                    flight.done = f;
                }
                if told.is_current(&s_told) {
                    told.set(s_told.clone(), Outcome::Running(Some(f)));
                }
            },
            move |answer| {
                done.set(true);
                me.flight.borrow_mut().take();
                let took = now_ms() - t0;
                me.last_ms.set(took);
                if me.is_current(&s_answered) {
                    let outcome = match answer {
                        Response::Analysis { packed } => match packed.unpack() {
                            Ok((sim, bill)) => {
                                let d = Rc::new(finish(&s_answered, problems, sim, bill, took));
                                *me.last.borrow_mut() = Some(d.clone());
                                Outcome::Done(d)
                            }
                            Err(why) => Outcome::Stopped(format!("{why}.")),
                        },
                        Response::Failed { message } => Outcome::Stopped(format!(
                            "The simulation worker could not run this plan: {message}."
                        )),
                        _ => Outcome::Stopped(
                            "The simulation worker gave an answer the page does not read.".into(),
                        ),
                    };
                    me.set(s_answered, outcome);
                }
                if me.pause.borrow().is_none() {
                    me.launch_next();
                }
            },
        );
        // A worker that could not start answers at once: nothing is going.
        if !answered.get() {
            *self.flight.borrow_mut() = Some(Flight {
                ticket,
                started: t0,
                done: 0.0,
            });
        }
    }

    /// Ends the run going on, if any (its answer never comes).
    fn end_flight(&self) {
        let gone = self.flight.borrow_mut().take();
        if let Some(f) = gone {
            worker::cancel(f.ticket);
        }
    }

    /// No results are wanted: nothing runs or waits, and no earlier
    /// results are kept.
    fn stop(&self) {
        *self.current.borrow_mut() = None;
        self.last.borrow_mut().take();
        self.next.borrow_mut().take();
        self.pause.borrow_mut().take();
        self.end_flight();
    }
}

/// The results to show for `scenario`, given what the main thread derived
/// (`local`), and the callback for the panel's Cancel and Retry.
#[hook]
pub fn use_analysis(scenario: &Scenario, local: Rc<Derived>) -> (Rc<Derived>, Callback<Command>) {
    let remote = use_state(|| None::<Rc<Remote>>);
    let attempt = use_state(|| 0u32);
    let attempts = use_mut_ref(|| 0u32);
    let runner = {
        let remote = remote.clone();
        (*use_memo((), move |_| Runner {
            remote,
            current: Rc::new(RefCell::new(None)),
            flight: Rc::new(RefCell::new(None)),
            next: Rc::new(RefCell::new(None)),
            pause: Rc::new(RefCell::new(None)),
            last_ms: Rc::new(Cell::new(0.0)),
            last: Rc::new(RefCell::new(None)),
        }))
        .clone()
    };
    {
        let runner = runner.clone();
        let problems = local.problems.clone();
        let wanted = local.analysing.is_some();
        use_effect_with(
            (scenario.clone(), wanted, *attempt),
            move |(s, wanted, _)| {
                if *wanted {
                    runner.want(s.clone(), problems);
                } else {
                    runner.stop();
                }
            },
        );
    }
    let command = {
        let attempt = attempt.clone();
        let runner = runner.clone();
        use_callback((), move |c: Command, _| match c {
            Command::Cancel => {
                let current = runner.current.borrow().clone();
                runner.stop();
                if let Some(s) = current {
                    runner.set(
                        s,
                        Outcome::Stopped(
                            "The run was cancelled: nothing is shown for this version of the scenario."
                                .into(),
                        ),
                    );
                }
            }
            Command::Retry => {
                let n = {
                    let mut n = attempts.borrow_mut();
                    *n += 1;
                    *n
                };
                attempt.set(n);
            }
        })
    };
    // While a run goes, the last results stay on the page, marked as for
    // an earlier version (also on the render before the run is asked for).
    let earlier = runner.last.borrow().clone();
    let with = |a: Analysing| {
        Rc::new(Derived {
            analysing: Some(a),
            ..(*local).clone()
        })
    };
    let shown = match (&local.analysing, remote.as_deref()) {
        (Some(a), Some(r)) if r.scenario == *scenario => match &r.outcome {
            Outcome::Done(d) => d.clone(),
            Outcome::Running(p) => with(Analysing {
                progress: *p,
                earlier,
                ..a.clone()
            }),
            Outcome::Stopped(why) => with(Analysing {
                stopped: Some(why.clone()),
                ..a.clone()
            }),
        },
        (Some(a), _) => with(Analysing {
            earlier,
            ..a.clone()
        }),
        _ => local,
    };
    (shown, command)
}
