//! `POST /v1/events`: batches of deal and dispute events.
//!
//! Each event gets its own result, in batch order: `accepted` (stored and counted),
//! `pending` (stored, waiting for the deal or dispute it refers to), `duplicate` (already
//! stored, nothing changed) or `rejected` (not stored, with a stable `code` and a
//! `reason`). The valid events of a batch are stored even when others are rejected: the
//! platform forwards events as they happen, and one bad event must not hold back the
//! deals around it. A batch that is malformed as a whole (not JSON, not a list of
//! events, empty, or over [`MAX_BATCH_EVENTS`]) stores nothing.
//!
//! Conflicts are settled by arrival: an event that contradicts an event already stored
//! is rejected, so the first of two contradicting events to arrive is the one that
//! counts, and its sender learns about the second at once.

mod admit;
mod context;
mod handler;
mod store;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub(crate) use handler::{__path_post_events, post_events};

/// Most events accepted in one batch.
pub const MAX_BATCH_EVENTS: usize = 1_000;

/// Largest accepted request body of `POST /v1/events`, in bytes: room for a full batch
/// of events with long ids.
pub const MAX_BATCH_BYTES: usize = 4 * 1024 * 1024;

/// Body of `POST /v1/events`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EventBatch {
    /// 1 to 1,000 events, in any order. Parsed one by one, so an invalid event is named
    /// by its index.
    #[schema(value_type = Vec<crate::model::Event>)]
    pub events: Vec<serde_json::Value>,
}

/// The outcome of one event of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    /// Stored and counted from now on.
    Accepted,
    /// Stored; counts once the deal or dispute it refers to arrives.
    Pending,
    /// Already stored under this id, or the same facts under another id; nothing changed.
    Duplicate,
    /// Not stored, for the reason in `code` and `reason`.
    Rejected,
}

/// The result for one event, at the event's position in the batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventResult {
    /// The event's id.
    pub id: String,
    /// Its outcome.
    pub status: EventStatus,
    /// Stable machine-readable reason, present unless `accepted`: for `pending`
    /// `waiting_for_deal` or `waiting_for_dispute`, for `duplicate` `already_received`
    /// or `same_facts`, for `rejected` one of the codes listed in `docs/scoring.md`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The reason in words, naming the offending value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Body of the response to `POST /v1/events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BatchResult {
    /// One result per event, in batch order.
    pub results: Vec<EventResult>,
    /// Number of `accepted` results.
    pub accepted: usize,
    /// Number of `pending` results.
    pub pending: usize,
    /// Number of `duplicate` results.
    pub duplicate: usize,
    /// Number of `rejected` results.
    pub rejected: usize,
}

impl BatchResult {
    /// Counts the results by status.
    fn new(results: Vec<EventResult>) -> Self {
        let count = |status| results.iter().filter(|r| r.status == status).count();
        Self {
            accepted: count(EventStatus::Accepted),
            pending: count(EventStatus::Pending),
            duplicate: count(EventStatus::Duplicate),
            rejected: count(EventStatus::Rejected),
            results,
        }
    }
}
