//! The attestation payload: building and signing one, and parsing one strictly.
//!
//! The payload is a JSON object with exactly these members, all strings except `document`:
//! `type` (always [`ATTESTATION_TYPE`]), `document` (`digest`, `kind` and, when the document
//! has one, `number`), `issuer`, `kid` and `issuedAt`. Anything else, a missing member, a
//! `null`, or a value in a non-canonical spelling makes the attestation malformed.

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use crypto::{SignedStatement, SigningKeyPair, StatementError};
use domain::{Digest, DocumentKind, DocumentNumber};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `type` of an issuer attestation. A verifier accepts no other value, so a statement signed
/// as another kind (a notary receipt, say) is never taken for an attestation.
pub const ATTESTATION_TYPE: &str = "tradeseal.issuer-attestation/v1";

/// Maximum length of the issuer id in an attestation, in characters.
const MAX_ISSUER_ID_LEN: usize = 64;

/// The document an attestation is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AttestedDocument {
    /// SHA-256 of the document's exact bytes, `sha256:<64 lowercase hex>`.
    pub digest: Digest,
    /// The document kind.
    pub kind: DocumentKind,
    /// The number printed on the document; omitted when it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<DocumentNumber>,
}

/// The signed payload, in the member order it is written in (`type` first). The signature
/// covers the RFC 8785 canonical bytes, which sort the members, so the order is cosmetic.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct PayloadOut<'a> {
    #[serde(rename = "type")]
    statement_type: &'static str,
    document: &'a AttestedDocument,
    issuer: &'a str,
    kid: String,
    issued_at: String,
}

/// A parsed attestation whose payload has the required shape. Its signature is not checked
/// yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attestation {
    /// The attested document.
    pub document: AttestedDocument,
    /// The issuer's id.
    pub issuer: String,
    /// Key id of the signing key, the same in the payload and the statement.
    pub kid: String,
    /// The signing time the signer claims; nothing proves it.
    pub issued_at: DateTime<Utc>,
}

/// The error for a malformed attestation. The message names the member and the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MalformedAttestation(String);

