//! The platform events the score is computed from, in their JSON form.
//!
//! Amounts stay decimal strings here, exactly as received; [`super::validate`] parses
//! them, so a malformed amount is a typed validation error and never a float rounding.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One platform-verified event. Each has an `id` that is unique across all events;
/// the same id delivered twice is one event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type")]
pub enum Event {
    /// A deal finished and both sides confirmed it.
    #[serde(rename = "deal.completed")]
    DealCompleted(DealCompleted),
    /// A deal was called off by one party.
    #[serde(rename = "deal.cancelled")]
    DealCancelled(DealCancelled),
    /// A complaint about a completed deal, made against one of its parties.
    #[serde(rename = "dispute.opened")]
    DisputeOpened(DisputeOpened),
    /// The platform's decision on a dispute.
    #[serde(rename = "dispute.resolved")]
    DisputeResolved(DisputeResolved),
}

/// A completed deal: positive evidence for the seller.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DealCompleted {
    /// Event id.
    pub id: String,
    /// Deal id, shared by the disputes about this deal.
    pub deal_id: String,
    /// Company id of the seller.
    pub seller: String,
    /// Company id of the buyer.
    pub buyer: String,
    /// Deal value in `currency`, as a decimal string such as `"12500.00"`.
    pub amount: String,
    /// ISO 4217 code of `amount`, such as `"PKR"`.
    pub currency: String,
    /// Deal value in US dollars, as a decimal string. Equal to `amount` when `currency`
    /// is `USD`.
    pub amount_usd: String,
    /// When the deal completed.
    pub occurred_at: DateTime<Utc>,
}

/// A cancelled deal: a little negative evidence for the party that cancelled.
///
/// Unlike `deal.completed` it carries no parties, so `amountUsd` is needed here to
/// weigh the cancellation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DealCancelled {
    /// Event id.
    pub id: String,
    /// Deal id.
    pub deal_id: String,
    /// Company id of the party that cancelled.
    pub cancelled_by: String,
    /// Deal value in US dollars at cancellation, as a decimal string.
    pub amount_usd: String,
    /// When the deal was cancelled.
    pub occurred_at: DateTime<Utc>,
}

/// A dispute about a completed deal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DisputeOpened {
    /// Event id.
    pub id: String,
    /// Dispute id, shared with its `dispute.resolved` event.
    pub dispute_id: String,
    /// Deal id of the deal in dispute.
    pub deal_id: String,
    /// Company id of the complainant: the deal's seller or buyer, other than `against`.
    pub opened_by: String,
    /// Company id of the party complained about: the deal's seller or buyer.
    pub against: String,
    /// When the dispute was opened: not before the deal completed.
    pub occurred_at: DateTime<Utc>,
}

/// The decision on a dispute.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DisputeResolved {
    /// Event id.
    pub id: String,
    /// Dispute id.
    pub dispute_id: String,
    /// Outcome for the company the dispute was against.
    pub outcome: DisputeOutcome,
    /// When the decision was made: not before the dispute was opened.
    pub occurred_at: DateTime<Utc>,
}

/// Outcome of a dispute for the company it was against.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DisputeOutcome {
    /// Found not at fault.
    Won,
    /// Settled between the parties.
    Settled,
    /// Found at fault.
    Lost,
    /// Found to have committed fraud.
    FraudConfirmed,
}

impl DisputeOutcome {
    /// Returns the JSON name of the outcome.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Won => "won",
            Self::Settled => "settled",
            Self::Lost => "lost",
            Self::FraudConfirmed => "fraud_confirmed",
        }
    }
}

impl Event {
    /// Returns the event id.
    pub fn id(&self) -> &str {
        match self {
            Self::DealCompleted(event) => &event.id,
            Self::DealCancelled(event) => &event.id,
            Self::DisputeOpened(event) => &event.id,
            Self::DisputeResolved(event) => &event.id,
        }
    }

    /// Returns when the event happened.
    pub fn occurred_at(&self) -> DateTime<Utc> {
        match self {
            Self::DealCompleted(event) => event.occurred_at,
            Self::DealCancelled(event) => event.occurred_at,
            Self::DisputeOpened(event) => event.occurred_at,
            Self::DisputeResolved(event) => event.occurred_at,
        }
    }

    /// Returns the event type as written in JSON, such as `"deal.completed"`.
    pub fn kind(&self) -> EventKind {
        match self {
            Self::DealCompleted(_) => EventKind::DealCompleted,
            Self::DealCancelled(_) => EventKind::DealCancelled,
            Self::DisputeOpened(_) => EventKind::DisputeOpened,
            Self::DisputeResolved(_) => EventKind::DisputeResolved,
        }
    }
}

/// The type of an event, without its data.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
pub enum EventKind {
    /// `deal.completed`
    #[serde(rename = "deal.completed")]
    DealCompleted,
    /// `deal.cancelled`
    #[serde(rename = "deal.cancelled")]
    DealCancelled,
    /// `dispute.opened`
    #[serde(rename = "dispute.opened")]
    DisputeOpened,
    /// `dispute.resolved`
    #[serde(rename = "dispute.resolved")]
    DisputeResolved,
}

impl EventKind {
    /// Returns the JSON name of the event type.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DealCompleted => "deal.completed",
            Self::DealCancelled => "deal.cancelled",
            Self::DisputeOpened => "dispute.opened",
            Self::DisputeResolved => "dispute.resolved",
        }
    }
}
