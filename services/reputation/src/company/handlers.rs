//! HTTP handlers of `/v1/companies`.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use http_kit::{ApiError, ApiResult, Json, Path, Principal};

use super::store::{self, Registered, Replaced};
use super::{Company, CompanyUpdate, NewCompany, parse_company_id};
use crate::error::ServiceError;
use crate::{READERS, ReputationState, WRITERS};

/// Registers a company.
///
/// Repeating a registration with the same data returns 200 and changes nothing. The same
/// id with other data returns 409, because changes go through `PUT`.
#[utoipa::path(
    post,
    path = "/v1/companies",
    tag = "companies",
    request_body = NewCompany,
    responses(
        (status = 201, description = "Registered", body = Company),
        (status = 200, description = "Already registered with the same data; nothing changed", body = Company),
        (status = 400, description = "Invalid field", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not register companies", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Id already registered with other data", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Body does not match the schema", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn create_company(
    State(state): State<ReputationState>,
    principal: Principal,
    Json(request): Json<NewCompany>,
) -> ApiResult<(StatusCode, Json<Company>)> {
    principal.require(&WRITERS)?;
    let (id, data) = request.parse()?;

    let registered = store::register(state.db(), &id, &data, Utc::now())
        .await
        .map_err(ServiceError::from)?;
    match registered {
        Registered::Created(company) => {
            tracing::info!(company_id = %company.id, "company registered");
            Ok((StatusCode::CREATED, Json(company)))
        }
        Registered::Unchanged(company) => Ok((StatusCode::OK, Json(company))),
        Registered::Conflict => Err(ApiError::conflict(
            "company-conflict",
            format!(
                "company {id:?} is already registered with other data; \
                 send PUT /v1/companies/{id} to change it"
            ),
        )),
    }
}

/// Creates or replaces a company.
///
/// A change of `verified` also changes the scores of the companies it traded with, since
/// deals with verified buyers count more.
#[utoipa::path(
    put,
    path = "/v1/companies/{id}",
    tag = "companies",
    params(("id" = String, Path, description = "The platform's id of the company")),
    request_body = CompanyUpdate,
    responses(
        (status = 201, description = "Created", body = Company),
        (status = 200, description = "Replaced, or already the same", body = Company),
        (status = 400, description = "Invalid field or id", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not change companies", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Body does not match the schema", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn put_company(
    State(state): State<ReputationState>,
    principal: Principal,
    Path(id): Path<String>,
    Json(request): Json<CompanyUpdate>,
) -> ApiResult<(StatusCode, Json<Company>)> {
    principal.require(&WRITERS)?;
    let id = parse_company_id(&id, "id")?;
    let data = request.parse()?;

    let replaced = store::replace(state.db(), &id, &data, Utc::now())
        .await
        .map_err(ServiceError::from)?;
    match replaced {
        Replaced::Created(company) => {
            tracing::info!(company_id = %company.id, "company registered");
            Ok((StatusCode::CREATED, Json(company)))
        }
        Replaced::Updated(company) => {
            tracing::info!(company_id = %company.id, verified = company.verified, "company updated");
            Ok((StatusCode::OK, Json(company)))
        }
        Replaced::Unchanged(company) => Ok((StatusCode::OK, Json(company))),
    }
}

/// Returns a registered company.
#[utoipa::path(
    get,
    path = "/v1/companies/{id}",
    tag = "companies",
    params(("id" = String, Path, description = "The platform's id of the company")),
    responses(
        (status = 200, description = "The company", body = Company),
        (status = 400, description = "Invalid id", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not read companies", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No company has this id", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn get_company(
    State(state): State<ReputationState>,
    principal: Principal,
    Path(id): Path<String>,
) -> ApiResult<Json<Company>> {
    principal.require(&READERS)?;
    let id = parse_company_id(&id, "id")?;

    let company = store::find(state.db(), &id)
        .await
        .map_err(ServiceError::from)?;
    company
        .map(Json)
        .ok_or_else(|| ServiceError::CompanyNotFound(id).into())
}
