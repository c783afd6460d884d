//! Moving a plan in and out: import by paste or file (scenario JSON, Aiven
//! body or avn command, AWS backup plan), exports in the real formats, the
//! cost CSV, and the share link.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::cost::bill;
use crate::domain::scenario::Scenario;
use crate::formats::{self, exports::Export};
use crate::offload::{read_scenario, Request, Response, Source};
use crate::presets::{self, PRESETS};
use crate::ui::state::{Action, AppContext, AppState, Notice, Onto};
use crate::ui::worker;

/// Starts a download of `url` (an object or data URL) as `name`.
/// Makes a preset the scenario, with `notice`: the formats worker reads its
/// file (the app's module carries the default preset's only).
pub fn load_preset(dispatch: UseReducerDispatcher<AppState>, id: &str, notice: String) {
    crate::ui::worker::request(Request::Preset { id: id.to_string() }, move |r| {
        let scenario = match r {
            Response::Imported { scenario, .. } => crate::offload::read_scenario(&scenario),
            Response::Failed { message } => Err(message),
            _ => Err("unexpected answer".into()),
        };
        if scenario.is_ok() {
            dispatch.dispatch(Action::Onto(None));
        }
        dispatch.dispatch(match scenario {
            Ok(s) => Action::Replace(
                Box::new(s),
                Some(Notice {
                    text: notice,
                    error: false,
                }),
            ),
            Err(e) => Action::Notify(Notice {
                text: format!("The preset could not be loaded: {e}"),
                error: true,
            }),
        });
    });
}

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

/// Reads `text` in the worker and replaces the scenario with what it holds
/// (undoable), or says why nothing was imported. A Terraform file or
/// CloudFormation template read whole (`file`: its name; `None` for pasted
/// text) is kept, so its exports are that file edited.
fn import_text(
    ctx: &AppContext,
    text: &str,
    origin: &str,
    file: Option<String>,
    providers: &str,
    busy: UseStateHandle<bool>,
    ticket: Rc<std::cell::Cell<Option<worker::Ticket>>>,
) {
    let dispatch = ctx.dispatch.clone();
    busy.set(true);
    let mine = ticket.clone();
    let kept = text.to_string();
    let request = Request::import(text, origin, ctx.scenario(), providers);
    let t = worker::request(request, move |r| {
        mine.set(None);
        busy.set(false);
        match r {
            Response::Imported {
                scenario,
                notice,
                onto,
            } => match read_scenario(&scenario) {
                Ok(s) => {
                    let onto = onto.as_deref().and_then(Export::parse).map(|export| {
                        Rc::new(Onto {
                            export,
                            source: Source {
                                name: file.unwrap_or_else(|| export.file_name().into()),
                                text: kept,
                                was: scenario.clone(),
                            },
                        })
                    });
                    dispatch.dispatch(Action::Onto(onto));
                    dispatch.dispatch(Action::Replace(
                        Box::new(s),
                        Some(Notice {
                            text: notice,
                            error: false,
                        }),
                    ))
                }
                Err(e) => dispatch.dispatch(Action::Notify(Notice {
                    text: format!("Nothing was imported: {e}"),
                    error: true,
                })),
            },
            Response::Failed { message } => dispatch.dispatch(Action::Notify(Notice {
                text: message,
                error: true,
            })),
            Response::Exported { .. }
            | Response::Edited { .. }
            | Response::Levers { .. }
            | Response::Calibrated { .. }
            | Response::Analysis { .. }
            | Response::Progress { .. } => {}
        }
    });
    // One import at a time: a newer one replaces the one still reading.
    if let Some(old) = ticket.replace(Some(t)) {
        worker::cancel(old);
    }
}

/// The files chosen in a file input, in the order given.
pub(crate) fn chosen_files(input: &web_sys::HtmlInputElement) -> Vec<gloo::file::File> {
    input
        .files()
        .map(|l| {
            (0..l.length())
                .filter_map(|i| l.get(i))
                .map(gloo::file::File::from)
                .collect()
        })
        .unwrap_or_default()
}

