//! The page's results of a plan too large for the main thread
//! ([`INLINE_MAX_JOBS`](super::state::INLINE_MAX_JOBS) jobs and more): the
//! simulation worker runs and bills it while the editors stay responsive,
//! with progress and Cancel. Each run belongs to the scenario it was asked
//! for: an edit cancels it and asks again (after a short pause, so typing
//! does not start a run a key), and its answer is shown only while the
//! scenario is still that one.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::state::{finish, now_ms, Analysing, Derived};
use super::worker::{self, Ticket};
use crate::domain::scenario::Scenario;
use crate::offload::{Request, Response};

/// How long the scenario must stay unchanged before its run is asked for.
pub const SETTLE_MS: u32 = 250;

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

/// The results to show for `scenario`, given what the main thread derived
/// (`local`), and the callback for the panel's Cancel and Retry.
#[hook]
pub fn use_analysis(scenario: &Scenario, local: Rc<Derived>) -> (Rc<Derived>, Callback<Command>) {
    let remote = use_state(|| None::<Rc<Remote>>);
    let attempt = use_state(|| 0u32);
    let attempts = use_mut_ref(|| 0u32);
    let ticket: Rc<RefCell<Option<Ticket>>> = use_mut_ref(|| None);
    let current: Rc<RefCell<Option<Scenario>>> = use_mut_ref(|| None);
    {
        let remote = remote.clone();
        let ticket = ticket.clone();
        let current = current.clone();
        let problems = local.problems.clone();
        let wanted = local.analysing.is_some();
        use_effect_with(
            (scenario.clone(), wanted, *attempt),
            move |(s, wanted, _)| {
                let mut timer = None;
                if *wanted {
                    *current.borrow_mut() = Some(s.clone());
                    remote.set(Some(Rc::new(Remote {
                        scenario: s.clone(),
                        outcome: Outcome::Running(None),
                    })));
                    let s = s.clone();
                    let ticket = ticket.clone();
                    timer = Some(gloo::timers::callback::Timeout::new(SETTLE_MS, move || {
                        let t0 = now_ms();
                        let (told, answered) = (remote.clone(), remote);
                        let (s_told, s_answered) = (s.clone(), s.clone());
                        let t = worker::request_reporting(
                            Request::analyse(&s),
                            move |f| {
                                told.set(Some(Rc::new(Remote {
                                    scenario: s_told.clone(),
                                    outcome: Outcome::Running(Some(f)),
                                })))
                            },
                            move |answer| {
                                let outcome = match answer {
                                    Response::Analysis { packed } => match packed.unpack() {
                                        Ok((sim, bill)) => Outcome::Done(Rc::new(finish(
                                            &s_answered,
                                            problems,
                                            sim,
                                            bill,
                                            now_ms() - t0,
                                        ))),
                                        Err(why) => Outcome::Stopped(format!("{why}.")),
                                    },
                                    Response::Failed { message } => Outcome::Stopped(format!(
                                        "The simulation worker could not run this plan: {message}."
                                    )),
                                    _ => Outcome::Stopped(
                                        "The simulation worker gave an answer the page does not read."
                                            .into(),
                                    ),
                                };
                                answered.set(Some(Rc::new(Remote {
                                    scenario: s_answered,
                                    outcome,
                                })));
                            },
                        );
                        *ticket.borrow_mut() = Some(t);
                    }));
                } else {
                    *current.borrow_mut() = None;
                }
                move || {
                    drop(timer);
                    if let Some(t) = ticket.borrow_mut().take() {
                        worker::cancel(t);
                    }
                }
            },
        );
    }
    let command = {
        let remote = remote.clone();
        let attempt = attempt.clone();
        use_callback((), move |c: Command, _| match c {
            Command::Cancel => {
                if let Some(t) = ticket.borrow_mut().take() {
                    worker::cancel(t);
                }
                if let Some(s) = current.borrow().clone() {
                    remote.set(Some(Rc::new(Remote {
                        scenario: s,
                        outcome: Outcome::Stopped(
                            "The run was cancelled: nothing is shown for this version of the scenario."
                                .into(),
                        ),
                    })));
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
    let shown = match (&local.analysing, remote.as_deref()) {
        (Some(a), Some(r)) if r.scenario == *scenario => match &r.outcome {
            Outcome::Done(d) => d.clone(),
            Outcome::Running(p) => Rc::new(Derived {
                analysing: Some(Analysing {
                    progress: *p,
                    ..a.clone()
                }),
                ..(*local).clone()
            }),
            Outcome::Stopped(why) => Rc::new(Derived {
                analysing: Some(Analysing {
                    stopped: Some(why.clone()),
                    ..a.clone()
                }),
                ..(*local).clone()
            }),
        },
        _ => local,
    };
    (shown, command)
}
