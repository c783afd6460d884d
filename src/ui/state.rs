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
    /// The scenario a preset, an import, a platform switch or a share link
    /// replaced, until the next edit: the notice offers to bring it back, so
    /// a wrong click loses nothing.
    pub replaced: Option<Rc<Scenario>>,
    /// Bumped on every change, so effects can tell edits apart.
    pub revision: u64,
}

impl AppState {
    /// The state the app opens with.
    pub fn new(scenario: Scenario, notice: Option<Notice>, replaced: Option<Scenario>) -> Self {
        AppState {
            scenario: Rc::new(scenario),
            notice,
            replaced: replaced.map(Rc::new),
            revision: 0,
        }
    }
}

/// What can happen to the state.
pub enum Action {
    /// Replace the whole scenario (preset, import, platform switch), with a
    /// notice; the scenario it replaces can be brought back by [`Action::Undo`].
    Replace(Box<Scenario>, Option<Notice>),
    /// Change part of the scenario.
    Edit(Box<dyn FnOnce(&mut Scenario)>),
    /// Bring back the scenario the last replacement replaced.
    Undo,
    Notify(Notice),
    Dismiss,
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Replace(s, notice) => {
                next.replaced = Some(self.scenario.clone());
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
                next.replaced = None;
                next.revision += 1;
            }
            Action::Undo => {
                let Some(before) = next.replaced.take() else {
                    return self;
                };
                next.notice = Some(Notice {
                    text: format!("Brought back '{}'.", before.name),
                    error: false,
                });
                next.scenario = before;
                next.revision += 1;
            }
            Action::Notify(n) => next.notice = Some(n),
            Action::Dismiss => {
                next.notice = None;
                next.replaced = None;
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    fn state() -> Rc<AppState> {
        Rc::new(AppState::new(presets::default_scenario(), None, None))
    }

    fn replace(s: Rc<AppState>, preset: &str) -> Rc<AppState> {
        let next = presets::load(preset).expect("preset");
        s.reduce(Action::Replace(Box::new(next), None))
    }

    #[test]
    fn undo_brings_back_what_a_replacement_replaced() {
        let edited = state().reduce(Action::Edit(Box::new(|s| s.workload.data_gb = 321.0)));
        let replaced = replace(edited.clone(), "zilliz-billing");
        assert_ne!(replaced.scenario, edited.scenario);
        let back = replaced.clone().reduce(Action::Undo);
        assert_eq!(back.scenario, edited.scenario);
        assert_eq!(back.scenario.workload.data_gb, 321.0);
        assert!(back.replaced.is_none(), "one step back, not a history");
        assert!(
            back.revision > replaced.revision,
            "autosave sees the change"
        );
        assert!(back
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("Brought back")));
        // Nothing to undo: the state is unchanged.
        let again = back.clone().reduce(Action::Undo);
        assert!(Rc::ptr_eq(&again, &back));
    }

    #[test]
    fn an_edit_or_dismissing_the_notice_ends_the_undo() {
        let replaced = replace(state(), "aws-guide-one-dr");
        assert!(replaced.replaced.is_some());
        let edited = replaced
            .clone()
            .reduce(Action::Edit(Box::new(|s| s.name = "mine".into())));
        assert!(edited.replaced.is_none());
        assert!(replaced.reduce(Action::Dismiss).replaced.is_none());
        // An edit that changes nothing keeps it.
        let replaced = replace(state(), "aws-guide-one-dr");
        let same = replaced.reduce(Action::Edit(Box::new(|_| {})));
        assert!(same.replaced.is_some());
    }
}
