//! Companies: the platform's trading companies, with the verification flag the score uses.
//!
//! `POST /v1/companies` registers a company once: the same id with the same data again
//! returns 200 and changes nothing, and the same id with other data is a 409 that points
//! to `PUT /v1/companies/{id}`, which creates or replaces. Keeping the two apart means a
//! retried registration can never overwrite a correction made in between.

mod country;
mod handlers;
mod store;

use chrono::{DateTime, Utc};
use http_kit::ApiError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub(crate) use handlers::{__path_create_company, __path_get_company, __path_put_company};
pub(crate) use handlers::{create_company, get_company, put_company};

/// Longest accepted company, event, deal or dispute id, in characters.
pub const MAX_ID_LEN: usize = 128;
/// Longest accepted company name, in characters.
pub const MAX_NAME_LEN: usize = 200;
/// Longest accepted registration number, in characters.
pub const MAX_REGISTRATION_NUMBER_LEN: usize = 64;

/// Body of `POST /v1/companies`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewCompany {
    /// The platform's id of the company: 1 to 128 characters from `A-Z a-z 0-9 . _ : -`,
    /// not only dots.
    pub id: String,
    /// Legal name, 1 to 200 characters.
    pub name: String,
    /// ISO 3166-1 alpha-2 country of registration, such as `PK` or `AZ`.
    pub country: String,
    /// Number in the country's company register, 1 to 64 characters.
    pub registration_number: String,
    /// Whether the platform has verified the company's identity. With the default model,
    /// a deal with a verified buyer counts ten times as much as one with an unverified
    /// buyer, before the per-buyer curve.
    pub verified: bool,
}

/// Body of `PUT /v1/companies/{id}`: the company's complete new data.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompanyUpdate {
    /// Legal name, 1 to 200 characters.
    pub name: String,
    /// ISO 3166-1 alpha-2 country of registration.
    pub country: String,
    /// Number in the country's company register, 1 to 64 characters.
    pub registration_number: String,
    /// Whether the platform has verified the company's identity.
    pub verified: bool,
}

/// A registered company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Company {
    /// The platform's id of the company.
    pub id: String,
    /// Legal name.
    pub name: String,
    /// ISO 3166-1 alpha-2 country code, upper case.
    pub country: String,
    /// Number in the country's company register.
    pub registration_number: String,
    /// Whether the platform has verified the company's identity.
    pub verified: bool,
    /// When the company was first registered.
    pub created_at: DateTime<Utc>,
    /// When its data last changed.
    pub updated_at: DateTime<Utc>,
}

/// Company data that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompanyData {
    pub(crate) name: String,
    pub(crate) country: String,
    pub(crate) registration_number: String,
    pub(crate) verified: bool,
}

impl NewCompany {
    /// Checks every field; returns the id and the data.
    pub(crate) fn parse(self) -> Result<(String, CompanyData), ApiError> {
        let id = parse_company_id(&self.id, "id")?;
        let update = CompanyUpdate {
            name: self.name,
            country: self.country,
            registration_number: self.registration_number,
            verified: self.verified,
        };
        Ok((id, update.parse()?))
    }
}

impl CompanyUpdate {
    /// Checks every field.
    pub(crate) fn parse(self) -> Result<CompanyData, ApiError> {
        let name = parse_text("name", &self.name, MAX_NAME_LEN)?;
        let registration_number = parse_text(
            "registrationNumber",
            &self.registration_number,
            MAX_REGISTRATION_NUMBER_LEN,
        )?;
        let country = country::normalize(&self.country).ok_or_else(|| {
            ApiError::invalid_field(
                "country",
                format!(
                    "country {:?} is not an ISO 3166-1 alpha-2 code; send two letters such as \"PK\" or \"AZ\"",
                    self.country
                ),
            )
        })?;

        Ok(CompanyData {
            name,
            country,
            registration_number,
            verified: self.verified,
        })
    }
}

/// Checks a company id from a body field or a path.
pub(crate) fn parse_company_id(id: &str, field: &str) -> Result<String, ApiError> {
    if is_valid_id(id) {
        return Ok(id.to_owned());
    }
    Err(ApiError::invalid_field(
        field,
        format!(
            "company id {id:?} is invalid; use 1 to {MAX_ID_LEN} characters from A-Z, a-z, 0-9, '.', '_', ':' and '-', not only dots"
        ),
    ))
}

/// Returns whether `id` is 1 to [`MAX_ID_LEN`] characters of `A-Z a-z 0-9 . _ : -` and
/// not only dots.
///
/// The character set leaves out control characters, NUL (which PostgreSQL text rejects)
/// and bidirectional overrides. Ids of dots only are path segments such as `.` and `..`
/// that HTTP clients remove from `/v1/companies/{id}` before sending.
pub(crate) fn is_valid_id(id: &str) -> bool {
    let allowed = |byte: u8| byte.is_ascii_alphanumeric() || b"._:-".contains(&byte);
    let only_dots = id.bytes().all(|byte| byte == b'.');

    !id.is_empty() && id.len() <= MAX_ID_LEN && id.bytes().all(allowed) && !only_dots
}

/// Trims `value` and checks its length and that it has no control characters.
fn parse_text(field: &str, value: &str, max_len: usize) -> Result<String, ApiError> {
    let trimmed = value.trim();
    let length = trimmed.chars().count();

    if length == 0 || length > max_len {
        return Err(ApiError::invalid_field(
            field,
            format!("{field} must be 1 to {max_len} characters after trimming, got {length}"),
        ));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(ApiError::invalid_field(
            field,
            format!("{field} {trimmed:?} contains a control character; remove it"),
        ));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_the_documented_characters() {
        assert!(is_valid_id("acme-01"));
        assert!(is_valid_id("org:pk.7_A"));
        assert!(is_valid_id(".a."));
        assert!(is_valid_id(&"a".repeat(MAX_ID_LEN)));
    }

    #[test]
    fn ids_reject_other_characters_and_lengths() {
        for id in [
            "",
            "a b",
            "a/b",
            "ä",
            "a\n",
            "a%20",
            "a\0",
            "a\u{202e}",
            ".",
            "..",
            "...",
        ] {
            assert!(!is_valid_id(id), "{id:?}");
        }
        assert!(!is_valid_id(&"a".repeat(MAX_ID_LEN + 1)));
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(parse_text("name", "  Acme  ", 10).unwrap(), "Acme");
        assert!(parse_text("name", "   ", 10).is_err());
        assert!(parse_text("name", "abcdefghijk", 10).is_err());
        assert!(parse_text("name", "Ac\u{7}me", 10).is_err());
    }
}
