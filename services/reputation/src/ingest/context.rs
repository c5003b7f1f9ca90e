//! Locking and loading, inside the batch transaction, everything a batch is checked
//! against.
//!
//! Lock order, the same in every writer so that none waits in a cycle: the dispute lock
//! rows in ascending dispute id, then the company version rows in ascending company id
//! (see [`crate::versions`]). Both come before the reads, so on PostgreSQL the reads see
//! every commit of a writer that held one of the same rows.
//!
//! Why dispute locks: a resolution names only its dispute id, so its companies are known
//! only from the dispute's opening. Without a shared row, an opening and its resolution
//! sent at the same moment could each commit without seeing the other, and the
//! resolution would never be indexed under, or bump the version of, the company it
//! concerns.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::company::MAX_ID_LEN;
use crate::entity::{dispute_locks, events};
use crate::error::ServiceError;
use crate::model::{Directory, Event};
use crate::snapshot::{self, IN_LIST_CHUNK, companies_named};
use crate::versions;

/// The stored state a batch is checked against.
#[derive(Debug)]
pub(crate) struct Context {
    /// Stored events with an id, deal id or dispute id of the batch, and the events of
    /// the deals those disputes are about.
    pub(crate) stored: Vec<Event>,
    /// The registered companies among those the batch and `stored` name.
    pub(crate) directory: Directory,
}

/// Takes the batch's locks, bumps the versions of every company it may change, and
/// loads its context.
pub(crate) async fn lock_and_load(
    db: &impl ConnectionTrait,
    batch: &[Event],
) -> Result<Context, ServiceError> {
    let disputes = dispute_ids(batch);
    lock_disputes(db, &disputes).await?;
    let mut stored = BTreeMap::new();
    load_into(&mut stored, db, events::Column::DisputeId, &disputes).await?;

    let mut companies: BTreeSet<String> = BTreeSet::new();
    for event in batch.iter().chain(stored.values()) {
        companies.extend(companies_named(event).into_iter().map(str::to_owned));
    }
    versions::bump(db, &companies).await?;

    let deals = deal_ids(batch.iter().chain(stored.values()));
    load_into(&mut stored, db, events::Column::DealId, &deals).await?;
    let ids = batch.iter().map(|event| event.id().to_owned()).collect();
    load_into(&mut stored, db, events::Column::Id, &ids).await?;

    let stored: Vec<Event> = stored.into_values().collect();
    for event in &stored {
        companies.extend(companies_named(event).into_iter().map(str::to_owned));
    }
    let directory = snapshot::directory(db, &companies).await?;
    Ok(Context { stored, directory })
}

/// Returns the dispute ids of the batch's openings and resolutions.
fn dispute_ids(batch: &[Event]) -> BTreeSet<String> {
    let ids = batch.iter().filter_map(|event| match event {
        Event::DisputeOpened(opening) => Some(&opening.dispute_id),
        Event::DisputeResolved(resolution) => Some(&resolution.dispute_id),
        Event::DealCompleted(_) | Event::DealCancelled(_) => None,
    });
    ids.filter(|id| id.len() <= MAX_ID_LEN).cloned().collect()
}

/// Returns the deal ids of completions, cancellations and openings.
fn deal_ids<'a>(events: impl Iterator<Item = &'a Event>) -> BTreeSet<String> {
    let ids = events.map(|event| match event {
        Event::DealCompleted(deal) => Some(&deal.deal_id),
        Event::DealCancelled(cancel) => Some(&cancel.deal_id),
        Event::DisputeOpened(opening) => Some(&opening.deal_id),
        Event::DisputeResolved(_) => None,
    });
    ids.flatten()
        .filter(|id| id.len() <= MAX_ID_LEN)
        .cloned()
        .collect()
}

/// Creates the missing lock rows of `disputes`, then locks each row in id order.
async fn lock_disputes(
    db: &impl ConnectionTrait,
    disputes: &BTreeSet<String>,
) -> Result<(), DbErr> {
    let ids: Vec<&String> = disputes.iter().collect();
    for chunk in ids.chunks(IN_LIST_CHUNK) {
        let rows = chunk.iter().map(|id| dispute_locks::ActiveModel {
            dispute_id: Set((*id).clone()),
            touches: Set(0),
        });
        dispute_locks::Entity::insert_many(rows)
            .on_conflict_do_nothing_on([dispute_locks::Column::DisputeId])
            .exec_without_returning(db)
            .await?;
    }

    // An existing row is not locked by the insert above, only by an update.
    for id in disputes {
        dispute_locks::Entity::update_many()
            .col_expr(
                dispute_locks::Column::Touches,
                Expr::col(dispute_locks::Column::Touches).add(1),
            )
            .filter(dispute_locks::Column::DisputeId.eq(id.as_str()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Loads the stored events whose `column` is one of `values` into `into`, by id.
async fn load_into(
    into: &mut BTreeMap<String, Event>,
    db: &impl ConnectionTrait,
    column: events::Column,
    values: &BTreeSet<String>,
) -> Result<(), ServiceError> {
    let values: Vec<&String> = values.iter().collect();

    for chunk in values.chunks(IN_LIST_CHUNK) {
        let rows = events::Entity::find()
            .filter(column.is_in(chunk.iter().map(|value| value.as_str())))
            .all(db)
            .await?;
        for row in rows {
            if let Entry::Vacant(slot) = into.entry(row.id.clone()) {
                slot.insert(snapshot::decode(&row)?);
            }
        }
    }
    Ok(())
}
