//! Liveness and readiness report types and the liveness handler.

use serde::Serialize;

use crate::Json;

/// Body of `GET /healthz`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Liveness {
    /// Always `ok` while the process serves requests.
    pub status: &'static str,
}

/// Handler for `GET /healthz`: the process is up.
pub async fn liveness() -> Json<Liveness> {
    Json(Liveness { status: "ok" })
}

/// One dependency's state in `GET /readyz`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    /// What the dependency is, e.g. `sqlite`, `postgres`, `redis`, `memory`.
    pub backend: String,
    /// Whether it answered.
    pub healthy: bool,
    /// Why it is unhealthy, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Body of `GET /readyz`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Readiness {
    /// `ready` when the database answers; the cache only degrades service.
    pub status: &'static str,
    /// The database.
    pub database: Component,
    /// The cache.
    pub cache: Component,
}
