//! Where a scenario survives a reload: the URL fragment (share links) first,
//! then LocalStorage (autosave). Anything unreadable gives a notice and the
//! default scenario, never a blank page.

use gloo::storage::{LocalStorage, Storage};

use super::state::Notice;
use crate::domain::scenario::Scenario;
use crate::formats::{scenario_file, share, MAX_INPUT_BYTES};
use crate::presets;

/// The one LocalStorage key the app writes.
pub const STORAGE_KEY: &str = "btar-planner/scenario";
/// Where an unreadable saved scenario is moved to.
pub const BACKUP_KEY: &str = "btar-planner/scenario.unreadable";

/// Saves the scenario (compact JSON with its version).
pub fn save(s: &Scenario) {
    set_raw(STORAGE_KEY, &scenario_file::to_compact_json(s));
}

fn set_raw(key: &str, value: &str) {
    let _ = LocalStorage::raw().set_item(key, value);
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

/// The scenario to start with, and what to tell the user about it.
pub fn initial() -> (Scenario, Option<Notice>) {
    if let Some(f) = fragment() {
        let mut warnings = Vec::new();
        return match share::decode(&f, &mut warnings) {
            Ok(s) => (
                s,
                Some(Notice {
                    text: if warnings.is_empty() {
                        "Opened the scenario from the share link.".into()
                    } else {
                        format!("Opened the scenario from the share link; {} unknown field(s) ignored.", warnings.len())
                    },
                    error: false,
                }),
            ),
            Err(e) => (
                stored().map(|(s, _)| s).unwrap_or_else(presets::default_scenario),
                Some(Notice { text: format!("The share link could not be opened ({e}); showing your last scenario instead."), error: true }),
            ),
        };
    }
    match stored() {
        Some((s, None)) => (s, None),
        Some((s, Some(n))) => (s, Some(n)),
        None => (presets::default_scenario(), None),
    }
}

/// The autosaved scenario, or the default with a notice if it is unreadable.
fn stored() -> Option<(Scenario, Option<Notice>)> {
    let raw: String = LocalStorage::raw().get_item(STORAGE_KEY).ok().flatten()?;
    if raw.len() > MAX_INPUT_BYTES {
        return Some((
            presets::default_scenario(),
            Some(Notice {
                text: "The saved scenario was too large to read; starting from the default.".into(),
                error: true,
            }),
        ));
    }
    match scenario_file::from_json(&raw, &mut Vec::new()) {
        Ok(s) => Some((s, None)),
        Err(e) => {
            // Keep the unreadable text under another key before autosave overwrites it.
            set_raw(BACKUP_KEY, &raw);
            Some((
            presets::default_scenario(),
            Some(Notice { text: format!("The saved scenario could not be read ({e}); starting from the default. The unreadable copy is kept in LocalStorage under '{BACKUP_KEY}'."), error: true }),
        ))
        }
    }
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
