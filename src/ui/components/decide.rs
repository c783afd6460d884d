//! Risk over many outages and the cheapest plans that meet the objectives:
//! both run in the compute workers (one per core) with progress and a
//! Cancel, and come back drawn; a frontier plan is applied as a replacement
//! (Undo takes it back) or exported in the platform's own format.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::fields::{parse_number, Range};
use crate::compute::Pick;
use crate::formats::exports::Export;
use crate::formats::scenario_file;
use crate::offload::{Request, Response};
use crate::sim::risk::{self, RiskParams};
use crate::ui::compute::{self as pool, Listener, Outcome};
use crate::ui::state::{Action, AppContext, Notice};

#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Running(f64),
    Cancelled,
    Failed(String),
    /// The drawn result, the plans (frontier), and the scenario revision it
    /// is for.
    Done(AttrValue, Rc<Vec<Pick>>, u64),
}

/// One of the risk inputs, read when the run starts.
struct Input {
    id: &'static str,
    label: &'static str,
    default: &'static str,
    integer: bool,
    range: Range,
}

const INPUTS: [Input; 5] = [
    Input {
        id: "risk-trials",
        label: "Trials",
        default: "1000",
        integer: true,
        range: Range::new(1.0, risk::MAX_TRIALS as f64),
    },
    Input {
        id: "risk-seed",
        label: "Seed",
        default: "1",
        integer: true,
        range: Range::EXACT,
    },
    Input {
        id: "risk-rate",
        label: "Region outages per region per year (assumption)",
        default: "0.5",
        integer: false,
        range: Range::new(0.0, 50.0),
    },
    Input {
        id: "risk-median",
        label: "Median outage (hours, assumption)",
        default: "4",
        integer: false,
        range: Range::new(0.01, 8760.0),
    },
    Input {
        id: "risk-sigma",
        label: "Spread σ of the log-normal (assumption)",
        default: "1",
        integer: false,
        range: Range::new(0.0, 3.0),
    },
];

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
    for (x, i) in v.iter_mut().zip(&INPUTS) {
        let text = input_value(i.id);
        let n = parse_number(&text, i.integer).map_err(|e| format!("{}: {e}", i.label))?;
        if let Some(e) = i.range.check(n) {
            return Err(format!("{}: {e}", i.label));
        }
        *x = n;
    }
    Ok(RiskParams {
        trials: v[0] as u32,
        seed: v[1] as u64,
        outages_per_year: v[2],
        outage_median_hours: v[3],
        outage_sigma: v[4],
        copy_failure_rate: None,
    })
}

fn listener(status: UseStateHandle<Status>, revision: u64) -> Listener {
    let progress = status.clone();
    Listener {
        progress: Box::new(move |f| progress.set(Status::Running(f))),
        done: Box::new(move |r| {
            status.set(match r {
                Ok(Outcome::Risk { html }) => {
                    Status::Done(AttrValue::from(html), Rc::new(Vec::new()), revision)
                }
                Ok(Outcome::Frontier { html, plans }) => {
                    Status::Done(AttrValue::from(html), Rc::new(plans), revision)
                }
                Err(e) => Status::Failed(e),
            })
        }),
    }
}

