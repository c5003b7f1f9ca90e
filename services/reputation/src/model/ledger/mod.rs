//! The ledger: the accepted set of events, indexed by deal and dispute.
//!
//! A ledger depends only on the set of events it was built from, never on their arrival
//! order or on repeats. [`Ledger::build`] drops repeated ids, orders the rest by
//! `(occurred_at, id)` and admits them one by one, so every conflict is settled the same
//! way: the earlier event wins.
//!
//! Out-of-order arrival: a `dispute.opened` whose deal is not in the ledger yet, and a
//! `dispute.resolved` whose dispute is not opened yet, are accepted as *pending*. They
//! count for nothing until the event they refer to arrives, and then take effect as if
//! they had arrived in order. They are checked again then. An opening dated before its
//! deal or opened by a company that is not a party of the deal moves to
//! [`Ledger::rejected`], and so does a resolution dated before its opening.

mod admit;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::validate::{ValidationError, parse_event};
use super::{DealCancelled, DealCompleted, Directory, DisputeOpened, DisputeResolved, Event};

/// The result of admitting an event with [`Ledger::insert`] or [`Ledger::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    /// New and effective now.
    Accepted,
    /// Already in the ledger, under this id or as the same facts under another id;
    /// storing it again changes nothing.
    Duplicate,
    /// Stored, but without effect until the event it refers to arrives.
    Pending(PendingReason),
}

/// The missing event a pending event waits for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PendingReason {
    /// A dispute about a deal with no `deal.completed` yet.
    UnknownDeal {
        /// The missing deal.
        deal_id: String,
    },
    /// A resolution of a dispute with no `dispute.opened` yet.
    UnknownDispute {
        /// The missing dispute.
        dispute_id: String,
    },
}

/// An event that [`Ledger::build`] left out, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The rejected event.
    pub event: Event,
    /// The reason for the rejection.
    pub error: ValidationError,
}

/// A completed deal in the ledger.
#[derive(Debug, Clone)]
pub(crate) struct DealRecord {
    pub(crate) event: DealCompleted,
    pub(crate) amount_usd: Decimal,
    /// Indexes into [`Ledger::disputes`] of the disputes about this deal.
    pub(crate) disputes: Vec<usize>,
}

/// A cancelled deal in the ledger.
#[derive(Debug, Clone)]
pub(crate) struct CancelRecord {
    pub(crate) event: DealCancelled,
    pub(crate) amount_usd: Decimal,
}

/// An opened dispute in the ledger, with its resolution once known.
#[derive(Debug, Clone)]
pub(crate) struct DisputeRecord {
    pub(crate) event: DisputeOpened,
    /// Index into [`Ledger::deals`].
    pub(crate) deal: usize,
    /// When the dispute takes effect: its own time, or the deal's if that is later.
    pub(crate) effective_at: DateTime<Utc>,
    pub(crate) resolution: Option<ResolutionRecord>,
}

/// The resolution of a dispute.
#[derive(Debug, Clone)]
pub(crate) struct ResolutionRecord {
    pub(crate) event: DisputeResolved,
    /// When the resolution takes effect: its own time, or the opening's if that is later.
    pub(crate) effective_at: DateTime<Utc>,
}

/// The accepted events of the platform (or of the part of it that concerns one company),
/// with the directory of companies they name.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    directory: Directory,
    /// Every accepted or pending event, by event id.
    by_id: HashMap<String, Event>,
    pub(crate) deals: Vec<DealRecord>,
    deal_index: HashMap<String, usize>,
    pub(crate) cancellations: Vec<CancelRecord>,
    cancel_index: HashMap<String, usize>,
    pub(crate) disputes: Vec<DisputeRecord>,
    dispute_index: HashMap<String, usize>,
    /// Pending openings by deal id, in `(occurred_at, id)` order.
    waiting_openings: BTreeMap<String, Vec<DisputeOpened>>,
    /// Deal id of each pending opening, by dispute id.
    waiting_dispute_ids: HashMap<String, String>,
    /// Pending resolutions by dispute id.
    waiting_resolutions: BTreeMap<String, DisputeResolved>,
    rejected: Vec<Rejection>,
}

impl Ledger {
    /// Returns an empty ledger for the companies in `directory`.
    pub fn new(directory: Directory) -> Self {
        Self {
            directory,
            ..Self::default()
        }
    }

