//! The decision on each event of a batch, against the stored events it could conflict
//! with. Pure: the caller loads the stored events and stores the result.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, TimeDelta, Utc};

use super::{EventResult, EventStatus};
use crate::company::MAX_ID_LEN;
use crate::model::{
    Admission, Directory, Event, Ledger, PendingReason, ValidationError, check_ids,
};

/// How far in the future an event's `occurredAt` may be, for clock differences between
/// the platform and this service.
const CLOCK_TOLERANCE: TimeDelta = TimeDelta::minutes(5);

/// First year an event's `occurredAt` may fall in. An earlier time is taken as a wrong or
/// default value, such as the Unix epoch.
const EARLIEST_YEAR: i32 = 2000;

/// The decisions on a batch.
#[derive(Debug)]
pub(crate) struct Admitted {
    /// One result per event, in batch order.
    pub(crate) results: Vec<EventResult>,
    /// The events to store, accepted or pending, in batch order.
    pub(crate) stored: Vec<Event>,
}

/// The decision on one event.
#[derive(Debug)]
enum Outcome {
    Accepted,
    Pending(PendingReason),
    Duplicate { same_id: bool },
    Rejected { code: &'static str, reason: String },
}

/// Rejects the events of `batch` that fail a check needing no stored data: ids and
/// times. Returns one entry per event, `None` for an event that passed.
///
/// These checks run before any query, because PostgreSQL rejects a text value with a
/// NUL character and that error would fail the whole batch.
pub(crate) fn precheck_batch(batch: &[Event], now: DateTime<Utc>) -> Vec<Option<EventResult>> {
    batch
        .iter()
        .map(|event| precheck(event, now).map(|outcome| result(event.id(), outcome)))
        .collect()
}

/// Decides each event of `batch` in order, as if the events before it in the batch were
/// already stored. Every event must have passed [`precheck_batch`].
///
/// `stored` must hold every stored event that could conflict with the batch (same id,
/// same deal, same dispute), and `directory` every company that the batch and `stored`
/// name.
pub(crate) fn admit(batch: &[Event], stored: &[Event], directory: Directory) -> Admitted {
    let mut ledger = Ledger::build(directory, stored.iter().cloned());
    let stored_by_id: HashMap<&str, &Event> =
        stored.iter().map(|event| (event.id(), event)).collect();
    let mut facts: HashMap<String, String> = stored
        .iter()
        .map(|event| (fact_key(event), event.id().to_owned()))
        .collect();
    let mut admitted_ids = HashSet::new();

    let mut outcomes = Vec::with_capacity(batch.len());
    for event in batch {
        let outcome = if let Some(existing) = stored_by_id.get(event.id()) {
            compare_with_stored(event, existing)
        } else {
            decide(&mut ledger, &mut facts, &admitted_ids, event)
        };

        if matches!(outcome, Outcome::Accepted | Outcome::Pending(_)) {
            admitted_ids.insert(event.id().to_owned());
        }
        outcomes.push(outcome);
    }

    settle(&ledger, batch, &mut outcomes);
    collect(batch, outcomes)
}

/// Returns the one fact an event settles. At most one stored event settles each fact,
/// which a unique index enforces across concurrent writers.
pub(crate) fn fact_key(event: &Event) -> String {
    match event {
        Event::DealCompleted(deal) => format!("close:{}", deal.deal_id),
        Event::DealCancelled(cancel) => format!("close:{}", cancel.deal_id),
        Event::DisputeOpened(opening) => format!("open:{}", opening.dispute_id),
        Event::DisputeResolved(resolution) => format!("resolve:{}", resolution.dispute_id),
    }
}

/// Runs the checks that need no stored data: id lengths and characters, and times before
/// [`EARLIEST_YEAR`] or in the future.
fn precheck(event: &Event, now: DateTime<Utc>) -> Option<Outcome> {
    let ids: &[(&str, &str)] = match event {
        Event::DealCompleted(deal) => &[("id", &deal.id), ("dealId", &deal.deal_id)],
        Event::DealCancelled(cancel) => &[("id", &cancel.id), ("dealId", &cancel.deal_id)],
        Event::DisputeOpened(opening) => &[
            ("id", &opening.id),
            ("disputeId", &opening.dispute_id),
            ("dealId", &opening.deal_id),
        ],
        Event::DisputeResolved(resolution) => &[
            ("id", &resolution.id),
            ("disputeId", &resolution.dispute_id),
        ],
    };
    if let Some((field, value)) = ids.iter().find(|(_, value)| value.len() > MAX_ID_LEN) {
        return Some(Outcome::Rejected {
            code: "id_too_long",
            reason: format!(
                "event {:?}: {field} is {} bytes long; ids are at most {MAX_ID_LEN} bytes",
                truncated(event.id()),
                value.len()
            ),
        });
    }

    if let Err(error) = check_ids(event) {
        return Some(rejected(&error));
    }

    let occurred_at = event.occurred_at();
    if occurred_at.year() < EARLIEST_YEAR {
        return Some(Outcome::Rejected {
            code: "occurred_too_early",
            reason: format!(
                "event {:?}: occurredAt {} is before {EARLIEST_YEAR}-01-01T00:00:00Z; send the time the event happened",
                event.id(),
                occurred_at.to_rfc3339()
            ),
        });
    }

    (occurred_at > now + CLOCK_TOLERANCE).then(|| Outcome::Rejected {
        code: "occurred_in_future",
        reason: format!(
            "event {:?}: occurredAt {} is in the future (server time {}); send events once they happened",
            event.id(),
            occurred_at.to_rfc3339(),
            now.to_rfc3339()
        ),
    })
}

/// Decides an event whose id is already stored.
fn compare_with_stored(event: &Event, existing: &Event) -> Outcome {
    if existing == event {
        return Outcome::Duplicate { same_id: true };
    }
    rejected(&ValidationError::ConflictingDuplicate {
        event_id: event.id().to_owned(),
    })
}

/// Decides a new event with the ledger and admits it when it is to be stored.
fn decide(
    ledger: &mut Ledger,
    facts: &mut HashMap<String, String>,
    admitted_ids: &HashSet<String>,
    event: &Event,
) -> Outcome {
    match ledger.check(event) {
        Err(error) => return rejected(&error),
        Ok(Admission::Duplicate) => {
            return Outcome::Duplicate {
                same_id: admitted_ids.contains(event.id()),
            };
        }
        Ok(Admission::Accepted | Admission::Pending(_)) => {}
    }

    // A stored event that the model now ignores (a dispute whose deal named other
    // parties) still owns its fact key, because the first event to arrive keeps it.
    let key = fact_key(event);
    if let Some(holder) = facts.get(&key) {
        return Outcome::Rejected {
            code: "fact_already_recorded",
            reason: format!(
                "event {:?}: {key} was already recorded by event {holder:?}; \
                 send a new deal or dispute under a new id",
                event.id()
            ),
        };
    }

    match ledger.insert(event.clone()) {
        Ok(Admission::Accepted) => {
            facts.insert(key, event.id().to_owned());
            Outcome::Accepted
        }
        Ok(Admission::Pending(reason)) => {
            facts.insert(key, event.id().to_owned());
            Outcome::Pending(reason)
        }
        Ok(Admission::Duplicate) => Outcome::Duplicate { same_id: false },
        Err(error) => rejected(&error),
    }
}

/// Updates the outcomes of admitted events that a later event of the batch settled.
///
/// A pending dispute is checked again when its deal arrives in the same batch. It becomes
/// accepted, unless it breaks a rule against the deal (other parties, an earlier date).
/// Then the ledger sets it aside and it is rejected and not stored. A pending resolution
/// dated before its opening is handled the same way.
///
/// NOTE: when the deal or opening arrives in a later batch, the pending event stays
/// stored, the model ignores it, and no response reports that to the platform.
fn settle(ledger: &Ledger, batch: &[Event], outcomes: &mut [Outcome]) {
    let released: HashMap<&str, &ValidationError> = ledger
        .rejected()
        .iter()
        .map(|rejection| (rejection.event.id(), &rejection.error))
        .collect();
    let still_pending: HashSet<String> = ledger.pending().into_iter().map(|(id, _)| id).collect();

    for (event, outcome) in batch.iter().zip(outcomes.iter_mut()) {
        if !matches!(outcome, Outcome::Accepted | Outcome::Pending(_)) {
            continue;
        }
        if let Some(error) = released.get(event.id()) {
            *outcome = rejected(error);
        } else if matches!(outcome, Outcome::Pending(_)) && !still_pending.contains(event.id()) {
            *outcome = Outcome::Accepted;
        }
    }
}

fn collect(batch: &[Event], outcomes: Vec<Outcome>) -> Admitted {
    let mut results = Vec::with_capacity(batch.len());
    let mut stored = Vec::new();
    let mut stored_ids = HashSet::new();

    for (event, outcome) in batch.iter().zip(outcomes) {
        let is_stored = matches!(outcome, Outcome::Accepted | Outcome::Pending(_));
        if is_stored && stored_ids.insert(event.id()) {
            stored.push(event.clone());
        }
        results.push(result(event.id(), outcome));
    }
    Admitted { results, stored }
}

fn result(event_id: &str, outcome: Outcome) -> EventResult {
    let (status, code, reason) = match outcome {
        Outcome::Accepted => (EventStatus::Accepted, None, None),
        Outcome::Pending(PendingReason::UnknownDeal { deal_id }) => (
            EventStatus::Pending,
            Some("waiting_for_deal"),
            Some(format!("counts once deal {deal_id:?} is completed")),
        ),
        Outcome::Pending(PendingReason::UnknownDispute { dispute_id }) => (
            EventStatus::Pending,
            Some("waiting_for_dispute"),
            Some(format!(
                "counts once dispute {dispute_id:?} is opened on a known deal"
            )),
        ),
        Outcome::Duplicate { same_id: true } => (
            EventStatus::Duplicate,
            Some("already_received"),
            Some("this event was already received; nothing changed".to_owned()),
        ),
        Outcome::Duplicate { same_id: false } => (
            EventStatus::Duplicate,
            Some("same_facts"),
            Some(
                "the same facts were already received under another event id; nothing changed"
                    .to_owned(),
            ),
        ),
        Outcome::Rejected { code, reason } => (EventStatus::Rejected, Some(code), Some(reason)),
    };

    EventResult {
        id: event_id.to_owned(),
        status,
        code: code.map(str::to_owned),
        reason,
    }
}

fn rejected(error: &ValidationError) -> Outcome {
    Outcome::Rejected {
        code: error.code(),
        reason: error.to_string(),
    }
}

/// Returns at most the first 64 characters of an id, for messages about overlong ids.
fn truncated(id: &str) -> String {
    id.chars().take(64).collect()
}
