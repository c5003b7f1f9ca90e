//! The registry's response bodies and the request schemas shown in the OpenAPI document.

use chrono::{DateTime, Utc};
use crypto::Jwk;
use serde::{Deserialize, Serialize};

use crate::attestation::{KeyState, RevocationReason};
use crate::entity::{issuer, issuer_key};
use crate::issuer::{Country, IssuerKind};
use crate::store;

/// An issuer as the registry returns it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IssuerView {
    /// Opaque id.
    #[schema(example = "iss_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b")]
    id: String,
    /// Registered name.
    name: String,
    /// ISO 3166-1 alpha-2 country code.
    country: Country,
    /// Kind of issuer.
    kind: IssuerKind,
    /// The issuer's number in its country's register.
    registration_number: String,
    /// When the issuer was registered here.
    created_at: DateTime<Utc>,
}

impl IssuerView {
    pub(crate) fn from_row(row: &issuer::Model) -> anyhow::Result<Self> {
        let summary = store::summary(row)?;
        Ok(Self {
            id: summary.id,
            name: summary.name,
            country: summary.country,
            kind: summary.kind,
            registration_number: row.registration_number.clone(),
            created_at: row.created_at,
        })
    }
}

/// An issuer with every key it holds or held.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IssuerDetail {
    #[serde(flatten)]
    pub(crate) issuer: IssuerView,
    /// The keys, oldest `validFrom` first, revoked and expired ones included.
    pub(crate) keys: Vec<KeyView>,
}

/// One key with its history.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct KeyView {
    #[serde(flatten)]
    state: KeyState,
    /// The public key as an RFC 8037 JWK.
    jwk: Jwk,
    /// When the key was added.
    added_at: DateTime<Utc>,
    /// When the registry recorded the revocation.
    revocation_recorded_at: Option<DateTime<Utc>>,
}

impl KeyView {
    pub(crate) fn from_row(row: &issuer_key::Model) -> anyhow::Result<Self> {
        Ok(Self {
            state: store::key_state(row)?,
            jwk: store::public_key(row)?.to_jwk(),
            added_at: row.added_at,
            revocation_recorded_at: row.revocation_recorded_at,
        })
    }
}

/// One page of issuers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IssuerPage {
    /// The issuers, in a stable order.
    pub(crate) items: Vec<IssuerView>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub(crate) next_cursor: Option<String>,
}

/// Body of `POST /v1/issuers`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[expect(
    dead_code,
    reason = "an OpenAPI schema; the handler reads the body member by member"
)]
pub(crate) struct CreateIssuerRequest {
    /// Registered name, 1 to 200 characters.
    #[schema(example = "Karachi Chamber of Commerce and Industry")]
    name: String,
    /// ISO 3166-1 alpha-2 code.
    country: Country,
    /// Kind of issuer.
    kind: IssuerKind,
    /// The issuer's number in its country's register, 1 to 64 characters.
    #[schema(example = "KCCI-1959-001")]
    registration_number: String,
}

/// Body of `POST /v1/issuers/{id}/keys`: the key as `jwk` or as `x`, not both.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[expect(
    dead_code,
    reason = "an OpenAPI schema; the handler reads the body member by member"
)]
pub(crate) struct AddKeyRequest {
    /// The public key as an RFC 8037 OKP JWK (`kty` OKP, `crv` Ed25519, `x`); a `kid`, when
    /// given, must be the RFC 7638 thumbprint.
    jwk: Option<Jwk>,
    /// The 32-byte public key, base64url without padding.
    #[schema(example = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")]
    x: Option<String>,
    /// Start of validity; now when absent. Kept to whole seconds.
    valid_from: Option<DateTime<Utc>>,
    /// End of validity (exclusive), after `validFrom`. Kept to whole seconds.
    valid_until: Option<DateTime<Utc>>,
}

/// Body of `POST /v1/issuers/{id}/keys/{kid}/revocation`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[expect(
    dead_code,
    reason = "an OpenAPI schema; the handler reads the body member by member"
)]
pub(crate) struct RevokeKeyRequest {
    /// The revocation reason.
    reason: RevocationReason,
    /// For `compromised` only: the time from which the key is not trusted, at or before the
    /// earliest suspected misuse; now when absent. Kept to whole seconds.
    compromised_at: Option<DateTime<Utc>>,
}
