//! The root component: header, scenario area and results area.

use yew::prelude::*;

use super::charts;
use crate::cost;
use crate::domain::catalog;
use crate::domain::scenario::Scenario;
use crate::domain::validation::validate;
use crate::presets::{self, PRESETS};

/// The quick estimate of one full backup copied from the primary to each
/// secondary region and kept one billing month.
fn one_month_estimate(s: &Scenario) -> Option<cost::QuickEstimate> {
    let from = s.primary_region()?;
    let to: Vec<&catalog::Region> = s
        .secondary_regions()
        .iter()
        .filter_map(|r| catalog::region(r))
        .collect();
    Some(cost::quick_estimate(
        s.workload.data_gb,
        from,
        &to,
        1.0,
        &s.prices,
    ))
}

#[function_component(App)]
pub fn app() -> Html {
    let scenario = use_state(presets::default_scenario);
    let load_error = use_state(|| None::<String>);
    let problems = validate(&scenario);
    let on_preset = {
        let scenario = scenario.clone();
        let load_error = load_error.clone();
        Callback::from(move |e: Event| {
            let id = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            match presets::load(&id) {
                Ok(s) => {
                    scenario.set(s);
                    load_error.set(None);
                }
                Err(err) => load_error.set(Some(err.to_string())),
            }
        })
    };
    let estimate = one_month_estimate(&scenario);
    html! {
        <div class="app">
            <header class="app-header">
                <h1>{ "BTAR Planner" }</h1>
                <p class="tagline">{ "Plan and rehearse cross-region backup for Aiven, AWS Backup and Zilliz Cloud" }</p>
            </header>
            <main class="layout">
                <section class="scenario-area" aria-label="Scenario">
                    <h2>{ "Scenario" }</h2>
                    <label for="preset">{ "Preset" }</label>
                    <select id="preset" onchange={on_preset}>
                        { for PRESETS.iter().map(|p| html! { <option value={p.id} selected={p.id == PRESETS[0].id}>{ p.title }</option> }) }
                    </select>
                    if let Some(err) = &*load_error {
                        <p class="error" role="alert">{ err }</p>
                    }
                    <dl class="summary">
                        <dt>{ "Name" }</dt><dd id="scenario-name">{ &scenario.name }</dd>
                        <dt>{ "Platform" }</dt><dd>{ scenario.platform.label() }</dd>
                        <dt>{ "Primary" }</dt><dd>{ scenario.primary_region().map(|r| r.label()).unwrap_or_else(|| "unknown".into()) }</dd>
                        <dt>{ "Secondary" }</dt><dd>{ scenario.secondary_regions().join(", ") }</dd>
                        <dt>{ "Data" }</dt><dd>{ format!("{} GB", scenario.workload.data_gb) }</dd>
                    </dl>
                    <h3>{ "Checks" }</h3>
                    <ul class="problems" id="problems">
                        { for problems.0.iter().map(|p| html! { <li class={classes!(format!("{:?}", p.severity).to_lowercase())}>{ p.to_string() }</li> }) }
                    </ul>
                    if problems.0.is_empty() {
                        <p class="ok" id="checks-ok">{ "Every platform rule holds." }</p>
                    }
                </section>
                <section class="results-area" aria-label="Results">
                    <h2>{ "Results" }</h2>
                    if let Some(est) = estimate {
                        <CostBars estimate={est} />
                    } else {
                        <p class="error">{ "The primary region is unknown, so there is nothing to estimate." }</p>
                    }
                </section>
            </main>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CostBarsProps {
    pub estimate: cost::QuickEstimate,
}

/// The quick estimate as a stacked bar chart with its table equivalent.
#[function_component(CostBars)]
pub fn cost_bars(props: &CostBarsProps) -> Html {
    let canvas = use_node_ref();
    let error = use_state(|| None::<String>);
    {
        let canvas = canvas.clone();
        let error = error.clone();
        use_effect_with(props.estimate.clone(), move |est| {
            if let Some(c) = canvas.cast::<web_sys::HtmlCanvasElement>() {
                charts::fit_canvas(&c, 560, 300);
                if let Err(e) = charts::cost_bars::draw(c, est) {
                    error.set(Some(e));
                }
            }
        });
    }
    let est = &props.estimate;
    html! {
        <figure class="chart">
            <canvas ref={canvas} id="cost-chart" width="560" height="300" role="img"
                aria-label="Cost per target region of one backup kept one month"></canvas>
            if let Some(e) = &*error { <p class="error">{ e }</p> }
            <figcaption>
                <table class="data">
                    <thead><tr><th>{ "Region" }</th><th>{ "Same continent" }</th><th>{ "Storage" }</th><th>{ "Transfer" }</th></tr></thead>
                    <tbody>
                        { for est.lines.iter().map(|l| html! {
                            <tr>
                                <td>{ &l.region }</td>
                                <td>{ if l.same_continent { "yes" } else { "no" } }</td>
                                <td>{ format!("${:.2}", l.storage_usd) }</td>
                                <td>{ format!("${:.2}", l.transfer_usd) }</td>
                            </tr>
                        }) }
                    </tbody>
                    <tfoot><tr><th colspan="2">{ "Total" }</th><td colspan="2" id="cost-total">{ format!("${:.2}", est.total_usd) }</td></tr></tfoot>
                </table>
            </figcaption>
        </figure>
    }
}
