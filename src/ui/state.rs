//! The app's state: the scenario being edited, a notice for the user, and the
//! reducer that every edit goes through. Derived results (validation,
//! simulation, bill, levers) are computed from the scenario, never stored.

use std::any::TypeId;
use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::cost::bill;
use crate::domain::follow;
use crate::domain::scenario::Scenario;
use crate::domain::validation::Problems;
use crate::sim::diagnose::Warning;
use crate::sim::{self, SimResult};

/// A message shown above the editors until dismissed.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// How many steps back undo reaches.
pub const HISTORY: usize = 200;

/// Edits of one field closer together than this are one undo step (typing
/// "1000" is one change, not four).
pub const MERGE_MS: f64 = 1_500.0;

/// Everything the user is working on.
#[derive(Debug, Clone)]
pub struct AppState {
    pub scenario: Rc<Scenario>,
    pub notice: Option<Notice>,
    /// Scenarios before the current one, oldest first: undo steps back
    /// through them, over edits and replacements alike.
    pub past: Vec<Rc<Scenario>>,
    /// Scenarios undone, nearest first at the end: redo steps forward.
    pub future: Vec<Rc<Scenario>>,
    /// While the notice offers to undo the last step in one click (a
    /// replacement by a preset, an import, a platform switch or a share
    /// link; changes that followed a move of the service): what the notice
    /// says once it is undone.
    pub replaced: Option<String>,
    /// The field (by its edit callback) and time of the last edit, so
    /// keystrokes in one field merge into one undo step.
    last_edit: Option<(MergeKey, f64)>,
    /// Fields whose text is not a valid value (field path → message): the
    /// scenario keeps its last valid value, and the header counts these.
    pub drafts: BTreeMap<String, String>,
    /// A scenario another tab of this app saved since this one last did.
    pub other_tab: Option<Rc<Scenario>>,
    /// The Terraform file or CloudFormation template the plan was last
    /// imported from: its exports are that file with the edits written
    /// into it. Kept through edits, undo and applied plans; another import
    /// or a preset replaces it.
    pub onto: Option<Rc<Onto>>,
    /// Bumped on every change, so effects can tell edits apart.
    pub revision: u64,
    /// Bumped when the scenario changes other than by typing in a field
    /// (replacement, undo, redo): the editors are built anew, so no field
    /// keeps text from before.
    pub generation: u64,
}

/// Two states are the same when nothing a view shows differs. Every change
/// of the scenario or its history bumps `revision`, so the scenario and the
/// (up to 200-step) history are compared by that and by pointer, never
/// scenario by scenario: this runs on every render of the app.
impl PartialEq for AppState {
    fn eq(&self, o: &Self) -> bool {
        self.revision == o.revision
            && self.generation == o.generation
            && Rc::ptr_eq(&self.scenario, &o.scenario)
            && self.past.len() == o.past.len()
            && self.future.len() == o.future.len()
            && self.notice == o.notice
            && self.replaced == o.replaced
            && self.drafts == o.drafts
            && match (&self.onto, &o.onto) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
            && match (&self.other_tab, &o.other_tab) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
    }
}

impl AppState {
    /// The state the app opens with.
    pub fn new(scenario: Scenario, notice: Option<Notice>, replaced: Option<Scenario>) -> Self {
        AppState {
            scenario: Rc::new(scenario),
            notice,
            replaced: replaced.as_ref().map(|r| brought_back(&r.name)),
            past: replaced.map(Rc::new).into_iter().collect(),
            future: Vec::new(),
            last_edit: None,
            drafts: BTreeMap::new(),
            other_tab: None,
            onto: None,
            revision: 0,
            generation: 0,
        }
    }

