//! Risk over many outages and the cheapest plans that meet the objectives:
//! both run in the compute workers (one per core) with progress and a
//! Cancel, and come back as typed, judged results ([`RiskView`],
//! [`FrontierView`]) that the components here draw; a frontier plan is
//! applied as a replacement (Undo takes it back) or exported in the
//! platform's own format.

use std::rc::Rc;

use yew::prelude::*;

use crate::domain::scenario::Scenario;

use super::fields::{parse_number, Range};
use super::results::ChartCanvas;
use crate::compute::RiskInputs;
use crate::cost::frontier::{FrontierView, PlanView};
use crate::formats::exports::Export;
use crate::formats::scenario_file;
use crate::offload::{Request, Response};
use crate::sim::report::{duration_text, usd};
use crate::sim::risk::{self, RiskView};
use crate::ui::charts::{self, Chart, Same};
use crate::ui::compute::{self as pool, Listener, Outcome};
use crate::ui::state::{Action, AppContext, AppState, Notice};

/// A run's state (both runs share the type, and one body draws it).
#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Running(f64),
    Cancelled,
    Failed(String),
    /// The result and the scenario it is for (so Undo back to that very
    /// scenario makes it current again).
    Done(Outcome, Rc<Scenario>),
}

impl Status {
    /// Done, but for another scenario than `current`.
    fn stale(&self, current: &Scenario) -> bool {
        matches!(self, Status::Done(_, of) if !Scenario::eq(of, current))
    }
}

/// The risk inputs, read when the run starts: (id, label, integer, range).
const INPUTS: [(&str, &str, bool, Range); 5] = [
    (
        "risk-trials",
        "Trials",
        true,
        Range::new(1.0, risk::MAX_TRIALS as f64),
    ),
    // Checked here as a number; read again as a 64-bit integer below.
    ("risk-seed", "Seed", true, Range::new(0.0, u64::MAX as f64)),
    (
        "risk-rate",
        "Region outages per region per year (assumption)",
        false,
        Range::new(risk::RATE_RANGE.0, risk::RATE_RANGE.1),
    ),
    (
        "risk-median",
        "Median outage in hours (assumption)",
        false,
        Range::new(risk::MEDIAN_RANGE.0, risk::MEDIAN_RANGE.1),
    ),
    (
        "risk-sigma",
        "Spread σ of the log-normal (assumption)",
        false,
        Range::new(risk::SIGMA_RANGE.0, risk::SIGMA_RANGE.1),
    ),
];

/// The field for outages of their own: its id and label.
const OWN: (&str, &str) = ("risk-own", crate::compute::OWN_LABEL);

/// What the risk inputs hold before the user types: [`INPUTS`]' then
/// [`OWN`]'s.
const START: [&str; 6] = ["1000", "1", "0.5", "4", "1", ""];

/// The risk inputs as parameters, or what is wrong with the first bad one
/// (the field, the value and the rule). The outage figures of their own
/// are read, and any error in them named, by the compute workers.
fn read_params(text: &[String; 6]) -> Result<RiskInputs, String> {
    let mut v = [0.0; 5];
    for ((x, (_, label, integer, range)), t) in v.iter_mut().zip(&INPUTS).zip(text) {
        let n = parse_number(t, *integer).map_err(|e| format!("{label}: {e}"))?;
        if let Some(e) = range.check(n) {
            return Err(format!("{label}: {e}"));
        }
        *x = n;
    }
    // The seed is any 64-bit whole number, as `btar risk --seed` takes it:
    // read as one, never through a float (which holds 2^53 exactly).
    let seed_text = text[1].trim();
    let seed = seed_text.parse::<u64>().map_err(|_| {
        format!(
            "Seed: '{seed_text}' is not a whole number from 0 to {}",
            u64::MAX
        )
    })?;
    Ok(RiskInputs {
        trials: v[0] as u32,
        seed,
        outages_per_year: v[2],
        outage_median_hours: v[3],
        outage_sigma: v[4],
        own: text[5].clone(),
    })
}

