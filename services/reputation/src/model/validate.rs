//! Validation rules for incoming events, as pure functions with typed reasons.
//!
//! [`check_event`] covers what one event can get wrong on its own (given the company
//! directory); [`super::Ledger::check`] adds the rules that compare it with the events
//! already accepted.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::amount::{
    AmountProblem, MAX_AMOUNT, MAX_FRACTION_DIGITS, is_currency_code, parse_amount,
};
use super::{Directory, DisputeOutcome, Event};
use crate::company::{MAX_ID_LEN, is_valid_id};

/// The reason an event was rejected. Every variant names the event id and the offending value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValidationError {
    /// A required id field is empty.
    #[error("event {event_id:?}: field {field} is empty; send a non-empty id")]
    EmptyField {
        /// Event id (may itself be the empty field).
        event_id: String,
        /// The empty field, as named in JSON.
        field: &'static str,
    },

    /// An id with characters outside `A-Z a-z 0-9 . _ : -`, over the length limit or
    /// made of dots only.
    #[error(
        "event {event_id:?}: {field} {value:?} is not a valid id; use 1 to {MAX_ID_LEN} \
         characters from A-Z, a-z, 0-9, '.', '_', ':' and '-', not only dots"
    )]
    InvalidId {
        /// Event id (may itself be the invalid field).
        event_id: String,
        /// The invalid field, as named in JSON.
        field: &'static str,
        /// The rejected text.
        value: String,
    },

    /// A company id that the directory does not contain.
    #[error(
        "event {event_id:?}: {field} {company_id:?} is not a known company; \
         register the company before sending its events"
    )]
    UnknownCompany {
        /// Event id.
        event_id: String,
        /// The field with the company id.
        field: &'static str,
        /// The unknown company id.
        company_id: String,
    },

    /// Seller and buyer are the same company.
    #[error("event {event_id:?}: deal {deal_id:?} has {company_id:?} as both seller and buyer")]
    SelfDeal {
        /// Event id.
        event_id: String,
        /// Deal id.
        deal_id: String,
        /// The company on both sides.
        company_id: String,
    },

    /// A company opened a dispute against itself.
    #[error(
        "event {event_id:?}: dispute {dispute_id:?} is opened by {company_id:?} against itself"
    )]
    SelfDispute {
        /// Event id.
        event_id: String,
        /// Dispute id.
        dispute_id: String,
        /// The company on both sides.
        company_id: String,
    },

    /// An amount that is not a plain decimal string.
    #[error(
        "event {event_id:?}: {field} {value:?} is not a decimal; send digits with an \
         optional '.' and at most {MAX_FRACTION_DIGITS} fraction digits, such as \"1250.00\""
    )]
    InvalidDecimal {
        /// Event id.
        event_id: String,
        /// The amount field.
        field: &'static str,
        /// The rejected text.
        value: String,
    },

    /// An amount of zero or below.
    #[error("event {event_id:?}: {field} {value:?} must be above zero")]
    NonPositiveAmount {
        /// Event id.
        event_id: String,
        /// The amount field.
        field: &'static str,
        /// The rejected text.
        value: String,
    },

    /// An amount above [`MAX_AMOUNT`].
    #[error("event {event_id:?}: {field} {value:?} exceeds the maximum of {MAX_AMOUNT}")]
    AmountTooLarge {
        /// Event id.
        event_id: String,
        /// The amount field.
        field: &'static str,
        /// The rejected text.
        value: String,
    },

    /// A currency that is not an ISO 4217 alphabetic code.
    #[error(
        "event {event_id:?}: currency {value:?} is not an ISO 4217 code; send three \
         capitals such as \"USD\" or \"PKR\""
    )]
    InvalidCurrency {
        /// Event id.
        event_id: String,
        /// The rejected text.
        value: String,
    },

    /// A USD deal whose `amountUsd` differs from its `amount`.
    #[error(
        "event {event_id:?}: currency is \"USD\" but amountUsd {amount_usd:?} differs from \
         amount {amount:?}; send the same value in both"
    )]
    UsdAmountMismatch {
        /// Event id.
        event_id: String,
        /// The `amount` text.
        amount: String,
        /// The `amountUsd` text.
        amount_usd: String,
    },

    /// An event id already used by a different event.
    #[error(
        "event {event_id:?} was already received with different data; \
         give a different event a new id"
    )]
    ConflictingDuplicate {
        /// Event id.
        event_id: String,
    },

    /// A second `deal.completed` for a deal, with different data.
    #[error(
        "event {event_id:?}: deal {deal_id:?} was already completed by event \
         {existing_event_id:?} with different data"
    )]
    DealConflict {
        /// Event id.
        event_id: String,
        /// Deal id.
        deal_id: String,
        /// The accepted event for the deal.
        existing_event_id: String,
    },

    /// A deal that is completed and cancelled, or cancelled twice differently.
    #[error(
        "event {event_id:?}: deal {deal_id:?} was already {existing_state} by event \
         {existing_event_id:?}; a deal ends once"
    )]
    DealAlreadyClosed {
        /// Event id.
        event_id: String,
        /// Deal id.
        deal_id: String,
        /// `"completed"` or `"cancelled"`.
        existing_state: &'static str,
        /// The accepted event that closed the deal.
        existing_event_id: String,
    },

    /// A second `dispute.opened` for a dispute, with different data.
    #[error(
        "event {event_id:?}: dispute {dispute_id:?} was already opened by event \
         {existing_event_id:?} with different data"
    )]
    DisputeConflict {
        /// Event id.
        event_id: String,
        /// Dispute id.
        dispute_id: String,
        /// The accepted opening.
        existing_event_id: String,
    },

    /// A dispute resolved a second time with another outcome.
    #[error(
        "event {event_id:?}: dispute {dispute_id:?} was already resolved as {} by event \
         {existing_event_id:?}, not {}", existing_outcome.as_str(), outcome.as_str()
    )]
    ResolutionConflict {
        /// Event id.
        event_id: String,
        /// Dispute id.
        dispute_id: String,
        /// The accepted resolution.
        existing_event_id: String,
        /// The accepted outcome.
        existing_outcome: DisputeOutcome,
        /// The rejected outcome.
        outcome: DisputeOutcome,
    },

    /// A dispute against a company that is not a party of the deal.
    #[error(
        "event {event_id:?}: against {company_id:?} of dispute {dispute_id:?} is neither \
         seller nor buyer of deal {deal_id:?}"
    )]
    NotAParty {
        /// Event id.
        event_id: String,
        /// Dispute id.
        dispute_id: String,
        /// Deal id.
        deal_id: String,
        /// The company disputed against.
        company_id: String,
    },

    /// A dispute opened by a company that is not a party of the deal.
    #[error(
        "event {event_id:?}: openedBy {company_id:?} of dispute {dispute_id:?} is neither \
         seller nor buyer of deal {deal_id:?}; only a party of the deal opens a dispute"
    )]
    OpenerNotAParty {
        /// Event id.
        event_id: String,
        /// Dispute id.
        dispute_id: String,
        /// Deal id.
        deal_id: String,
        /// The company that opened the dispute.
        company_id: String,
    },

    /// A dispute opened before its deal completed.
    #[error(
        "event {event_id:?}: occurredAt {} of dispute {dispute_id:?} is before deal \
         {deal_id:?} completed at {}; a dispute opens after its deal",
        opened_at.to_rfc3339(), deal_completed_at.to_rfc3339()
    )]
    DisputeBeforeDeal {
        /// Event id.
        event_id: String,
        /// Dispute id.
        dispute_id: String,
        /// Deal id.
        deal_id: String,
        /// When the dispute was opened.
        opened_at: DateTime<Utc>,
        /// When the deal completed.
        deal_completed_at: DateTime<Utc>,
    },

    /// A resolution dated before its dispute was opened.
    #[error(
        "event {event_id:?}: occurredAt {} of the resolution is before dispute \
         {dispute_id:?} was opened at {}; a dispute is resolved after it opens",
        resolved_at.to_rfc3339(), opened_at.to_rfc3339()
    )]
    ResolutionBeforeOpening {
        /// Event id.
        event_id: String,
        /// Dispute id.
        dispute_id: String,
        /// When the resolution was made.
        resolved_at: DateTime<Utc>,
        /// When the dispute was opened.
        opened_at: DateTime<Utc>,
    },

    /// A dispute about a cancelled deal.
    #[error(
        "event {event_id:?}: dispute {dispute_id:?} is about deal {deal_id:?}, which was \
         cancelled; disputes apply to completed deals"
    )]
    DisputeOnCancelledDeal {
        /// Event id.
        event_id: String,
        /// Dispute id.
        dispute_id: String,
        /// Deal id.
        deal_id: String,
    },
}

