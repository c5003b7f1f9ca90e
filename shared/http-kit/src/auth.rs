//! API-key authentication: the [`Principal`] extractor and the [`Authenticator`] it asks.
//!
//! Clients send `Authorization: Bearer <key>`. The key store lives elsewhere (the `storage`
//! crate keeps keys hashed); this module only parses the header and checks roles.

use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use domain::Role;

use crate::ApiError;

/// The caller behind a valid API key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Id of the API key record.
    pub key_id: String,
    /// Name given to the key when it was created; names the client (registrant).
    pub name: String,
    /// The key's role.
    pub role: Role,
    /// The issuer an `issuer` key is bound to.
    pub issuer_id: Option<String>,
}

impl Principal {
    /// Checks that the key holds one of `roles`, else returns a 403 naming them.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            return Ok(());
        }

        let allowed: Vec<&str> = roles.iter().map(|role| role.as_str()).collect();
        Err(ApiError::forbidden(format!(
            "this endpoint needs an API key with role {}; this key has role {}",
            allowed.join(" or "),
            self.role
        )))
    }
}

/// Looks up the principal for a presented API key.
#[async_trait::async_trait]
pub trait Authenticator: Send + Sync + 'static {
    /// Returns the principal for `token`, `None` for an unknown or revoked key, and an error
    /// only when the key store could not be asked.
    async fn authenticate(&self, token: &str) -> anyhow::Result<Option<Principal>>;
}

/// The authenticator as held in router state.
pub type SharedAuthenticator = Arc<dyn Authenticator>;

/// Maximum accepted length of an API key, so oversized headers are rejected before hashing.
const MAX_TOKEN_LEN: usize = 256;

impl<S> FromRequestParts<S> for Principal
where
    SharedAuthenticator: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts)?;

        let authenticator = SharedAuthenticator::from_ref(state);
        match authenticator.authenticate(token).await {
            Ok(Some(principal)) => Ok(principal),
            Ok(None) => Err(ApiError::unauthorized(
                "the API key is not valid or has been revoked; ask an administrator for a key",
            )),
            Err(cause) => {
                tracing::error!(error = %format!("{cause:#}"), "API-key lookup failed");
                Err(ApiError::unavailable(
                    "auth-unavailable",
                    "the API-key store is unreachable; retry shortly",
                ))
            }
        }
    }
}

/// Extracts the key from `Authorization: Bearer <key>`.
fn bearer_token(parts: &Parts) -> Result<&str, ApiError> {
    let missing =
        || ApiError::unauthorized("send an API key in the header Authorization: Bearer <key>");

    let value = parts.headers.get(AUTHORIZATION).ok_or_else(missing)?;
    let text = value.to_str().map_err(|_| missing())?;
    let (scheme, token) = text.split_once(' ').ok_or_else(missing)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(missing());
    }

    let token = token.trim();
    if token.is_empty() || token.len() > MAX_TOKEN_LEN {
        return Err(ApiError::unauthorized(
            "the API key is not valid or has been revoked; ask an administrator for a key",
        ));
    }
    Ok(token)
}