fn listener(status: UseStateHandle<Status>, scenario: Rc<Scenario>) -> Listener {
    let progress = status.clone();
    Listener {
        progress: Box::new(move |f| progress.set(Status::Running(f))),
        done: Box::new(move |r| {
            status.set(match r {
                Ok(o) => Status::Done(o, scenario),
                Err(e) => Status::Failed(e),
            })
        }),
    }
}

/// The run's state: progress with a Cancel while it runs (built as nodes,
/// so the button stays the same element while the progress moves), or how
/// it ended: (progress, or the message's class and text). One body for
/// both runs.
fn status_view(
    id: &'static str,
    phase: Result<f64, (&'static str, &str)>,
    what: &str,
    cancel: Callback<MouseEvent>,
) -> Html {
    match phase {
        Ok(f) => html! {
            <p class="row wrap">
                <progress id={format!("{id}-progress")} max="1" value={format!("{f:.3}")}></progress>
                <span id={format!("{id}-status")} class="hint" role="status">{ format!("{what} on {} worker(s)… {:.0} %", pool::cores(), f * 100.0) }</span>
                <button type="button" class="secondary small" id={format!("{id}-cancel")} onclick={cancel}>{ "Cancel" }</button>
            </p>
        },
        Err((_, "")) => html! {},
        Err((class, text)) => html! {
            <p id={format!("{id}-status")} {class} role="status">{ text.to_string() }</p>
        },
    }
}

impl Status {
    /// For [`status_view`]: the progress while it runs, else the message's
    /// class and text (empty: nothing to say).
    fn phase(&self, current: &Scenario) -> Result<f64, (&'static str, &str)> {
        match self {
            Status::Running(f) => Ok(*f),
            Status::Failed(e) => Err(("error", e)),
            Status::Cancelled => Err(("hint", "Cancelled.")),
            s if s.stale(current) => Err((
                "hint stale",
                "These figures are for an earlier version of the scenario; run again for this one.",
            )),
            _ => Err(("", "")),
        }
    }
}

/// Cancel: the workers stop and the run says so.
fn cancel(s: &UseStateHandle<Status>) -> Callback<MouseEvent> {
    let s = s.clone();
    Callback::from(move |_: MouseEvent| {
        pool::cancel();
        s.set(Status::Cancelled);
    })
}

#[function_component(DecideSection)]
pub fn decide_section() -> Html {
    let Some(ctx) = use_context::<AppContext>() else {
        return html! {};
    };
    let inputs = use_state(|| START.map(String::from));
    let risk = use_state(|| Status::Idle);
    let front = use_state(|| Status::Idle);
    // Workers stop when the results leave the page.
    use_effect_with((), |_| pool::cancel);
    let current = ctx.state.scenario.clone();
    let run_risk = {
        let (risk, front, inputs) = (risk.clone(), front.clone(), inputs.clone());
        let scenario = current.clone();
        Callback::from(move |_: MouseEvent| match read_params(&inputs) {
            Ok(p) => {
                // One run at a time: a frontier run stops.
                if matches!(*front, Status::Running(_)) {
                    front.set(Status::Cancelled);
                }
                risk.set(Status::Running(0.0));
                pool::risk(
                    scenario_file::to_compact_json(&scenario),
                    p,
                    listener(risk.clone(), scenario.clone()),
                );
            }
            Err(e) => risk.set(Status::Failed(e)),
        })
    };
    let run_frontier = {
        let (risk, front) = (risk.clone(), front.clone());
        let scenario = current.clone();
        Callback::from(move |_: MouseEvent| {
            if matches!(*risk, Status::Running(_)) {
                risk.set(Status::Cancelled);
            }
            front.set(Status::Running(0.0));
            pool::frontier(
                scenario_file::to_compact_json(&scenario),
                listener(front.clone(), scenario.clone()),
            );
        })
    };
    // A plan is a variant of the scenario it was found for: after other
    // edits it would undo them, so it is not applied (or exported) until
    // the plans are found again.
    let pick = {
        let (front, dispatch, scenario) = (front.clone(), ctx.dispatch.clone(), current.clone());
        Callback::from(move |(i, apply): (usize, bool)| {
            let Status::Done(Outcome::Frontier(view), _) = &*front else {
                return;
            };
            let Some(p) = view.plans.get(i) else {
                return;
            };
            if front.stale(&scenario) {
                dispatch.dispatch(Action::Notify(Notice {
                    text: "These plans are for an earlier version of the scenario, and applying one would undo the edits made since: press “Find cheaper plans” again.".into(),
                    error: true,
                }));
            } else if apply {
                self::apply(&dispatch, p);
            } else {
                export(&dispatch, p);
            }
        })
    };
    html! {
        <section class="panel" id="decide" data-own-undo="">
            <h3>{ "Risk over many outages" }</h3>
            <p class="hint">{ "Each trial runs the plan with random outages of the secondary regions and random copy failures, and loses the service's region at a random moment: how much data is lost then, and how long the restore takes." }</p>
            <div class="grid3" id="risk-inputs">
                { for (0..START.len()).map(|i| risk_field(&inputs, i)) }
            </div>
            <p class="row wrap"><button type="button" id="risk-run" onclick={run_risk}>{ "Run risk" }</button></p>
            { status_view("risk", risk.phase(&current), "Running trials", cancel(&risk)) }
            <div id="risk-result">
                if let Status::Done(Outcome::Risk(v), _) = &*risk {
                    <RiskResult view={v.clone()} />
                }
            </div>
            <h3>{ "The cheapest plans that meet the objectives" }</h3>
            <p class="hint">{ "Variants of this plan over the levers ticked under “The cheapest plans may change” (with the objectives), each simulated and billed; nothing else is changed; listed are the plans no other beats on both monthly cost and worst data lost." }</p>
            <p class="row wrap"><button type="button" id="frontier-run" onclick={run_frontier}>{ "Find cheaper plans" }</button></p>
            { status_view("frontier", front.phase(&current), "Measuring variants", cancel(&front)) }
            <div id="frontier-result">
                if let Status::Done(Outcome::Frontier(v), _) = &*front {
                    <FrontierResult view={v.clone()} stale={front.stale(&current)} {pick} />
                }
            </div>
        </section>
    }
}

/// Risk input `i` ([`INPUTS`], then [`OWN`]): its label and text box.
fn risk_field(inputs: &UseStateHandle<[String; 6]>, i: usize) -> Html {
    let (id, label, mode, hint) = match INPUTS.get(i) {
        Some((id, label, integer, _)) => (
            *id,
            *label,
            if *integer { "numeric" } else { "decimal" },
            "",
        ),
        None => (
            OWN.0,
            OWN.1,
            "text",
            "e.g. aws=0.3:6, aws-us-west-2=2 (rate:median hours)",
        ),
    };
    let oninput = {
        let inputs = inputs.clone();
        Callback::from(move |e: InputEvent| {
            let mut v = (*inputs).clone();
            v[i] = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            inputs.set(v);
        })
    };
    html! {
        <div class="field">
            <label for={id}>{ label }</label>
            <input {id} type="text" inputmode={mode} placeholder={hint} value={inputs[i].clone()} {oninput} />
        </div>
    }
}

fn percent(p: f64) -> String {
    if p > 0.0 && p < 0.0001 {
        "< 0.01 %".into()
    } else {
        format!("{:.2} %", p * 100.0)
    }
}

/// Met, not met, or no objective, as a table cell (`all`: of every
/// objective set).
fn judged(met: Option<bool>, all: bool) -> Html {
    let (class, text) = match (met, all) {
        (Some(true), false) => ("met", "met"),
        (Some(true), true) => ("met", "all met"),
        (Some(false), false) => ("not-met", "NOT met"),
        (Some(false), true) => ("not-met", "NOT all met"),
        (None, _) => ("unset", "no objective"),
    };
    html! { <td {class}>{ text }</td> }
}

#[derive(Properties)]
struct RiskProps {
    view: Rc<RiskView>,
}

/// The same run when it is the very same result.
impl PartialEq for RiskProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.view, &o.view)
    }
}

