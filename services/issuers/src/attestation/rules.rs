//! The verdict rules that need no lookup: the strict signature check, the key's validity at
//! the claimed signing time, and the match with the document the caller holds.

use chrono::{DateTime, SecondsFormat, Utc};
use crypto::{PublicKey, SignatureError, b64u_decode};

use super::payload::AttestedDocument;
use super::verdict::{ExpectedDocument, KeyState, RevocationReason, Verdict};

/// The failure of a signature check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureFailure {
    /// The signature is not base64url of 64 bytes, so it cannot even be checked.
    #[error("the signature is not 64 bytes of base64url: {0}")]
    Unreadable(String),
    /// The signature is 64 bytes but fails strict verification.
    #[error(
        "the signature does not verify under key {kid} (strict Ed25519: S below the group order, R not of small order)"
    )]
    Invalid {
        /// The key that was tried.
        kid: String,
    },
}

impl SignatureFailure {
    /// Returns the verdict for this failure: `malformed` for an unreadable signature, else
    /// `invalid_signature`.
    pub fn verdict(&self) -> Verdict {
        match self {
            Self::Unreadable(_) => Verdict::Malformed,
            Self::Invalid { .. } => Verdict::InvalidSignature,
        }
    }
}

/// Checks a base64url Ed25519 `signature` over `message` under `key` with strict
/// verification. The attestation verifier runs every signature through this function.
pub fn check_signature(
    key: &PublicKey,
    message: &[u8],
    signature: &str,
) -> Result<(), SignatureFailure> {
    let bytes =
        b64u_decode(signature).map_err(|error| SignatureFailure::Unreadable(error.to_string()))?;

    key.verify_strict(message, &bytes)
        .map_err(|error| match error {
            SignatureError::WrongLength { .. } => SignatureFailure::Unreadable(error.to_string()),
            SignatureError::Invalid { kid } => SignatureFailure::Invalid { kid },
        })
}

/// Returns the verdict and its reason when `key` was not valid at `issued_at`, or `None`
/// when it was.
///
/// A compromise wins over every other rule: a signature dated at or after the compromise
/// time is `key_revoked` even before `validFrom`. Otherwise a signature before `validFrom` is
/// `key_not_yet_valid`, and one at or after the key's first end (`validUntil` or the
/// revocation time, whichever comes first) is `key_expired` or `key_revoked` after that end.
pub fn key_verdict(key: &KeyState, issued_at: DateTime<Utc>) -> Option<(Verdict, String)> {
    let revoked = key.revoked_at.filter(|revoked_at| issued_at >= *revoked_at);
    if let (Some(revoked_at), Some(RevocationReason::Compromised)) = (revoked, key.reason) {
        return Some((
            Verdict::KeyRevoked,
            format!(
                "key {} is compromised from {}, and the attestation is dated {}; it is not trusted",
                key.kid,
                text(revoked_at),
                text(issued_at)
            ),
        ));
    }

    if issued_at < key.valid_from {
        return Some((
            Verdict::KeyNotYetValid,
            format!(
                "the attestation is dated {}, before key {} became valid at {}",
                text(issued_at),
                key.kid,
                text(key.valid_from)
            ),
        ));
    }

    let expired = key.valid_until.filter(|until| issued_at >= *until);
    match (expired, revoked) {
        (Some(until), Some(revoked_at)) if revoked_at < until => {
            Some(revoked_verdict(key, revoked_at, issued_at))
        }
        (Some(until), _) => Some((
            Verdict::KeyExpired,
            format!(
                "key {} expired at {}, and the attestation is dated {}",
                key.kid,
                text(until),
                text(issued_at)
            ),
        )),
        (None, Some(revoked_at)) => Some(revoked_verdict(key, revoked_at, issued_at)),
        (None, None) => None,
    }
}

fn revoked_verdict(
    key: &KeyState,
    revoked_at: DateTime<Utc>,
    issued_at: DateTime<Utc>,
) -> (Verdict, String) {
    let reason = key.reason.unwrap_or(RevocationReason::Unspecified);
    (
        Verdict::KeyRevoked,
        format!(
            "key {} was revoked ({reason}) at {}, and the attestation is dated {}",
            key.kid,
            text(revoked_at),
            text(issued_at)
        ),
    )
}

/// Returns the verdict and its reason when `attested` is not the `expected` document, or
/// `None` when every expected member matches. A digest difference is reported first.
pub fn document_verdict(
    attested: &AttestedDocument,
    expected: &ExpectedDocument,
) -> Option<(Verdict, String)> {
    if let Some(digest) = expected.digest.filter(|digest| *digest != attested.digest) {
        return Some((
            Verdict::DigestMismatch,
            format!(
                "the attestation is for {}, but the document given is {digest}: the file differs from the one the issuer signed",
                attested.digest
            ),
        ));
    }

    if let Some(kind) = expected.kind.filter(|kind| *kind != attested.kind) {
        return Some((
            Verdict::DocumentMismatch,
            format!("the attestation is for a {}, not a {kind}", attested.kind),
        ));
    }

    match (&expected.number, &attested.number) {
        (Some(expected), Some(attested)) if expected == attested => None,
        (Some(expected), attested) => Some((
            Verdict::DocumentMismatch,
            format!(
                "the attestation is for document number {}, not {expected}",
                attested.as_ref().map_or("(none)", |number| number.as_str())
            ),
        )),
        (None, _) => None,
    }
}

/// RFC 3339 UTC text for messages.
fn text(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}
