//! The trust-score model: pure, deterministic functions from a company's event history
//! at a time `as_of` to a [`TrustView`].
//!
//! The score is a value-weighted, time-decayed Beta reputation over platform-verified
//! outcomes: positive evidence `R` from completed deals (saturating per buyer, scaled by
//! the buyer's credibility), negative evidence `S` from resolved disputes and
//! cancellations, and a displayed score of 100 times the Wilson lower bound of
//! `p = (R + 1) / (R + S + 2)` over `n = R + S + 2`. The `evidence` module documents the weights, and
//! [`ModelConfig`] contains every parameter.
//!
//! The result depends only on the set of events and `as_of`: events are deduplicated by
//! id and ordered by `(occurred_at, id)` ([`Ledger::build`]), and events after `as_of`
//! are ignored. Flow: events -> [`Ledger`] -> [`compute_view`] or [`history`].
//!
//! Decisions on points the formula alone does not settle:
//! - `score` is an `f64` rounded to one decimal (half away from zero), and the band comes
//!   from that displayed value, so 89.96 shows as 90.0 and is `excellent`. `confidence`
//!   is present even while the score is withheld.
//! - A cancellation weighs `min(amountUsd / 1000, 250) * 0.25` against the party that
//!   cancelled. `deal.cancelled` therefore carries `amountUsd`, because a cancelled deal
//!   has no `deal.completed` to take it from.
//! - A deal under an open dispute adds no positive weight. Once the dispute is resolved
//!   the deal counts again whatever the outcome, and the outcome's negative weight is
//!   added separately.
//! - Deal figures and positive evidence cover deals completed as seller; the withholding
//!   thresholds count those deals and their distinct buyers.
//! - Disputes that arrive before their deal, and resolutions before their dispute, wait
//!   as pending (see [`Ledger`]). Conflicting events are rejected with a
//!   [`ValidationError`]; when a stored set contains conflicts anyway, the earlier event
//!   by `(occurred_at, id)` wins.

mod amount;
mod config;
mod directory;
mod event;
mod evidence;
mod ledger;
mod score;
pub mod synthetic;
mod trend;
mod validate;
mod view;
mod wilson;

pub use amount::{MAX_AMOUNT, MAX_FRACTION_DIGITS};
pub use config::{
    BandThresholds, ConfigError, DEFAULT_MODEL_VERSION, DisputeSeverity, ModelConfig,
};
pub use directory::{CompanyInfo, Directory};
pub use event::{
    DealCancelled, DealCompleted, DisputeOpened, DisputeOutcome, DisputeResolved, Event, EventKind,
};
pub use ledger::{Admission, Ledger, PendingReason, Rejection};
pub use score::{ViewError, band, compute_view, trust_view};
pub use trend::{Interval, MAX_TREND_POINTS, TrendError, TrendPoint, history};
pub use validate::{ValidationError, check_event, check_ids};
pub use view::{
    Band, Confidence, Contribution, Direction, DisputeCounts, EvidenceSummary, OpenDispute,
    TrustView,
};
pub use wilson::{WilsonInterval, evidence_interval, wilson_interval};
