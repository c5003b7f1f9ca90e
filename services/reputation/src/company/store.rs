//! Reads and writes of the `companies` table.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};

use super::{Company, CompanyData};
use crate::entity::{companies, event_companies};
use crate::versions;

/// The result of registering a company with `POST`.
#[derive(Debug)]
pub(crate) enum Registered {
    /// A new company.
    Created(Company),
    /// The id was already registered with the same data.
    Unchanged(Company),
    /// The id was already registered with other data.
    Conflict,
}

/// The result of replacing a company with `PUT`.
#[derive(Debug)]
pub(crate) enum Replaced {
    /// A new company.
    Created(Company),
    /// The stored data was already the same.
    Unchanged(Company),
    /// The stored data changed.
    Updated(Company),
}

/// Returns the company with `id`, if registered.
pub(crate) async fn find(db: &impl ConnectionTrait, id: &str) -> Result<Option<Company>, DbErr> {
    let row = companies::Entity::find_by_id(id.to_owned()).one(db).await?;
    Ok(row.map(Company::from))
}

/// Registers a company unless its id is taken.
pub(crate) async fn register(
    db: &DatabaseConnection,
    id: &str,
    data: &CompanyData,
    now: DateTime<Utc>,
) -> Result<Registered, DbErr> {
    let txn = db.begin().await?;
    if let Some(existing) = companies::Entity::find_by_id(id.to_owned())
        .one(&txn)
        .await?
    {
        return Ok(compare(existing, data));
    }

    match insert(&txn, id, data, now).await {
        Ok(company) => {
            txn.commit().await?;
            Ok(Registered::Created(company))
        }
        // A concurrent request registered the id first; compare with what it stored.
        Err(error) if storage::is_unique_violation(&error) => {
            drop(txn);
            match companies::Entity::find_by_id(id.to_owned()).one(db).await? {
                Some(existing) => Ok(compare(existing, data)),
                None => Err(error),
            }
        }
        Err(error) => Err(error),
    }
}

/// Creates or replaces a company. When its verification changes, the views of the
/// companies it traded with change too, so their versions are bumped with its own.
pub(crate) async fn replace(
    db: &DatabaseConnection,
    id: &str,
    data: &CompanyData,
    now: DateTime<Utc>,
) -> Result<Replaced, DbErr> {
    match replace_once(db, id, data, now).await {
        // A concurrent request created the id first; replace what it stored.
        Err(error) if storage::is_unique_violation(&error) => replace_once(db, id, data, now).await,
        result => result,
    }
}

async fn replace_once(
    db: &DatabaseConnection,
    id: &str,
    data: &CompanyData,
    now: DateTime<Utc>,
) -> Result<Replaced, DbErr> {
    let txn = db.begin().await?;
    let Some(existing) = companies::Entity::find_by_id(id.to_owned())
        .one(&txn)
        .await?
    else {
        let company = insert(&txn, id, data, now).await?;
        txn.commit().await?;
        return Ok(Replaced::Created(company));
    };
    if data_of(&existing) == *data {
        return Ok(Replaced::Unchanged(existing.into()));
    }

    let verification_changed = existing.verified != data.verified;
    let mut row: companies::ActiveModel = existing.into();
    row.name = Set(data.name.clone());
    row.country = Set(data.country.clone());
    row.registration_number = Set(data.registration_number.clone());
    row.verified = Set(data.verified);
    row.updated_at = Set(now);
    let updated = row.update(&txn).await?;

    if verification_changed {
        let mut affected = counterparties(&txn, id).await?;
        affected.insert(id.to_owned());
        versions::bump(&txn, &affected).await?;
    }
    txn.commit().await?;
    Ok(Replaced::Updated(updated.into()))
}

async fn insert(
    db: &impl ConnectionTrait,
    id: &str,
    data: &CompanyData,
    now: DateTime<Utc>,
) -> Result<Company, DbErr> {
    let row = companies::ActiveModel {
        id: Set(id.to_owned()),
        name: Set(data.name.clone()),
        country: Set(data.country.clone()),
        registration_number: Set(data.registration_number.clone()),
        verified: Set(data.verified),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let stored = row.insert(db).await?;
    versions::create(db, id).await?;
    Ok(stored.into())
}

/// Returns the ids of the companies that share at least one event with `id`.
async fn counterparties(db: &impl ConnectionTrait, id: &str) -> Result<BTreeSet<String>, DbErr> {
    let events_of_company = Query::select()
        .column(event_companies::Column::EventId)
        .from(event_companies::Entity)
        .and_where(event_companies::Column::CompanyId.eq(id))
        .to_owned();

    let ids: Vec<String> = event_companies::Entity::find()
        .select_only()
        .column(event_companies::Column::CompanyId)
        .distinct()
        .filter(event_companies::Column::EventId.in_subquery(events_of_company))
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().collect())
}

fn compare(existing: companies::Model, data: &CompanyData) -> Registered {
    if data_of(&existing) == *data {
        Registered::Unchanged(existing.into())
    } else {
        Registered::Conflict
    }
}

fn data_of(row: &companies::Model) -> CompanyData {
    CompanyData {
        name: row.name.clone(),
        country: row.country.clone(),
        registration_number: row.registration_number.clone(),
        verified: row.verified,
    }
}

impl From<companies::Model> for Company {
    fn from(row: companies::Model) -> Self {
        Self {
            id: row.id,
            name: row.name,
            country: row.country,
            registration_number: row.registration_number,
            verified: row.verified,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}
