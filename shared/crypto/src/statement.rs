//! Signed statements: a JSON payload that names its own type, an Ed25519 signature over the
//! payload's RFC 8785 canonical bytes, and the signer's key id.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::base64url::{b64u_decode, b64u_encode};
use crate::canonical::{CanonicalError, canonical_bytes};
use crate::jwk::JwkSet;
use crate::public_key::{KeyError, PublicKey, SignatureError};
use crate::signing_key::SigningKeyPair;

/// Payload member that names the statement type and version.
const TYPE_MEMBER: &str = "type";

/// A signed statement, such as a notary receipt or an issuer attestation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SignedStatement {
    /// The signed JSON object. Its string member `type` names the statement type and
    /// version, for example `tradeseal.notary-receipt/v1`.
    #[schema(value_type = Object)]
    pub payload: Value,
    /// Ed25519 signature over the RFC 8785 canonical bytes of `payload`: 64 bytes,
    /// base64url without padding.
    pub signature: String,
    /// Key id of the signer: the RFC 7638 thumbprint of its public key.
    pub kid: String,
}

/// A statement that cannot be signed or does not verify.
#[derive(Debug, thiserror::Error)]
pub enum StatementError {
    /// The statement or payload does not have the required shape.
    #[error("malformed statement: {reason}")]
    Malformed {
        /// Description of the problem.
        reason: String,
    },

    /// The payload has no canonical JSON form, so it cannot be signed.
    #[error("statement payload cannot be signed: {0}")]
    Canonical(#[from] CanonicalError),

    /// The payload's `type` is not the type the verifier expects.
    #[error("statement type is {found:?}, expected {expected:?}")]
    WrongType {
        /// The type the verifier asked for.
        expected: String,
        /// The payload's `type`.
        found: String,
    },

    /// The statement's `kid` is not the thumbprint of the key it was checked against.
    #[error("statement kid {statement_kid:?} does not match the verifying key {key_kid:?}")]
    KidMismatch {
        /// The statement's `kid`.
        statement_kid: String,
        /// Thumbprint of the key used for verification.
        key_kid: String,
    },

    /// No key in the JWK set has the statement's `kid`.
    #[error("no key with kid {kid:?} in the key set; fetch the signer's current JWKS")]
    UnknownKey {
        /// The statement's `kid`.
        kid: String,
    },

    /// The JWK set has a key with the statement's `kid`, but it is not an acceptable
    /// Ed25519 key.
    #[error("key {kid:?} in the key set is not usable: {source}")]
    InvalidKey {
        /// The statement's `kid`.
        kid: String,
        /// The rejection reason.
        source: KeyError,
    },

    /// The signature does not verify over the canonical payload.
    #[error("statement signature is invalid: {0}")]
    BadSignature(SignatureError),
}

/// Signs `payload` with `key`.
///
/// The payload must serialize to a JSON object with a non-empty string member `type`. The
/// returned `payload` keeps the member order of `T`, and the signature covers its RFC 8785
/// canonical bytes.
pub fn sign_statement<T: Serialize>(
    key: &SigningKeyPair,
    payload: &T,
) -> Result<SignedStatement, StatementError> {
    // Canonicalize `payload` itself first: converting to a `Value` would turn NaN into null
    // instead of failing.
    canonical_bytes(payload)?;
    let payload = serde_json::to_value(payload).map_err(CanonicalError::Serialize)?;

    let statement_type = statement_type(&payload)?;
    if statement_type.is_empty() {
        return Err(malformed("payload member \"type\" is empty"));
    }

    let signature = key.sign(&canonical_bytes(&payload)?);
    Ok(SignedStatement {
        payload,
        signature: b64u_encode(&signature),
        kid: key.kid(),
    })
}

/// Verifies `statement` against `key`.
///
/// Checks, in order: the payload is an object with a string `type` equal to `expected_type`,
/// the statement's `kid` is the key's thumbprint, and the signature passes strict Ed25519
/// verification over the payload's canonical bytes.
pub fn verify_statement(
    statement: &SignedStatement,
    key: &PublicKey,
    expected_type: &str,
) -> Result<(), StatementError> {
    let found = statement_type(&statement.payload)?;
    if found != expected_type {
        return Err(StatementError::WrongType {
            expected: expected_type.to_owned(),
            found: found.to_owned(),
        });
    }

    let key_kid = key.thumbprint();
    if statement.kid != key_kid {
        return Err(StatementError::KidMismatch {
            statement_kid: statement.kid.clone(),
            key_kid,
        });
    }

    let signature = b64u_decode(&statement.signature)
        .map_err(|error| malformed(&format!("signature: {error}")))?;
    let message = canonical_bytes(&statement.payload)
        .map_err(|error| malformed(&format!("payload: {error}")))?;

    key.verify_strict(&message, &signature)
        .map_err(|error| match error {
            SignatureError::WrongLength { .. } => malformed(&error.to_string()),
            SignatureError::Invalid { .. } => StatementError::BadSignature(error),
        })
}

/// Verifies `statement` against the key in `jwks` whose kid is the statement's `kid`.
pub fn verify_statement_with_jwks(
    statement: &SignedStatement,
    jwks: &JwkSet,
    expected_type: &str,
) -> Result<(), StatementError> {
    let jwk = jwks
        .find(&statement.kid)
        .ok_or_else(|| StatementError::UnknownKey {
            kid: statement.kid.clone(),
        })?;

    let key = PublicKey::from_jwk(jwk).map_err(|source| StatementError::InvalidKey {
        kid: statement.kid.clone(),
        source,
    })?;

    verify_statement(statement, &key, expected_type)
}

/// Returns the payload's `type` member.
fn statement_type(payload: &Value) -> Result<&str, StatementError> {
    let object = payload
        .as_object()
        .ok_or_else(|| malformed("payload is not a JSON object"))?;

    object
        .get(TYPE_MEMBER)
        .and_then(Value::as_str)
        .ok_or_else(|| malformed("payload has no string member \"type\""))
}

fn malformed(reason: &str) -> StatementError {
    StatementError::Malformed {
        reason: reason.to_owned(),
    }
}
