//! The app's own scenario file: versioned JSON (see `docs/scenario.md`).

use super::{parse_json, typed, FormatError};
use crate::domain::scenario::{Scenario, SCENARIO_VERSION};
use crate::domain::validation::Problem;

/// Reads a scenario file. Fields this version does not know become warnings.
pub fn from_json(text: &str, warnings: &mut Vec<Problem>) -> Result<Scenario, FormatError> {
    let v = parse_json(text)?;
    from_value(v, warnings)
}

/// Reads a scenario from an already parsed JSON value.
/// Reads a scenario file the app wrote itself (saved work, a share link,
/// the worker's answers) without tracking unknown fields, so the app's
/// module does not carry the tracking deserializer: a field this version
/// does not know is dropped silently here, and an error names the line and
/// column instead of the field path.
pub fn from_json_lean(text: &str) -> Result<Scenario, FormatError> {
    /// The version alone (every other field skipped unread): the lean path
    /// carries no `serde_json::Value`.
    #[derive(serde::Deserialize)]
    struct Head {
        version: Option<serde_json::Number>,
    }
    let text = text.trim_start_matches('\u{feff}');
    if !text.trim_start().starts_with('{') {
        return Err(FormatError::Unrecognized(
            "a scenario file is a JSON object".into(),
        ));
    }
    let syntax = |e: serde_json::Error| FormatError::Syntax {
        line: e.line(),
        column: e.column(),
        message: super::strip_position(&e.to_string()),
    };
    let head: Head = serde_json::from_str(text).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => FormatError::Version {
            found: "not a number".into(),
            reason: format!("a scenario file needs \"version\": {SCENARIO_VERSION}"),
        },
        _ => syntax(e),
    })?;
    version_is_known(head.version.as_ref())?;
    serde_json::from_str(text).map_err(syntax)
}

pub fn from_value(
    v: serde_json::Value,
    warnings: &mut Vec<Problem>,
) -> Result<Scenario, FormatError> {
    check_version(&v)?;
    typed(v, "", "a BTAR Planner scenario", warnings)
}

fn check_version(v: &serde_json::Value) -> Result<(), FormatError> {
    let obj = v
        .as_object()
        .ok_or_else(|| FormatError::Unrecognized("a scenario file is a JSON object".into()))?;
    match obj.get("version") {
        None => version_is_known(None),
        Some(serde_json::Value::Number(n)) => version_is_known(Some(n)),
        Some(other) => Err(FormatError::Version {
            found: other.to_string(),
            reason: format!("this BTAR Planner reads version {SCENARIO_VERSION} only"),
        }),
    }
}

/// A scenario file's version number (`None`: none given) is this one's.
fn version_is_known(n: Option<&serde_json::Number>) -> Result<(), FormatError> {
    match n {
        None => Err(FormatError::Version {
            found: "none".into(),
            reason: format!("a scenario file needs \"version\": {SCENARIO_VERSION}"),
        }),
        Some(n) if n.as_u64() == Some(u64::from(SCENARIO_VERSION)) => Ok(()),
        Some(n) if n.as_u64().is_some_and(|x| x > u64::from(SCENARIO_VERSION)) => {
            Err(FormatError::Version {
                found: n.to_string(),
                reason: format!(
                    "it was written by a newer BTAR Planner; this one reads version {SCENARIO_VERSION}"
                ),
            })
        }
        Some(n) => Err(FormatError::Version {
            found: n.to_string(),
            reason: format!("this BTAR Planner reads version {SCENARIO_VERSION} only"),
        }),
    }
}

