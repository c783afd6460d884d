//! "Calibrate from job history": the jobs the cloud reports, read and
//! fitted in the simulation worker (the first paint pays nothing), shown as
//! observed against simulated per route; "Use these figures" makes the
//! fitted scenario the plan (Undo takes it back).

use std::rc::Rc;

use yew::prelude::*;

use super::results::ChartCanvas;
use crate::domain::scenario::Scenario;
use crate::offload::{read_scenario, CalibrationView, Request, Response};
use crate::sim::report::duration_text;
use crate::ui::charts::{self, Chart};
use crate::ui::state::{Action, AppContext, Notice};

/// The most bytes of history the page reads at once.
const MAX_HISTORY_BYTES: u64 = 64 << 20;

type Answer = Result<(CalibrationView, Option<String>), String>;

/// Sends the files to the worker; the answer is kept with the scenario it
/// was fitted for.
fn fit(
    files: Vec<(String, String)>,
    scenario: Rc<Scenario>,
    busy: UseStateHandle<bool>,
    result: UseStateHandle<Option<(Rc<Scenario>, Answer)>>,
) {
    busy.set(true);
    let json = crate::formats::scenario_file::to_compact_json(&scenario);
    crate::ui::worker::request(
        Request::Calibrate {
            files,
            scenario: json,
        },
        move |r| {
            busy.set(false);
            result.set(Some((
                scenario,
                match r {
                    Response::Calibrated { packed } => packed.unpack(),
                    Response::Failed { message } => Err(message),
                    _ => Err("unexpected answer".into()),
                },
            )));
        },
    );
}

