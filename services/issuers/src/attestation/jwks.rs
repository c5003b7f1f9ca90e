//! An issuer's published key set: a JWKS (RFC 7517) whose keys carry their validity, and
//! which names its issuer, so attestations can be checked offline with the same rules.
//!
//! Each key is an RFC 8037 OKP JWK with these extra members: `nbf` (valid from) and `exp`
//! (valid until, when set) as NumericDate seconds like JWT (RFC 7519), `revokedAt` (seconds,
//! the time from which signatures are `key_revoked`) and `revocationReason`. The top-level
//! member `issuer` holds `{id, name, country, kind}`.

use chrono::{DateTime, Utc};
use crypto::{Jwk, PublicKey};
use serde::{Deserialize, Serialize};

use super::verdict::{KeyState, RevocationReason};
use super::verify::{DirectoryError, DirectoryKey, IssuerDirectory};
use crate::issuer::IssuerSummary;

/// One published key with its validity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IssuerJwk {
    /// The public key as an RFC 8037 OKP JWK; `kid` is its RFC 7638 thumbprint.
    #[serde(flatten)]
    pub jwk: Jwk,
    /// Valid from, in seconds since 1970-01-01T00:00:00Z.
    pub nbf: i64,
    /// Valid until (exclusive), in seconds since 1970-01-01T00:00:00Z.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    /// Revoked from, in seconds since 1970-01-01T00:00:00Z.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<i64>,
    /// The revocation reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation_reason: Option<RevocationReason>,
}

/// An issuer's key set: the issuer and every key it holds or held, current and past.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IssuerJwkSet {
    /// The issuer the keys belong to.
    pub issuer: IssuerSummary,
    /// The keys, oldest `nbf` first.
    pub keys: Vec<IssuerJwk>,
}

/// A published key whose members cannot be read as a key state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("JWKS key {kid}: {reason}")]
pub struct JwkStateError {
    kid: String,
    reason: String,
}

impl IssuerJwk {
    /// Publishes `public_key` with `state`.
    pub fn new(public_key: &PublicKey, state: &KeyState) -> Self {
        Self {
            jwk: public_key.to_jwk(),
            nbf: state.valid_from.timestamp(),
            exp: state.valid_until.map(|time| time.timestamp()),
            revoked_at: state.revoked_at.map(|time| time.timestamp()),
            revocation_reason: state.reason,
        }
    }

    /// Returns the public key when it is an acceptable Ed25519 key whose `kid`, if stated, is
    /// its thumbprint. Any other entry matches no attestation.
    pub fn public_key(&self) -> Option<PublicKey> {
        let public_key = PublicKey::from_jwk(&self.jwk).ok()?;
        let kid_matches = self
            .jwk
            .kid
            .as_ref()
            .is_none_or(|stated| *stated == public_key.thumbprint());
        kid_matches.then_some(public_key)
    }

    /// Reads the key and its state back; `None` when [`Self::public_key`] is `None`.
    pub fn to_directory_key(&self) -> Option<Result<DirectoryKey, JwkStateError>> {
        let public_key = self.public_key()?;
        let state = self.state(public_key.thumbprint());
        Some(state.map(|state| DirectoryKey { public_key, state }))
    }

    fn state(&self, kid: String) -> Result<KeyState, JwkStateError> {
        let time = |member: &str, seconds: i64| {
            DateTime::<Utc>::from_timestamp(seconds, 0).ok_or_else(|| JwkStateError {
                kid: kid.clone(),
                reason: format!("{member} {seconds} is not a representable time"),
            })
        };
        let valid_from = time("nbf", self.nbf)?;
        let valid_until = self.exp.map(|seconds| time("exp", seconds)).transpose()?;
        let revoked_at = self
            .revoked_at
            .map(|seconds| time("revokedAt", seconds))
            .transpose()?;

        if revoked_at.is_some() != self.revocation_reason.is_some() {
            return Err(JwkStateError {
                kid,
                reason: "revokedAt and revocationReason must be given together".to_owned(),
            });
        }
        Ok(KeyState {
            kid,
            valid_from,
            valid_until,
            revoked_at,
            reason: self.revocation_reason,
        })
    }
}

#[async_trait::async_trait]
impl IssuerDirectory for IssuerJwkSet {
    async fn issuer(&self, issuer_id: &str) -> Result<Option<IssuerSummary>, DirectoryError> {
        Ok((self.issuer.id == issuer_id).then(|| self.issuer.clone()))
    }

    async fn key(
        &self,
        issuer_id: &str,
        kid: &str,
    ) -> Result<Option<DirectoryKey>, DirectoryError> {
        if self.issuer.id != issuer_id {
            return Ok(None);
        }

        let entry = self.keys.iter().find(|entry| {
            entry
                .public_key()
                .is_some_and(|public_key| public_key.thumbprint() == kid)
        });
        entry
            .and_then(IssuerJwk::to_directory_key)
            .transpose()
            .map_err(|error| DirectoryError(anyhow::Error::new(error)))
    }
}
