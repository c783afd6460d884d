//! Moving a plan in and out: import by paste or file (scenario JSON, Aiven
//! body or avn command, AWS backup plan), exports in the real formats, the
//! cost CSV, and the share link.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::cost::bill;
use crate::domain::scenario::{Platform, Scenario};
use crate::formats::{self, aiven, aws, scenario_file, share, ImportDefaults};
use crate::presets::{self, PRESETS};
use crate::ui::state::{Action, AppContext, Notice};

/// Starts a download of `url` (an object or data URL) as `name`.
pub fn download_url(url: &str, name: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(a) = doc.create_element("a") else {
        return;
    };
    let _ = a.set_attribute("href", url);
    let _ = a.set_attribute("download", name);
    if let Ok(a) = a.dyn_into::<web_sys::HtmlElement>() {
        a.click();
    }
}

/// Downloads text as a file.
pub fn download_text(text: &str, name: &str, mime: &str) {
    let blob = gloo::file::Blob::new_with_options(text, Some(mime));
    let url = gloo::file::ObjectUrl::from(blob);
    download_url(&url, name);
}

fn import_text(ctx: &AppContext, text: &str, origin: &str) {
    let defaults = ImportDefaults {
        start: ctx.scenario().simulation.start,
        aws_region: None,
    };
    match formats::import(text, &defaults, Some(ctx.scenario())) {
        Ok(i) => {
            let mut msg = format!("Imported {} from {origin}.", i.kind.label());
            if !i.warnings.is_empty() {
                let list: Vec<String> = i
                    .warnings
                    .iter()
                    .take(5)
                    .map(|w| format!("{}: {}", w.field, w.message))
                    .collect();
                msg.push_str(&format!(
                    " {} note(s): {}",
                    i.warnings.len(),
                    list.join("; ")
                ));
            }
            ctx.dispatch.dispatch(Action::Replace(
                Box::new(i.scenario),
                Some(Notice {
                    text: msg,
                    error: false,
                }),
            ));
        }
        Err(e) => ctx.dispatch.dispatch(Action::Notify(Notice {
            text: format!("Nothing was imported from {origin}: {e}"),
            error: true,
        })),
    }
}