fn progress_view(id: &str, s: &Status, what: &str) -> Html {
    let (text, class) = match s {
        Status::Idle => (String::new(), "hint"),
        Status::Running(f) => (
            format!(
                "{what} on {} worker(s)… {:.0} %",
                pool::cores(),
                f * 100.0
            ),
            "hint",
        ),
        Status::Cancelled => ("Cancelled.".to_string(), "hint"),
        Status::Failed(e) => (e.clone(), "error"),
        Status::Done(..) => ("Done.".to_string(), "hint"),
    };
    html! {
        <p class="row wrap">
            if let Status::Running(f) = s {
                <progress id={format!("{id}-progress")} max="1" value={format!("{f:.3}")}></progress>
            }
            <span id={format!("{id}-status")} class={class} role="status" aria-live="polite">{ text }</span>
        </p>
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
    let revision = ctx.state.revision;
    let busy = matches!(*risk, Status::Running(_)) || matches!(*front, Status::Running(_));
    let run_risk = {
        let (risk, scenario) = (risk.clone(), ctx.state.scenario.clone());
        Callback::from(move |_: MouseEvent| match read_params() {
            Ok(p) => {
                risk.set(Status::Running(0.0));
                pool::risk(
                    scenario_file::to_compact_json(&scenario),
                    p,
                    listener(risk.clone(), revision),
                );
            }
            Err(e) => risk.set(Status::Failed(e)),
        })
    };
    let run_frontier = {
        let (front, scenario) = (front.clone(), ctx.state.scenario.clone());
        Callback::from(move |_: MouseEvent| {
            front.set(Status::Running(0.0));
            pool::frontier(
                scenario_file::to_compact_json(&scenario),
                listener(front.clone(), revision),
            );
        })
    };
    let cancel = |s: &UseStateHandle<Status>| {
        let s = s.clone();
        Callback::from(move |_: MouseEvent| {
            pool::cancel();
            s.set(Status::Cancelled);
        })
    };
    let plans = match &*front {
        Status::Done(_, p, _) => p.clone(),
        _ => Rc::new(Vec::new()),
    };
    let on_plan = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(button) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|t| t.closest("button[data-apply], button[data-export]").ok().flatten())
            else {
                return;
            };
            let pick = |attr: &str| {
                button
                    .get_attribute(attr)
                    .and_then(|i| i.parse::<usize>().ok())
                    .and_then(|i| plans.get(i))
            };
            if let Some(p) = pick("data-apply") {
                match scenario_file::from_json_lean(&p.scenario) {
                    Ok(s) => dispatch.dispatch(Action::Replace(
                        Box::new(s),
                        Some(Notice {
                            text: format!("Applied the plan: {}.", p.changes),
                            error: false,
                        }),
                    )),
                    Err(e) => dispatch.dispatch(Action::Notify(Notice {
                        text: format!("The plan could not be applied: {e}"),
                        error: true,
                    })),
                }
            } else if let Some(p) = pick("data-export") {
                let Ok(s) = scenario_file::from_json_lean(&p.scenario) else {
                    return;
                };
                let export = Export::for_platform(&s.platform)
                    .find(|e| !matches!(e, Export::Scenario | Export::Share))
                    .unwrap_or(Export::Scenario);
                let dispatch = dispatch.clone();
                crate::ui::worker::request(Request::export(export, &s), move |r| match r {
                    Response::Exported { text } => super::io_panel::download_text(
                        &text,
                        export.file_name(),
                        export.media_type(),
                    ),
                    Response::Failed { message } => dispatch.dispatch(Action::Notify(Notice {
                        text: message,
                        error: true,
                    })),
                    _ => {}
                });
            }
        })
    };
    let stale = |s: &Status| {
        matches!(s, Status::Done(_, _, rev) if *rev != revision).then(|| html! {
            <p class="hint stale">{ "These figures are for an earlier version of the scenario; run again for this one." }</p>
        })
    };
    let drawn = |s: &Status| match s {
        Status::Done(h, ..) => Html::from_html_unchecked(h.clone()),
        _ => html! {},
    };
    html! {
        <section class="panel" id="decide">
            <h3>{ "Risk over many outages" }</h3>
            <p class="hint">{ "Each trial runs the plan with random outages of the secondary regions and random copy failures, and loses the service's region at a random moment: how much data is lost then, and how long the restore takes." }</p>
            <div class="grid3" id="risk-inputs">
                { for INPUTS.iter().map(|i| html! {
                    <div class="field">
                        <label for={i.id}>{ i.label }</label>
                        <input id={i.id} type="text" inputmode="decimal" value={i.default} />
                    </div>
                }) }
            </div>
            <p class="row wrap">
                <button type="button" id="risk-run" onclick={run_risk} disabled={busy}>{ "Run risk" }</button>
                if matches!(*risk, Status::Running(_)) {
                    <button type="button" class="secondary" id="risk-cancel" onclick={cancel(&risk)}>{ "Cancel" }</button>
                }
            </p>
            { progress_view("risk", &risk, "Running trials") }
            { for stale(&risk) }
            <div id="risk-result">{ drawn(&risk) }</div>
            <h3>{ "The cheapest plans that meet the objectives" }</h3>
            <p class="hint">{ "Variants of this plan over its platform's levers, each simulated and billed; the plans no other beats on both monthly cost and worst data lost." }</p>
            <p class="row wrap">
                <button type="button" id="frontier-run" onclick={run_frontier} disabled={busy}>{ "Find cheaper plans" }</button>
                if matches!(*front, Status::Running(_)) {
                    <button type="button" class="secondary" id="frontier-cancel" onclick={cancel(&front)}>{ "Cancel" }</button>
                }
            </p>
            { progress_view("frontier", &front, "Measuring variants") }
            { for stale(&front) }
            <div id="frontier-result" onclick={on_plan}>{ drawn(&front) }</div>
        </section>
    }
}