/// Writes a scenario file (pretty JSON, stable field order).
pub fn to_json(s: &Scenario) -> String {
    serde_json::to_string_pretty(s).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// Writes a scenario as compact JSON (for share links and storage).
pub fn to_compact_json(s: &Scenario) -> String {
    serde_json::to_string(s).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Scenario {
        crate::formats::test_scenario()
    }

    #[test]
    fn a_written_scenario_reads_back_identically() {
        let s = sample();
        let mut w = Vec::new();
        assert_eq!(from_json(&to_json(&s), &mut w).unwrap(), s);
        assert!(w.is_empty());
        assert_eq!(from_json_lean(&to_json(&s)).unwrap(), s);
        assert_eq!(from_json_lean(&to_compact_json(&s)).unwrap(), s);
        // The lean reader checks the version and names where an error is.
        let newer = to_json(&s).replacen("\"version\": 1", "\"version\": 9", 1);
        assert!(matches!(
            from_json_lean(&newer),
            Err(FormatError::Version { .. })
        ));
        let bad = to_json(&s).replacen("\"days\": ", "\"days\": \"x\", \"z\": ", 1);
        assert!(
            matches!(from_json_lean(&bad), Err(FormatError::Syntax { .. })),
            "{:?}",
            from_json_lean(&bad)
        );
    }

    #[test]
    fn the_lean_reader_names_what_is_wrong_before_reading_fields() {
        let text = to_compact_json(&sample());
        for (text, want) in [
            ("[1, 2]".to_string(), "a scenario file is a JSON object"),
            ("  42".to_string(), "a scenario file is a JSON object"),
            (
                text.replacen("\"version\":1", "\"version\":\"one\"", 1),
                "not a number",
            ),
            (text.replacen("\"version\":1,", "", 1), "none"),
            (text.replacen("\"version\":1", "\"version\":0", 1), "0"),
        ] {
            let e = from_json_lean(&text).unwrap_err();
            let shown = format!("{e:?}");
            assert!(shown.contains(want), "{want}: {shown}");
        }
        assert!(matches!(
            from_json_lean("{\"version\": 1, "),
            Err(FormatError::Syntax { .. })
        ));
    }

    #[test]
    fn unknown_fields_are_warnings_with_their_path() {
        let mut v: serde_json::Value = serde_json::from_str(&to_json(&sample())).unwrap();
        v["colour"] = "blue".into();
        v["workload"]["iops"] = 5.into();
        let mut w = Vec::new();
        let s = from_value(v, &mut w).unwrap();
        assert_eq!(s, sample());
        let fields: Vec<&str> = w.iter().map(|p| p.field.as_str()).collect();
        assert!(fields.contains(&"colour"), "{fields:?}");
        assert!(fields.contains(&"workload.iops"), "{fields:?}");
    }

    #[test]
    fn versions_other_than_one_are_refused() {
        let mut w = Vec::new();
        let mut v: serde_json::Value = serde_json::from_str(&to_json(&sample())).unwrap();
        v["version"] = 2.into();
        let e = from_value(v.clone(), &mut w).unwrap_err();
        assert!(e.to_string().contains("newer"), "{e}");
        v["version"] = 0.into();
        assert!(matches!(
            from_value(v.clone(), &mut w),
            Err(FormatError::Version { .. })
        ));
        v["version"] = "1".into();
        assert!(matches!(
            from_value(v.clone(), &mut w),
            Err(FormatError::Version { .. })
        ));
        v.as_object_mut().unwrap().remove("version");
        assert!(matches!(
            from_value(v, &mut w),
            Err(FormatError::Version { .. })
        ));
    }

    #[test]
    fn wrong_types_name_the_field() {
        let mut v: serde_json::Value = serde_json::from_str(&to_json(&sample())).unwrap();
        v["simulation"]["days"] = (-3).into();
        let e = from_value(v, &mut Vec::new()).unwrap_err();
        match e {
            FormatError::Field { field, .. } => assert_eq!(field, "simulation.days"),
            other => panic!("{other:?}"),
        }
        let e = from_json("{\"version\": 1, \"name\": ", &mut Vec::new()).unwrap_err();
        assert!(matches!(e, FormatError::Syntax { .. }));
    }
}
