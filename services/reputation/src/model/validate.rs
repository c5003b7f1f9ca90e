//! Validation rules for incoming events, as pure functions with typed reasons.
//!
//! [`check_event`] covers what one event can get wrong on its own (given the company
//! directory); [`super::Ledger::check`] adds the rules that compare it with the events
//! already accepted.

use rust_decimal::Decimal;

use super::amount::{
    AmountProblem, MAX_AMOUNT, MAX_FRACTION_DIGITS, is_currency_code, parse_amount,
};
use super::{Directory, DisputeOutcome, Event};

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

    /// A currency that is not three capital letters.
    #[error("event {event_id:?}: currency {value:?} is not an ISO 4217 code such as \"USD\"")]
    InvalidCurrency {
        /// Event id.
        event_id: String,
        /// The rejected text.
        value: String,
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
        "event {event_id:?}: dispute {dispute_id:?} is against {company_id:?}, which is \
         neither seller nor buyer of deal {deal_id:?}"
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
            Self::UnknownCompany { .. } => "unknown_company",
            Self::SelfDeal { .. } => "self_deal",
            Self::SelfDispute { .. } => "self_dispute",
            Self::InvalidDecimal { .. } => "invalid_decimal",
            Self::NonPositiveAmount { .. } => "non_positive_amount",
            Self::AmountTooLarge { .. } => "amount_too_large",
            Self::InvalidCurrency { .. } => "invalid_currency",
            Self::ConflictingDuplicate { .. } => "conflicting_duplicate",
            Self::DealConflict { .. } => "deal_conflict",
            Self::DealAlreadyClosed { .. } => "deal_already_closed",
            Self::DisputeConflict { .. } => "dispute_conflict",
            Self::ResolutionConflict { .. } => "resolution_conflict",
            Self::NotAParty { .. } => "not_a_party",
            Self::DisputeOnCancelledDeal { .. } => "dispute_on_cancelled_deal",
        }
    }
}

/// Checks the rules that one event must meet on its own: non-empty ids, known companies,
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
    rules.non_empty("id", event.id())?;

    match event {
        Event::DealCompleted(deal) => {
            rules.non_empty("dealId", &deal.deal_id)?;
            rules.known("seller", &deal.seller)?;
            rules.known("buyer", &deal.buyer)?;
            if deal.seller == deal.buyer {
                return Err(ValidationError::SelfDeal {
                    event_id: deal.id.clone(),
                    deal_id: deal.deal_id.clone(),
                    company_id: deal.seller.clone(),
                });
            }
            rules.amount("amount", &deal.amount)?;
            if !is_currency_code(&deal.currency) {
                return Err(ValidationError::InvalidCurrency {
                    event_id: deal.id.clone(),
                    value: deal.currency.clone(),
                });
            }
            rules.amount("amountUsd", &deal.amount_usd).map(Some)
        }
        Event::DealCancelled(cancel) => {
            rules.non_empty("dealId", &cancel.deal_id)?;
            rules.known("cancelledBy", &cancel.cancelled_by)?;
            rules.amount("amountUsd", &cancel.amount_usd).map(Some)
        }
        Event::DisputeOpened(dispute) => {
            rules.non_empty("disputeId", &dispute.dispute_id)?;
            rules.non_empty("dealId", &dispute.deal_id)?;
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
        Event::DisputeResolved(resolution) => {
            rules.non_empty("disputeId", &resolution.dispute_id)?;
            Ok(None)
        }
    }
}

/// The per-event checks, bound to the event id that each error names.
struct Rules<'a> {
    event_id: &'a str,
    directory: &'a Directory,
}

impl Rules<'_> {
    fn non_empty(&self, field: &'static str, value: &str) -> Result<(), ValidationError> {
        if value.trim().is_empty() {
            return Err(ValidationError::EmptyField {
                event_id: self.event_id.to_owned(),
                field,
            });
        }
        Ok(())
    }

    fn known(&self, field: &'static str, company_id: &str) -> Result<(), ValidationError> {
        self.non_empty(field, company_id)?;
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
