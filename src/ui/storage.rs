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
/// Where unreadable saved scenarios are set aside: this key (older
/// versions, and the crash notice's fresh start) or this key, a dot and the
/// time it was set aside (ms since the epoch). Up to [`MAX_SET_ASIDE`] are
/// kept, newest first; the app lists them (import panel) to open or delete.
pub const BACKUP_KEY: &str = "btar-planner/scenario.unreadable";
/// How many set-aside copies are kept (the oldest goes past this).
pub const MAX_SET_ASIDE: usize = 8;
/// Set while the saved scenario is the one a share link brought (not an
/// edit of the user's): the hash of its JSON. A second link then keeps
/// `scenario.previous` (the user's own) instead of replacing it with the
/// first link's.
pub const FROM_LINK_KEY: &str = "btar-planner/scenario.from-link";
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
    /// The scenario is larger than the app reads back.
    TooLarge { size: usize },
    /// The saved value could not be read nor set aside: autosave waits, so
    /// it is not overwritten (the start-up notice said so).
    Paused,
}

impl SaveError {
    /// The notice to show, if any (a paused autosave was told at start-up).
    pub fn notice(&self) -> Option<Notice> {
        let keep = "Your edits stay while this tab is open; download the scenario JSON or make a share link to keep them.";
        let text = match self {
            SaveError::Unavailable(e) => format!(
                "Autosave is off: the browser does not let this page store data ({e}). {keep}"
            ),
            SaveError::Refused(e) => format!(
                "Autosave failed: the browser refused to store the scenario ({e}). {keep}"
            ),
            SaveError::TooLarge { size } => format!(
                "Autosave skipped: the scenario is {size} bytes as JSON and the app reads back at most {MAX_INPUT_BYTES}; the last smaller version stays saved. Shorten its longest texts (names, unmodelled fields), or download the scenario JSON."
            ),
            SaveError::Paused => return None,
        };
        Some(Notice { text, error: true })
    }
}

thread_local! {
    /// Set when the saved value could not be read and could not be set
    /// aside: nothing is saved over it until the user sets it aside or
    /// discards it (import panel).
    static PAUSED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether autosave waits to keep an unreadable saved value.
pub fn paused() -> bool {
    PAUSED.with(|p| p.get())
}

/// FNV-1a of a text, as hex: names a scenario's JSON in [`FROM_LINK_KEY`].
fn digest(text: &str) -> String {
    let h = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{h:016x}")
}

/// Saves the scenario (compact JSON with its version), within the size the
/// app reads back, never over an unreadable value that was not set aside.
pub fn save(s: &Scenario) -> Result<(), SaveError> {
    if paused() {
        return Err(SaveError::Paused);
    }
    let storage = local().map_err(SaveError::Unavailable)?;
    let json = scenario_file::to_compact_json(s);
    if json.len() > MAX_INPUT_BYTES {
        return Err(SaveError::TooLarge { size: json.len() });
    }
    storage
        .set_item(STORAGE_KEY, &json)
        .map_err(|e| SaveError::Refused(js_error(&e)))?;
    // Once the saved scenario is no longer the link's, it is the user's own.
    if let Ok(Some(h)) = storage.get_item(FROM_LINK_KEY) {
        if h != digest(&json) {
            let _ = storage.remove_item(FROM_LINK_KEY);
        }
    }
    Ok(())
}

/// Sets an unreadable saved value aside under a key of its own; false when
/// the browser would not store it.
fn set_aside(storage: &web_sys::Storage, raw: &str) -> bool {
    let mut stamp = js_sys::Date::now() as u64;
    // Two in the same millisecond keep both.
    while storage
        .get_item(&format!("{BACKUP_KEY}.{stamp}"))
        .ok()
        .flatten()
        .is_some()
    {
        stamp += 1;
    }
    if storage
        .set_item(&format!("{BACKUP_KEY}.{stamp}"), raw)
        .is_err()
    {
        return false;
    }
    for (key, _) in set_aside_copies().into_iter().skip(MAX_SET_ASIDE) {
        let _ = storage.remove_item(&key);
    }
    true
}

/// The set-aside copies: key and size in characters, newest first.
pub fn set_aside_copies() -> Vec<(String, usize)> {
    let Ok(storage) = local() else {
        return Vec::new();
    };
    let n = storage.length().unwrap_or(0);
    let mut v: Vec<(u64, String, usize)> = (0..n)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|k| {
            let stamp = if k == BACKUP_KEY {
                0
            } else {
                k.strip_prefix(BACKUP_KEY)?
                    .strip_prefix('.')?
                    .parse()
                    .ok()?
            };
            let len = storage.get_item(&k).ok().flatten()?.len();
            Some((stamp, k, len))
        })
        .collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.0));
    v.into_iter().map(|(_, k, len)| (k, len)).collect()
}