impl ValidationError {
    /// Returns a stable machine-readable name for the kind of error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::EmptyField { .. } => "empty_field",
            Self::InvalidId { .. } => "invalid_id",
            Self::UnknownCompany { .. } => "unknown_company",
            Self::SelfDeal { .. } => "self_deal",
            Self::SelfDispute { .. } => "self_dispute",
            Self::InvalidDecimal { .. } => "invalid_decimal",
            Self::NonPositiveAmount { .. } => "non_positive_amount",
            Self::AmountTooLarge { .. } => "amount_too_large",
            Self::InvalidCurrency { .. } => "invalid_currency",
            Self::UsdAmountMismatch { .. } => "usd_amount_mismatch",
            Self::ConflictingDuplicate { .. } => "conflicting_duplicate",
            Self::DealConflict { .. } => "deal_conflict",
            Self::DealAlreadyClosed { .. } => "deal_already_closed",
            Self::DisputeConflict { .. } => "dispute_conflict",
            Self::ResolutionConflict { .. } => "resolution_conflict",
            Self::NotAParty { .. } => "not_a_party",
            Self::OpenerNotAParty { .. } => "opener_not_a_party",
            Self::DisputeBeforeDeal { .. } => "dispute_before_deal",
            Self::ResolutionBeforeOpening { .. } => "resolution_before_opening",
            Self::DisputeOnCancelledDeal { .. } => "dispute_on_cancelled_deal",
        }
    }
}