    /// Sets the scenario as one step of history (before it goes to `past`).
    fn step(&mut self, s: Rc<Scenario>) {
        let before = std::mem::replace(&mut self.scenario, s);
        self.past.push(before);
        if self.past.len() > HISTORY {
            self.past.remove(0);
        }
        self.future.clear();
        self.revision += 1;
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Errors in fields whose text does not parse, as (field, message).
    pub fn draft_errors(&self) -> impl Iterator<Item = (&str, &str)> {
        self.drafts.iter().map(|(f, m)| (f.as_str(), m.as_str()))
    }
}

/// A change to the scenario.
pub type Change = Box<dyn FnOnce(&mut Scenario)>;

/// What can happen to the state.
/// Which field an edit was typed in: the edit's callback (its type) and the
/// element that had the focus. Rows of one editor (rules, targets, events)
/// share their callbacks' types, so the element tells their fields apart.
/// An edit of the scenario with the value a field gave.
type FieldEdit<T> = dyn Fn(&mut Scenario, T);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeKey {
    callback: TypeId,
    element: u64,
}

impl MergeKey {
    /// The key of an edit by a callback of type `F` now.
    pub fn of<F: 'static>() -> MergeKey {
        MergeKey {
            callback: TypeId::of::<F>(),
            element: focused_element(),
        }
    }

    /// The same callback in another element.
    #[cfg(test)]
    fn in_element(self, element: u64) -> MergeKey {
        MergeKey { element, ..self }
    }
}

/// A hash of the focused element's id (0 outside a browser, or with no id).
fn focused_element() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        use std::hash::{Hash, Hasher};
        let id = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .map(|e| e.id())
            .unwrap_or_default();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        id.hash(&mut h);
        h.finish()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

pub enum Action {
    /// Replace the whole scenario (preset, import, platform switch), with a
    /// notice; undo brings back the scenario it replaced.
    Replace(Box<Scenario>, Option<Notice>),
    /// Change part of the scenario. Edits with the same `merge` key (one
    /// field's callback) within [`MERGE_MS`] of each other are one undo step.
    Edit {
        change: Change,
        merge: Option<(MergeKey, f64)>,
    },
    /// One step back in the history.
    Undo,
    /// One step forward again.
    Redo,
    /// A field's text does not parse (`Some(message)`) or parses again.
    Draft(String, Option<String>),
    /// Another tab saved this scenario.
    OtherTab(Box<Scenario>),
    /// The service moved from `old` (a catalog name): move the secondary
    /// locations and events that depended on it, as an undo step of its own.
    Follow {
        old: String,
    },
    /// The file the plan was just imported from, or none.
    Onto(Option<Rc<Onto>>),
    Notify(Notice),
    Dismiss,
}

/// A file a plan came from and the export that writes into it.
#[derive(Debug, PartialEq)]
pub struct Onto {
    pub export: crate::formats::exports::Export,
    pub source: crate::offload::Source,
}