#[function_component(CalibratePanel)]
pub fn calibrate_panel() -> Html {
    let Some(ctx) = use_context::<AppContext>() else {
        return html! {};
    };
    let busy = use_state(|| false);
    let result = use_state(|| None::<(Rc<Scenario>, Answer)>);
    let paste = use_state(String::new);
    let route = use_state(|| 0usize);
    let readers = use_mut_ref(Vec::<gloo::file::callbacks::FileReader>::new);
    let on_files = {
        let (busy, result, readers) = (busy.clone(), result.clone(), readers.clone());
        let scenario = ctx.state.scenario.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            let files = super::io_panel::chosen_files(&input);
            input.set_value("");
            if files.is_empty() {
                return;
            }
            let total: u64 = files.iter().map(|f| f.size()).sum();
            if total > MAX_HISTORY_BYTES {
                result.set(Some((
                    scenario.clone(),
                    Err(format!("the files hold {total} bytes, more than the {MAX_HISTORY_BYTES} the page reads at once: read fewer pages")),
                )));
                return;
            }
            let scenario = scenario.clone();
            let (busy, result) = (busy.clone(), result.clone());
            super::io_panel::read_files(&files, &readers, move |read| match read {
                Ok(files) => fit(files, scenario.clone(), busy.clone(), result.clone()),
                Err(e) => result.set(Some((scenario.clone(), Err(e)))),
            });
        })
    };
    let on_paste = {
        let paste = paste.clone();
        Callback::from(move |e: InputEvent| {
            paste.set(
                e.target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                    .value(),
            )
        })
    };
    let on_read = {
        let (busy, result, paste) = (busy.clone(), result.clone(), paste.clone());
        let scenario = ctx.state.scenario.clone();
        Callback::from(move |_: MouseEvent| {
            if !paste.trim().is_empty() {
                let files = vec![("the pasted history".to_string(), (*paste).clone())];
                fit(files, scenario.clone(), busy.clone(), result.clone());
            }
        })
    };
    let current = result
        .as_ref()
        .is_some_and(|(s, _)| **s == *ctx.state.scenario);
    let body = match result.as_ref() {
        None => html! {},
        Some((_, Err(e))) => {
            html! { <p class="error" id="calibration-error" role="alert">{ e }</p> }
        }
        Some((_, Ok((view, fitted)))) => {
            let apply = {
                let dispatch = ctx.dispatch.clone();
                let fitted = fitted.clone();
                let n = view.applied.len();
                Callback::from(move |_: MouseEvent| {
                    let Some(json) = &fitted else { return };
                    dispatch.dispatch(match read_scenario(json) {
                        Ok(s) => Action::Replace(
                            Box::new(s),
                            Some(Notice {
                                text: format!("Used {n} fitted figure(s) from the job history; Undo takes them back."),
                                error: false,
                            }),
                        ),
                        Err(e) => Action::Notify(Notice { text: format!("The fitted figures could not be used: {e}"), error: true }),
                    });
                })
            };
            let shown = view.routes.get(*route).or(view.routes.first()).cloned();
            let on_route = {
                let route = route.clone();
                Callback::from(move |e: Event| {
                    route.set(
                        e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                            .value()
                            .parse()
                            .unwrap_or(0),
                    )
                })
            };
            html! {
                <>
                <p id="calibration-summary">{ &view.summary }</p>
                if !view.routes.is_empty() {
                    <div class="table-scroll">
                    <table class="data stack" id="calibration-table">
                        <thead><tr>
                            <th>{ "Route" }</th><th>{ "Jobs" }</th><th>{ "Throughput" }</th><th>{ "Setup" }</th><th>{ "Failure rate" }</th>
                            <th>{ "Observed (median)" }</th><th>{ "Simulated, your figures" }</th><th>{ "Simulated, fitted" }</th>
                        </tr></thead>
                        <tbody>{ for view.routes.iter().map(|r| html! {
                            <tr>
                                <td data-label="Route" class="nw">{ &r.route }</td>
                                { for ["Jobs", "Throughput", "Setup", "Failure rate", "Observed (median)", "Simulated, your figures", "Simulated, fitted"].iter().zip(r.cells.iter()).map(|(l, c)| html! { <td data-label={*l}>{ c }</td> }) }
                            </tr>
                        }) }</tbody>
                    </table>
                    </div>
                    <p class="hint">{ "Intervals are 95 %. A copy takes setup + size ÷ throughput (" }{ super::doc_link("docs/simulation.md") }{ ", \"Calibration from job history\"); a fit is refused, with the reason, on too few jobs." }</p>
                }
                if view.routes.len() > 1 {
                    <div class="field inline">
                        <label for="calibration-route">{ "Route in the chart" }</label>
                        <select id="calibration-route" onchange={on_route}>
                            { for view.routes.iter().enumerate().map(|(i, r)| html! { <option value={i.to_string()} selected={i == *route}>{ &r.route }</option> }) }
                        </select>
                    </div>
                }
                if let Some(r) = shown {
                    <ChartCanvas id="calibration-chart" label={format!("Observed copy durations against size, {}, with the simulated ones", r.route)} height={260} chart={Chart::new(Rc::new(r), charts::calibration::draw)} />
                }
                if !view.lines.is_empty() || !view.lag.is_empty() {
                    <ul id="calibration-lines">
                        { for view.lines.iter().map(|l| html! { <li>{ l }</li> }) }
                        { for view.lag.iter().map(|(region, n, p50, p95, max)| {
                            let t = |s: f64| duration_text(s.round() as i64);
                            let sim = ctx.derived.sim.as_ref().and_then(|r| r.lag.iter().find(|l| l.region == *region)).map(|l| l.summary);
                            html! { <li>{ format!("Observed lag in {region}: median {}, p95 {}, max {} ({n} samples); {}", t(*p50), t(*p95), t(*max),
                                sim.map_or("this plan's run has no lag there".to_string(), |s| format!("this plan simulates median {}, p95 {}, max {}", duration_text(s.p50_s), duration_text(s.p95_s), duration_text(s.max_s)))) }</li> }
                        }) }
                    </ul>
                }
                if view.applied.is_empty() {
                    <p class="hint">{ "Nothing could be fitted: the plan stays as it is." }</p>
                } else {
                    <p>{ "Use these figures sets:" }</p>
                    <ul id="calibration-applied">{ for view.applied.iter().map(|l| html! { <li>{ l }</li> }) }</ul>
                    <button id="calibration-apply" onclick={apply} disabled={!current || fitted.is_none()}>{ "Use these figures" }</button>
                    if !current {
                        <span class="hint">{ " The plan changed since the history was read: read it again." }</span>
                    }
                }
                </>
            }
        }
    };
    html! {
        <details class="panel" id="calibrate">
            <summary><h3>{ "Calibrate from job history" }</h3></summary>
            <p class="hint">{ "The jobs your cloud reports: aws backup list-copy-jobs and list-backup-jobs output (several pages at once), describe-copy-job, Audit Manager job reports, Zilliz's list-backups, or a lag CSV (time,region,lag_seconds). Read in a worker; nothing leaves your browser." }</p>
            <div class="field">
                <label for="history-files">{ "Job history files" }</label>
                <input id="history-files" type="file" multiple=true accept=".json,.csv,.txt" onchange={on_files} />
            </div>
            <div class="field">
                <label for="history-text">{ "…or paste one" }</label>
                <textarea id="history-text" rows="3" data-own-undo="true" oninput={on_paste} value={(*paste).clone()} />
            </div>
            <button id="history-read" onclick={on_read} disabled={*busy}>{ "Read pasted history" }</button>
            if *busy {
                <p class="hint" id="calibration-busy">{ "Reading and fitting…" }</p>
            }
            { body }
        </details>
    }
}
