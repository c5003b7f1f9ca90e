//! `POST /v1/issuers`, `GET /v1/issuers/{id}` and `GET /v1/issuers`.

use anyhow::Context;
use axum::extract::State;
use axum::http::{StatusCode, header};
use crypto::{b64u_decode, b64u_encode};
use domain::Role;
use http_kit::{ApiError, ApiResult, Json, Path, Principal, Query};
use serde::Deserialize;
use serde_json::Value;

use super::body::{Body, check_text, clip};
use super::views::{CreateIssuerRequest, IssuerDetail, IssuerPage, IssuerView, KeyView};
use super::{find_issuer_or_404, now_seconds};
use crate::IssuersState;
use crate::entity::issuer;
use crate::issuer::{Country, IssuerKind};
use crate::store::{self, IssuerQuery};

/// Issuers on one page when `limit` is absent.
const DEFAULT_PAGE: u64 = 50;

/// Most issuers on one page.
const MAX_PAGE: u64 = 200;

/// Register an issuer (admin).
#[utoipa::path(
    post,
    path = "/v1/issuers",
    tag = "issuers",
    request_body = CreateIssuerRequest,
    responses(
        (status = 201, description = "Registered; `Location` names the new issuer", body = IssuerView),
        (status = 400, description = "Missing or invalid field", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 409, description = "An issuer with this country, kind and registration number exists", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn create_issuer(
    State(state): State<IssuersState>,
    principal: Principal,
    Json(body): Json<Value>,
) -> ApiResult<(
    StatusCode,
    [(header::HeaderName, String); 1],
    Json<IssuerView>,
)> {
    principal.require(&[Role::Admin])?;
    let (row, country, kind) = parse_new_issuer(body)?;

    let existing = store::find_registration(state.db(), country, kind, &row.registration_number)
        .await
        .context("failed to look up the registration")
        .map_err(ApiError::internal)?;
    if let Some(existing) = existing {
        return Err(duplicate(&existing));
    }

    let row = match store::insert_issuer(state.db(), row.clone()).await {
        Ok(row) => row,
        Err(error) if storage::is_unique_violation(&error) => return Err(duplicate(&row)),
        Err(error) => return Err(ApiError::internal(error)),
    };
    tracing::info!(issuer_id = %row.id, country = %row.country, kind = %row.kind, "issuer registered");

    let view = IssuerView::from_row(&row).map_err(ApiError::internal)?;
    let location = format!("/v1/issuers/{}", row.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(view),
    ))
}

/// Reads and checks the body of `POST /v1/issuers` into a new row.
fn parse_new_issuer(body: Value) -> ApiResult<(issuer::Model, Country, IssuerKind)> {
    let body = Body::new(body, &["name", "country", "kind", "registrationNumber"])?;

    let name = check_text(
        "name",
        body.required_str("name", "the issuer's registered name")?,
        200,
    )?;
    let country_text =
        body.required_str("country", "an ISO 3166-1 alpha-2 code such as PK or AZ")?;
    let country: Country = country_text
        .parse()
        .map_err(|error: crate::issuer::CountryError| {
            ApiError::invalid_field("country", error.to_string())
        })?;
    let kind: IssuerKind = body
        .required_str("kind", "chamber, authority or exporter")?
        .parse()
        .map_err(|error: crate::issuer::IssuerKindError| {
            ApiError::invalid_field("kind", error.to_string())
        })?;
    let registration_number = check_text(
        "registrationNumber",
        body.required_str(
            "registrationNumber",
            "the issuer's number in its country's register",
        )?,
        64,
    )?;

    let row = issuer::Model {
        id: format!("iss_{}", uuid::Uuid::now_v7().simple()),
        name,
        country: country.as_str().to_owned(),
        kind: kind.as_str().to_owned(),
        registration_number,
        created_at: now_seconds(),
    };
    Ok((row, country, kind))
}

fn duplicate(existing: &issuer::Model) -> ApiError {
    ApiError::conflict(
        "issuer-exists",
        format!(
            "a {} in {} with registration number {:?} is already registered as {}; use that issuer",
            existing.kind, existing.country, existing.registration_number, existing.id
        ),
    )
    .with_field("registrationNumber")
}

/// Get an issuer with its keys, current and past (any role).
#[utoipa::path(
    get,
    path = "/v1/issuers/{id}",
    tag = "issuers",
    params(("id" = String, Path, description = "Issuer id")),
    responses(
        (status = 200, description = "The issuer and its keys", body = IssuerDetail),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such issuer", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn get_issuer(
    State(state): State<IssuersState>,
    _principal: Principal,
    Path(id): Path<String>,
) -> ApiResult<Json<IssuerDetail>> {
    let row = find_issuer_or_404(state.db(), &id).await?;
    let keys = store::keys_of(state.db(), &row.id)
        .await
        .context("failed to read the issuer's keys")
        .map_err(ApiError::internal)?;

    let keys = keys
        .iter()
        .map(KeyView::from_row)
        .collect::<anyhow::Result<Vec<_>>>()
        .map_err(ApiError::internal)?;
    let issuer = IssuerView::from_row(&row).map_err(ApiError::internal)?;
    Ok(Json(IssuerDetail { issuer, keys }))
}

/// Query of `GET /v1/issuers`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListParams {
    /// Only issuers of this ISO 3166-1 alpha-2 country.
    country: Option<String>,
    /// Only issuers of this kind: chamber, authority or exporter.
    kind: Option<String>,
    /// Issuers per page, 1 to 200; 50 when absent.
    limit: Option<String>,
    /// `nextCursor` of the previous page.
    cursor: Option<String>,
}