    /// Builds a ledger from events in any order, with repeats.
    ///
    /// Events that break a rule are left out and listed by [`Ledger::rejected`]. Two
    /// different events with the same id keep the one that sorts first by
    /// `(occurred_at, content)`, so the result depends only on the set of events.
    pub fn build(directory: Directory, events: impl IntoIterator<Item = Event>) -> Self {
        let mut ledger = Self::new(directory);

        let mut versions: BTreeMap<String, Vec<Event>> = BTreeMap::new();
        for event in events {
            versions
                .entry(event.id().to_owned())
                .or_default()
                .push(event);
        }

        let mut chosen = Vec::with_capacity(versions.len());
        for (event_id, mut same_id) in versions {
            same_id.sort_by(|a, b| (a.occurred_at(), a).cmp(&(b.occurred_at(), b)));
            same_id.dedup();
            let mut same_id = same_id.into_iter();
            chosen.extend(same_id.next());
            for event in same_id {
                let error = ValidationError::ConflictingDuplicate {
                    event_id: event_id.clone(),
                };
                ledger.rejected.push(Rejection { event, error });
            }
        }

        chosen.sort_by(|a, b| (a.occurred_at(), a.id()).cmp(&(b.occurred_at(), b.id())));
        for event in chosen {
            if let Err(error) = ledger.insert(event.clone()) {
                ledger.rejected.push(Rejection { event, error });
            }
        }
        ledger
    }

    /// Returns the company directory.
    pub fn directory(&self) -> &Directory {
        &self.directory
    }

    /// Returns the events left out by [`Ledger::build`] or by the release of a pending
    /// event, with reasons.
    pub fn rejected(&self) -> &[Rejection] {
        &self.rejected
    }

    /// Returns the ids of the pending events with what each waits for, sorted by id.
    pub fn pending(&self) -> Vec<(String, PendingReason)> {
        let openings = self
            .waiting_openings
            .iter()
            .flat_map(|(deal_id, openings)| {
                openings.iter().map(|opening| {
                    let reason = PendingReason::UnknownDeal {
                        deal_id: deal_id.clone(),
                    };
                    (opening.id.clone(), reason)
                })
            });
        let resolutions = self
            .waiting_resolutions
            .iter()
            .map(|(dispute_id, resolution)| {
                let reason = PendingReason::UnknownDispute {
                    dispute_id: dispute_id.clone(),
                };
                (resolution.id.clone(), reason)
            });

        let mut pending: Vec<_> = openings.chain(resolutions).collect();
        pending.sort();
        pending
    }

    /// Returns the number of accepted and pending events.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Returns whether the ledger has no accepted or pending event.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Returns how `event` would be admitted, without changing the ledger.
    ///
    /// Rejects an event that breaks a rule of [`super::check_event`] or contradicts an
    /// event already in the ledger, whatever their times.
    pub fn check(&self, event: &Event) -> Result<Admission, ValidationError> {
        self.check_parsed(event).map(|(admission, _)| admission)
    }

    /// Admits `event` into the ledger (see [`Ledger::check`] for the rules).
    ///
    /// When the event completes a deal or opens a dispute that pending events wait for,
    /// those take effect now. Any of them that then break a rule move to
    /// [`Ledger::rejected`].
    pub fn insert(&mut self, event: Event) -> Result<Admission, ValidationError> {
        let (admission, amount_usd) = self.check_parsed(&event)?;

        match &admission {
            Admission::Duplicate => return Ok(admission),
            Admission::Pending(_) => self.wait(&event),
            Admission::Accepted => self.apply(&event, amount_usd),
        }
        self.by_id.insert(event.id().to_owned(), event);
        Ok(admission)
    }

    /// Runs every rule and returns the admission with the event's USD amount.
    fn check_parsed(&self, event: &Event) -> Result<(Admission, Option<Decimal>), ValidationError> {
        let amount_usd = parse_event(event, &self.directory)?;

        if let Some(existing) = self.by_id.get(event.id()) {
            if existing == event {
                return Ok((Admission::Duplicate, amount_usd));
            }
            return Err(ValidationError::ConflictingDuplicate {
                event_id: event.id().to_owned(),
            });
        }
        Ok((self.classify(event)?, amount_usd))
    }
}
