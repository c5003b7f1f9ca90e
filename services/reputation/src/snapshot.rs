//! Loading what the model needs to score one company: its version, the events that
//! concern it and the companies those events name.

use std::collections::BTreeSet;

use anyhow::Context;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::entity::{companies, event_companies, events};
use crate::error::ServiceError;
use crate::model::{CompanyInfo, Directory, Event};
use crate::versions;

/// Most values bound in one `IN (...)` list; far below the limits of SQLite (32,766) and
/// PostgreSQL (65,535).
pub(crate) const IN_LIST_CHUNK: usize = 500;

/// One company's scoring input, read at one moment.
#[derive(Debug)]
pub(crate) struct Snapshot {
    /// The company's version, read before the events, so the events contain at least
    /// everything that this version counts.
    pub(crate) version: u64,
    /// Every stored event that concerns the company.
    pub(crate) events: Vec<Event>,
    /// The companies those events name.
    pub(crate) directory: Directory,
}

/// Loads the snapshot of `company_id`; fails with `CompanyNotFound` for an unknown id.
///
/// The version is read first. Later reads see at least the commits it saw, so the
/// snapshot may be newer than its version but never older, and a view computed from it
/// can safely be cached under that version.
pub(crate) async fn load(
    db: &impl ConnectionTrait,
    company_id: &str,
) -> Result<Snapshot, ServiceError> {
    let Some(version) = versions::current(db, company_id).await? else {
        return Err(ServiceError::CompanyNotFound(company_id.to_owned()));
    };

    let rows = company_events(db, company_id).await?;
    let events = rows.iter().map(decode).collect::<Result<Vec<_>, _>>()?;

    let mut names = BTreeSet::from([company_id.to_owned()]);
    for event in &events {
        names.extend(companies_named(event).into_iter().map(str::to_owned));
    }
    let directory = directory(db, &names).await?;

    Ok(Snapshot {
        version,
        events,
        directory,
    })
}

/// Returns the stored events indexed under `company_id`.
async fn company_events(
    db: &impl ConnectionTrait,
    company_id: &str,
) -> Result<Vec<events::Model>, DbErr> {
    let event_ids = Query::select()
        .column(event_companies::Column::EventId)
        .from(event_companies::Entity)
        .and_where(event_companies::Column::CompanyId.eq(company_id))
        .to_owned();

    events::Entity::find()
        .filter(events::Column::Id.in_subquery(event_ids))
        .all(db)
        .await
}

/// Parses a stored event's JSON.
pub(crate) fn decode(row: &events::Model) -> anyhow::Result<Event> {
    serde_json::from_str(&row.payload)
        .with_context(|| format!("stored event {:?} is not valid event JSON", row.id))
}

/// Returns the directory entries of the registered companies among `ids`.
///
/// NOTE: verification is read as it is now, not as it was when each deal happened, so a
/// change of a buyer's verification also changes its past deals and past trend points.
pub(crate) async fn directory(
    db: &impl ConnectionTrait,
    ids: &BTreeSet<String>,
) -> Result<Directory, DbErr> {
    let ids: Vec<&String> = ids.iter().collect();
    let mut directory = Directory::new();

    for chunk in ids.chunks(IN_LIST_CHUNK) {
        let rows = companies::Entity::find()
            .filter(companies::Column::Id.is_in(chunk.iter().map(|id| id.as_str())))
            .all(db)
            .await?;
        for row in rows {
            let info = if row.verified {
                CompanyInfo::verified()
            } else {
                CompanyInfo::unverified()
            };
            directory.insert(row.id, info);
        }
    }
    Ok(directory)
}

/// Returns the company ids written in the event itself (not those of a dispute that a
/// resolution refers to).
pub(crate) fn companies_named(event: &Event) -> Vec<&str> {
    match event {
        Event::DealCompleted(deal) => vec![deal.seller.as_str(), deal.buyer.as_str()],
        Event::DealCancelled(cancel) => vec![cancel.cancelled_by.as_str()],
        Event::DisputeOpened(opening) => {
            vec![opening.opened_by.as_str(), opening.against.as_str()]
        }
        Event::DisputeResolved(_) => Vec::new(),
    }
}
