//! Risk over many outages and the cheapest plans that meet the objectives:
//! both run in the compute workers (one per core) with progress and a
//! Cancel, and come back drawn; a frontier plan is applied as a replacement
//! (Undo takes it back) or exported in the platform's own format.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::domain::scenario::Scenario;

use super::fields::{parse_number, Range};
use crate::compute::Pick;
use crate::formats::exports::Export;
use crate::formats::scenario_file;
use crate::offload::{Request, Response};
use crate::sim::risk::{self, RiskParams};
use crate::ui::compute::{self as pool, Listener, Outcome};
use crate::ui::state::{Action, AppContext, AppState, Notice};

#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Running(f64),
    Cancelled,
    Failed(String),
    /// The drawn result, the plans (frontier), and the scenario it is for
    /// (so Undo back to that very scenario makes it current again).
    Done(AttrValue, Rc<Vec<Pick>>, Rc<Scenario>),
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
const OWN: (&str, &str) = ("risk-own", "Per provider or region, in place of the above");

/// The panel's fixed part: headings, the risk inputs (their values stay as
/// typed: this markup never changes, so it is never redrawn) and the run
/// buttons. Clicks are handled on the panel.
const RISK_HEAD: &str = r#"<h3>Risk over many outages</h3><p class="hint">Each trial runs the plan with random outages of the secondary regions and random copy failures, and loses the service's region at a random moment: how much data is lost then, and how long the restore takes.</p><div class="grid3" id="risk-inputs"><div class="field"><label for="risk-trials">Trials</label><input id="risk-trials" type="text" inputmode="numeric" value="1000"></div><div class="field"><label for="risk-seed">Seed</label><input id="risk-seed" type="text" inputmode="numeric" value="1"></div><div class="field"><label for="risk-rate">Region outages per region per year (assumption)</label><input id="risk-rate" type="text" inputmode="decimal" value="0.5"></div><div class="field"><label for="risk-median">Median outage in hours (assumption)</label><input id="risk-median" type="text" inputmode="decimal" value="4"></div><div class="field"><label for="risk-sigma">Spread σ of the log-normal (assumption)</label><input id="risk-sigma" type="text" inputmode="decimal" value="1"></div><div class="field"><label for="risk-own">Per provider or region, in place of the above</label><input id="risk-own" type="text" placeholder="e.g. aws=0.3:6, aws-us-west-2=2 (rate:median hours)"></div></div><p class="row wrap"><button type="button" id="risk-run">Run risk</button></p>"#;
const FRONTIER_HEAD: &str = r#"<h3>The cheapest plans that meet the objectives</h3><p class="hint">Variants of this plan over the levers ticked under “The cheapest plans may change” (with the objectives), each simulated and billed; nothing else is changed; listed are the plans no other beats on both monthly cost and worst data lost.</p><p class="row wrap"><button type="button" id="frontier-run">Find cheaper plans</button></p>"#;

fn input_value(id: &str) -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

/// The risk inputs as parameters, or what is wrong with the first bad one
/// (the field, the value and the rule).
fn read_params() -> Result<RiskParams, String> {
    let mut v = [0.0; 5];
    for (x, (id, label, integer, range)) in v.iter_mut().zip(&INPUTS) {
        let n = parse_number(&input_value(id), *integer).map_err(|e| format!("{label}: {e}"))?;
        if let Some(e) = range.check(n) {
            return Err(format!("{label}: {e}"));
        }
        *x = n;
    }
    // The seed is any 64-bit whole number, as `btar risk --seed` takes it:
    // read as one, never through a float (which holds 2^53 exactly).
    let seed_text = input_value("risk-seed");
    let seed = seed_text.trim().parse::<u64>().map_err(|_| {
        format!(
            "Seed: '{}' is not a whole number from 0 to {}",
            seed_text.trim(),
            u64::MAX
        )
    })?;
    Ok(RiskParams {
        trials: v[0] as u32,
        seed,
        outages_per_year: v[2],
        outage_median_hours: v[3],
        outage_sigma: v[4],
        copy_failure_rate: None,
        own: risk::parse_own(&input_value(OWN.0), v[3]).map_err(|e| format!("{}: {e}", OWN.1))?,
    })
}

fn listener(status: UseStateHandle<Status>, scenario: Rc<Scenario>) -> Listener {
    let progress = status.clone();
    Listener {
        progress: Box::new(move |f| progress.set(Status::Running(f))),
        done: Box::new(move |r| {
            status.set(match r {
                Ok(Outcome::Risk { html }) => {
                    Status::Done(AttrValue::from(html), Rc::new(Vec::new()), scenario)
                }
                Ok(Outcome::Frontier { html, plans }) => {
                    Status::Done(AttrValue::from(html), Rc::new(plans), scenario)
                }
                Err(e) => Status::Failed(e),
            })
        }),
    }
}