/// Checks every id of `event` (event, deal, dispute and company ids) with the rule for
/// company ids, so no id with control characters or bidirectional overrides is stored.
pub fn check_ids(event: &Event) -> Result<(), ValidationError> {
    for (field, value) in id_fields(event) {
        if value.trim().is_empty() {
            return Err(ValidationError::EmptyField {
                event_id: event.id().to_owned(),
                field,
            });
        }
        if !is_valid_id(value) {
            return Err(ValidationError::InvalidId {
                event_id: event.id().to_owned(),
                field,
                value: value.to_owned(),
            });
        }
    }
    Ok(())
}

/// Returns each id field of `event` with its JSON name.
fn id_fields(event: &Event) -> Vec<(&'static str, &str)> {
    match event {
        Event::DealCompleted(deal) => vec![
            ("id", &deal.id),
            ("dealId", &deal.deal_id),
            ("seller", &deal.seller),
            ("buyer", &deal.buyer),
        ],
        Event::DealCancelled(cancel) => vec![
            ("id", &cancel.id),
            ("dealId", &cancel.deal_id),
            ("cancelledBy", &cancel.cancelled_by),
        ],
        Event::DisputeOpened(opening) => vec![
            ("id", &opening.id),
            ("disputeId", &opening.dispute_id),
            ("dealId", &opening.deal_id),
            ("openedBy", &opening.opened_by),
            ("against", &opening.against),
        ],
        Event::DisputeResolved(resolution) => vec![
            ("id", &resolution.id),
            ("disputeId", &resolution.dispute_id),
        ],
    }
}

/// Checks the rules that one event must meet on its own: valid ids, known companies,
/// no self-deal or self-dispute, positive decimal amounts and a currency code.
pub fn check_event(event: &Event, directory: &Directory) -> Result<(), ValidationError> {
    parse_event(event, directory).map(|_| ())
}

/// Checks `event` like [`check_event`] and returns its USD amount, when it has one.
pub(crate) fn parse_event(
    event: &Event,
    directory: &Directory,
) -> Result<Option<Decimal>, ValidationError> {
    let rules = Rules {
        event_id: event.id(),
        directory,
    };
    check_ids(event)?;

    match event {
        Event::DealCompleted(deal) => {
            rules.known("seller", &deal.seller)?;
            rules.known("buyer", &deal.buyer)?;
            if deal.seller == deal.buyer {
                return Err(ValidationError::SelfDeal {
                    event_id: deal.id.clone(),
                    deal_id: deal.deal_id.clone(),
                    company_id: deal.seller.clone(),
                });
            }
            let amount = rules.amount("amount", &deal.amount)?;
            if !is_currency_code(&deal.currency) {
                return Err(ValidationError::InvalidCurrency {
                    event_id: deal.id.clone(),
                    value: deal.currency.clone(),
                });
            }
            let amount_usd = rules.amount("amountUsd", &deal.amount_usd)?;

            if deal.currency == "USD" && amount != amount_usd {
                return Err(ValidationError::UsdAmountMismatch {
                    event_id: deal.id.clone(),
                    amount: deal.amount.clone(),
                    amount_usd: deal.amount_usd.clone(),
                });
            }
            Ok(Some(amount_usd))
        }
        Event::DealCancelled(cancel) => {
            rules.known("cancelledBy", &cancel.cancelled_by)?;
            rules.amount("amountUsd", &cancel.amount_usd).map(Some)
        }
        Event::DisputeOpened(dispute) => {
            rules.known("openedBy", &dispute.opened_by)?;
            rules.known("against", &dispute.against)?;
            if dispute.opened_by == dispute.against {
                return Err(ValidationError::SelfDispute {
                    event_id: dispute.id.clone(),
                    dispute_id: dispute.dispute_id.clone(),
                    company_id: dispute.against.clone(),
                });
            }
            Ok(None)
        }
        Event::DisputeResolved(_) => Ok(None),
    }
}

/// The per-event checks, bound to the event id that each error names.
struct Rules<'a> {
    event_id: &'a str,
    directory: &'a Directory,
}

impl Rules<'_> {
    fn known(&self, field: &'static str, company_id: &str) -> Result<(), ValidationError> {
        if !self.directory.contains(company_id) {
            return Err(ValidationError::UnknownCompany {
                event_id: self.event_id.to_owned(),
                field,
                company_id: company_id.to_owned(),
            });
        }
        Ok(())
    }

    fn amount(&self, field: &'static str, text: &str) -> Result<Decimal, ValidationError> {
        let event_id = self.event_id.to_owned();
        let value = text.to_owned();

        parse_amount(text).map_err(|problem| match problem {
            AmountProblem::NotDecimal => ValidationError::InvalidDecimal {
                event_id,
                field,
                value,
            },
            AmountProblem::NotPositive => ValidationError::NonPositiveAmount {
                event_id,
                field,
                value,
            },
            AmountProblem::TooLarge => ValidationError::AmountTooLarge {
                event_id,
                field,
                value,
            },
        })
    }
}