impl Action {
    /// An edit that is its own undo step.
    pub fn edit(f: impl FnOnce(&mut Scenario) + 'static) -> Action {
        Action::Edit {
            change: Box::new(f),
            merge: None,
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Replace(s, notice) => {
                next.replaced = Some(brought_back(&self.scenario.name));
                next.step(Rc::new(*s));
                next.notice = notice;
                next.last_edit = None;
                next.drafts.clear();
                next.generation += 1;
            }
            Action::Edit { change, merge } => {
                let mut s = (*self.scenario).clone();
                change(&mut s);
                if s == *self.scenario {
                    return self;
                }
                let merged = match (merge, self.last_edit) {
                    (Some((k, t)), Some((lk, lt))) => {
                        k == lk && t >= lt && t - lt < MERGE_MS && !self.past.is_empty()
                    }
                    _ => false,
                };
                if merged {
                    next.scenario = Rc::new(s);
                    next.future.clear();
                    next.revision += 1;
                } else {
                    next.step(Rc::new(s));
                }
                next.last_edit = merge;
                next.replaced = None;
            }
            Action::Undo => {
                let Some(before) = next.past.pop() else {
                    return self;
                };
                let now = std::mem::replace(&mut next.scenario, before);
                next.future.push(now);
                if let Some(text) = next.replaced.take() {
                    next.notice = Some(Notice { text, error: false });
                }
                next.after_history_move();
            }
            Action::Redo => {
                let Some(after) = next.future.pop() else {
                    return self;
                };
                let now = std::mem::replace(&mut next.scenario, after);
                next.past.push(now);
                next.replaced = None;
                next.after_history_move();
            }
            Action::Draft(field, message) => {
                let same = next.drafts.get(&field) == message.as_ref();
                if same {
                    return self;
                }
                match message {
                    Some(m) => next.drafts.insert(field, m),
                    None => next.drafts.remove(&field),
                };
            }
            Action::OtherTab(s) => {
                if *s == *self.scenario {
                    next.other_tab = None;
                } else {
                    next.notice = Some(Notice {
                        text: format!(
                            "Another tab of BTAR Planner saved its scenario '{}'. This tab keeps its own; your next edit here saves over the other tab's.",
                            s.name
                        ),
                        error: false,
                    });
                    next.other_tab = Some(Rc::new(*s));
                }
            }
            Action::Follow { old } => {
                let mut s = (*self.scenario).clone();
                let changes = follow::follow_primary(&mut s, &old);
                if changes.is_empty() {
                    return self;
                }
                next.step(Rc::new(s));
                next.last_edit = None;
                next.generation += 1;
                next.notice = Some(Notice {
                    text: format!(
                        "The service moved to {}; moved with it: {}.",
                        next.scenario.primary_region().map_or("?", |r| r.cloud),
                        changes
                            .iter()
                            .map(|c| format!("{} {} → {}", c.field, c.from, c.to))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                    error: false,
                });
                next.replaced = Some(
                    "Took back the changes that followed the service; its new region stays.".into(),
                );
            }
            Action::Onto(o) => next.onto = o,
            Action::Notify(n) => next.notice = Some(n),
            Action::Dismiss => {
                next.notice = None;
                next.replaced = None;
                next.other_tab = None;
            }
        }
        Rc::new(next)
    }
}

/// What the notice says when a replaced scenario is brought back.
fn brought_back(name: &str) -> String {
    format!("Brought back '{name}'.")
}

impl AppState {
    fn after_history_move(&mut self) {
        self.last_edit = None;
        self.drafts.clear();
        self.revision += 1;
        self.generation += 1;
    }
}

/// Above this many simulated events, the levers (compared in the worker)
/// wait for a request.
pub const AUTO_LEVERS_MAX_EVENTS: u64 = 20_000;

/// Results derived from a scenario.
#[derive(Debug, Clone)]
pub struct Derived {
    pub problems: Problems,
    /// `None` while the scenario has errors.
    pub sim: Option<Rc<SimResult>>,
    pub bill: Option<Rc<bill::Bill>>,
    /// What the run's numbers would not say by themselves.
    pub warnings: Vec<Warning>,
    /// The answer against the objectives.
    pub verdict: Option<Rc<crate::sim::verdict::Verdict>>,
    /// Milliseconds the derivation took (shown as "simulated in …").
    pub elapsed_ms: f64,
    /// Why a valid scenario was not simulated (its plan past the page's
    /// work limit, or its run in the worker stopped).
    pub sim_error: Option<String>,
    /// A valid plan too large to run on the main thread: its run is the
    /// simulation worker's ([`Analysing`]), and these results wait for it.
    pub analysing: Option<Analysing>,
}

/// The same results: a run, its bill and its verdict are the same when they
/// are the very same values (each derivation makes new ones), which spares
/// comparing a year of jobs field by field on every render.
impl PartialEq for Derived {
    fn eq(&self, o: &Self) -> bool {
        fn same<T>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
        }
        same(&self.sim, &o.sim)
            && same(&self.bill, &o.bill)
            && same(&self.verdict, &o.verdict)
            && self.problems == o.problems
            && self.warnings == o.warnings
            && self.elapsed_ms == o.elapsed_ms
            && self.sim_error == o.sim_error
            && self.analysing == o.analysing
    }
}

/// A plan the simulation worker runs for the page.
#[derive(Debug, Clone)]
pub struct Analysing {
    /// About how many backup and copy jobs the plan makes.
    pub jobs: u64,
    /// How far through the span the run is (0 to 1), once it has started.
    pub progress: Option<f64>,
    /// Why the run stopped (cancelled, or the worker failed): the panel
    /// offers to run it again.
    pub stopped: Option<String>,
    /// The last results the worker gave, for an earlier version of the
    /// scenario: shown dimmed and marked while this run goes, so the page
    /// keeps its place and updates them in place.
    pub earlier: Option<Rc<Derived>>,
}

