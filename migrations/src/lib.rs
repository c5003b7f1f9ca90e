//! Database migrations for every tradeseal service, written with the portable schema builder
//! so the same steps run on SQLite and PostgreSQL. Every migration is reversible.
//!
//! Each service owns its tables and its migration files; no service writes another's tables.

use sea_orm_migration::prelude::*;

mod m20261204_000001_api_keys;
mod m20261204_000002_documents;
mod m20261204_000003_issuers;
mod m20261204_000004_reputation;

pub use sea_orm_migration::MigratorTrait;

/// The ordered list of migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261204_000001_api_keys::Migration),
            Box::new(m20261204_000002_documents::Migration),
            Box::new(m20261204_000003_issuers::Migration),
            Box::new(m20261204_000004_reputation::Migration),
        ]
    }
}