/// A risk run: the judgement in a line, the histogram, the percentiles in
/// words and in a table, the probabilities and what was assumed.
#[function_component(RiskResult)]
fn risk_result(p: &RiskProps) -> Html {
    let r = &p.view;
    let (class, verdict) = match r.judged.overall() {
        Some(false) => ("error", "The chance of breaching an objective is above the tolerated probability."),
        Some(true) => ("ok", "The chance of breaching each objective is within the tolerated probability."),
        None => ("hint", "Set RPO or RTO and a tolerated breach probability (under Objectives) to judge these figures."),
    };
    let q = &r.data_loss_s;
    let row = |name: &'static str, q: &risk::Percentiles| {
        html! {
            <tr><th scope="row">{ name }</th><td data-label="p50">{ duration_text(q.p50) }</td><td data-label="p95">{ duration_text(q.p95) }</td><td data-label="p99">{ duration_text(q.p99) }</td><td data-label="max">{ duration_text(q.max) }</td></tr>
        }
    };
    let tolerated = r
        .breach_probability
        .map_or("no tolerated probability set".to_string(), |b| {
            format!("tolerated {}", percent(b))
        });
    let breach = |x: Option<f64>| match x {
        Some(x) => (percent(x), tolerated.clone()),
        None => ("–".into(), "objective not set".into()),
    };
    // (id, what, (figure, what it means or is judged against), judgement:
    // `None` for a figure no objective judges).
    let odds = [
        ("p-rpo", "P(RPO breached)", breach(r.p_rpo_breach), Some(r.judged.rpo)),
        ("p-rto", "P(RTO breached)", breach(r.p_rto_breach), Some(r.judged.rto)),
        ("p-none", "P(no secondary holds a copy)", (percent(r.p_no_usable_secondary), "no restore in another region; everything since the span's start is counted as lost then".into()), None),
        ("p-waited", "P(every secondary holding a copy is down)", (percent(r.p_waited), "the restore waits for the first to come back (counted in the restore time)".into()), None),
        ("expected-loss", "Expected data lost per year", (duration_text(r.expected_loss_s_per_year.round() as i64), format!("{} losses of the service's region a year × the mean loss", r.service_region_outages_per_year)), None),
    ];
    let label = format!(
        "Histogram of data lost at a loss of the service's region over {} trials{}",
        r.trials,
        r.rpo_s.map_or(String::new(), |s| format!(
            ", with the RPO ({}) drawn across it",
            duration_text(s)
        ))
    );
    html! {
        <>
            <p id="risk-verdict" {class}>{ verdict }</p>
            <ChartCanvas id="risk-chart" {label} height={260} chart={Chart::new(Rc::new(Same(r.clone())), charts::risk::draw)} />
            <p id="risk-in-words">{ format!(
                "In half the trials less than {} of data was lost (p50); in 19 of 20, less than {} (p95); in 99 of 100, less than {} (p99); the worst trial lost {} (max). The verdict at the top judges the worst moment of one run of the timeline, so it can say an objective is not met while the chance of breaching it here, over many random losses, is within what you tolerate: the first says how bad it can get, the second how likely that is.",
                duration_text(q.p50), duration_text(q.p95), duration_text(q.p99), duration_text(q.max)
            ) }</p>
            <table class="data stack" id="risk-table">
                <thead><tr><th></th><th>{ "p50" }</th><th>{ "p95" }</th><th>{ "p99" }</th><th>{ "max" }</th></tr></thead>
                <tbody>
                    { row("Data lost", q) }
                    if let Some(q) = &r.restore_s {
                        { row("Restore time", q) }
                    } else {
                        <tr><th scope="row">{ "Restore time" }</th><td colspan="4">{ "no restore in another region: no secondary held a copy" }</td></tr>
                    }
                </tbody>
            </table>
            <table class="data stack" id="risk-odds">
                <tbody>
                    { for odds.into_iter().map(|(id, name, (figure, note), met)| html! {
                        <tr {id}>
                            <th scope="row">{ name }</th><td data-label="over the trials">{ figure }</td>
                            if let Some(met) = met {
                                <td data-label="against">{ note }</td>{ judged(met, false) }
                            } else {
                                <td colspan="2" data-label="what it means">{ note }</td>
                            }
                        </tr>
                    }) }
                </tbody>
            </table>
            <p class="hint" id="risk-assumptions">
                { format!("{} trials, seed {}. Region outages: {} per region per year (at random moments: a Poisson process), lasting a median {} h (log-normal, σ {}: the larger σ, the more outages far longer or shorter than the median): ", r.trials, r.seed, r.outages_per_year, r.outage_median_hours, r.outage_sigma) }
                <strong>{ "assumptions" }</strong>
                { ", rounded up from the providers' public post-incident reports (no provider publishes one; " }{ super::doc_link("docs/simulation.md") }
                { format!(", “Risk over many outages”). Copy attempts fail at {}. The loss of the service's region falls at a random moment after the span's first tenth (the plan taken as already running), so the verdict's start-up figure, before the first copy lands, is not among these trials. The same seed gives the same numbers here and in ", r.copy_failure_rate.map_or("the scenario's rate".to_string(), percent)) }
                <code>{ "btar risk" }</code>{ "." }
            </p>
            if !r.own.is_empty() {
                <p class="hint" id="risk-own-outages">{ format!("In place of the rate and median above: {}.", r.own.join("; ")) }</p>
            }
        </>
    }
}