/// The same earlier results are the same allocation: each run's results
/// are made once, so the pointer tells (and nothing is compared deeply).
impl PartialEq for Analysing {
    fn eq(&self, o: &Self) -> bool {
        self.jobs == o.jobs
            && self.progress == o.progress
            && self.stopped == o.stopped
            && match (&self.earlier, &o.earlier) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
    }
}

/// The most jobs the page simulates on its main thread as the user types
/// (well under 50 ms a keystroke in the browser); larger plans run in the
/// simulation worker, with progress and Cancel.
pub const INLINE_MAX_JOBS: u64 = 10_000;

/// The most jobs the page simulates at all (in the worker: a few seconds,
/// and results the page can hold); the command line runs up to
/// [`crate::sim::engine::MAX_JOBS`].
pub const PAGE_MAX_JOBS: u64 = 250_000;

/// Milliseconds since the page opened (0 outside a browser).
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.performance())
            .map(|p| p.now())
            .unwrap_or(0.0)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// The analysis pipeline ([`crate::analysis`]) on a scenario: on the spot
/// when the plan is small ([`INLINE_MAX_JOBS`]), else marked for the
/// simulation worker ([`Derived::analysing`], finished by [`finish`]).
pub fn derive(s: &Scenario, now_ms: impl Fn() -> f64) -> Derived {
    use crate::analysis::{analyse, AnalysisError};
    let t0 = now_ms();
    let blank = |problems, sim_error, analysing| Derived {
        problems,
        sim: None,
        bill: None,
        warnings: Vec::new(),
        verdict: None,
        elapsed_ms: 0.0,
        sim_error,
        analysing,
    };
    let start = s.simulation.start;
    let when = |t| crate::ui::time::minute(crate::domain::clock::add_seconds(start, t));
    match analyse(s, INLINE_MAX_JOBS, &s.objectives, &when) {
        Ok(a) => from_analysis(a, now_ms() - t0),
        Err(AnalysisError::Invalid(problems)) => blank(problems, None, None),
        Err(AnalysisError::NotRun {
            problems,
            error: sim::SimError::TooLarge { jobs, .. },
        }) if jobs <= PAGE_MAX_JOBS => blank(
            problems,
            None,
            Some(Analysing {
                jobs,
                progress: None,
                stopped: None,
                earlier: None,
            }),
        ),
        Err(AnalysisError::NotRun { problems, error }) => {
            // Past the page's own limit: say that limit, not the inline one.
            let error = match sim::engine::Engine::within(s, PAGE_MAX_JOBS) {
                Err(e) => e,
                Ok(_) => error,
            };
            blank(
                problems,
                Some(format!(
                    "Not simulated here: {error}. The command line runs plans of up to {} jobs (btar simulate).",
                    sim::engine::MAX_JOBS
                )),
                None,
            )
        }
    }
}

/// The page's results from a run and its bill made by the simulation
/// worker: the pipeline's last stages (warnings, verdict) added.
pub fn finish(
    s: &Scenario,
    problems: Problems,
    r: SimResult,
    b: bill::Bill,
    elapsed_ms: f64,
) -> Derived {
    let start = s.simulation.start;
    let when = |t| crate::ui::time::minute(crate::domain::clock::add_seconds(start, t));
    from_analysis(
        crate::analysis::finish(s, problems, r, b, &s.objectives, &when),
        elapsed_ms,
    )
}

fn from_analysis(a: crate::analysis::Analysis, elapsed_ms: f64) -> Derived {
    Derived {
        problems: a.problems,
        sim: Some(Rc::new(a.sim)),
        bill: Some(Rc::new(a.bill)),
        warnings: a.warnings,
        verdict: Some(Rc::new(a.verdict)),
        elapsed_ms,
        sim_error: None,
        analysing: None,
    }
}