/// Reads `files` as text, in the order given; `done` gets (name, text)
/// of each once all are read, or the first file that could not be.
pub(crate) fn read_files(
    files: &[gloo::file::File],
    readers: &Rc<std::cell::RefCell<Vec<gloo::file::callbacks::FileReader>>>,
    done: impl Fn(Result<Vec<(String, String)>, String>) + 'static,
) {
    let done = Rc::new(done);
    let texts = Rc::new(std::cell::RefCell::new(vec![
        None::<(String, String)>;
        files.len()
    ]));
    let mut r = readers.borrow_mut();
    r.clear();
    for (i, file) in files.iter().enumerate() {
        let (texts, done) = (texts.clone(), done.clone());
        let name = file.name();
        r.push(gloo::file::callbacks::read_as_text(
            file,
            move |res| match res {
                Ok(text) => {
                    let all = {
                        let mut t = texts.borrow_mut();
                        if let Some(slot) = t.get_mut(i) {
                            *slot = Some((name, text));
                        }
                        t.iter().all(Option::is_some)
                    };
                    if all {
                        let list = texts
                            .borrow_mut()
                            .iter_mut()
                            .filter_map(Option::take)
                            .collect();
                        done(Ok(list));
                    }
                }
                Err(e) => done(Err(format!("{name} could not be read: {e}"))),
            },
        ));
    }
}

