//! The batch transaction: lock, load, decide, store, retry on a lost race.
//!
//! A batch is one transaction. When it stores nothing (every event a duplicate or
//! rejected) it rolls back, so a replay leaves even the version counters as they were.
//! When a concurrent writer took a unique key first (an event id, or the fact an event
//! settles) or PostgreSQL reports a serialization failure or deadlock, the whole batch
//! runs again and then reads that writer's events.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait};
use sea_orm::{DatabaseTransaction, TransactionTrait};

use super::EventResult;
use super::admit::{admit, fact_key, precheck_batch};
use super::context::lock_and_load;
use crate::entity::{event_companies, events};
use crate::error::ServiceError;
use crate::model::{DisputeOpened, Event};
use crate::snapshot::{IN_LIST_CHUNK, companies_named};

/// Runs of one batch before a lost race is reported as an error.
const MAX_ATTEMPTS: u32 = 5;

/// A stored batch.
#[derive(Debug)]
pub(crate) struct Ingested {
    /// One result per event, in batch order.
    pub(crate) results: Vec<EventResult>,
    /// Companies whose views the stored events change.
    pub(crate) changed: BTreeSet<String>,
}

/// Decides and stores a batch, retrying when a concurrent writer won a race.
pub(crate) async fn ingest(
    db: &DatabaseConnection,
    batch: &[Event],
) -> Result<Ingested, ServiceError> {
    let mut attempt = 1;
    loop {
        let txn = db.begin().await?;
        match ingest_once(&txn, batch, Utc::now()).await {
            Ok((ingested, stored_any)) => {
                if stored_any {
                    txn.commit().await?;
                } else {
                    txn.rollback().await?;
                }
                return Ok(ingested);
            }
            Err(error) if attempt < MAX_ATTEMPTS && error.is_retryable() => {
                tracing::debug!(%error, attempt, "event batch lost a race; running it again");
                drop(txn);
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    }
}

/// Runs one attempt inside `txn`; returns the results and whether anything was stored.
async fn ingest_once(
    txn: &DatabaseTransaction,
    batch: &[Event],
    now: DateTime<Utc>,
) -> Result<(Ingested, bool), ServiceError> {
    let prechecked = precheck_batch(batch, now);
    let passed: Vec<Event> = batch
        .iter()
        .zip(&prechecked)
        .filter(|(_, rejection)| rejection.is_none())
        .map(|(event, _)| event.clone())
        .collect();

    let context = lock_and_load(txn, &passed).await?;
    let admitted = admit(&passed, &context.stored, context.directory);
    let results = merge_results(prechecked, admitted.results);

    let openings = openings_by_dispute(context.stored.iter().chain(&admitted.stored));
    let index = index_rows(&admitted.stored, &context.stored, &openings);
    insert_events(txn, &admitted.stored, now).await?;
    insert_index(txn, &index).await?;

    let changed = changed_companies(&admitted.stored, &openings);
    let ingested = Ingested { results, changed };
    Ok((ingested, !admitted.stored.is_empty()))
}

/// Fills the gaps of `prechecked` (the events that passed the precheck) with the results
/// of the admitted events, which come in the same order.
fn merge_results(
    prechecked: Vec<Option<EventResult>>,
    admitted: Vec<EventResult>,
) -> Vec<EventResult> {
    let mut admitted = admitted.into_iter();
    let mut results = Vec::with_capacity(prechecked.len());

    for rejection in prechecked {
        match rejection.or_else(|| admitted.next()) {
            Some(result) => results.push(result),
            None => unreachable!("admit returns one result per event that passed the precheck"),
        }
    }
    results
}

/// Returns the openings among `events`, by dispute id.
fn openings_by_dispute<'a>(
    events: impl Iterator<Item = &'a Event>,
) -> HashMap<&'a str, &'a DisputeOpened> {
    events
        .filter_map(|event| match event {
            Event::DisputeOpened(opening) => Some((opening.dispute_id.as_str(), opening)),
            _ => None,
        })
        .collect()
}

/// Returns the `(company, event)` rows that index the new events: each event under the
/// companies it names, and each resolution under the companies of its dispute's opening,
/// whichever of the two arrived first.
fn index_rows(
    new: &[Event],
    stored: &[Event],
    openings: &HashMap<&str, &DisputeOpened>,
) -> BTreeSet<(String, String)> {
    let mut rows = BTreeSet::new();
    let mut add = |company: &str, event_id: &str| {
        rows.insert((company.to_owned(), event_id.to_owned()));
    };

    for event in new {
        for company in companies_named(event) {
            add(company, event.id());
        }
        if let Event::DisputeResolved(resolution) = event
            && let Some(opening) = openings.get(resolution.dispute_id.as_str())
        {
            add(&opening.opened_by, &resolution.id);
            add(&opening.against, &resolution.id);
        }
    }

    // Resolutions that arrived before their opening are indexed once the opening is in.
    for opening in new.iter().filter_map(|event| match event {
        Event::DisputeOpened(opening) => Some(opening),
        _ => None,
    }) {
        for event in stored.iter().chain(new) {
            if let Event::DisputeResolved(resolution) = event
                && resolution.dispute_id == opening.dispute_id
            {
                add(&opening.opened_by, &resolution.id);
                add(&opening.against, &resolution.id);
            }
        }
    }
    rows
}

/// Returns the companies whose views the new events change: the seller of a deal, the
/// party that cancelled, and the company a dispute is against.
fn changed_companies(new: &[Event], openings: &HashMap<&str, &DisputeOpened>) -> BTreeSet<String> {
    let changed = new.iter().filter_map(|event| match event {
        Event::DealCompleted(deal) => Some(deal.seller.clone()),
        Event::DealCancelled(cancel) => Some(cancel.cancelled_by.clone()),
        Event::DisputeOpened(opening) => Some(opening.against.clone()),
        Event::DisputeResolved(resolution) => openings
            .get(resolution.dispute_id.as_str())
            .map(|opening| opening.against.clone()),
    });
    changed.collect()
}

async fn insert_events(
    db: &impl ConnectionTrait,
    new: &[Event],
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    for chunk in new.chunks(IN_LIST_CHUNK) {
        let mut rows = Vec::with_capacity(chunk.len());
        for event in chunk {
            rows.push(event_row(event, now)?);
        }
        events::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

fn event_row(event: &Event, now: DateTime<Utc>) -> Result<events::ActiveModel, ServiceError> {
    let (deal_id, dispute_id) = match event {
        Event::DealCompleted(deal) => (Some(&deal.deal_id), None),
        Event::DealCancelled(cancel) => (Some(&cancel.deal_id), None),
        Event::DisputeOpened(opening) => (Some(&opening.deal_id), Some(&opening.dispute_id)),
        Event::DisputeResolved(resolution) => (None, Some(&resolution.dispute_id)),
    };
    let payload = serde_json::to_string(event)
        .map_err(|error| anyhow::anyhow!("serializing event {:?}: {error}", event.id()))?;

    Ok(events::ActiveModel {
        id: Set(event.id().to_owned()),
        kind: Set(event.kind().as_str().to_owned()),
        fact_key: Set(fact_key(event)),
        deal_id: Set(deal_id.cloned()),
        dispute_id: Set(dispute_id.cloned()),
        occurred_at: Set(event.occurred_at()),
        received_at: Set(now),
        payload: Set(payload),
    })
}

async fn insert_index(
    db: &impl ConnectionTrait,
    rows: &BTreeSet<(String, String)>,
) -> Result<(), DbErr> {
    let rows: Vec<&(String, String)> = rows.iter().collect();

    for chunk in rows.chunks(IN_LIST_CHUNK) {
        let models = chunk
            .iter()
            .map(|(company_id, event_id)| event_companies::ActiveModel {
                company_id: Set(company_id.clone()),
                event_id: Set(event_id.clone()),
            });
        event_companies::Entity::insert_many(models)
            .on_conflict_do_nothing_on([
                event_companies::Column::CompanyId,
                event_companies::Column::EventId,
            ])
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}
