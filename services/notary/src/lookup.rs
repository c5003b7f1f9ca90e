//! Look-ups: by digest, by a batch of digests, by document number, and the public keys.

use std::collections::HashMap;

use anyhow::Context;
use axum::extract::State;
use crypto::JwkSet;
use domain::{Digest, DocumentKind, DocumentNumber, Role};
use http_kit::{ApiError, ApiResult, Json, Path, Principal, Query};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use crate::attestation;
use crate::entity::document;
use crate::register::find;
use crate::{DocumentRecord, NotaryState};

/// Most digests accepted in one batch look-up.
const MAX_BATCH: usize = 1000;

/// Roles that may look documents up.
const READERS: [Role; 3] = [Role::Customs, Role::Platform, Role::Admin];

/// Look a document up by its SHA-256 digest.
#[utoipa::path(
    get,
    path = "/v1/documents/{digest}",
    tag = "documents",
    params(("digest" = String, Path, description = "`sha256:<64 hex>` or bare hex")),
    responses(
        (status = 200, description = "The registered document", body = DocumentRecord),
        (status = 400, description = "Malformed digest", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not registered", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not look documents up", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn get_document(
    State(state): State<NotaryState>,
    principal: Principal,
    Path(digest): Path<String>,
) -> ApiResult<Json<DocumentRecord>> {
    principal.require(&READERS)?;

    let digest: Digest = digest.parse().map_err(|error: domain::DigestError| {
        ApiError::bad_request("invalid-digest", error.to_string())
    })?;

    match find(state.db(), &digest).await? {
        Some(record) => {
            let mut records = [record];
            attestation::recheck(&state, &mut records).await;
            let [record] = records;
            Ok(Json(record))
        }
        None => Err(ApiError::not_found(
            "not-registered",
            format!(
                "no document with digest {digest} is registered: the file was never registered \
                 or its bytes were changed after registration"
            ),
        )),
    }
}

/// Body of a batch look-up.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LookupRequest {
    /// Up to 1,000 digests, `sha256:<hex>` or bare hex.
    digests: Vec<String>,
}

/// One result of a batch look-up, in request order.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LookupResult {
    /// The digest as asked, in canonical form.
    digest: Digest,
    /// `registered`, `revoked` or `unknown`.
    status: String,
    /// The record, when registered or revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<DocumentRecord>,
}

/// Response of a batch look-up.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct LookupResponse {
    results: Vec<LookupResult>,
}

/// Look up to 1,000 digests at once; one result per digest, in order.
#[utoipa::path(
    post,
    path = "/v1/documents/lookup",
    tag = "documents",
    request_body = LookupRequest,
    responses(
        (status = 200, description = "One result per digest", body = LookupResponse),
        (status = 400, description = "Too many or malformed digests", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not look documents up", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn lookup_batch(
    State(state): State<NotaryState>,
    principal: Principal,
    Json(request): Json<LookupRequest>,
) -> ApiResult<Json<LookupResponse>> {
    principal.require(&READERS)?;

    if request.digests.len() > MAX_BATCH {
        return Err(ApiError::invalid_field(
            "digests",
            format!(
                "{} digests sent; send at most {MAX_BATCH} per request",
                request.digests.len()
            ),
        ));
    }
    let mut digests = Vec::with_capacity(request.digests.len());
    for (position, text) in request.digests.iter().enumerate() {
        let digest: Digest = text.parse().map_err(|error: domain::DigestError| {
            ApiError::invalid_field(&format!("digests[{position}]"), error.to_string())
        })?;
        digests.push(digest);
    }

    let keys: Vec<String> = digests.iter().map(Digest::to_hex).collect();
    let rows = document::Entity::find()
        .filter(document::Column::Digest.is_in(keys))
        .all(state.db())
        .await
        .context("failed to read documents")
        .map_err(ApiError::internal)?;
    let mut records = rows
        .into_iter()
        .map(DocumentRecord::try_from)
        .collect::<Result<Vec<_>, _>>()
        .map_err(ApiError::internal)?;
    attestation::recheck(&state, &mut records).await;
    let found: HashMap<String, DocumentRecord> = records
        .into_iter()
        .map(|record| (record.digest.to_hex(), record))
        .collect();

    let results = digests
        .into_iter()
        .map(|digest| {
            let document = found.get(&digest.to_hex()).cloned();
            let status = document
                .as_ref()
                .map_or("unknown", |record| record.status.as_str())
                .to_owned();
            LookupResult {
                digest,
                status,
                document,
            }
        })
        .collect();
    Ok(Json(LookupResponse { results }))
}

/// Query of a look-up by number.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct NumberQuery {
    /// `certificate_of_origin` or `commercial_invoice`.
    kind: Option<String>,
    /// The number printed on the document.
    number: Option<String>,
}

/// Documents found by number.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct DocumentList {
    /// Every registration of that kind and number, oldest first; registrants differ.
    items: Vec<DocumentRecord>,
}

/// Look documents up by kind and number.
#[utoipa::path(
    get,
    path = "/v1/documents",
    tag = "documents",
    params(NumberQuery),
    responses(
        (status = 200, description = "Matching documents, possibly none", body = DocumentList),
        (status = 400, description = "Missing or invalid kind or number", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not look documents up", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn find_by_number(
    State(state): State<NotaryState>,
    principal: Principal,
    Query(query): Query<NumberQuery>,
) -> ApiResult<Json<DocumentList>> {
    principal.require(&READERS)?;

    let kind: DocumentKind = query
        .kind
        .ok_or_else(|| ApiError::missing_field("kind", "the kind query parameter is required"))?
        .parse()
        .map_err(|error: domain::KindError| ApiError::invalid_field("kind", error.to_string()))?;
    let number: DocumentNumber = query
        .number
        .ok_or_else(|| ApiError::missing_field("number", "the number query parameter is required"))?
        .parse()
        .map_err(|error: domain::DocumentNumberError| {
            ApiError::invalid_field("number", error.to_string())
        })?;

    let rows = document::Entity::find()
        .filter(document::Column::Kind.eq(kind.as_str()))
        .filter(document::Column::Number.eq(number.as_str()))
        .order_by_asc(document::Column::LogIndex)
        .all(state.db())
        .await
        .context("failed to read documents by number")
        .map_err(ApiError::internal)?;
    let mut items: Vec<DocumentRecord> = rows
        .into_iter()
        .map(DocumentRecord::try_from)
        .collect::<Result<_, _>>()
        .map_err(ApiError::internal)?;
    attestation::recheck(&state, &mut items).await;
    Ok(Json(DocumentList { items }))
}

/// The notary's public signing keys, as an RFC 8037 JWK set.
#[utoipa::path(
    get,
    path = "/.well-known/jwks.json",
    tag = "keys",
    responses((status = 200, description = "The notary's public keys", body = JwkSet)),
)]
pub(crate) async fn jwks(State(state): State<NotaryState>) -> Json<JwkSet> {
    Json(JwkSet {
        keys: vec![state.key().public_key().to_jwk()],
    })
}