#[function_component(IoPanel)]
pub fn io_panel() -> Html {
    let Some(ctx) = use_context::<AppContext>() else {
        return html! {};
    };
    let paste = use_state(String::new);
    // `aws.dr=us-west-2, …`: regions of providers a module's caller passes
    // in, given to every import (the command line's --provider-region).
    let providers = use_state(String::new);
    let reader = use_mut_ref(Vec::<gloo::file::callbacks::FileReader>::new);
    // The export shown; its text is made (in the worker) from the scenario
    // as it is now, and made again after every edit while it is shown.
    let shown = use_state(|| None::<Shown>);
    let shown_text = use_state(|| None::<(u64, Shown, Result<(String, Option<String>), String>)>);
    let importing = use_state(|| false);
    // The import being read, for Cancel.
    let ticket: Rc<std::cell::Cell<Option<worker::Ticket>>> =
        (*use_memo((), |_| Rc::new(std::cell::Cell::new(None)))).clone();
    // Unreadable saved scenarios set aside, listed to open or delete.
    let copies = use_state(super::super::storage::set_aside_copies);
    let paused = use_state(super::super::storage::paused);
    // The link, once asked for, follows every edit: it is made from the
    // scenario as it is now, never a copy of an earlier one.
    let share_open = use_state(|| false);
    let share = use_state(|| None::<(u64, Result<String, String>)>);
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
    let on_providers = {
        let providers = providers.clone();
        Callback::from(move |e: InputEvent| {
            providers.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let do_import = {
        let ctx = ctx.clone();
        let paste = paste.clone();
        let providers = providers.clone();
        let importing = importing.clone();
        let ticket = ticket.clone();
        Callback::from(move |_: MouseEvent| {
            import_text(
                &ctx,
                &paste,
                "the pasted text",
                None,
                &providers,
                importing.clone(),
                ticket.clone(),
            )
        })
    };
    let on_file = {
        let ctx = ctx.clone();
        let providers = providers.clone();
        let importing = importing.clone();
        let reader = reader.clone();
        let ticket = ticket.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            // Several files chosen together (Terraform spread over .tf
            // files) are read as one input, in the order given.
            let files = chosen_files(&input);
            if files.is_empty() {
                return;
            }
            // Cleared, so choosing the same file again (after editing it)
            // imports it again.
            input.set_value("");
            let names: Vec<String> = files.iter().map(|f| f.name()).collect();
            let name = names.join(", ");
            let total: u64 = files.iter().map(|f| f.size()).sum();
            if total > formats::MAX_INPUT_BYTES as u64 {
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
            let (importing, ticket) = (importing.clone(), ticket.clone());
            // Only one file read whole can be written back into.
            let file = (names.len() == 1).then(|| name.clone());
            let providers = (*providers).clone();
            read_files(&files, &reader, move |read| match read {
                Ok(texts) => {
                    let joined: Vec<String> = texts.into_iter().map(|(_, t)| t).collect();
                    import_text(
                        &ctx2,
                        &joined.join("\n"),
                        &name,
                        file.clone(),
                        &providers,
                        importing.clone(),
                        ticket.clone(),
                    );
                }
                Err(e) => ctx2.dispatch.dispatch(Action::Notify(Notice {
                    text: format!("{e}; nothing was imported"),
                    error: true,
                })),
            });
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
            let text = format!("Loaded the preset '{}'.", presets::title(&id));
            load_preset(ctx.dispatch.clone(), &id, text);
        })
    };

    // Exports that fit this platform, from the one list the command line
    // uses too; the cost CSV is made here from the bill on screen.
    let onto = ctx.state.onto.clone();
    let mut items: Vec<Shown> = onto.iter().map(|o| Shown::Onto(o.export)).collect();
    items.extend(
        Export::for_platform(&s.platform)
            .filter(|e| *e != Export::Share)
            .map(Shown::Format),
    );
    let bill = ctx.derived.bill.clone();
    if bill.is_some() {
        items.push(Shown::CostCsv);
    }
    let revision = ctx.state.revision;
    {
        // Makes the shown export's text for this scenario.
        let (shown_text, scenario, bill, onto) =
            (shown_text.clone(), s.clone(), bill.clone(), onto.clone());
        use_effect_with((*shown, revision), move |(shown, revision)| {
            let (shown, revision) = (*shown, *revision);
            if let Some(item) = shown {
                item.render(&scenario, bill.as_deref(), onto.as_deref(), move |text| {
                    shown_text.set(Some((revision, item, text)))
                });
            }
        });
    }
    let export_buttons = items.iter().map(|item| {
        let (id, label, file, mime) = (item.id(), item.label(), item.file_name(), item.media_type());
        let (item, shown) = (*item, shown.clone());
        let show = Callback::from(move |_: MouseEvent| shown.set(Some(item)));
        let (scenario, bill, dispatch) = (s.clone(), bill.clone(), ctx.dispatch.clone());
        let onto = onto.clone();
        let download = Callback::from(move |_: MouseEvent| {
            let dispatch = dispatch.clone();
            // The user's own file keeps its name.
            let name = match (item, &onto) {
                (Shown::Onto(_), Some(o)) => o.source.name.clone(),
                _ => file.to_string(),
            };
            item.render(&scenario, bill.as_deref(), onto.as_deref(), move |text| match text {
                Ok((text, _)) => download_text(&text, &name, mime),
                Err(message) => dispatch.dispatch(Action::Notify(Notice { text: message, error: true })),
            });
        });
        html! {
            <li>
                <button type="button" class="secondary" id={format!("show-{id}")} onclick={show}>{ label }</button>
                <button type="button" class="secondary small" id={format!("download-{id}")} onclick={download} aria-label={format!("Download {label}")}>{ "⬇" }</button>
            </li>
        }
    });
    let view = (*shown).map(|item| {
        let text = shown_text
            .as_ref()
            .filter(|(rev, it, _)| *rev == revision && *it == item)
            .map(|(_, _, t)| t.clone());
        (item, text)
    });
    // Written by the formats worker (JSON, deflate, base64: the encoder is
    // not in the app's module) once per revision of the scenario while the
    // link is shown; a link for an earlier revision is never shown.
    {
        let (share, s) = (share.clone(), s.clone());
        use_effect_with((revision, *share_open), move |(rev, open)| {
            if *open {
                let rev = *rev;
                worker::request(Request::export(Export::Share, &s), move |r| {
                    share.set(Some((
                        rev,
                        match r {
                            Response::Exported { text } => {
                                Ok(format!("{}#{}", page_base(), text.trim_start_matches('#')))
                            }
                            Response::Failed { message } => Err(message),
                            _ => Err("unexpected answer".into()),
                        },
                    )));
                });
            }
        });
    }
    let share_url = (*share_open).then(|| {
        share
            .as_ref()
            .filter(|(rev, _)| *rev == revision)
            .map(|(_, url)| url.clone())
    });
    let make_link = {
        let share_open = share_open.clone();
        Callback::from(move |_: MouseEvent| share_open.set(true))
    };
    let copy_link = {
        let copied = copied.clone();
        let s = s.clone();
        Callback::from(move |_: MouseEvent| {
            // Made from the scenario at the moment of the click.
            let copied = copied.clone();
            worker::request(Request::export(Export::Share, &s), move |r| {
                let text = match r {
                    Response::Exported { text } => text,
                    Response::Failed { message } => {
                        copied.set(Some(Err(message)));
                        return;
                    }
                    _ => {
                        copied.set(Some(Err("the link could not be written".into())));
                        return;
                    }
                };
                copy_text(
                    &format!("{}#{}", page_base(), text.trim_start_matches('#')),
                    copied,
                );
            });
        })
    };
    let cancel_import = {
        let (ticket, importing) = (ticket.clone(), importing.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(t) = ticket.take() {
                worker::cancel(t);
            }
            importing.set(false);
        })
    };
    let copy_rows = copies.iter().enumerate().map(|(i, (key, len))| {
        let open = {
            let (key, paste) = (key.clone(), paste.clone());
            Callback::from(move |_: MouseEvent| {
                if let Some(text) = super::super::storage::read_key(&key) {
                    paste.set(text);
                }
            })
        };
        let download = {
            let key = key.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some(text) = super::super::storage::read_key(&key) {
                    download_text(&text, "btar-scenario-set-aside.json", "application/json");
                }
            })
        };
        let delete = {
            let (key, copies) = (key.clone(), copies.clone());
            Callback::from(move |_: MouseEvent| {
                super::super::storage::delete_key(&key);
                copies.set(super::super::storage::set_aside_copies());
            })
        };
        html! {
            <li>
                <code>{ key.clone() }</code>{ format!(" ({len} characters) ") }
                <button type="button" class="secondary small" id={format!("set-aside-open-{i}")} onclick={open}>{ "Put in the import box" }</button>
                <button type="button" class="secondary small" id={format!("set-aside-download-{i}")} onclick={download}>{ "Download" }</button>
                <button type="button" class="secondary small" id={format!("set-aside-delete-{i}")} onclick={delete}>{ "Delete" }</button>
            </li>
        }
    });
    let resume = |discard: bool| {
        let (paused, copies, dispatch) = (paused.clone(), copies.clone(), ctx.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            if super::super::storage::resume(discard) {
                paused.set(false);
                copies.set(super::super::storage::set_aside_copies());
                dispatch.dispatch(Action::Notify(Notice {
                    text: "Autosave is on again.".into(),
                    error: false,
                }));
            } else {
                dispatch.dispatch(Action::Notify(Notice {
                    text: "The browser still has no room to set the saved text aside: download it first, or discard it.".into(),
                    error: true,
                }));
            }
        })
    };
    let download_saved = Callback::from(|_: MouseEvent| {
        if let Some(text) = super::super::storage::read_key(super::super::storage::STORAGE_KEY) {
            download_text(&text, "btar-scenario-unreadable.json", "application/json");
        }
    });
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
                <label for="import-text">{ "Paste a scenario, an Aiven body or avn command, an AWS backup plan, Terraform (.tf) or a CloudFormation template" }</label>
                <textarea id="import-text" data-own-undo="" rows="4" value={(*paste).clone()} oninput={on_paste} spellcheck="false" />
                <div class="row wrap">
                    <button type="button" id="import-button" onclick={do_import} disabled={paste.trim().is_empty()}>{ "Import" }</button>
                    <label class="file-label" for="import-file">{ "…or open files (several .tf files are read as one)" }</label>
                    <input id="import-file" type="file" multiple=true accept=".json,.sh,.txt,.tf,.yaml,.yml,.template" onchange={on_file} />
                </div>
            </div>
            <div class="field">
                <label for="import-provider-regions">{ "Regions of the providers a Terraform module is given by its caller (configuration_aliases), as PROVIDER=REGION; used by the next import" }</label>
                <input id="import-provider-regions" type="text" placeholder="aws.dr=us-west-2" spellcheck="false"
                    value={(*providers).clone()} oninput={on_providers} />
            </div>
            <ul class="exports">{ for export_buttons }</ul>
            if *importing {
                <p class="busy row" id="import-busy" role="status">{ "Reading…" }
                    <button type="button" class="secondary small" id="import-cancel" onclick={cancel_import}>{ "Cancel" }</button>
                </p>
            }
            if *paused {
                <div class="notice error" id="autosave-paused" role="alert">
                    <p>{ "Autosave is paused: the saved scenario could not be read and the browser has no room to set it aside, so it is kept as it was. Your edits last while this tab is open." }</p>
                    <div class="row wrap">
                        <button type="button" class="secondary small" id="paused-download" onclick={download_saved}>{ "Download the saved text" }</button>
                        <button type="button" class="secondary small" id="paused-retry" onclick={resume(false)}>{ "Set it aside and autosave" }</button>
                        <button type="button" class="secondary small" id="paused-discard" onclick={resume(true)}>{ "Discard it and autosave" }</button>
                    </div>
                </div>
            }
            if !copies.is_empty() {
                <details class="set-aside" id="set-aside">
                    <summary>{ format!("Set-aside copies ({}): saved scenarios this browser could not read", copies.len()) }</summary>
                    <ul>{ for copy_rows }</ul>
                </details>
            }
            if let Some((item, text)) = view {
                <div class="export-view" data-export={item.id()} aria-busy={text.is_none().to_string()}>
                    <p class="sub">{ item.label() }</p>
                    { match text {
                        Some(Ok((t, None))) => html! { <pre class="code" id="export-text">{ t }</pre> },
                        Some(Ok((t, Some(diff)))) => html! { <>
                            <p class="hint">{ match &onto {
                                Some(o) if diff.is_empty() => format!("{} as you gave it: the plan has not changed since it was imported, so nothing is rewritten.", o.source.name),
                                Some(o) => format!("{}, with only the attributes that changed rewritten; the unified diff (to review, or apply with git apply or patch -p1):", o.source.name),
                                None => String::new(),
                            } }</p>
                            if !diff.is_empty() {
                                <pre class="code diff" id="export-diff">{ diff }</pre>
                            }
                            <pre class="code" id="export-text">{ t }</pre>
                        </> },
                        Some(Err(e)) => html! { <p class="error" id="export-error">{ e }</p> },
                        None => html! { <p class="busy" id="export-busy" role="status">{ "Writing…" }</p> },
                    } }
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
            // Shown once written for the scenario as it is: never a link
            // to an earlier version, never an empty one.
            { match share_url.as_ref() {
                Some(Some(Err(e))) => html! { <p class="error" id="share-error" role="status">{ format!("No share link: {e}") }</p> },
                Some(Some(Ok(url))) => html! {
                    <div class="field">
                        <label for="share-link">{ format!("Share link ({} characters; it follows your edits; the whole scenario is in the fragment, nothing is uploaded)", url.len()) }</label>
                        <input id="share-link" data-own-undo="" type="text" readonly=true value={url.clone()}
                            onfocus={Callback::from(|e: FocusEvent| e.target_unchecked_into::<web_sys::HtmlInputElement>().select())} />
                    </div>
                },
                Some(None) => html! { <p class="busy" id="share-busy" role="status">{ "Writing the share link…" }</p> },
                None => html! {},
            } }
        </section>
    }
}

