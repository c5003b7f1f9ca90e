//! Document kinds, document numbers and registration status.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

/// The kinds of trade document tradeseal registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A certificate of origin issued by a chamber of commerce or trade authority.
    CertificateOfOrigin,
    /// A commercial invoice issued by the seller.
    CommercialInvoice,
}

/// Why a document kind was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid document kind {0:?}: use \"certificate_of_origin\" or \"commercial_invoice\"")]
pub struct KindError(String);

impl DocumentKind {
    /// The wire name, as used in JSON, query strings and the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::CertificateOfOrigin => "certificate_of_origin",
            Self::CommercialInvoice => "commercial_invoice",
        }
    }

    /// Whether a document of this kind must carry its own number.
    pub const fn requires_number(self) -> bool {
        matches!(self, Self::CertificateOfOrigin)
    }
}

impl FromStr for DocumentKind {
    type Err = KindError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim() {
            "certificate_of_origin" => Ok(Self::CertificateOfOrigin),
            "commercial_invoice" => Ok(Self::CommercialInvoice),
            other => Err(KindError(other.chars().take(64).collect())),
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Maximum length of a document number, in characters.
pub const MAX_NUMBER_LEN: usize = 64;

/// A document's own number as printed on it (for example `KCCI/2026/004512`): 1 to 64
/// characters of letters, digits, spaces and `- / . _ #`, trimmed, compared exactly.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[schema(value_type = String, example = "KCCI/2026/004512")]
pub struct DocumentNumber(String);

/// Why a document number was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentNumberError {
    /// The number was empty after trimming.
    #[error("document number is empty: give the number printed on the document")]
    Empty,
    /// The number was too long.
    #[error("document number is {0} characters long; the maximum is {MAX_NUMBER_LEN}")]
    TooLong(usize),
    /// The number contained a character outside the allowed set.
    #[error(
        "document number contains {0:?}; use letters, digits, spaces and the characters - / . _ #"
    )]
    BadCharacter(char),
}

impl DocumentNumber {
    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for DocumentNumber {
    type Err = DocumentNumberError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return Err(DocumentNumberError::Empty);
        }

        let length = trimmed.chars().count();
        if length > MAX_NUMBER_LEN {
            return Err(DocumentNumberError::TooLong(length));
        }

        let allowed =
            |c: char| c.is_alphanumeric() || matches!(c, ' ' | '-' | '/' | '.' | '_' | '#');
        if let Some(bad) = trimmed.chars().find(|c| !allowed(*c)) {
            return Err(DocumentNumberError::BadCharacter(bad));
        }
        Ok(Self(trimmed.to_owned()))
    }
}

impl fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DocumentNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Whether a registered document still stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    /// Registered and not revoked.
    Registered,
    /// Revoked by its issuer or an administrator.
    Revoked,
}

impl DocumentStatus {
    /// The wire name, as used in JSON and the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Registered => "registered",
            Self::Revoked => "revoked",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_parses_wire_names() {
        for kind in [
            DocumentKind::CertificateOfOrigin,
            DocumentKind::CommercialInvoice,
        ] {
            assert_eq!(kind.as_str().parse::<DocumentKind>().unwrap(), kind);
        }
        let error = "invoice".parse::<DocumentKind>().unwrap_err().to_string();
        assert!(error.contains("certificate_of_origin"), "{error}");
    }

    #[test]
    fn number_accepts_real_formats() {
        for number in ["KCCI/2026/004512", "INV-2026-0042", "AZ 12.34_5#6", "№1"] {
            let parsed: Result<DocumentNumber, _> = number.parse();
            assert_eq!(parsed.is_ok(), number != "№1", "{number}");
        }
        assert_eq!(" A-1 ".parse::<DocumentNumber>().unwrap().as_str(), "A-1");
    }

    #[test]
    fn number_rejects_bad_values() {
        assert_eq!(
            "  ".parse::<DocumentNumber>(),
            Err(DocumentNumberError::Empty)
        );
        assert_eq!(
            "x".repeat(65).parse::<DocumentNumber>(),
            Err(DocumentNumberError::TooLong(65))
        );
        assert_eq!(
            "A<1".parse::<DocumentNumber>(),
            Err(DocumentNumberError::BadCharacter('<'))
        );
    }
}
