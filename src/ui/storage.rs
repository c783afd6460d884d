//! Where a scenario survives a reload: the URL fragment (share links) first,
//! then LocalStorage (autosave). Anything unreadable gives a notice and the
//! default scenario, never a blank page; so does a browser that refuses the
//! page its storage (reading `window.localStorage` throws when the user
//! blocks site data) or a full one.

use wasm_bindgen::JsCast;

use super::state::Notice;
use crate::domain::scenario::Scenario;
use crate::formats::{scenario_file, share, MAX_INPUT_BYTES};
use crate::presets;

/// The one LocalStorage key the app writes.
pub const STORAGE_KEY: &str = "btar-planner/scenario";
/// Where an unreadable saved scenario is moved to.
pub const BACKUP_KEY: &str = "btar-planner/scenario.unreadable";
/// Where the saved scenario goes when a share link is opened over it, before
/// the link's scenario is saved in its place.
pub const PREVIOUS_KEY: &str = "btar-planner/scenario.previous";

/// The page's LocalStorage, or why the browser will not give it.
fn local() -> Result<web_sys::Storage, String> {
    let window = web_sys::window().ok_or("no window")?;
    match window.local_storage() {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err("this browser has no LocalStorage".into()),
        Err(e) => Err(js_error(&e)),
    }
}

/// The name and message of a thrown DOMException (`QuotaExceededError: …`).
fn js_error(e: &wasm_bindgen::JsValue) -> String {
    match e.dyn_ref::<web_sys::DomException>() {
        Some(d) => format!("{}: {}", d.name(), d.message()),
        None => e.as_string().unwrap_or_else(|| "unknown error".into()),
    }
}

/// Why the last autosave did not happen, for the notice.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    /// The browser does not let the page use LocalStorage at all.
    Unavailable(String),
    /// The browser refused this write (usually: storage full).
    Refused(String),
}

impl SaveError {
    pub fn notice(&self) -> Notice {
        let keep = "Your edits stay while this tab is open; download the scenario JSON or make a share link to keep them.";
        Notice {
            text: match self {
                SaveError::Unavailable(e) => format!(
                    "Autosave is off: the browser does not let this page store data ({e}). {keep}"
                ),
                SaveError::Refused(e) => format!(
                    "Autosave failed: the browser refused to store the scenario ({e}). {keep}"
                ),
            },
            error: true,
        }
    }
}

/// Saves the scenario (compact JSON with its version).
pub fn save(s: &Scenario) -> Result<(), SaveError> {
    let storage = local().map_err(SaveError::Unavailable)?;
    storage
        .set_item(STORAGE_KEY, &scenario_file::to_compact_json(s))
        .map_err(|e| SaveError::Refused(js_error(&e)))
}

fn kept_note(kept: bool) -> String {
    if kept {
        format!(" The unreadable copy is kept in LocalStorage under '{BACKUP_KEY}'.")
    } else {
        " The browser would not keep a copy of it.".into()
    }
}

/// The share fragment (`#s=…`), if the address has one; other fragments
/// are in-page anchors (`#io`, `#results`), not links to open.
fn fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let h = hash.trim_start_matches('#');
    is_share_fragment(h).then(|| h.to_string())
}

fn is_share_fragment(h: &str) -> bool {
    h.starts_with("s=")
}

/// Clears the share fragment from the address bar once it has been read.
pub fn clear_fragment() {
    if fragment().is_none() {
        return;
    }
    if let Some(w) = web_sys::window() {
        if let Ok(h) = w.history() {
            let path = w.location().pathname().unwrap_or_default()
                + &w.location().search().unwrap_or_default();
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
}

/// The scenario to start with, what to tell the user about it, and the
/// saved scenario a share link is opened over (the notice offers it back).
pub fn initial() -> (Scenario, Option<Notice>, Option<Scenario>) {
    let saved = stored();
    if let Some(f) = fragment() {
        return match share::decode(&f) {
            Ok(s) => {
                let mut text = "Opened the scenario from the share link".to_string();
                // The saved scenario, if it could be read and is not the
                // link's own.
                let before = saved
                    .and_then(|(b, problem)| problem.is_none().then_some(b))
                    .filter(|b| *b != s);
                if let Some(b) = &before {
                    // Kept aside too, in case the tab is closed before Undo.
                    let kept = local()
                        .and_then(|st| {
                            st.set_item(PREVIOUS_KEY, &scenario_file::to_compact_json(b))
                                .map_err(|e| js_error(&e))
                        })
                        .is_ok();
                    text += "; Undo brings back the scenario you had";
                    if kept {
                        text += &format!(" (also kept under '{PREVIOUS_KEY}')");
                    }
                }
                text.push('.');
                (s, Some(Notice { text, error: false }), before)
            }
            Err(e) => (
                saved.map(|(s, _)| s).unwrap_or_else(presets::default_scenario),
                Some(Notice { text: format!("The share link could not be opened ({e}); showing your last scenario instead."), error: true }),
                None,
            ),
        };
    }
    match saved {
        Some((s, n)) => (s, n, None),
        None => (presets::default_scenario(), None, None),
    }
}

/// Calls `f` with the scenario another tab of this app saves (the browser's
/// `storage` event fires in every other tab of the origin). Unreadable
/// values are ignored: that tab gives its own notice.
pub fn on_other_tab_save(f: impl Fn(Scenario) + 'static) -> Option<gloo::events::EventListener> {
    let w = web_sys::window()?;
    Some(gloo::events::EventListener::new(&w, "storage", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() else {
            return;
        };
        if e.key().as_deref() != Some(STORAGE_KEY) {
            return;
        }
        let Some(raw) = e.new_value() else {
            return;
        };
        if raw.len() > MAX_INPUT_BYTES {
            return;
        }
        if let Ok(s) = scenario_file::from_json_lean(&raw) {
            f(s);
        }
    }))
}

/// The autosaved scenario, or the default with a notice if it is unreadable.
/// `None` when nothing is saved or storage is out of reach (the first
/// autosave then says so).
fn stored() -> Option<(Scenario, Option<Notice>)> {
    let storage = local().ok()?;
    let raw: String = storage.get_item(STORAGE_KEY).ok().flatten()?;
    let problem = if raw.len() > MAX_INPUT_BYTES {
        "it is too large to read".to_string()
    } else {
        match scenario_file::from_json_lean(&raw) {
            Ok(s) => return Some((s, None)),
            Err(e) => e.to_string(),
        }
    };
    // Kept under another key before autosave overwrites it.
    let kept = storage.set_item(BACKUP_KEY, &raw).is_ok();
    Some((
        presets::default_scenario(),
        Some(Notice {
            text: format!(
                "The saved scenario could not be read ({problem}); starting from the default.{}",
                kept_note(kept)
            ),
            error: true,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_share_fragments_are_opened_as_links() {
        assert!(is_share_fragment("s=1.abc"));
        assert!(
            is_share_fragment("s=9.abc"),
            "an unknown version still gets its notice"
        );
        for anchor in ["", "io", "results", "lag-chart"] {
            assert!(!is_share_fragment(anchor), "{anchor}");
        }
    }
}