#[derive(Properties)]
struct FrontierProps {
    view: Rc<FrontierView>,
    /// Found for another scenario than the current one.
    stale: bool,
    /// (plan, apply rather than export).
    pick: Callback<(usize, bool)>,
}

impl PartialEq for FrontierProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.view, &o.view) && self.stale == o.stale && self.pick == o.pick
    }
}

/// The cheapest plans: the judgement in a line, cost against worst data
/// lost, and the table with a button to apply or export each plan.
#[function_component(FrontierResult)]
fn frontier_result(p: &FrontierProps) -> Html {
    let f = &p.view;
    let measured = f.measured;
    let verdict = match f.cheapest_meeting() {
        Some(c) if c.changes.is_empty() => format!(
            "Your plan is the cheapest of {measured} measured variants that meets every objective set ({} a month).",
            usd(c.monthly_usd)
        ),
        Some(c) => format!(
            "The cheapest plan that meets every objective set costs {} a month: {}.",
            usd(c.monthly_usd),
            c.changes.join("; ")
        ),
        None => format!("None of the {measured} measured variants meets every objective set."),
    };
    let class = if f.cheapest_meeting().is_some() {
        "ok"
    } else {
        "error"
    };
    html! {
        <>
            <p id="frontier-verdict" {class}>{ verdict }</p>
            if let Some(c) = &f.beaten {
                <p id="frontier-current">{ format!(
                    "Your plan as it is: {} a month, loses up to {}{}; each plan below beats it on cost, data lost or both.",
                    usd(c.monthly_usd),
                    duration_text(c.worst_data_loss_s),
                    if c.meets_objectives { "" } else { " (objectives NOT all met)" }
                ) }</p>
            }
            <ChartCanvas id="frontier-chart" label="Monthly cross-region cost against worst data lost, one point per plan" height={280} chart={Chart::new(Rc::new(Same(f.clone())), charts::frontier::draw)} />
            <table class={if p.stale { "data stack stale" } else { "data stack" }} id="frontier-table" title={p.stale.then_some("found for an earlier version of the scenario: run again")}>
                <thead><tr><th>{ "$ a month" }</th><th>{ "Worst data lost" }</th><th>{ "Restore" }</th><th>{ "Objectives" }</th><th>{ "Changes" }</th><th></th></tr></thead>
                <tbody>
                    { for f.plans.iter().enumerate().map(|(i, plan)| {
                        let on = |apply: bool| p.pick.reform(move |_: MouseEvent| (i, apply));
                        html! {
                            <tr data-plan={i.to_string()}>
                                <td data-label="$ a month">{ usd(plan.monthly_usd) }</td>
                                <td data-label="Worst data lost">{ duration_text(plan.worst_data_loss_s) }</td>
                                <td data-label="Restore">{ plan.restore_s.map_or("no restore".to_string(), duration_text) }</td>
                                { judged(Some(plan.meets_objectives), true) }
                                <td data-label="Changes">{ if plan.changes.is_empty() { "your plan as it is".to_string() } else { plan.changes.join("; ") } }</td>
                                <td>
                                    if !plan.changes.is_empty() {
                                        <button type="button" class="small" data-apply={i.to_string()} onclick={on(true)}>{ "Apply" }</button>
                                        { " " }
                                        <button type="button" class="secondary small" data-export={i.to_string()} onclick={on(false)}>{ "Export" }</button>
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <p class="hint">{ format!("{measured} variants billed for a steady month of the cross-region part. Apply makes a plan the scenario (Undo takes it back); Export writes it in the platform's own format.") }</p>
        </>
    }
}

/// Makes a frontier plan the scenario; Undo takes it back.
fn apply(dispatch: &UseReducerDispatcher<AppState>, p: &PlanView) {
    dispatch.dispatch(match scenario_file::from_json_lean(&p.scenario) {
        Ok(s) => Action::Replace(
            Box::new(s),
            Some(Notice {
                text: format!("Applied the plan: {}.", p.changes.join("; ")),
                error: false,
            }),
        ),
        Err(e) => Action::Notify(Notice {
            text: format!("The plan could not be applied: {e}"),
            error: true,
        }),
    });
}

/// Downloads a frontier plan in its platform's own format (the formats
/// worker writes it).
fn export(dispatch: &UseReducerDispatcher<AppState>, p: &PlanView) {
    let Ok(s) = scenario_file::from_json_lean(&p.scenario) else {
        return;
    };
    let export = Export::for_platform(&s.platform)
        .find(|e| !matches!(e, Export::Scenario | Export::Share))
        .unwrap_or(Export::Scenario);
    let dispatch = dispatch.clone();
    crate::ui::worker::request(Request::export(export, &s), move |r| match r {
        Response::Exported { text } => {
            super::io_panel::download_text(&text, export.file_name(), export.media_type())
        }
        Response::Failed { message } => dispatch.dispatch(Action::Notify(Notice {
            text: message,
            error: true,
        })),
        _ => {}
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starting_inputs_are_read_as_the_default_run() {
        let p = read_params(&START.map(String::from))
            .expect("reads")
            .params()
            .expect("valid");
        assert_eq!((p.trials, p.seed), (1000, 1));
        assert_eq!(
            (p.outages_per_year, p.outage_median_hours, p.outage_sigma),
            (0.5, 4.0, 1.0)
        );
        assert!(p.own.is_empty());
    }

    #[test]
    fn a_bad_input_is_named_with_its_value_and_rule() {
        let mut t = START.map(String::from);
        t[0] = "0".into();
        assert!(read_params(&t)
            .unwrap_err()
            .starts_with("Trials: 0 is outside"));
        t[0] = "10".into();
        t[1] = "18446744073709551616".into();
        assert!(read_params(&t).unwrap_err().starts_with("Seed: "));
        t[1] = "18446744073709551615".into();
        assert_eq!(read_params(&t).expect("the largest seed").seed, u64::MAX);
        // Outages of their own are read by the worker, which names the field.
        t[5] = "ibm=1".into();
        let inputs = read_params(&t).expect("read in the worker");
        assert!(inputs.params().unwrap_err().starts_with(OWN.1));
        t[5] = "aws=0.3:6".into();
        assert_eq!(
            read_params(&t)
                .expect("reads")
                .params()
                .expect("valid")
                .own
                .len(),
            1
        );
    }
}