/// List issuers in a stable order, a page at a time (any role).
#[utoipa::path(
    get,
    path = "/v1/issuers",
    tag = "issuers",
    params(ListParams),
    responses(
        (status = 200, description = "One page of issuers", body = IssuerPage),
        (status = 400, description = "Invalid filter, limit or cursor", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn list_issuers(
    State(state): State<IssuersState>,
    _principal: Principal,
    Query(params): Query<ListParams>,
) -> ApiResult<Json<IssuerPage>> {
    let mut query = parse_list(params)?;
    let limit = query.limit;
    query.limit += 1;

    let mut rows = store::list_issuers(state.db(), &query)
        .await
        .context("failed to list issuers")
        .map_err(ApiError::internal)?;

    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = more
        .then(|| rows.last().map(|row| b64u_encode(row.id.as_bytes())))
        .flatten();
    let items = rows
        .iter()
        .map(IssuerView::from_row)
        .collect::<anyhow::Result<Vec<_>>>()
        .map_err(ApiError::internal)?;
    Ok(Json(IssuerPage { items, next_cursor }))
}

fn parse_list(params: ListParams) -> ApiResult<IssuerQuery> {
    let country = params
        .country
        .map(|text| text.trim().parse::<Country>())
        .transpose()
        .map_err(|error| ApiError::invalid_field("country", error.to_string()))?;
    let kind = params
        .kind
        .map(|text| text.trim().parse::<IssuerKind>())
        .transpose()
        .map_err(|error| ApiError::invalid_field("kind", error.to_string()))?;

    let limit = match params.limit {
        None => DEFAULT_PAGE,
        Some(text) => text
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|limit| (1..=MAX_PAGE).contains(limit))
            .ok_or_else(|| {
                ApiError::invalid_field(
                    "limit",
                    format!(
                        "limit {:?} is not a whole number from 1 to {MAX_PAGE}",
                        clip(&text)
                    ),
                )
            })?,
    };

    let after = params
        .cursor
        .map(|cursor| decode_cursor(&cursor))
        .transpose()?;
    Ok(IssuerQuery {
        country,
        kind,
        after,
        limit,
    })
}

/// Decodes a cursor, the base64url of the last id on the previous page.
fn decode_cursor(cursor: &str) -> ApiResult<String> {
    b64u_decode(cursor.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .filter(|id| id.starts_with("iss_") && id.len() <= 64)
        .ok_or_else(|| {
            ApiError::invalid_field(
                "cursor",
                "cursor is not one this API returned; pass nextCursor from the previous page unchanged",
            )
        })
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;

    #[test]
    fn cursor_round_trips() {
        let id = "iss_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b";
        assert_eq!(decode_cursor(&b64u_encode(id.as_bytes())).unwrap(), id);
        assert!(decode_cursor("not a cursor").is_err());
        assert!(decode_cursor(&b64u_encode(b"other")).is_err());
    }

    #[test]
    fn timestamps_of_new_issuers_are_whole_seconds() {
        let (row, _, _) = parse_new_issuer(serde_json::json!({
            "name": "Baku Chamber",
            "country": "az",
            "kind": "chamber",
            "registrationNumber": " AZ-77 ",
        }))
        .unwrap();
        assert_eq!(row.country, "AZ");
        assert_eq!(row.registration_number, "AZ-77");
        assert_eq!(row.created_at.timestamp_subsec_nanos(), 0);
        assert!(row.created_at <= Utc::now());
    }
}
