//! The SHA-256 digest of a document's exact bytes, written `sha256:<64 lowercase hex>`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Prefix of the canonical text form of a digest.
const PREFIX: &str = "sha256:";

/// A SHA-256 digest. Parsing accepts `sha256:<hex>` and bare hex in either case; display is
/// always the canonical `sha256:<lowercase hex>`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest([u8; 32]);

/// Why a digest string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid digest {value:?}: {reason}; a digest is \"sha256:\" followed by 64 hexadecimal \
     characters (the prefix is optional)"
)]
pub struct DigestError {
    value: String,
    reason: &'static str,
}

impl Digest {
    /// Wraps raw digest bytes.
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The raw 32 bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The 64 lowercase hex characters without the prefix, as stored in the database.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl FromStr for Digest {
    type Err = DigestError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let reject = |reason| DigestError {
            value: value.chars().take(100).collect(),
            reason,
        };

        let trimmed = value.trim();
        let hex_part = match trimmed.get(..PREFIX.len()) {
            Some(prefix) if prefix.eq_ignore_ascii_case(PREFIX) => &trimmed[PREFIX.len()..],
            _ if trimmed.contains(':') => return Err(reject("only sha256 digests are supported")),
            _ => trimmed,
        };

        if hex_part.len() != 64 {
            return Err(reject("wrong length"));
        }
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(hex_part, &mut bytes).map_err(|_| reject("not hexadecimal"))?;
        Ok(Self(bytes))
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PREFIX}{}", self.to_hex())
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({self})")
    }
}

impl Serialize for Digest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for Digest {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some("^(sha256:)?[0-9a-fA-F]{64}$"))
            .description(Some(
                "SHA-256 of the document's exact bytes, `sha256:<64 lowercase hex>`; \
                 bare hex is accepted on input.",
            ))
            .examples(["sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"])
            .into()
    }
}

impl utoipa::ToSchema for Digest {}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    #[test]
    fn parses_prefixed_and_bare_forms() {
        let prefixed: Digest = format!("sha256:{HEX}").parse().unwrap();
        let bare: Digest = HEX.parse().unwrap();
        let upper: Digest = HEX.to_uppercase().parse().unwrap();

        assert_eq!(prefixed, bare);
        assert_eq!(bare, upper);
        assert_eq!(prefixed.to_string(), format!("sha256:{HEX}"));
    }

    #[test]
    fn rejects_bad_values_with_reason() {
        let cases = [
            ("", "wrong length"),
            ("sha256:abc", "wrong length"),
            (&HEX[..63], "wrong length"),
            ("md5:d41d8cd98f00b204e9800998ecf8427e", "only sha256"),
        ];
        for (input, reason) in cases {
            let error = input.parse::<Digest>().unwrap_err().to_string();
            assert!(error.contains(reason), "{input:?} gave {error}");
        }

        let not_hex = format!("zz{}", &HEX[2..]);
        let error = not_hex.parse::<Digest>().unwrap_err().to_string();
        assert!(error.contains("not hexadecimal"), "{error}");
    }

    #[test]
    fn serde_round_trip_uses_prefix() {
        let digest: Digest = HEX.parse().unwrap();
        let json = serde_json::to_string(&digest).unwrap();

        assert_eq!(json, format!("\"sha256:{HEX}\""));
        assert_eq!(serde_json::from_str::<Digest>(&json).unwrap(), digest);
    }
}
