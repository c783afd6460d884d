//! The app's state: the scenario being edited, a notice for the user, and the
//! reducer that every edit goes through. Derived results (validation,
//! simulation, bill, levers) are computed from the scenario, never stored.

use std::rc::Rc;

use yew::prelude::*;

use crate::cost::{bill, levers};
use crate::domain::scenario::Scenario;
use crate::domain::validation::{validate, Problems};
use crate::sim::{self, SimResult};

/// A message shown above the editors until dismissed.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// Everything the user is working on.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub scenario: Rc<Scenario>,
    pub notice: Option<Notice>,
    /// Bumped on every change, so effects can tell edits apart.
    pub revision: u64,
}

/// What can happen to the state.
pub enum Action {
    /// Replace the whole scenario (preset, import, share link), with a notice.
    Replace(Box<Scenario>, Option<Notice>),
    /// Change part of the scenario.
    Edit(Box<dyn FnOnce(&mut Scenario)>),
    Notify(Notice),
    Dismiss,
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Replace(s, notice) => {
                next.scenario = Rc::new(*s);
                next.notice = notice;
                next.revision += 1;
            }
            Action::Edit(f) => {
                let mut s = (*self.scenario).clone();
                f(&mut s);
                if s == *self.scenario {
                    return self;
                }
                next.scenario = Rc::new(s);
                next.revision += 1;
            }
            Action::Notify(n) => next.notice = Some(n),
            Action::Dismiss => next.notice = None,
        }
        Rc::new(next)
    }
}

/// Above this many simulated events, the levers are compared on request.
pub const AUTO_LEVERS_MAX_EVENTS: u64 = 20_000;

/// Results derived from a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub problems: Problems,
    /// `None` while the scenario has errors.
    pub sim: Option<Rc<SimResult>>,
    pub bill: Option<Rc<bill::Bill>>,
    /// `None` when the scenario has errors or is too long to compare at once.
    pub levers: Option<Result<Vec<levers::LeverRow>, String>>,
    /// Milliseconds the derivation took (shown as "simulated in …").
    pub elapsed_ms: f64,
}

/// Validates, simulates and bills a scenario.
pub fn derive(s: &Scenario, now_ms: impl Fn() -> f64) -> Derived {
    let t0 = now_ms();
    let problems = validate(s);
    let (sim, bill, levers) = if problems.is_valid() {
        match sim::engine::Engine::new(s) {
            Ok(e) => {
                let r = e.run();
                let b = bill::bill(s, &r);
                // The levers run five more simulations: automatic for
                // scenarios that simulate quickly, on request otherwise.
                let l = (r.events <= AUTO_LEVERS_MAX_EVENTS).then(|| levers::compare(s));
                (Some(Rc::new(r)), Some(Rc::new(b)), l)
            }
            Err(_) => (None, None, None),
        }
    } else {
        (None, None, None)
    };
    Derived {
        problems,
        sim,
        bill,
        levers,
        elapsed_ms: now_ms() - t0,
    }
}

/// What every component can reach: the state, its derived results and the
/// dispatcher.
#[derive(Clone, PartialEq)]
pub struct AppContext {
    pub state: Rc<AppState>,
    pub derived: Rc<Derived>,
    pub dispatch: UseReducerDispatcher<AppState>,
}

impl AppContext {
    pub fn scenario(&self) -> &Scenario {
        &self.state.scenario
    }

    /// A callback that applies `f` with the value it is given.
    pub fn edit<T: 'static>(&self, f: impl Fn(&mut Scenario, T) + 'static) -> Callback<T> {
        let dispatch = self.dispatch.clone();
        let f = Rc::new(f);
        Callback::from(move |v: T| {
            let f = f.clone();
            dispatch.dispatch(Action::Edit(Box::new(move |s| f(s, v))));
        })
    }

    /// Problems on a field (and below it), as messages.
    pub fn messages(&self, field: &str) -> Vec<(bool, String)> {
        self.derived
            .problems
            .for_field(field)
            .map(|p| {
                (
                    p.severity == crate::domain::validation::Severity::Error,
                    p.message.clone(),
                )
            })
            .collect()
    }
}
