//! API keys: created once, shown once, stored as the SHA-256 of the key text.
//!
//! A key is `ts_<role>_<43 base64url characters>` (256 random bits), so a plain SHA-256 is
//! enough to store it safely and look it up by hash.

use anyhow::Context;
use chrono::{DateTime, Utc};
use domain::Role;
use http_kit::{Authenticator, Principal};
use rand_core::{OsRng, RngCore};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseConnection, QueryFilter};
use sha2::{Digest as _, Sha256};

/// The `api_keys` table.
pub mod entity {
    use sea_orm::entity::prelude::*;

    /// One API key record.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "api_keys")]
    pub struct Model {
        /// Key id (UUID).
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        /// Human-readable name of the client holding the key.
        pub name: String,
        /// Role name.
        pub role: String,
        /// The issuer an `issuer` key acts for.
        pub issuer_id: Option<String>,
        /// Hex SHA-256 of the key text.
        #[sea_orm(unique)]
        pub key_hash: String,
        /// Creation time.
        pub created_at: DateTimeUtc,
        /// Revocation time, if revoked.
        pub revoked_at: Option<DateTimeUtc>,
    }

    /// No relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A key just created: the record and the key text, which is never stored or shown again.
#[derive(Debug)]
pub struct CreatedKey {
    /// The stored record.
    pub record: entity::Model,
    /// The key text to hand to the client.
    pub token: String,
}

/// Whether `c` is a Unicode bidirectional formatting character (marks, embeddings, overrides
/// and isolates), which can reorder how the rest of a name is displayed.
fn is_bidi_format(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Why a key could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateKeyError {
    /// The name was empty or too long.
    #[error("key name must be 1 to 128 characters, got {0}")]
    BadName(usize),
    /// The name contains a control or bidirectional-formatting character, which would make
    /// the registrant in receipts and logs look like another client.
    #[error(
        "key name contains the character U+{0:04X}; use printable characters without line \
         breaks or direction marks"
    )]
    UnprintableName(u32),
    /// An issuer key was requested without an issuer, or another role with one.
    #[error("{0}")]
    IssuerBinding(&'static str),
    /// The database failed.
    #[error("failed to store the API key")]
    Database(#[from] DbErr),
}

/// Creates and stores a new API key.
pub async fn create(
    db: &DatabaseConnection,
    role: Role,
    name: &str,
    issuer_id: Option<&str>,
) -> Result<CreatedKey, CreateKeyError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 128 {
        return Err(CreateKeyError::BadName(name.chars().count()));
    }
    if let Some(bad) = name.chars().find(|c| c.is_control() || is_bidi_format(*c)) {
        return Err(CreateKeyError::UnprintableName(u32::from(bad)));
    }
    match (role, issuer_id) {
        (Role::Issuer, None) => {
            return Err(CreateKeyError::IssuerBinding(
                "an issuer key must be bound to an issuer: pass --issuer ID",
            ));
        }
        (role, Some(_)) if role != Role::Issuer => {
            return Err(CreateKeyError::IssuerBinding(
                "only issuer keys are bound to an issuer: drop --issuer or use --role issuer",
            ));
        }
        _ => {}
    }

    let token = new_token(role);
    let record = entity::ActiveModel {
        id: Set(uuid::Uuid::new_v4().to_string()),
        name: Set(name.to_owned()),
        role: Set(role.as_str().to_owned()),
        issuer_id: Set(issuer_id.map(str::to_owned)),
        key_hash: Set(hash_token(&token)),
        created_at: Set(Utc::now()),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;

    Ok(CreatedKey { record, token })
}

/// Marks a key revoked; returns whether a live key with that id existed.
pub async fn revoke(
    db: &DatabaseConnection,
    key_id: &str,
    at: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let Some(record) = entity::Entity::find_by_id(key_id.to_owned())
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    if record.revoked_at.is_some() {
        return Ok(false);
    }

    let mut active: entity::ActiveModel = record.into();
    active.revoked_at = Set(Some(at));
    active
        .update(db)
        .await
        .context("failed to revoke the API key")?;
    Ok(true)
}

/// Returns the principal for a key text, or `None` for an unknown or revoked key.
pub async fn authenticate(
    db: &DatabaseConnection,
    token: &str,
) -> anyhow::Result<Option<Principal>> {
    let record = entity::Entity::find()
        .filter(entity::Column::KeyHash.eq(hash_token(token)))
        .one(db)
        .await
        .context("failed to look up the API key")?;

    let Some(record) = record.filter(|record| record.revoked_at.is_none()) else {
        return Ok(None);
    };
    let role: Role = record
        .role
        .parse()
        .with_context(|| format!("API key {} has an unknown stored role", record.id))?;

    Ok(Some(Principal {
        key_id: record.id,
        name: record.name,
        role,
        issuer_id: record.issuer_id,
    }))
}

/// [`Authenticator`] backed by the `api_keys` table.
#[derive(Debug, Clone)]
pub struct DbAuthenticator {
    db: DatabaseConnection,
}

impl DbAuthenticator {
    /// Wraps a connection pool.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait::async_trait]
impl Authenticator for DbAuthenticator {
    async fn authenticate(&self, token: &str) -> anyhow::Result<Option<Principal>> {
        authenticate(&self.db, token).await
    }
}

fn new_token(role: Role) -> String {
    let mut secret = [0u8; 32];
    OsRng.fill_bytes(&mut secret);
    format!("ts_{}_{}", role.as_str(), crypto::b64u_encode(&secret))
}

fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use domain::Role;
    use sea_orm::Database;

    use super::{CreateKeyError, create};

    /// Creates a key with a name that must be rejected before anything is stored. The
    /// in-memory database has no tables, so a name that reached it would fail differently.
    async fn rejection(name: &str) -> CreateKeyError {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        create(&db, Role::Platform, name, None)
            .await
            .expect_err("the name is invalid")
    }

    #[tokio::test]
    async fn name_with_newline_rejected() {
        let error = rejection("trade\nplatform").await;

        assert!(
            matches!(error, CreateKeyError::UnprintableName(0x0A)),
            "{error}"
        );
        assert!(error.to_string().contains("U+000A"), "{error}");
    }

    #[tokio::test]
    async fn name_with_direction_override_rejected() {
        let error = rejection("platform\u{202E}mrof").await;

        assert!(
            matches!(error, CreateKeyError::UnprintableName(0x202E)),
            "{error}"
        );
    }

    #[tokio::test]
    async fn blank_name_rejected() {
        assert!(matches!(rejection("   ").await, CreateKeyError::BadName(0)));
    }
}
