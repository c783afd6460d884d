//! The share link: a whole scenario in the URL fragment, compact and
//! versioned: `#s=1.` followed by the scenario's compact JSON, deflated
//! (raw DEFLATE, level 9) and written in unpadded base64url.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::{scenario_file, FormatError, MAX_INPUT_BYTES};
use crate::domain::scenario::Scenario;

/// The fragment key and link format version.
pub const PREFIX: &str = "s=1.";
/// The longest fragment accepted (browsers cope with far more; this keeps a
/// pasted link from eating memory).
pub const MAX_FRAGMENT: usize = 256 * 1024;

/// The fragment (without `#`) that carries a scenario.
pub fn encode(s: &Scenario) -> String {
    let json = scenario_file::to_compact_json(s);
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// The fragment, or why it would be a link this app refuses to open: the
/// same limits as [`decode`] (the scenario's JSON at most
/// [`MAX_INPUT_BYTES`], the fragment at most [`MAX_FRAGMENT`]).
pub fn encode_checked(s: &Scenario) -> Result<String, FormatError> {
    let json = scenario_file::to_compact_json(s);
    if json.len() > MAX_INPUT_BYTES {
        return Err(FormatError::ShareLink(format!(
            "the scenario is {} bytes as JSON; a share link carries at most {MAX_INPUT_BYTES}: shorten its longest texts (names, unmodelled fields) or download the scenario file instead",
            json.len()
        )));
    }
    let f = encode(s);
    if f.len() > MAX_FRAGMENT {
        return Err(FormatError::ShareLink(format!(
            "the link would be {} characters; links are read up to {MAX_FRAGMENT}: shorten the scenario's longest texts or download the scenario file instead",
            f.len()
        )));
    }
    Ok(f)
}

/// Reads a fragment (with or without the leading `#`) back into a scenario.
/// Fields this version does not know are dropped (see
/// [`scenario_file::from_json_lean`]).
pub fn decode(fragment: &str) -> Result<Scenario, FormatError> {
    let f = fragment.trim().trim_start_matches('#');
    if f.len() > MAX_FRAGMENT {
        return Err(FormatError::ShareLink(format!(
            "the link is {} characters; the limit is {MAX_FRAGMENT}",
            f.len()
        )));
    }
    let data = match f.strip_prefix(PREFIX) {
        Some(d) => d,
        None => {
            return Err(FormatError::ShareLink(match f.split_once('.') {
                Some((v, _)) if v.starts_with("s=") => format!(
                    "link format {} is not one this BTAR Planner reads (it reads 1)",
                    &v[2..]
                ),
                _ => "this is not a BTAR Planner share link (it starts with #s=1.)".into(),
            }))
        }
    };
    let packed = URL_SAFE_NO_PAD
        .decode(data.trim_end_matches('='))
        .map_err(|e| FormatError::ShareLink(format!("the link is damaged ({e}); copy it again")))?;
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INPUT_BYTES)
        .map_err(|_| {
            FormatError::ShareLink("the link is damaged or too large; copy it again".into())
        })?;
    let text = String::from_utf8(raw)
        .map_err(|_| FormatError::ShareLink("the link does not hold text; copy it again".into()))?;
    scenario_file::from_json_lean(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Scenario {
        crate::formats::test_scenario()
    }

    #[test]
    fn a_link_restores_the_scenario_exactly() {
        let s = sample();
        let link = encode(&s);
        assert!(link.starts_with("s=1."));
        assert!(link.len() < 700, "{}", link.len());
        assert_eq!(decode(&format!("#{link}")).unwrap(), s);
    }

    #[test]
    fn damaged_links_are_errors() {
        let link = encode(&sample());
        assert!(decode(&link[..link.len() / 2]).is_err());
        assert!(decode("s=1.!!!!").is_err());
        assert!(decode("").is_err());
        let e = decode("s=9.abc").unwrap_err();
        assert!(e.to_string().contains("format 9"), "{e}");
        let junk = format!(
            "s=1.{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"{\"version\":1}", 9))
        );
        assert!(decode(&junk).is_err());
        // A deflate bomb: 2 MiB of zeros.
        let bomb = format!(
            "s=1.{}",
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(
                &vec![b' '; 2 * 1024 * 1024],
                9
            ))
        );
        assert!(decode(&bomb).is_err());
    }
}
