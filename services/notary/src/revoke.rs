//! `POST /v1/documents/{digest}/revocation`: the attesting issuer or an administrator
//! withdraws a document. The record stays, marked revoked with the time and reason, and the
//! revocation is appended to the transparency log.

use axum::extract::State;
use chrono::{SecondsFormat, SubsecRound, Utc};
use domain::{Digest, DocumentStatus, Role};
use http_kit::{ApiError, ApiResult, Json, Path, Principal};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, TransactionTrait};
use serde::Deserialize;

use crate::entity::document;
use crate::receipt::{LOG_ENTRY_TYPE, LogEntry};
use crate::register::{append_log, lock_log, next_log_index};
use crate::{DocumentRecord, NotaryState};

/// Maximum length of a revocation reason, in characters.
const MAX_REASON_LEN: usize = 500;

/// Body of a document revocation.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RevokeDocumentRequest {
    /// The reason for the withdrawal, 1 to 500 characters, shown to everyone who looks it up.
    #[schema(example = "replaced by KCCI/CO/2025/018428 after a correction of the net weight")]
    reason: Option<String>,
}

/// Revoke a registered document (admin, or an issuer key of the issuer that attested it).
///
/// Look-ups then return `revoked` with `revokedAt` and `revocationReason`. A revocation is
/// final: a second one is a 409.
#[utoipa::path(
    post,
    path = "/v1/documents/{digest}/revocation",
    tag = "documents",
    params(("digest" = String, Path, description = "`sha256:<64 hex>` or bare hex")),
    request_body = RevokeDocumentRequest,
    responses(
        (status = 200, description = "Revoked", body = DocumentRecord),
        (status = 400, description = "Malformed digest, or missing or invalid reason", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither an admin key nor a key of the attesting issuer", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not registered", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already revoked", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn revoke_document(
    State(state): State<NotaryState>,
    principal: Principal,
    Path(digest): Path<String>,
    Json(body): Json<RevokeDocumentRequest>,
) -> ApiResult<Json<DocumentRecord>> {
    principal.require(&[Role::Admin, Role::Issuer])?;
    let digest: Digest = digest.parse().map_err(|error: domain::DigestError| {
        ApiError::bad_request("invalid-digest", error.to_string())
    })?;
    let reason = parse_reason(body.reason)?;

    let record = revoke(&state, &principal, &digest, &reason).await?;
    tracing::info!(%digest, key_id = %principal.key_id, "document revoked");
    Ok(Json(record))
}

fn parse_reason(reason: Option<String>) -> ApiResult<String> {
    let reason = reason
        .map(|text| text.trim().to_owned())
        .unwrap_or_default();
    if reason.is_empty() {
        return Err(ApiError::missing_field(
            "reason",
            "reason is required: say why the document is withdrawn, for the customs officers who look it up",
        ));
    }

    let length = reason.chars().count();
    if length > MAX_REASON_LEN {
        return Err(ApiError::invalid_field(
            "reason",
            format!("reason is {length} characters long; the maximum is {MAX_REASON_LEN}"),
        ));
    }
    if reason.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ApiError::invalid_field(
            "reason",
            "reason contains a control character; remove it",
        ));
    }
    Ok(reason)
}

/// Marks the document revoked and appends the revocation to the log, in one transaction.
async fn revoke(
    state: &NotaryState,
    principal: &Principal,
    digest: &Digest,
    reason: &str,
) -> ApiResult<DocumentRecord> {
    let failed = |error: sea_orm::DbErr| {
        ApiError::internal(anyhow::Error::new(error).context("failed to revoke the document"))
    };
    let txn = state.db().begin().await.map_err(failed)?;
    lock_log(&txn).await.map_err(failed)?;

    let row = document::Entity::find_by_id(digest.to_hex())
        .one(&txn)
        .await
        .map_err(failed)?
        .ok_or_else(|| {
            ApiError::not_found(
                "not-registered",
                format!("no document with digest {digest} is registered"),
            )
        })?;
    require_revoker(principal, &row)?;
    if let Some(revoked_at) = row.revoked_at {
        return Err(ApiError::conflict(
            "document-already-revoked",
            format!(
                "document {digest} was already revoked at {}",
                revoked_at.to_rfc3339_opts(SecondsFormat::Secs, true)
            ),
        ));
    }

    let now = Utc::now().trunc_subsecs(3);
    let at = now.to_rfc3339_opts(SecondsFormat::Millis, true);
    let number = row.number.as_deref().map(str::parse).transpose().map_err(
        |error: domain::DocumentNumberError| ApiError::internal(anyhow::Error::new(error)),
    )?;
    let kind = row
        .kind
        .parse()
        .map_err(|error: domain::KindError| ApiError::internal(anyhow::Error::new(error)))?;
    let entry = LogEntry {
        entry_type: LOG_ENTRY_TYPE,
        action: "revoked",
        digest,
        kind,
        number: number.as_ref(),
        at: &at,
    };
    let index = next_log_index(&txn).await.map_err(failed)?;
    append_log(&txn, index, &entry, now).await.map_err(failed)?;

    let mut active = document::ActiveModel::from(row);
    active.status = Set(DocumentStatus::Revoked.as_str().to_owned());
    active.revoked_at = Set(Some(now));
    active.revocation_reason = Set(Some(reason.to_owned()));
    let row = active.update(&txn).await.map_err(failed)?;
    txn.commit().await.map_err(failed)?;

    DocumentRecord::try_from(row).map_err(ApiError::internal)
}

/// Admin keys may revoke any document; issuer keys only documents their issuer attested.
fn require_revoker(principal: &Principal, row: &document::Model) -> ApiResult<()> {
    if principal.role == Role::Admin {
        return Ok(());
    }
    if row.issuer_id.is_some() && row.issuer_id == principal.issuer_id {
        return Ok(());
    }

    Err(ApiError::forbidden(
        "only an administrator or the issuer that attested this document may revoke it",
    ))
}
