//! The registry's HTTP handlers and the checks they share.

mod body;
pub(crate) mod issuers;
mod jwks;
mod key_input;
pub(crate) mod keys;
mod revocation;
pub(crate) mod verify;
mod verify_form;
mod views;

use anyhow::Context;
use axum::extract::DefaultBodyLimit;
use chrono::{DateTime, SubsecRound, Utc};
use domain::Role;
use http_kit::{ApiError, ApiResult, Principal};
use sea_orm::DatabaseConnection;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::entity::issuer;
use crate::{IssuersState, store};

/// Maximum length of the issuer ids the registry issues, in characters; longer path ids cannot exist.
const MAX_ISSUER_ID_LEN: usize = 64;

/// Builds the routes with their OpenAPI descriptions.
pub(crate) fn routes() -> OpenApiRouter<IssuersState> {
    OpenApiRouter::new()
        .routes(routes!(issuers::create_issuer, issuers::list_issuers))
        .routes(routes!(issuers::get_issuer))
        .routes(routes!(keys::add_key))
        .routes(routes!(keys::revoke_key))
        .routes(routes!(jwks::publish))
        .merge(
            // axum's `Multipart` rejects bodies over its default 2 MB limit unless the route
            // raises it; the form reader limits the file itself while hashing it.
            OpenApiRouter::new()
                .routes(routes!(verify::verify_attestation))
                .layer(DefaultBodyLimit::max(verify_form::MAX_FORM_BYTES)),
        )
}

/// Returns the current time in whole seconds, the precision of every stored registry time.
pub(crate) fn now_seconds() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(0)
}

/// Lets admin keys through, and issuer keys bound to `issuer_id`; rejects the rest with 403.
pub(crate) fn require_issuer_access(principal: &Principal, issuer_id: &str) -> ApiResult<()> {
    principal.require(&[Role::Admin, Role::Issuer])?;
    if principal.role == Role::Admin || principal.issuer_id.as_deref() == Some(issuer_id) {
        return Ok(());
    }

    Err(ApiError::forbidden(format!(
        "this API key acts for issuer {}; it may not manage the keys of issuer {issuer_id}",
        principal.issuer_id.as_deref().unwrap_or("(none)")
    )))
}

/// Returns the issuer row or a 404 naming the id.
pub(crate) async fn find_issuer_or_404(
    db: &DatabaseConnection,
    issuer_id: &str,
) -> ApiResult<issuer::Model> {
    let not_found = || {
        ApiError::not_found(
            "issuer-not-found",
            format!(
                "no issuer with id {:?} is registered; list issuers with GET /v1/issuers",
                body::clip(issuer_id)
            ),
        )
    };
    if issuer_id.chars().count() > MAX_ISSUER_ID_LEN {
        return Err(not_found());
    }

    store::find_issuer(db, issuer_id)
        .await
        .context("failed to read the issuer")
        .map_err(ApiError::internal)?
        .ok_or_else(not_found)
}