/// This page's address without its fragment: a share link's base.
fn page_base() -> String {
    web_sys::window()
        .map(|w| w.location())
        .map(|loc| {
            format!(
                "{}{}{}",
                loc.origin().unwrap_or_default(),
                loc.pathname().unwrap_or_default(),
                loc.search().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// Puts `url` on the clipboard and says how that went in `copied`.
fn copy_text(url: &str, copied: UseStateHandle<Option<Result<(), String>>>) {
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
    let _ = clipboard.write_text(url).then2(&ok, &failed);
    // Called once by the browser, after this function has returned.
    ok.forget();
    failed.forget();
}

/// An entry of the export list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// A real format, written by the worker.
    Format(Export),
    /// The file the plan was imported from, with the edits written into it
    /// by this export (Terraform or CloudFormation).
    Onto(Export),
    /// The bill as CSV, written here.
    CostCsv,
}

impl Shown {
    fn id(self) -> &'static str {
        match self {
            Shown::Format(e) => e.id(),
            Shown::Onto(_) => "onto",
            Shown::CostCsv => "cost-csv",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Shown::Format(e) => e.label(),
            Shown::Onto(_) => "Your file, edited",
            Shown::CostCsv => "Cost CSV",
        }
    }

    fn file_name(self) -> &'static str {
        match self {
            Shown::Format(e) | Shown::Onto(e) => e.file_name(),
            Shown::CostCsv => "cost.csv",
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            Shown::Format(e) | Shown::Onto(e) => e.media_type(),
            Shown::CostCsv => "text/csv",
        }
    }

    /// Writes the entry for `s` and hands `done` its text (and, for the
    /// user's own file, the unified diff of the edit).
    fn render(
        self,
        s: &Scenario,
        bill: Option<&bill::Bill>,
        onto: Option<&Onto>,
        done: impl FnOnce(Result<(String, Option<String>), String>) + 'static,
    ) {
        let request = match (self, onto) {
            // Made by the worker, which simulates the same scenario (the
            // results are deterministic), so the app's module carries no
            // CSV writer.
            (Shown::CostCsv, _) if bill.is_none() => {
                return done(Err(
                    "the scenario has no bill while it has errors".to_string()
                ))
            }
            (Shown::CostCsv, _) => Request::cost_csv(s),
            (Shown::Format(e), _) => Request::export(e, s),
            (Shown::Onto(e), Some(o)) => Request::export_onto(e, s, &o.source),
            (Shown::Onto(_), None) => return done(Err("no file was imported".to_string())),
        };
        worker::request(request, move |r| {
            done(match r {
                Response::Exported { text } => Ok((text, None)),
                Response::Edited { text, diff } => Ok((text, Some(diff))),
                Response::Failed { message } => Err(message),
                _ => Err("unexpected answer".into()),
            })
        });
    }
}
