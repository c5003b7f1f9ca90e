//! `POST /v1/issuers/{id}/keys` and `POST /v1/issuers/{id}/keys/{kid}/revocation`.
//!
//! Keys are never deleted or edited apart from their revocation, so every signature can be
//! judged against the key's history. Rotation is adding the new key and revoking the old
//! one as `superseded`.

use anyhow::Context;
use axum::extract::State;
use axum::http::{StatusCode, header};
use chrono::{DateTime, SubsecRound, Utc};
use domain::Role;
use http_kit::{ApiError, ApiResult, Json, Path, Principal};
use sea_orm::TransactionTrait;
use serde_json::Value;

use super::body::{Body, check_text};
use super::key_input;
use super::revocation::plan_revocation;
use super::views::{AddKeyRequest, KeyView, RevokeKeyRequest};
use super::{find_issuer_or_404, now_seconds, require_issuer_access};
use crate::IssuersState;
use crate::attestation::RevocationReason;
use crate::entity::issuer_key;
use crate::store;

/// Add a public key to an issuer (admin, or an issuer key bound to this issuer).
///
/// The key id is the key's RFC 7638 thumbprint. Older keys stay as they are; revoke one as
/// `superseded` to finish a rotation.
#[utoipa::path(
    post,
    path = "/v1/issuers/{id}/keys",
    tag = "issuers",
    params(("id" = String, Path, description = "Issuer id")),
    request_body = AddKeyRequest,
    responses(
        (status = 201, description = "Added", body = KeyView),
        (status = 400, description = "Missing or invalid field", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin key, nor an issuer key bound to this issuer; or an issuer key with a validFrom before now", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such issuer", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The key is already registered", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Weak, non-canonical or unsupported key, or a private JWK", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn add_key(
    State(state): State<IssuersState>,
    principal: Principal,
    Path(issuer_id): Path<String>,
    Json(body): Json<Value>,
) -> ApiResult<(StatusCode, [(header::HeaderName, String); 1], Json<KeyView>)> {
    require_issuer_access(&principal, &issuer_id)?;
    let row = parse_new_key(&issuer_id, body)?;
    require_no_backdating(&principal, &row)?;
    let issuer = find_issuer_or_404(state.db(), &issuer_id).await?;

    let existing = store::find_key(state.db(), &row.kid)
        .await
        .context("failed to look up the key")
        .map_err(ApiError::internal)?;
    if existing.is_some() {
        return Err(already_registered(&row.kid));
    }

    let row = match store::insert_key(state.db(), row.clone()).await {
        Ok(row) => row,
        Err(error) if storage::is_unique_violation(&error) => {
            return Err(already_registered(&row.kid));
        }
        Err(error) => return Err(ApiError::internal(error)),
    };
    tracing::info!(issuer_id = %issuer.id, kid = %row.kid, "issuer key added");

    let view = KeyView::from_row(&row).map_err(ApiError::internal)?;
    let location = format!("/v1/issuers/{}/jwks.json", issuer.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(view),
    ))
}

/// Clock difference allowed between an issuer's machine and the registry when it sets
/// `validFrom`.
const BACKDATING_TOLERANCE: chrono::TimeDelta = chrono::TimeDelta::minutes(5);

/// Rejects a `validFrom` before the key's registration from an issuer key. A backdated key
/// would make attestations dated before the key existed verify as `valid`, so only an admin,
/// who has checked when the issuer really began using the key, may set one.
fn require_no_backdating(principal: &Principal, row: &issuer_key::Model) -> ApiResult<()> {
    if principal.role == Role::Admin || row.valid_from >= row.added_at - BACKDATING_TOLERANCE {
        return Ok(());
    }
    Err(ApiError::forbidden(format!(
        "validFrom {} is before the key's registration; an issuer key may only register keys \
         valid from now on, so leave validFrom out or ask an admin to register an older key",
        row.valid_from.to_rfc3339()
    ))
    .with_field("validFrom"))
}

/// Reads and checks the body of `POST /v1/issuers/{id}/keys` into a new row.
fn parse_new_key(issuer_id: &str, body: Value) -> ApiResult<issuer_key::Model> {
    let body = Body::new(body, &["jwk", "x", "validFrom", "validUntil"])?;
    let public_key = key_input::public_key(&body)?;

    let now = now_seconds();
    let valid_from = body
        .optional_time("validFrom")?
        .map_or(now, |time| time.trunc_subsecs(0));
    let valid_until = body
        .optional_time("validUntil")?
        .map(|time| time.trunc_subsecs(0));
    if let Some(until) = valid_until.filter(|until| *until <= valid_from) {
        return Err(ApiError::invalid_field(
            "validUntil",
            format!(
                "validUntil {} is not after validFrom {}; a key must be valid for some time",
                until.to_rfc3339(),
                valid_from.to_rfc3339()
            ),
        ));
    }

    Ok(issuer_key::Model {
        kid: public_key.thumbprint(),
        issuer_id: issuer_id.to_owned(),
        x: public_key.x(),
        valid_from,
        valid_until,
        revoked_at: None,
        revocation_reason: None,
        revocation_recorded_at: None,
        added_at: now,
    })
}

fn already_registered(kid: &str) -> ApiError {
    ApiError::conflict(
        "key-exists",
        format!("key {kid} is already registered; generate a new key for a rotation"),
    )
    .with_field("jwk")
}

/// Revoke a key (admin, or an issuer key bound to this issuer).
///
/// For `compromised`, `compromisedAt` (default now) is the time from which signatures are
/// `key_revoked`; set it at or before the earliest suspected misuse, because `issuedAt` is
/// the signer's claim and a thief can backdate it. For other reasons the key is revoked from
/// now and earlier signatures stay valid. A revoked key can later be marked compromised, and
/// a compromise time can be moved earlier; any other second revocation is a 409.
#[utoipa::path(
    post,
    path = "/v1/issuers/{id}/keys/{kid}/revocation",
    tag = "issuers",
    params(
        ("id" = String, Path, description = "Issuer id"),
        ("kid" = String, Path, description = "Key id (RFC 7638 thumbprint)"),
    ),
    request_body = RevokeKeyRequest,
    responses(
        (status = 200, description = "Revoked", body = KeyView),
        (status = 400, description = "Missing or invalid field", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin key, nor an issuer key bound to this issuer", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such issuer or key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already revoked", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn revoke_key(
    State(state): State<IssuersState>,
    principal: Principal,
    Path((issuer_id, kid)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> ApiResult<Json<KeyView>> {
    require_issuer_access(&principal, &issuer_id)?;
    let (reason, compromised_at) = parse_revocation(body)?;
    let now = now_seconds();

    let row = revoke_in_transaction(&state, &issuer_id, &kid, reason, compromised_at, now).await?;
    tracing::info!(issuer_id = %issuer_id, kid = %kid, reason = %reason, "issuer key revoked");
    Ok(Json(KeyView::from_row(&row).map_err(ApiError::internal)?))
}

fn parse_revocation(body: Value) -> ApiResult<(RevocationReason, Option<DateTime<Utc>>)> {
    let body = Body::new(body, &["reason", "compromisedAt"])?;
    let reason_text = body.required_str(
        "reason",
        "superseded, compromised, retired, affiliation_changed or unspecified",
    )?;
    let reason: RevocationReason = check_text("reason", reason_text, 32)?.parse().map_err(
        |error: crate::attestation::RevocationReasonError| {
            ApiError::invalid_field("reason", error.to_string())
        },
    )?;
    let compromised_at = body
        .optional_time("compromisedAt")?
        .map(|time| time.trunc_subsecs(0));
    Ok((reason, compromised_at))
}

/// Reads the key under a row lock, decides the new revocation and stores it.
async fn revoke_in_transaction(
    state: &IssuersState,
    issuer_id: &str,
    kid: &str,
    reason: RevocationReason,
    compromised_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ApiResult<issuer_key::Model> {
    let failed = |error: sea_orm::DbErr| {
        ApiError::internal(anyhow::Error::new(error).context("failed to revoke the key"))
    };
    let txn = state.db().begin().await.map_err(failed)?;

    let current = store::find_key_locked(&txn, kid)
        .await
        .map_err(failed)?
        .filter(|row| row.issuer_id == issuer_id)
        .ok_or_else(|| {
            ApiError::not_found(
                "key-not-found",
                format!("issuer {issuer_id} holds no key with kid {kid}; see its jwks.json"),
            )
        })?;
    let state_now = store::key_state(&current).map_err(ApiError::internal)?;
    let revoked_at = plan_revocation(&state_now, reason, compromised_at, now)?;

    let row = store::revoke_key(&txn, current, revoked_at, reason.as_str(), now)
        .await
        .map_err(failed)?;
    txn.commit().await.map_err(failed)?;
    Ok(row)
}