/// The run's state: progress with a Cancel while it runs (built as nodes,
/// so the button stays the same element while the progress moves), or how
/// it ended.
fn status_view(id: &'static str, s: &Status, what: &str, current: &Scenario) -> Html {
    match s {
        Status::Idle => html! {},
        Status::Running(f) => html! {
            <p class="row wrap">
                <progress id={format!("{id}-progress")} max="1" value={format!("{f:.3}")}></progress>
                <span id={format!("{id}-status")} class="hint" role="status">{ format!("{what} on {} worker(s)… {:.0} %", pool::cores(), f * 100.0) }</span>
                <button type="button" class="secondary small" id={format!("{id}-cancel")}>{ "Cancel" }</button>
            </p>
        },
        Status::Cancelled => html! {
            <p id={format!("{id}-status")} class="hint" role="status">{ "Cancelled." }</p>
        },
        Status::Failed(e) => html! {
            <p id={format!("{id}-status")} class="error" role="status">{ e.clone() }</p>
        },
        Status::Done(_, _, of) if of.as_ref() != current => html! {
            <p id={format!("{id}-status")} class="hint stale" role="status">{ "These figures are for an earlier version of the scenario; run again for this one." }</p>
        },
        Status::Done(..) => html! {},
    }
}

#[function_component(DecideSection)]
pub fn decide_section() -> Html {
    let Some(ctx) = use_context::<AppContext>() else {
        return html! {};
    };
    let risk = use_state(|| Status::Idle);
    let front = use_state(|| Status::Idle);
    // Workers stop when the results leave the page.
    use_effect_with((), |_| pool::cancel);
    let current = ctx.state.scenario.clone();
    let drawn = |s: &Status| match s {
        Status::Done(h, ..) => Html::from_html_unchecked(h.clone()),
        _ => html! {},
    };
    let plans = match &*front {
        Status::Done(_, p, _) => p.clone(),
        _ => Rc::new(Vec::new()),
    };
    let onclick = {
        let (risk, front) = (risk.clone(), front.clone());
        let (dispatch, scenario) = (ctx.dispatch.clone(), ctx.state.scenario.clone());
        Callback::from(move |e: MouseEvent| {
            let Some(button) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("button").ok().flatten())
            else {
                return;
            };
            let id = button.id();
            let plan = |attr: &str| {
                button
                    .get_attribute(attr)
                    .and_then(|i| i.parse::<usize>().ok())
                    .and_then(|i| plans.get(i))
            };
            match id.as_str() {
                "risk-run" => match read_params() {
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
                },
                "frontier-run" => {
                    if matches!(*risk, Status::Running(_)) {
                        risk.set(Status::Cancelled);
                    }
                    front.set(Status::Running(0.0));
                    pool::frontier(
                        scenario_file::to_compact_json(&scenario),
                        listener(front.clone(), scenario.clone()),
                    );
                }
                "risk-cancel" | "frontier-cancel" => {
                    pool::cancel();
                    let s = if id == "risk-cancel" { &risk } else { &front };
                    s.set(Status::Cancelled);
                }
                _ => {
                    // A plan is a variant of the scenario it was found for:
                    // after other edits it would undo them, so it is not
                    // applied (or exported) until the plans are found again.
                    let stale = matches!(&*front, Status::Done(_, _, of) if of.as_ref() != scenario.as_ref());
                    let picked = plan("data-apply")
                        .map(|p| (true, p))
                        .or(plan("data-export").map(|p| (false, p)));
                    match picked {
                        Some(_) if stale => dispatch.dispatch(Action::Notify(Notice {
                            text: "These plans are for an earlier version of the scenario, and applying one would undo the edits made since: press “Find cheaper plans” again.".into(),
                            error: true,
                        })),
                        Some((true, p)) => apply(&dispatch, p),
                        Some((false, p)) => export(&dispatch, p),
                        None => {}
                    }
                }
            }
        })
    };
    html! {
        <section class="panel" id="decide" data-own-undo="" {onclick}>
            { Html::from_html_unchecked(AttrValue::Static(RISK_HEAD)) }
            { status_view("risk", &risk, "Running trials", &current) }
            <div id="risk-result">{ drawn(&risk) }</div>
            { Html::from_html_unchecked(AttrValue::Static(FRONTIER_HEAD)) }
            { status_view("frontier", &front, "Measuring variants", &current) }
            <div id="frontier-result">{ drawn(&front) }</div>
        </section>
    }
}

/// Makes a frontier plan the scenario; Undo takes it back.
fn apply(dispatch: &UseReducerDispatcher<AppState>, p: &Pick) {
    dispatch.dispatch(match scenario_file::from_json_lean(&p.scenario) {
        Ok(s) => Action::Replace(
            Box::new(s),
            Some(Notice {
                text: format!("Applied the plan: {}.", p.changes),
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
fn export(dispatch: &UseReducerDispatcher<AppState>, p: &Pick) {
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
    fn every_input_read_is_in_the_markup_with_its_label() {
        let (id, label) = OWN;
        assert!(RISK_HEAD.contains(&format!(
            r#"<label for="{id}">{label}</label><input id="{id}""#
        )));
        for (id, label, _, _) in INPUTS {
            assert!(
                RISK_HEAD.contains(&format!(
                    r#"<label for="{id}">{label}</label><input id="{id}""#
                )),
                "{id}"
            );
        }
    }
}