/// What every component can reach: the state, its derived results and the
/// dispatcher.
#[derive(Clone)]
pub struct AppContext {
    pub state: Rc<AppState>,
    pub derived: Rc<Derived>,
    pub dispatch: UseReducerDispatcher<AppState>,
    /// Cancel or retry the simulation worker's run of a large plan.
    pub analysis: Callback<crate::ui::analysis::Command>,
}

/// The context changes when the state does or the results are new ones:
/// the results are compared by pointer (they are memoised on the scenario),
/// not job by job on every render.
impl PartialEq for AppContext {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.derived, &o.derived)
            && self.state == o.state
            && self.dispatch == o.dispatch
            && self.analysis == o.analysis
    }
}

impl AppContext {
    pub fn scenario(&self) -> &Scenario {
        &self.state.scenario
    }

    /// A callback that applies `f` with the value it is given. Calls of one
    /// such callback in quick succession (keystrokes in one field) are one
    /// undo step.
    pub fn edit<T: 'static, F: Fn(&mut Scenario, T) + 'static>(&self, f: F) -> Callback<T> {
        self.callback(Rc::new(f), Some(TypeId::of::<F>()))
    }

    /// A callback that applies `f` as an undo step of its own (a button).
    pub fn step<T: 'static>(&self, f: impl Fn(&mut Scenario, T) + 'static) -> Callback<T> {
        self.callback(Rc::new(f), None)
    }

    /// [`AppContext::edit`] and [`AppContext::step`] through one body per
    /// value type (not one per field), which keeps the module small.
    fn callback<T: 'static>(&self, f: Rc<FieldEdit<T>>, callback: Option<TypeId>) -> Callback<T> {
        let dispatch = self.dispatch.clone();
        Callback::from(move |v: T| {
            let f = f.clone();
            dispatch.dispatch(Action::Edit {
                change: Box::new(move |s| f(s, v)),
                // The focus is read as the edit is made.
                merge: callback.map(|callback| {
                    let key = MergeKey {
                        callback,
                        element: focused_element(),
                    };
                    (key, now_ms())
                }),
            });
        })
    }

    /// Errors that stand between the scenario and its results: the
    /// validation's errors and the fields whose text is not a value.
    pub fn error_count(&self) -> usize {
        self.derived.problems.errors().count() + self.state.drafts.len()
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

    fn typed(s: Rc<AppState>, key: MergeKey, at_ms: f64, gb: f64) -> Rc<AppState> {
        s.reduce(Action::Edit {
            change: Box::new(move |s| s.workload.data_gb = gb),
            merge: Some((key, at_ms)),
        })
    }

    /// An AWS plan backing up hourly for `days` days, copying to one region.
    fn hourly(days: u32) -> Scenario {
        let mut s = presets::load("aws-guide-one-dr").expect("preset");
        if let crate::domain::scenario::Platform::Aws(a) = &mut s.platform {
            a.plan.rules.truncate(1);
            a.plan.rules[0].schedule_expression = Some("cron(0 * ? * * *)".into());
        }
        s.simulation.days = days;
        s
    }

    #[test]
    fn small_plans_run_here_large_ones_in_the_worker_huge_ones_nowhere() {
        let small = derive(&hourly(30), || 0.0);
        assert!(small.sim.is_some() && small.analysing.is_none());
        let year = derive(&hourly(365), || 0.0);
        assert!(year.sim.is_none() && year.sim_error.is_none());
        let a = year.analysing.expect("goes to the worker");
        assert!(
            a.jobs > INLINE_MAX_JOBS && a.jobs <= PAGE_MAX_JOBS,
            "{}",
            a.jobs
        );
        assert_eq!((a.progress, a.stopped), (None, None));
        // Ten years of hourly backups, copied to two regions.
        let mut huge = hourly(3650);
        if let crate::domain::scenario::Platform::Aws(a) = &mut huge.platform {
            let c = a.plan.rules[0].copy_actions[0].clone();
            let mut arn: Vec<&str> = c.destination_backup_vault_arn.split(':').collect();
            arn[3] = if arn[3] == "eu-west-1" {
                "eu-central-1"
            } else {
                "eu-west-1"
            };
            let arn = arn.join(":");
            a.plan.rules[0]
                .copy_actions
                .push(crate::domain::scenario::AwsCopyAction {
                    destination_backup_vault_arn: arn,
                    ..c
                });
        }
        let huge = derive(&huge, || 0.0);
        assert!(huge.problems.is_valid(), "{:?}", huge.problems);
        assert!(huge.sim.is_none() && huge.analysing.is_none());
        let e = huge.sim_error.expect("refused");
        assert!(e.contains(&PAGE_MAX_JOBS.to_string()), "{e}");
        // What the worker's answer becomes is what the page makes itself.
        let s = hourly(30);
        let r = crate::sim::simulate(&s).expect("runs");
        let b = bill::bill(&s, &r);
        let f = finish(&s, crate::domain::validation::validate(&s), r, b, 0.0);
        // (Derived compares runs by pointer: compare what they hold.)
        assert_eq!(small.sim, f.sim);
        assert_eq!(small.bill, f.bill);
        assert_eq!(small.verdict, f.verdict);
        assert_eq!(
            (
                small.problems,
                small.warnings,
                small.sim_error,
                small.analysing
            ),
            (f.problems, f.warnings, f.sim_error, f.analysing)
        );
    }

    #[test]
    fn results_are_the_same_only_when_they_are_the_very_same_run() {
        let a = derive(&hourly(2), || 0.0);
        assert_eq!(a, a.clone(), "a clone shares its run");
        let b = derive(&hourly(2), || 0.0);
        assert_eq!(a.sim, b.sim, "the same figures");
        assert_ne!(a, b, "but another run: the views redraw");
    }

    #[test]
    fn undo_brings_back_what_a_replacement_replaced() {
        let edited = state().reduce(Action::edit(|s| s.workload.data_gb = 321.0));
        let replaced = replace(edited.clone(), "zilliz-billing");
        assert_ne!(replaced.scenario, edited.scenario);
        assert_eq!(replaced.replaced, Some(brought_back(&edited.scenario.name)));
        let back = replaced.clone().reduce(Action::Undo);
        assert_eq!(back.scenario, edited.scenario);
        assert!(back.replaced.is_none(), "the notice's offer is used up");
        assert!(
            back.revision > replaced.revision,
            "autosave sees the change"
        );
        assert!(back.generation > replaced.generation, "editors are rebuilt");
        assert!(back
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("Brought back")));
        // Redo goes forward to the replacement again.
        let fwd = back.reduce(Action::Redo);
        assert_eq!(fwd.scenario, replaced.scenario);
    }

    #[test]
    fn undo_and_redo_walk_many_steps_and_an_edit_drops_the_redo() {
        let mut s = state();
        let first = s.scenario.clone();
        for gb in 1..=5 {
            s = s.reduce(Action::edit(move |s| s.workload.data_gb = f64::from(gb)));
        }
        s = replace(s, "aws-guide-one-dr");
        assert_eq!(s.past.len(), 6);
        for _ in 0..6 {
            s = s.reduce(Action::Undo);
        }
        assert_eq!(s.scenario, first);
        assert!(!s.can_undo());
        let unchanged = s.clone().reduce(Action::Undo);
        assert!(
            Rc::ptr_eq(&unchanged, &s),
            "nothing to undo changes nothing"
        );
        for _ in 0..3 {
            s = s.reduce(Action::Redo);
        }
        assert_eq!(s.scenario.workload.data_gb, 3.0);
        s = s.reduce(Action::edit(|s| s.name = "mine".into()));
        assert!(!s.can_redo(), "a new edit starts a new branch");
        assert_eq!(s.past.len(), 4);
    }

    #[test]
    fn keystrokes_in_one_field_are_one_step() {
        struct A;
        struct B;
        let (a, b) = (MergeKey::of::<A>(), MergeKey::of::<B>());
        let s0 = state();
        let s = typed(s0.clone(), a, 0.0, 1.0);
        let s = typed(s, a, 200.0, 10.0);
        let s = typed(s, a, 400.0, 100.0);
        assert_eq!(s.past.len(), 1);
        let back = s.clone().reduce(Action::Undo);
        assert_eq!(back.scenario, s0.scenario);
        // Another field, or a pause, is a new step.
        let s = typed(s, b, 500.0, 7.0);
        assert_eq!(s.past.len(), 2);
        let s = typed(s, b, 500.0 + MERGE_MS + 1.0, 8.0);
        assert_eq!(s.past.len(), 3);
        // The same callback in another row's field (rule 2 after rule 1):
        // a step of its own.
        let t = 500.0 + MERGE_MS + 100.0;
        let s = typed(s, b.in_element(1), t, 9.0);
        let s = typed(s, b.in_element(2), t + 100.0, 10.0);
        assert_eq!(s.past.len(), 5);
    }

    #[test]
    fn a_move_to_another_provider_is_followed_as_its_own_step() {
        let s = state();
        let old = s.primary_region_name();
        let moved = s.reduce(Action::edit(|s| {
            if let crate::domain::scenario::Platform::Aiven(a) = &mut s.platform {
                a.cloud = "google-europe-west1".into();
            }
        }));
        let followed = moved.clone().reduce(Action::Follow { old });
        assert_eq!(followed.past.len(), 2);
        assert!(followed.secondary_ok());
        assert!(followed
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("moved with it")));
        // Undo takes back the follow-up only.
        let back = followed.reduce(Action::Undo);
        assert_eq!(back.scenario, moved.scenario);
    }

    impl AppState {
        fn primary_region_name(&self) -> String {
            self.scenario
                .primary_region()
                .map(|r| r.cloud.to_string())
                .unwrap_or_default()
        }
        fn secondary_ok(&self) -> bool {
            crate::domain::validation::validate(&self.scenario).is_valid()
        }
    }

    #[test]
    fn history_is_bounded() {
        let mut s = state();
        for i in 0..(HISTORY + 20) {
            let v = i as f64 + 1.0;
            s = s.reduce(Action::edit(move |s| s.workload.data_gb = v));
        }
        assert_eq!(s.past.len(), HISTORY);
    }

    #[test]
    fn an_edit_or_dismissing_the_notice_ends_the_offer() {
        let replaced = replace(state(), "aws-guide-one-dr");
        assert!(replaced.replaced.is_some());
        let edited = replaced
            .clone()
            .reduce(Action::edit(|s| s.name = "mine".into()));
        assert!(edited.replaced.is_none());
        assert!(edited.can_undo());
        assert!(replaced.reduce(Action::Dismiss).replaced.is_none());
        // An edit that changes nothing keeps it.
        let replaced = replace(state(), "aws-guide-one-dr");
        let same = replaced.reduce(Action::edit(|_| {}));
        assert!(same.replaced.is_some());
    }

    #[test]
    fn unparsable_fields_are_counted_until_they_parse_or_history_moves() {
        let s = state().reduce(Action::Draft(
            "workload.data_gb".into(),
            Some("'x' is not a number".into()),
        ));
        assert_eq!(s.drafts.len(), 1);
        let same = s.clone().reduce(Action::Draft(
            "workload.data_gb".into(),
            Some("'x' is not a number".into()),
        ));
        assert!(Rc::ptr_eq(&same, &s));
        assert!(s
            .clone()
            .reduce(Action::Draft("workload.data_gb".into(), None))
            .drafts
            .is_empty());
        assert!(replace(s, "zilliz-billing").drafts.is_empty());
    }

    #[test]
    fn another_tabs_save_is_told_not_taken() {
        let s = state();
        let other = presets::load("zilliz-billing").expect("preset");
        let told = s.clone().reduce(Action::OtherTab(Box::new(other)));
        assert_eq!(told.scenario, s.scenario, "this tab keeps its scenario");
        assert!(told.other_tab.is_some());
        assert!(told
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("Another tab")));
        let mine = (*s.scenario).clone();
        assert!(s
            .reduce(Action::OtherTab(Box::new(mine)))
            .other_tab
            .is_none());
    }
}
