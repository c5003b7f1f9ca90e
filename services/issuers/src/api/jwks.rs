//! `GET /v1/issuers/{id}/jwks.json`: the issuer's keys, current and past, for anyone.

use anyhow::Context;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use http_kit::{ApiError, ApiResult, Json, Path};

use super::find_issuer_or_404;
use crate::attestation::{IssuerJwk, IssuerJwkSet};
use crate::{IssuersState, store};

/// How long clients may reuse a key set, in seconds. Short, so a revocation reaches offline
/// verifiers within about a minute.
const MAX_AGE_SECS: u32 = 60;

/// The issuer's public keys, current and past, with their validity (public, no API key).
///
/// Each key is an RFC 8037 OKP JWK with `nbf`, `exp`, `revokedAt` (NumericDate seconds) and
/// `revocationReason`; the member `issuer` names the issuer. `tradeseal` checks attestations
/// offline against this document.
#[utoipa::path(
    get,
    path = "/v1/issuers/{id}/jwks.json",
    tag = "issuers",
    params(("id" = String, Path, description = "Issuer id")),
    responses(
        (status = 200, description = "The key set", body = IssuerJwkSet),
        (status = 404, description = "No such issuer", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
)]
pub(crate) async fn publish(
    State(state): State<IssuersState>,
    Path(issuer_id): Path<String>,
) -> ApiResult<Response> {
    let row = find_issuer_or_404(state.db(), &issuer_id).await?;
    let keys = store::keys_of(state.db(), &row.id)
        .await
        .context("failed to read the issuer's keys")
        .map_err(ApiError::internal)?;

    let keys = keys
        .iter()
        .map(|key| {
            Ok(IssuerJwk::new(
                &store::public_key(key)?,
                &store::key_state(key)?,
            ))
        })
        .collect::<anyhow::Result<Vec<_>>>()
        .map_err(ApiError::internal)?;
    let issuer = store::summary(&row).map_err(ApiError::internal)?;

    let mut response = Json(IssuerJwkSet { issuer, keys }).into_response();
    let cache_control = format!("public, max-age={MAX_AGE_SECS}");
    if let Ok(value) = HeaderValue::from_str(&cache_control) {
        response.headers_mut().insert(header::CACHE_CONTROL, value);
    }
    Ok(response)
}
