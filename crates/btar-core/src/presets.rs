//! The example scenarios in `examples/`, compiled in so the app and the
//! command line offer them as presets.

use crate::domain::scenario::{AivenService, Platform, Scenario};
use crate::formats::{scenario_file, FormatError};

/// One shipped example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// File stem in `examples/`.
    pub id: &'static str,
    pub title: &'static str,
}

/// Every preset, the default first.
pub static PRESETS: &[Preset] = &[
    Preset {
        id: "aiven-pg-business",
        title: "Aiven PostgreSQL business plan, one secondary region",
    },
    Preset {
        id: "aws-guide-one-dr",
        title: "AWS Backup guide plan, one DR region",
    },
    Preset {
        id: "aws-guide-two-dr",
        title: "AWS Backup guide plan, two DR regions",
    },
    Preset {
        id: "zilliz-billing",
        title: "Zilliz Cloud billing example",
    },
];

/// A preset's title, for messages; the id itself if there is none.
pub fn title(id: &str) -> &str {
    PRESETS.iter().find(|p| p.id == id).map_or(id, |p| p.title)
}

/// The default preset's file (the first): the app opens with it, so only
/// this one is compiled into the app's own module; the others are read by
/// the formats worker when chosen.
const DEFAULT_JSON: &str = include_str!("../../../examples/aiven-pg-business.json");

/// A preset's scenario file text.
pub fn json(id: &str) -> Option<&'static str> {
    match id {
        "aiven-pg-business" => Some(DEFAULT_JSON),
        "aws-guide-one-dr" => Some(include_str!("../../../examples/aws-guide-one-dr.json")),
        "aws-guide-two-dr" => Some(include_str!("../../../examples/aws-guide-two-dr.json")),
        "zilliz-billing" => Some(include_str!("../../../examples/zilliz-billing.json")),
        _ => None,
    }
}

/// Loads a preset by id.
pub fn load(id: &str) -> Result<Scenario, FormatError> {
    let json =
        json(id).ok_or_else(|| FormatError::Unrecognized(format!("no preset named '{id}'")))?;
    scenario_file::from_json_lean(json)
}

/// The scenario the app opens with: the first preset.
pub fn default_scenario() -> Scenario {
    scenario_file::from_json_lean(DEFAULT_JSON).unwrap_or_else(|_| {
        Scenario::blank(
            Platform::Aiven(AivenService::blank()),
            chrono::DateTime::UNIX_EPOCH,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validation::validate;

    #[test]
    fn every_preset_loads_without_warnings_and_is_valid() {
        for p in PRESETS {
            let mut w = Vec::new();
            let json = json(p.id).unwrap_or_else(|| panic!("{}: no file", p.id));
            let s =
                scenario_file::from_json(json, &mut w).unwrap_or_else(|e| panic!("{}: {e}", p.id));
            assert!(w.is_empty(), "{}: {w:?}", p.id);
            let problems = validate(&s);
            let errors: Vec<_> = problems.errors().collect();
            assert!(errors.is_empty(), "{}: {errors:?}", p.id);
        }
    }
}
