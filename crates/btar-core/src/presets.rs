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
    pub json: &'static str,
}

/// Every preset, the default first.
pub static PRESETS: &[Preset] = &[
    Preset {
        id: "aiven-pg-business",
        title: "Aiven PostgreSQL business plan, one secondary region",
        json: include_str!("../../../examples/aiven-pg-business.json"),
    },
    Preset {
        id: "aws-guide-one-dr",
        title: "AWS Backup guide plan, one DR region",
        json: include_str!("../../../examples/aws-guide-one-dr.json"),
    },
    Preset {
        id: "aws-guide-two-dr",
        title: "AWS Backup guide plan, two DR regions",
        json: include_str!("../../../examples/aws-guide-two-dr.json"),
    },
    Preset {
        id: "zilliz-billing",
        title: "Zilliz Cloud billing example",
        json: include_str!("../../../examples/zilliz-billing.json"),
    },
];

/// A preset's title, for messages; the id itself if there is none.
pub fn title(id: &str) -> &str {
    PRESETS.iter().find(|p| p.id == id).map_or(id, |p| p.title)
}

/// Loads a preset by id.
pub fn load(id: &str) -> Result<Scenario, FormatError> {
    let p = PRESETS
        .iter()
        .find(|p| p.id == id)
        .ok_or_else(|| FormatError::Unrecognized(format!("no preset named '{id}'")))?;
    scenario_file::from_json_lean(p.json)
}

/// The scenario the app opens with: the first preset.
pub fn default_scenario() -> Scenario {
    load(PRESETS[0].id).unwrap_or_else(|_| {
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
            let s = scenario_file::from_json(p.json, &mut w)
                .unwrap_or_else(|e| panic!("{}: {e}", p.id));
            assert!(w.is_empty(), "{}: {w:?}", p.id);
            let problems = validate(&s);
            let errors: Vec<_> = problems.errors().collect();
            assert!(errors.is_empty(), "{}: {errors:?}", p.id);
        }
    }
}
