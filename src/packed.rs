//! Typed values between a worker and the app as postcard bytes in base64
//! text (the workers' messages are text): postcard's reader of a type is a
//! fraction of the size of a JSON one in the app's module.

use base64::Engine as _;
use serde::{de::DeserializeOwned, Serialize};

/// `value` packed; `what` names it in the error.
pub fn pack<T: Serialize>(value: &T, what: &str) -> Result<String, String> {
    let bytes =
        postcard::to_allocvec(value).map_err(|e| format!("{what} could not be packed: {e}"))?;
    Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// What [`pack`] wrote; `what` names it in the error.
pub fn unpack<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| format!("{what} from the worker is not base64: {e}"))?;
    postcard::from_bytes(&bytes)
        .map_err(|e| format!("{what} from the worker could not be read: {e}"))
}

/// A `Vec<u8>` written as one run of bytes (`serialize_bytes`), which
/// postcard copies whole, rather than as a sequence of numbers read one at
/// a time: `#[serde(with = "crate::packed::bytes")]`.
pub mod bytes {
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
            // Formats without bytes (JSON) write them as a list of numbers.
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Vec<u8>, A::Error> {
                let mut out = Vec::with_capacity(a.size_hint().unwrap_or(0).min(1 << 20));
                while let Some(b) = a.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(out)
            }
        }
        d.deserialize_byte_buf(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_comes_back_as_it_went() {
        let v = (vec![(1_i64, 2_u32)], Some("x".to_string()), 0.25_f64);
        let text = pack(&v, "the pair").unwrap();
        assert_eq!(
            unpack::<(Vec<(i64, u32)>, Option<String>, f64)>(&text, "the pair").unwrap(),
            v
        );
    }

    #[test]
    fn field_places_come_back_as_they_went() {
        // Read by hand (not serde's derive), by index in postcard.
        use crate::domain::scenario::FieldPlace;
        let places = vec![
            FieldPlace::Plan,
            FieldPlace::Rule { rule: "r".into() },
            FieldPlace::RuleLifecycle { rule: "r".into() },
            FieldPlace::CopyAction {
                rule: "r".into(),
                arn: "a".into(),
            },
            FieldPlace::CopyLifecycle {
                rule: "s".into(),
                arn: "b".into(),
            },
        ];
        let text = pack(&places, "the places").unwrap();
        assert_eq!(
            unpack::<Vec<FieldPlace>>(&text, "the places").unwrap(),
            places
        );
    }

    #[test]
    fn damaged_text_is_an_error_naming_what() {
        let e = unpack::<Vec<u32>>("not base64!", "the plans").unwrap_err();
        assert!(
            e.starts_with("the plans from the worker is not base64"),
            "{e}"
        );
        let e = unpack::<(String, u64)>(&pack(&1_u8, "x").unwrap(), "the risk").unwrap_err();
        assert!(
            e.starts_with("the risk from the worker could not be read"),
            "{e}"
        );
    }
}