/// The text of a set-aside copy (or of the saved value autosave keeps).
pub fn read_key(key: &str) -> Option<String> {
    local().ok()?.get_item(key).ok().flatten()
}

/// Deletes a set-aside copy.
pub fn delete_key(key: &str) {
    if key.starts_with(BACKUP_KEY) {
        if let Ok(st) = local() {
            let _ = st.remove_item(key);
        }
    }
}

/// Ends a pause: the unreadable saved value is set aside now (there may be
/// room again), or discarded when `discard`; true when autosave goes on.
pub fn resume(discard: bool) -> bool {
    let Ok(storage) = local() else {
        return false;
    };
    if !discard {
        if let Some(raw) = storage.get_item(STORAGE_KEY).ok().flatten() {
            if !set_aside(&storage, &raw) {
                return false;
            }
        }
    }
    PAUSED.with(|p| p.set(false));
    true
}

fn kept_note(kept: bool) -> String {
    if kept {
        format!(" The unreadable copy is set aside in this browser (import panel: 'Set-aside copies') under '{BACKUP_KEY}.…'.")
    } else {
        " The browser has no room to set it aside, so autosave is paused and it stays as it was: download it or discard it in the import panel ('Set-aside copies'), or free some space.".into()
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
                let storage = local().ok();
                let (saved_scenario, problem) = match saved {
                    Some((b, problem)) => (problem.is_none().then_some(b), problem),
                    None => (None, None),
                };
                // Was the saved scenario brought by an earlier link, with no
                // edit since? Then the user's own is the one kept before it.
                let saved_from_link = match (&saved_scenario, &storage) {
                    (Some(b), Some(st)) => st.get_item(FROM_LINK_KEY).ok().flatten().is_some_and(
                        |h| h == digest(&scenario_file::to_compact_json(b)),
                    ),
                    _ => false,
                };
                let before = if saved_from_link {
                    storage
                        .as_ref()
                        .and_then(|st| st.get_item(PREVIOUS_KEY).ok().flatten())
                        .and_then(|raw| scenario_file::from_json_lean(&raw).ok())
                } else {
                    saved_scenario
                }
                .filter(|b| *b != s);
                if let Some(b) = &before {
                    // Kept aside too, in case the tab is closed before Undo.
                    let kept = saved_from_link
                        || storage.as_ref().is_some_and(|st| {
                            st.set_item(PREVIOUS_KEY, &scenario_file::to_compact_json(b))
                                .is_ok()
                        });
                    text += "; Undo brings back the scenario you had";
                    if kept {
                        text += &format!(" (also kept under '{PREVIOUS_KEY}')");
                    }
                }
                if let Some(st) = &storage {
                    let _ = st.set_item(
                        FROM_LINK_KEY,
                        &digest(&scenario_file::to_compact_json(&s)),
                    );
                }
                text.push('.');
                let error = problem.is_some();
                if let Some(p) = problem {
                    text = format!("{text} {}", p.text);
                }
                (s, Some(Notice { text, error }), before)
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
    // Set aside under a key of its own before autosave overwrites it; when
    // the browser will not, autosave waits rather than overwrite it.
    let kept = set_aside(&storage, &raw);
    if !kept {
        PAUSED.with(|p| p.set(true));
    }
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
