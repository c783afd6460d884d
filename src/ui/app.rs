//! The root component: one reducer holding the scenario, derived results
//! memoised on it, autosave, and the layout (header, scenario area, results
//! area).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::components::{
    calibrate_panel::CalibratePanel,
    deferred::Deferred,
    fields::TextField,
    io_panel::IoPanel,
    results::{ResultSummary, Results},
    service_editor::ServiceEditor,
    timeline_editor::TimelineEditor,
    workload_editor::WorkloadEditor,
};
use super::state::{derive, now_ms, Action, AppContext, AppState, Notice};
use super::storage;
use crate::domain::scenario::Platform;
use crate::domain::validation::Severity;
use crate::presets;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let (scenario, notice, replaced) = storage::initial();
        AppState::new(scenario, notice, replaced)
    });
    use_effect_with((), |_| {
        super::mark("btar:dom");
        storage::clear_fragment()
    });
    // Autosave once the scenario has rendered and the browser has painted
    // it (the deferred editors included), and never after the app stopped
    // on an error: the saved scenario is replaced only by one that rendered.
    // A failing save is told once, and again only after a save has worked
    // in between.
    let save_failed = use_mut_ref(|| false);
    {
        let dispatch = state.dispatcher();
        use_effect_with(state.scenario.clone(), move |s| {
            let s = s.clone();
            super::after_paint(move || {
                super::after_paint(move || {
                    if super::crashed() {
                        return;
                    }
                    match storage::save(&s) {
                        Ok(()) => *save_failed.borrow_mut() = false,
                        Err(e) => {
                            if let Some(n) = e.notice() {
                                if !save_failed.replace(true) {
                                    dispatch.dispatch(Action::Notify(n));
                                }
                            }
                        }
                    }
                })
            });
        });
    }
    // Another tab's save is told, not taken and not silently overwritten.
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = storage::on_other_tab_save(move |s| {
                dispatch.dispatch(Action::OtherTab(Box::new(s)));
            });
            move || drop(listener)
        });
    }
    // Ctrl+Z / Cmd+Z undoes, Ctrl+Shift+Z / Ctrl+Y redoes, anywhere on the
    // page (the editors' text boxes included: their text is the
    // scenario's), but in a box whose text is its own (`data-own-undo`: the
    // import box, the share link, the risk inputs), where the browser undoes
    // that box's typing.
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                let active = gloo::events::EventListenerOptions::enable_prevent_default();
                gloo::events::EventListener::new_with_options(&w, "keydown", active, move |e| {
                    let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    let own = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .and_then(|t| t.closest("[data-own-undo]").ok().flatten())
                        .is_some();
                    if own {
                        return;
                    }
                    if let Some(a) =
                        history_key(&k.key(), k.ctrl_key() || k.meta_key(), k.shift_key())
                    {
                        k.prevent_default();
                        dispatch.dispatch(a);
                    }
                })
            });
            move || drop(listener)
        });
    }
    let local = use_memo(state.scenario.clone(), |s| derive(s, now_ms));
    let (derived, analysis) = super::analysis::use_analysis(&state.scenario, local);
    let ctx = AppContext {
        state: Rc::new((*state).clone()),
        derived: derived.clone(),
        dispatch: state.dispatcher(),
        analysis,
    };
    let platform = match &state.scenario.platform {
        Platform::Aiven(_) => "aiven",
        Platform::Aws(_) => "aws",
        Platform::Zilliz(_) => "zilliz",
    };
    let switch = |preset: &'static str| {
        let dispatch = state.dispatcher();
        Callback::from(move |_: Event| {
            crate::ui::components::io_panel::load_preset(
                dispatch.clone(),
                preset,
                format!(
                    "Switched platform: loaded the preset '{}' to start from.",
                    presets::title(preset)
                ),
            );
        })
    };
    let dismiss = {
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Dismiss))
    };
    let undo = {
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Undo))
    };
    let redo = {
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Redo))
    };
    let load_other = state.other_tab.clone().map(|other| {
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            dispatch.dispatch(Action::Replace(
                Box::new((*other).clone()),
                Some(Notice {
                    text: format!(
                        "Loaded '{}' from the other tab; Undo brings back yours.",
                        other.name
                    ),
                    error: false,
                }),
            ))
        })
    });
    let errors = ctx.error_count();
    let warnings = derived.problems.warnings().count();
    html! {
        <ContextProvider<AppContext> context={ctx.clone()}>
        <div class="app">
            <header class="app-header">
                <h1>{ "BTAR Planner" }</h1>
                <p class="tagline">{ "Plan and rehearse cross-region backup for Aiven, AWS Backup and Zilliz Cloud" }</p>
                <fieldset class="platform-switch" aria-label="Platform">
                    { for [("aiven", "Aiven BTAR", "aiven-pg-business"), ("aws", "AWS Backup", "aws-guide-one-dr"), ("zilliz", "Zilliz Cloud", "zilliz-billing")].into_iter().map(|(id, label, preset)| html! {
                        <label class={classes!("seg", (platform == id).then_some("on"))}>
                            <input type="radio" name="platform" id={format!("platform-{id}")} value={id} checked={platform == id} onchange={switch(preset)} />
                            { label }
                        </label>
                    }) }
                </fieldset>
            </header>
            if let Some(n) = &state.notice {
                <div class={classes!("notice", n.error.then_some("notice-error"))} role={if n.error { "alert" } else { "status" }} id="notice">
                    <span>{ &n.text }</span>
                    <span class="notice-actions">
                        if let Some(before) = &state.replaced {
                            <button type="button" class="secondary small" id="undo" onclick={undo.clone()}
                                title={before.clone()}>{ "Undo" }</button>
                        }
                        if let Some(load) = load_other {
                            <button type="button" class="secondary small" id="load-other-tab" onclick={load}>{ "Load the other tab's" }</button>
                        }
                        <button type="button" class="secondary small" id="dismiss" onclick={dismiss}>{ "Dismiss" }</button>
                    </span>
                </div>
            }
            <ResultSummary />
            <main class="layout">
                <section class="scenario-area" aria-label="Scenario">
                    <div class="row spread">
                        <h2>{ "Scenario" }</h2>
                        <div class="history" role="group" aria-label="Undo and redo">
                            <button type="button" class="secondary small" id="undo-step" onclick={undo} disabled={!state.can_undo()}
                                title="Undo (Ctrl+Z)" aria-keyshortcuts="Control+Z">{ format!("↶ Undo{}", steps(state.past.len())) }</button>
                            <button type="button" class="secondary small" id="redo-step" onclick={redo} disabled={!state.can_redo()}
                                title="Redo (Ctrl+Shift+Z)" aria-keyshortcuts="Control+Shift+Z">{ format!("↷ Redo{}", steps(state.future.len())) }</button>
                        </div>
                        <nav class="jump" aria-label="Jump to">
                            <a href="#io">{ "Presets, import & export ↓" }</a>
                            <a href="#results" class="narrow-only">{ "Results ↓" }</a>
                        </nav>
                    </div>
                    <TextField id="scenario-name-input" label="Name" value={state.scenario.name.clone()} field="name"
                        on_change={ctx.edit(|s, v: String| s.name = v)} />
                    <p class="sr-summary" id="scenario-name">{ &state.scenario.name }</p>
                    <div class={classes!("checks", (errors > 0).then_some("has-errors"))} id="checks">
                        if errors == 0 {
                            <p class="ok" id="checks-ok">{ format!("Every platform rule holds{}.", if warnings > 0 { format!(" ({warnings} note(s) below)") } else { String::new() }) }</p>
                        } else {
                            <p class="error" id="checks-errors">{ format!("{errors} error(s), {warnings} warning(s): see the fields marked below.") }</p>
                        }
                        <details open={errors > 0}>
                            <summary>{ "All checks" }</summary>
                            <ul class="problems" id="problems">
                                { for state.draft_errors().map(|(f, m)| html! {
                                    <li class="error"><code>{ f }</code>{ format!(": {m} (the scenario keeps the last valid value) ") }<span class="rule">{ "[number]" }</span></li>
                                }) }
                                { for derived.problems.0.iter().map(|p| html! {
                                    <li class={if p.severity == Severity::Error { "error" } else { "warning" }}>
                                        <code>{ &p.field }</code>{ format!(" = {}: {} ", p.value, p.message) }<span class="rule">{ format!("[{}]", p.rule) }</span>
                                    </li>
                                }) }
                            </ul>
                        </details>
                    </div>
                    // Built anew when history moves or the scenario is replaced,
                    // so no field keeps text typed before.
                    <div class="editors" key={state.generation.to_string()}>
                        <ServiceEditor />
                        <Deferred min_height={1600}>
                            <WorkloadEditor />
                            <TimelineEditor />
                        </Deferred>
                    </div>
                    <Deferred min_height={400}>
                        <IoPanel />
                        <CalibratePanel />
                    </Deferred>
                </section>
                <section class="results-area" id="results" aria-label="Results">
                    <h2>{ "Results" }</h2>
                    <Results />
                </section>
            </main>
            <footer class="app-footer">
                <p>{ "Rules from Aiven's BTAR docs, the AWS Backup cross-region guide and Zilliz Cloud's cross-region backup page; prices and their sources in " }{ super::components::doc_link("docs/pricing.md") }{ ". Everything runs in your browser." }</p>
            </footer>
        </div>
        </ContextProvider<AppContext>>
    }
}

/// " (N)" after Undo/Redo when there are steps to take.
fn steps(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" ({n})")
    }
}

/// The history action of a key press: Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z
/// and Ctrl/Cmd+Y redo.
fn history_key(key: &str, ctrl: bool, shift: bool) -> Option<Action> {
    if !ctrl {
        return None;
    }
    match (key, shift) {
        ("z" | "Z", false) => Some(Action::Undo),
        ("z" | "Z", true) | ("y" | "Y", false) => Some(Action::Redo),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_keys() {
        assert!(matches!(history_key("z", true, false), Some(Action::Undo)));
        assert!(matches!(history_key("Z", true, true), Some(Action::Redo)));
        assert!(matches!(history_key("y", true, false), Some(Action::Redo)));
        assert!(history_key("z", false, false).is_none());
        assert!(history_key("a", true, false).is_none());
    }
}
