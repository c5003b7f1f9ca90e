//! Issuer value types: the kind of issuer, its country and the summary a verification returns.

use std::fmt;
use std::str::FromStr;

use isocountry::CountryCode;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The type of body that issues a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IssuerKind {
    /// A chamber of commerce, which issues certificates of origin.
    Chamber,
    /// A trade or customs authority.
    Authority,
    /// An exporter, which issues its own commercial invoices.
    Exporter,
}

/// The error for an invalid issuer kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid issuer kind {0:?}: use \"chamber\", \"authority\" or \"exporter\"")]
pub struct IssuerKindError(String);

impl IssuerKind {
    /// Every kind, in a stable order.
    pub const ALL: [IssuerKind; 3] = [Self::Chamber, Self::Authority, Self::Exporter];

    /// Returns the wire name, as used in JSON, query strings and the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Chamber => "chamber",
            Self::Authority => "authority",
            Self::Exporter => "exporter",
        }
    }
}

impl FromStr for IssuerKind {
    type Err = IssuerKindError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == value)
            .ok_or_else(|| IssuerKindError(value.chars().take(32).collect()))
    }
}

impl fmt::Display for IssuerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An officially assigned ISO 3166-1 alpha-2 country code, stored in upper case (`PK`, `AZ`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Country(CountryCode);

/// The error for an invalid country code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid country {0:?}: use an assigned ISO 3166-1 alpha-2 code such as \"PK\" or \"AZ\"")]
pub struct CountryError(String);

impl Country {
    /// Returns the two upper-case letters.
    pub fn as_str(&self) -> &'static str {
        self.0.alpha2()
    }

    /// Returns the English short name from ISO 3166-1, for example "Pakistan".
    pub fn name(&self) -> &'static str {
        self.0.name()
    }
}

impl FromStr for Country {
    type Err = CountryError;

    /// Accepts the two letters in either case. User-assigned codes such as `XK` and the
    /// reserved `UK` are not in the list and are rejected.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let reject = || CountryError(value.chars().take(16).collect());
        if value.len() != 2 || !value.bytes().all(|byte| byte.is_ascii_alphabetic()) {
            return Err(reject());
        }

        CountryCode::for_alpha2_caseless(value)
            .map(Self)
            .map_err(|_| reject())
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Country {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for Country {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .pattern(Some("^[A-Za-z]{2}$"))
            .description(Some(
                "ISO 3166-1 alpha-2 country code, answered in upper case.",
            ))
            .examples(["PK", "AZ"])
            .into()
    }
}

impl utoipa::ToSchema for Country {}

/// The signer of an attestation, as a verification reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IssuerSummary {
    /// The issuer's opaque id.
    #[schema(example = "iss_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b")]
    pub id: String,
    /// The issuer's registered name.
    #[schema(example = "Karachi Chamber of Commerce and Industry")]
    pub name: String,
    /// The issuer's country.
    pub country: Country,
    /// The issuer's kind.
    pub kind: IssuerKind,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_accepts_corridor_codes_in_any_case() {
        for (text, expected) in [("PK", "PK"), ("az", "AZ"), ("Gb", "GB")] {
            let country: Country = text.parse().unwrap();
            assert_eq!(country.as_str(), expected);
        }
        assert_eq!("PK".parse::<Country>().unwrap().name(), "Pakistan");
    }

    #[test]
    fn country_rejects_unassigned_and_malformed_codes() {
        for text in ["UK", "XK", "ZZ", "P", "PAK", "", "P1", "ÄZ"] {
            let error = text.parse::<Country>().unwrap_err().to_string();
            assert!(error.contains("ISO 3166-1"), "{text:?}: {error}");
        }
    }

    #[test]
    fn kind_round_trips_wire_names() {
        for kind in IssuerKind::ALL {
            assert_eq!(kind.as_str().parse::<IssuerKind>().unwrap(), kind);
        }
        let error = "bank".parse::<IssuerKind>().unwrap_err().to_string();
        assert!(error.contains("chamber"), "{error}");
    }
}
