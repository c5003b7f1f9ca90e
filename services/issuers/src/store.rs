//! Reads and writes of the `issuers` and `issuer_keys` tables, the conversions from rows to
//! domain values, and the database as an [`IssuerDirectory`].

use anyhow::{Context, anyhow};
use chrono::{DateTime, Utc};
use crypto::{PublicKey, b64u_decode};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::attestation::{DirectoryError, DirectoryKey, IssuerDirectory, KeyState};
use crate::entity::{issuer, issuer_key};
use crate::issuer::{Country, IssuerKind, IssuerSummary};

/// Returns the issuer with this id.
pub(crate) async fn find_issuer(
    db: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<issuer::Model>, DbErr> {
    issuer::Entity::find_by_id(id.to_owned()).one(db).await
}

/// Returns the issuer with this registration.
pub(crate) async fn find_registration(
    db: &impl ConnectionTrait,
    country: Country,
    kind: IssuerKind,
    registration_number: &str,
) -> Result<Option<issuer::Model>, DbErr> {
    issuer::Entity::find()
        .filter(issuer::Column::Country.eq(country.as_str()))
        .filter(issuer::Column::Kind.eq(kind.as_str()))
        .filter(issuer::Column::RegistrationNumber.eq(registration_number))
        .one(db)
        .await
}

/// Stores a new issuer row.
pub(crate) async fn insert_issuer(
    db: &impl ConnectionTrait,
    row: issuer::Model,
) -> Result<issuer::Model, DbErr> {
    issuer::ActiveModel::from(row).insert(db).await
}

/// Filters and position of one page of issuers.
pub(crate) struct IssuerQuery {
    pub(crate) country: Option<Country>,
    pub(crate) kind: Option<IssuerKind>,
    /// Only ids greater than this one.
    pub(crate) after: Option<String>,
    pub(crate) limit: u64,
}

/// Returns up to `query.limit` issuers in id order.
pub(crate) async fn list_issuers(
    db: &impl ConnectionTrait,
    query: &IssuerQuery,
) -> Result<Vec<issuer::Model>, DbErr> {
    let mut select = issuer::Entity::find().order_by_asc(issuer::Column::Id);
    if let Some(country) = query.country {
        select = select.filter(issuer::Column::Country.eq(country.as_str()));
    }
    if let Some(kind) = query.kind {
        select = select.filter(issuer::Column::Kind.eq(kind.as_str()));
    }
    if let Some(after) = &query.after {
        select = select.filter(issuer::Column::Id.gt(after.as_str()));
    }
    select.limit(query.limit).all(db).await
}

/// Returns every key of the issuer, oldest `valid_from` first.
pub(crate) async fn keys_of(
    db: &impl ConnectionTrait,
    issuer_id: &str,
) -> Result<Vec<issuer_key::Model>, DbErr> {
    issuer_key::Entity::find()
        .filter(issuer_key::Column::IssuerId.eq(issuer_id))
        .order_by_asc(issuer_key::Column::ValidFrom)
        .order_by_asc(issuer_key::Column::Kid)
        .all(db)
        .await
}

/// Returns the key with this kid, whichever issuer holds it.
pub(crate) async fn find_key(
    db: &impl ConnectionTrait,
    kid: &str,
) -> Result<Option<issuer_key::Model>, DbErr> {
    issuer_key::Entity::find_by_id(kid.to_owned()).one(db).await
}

/// Stores a new key row.
pub(crate) async fn insert_key(
    db: &impl ConnectionTrait,
    row: issuer_key::Model,
) -> Result<issuer_key::Model, DbErr> {
    issuer_key::ActiveModel::from(row).insert(db).await
}

/// Returns the key with this kid, locked until the transaction ends on PostgreSQL. SQLite
/// needs no row lock because the pool's one connection runs one transaction at a time.
pub(crate) async fn find_key_locked(
    txn: &impl ConnectionTrait,
    kid: &str,
) -> Result<Option<issuer_key::Model>, DbErr> {
    issuer_key::Entity::find_by_id(kid.to_owned())
        .lock_exclusive()
        .one(txn)
        .await
}

/// Records a revocation on the key.
pub(crate) async fn revoke_key(
    txn: &impl ConnectionTrait,
    current: issuer_key::Model,
    revoked_at: DateTime<Utc>,
    reason: &str,
    recorded_at: DateTime<Utc>,
) -> Result<issuer_key::Model, DbErr> {
    let mut row = issuer_key::ActiveModel::from(current);
    row.revoked_at = Set(Some(revoked_at));
    row.revocation_reason = Set(Some(reason.to_owned()));
    row.revocation_recorded_at = Set(Some(recorded_at));
    row.update(txn).await
}

/// Converts the row to the issuer as a verification reports it.
pub(crate) fn summary(row: &issuer::Model) -> anyhow::Result<IssuerSummary> {
    Ok(IssuerSummary {
        id: row.id.clone(),
        name: row.name.clone(),
        country: row
            .country
            .parse()
            .with_context(|| format!("issuer {} has an invalid stored country", row.id))?,
        kind: row
            .kind
            .parse()
            .with_context(|| format!("issuer {} has an invalid stored kind", row.id))?,
    })
}

/// Reads the key's validity and revocation from the row.
pub(crate) fn key_state(row: &issuer_key::Model) -> anyhow::Result<KeyState> {
    let reason = row
        .revocation_reason
        .as_deref()
        .map(str::parse)
        .transpose()
        .with_context(|| format!("key {} has an invalid stored revocation reason", row.kid))?;

    Ok(KeyState {
        kid: row.kid.clone(),
        valid_from: row.valid_from,
        valid_until: row.valid_until,
        revoked_at: row.revoked_at,
        reason,
    })
}

/// Reads the row's public key and checks it again as on input.
pub(crate) fn public_key(row: &issuer_key::Model) -> anyhow::Result<PublicKey> {
    let bytes =
        b64u_decode(&row.x).with_context(|| format!("key {} has an invalid stored x", row.kid))?;
    let key = PublicKey::from_bytes(&bytes)
        .with_context(|| format!("key {} has an unacceptable stored x", row.kid))?;
    if key.thumbprint() != row.kid {
        return Err(anyhow!("key {} is stored under another key's kid", row.kid));
    }
    Ok(key)
}

#[async_trait::async_trait]
impl IssuerDirectory for DatabaseConnection {
    async fn issuer(&self, issuer_id: &str) -> Result<Option<IssuerSummary>, DirectoryError> {
        let row = find_issuer(self, issuer_id)
            .await
            .context("failed to read the issuer")?;
        Ok(row.as_ref().map(summary).transpose()?)
    }

    async fn key(
        &self,
        issuer_id: &str,
        kid: &str,
    ) -> Result<Option<DirectoryKey>, DirectoryError> {
        let row = find_key(self, kid)
            .await
            .context("failed to read the issuer key")?;
        let Some(row) = row.filter(|row| row.issuer_id == issuer_id) else {
            return Ok(None);
        };

        Ok(Some(DirectoryKey {
            public_key: public_key(&row)?,
            state: key_state(&row)?,
        }))
    }
}
