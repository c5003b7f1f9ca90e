//! `tradeseal-migrate`: applies or reverts the migrations on `TRADESEAL_DATABASE_URL`.
//!
//! Usage: `tradeseal-migrate [up|down|status|fresh]`. `tradeseal migrate` does the same for
//! the configured data directory; this binary serves scripts that only have a URL.

use anyhow::{Context, bail};
use migrations::{Migrator, MigratorTrait};
use sea_orm_migration::sea_orm::Database;

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let url = std::env::var("TRADESEAL_DATABASE_URL")
        .context("TRADESEAL_DATABASE_URL is not set; set it to a sqlite:// or postgres:// URL")?;
    let command = std::env::args().nth(1).unwrap_or_else(|| "up".to_owned());

    let db = Database::connect(&url)
        .await
        .with_context(|| format!("failed to connect to the database for command {command}"))?;

    match command.as_str() {
        "up" => Migrator::up(&db, None).await?,
        "down" => Migrator::down(&db, None).await?,
        "fresh" => Migrator::fresh(&db).await?,
        "status" => Migrator::status(&db).await?,
        other => bail!("unknown command {other:?}; use up, down, status or fresh"),
    }
    Ok(())
}