#[function_component(IoPanel)]
pub fn io_panel() -> Html {
    let Some(ctx) = use_context::<AppContext>() else {
        return html! {};
    };
    let paste = use_state(String::new);
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    // The export shown, by id: its text is made from the scenario as it is
    // now, so it follows every edit.
    let export = use_state(|| None::<&'static str>);
    // The link, once asked for, follows every edit: it is made from the
    // scenario as it is now, never a copy of an earlier one.
    let share_open = use_state(|| false);
    let copied = use_state(|| None::<Result<(), String>>);
    let s = Rc::clone(&ctx.state.scenario);

    let on_paste = {
        let paste = paste.clone();
        Callback::from(move |e: InputEvent| {
            paste.set(
                e.target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                    .value(),
            )
        })
    };
    let do_import = {
        let ctx = ctx.clone();
        let paste = paste.clone();
        Callback::from(move |_: MouseEvent| import_text(&ctx, &paste, "the pasted text"))
    };
    let on_file = {
        let ctx = ctx.clone();
        let reader = reader.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            // Cleared, so choosing the same file again (after editing it)
            // imports it again.
            input.set_value("");
            let file = gloo::file::File::from(file);
            let name = file.name();
            if file.size() > formats::MAX_INPUT_BYTES as u64 {
                ctx.dispatch.dispatch(Action::Notify(Notice {
                    text: format!(
                        "{name} is larger than {} bytes; nothing was imported.",
                        formats::MAX_INPUT_BYTES
                    ),
                    error: true,
                }));
                return;
            }
            let ctx2 = ctx.clone();
            *reader.borrow_mut() =
                Some(gloo::file::callbacks::read_as_text(
                    &file,
                    move |res| match res {
                        Ok(text) => import_text(&ctx2, &text, &name),
                        Err(e) => ctx2.dispatch.dispatch(Action::Notify(Notice {
                            text: format!("{name} could not be read: {e}"),
                            error: true,
                        })),
                    },
                ));
        })
    };
    let on_preset = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let id = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            if id.is_empty() {
                return;
            }
            match presets::load(&id) {
                Ok(s) => ctx.dispatch.dispatch(Action::Replace(
                    Box::new(s),
                    Some(Notice {
                        text: format!("Loaded the preset '{}'.", presets::title(&id)),
                        error: false,
                    }),
                )),
                Err(e) => ctx.dispatch.dispatch(Action::Notify(Notice {
                    text: e.to_string(),
                    error: true,
                })),
            }
        })
    };

    // Exports that fit this platform: (id, label, file name, content).
    let mut exports: Vec<(&'static str, &'static str, String, String)> = vec![(
        "scenario",
        "Scenario JSON",
        "scenario.json".into(),
        scenario_file::to_json(&s),
    )];
    match &s.platform {
        Platform::Aiven(a) => {
            let pretty =
                |v: serde_json::Value| serde_json::to_string_pretty(&v).unwrap_or_default();
            exports.push((
                "aiven-create",
                "Aiven ServiceCreate body",
                "service-create.json".into(),
                pretty(aiven::create_body(a)),
            ));
            exports.push((
                "aiven-update",
                "Aiven ServiceUpdate body",
                "service-update.json".into(),
                pretty(aiven::update_body(a)),
            ));
            exports.push((
                "avn",
                "avn commands",
                "avn.sh".into(),
                format!("{}\n\n{}\n", aiven::avn_create(a), aiven::avn_update(a)),
            ));
            let forks: Vec<String> = aiven::planned_forks(a, &s)
                .iter()
                .map(|f| {
                    let req = f.request(a);
                    format!(
                        "{}\n\n# the same as an API body:\n# {}",
                        aiven::avn_fork(&req),
                        aiven::fork_body(&req)
                    )
                })
                .collect();
            if !forks.is_empty() {
                exports.push((
                    "fork",
                    "Fork & restore (avn and API body)",
                    "fork.sh".into(),
                    forks.join("\n\n"),
                ));
            }
        }
        Platform::Aws(a) => {
            exports.push((
                "aws-plan",
                "AWS backup plan JSON",
                "backup-plan.json".into(),
                aws::plan_json(&a.plan),
            ));
            exports.push((
                "aws-cli",
                "aws backup create-backup-plan",
                "create-backup-plan.sh".into(),
                aws::create_command(a),
            ));
        }
        Platform::Zilliz(_) => {}
    }
    if let Some(b) = &ctx.derived.bill {
        exports.push((
            "cost-csv",
            "Cost CSV",
            "cost.csv".into(),
            bill::Bill::to_csv(b),
        ));
    }
    let export_buttons = exports.iter().map(|(id, label, file, content)| {
        let export = export.clone();
        let file_s = file.clone();
        let id_s: &'static str = id;
        let show = Callback::from(move |_: MouseEvent| export.set(Some(id_s)));
        let (file2, content2) = (file_s.clone(), content.clone());
        let mime = if file_s.ends_with(".json") { "application/json" } else if file_s.ends_with(".csv") { "text/csv" } else { "text/plain" };
        let download = Callback::from(move |_: MouseEvent| download_text(&content2, &file2, mime));
        html! {
            <li>
                <button type="button" class="secondary" id={format!("show-{id}")} onclick={show}>{ *label }</button>
                <button type="button" class="secondary small" id={format!("download-{id}")} onclick={download} aria-label={format!("Download {label}")}>{ "⬇" }</button>
            </li>
        }
    });
    let share_url = (*share_open).then(|| share_link(&s));
    let make_link = {
        let share_open = share_open.clone();
        Callback::from(move |_: MouseEvent| share_open.set(true))
    };
    let copy_link = {
        let copied = copied.clone();
        let s = s.clone();
        Callback::from(move |_: MouseEvent| {
            // Made from the scenario at the moment of the click.
            let url = share_link(&s);
            let copied = copied.clone();
            let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
                copied.set(Some(Err("no clipboard".into())));
                return;
            };
            let done = copied.clone();
            let ok = wasm_bindgen::closure::Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(
                move |_: wasm_bindgen::JsValue| done.set(Some(Ok(()))),
            );
            let failed = wasm_bindgen::closure::Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(
                move |e: wasm_bindgen::JsValue| {
                    copied.set(Some(Err(e
                        .dyn_ref::<web_sys::DomException>()
                        .map(|d| d.name())
                        .unwrap_or_else(|| "refused".into()))))
                },
            );
            let _ = clipboard.write_text(&url).then2(&ok, &failed);
            // Called once by the browser, after this callback has returned.
            ok.forget();
            failed.forget();
        })
    };
    {
        // A copy status is about the link as it was: an edit clears it.
        let copied = copied.clone();
        use_effect_with(ctx.state.revision, move |_| copied.set(None));
    }
    html! {
        <section class="panel io" id="io">
            <h3>{ "Presets, import and export" }</h3>
            <div class="field">
                <label for="preset">{ "Load a preset" }</label>
                <select id="preset" onchange={on_preset}>
                    <option value="" selected=true>{ "choose…" }</option>
                    { for PRESETS.iter().map(|p| html! { <option value={p.id}>{ p.title }</option> }) }
                </select>
            </div>
            <div class="field">
                <label for="import-text">{ "Paste a scenario, an Aiven body or avn command, or an AWS backup plan" }</label>
                <textarea id="import-text" rows="4" value={(*paste).clone()} oninput={on_paste} spellcheck="false" />
                <div class="row wrap">
                    <button type="button" id="import-button" onclick={do_import} disabled={paste.trim().is_empty()}>{ "Import" }</button>
                    <label class="file-label" for="import-file">{ "…or open a file" }</label>
                    <input id="import-file" type="file" accept=".json,.sh,.txt" onchange={on_file} />
                </div>
            </div>
            <ul class="exports">{ for export_buttons }</ul>
            if let Some((_, label, _, text)) = export.and_then(|id| exports.iter().find(|e| e.0 == id)) {
                <div class="export-view">
                    <p class="sub">{ label }</p>
                    <pre class="code" id="export-text">{ text }</pre>
                </div>
            }
            <div class="row wrap">
                <button type="button" id="share-button" onclick={make_link}>{ "Make a share link" }</button>
                <button type="button" class="secondary" id="share-copy" onclick={copy_link}>{ "Copy share link" }</button>
                if let Some(c) = &*copied {
                    <span class="hint" id="share-copied" role="status">{ match c {
                        Ok(()) => "Copied the link to the scenario as it is now.".to_string(),
                        Err(e) => format!("The browser would not copy ({e}): select the link below and copy it."),
                    } }</span>
                }
            </div>
            if let Some(url) = &share_url {
                <div class="field">
                    <label for="share-link">{ format!("Share link ({} characters; it follows your edits; the whole scenario is in the fragment, nothing is uploaded)", url.len()) }</label>
                    <input id="share-link" type="text" readonly=true value={url.clone()}
                        onfocus={Callback::from(|e: FocusEvent| e.target_unchecked_into::<web_sys::HtmlInputElement>().select())} />
                </div>
            }
        </section>
    }
}

/// The share link of `s` at this page's address.
fn share_link(s: &Scenario) -> String {
    let base = web_sys::window()
        .map(|w| w.location())
        .map(|loc| {
            format!(
                "{}{}{}",
                loc.origin().unwrap_or_default(),
                loc.pathname().unwrap_or_default(),
                loc.search().unwrap_or_default()
            )
        })
        .unwrap_or_default();
    format!("{base}#{}", share::encode(s))
}
