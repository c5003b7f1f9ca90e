//! HTTP handlers of `/v1/companies/{id}/trust` and its history.

use axum::extract::State;
use chrono::{DateTime, Months, Utc};
use http_kit::{ApiError, ApiResult, Json, Path, Principal, Query};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::company::parse_company_id;
use crate::error::ServiceError;
use crate::model::{Interval, Ledger, TrendError, TrendPoint, TrustView, ViewError, history};
use crate::views::{self, Source};
use crate::{READERS, ReputationState, snapshot};

/// A company's trust view with where it was served from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrustResponse {
    /// The view.
    #[serde(flatten)]
    pub view: TrustView,
    /// `cache` when a cached view was served, `database` when this request computed it.
    pub source: Source,
}

/// Query of `GET /v1/companies/{id}/trust`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TrustQuery {
    /// Compute the view as of this past time (RFC 3339, such as `2026-03-02T09:00:00Z`;
    /// send a `+` in an offset as `%2B`), bypassing the cache. Events count as of this
    /// time, but the companies' verification is read as it is now, so a later change of a
    /// buyer's `verified` flag changes past views too. The same events, the same company
    /// records and the same `asOf` give the same view.
    #[param(value_type = Option<DateTime<Utc>>)]
    pub as_of: Option<String>,
}

/// Query of `GET /v1/companies/{id}/trust/history`.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// Start of the range (RFC 3339); defaults to 12 months before `to`.
    #[param(value_type = Option<DateTime<Utc>>)]
    pub from: Option<String>,
    /// End of the range (RFC 3339), not in the future; defaults to now.
    #[param(value_type = Option<DateTime<Utc>>)]
    pub to: Option<String>,
    /// Length of one point's period: `day`, `week` or `month` (the default).
    pub interval: Option<Interval>,
}

/// A company's score over time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrustHistory {
    /// The company.
    pub company_id: String,
    /// Start of the range.
    pub from: DateTime<Utc>,
    /// End of the range.
    pub to: DateTime<Utc>,
    /// Period of each point.
    pub interval: Interval,
    /// The model version of every point.
    pub model_version: String,
    /// The view at the end of each period, oldest first.
    pub points: Vec<TrendPoint>,
}

/// Returns a company's trust score with its confidence and evidence.
#[utoipa::path(
    get,
    path = "/v1/companies/{id}/trust",
    tag = "trust",
    params(("id" = String, Path, description = "The platform's id of the company"), TrustQuery),
    responses(
        (status = 200, description = "The trust view", body = TrustResponse),
        (status = 400, description = "Invalid id or query", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not read scores", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No company has this id", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 422, description = "asOf is in the future", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Cache down and database reads at their limit; retry", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn get_trust(
    State(state): State<ReputationState>,
    principal: Principal,
    Path(id): Path<String>,
    Query(query): Query<TrustQuery>,
) -> ApiResult<Json<TrustResponse>> {
    principal.require(&READERS)?;
    let id = parse_company_id(&id, "id")?;

    let as_of = parse_time("asOf", query.as_of.as_deref())?;
    let (view, source) = match as_of {
        Some(as_of) => {
            not_in_future("asOf", as_of)?;
            (views::as_of(&state, &id, as_of).await?, Source::Database)
        }
        None => views::current(&state, &id).await?,
    };
    Ok(Json(TrustResponse { view, source }))
}

/// Returns a company's score at the end of each day, week or month of a range.
#[utoipa::path(
    get,
    path = "/v1/companies/{id}/trust/history",
    tag = "trust",
    params(("id" = String, Path, description = "The platform's id of the company"), HistoryQuery),
    responses(
        (status = 200, description = "One point per period", body = TrustHistory),
        (status = 400, description = "Invalid id or query", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not read scores", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No company has this id", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 422, description = "from not before to, to in the future, or more than 600 points", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database reads at their limit; retry", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn get_history(
    State(state): State<ReputationState>,
    principal: Principal,
    Path(id): Path<String>,
    Query(query): Query<HistoryQuery>,
) -> ApiResult<Json<TrustHistory>> {
    principal.require(&READERS)?;
    let id = parse_company_id(&id, "id")?;
    let to = parse_time("to", query.to.as_deref())?.unwrap_or_else(Utc::now);
    not_in_future("to", to)?;
    let from = match parse_time("from", query.from.as_deref())? {
        Some(from) => from,
        None => to.checked_sub_months(Months::new(12)).unwrap_or(to),
    };
    if from >= to {
        return Err(ApiError::unprocessable(
            "invalid-range",
            format!("from {from} must be before to {to}; swap or widen the range"),
        )
        .with_field("from"));
    }
    let interval = query.interval.unwrap_or_default();

    let points = state
        .fallback()
        .run(compute_history(&state, &id, from, to, interval))
        .await
        .map_err(ServiceError::from)??;
    Ok(Json(TrustHistory {
        company_id: id,
        from,
        to,
        interval,
        model_version: state.model().model_version.clone(),
        points,
    }))
}

/// Loads the company's events and computes one point per period, off the async threads.
async fn compute_history(
    state: &ReputationState,
    company_id: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    interval: Interval,
) -> ApiResult<Vec<TrendPoint>> {
    let snapshot = snapshot::load(state.db(), company_id).await?;
    let model = state.model().clone();
    let company = company_id.to_owned();

    let computation = tokio::task::spawn_blocking(move || {
        let ledger = Ledger::build(snapshot.directory, snapshot.events);
        history(&ledger, &company, from, to, interval, &model)
    });
    let result = computation.await.map_err(|error| {
        ApiError::internal(anyhow::anyhow!("trend computation failed: {error}"))
    })?;

    result.map_err(|error| match error {
        TrendError::TooManyPoints => ApiError::unprocessable("too-many-points", error.to_string()),
        TrendError::InvalidRange { .. } => {
            ApiError::unprocessable("invalid-range", error.to_string())
        }
        TrendError::View(ViewError::UnknownCompany { company_id }) => {
            ServiceError::CompanyNotFound(company_id).into()
        }
        other => ApiError::internal(other),
    })
}

/// Parses an RFC 3339 time from the query parameter `field`.
///
/// In a query string a `+` means a space, so an offset such as `+05:00` arrives as
/// ` 05:00` unless the client sends it as `%2B05:00`. The error message tells the
/// client to encode it.
fn parse_time(field: &str, text: Option<&str>) -> Result<Option<DateTime<Utc>>, ApiError> {
    let Some(text) = text else {
        return Ok(None);
    };

    text.parse::<DateTime<Utc>>().map(Some).map_err(|error| {
        ApiError::invalid_field(
            field,
            format!(
                "{field} {text:?} is not an RFC 3339 time ({error}); send a time such as \
                 2026-03-02T09:00:00Z, and write a '+' in an offset as %2B"
            ),
        )
    })
}

/// Rejects a time after now.
fn not_in_future(field: &str, time: DateTime<Utc>) -> Result<(), ApiError> {
    let now = Utc::now();
    if time <= now {
        return Ok(());
    }
    Err(ApiError::unprocessable(
        "time-in-future",
        format!("{field} {time} is after the server time {now}; send a time in the past"),
    )
    .with_field(field))
}
