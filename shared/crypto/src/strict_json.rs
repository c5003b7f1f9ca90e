//! Duplicate member names in JSON text. RFC 8259 leaves their meaning open and parsers
//! disagree on which value wins, so a signed statement with duplicates can mean one thing to
//! tradeseal (serde_json keeps the last) and another to a verifier that keeps the first.
//! Statements with duplicates are therefore rejected before they are parsed.

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Returns the first member name that occurs twice in one object anywhere in `text`, or
/// `None` when every object's names are distinct.
///
/// # Errors
/// When `text` is not a single JSON value, or nests deeper than serde_json's limit of 128.
pub fn duplicate_member(text: &[u8]) -> Result<Option<String>, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let found = DuplicateScan.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(found)
}

/// Walks one JSON value and reports the first duplicate member name in it.
struct DuplicateScan;

impl<'de> DeserializeSeed<'de> for DuplicateScan {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DuplicateScan {
    type Value = Option<String>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(inner) = items.next_element_seed(DuplicateScan)? {
            found = found.or(inner);
        }
        Ok(found)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<Self::Value, A::Error> {
        let mut names = HashSet::new();
        let mut found = None;
        while let Some(name) = members.next_key::<String>()? {
            let inner = members.next_value_seed(DuplicateScan)?;
            let repeated = (!names.insert(name.clone())).then_some(name);
            found = found.or(repeated).or(inner);
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::duplicate_member;

    #[test]
    fn distinct_names_pass() {
        let text = br#"{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}"#;

        assert_eq!(duplicate_member(text).unwrap(), None);
    }

    #[test]
    fn top_level_duplicate_found() {
        let text = br#"{"digest": "sha256:00", "kind": "x", "digest": "sha256:11"}"#;

        assert_eq!(duplicate_member(text).unwrap().as_deref(), Some("digest"));
    }

    #[test]
    fn nested_duplicate_found() {
        let text = br#"{"payload": {"document": {"number": "A", "number": "B"}}}"#;

        assert_eq!(duplicate_member(text).unwrap().as_deref(), Some("number"));
    }

    #[test]
    fn escaped_duplicate_found() {
        let text = br#"{"kid": "a", "k\u0069d": "b"}"#;

        assert_eq!(duplicate_member(text).unwrap().as_deref(), Some("kid"));
    }

    #[test]
    fn duplicate_inside_array_found() {
        let text = br#"[1, {"x": 1, "x": 2}]"#;

        assert_eq!(duplicate_member(text).unwrap().as_deref(), Some("x"));
    }

    #[test]
    fn invalid_json_is_an_error() {
        assert!(duplicate_member(b"{\"a\": 1").is_err());
        assert!(duplicate_member(b"{} {}").is_err());
    }
}
