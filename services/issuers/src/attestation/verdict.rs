//! The result of a verification: the verdict, the key's state and the caller's expected
//! document.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use domain::{Digest, DocumentKind, DocumentNumber};
use serde::{Deserialize, Serialize};

use super::payload::AttestedDocument;
use crate::issuer::IssuerSummary;

/// The outcome of verifying an attestation. The wire names are stable; clients branch on them.
///
/// Only [`Verdict::Valid`] means the issuer's signature is genuine and stands for the
/// document in question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A registered key of the named issuer signed this document while the key was valid.
    Valid,
    /// The signature does not verify under the registered key (strict Ed25519).
    InvalidSignature,
    /// The attestation is for another digest than the one given.
    DigestMismatch,
    /// The attestation is for another document kind or number than the one given.
    DocumentMismatch,
    /// No issuer with the attestation's issuer id is registered.
    UnknownIssuer,
    /// The issuer has and had no key with the attestation's kid.
    UnknownKey,
    /// `issuedAt` is before the key's `validFrom`.
    KeyNotYetValid,
    /// `issuedAt` is at or after the key's `validUntil`.
    KeyExpired,
    /// `issuedAt` is at or after the time from which the key was revoked.
    KeyRevoked,
    /// The statement is not a well-formed issuer attestation.
    Malformed,
}

impl Verdict {
    /// Every verdict, in a stable order.
    pub const ALL: [Verdict; 10] = [
        Self::Valid,
        Self::InvalidSignature,
        Self::DigestMismatch,
        Self::DocumentMismatch,
        Self::UnknownIssuer,
        Self::UnknownKey,
        Self::KeyNotYetValid,
        Self::KeyExpired,
        Self::KeyRevoked,
        Self::Malformed,
    ];

    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::InvalidSignature => "invalid_signature",
            Self::DigestMismatch => "digest_mismatch",
            Self::DocumentMismatch => "document_mismatch",
            Self::UnknownIssuer => "unknown_issuer",
            Self::UnknownKey => "unknown_key",
            Self::KeyNotYetValid => "key_not_yet_valid",
            Self::KeyExpired => "key_expired",
            Self::KeyRevoked => "key_revoked",
            Self::Malformed => "malformed",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The reason for a key revocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RevocationReason {
    /// Replaced by a newer key (rotation). Earlier signatures stay valid.
    Superseded,
    /// The private key leaked or may have. Signatures dated at or after the compromise time
    /// are `key_revoked`.
    Compromised,
    /// No longer used, with no successor.
    Retired,
    /// The key holder left the issuing organisation.
    AffiliationChanged,
    /// No reason given.
    Unspecified,
}

/// The error for an invalid revocation reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid revocation reason {0:?}: use superseded, compromised, retired, affiliation_changed or unspecified"
)]
pub struct RevocationReasonError(String);

impl RevocationReason {
    /// Every reason, in a stable order.
    pub const ALL: [RevocationReason; 5] = [
        Self::Superseded,
        Self::Compromised,
        Self::Retired,
        Self::AffiliationChanged,
        Self::Unspecified,
    ];

    /// The wire name, as used in JSON and the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Superseded => "superseded",
            Self::Compromised => "compromised",
            Self::Retired => "retired",
            Self::AffiliationChanged => "affiliation_changed",
            Self::Unspecified => "unspecified",
        }
    }
}

impl FromStr for RevocationReason {
    type Err = RevocationReasonError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|reason| reason.as_str() == value)
            .ok_or_else(|| RevocationReasonError(value.chars().take(32).collect()))
    }
}

impl fmt::Display for RevocationReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A key's validity and revocation: everything the verdict rules read about a key.
///
/// Times are whole seconds, so the JWKS form (NumericDate seconds) carries them exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct KeyState {
    /// The key id: the RFC 7638 thumbprint of the public key.
    pub kid: String,
    /// Signatures dated before this time are `key_not_yet_valid`.
    pub valid_from: DateTime<Utc>,
    /// Signatures dated at or after this time are `key_expired`.
    pub valid_until: Option<DateTime<Utc>>,
    /// Signatures dated at or after this time are `key_revoked`. For a compromised key this
    /// is the compromise time, for other reasons the time the revocation was recorded.
    pub revoked_at: Option<DateTime<Utc>>,
    /// The revocation reason.
    pub reason: Option<RevocationReason>,
}

/// What the caller knows about the document; each member that is set must match the
/// attestation for the verdict to be `valid`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExpectedDocument {
    /// SHA-256 of the file the caller holds.
    pub digest: Option<Digest>,
    /// The kind the caller registers or checks the document as.
    pub kind: Option<DocumentKind>,
    /// The number the caller read on the document.
    pub number: Option<DocumentNumber>,
}

impl ExpectedDocument {
    /// Expects this exact document: its digest and kind, and its number when it has one.
    pub fn for_document(
        digest: Digest,
        kind: DocumentKind,
        number: Option<DocumentNumber>,
    ) -> Self {
        Self {
            digest: Some(digest),
            kind: Some(kind),
            number,
        }
    }

    /// Expects only this digest.
    pub fn digest(digest: Digest) -> Self {
        Self {
            digest: Some(digest),
            ..Self::default()
        }
    }
}

/// The result of verifying one attestation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// The verdict.
    pub verdict: Verdict,
    /// The issuer the attestation names, when it is registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<IssuerSummary>,
    /// The signing key's state, when the issuer has or had it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<KeyState>,
    /// The document the attestation is about, when it is well formed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<AttestedDocument>,
    /// The signing time the attestation claims, when it is well formed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<DateTime<Utc>>,
    /// The reason for the verdict, in words for a person.
    pub detail: String,
}

impl Verification {
    /// Returns whether the verdict is [`Verdict::Valid`].
    pub fn is_valid(&self) -> bool {
        self.verdict == Verdict::Valid
    }
}
