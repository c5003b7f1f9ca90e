//! RFC 8785 (JCS) canonical JSON: the exact bytes that signatures cover.

use serde::Serialize;

use crate::number_check::{NumberCheckError, check_numbers};

/// A value that has no RFC 8785 canonical form.
#[derive(Debug, thiserror::Error)]
pub enum CanonicalError {
    /// A float was NaN or infinite, which JSON cannot express.
    #[error("NaN and infinite numbers have no JSON form; replace them or send them as strings")]
    NonFiniteNumber,

    /// An integer was outside ±(2^53 − 1), so a double (the JSON number type of RFC 8785)
    /// would round it and the signed bytes would not carry the value.
    #[error(
        "integer {value} is outside ±9007199254740991 and would lose precision in canonical JSON; send it as a string"
    )]
    IntegerOutOfRange {
        /// The integer, in decimal.
        value: String,
    },

    /// The value failed to serialize for another reason (a map with non-string keys, a
    /// `Serialize` implementation that returned an error, ...).
    #[error("value cannot be serialized as JSON: {0}")]
    Serialize(serde_json::Error),
}

/// Serializes `value` as RFC 8785 canonical JSON.
///
/// Object members are sorted by their UTF-16 code units, there is no whitespace and numbers
/// use the ECMAScript number-to-string form. NaN, infinities and integers beyond ±(2^53 − 1)
/// are rejected rather than written as `null` or rounded.
pub fn canonical_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    check_numbers(value).map_err(|error| match error {
        NumberCheckError::NonFinite => CanonicalError::NonFiniteNumber,
        NumberCheckError::OutOfRange(value) => CanonicalError::IntegerOutOfRange { value },
        NumberCheckError::Custom(message) => {
            CanonicalError::Serialize(serde::ser::Error::custom(message))
        }
    })?;

    serde_json_canonicalizer::to_vec(value).map_err(CanonicalError::Serialize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number_check::MAX_SAFE_INTEGER;
    use serde_json::json;

    #[test]
    fn sorts_members_and_drops_whitespace() {
        let bytes = canonical_bytes(&json!({"b": [1, 2], "a": {"d": null, "c": true}})).unwrap();
        assert_eq!(bytes, br#"{"a":{"c":true,"d":null},"b":[1,2]}"#);
    }

    #[test]
    fn rejects_nan_and_infinity() {
        for number in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let error = canonical_bytes(&vec![number]).unwrap_err();
            assert!(
                matches!(error, CanonicalError::NonFiniteNumber),
                "{number}: {error}"
            );
        }
        let error = canonical_bytes(&f32::NAN).unwrap_err();
        assert!(matches!(error, CanonicalError::NonFiniteNumber));

        let nested = std::collections::BTreeMap::from([("a", vec![Some(1.5), Some(f64::NAN)])]);
        let error = canonical_bytes(&nested).unwrap_err();
        assert!(matches!(error, CanonicalError::NonFiniteNumber), "{error}");
    }

    #[test]
    fn accepts_max_safe_integers() {
        let max = MAX_SAFE_INTEGER as i64;
        assert_eq!(canonical_bytes(&max).unwrap(), b"9007199254740991");
        assert_eq!(canonical_bytes(&-max).unwrap(), b"-9007199254740991");
    }

    #[test]
    fn rejects_unsafe_integers() {
        let too_big = MAX_SAFE_INTEGER + 1;
        let error = canonical_bytes(&json!({"amount": too_big})).unwrap_err();
        assert!(
            matches!(&error, CanonicalError::IntegerOutOfRange { value } if value == "9007199254740992"),
            "{error}"
        );

        let too_small = -(MAX_SAFE_INTEGER as i64) - 1;
        let error = canonical_bytes(&vec![too_small]).unwrap_err();
        assert!(matches!(error, CanonicalError::IntegerOutOfRange { .. }));

        let error = canonical_bytes(&u64::MAX).unwrap_err();
        assert!(matches!(error, CanonicalError::IntegerOutOfRange { .. }));
    }

    #[test]
    fn rejects_non_string_map_keys() {
        let map = std::collections::BTreeMap::from([((1, 2), "pair")]);
        let error = canonical_bytes(&map).unwrap_err();
        assert!(matches!(error, CanonicalError::Serialize(_)), "{error}");
    }
}
