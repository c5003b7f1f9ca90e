//! The trust view: the score and evidence shown to a buyer about a company, in JSON form.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{DisputeOutcome, EventKind};

/// A company's trust score with the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrustView {
    /// The company the view is about.
    pub company_id: String,
    /// 100 times the Wilson lower bound of the evidence, rounded to one decimal place
    /// (half away from zero), or `null` while the history is too thin to show a number.
    pub score: Option<f64>,
    /// The band of the displayed (rounded) score, or `insufficient_history`.
    pub band: Band,
    /// The Wilson interval on the same 0-100 scale, always present, also when the score
    /// is withheld.
    pub confidence: Confidence,
    /// The facts behind the score.
    pub evidence: EvidenceSummary,
    /// The events that moved the score most, largest effect first.
    pub top_contributions: Vec<Contribution>,
    /// The model parameters' version.
    pub model_version: String,
    /// The time the view describes: events after it are ignored.
    pub computed_at: DateTime<Utc>,
}

/// A score band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// Score of at least 90.
    Excellent,
    /// Score from 80 to below 90.
    Good,
    /// Score from 60 to below 80.
    Fair,
    /// Score below 60.
    Caution,
    /// No score shown yet.
    InsufficientHistory,
}

impl Band {
    /// Returns the JSON name of the band.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Excellent => "excellent",
            Self::Good => "good",
            Self::Fair => "fair",
            Self::Caution => "caution",
            Self::InsufficientHistory => "insufficient_history",
        }
    }
}

/// Bounds of the Wilson interval, times 100, rounded to one decimal place.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Confidence {
    /// Lower bound: equals the score when it is shown.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

/// The evidence counted for the view. Deal figures cover deals the company completed as
/// seller, the only deals that count in its favour; dispute figures cover disputes
/// against it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceSummary {
    /// Completed deals as seller, including any under open dispute.
    pub completed_deals: u64,
    /// Sum of their USD values, each rounded to cents, as a decimal string.
    pub volume_usd: String,
    /// The largest of their USD values, rounded to cents, or `null` without deals.
    pub largest_deal_usd: Option<String>,
    /// Distinct buyers of those deals.
    pub distinct_counterparties: u64,
    /// How many of those buyers the platform has verified.
    pub verified_counterparties: u64,
    /// Resolved disputes against the company, by outcome.
    pub disputes_by_outcome: DisputeCounts,
    /// Disputes against the company still open, by dispute id.
    pub open_disputes: Vec<OpenDispute>,
    /// Deals the company cancelled.
    pub cancellations: u64,
    /// Positive evidence `R` after decay and per-buyer saturation.
    pub positive_weight: f64,
    /// Negative evidence `S` after decay.
    pub negative_weight: f64,
}

/// Resolved disputes by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DisputeCounts {
    /// Decided in the company's favour.
    pub won: u64,
    /// Settled.
    pub settled: u64,
    /// Decided against the company.
    pub lost: u64,
    /// Fraud by the company confirmed.
    pub fraud_confirmed: u64,
}

impl DisputeCounts {
    /// Counts one more dispute with `outcome`.
    pub fn add(&mut self, outcome: DisputeOutcome) {
        let counter = match outcome {
            DisputeOutcome::Won => &mut self.won,
            DisputeOutcome::Settled => &mut self.settled,
            DisputeOutcome::Lost => &mut self.lost,
            DisputeOutcome::FraudConfirmed => &mut self.fraud_confirmed,
        };
        *counter += 1;
    }
}

/// A dispute against the company that is not resolved yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OpenDispute {
    /// Dispute id.
    pub dispute_id: String,
    /// Deal id of the deal in dispute.
    pub deal_id: String,
    /// USD value of that deal, rounded to cents.
    pub amount_usd: String,
}

/// Direction in which an event moved the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Raised the score.
    Positive,
    /// Lowered the score.
    Negative,
}

/// One event's effect on the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Contribution {
    /// Id of the event.
    pub event_id: String,
    /// Type of the event.
    #[serde(rename = "type")]
    pub kind: EventKind,
    /// Whether the event raised or lowered the score.
    pub direction: Direction,
    /// The evidence the event adds today: its share of `R` (after credibility and
    /// saturation) or of `S`, rounded to 4 decimals.
    pub weight: f64,
    /// Score points the unrounded score would lose (positive events) or gain (negative
    /// events, shown negative) without this event, rounded to 2 decimals.
    pub effect: f64,
}
