//! HTTP handler of `POST /v1/events`.

use axum::extract::State;
use chrono::{DateTime, Utc};
use http_kit::{ApiError, ApiResult, Json, Principal};
use serde::Deserialize;

use super::store::ingest;
use super::{BatchResult, EventBatch, MAX_BATCH_EVENTS};
use crate::model::Event;
use crate::{ReputationState, WRITERS, views};

/// Records a batch of deal and dispute events.
///
/// Events are idempotent by `id` and may arrive in any order. Each gets its own result;
/// the valid events of a batch are stored even when others are rejected.
#[utoipa::path(
    post,
    path = "/v1/events",
    tag = "events",
    request_body = EventBatch,
    responses(
        (status = 200, description = "Batch processed; one result per event, some may be rejected", body = BatchResult),
        (status = 400, description = "Body is not JSON", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not record events", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 413, description = "More than 1,000 events, or body over 4 MiB", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not sent as JSON", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty batch, or an element that is not an event", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn post_events(
    State(state): State<ReputationState>,
    principal: Principal,
    Json(batch): Json<EventBatch>,
) -> ApiResult<Json<BatchResult>> {
    principal.require(&WRITERS)?;
    let events = parse_batch(batch)?;

    let ingested = ingest(state.db(), &events).await?;
    let result = BatchResult::new(ingested.results);
    tracing::info!(
        events = events.len(),
        accepted = result.accepted,
        pending = result.pending,
        duplicate = result.duplicate,
        rejected = result.rejected,
        "event batch processed"
    );

    views::refresh(&state, ingested.changed).await;
    Ok(Json(result))
}

/// Checks the batch size and parses each element as an event.
fn parse_batch(batch: EventBatch) -> Result<Vec<Event>, ApiError> {
    let count = batch.events.len();
    if count == 0 {
        return Err(ApiError::unprocessable(
            "empty-batch",
            "the batch has no events; send 1 to 1000 events in \"events\"",
        ));
    }
    if count > MAX_BATCH_EVENTS {
        return Err(ApiError::new(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            "batch-too-large",
            "Payload too large",
            format!("the batch has {count} events; send at most {MAX_BATCH_EVENTS} per request"),
        ));
    }

    let mut events = Vec::with_capacity(count);
    for (index, value) in batch.events.into_iter().enumerate() {
        let event =
            Event::deserialize(&value).map_err(|error| invalid_event(index, &value, &error))?;
        events.push(event);
    }
    Ok(events)
}

/// Builds the problem for an element that is not an event.
///
/// A bad `occurredAt` gets its own message, because the parser's error for it ("input
/// contains invalid characters") names neither the field nor the expected format.
fn invalid_event(index: usize, value: &serde_json::Value, error: &serde_json::Error) -> ApiError {
    if let Some(occurred_at) = value.get("occurredAt")
        && let Err(time_error) = DateTime::<Utc>::deserialize(occurred_at)
    {
        let field = format!("events[{index}].occurredAt");
        return ApiError::unprocessable(
            "invalid-event",
            format!(
                "{field} {occurred_at} is not an RFC 3339 time ({time_error}); send a time \
                 such as 2026-03-02T09:00:00Z"
            ),
        )
        .with_field(field);
    }

    ApiError::unprocessable(
        "invalid-event",
        format!(
            "events[{index}] is not a valid event: {error}; see the Event schema in the API description"
        ),
    )
    .with_field(format!("events[{index}]"))
}