impl MalformedAttestation {
    fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// Signs an attestation of `document` for `issuer` with `key`, dated `issued_at`.
///
/// `issuedAt` is written in RFC 3339 with a `Z` and only as many fraction digits as needed.
pub fn sign(
    key: &SigningKeyPair,
    issuer: &str,
    document: &AttestedDocument,
    issued_at: DateTime<Utc>,
) -> Result<SignedStatement, StatementError> {
    let payload = PayloadOut {
        statement_type: ATTESTATION_TYPE,
        document,
        issuer,
        kid: key.kid(),
        issued_at: issued_at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
    };
    crypto::sign_statement(key, &payload)
}

impl Attestation {
    /// Parses `statement` strictly; see the module documentation for the rules.
    pub fn parse(statement: &SignedStatement) -> Result<Self, MalformedAttestation> {
        let payload = statement
            .payload
            .as_object()
            .ok_or_else(|| MalformedAttestation::new("payload is not a JSON object"))?;
        only_members(
            payload,
            "payload",
            &["type", "document", "issuer", "kid", "issuedAt"],
        )?;

        let statement_type = string_member(payload, "type")?;
        if statement_type != ATTESTATION_TYPE {
            return Err(MalformedAttestation::new(format!(
                "payload type is {statement_type:?}, not {ATTESTATION_TYPE:?}; this statement is not an issuer attestation"
            )));
        }

        let kid = string_member(payload, "kid")?;
        if kid != statement.kid {
            return Err(MalformedAttestation::new(format!(
                "payload kid {kid:?} differs from the statement kid {:?}; both must name the signing key",
                statement.kid
            )));
        }

        let issuer = string_member(payload, "issuer")?;
        if issuer.is_empty() || issuer.chars().count() > MAX_ISSUER_ID_LEN {
            return Err(MalformedAttestation::new(format!(
                "payload issuer must be 1 to {MAX_ISSUER_ID_LEN} characters"
            )));
        }

        Ok(Self {
            document: parse_document(payload.get("document"))?,
            issuer: issuer.to_owned(),
            kid: kid.to_owned(),
            issued_at: parse_issued_at(string_member(payload, "issuedAt")?)?,
        })
    }
}

fn parse_document(value: Option<&Value>) -> Result<AttestedDocument, MalformedAttestation> {
    let document = value
        .and_then(Value::as_object)
        .ok_or_else(|| MalformedAttestation::new("payload member document must be an object"))?;
    only_members(document, "document", &["digest", "kind", "number"])?;

    let digest_text = string_member(document, "digest")?;
    let digest: Digest = digest_text
        .parse()
        .map_err(|error| MalformedAttestation::new(format!("document.digest: {error}")))?;
    // The signed text must be the one canonical spelling, so two attestations of one file
    // never differ only in how the digest is written.
    if digest.to_string() != digest_text {
        return Err(MalformedAttestation::new(format!(
            "document.digest {digest_text:?} is not in canonical form; write {digest}"
        )));
    }

    let kind: DocumentKind = string_member(document, "kind")?
        .parse()
        .map_err(|error| MalformedAttestation::new(format!("document.kind: {error}")))?;

    let number = match document.get("number") {
        None => None,
        Some(_) => Some(parse_number(string_member(document, "number")?)?),
    };
    if number.is_none() && kind.requires_number() {
        return Err(MalformedAttestation::new(format!(
            "document.number is required for a {kind}"
        )));
    }

    Ok(AttestedDocument {
        digest,
        kind,
        number,
    })
}

fn parse_number(text: &str) -> Result<DocumentNumber, MalformedAttestation> {
    let number: DocumentNumber = text
        .parse()
        .map_err(|error| MalformedAttestation::new(format!("document.number: {error}")))?;
    if number.as_str() != text {
        return Err(MalformedAttestation::new(format!(
            "document.number {text:?} has surrounding spaces; sign {:?}",
            number.as_str()
        )));
    }
    Ok(number)
}

/// Parses an RFC 3339 time whose offset is zero (`Z` or `+00:00`).
fn parse_issued_at(text: &str) -> Result<DateTime<Utc>, MalformedAttestation> {
    // RFC 3339 also allows a lower-case t and z, a space in place of T (in its notes) and a
    // leap second 60. Other verifiers reject some of these, so an attestation using them
    // would get different verdicts; only the form that `sign` writes is accepted.
    let bytes = text.as_bytes();
    let strict_form = bytes.get(10) == Some(&b'T')
        && !text.ends_with('z')
        && bytes.get(17..19).is_some_and(|second| second != b"60");
    if !strict_form {
        return Err(MalformedAttestation::new(format!(
            "issuedAt {text:?} is not in the form 2026-12-04T10:15:30Z; use an upper-case T \
             and Z and a second from 00 to 59"
        )));
    }

    let parsed: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(text).map_err(|error| {
        MalformedAttestation::new(format!(
            "issuedAt {text:?} is not an RFC 3339 time ({error}); write e.g. 2026-12-04T10:15:30Z"
        ))
    })?;

    // RFC 3339 reads "-00:00" as "offset unknown", so only "Z" and "+00:00" say UTC.
    let utc_suffix = text.ends_with('Z') || text.ends_with("+00:00");
    if parsed.offset().local_minus_utc() != 0 || !utc_suffix {
        return Err(MalformedAttestation::new(format!(
            "issuedAt {text:?} is not in UTC; write the time with a Z suffix"
        )));
    }
    Ok(parsed.with_timezone(&Utc))
}

/// Rejects members other than `allowed`, so no unsigned-looking extra can ride along.
fn only_members(
    object: &Map<String, Value>,
    place: &str,
    allowed: &[&str],
) -> Result<(), MalformedAttestation> {
    match object.keys().find(|key| !allowed.contains(&key.as_str())) {
        Some(extra) => Err(MalformedAttestation::new(format!(
            "{place} has the unknown member {extra:?}; allowed members are {}",
            allowed.join(", ")
        ))),
        None => Ok(()),
    }
}

fn string_member<'a>(
    object: &'a Map<String, Value>,
    name: &str,
) -> Result<&'a str, MalformedAttestation> {
    match object.get(name) {
        Some(Value::String(text)) => Ok(text),
        Some(_) => Err(MalformedAttestation::new(format!(
            "member {name} must be a string"
        ))),
        None => Err(MalformedAttestation::new(format!(
            "member {name} is missing"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_issued_at;

    #[test]
    fn issued_at_accepts_written_form() {
        assert!(parse_issued_at("2026-12-04T10:15:30Z").is_ok());
        assert!(parse_issued_at("2026-12-04T10:15:30.123456789Z").is_ok());
        assert!(parse_issued_at("2026-12-04T10:15:30+00:00").is_ok());
    }

    #[test]
    fn issued_at_rejects_lenient_forms() {
        for text in [
            "2026-12-04t10:15:30Z",
            "2026-12-04T10:15:30z",
            "2026-12-04 10:15:30Z",
            "2016-12-31T23:59:60Z",
            "2026-12-04T10:15:30+01:00",
            "2026-12-04T10:15:30-00:00",
        ] {
            assert!(parse_issued_at(text).is_err(), "{text} was accepted");
        }
    }
}
