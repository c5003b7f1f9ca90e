//! Opening a database connection from a `sqlite:` or `postgres:` URL.

use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, bail};
use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr, SqlErr};

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file, the embedded default.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl Backend {
    /// Detects the backend from a database URL.
    pub fn of_url(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            bail!("unsupported database URL scheme; use sqlite://PATH or postgres://USER@HOST/DB")
        }
    }

    /// Short name for logs and `/readyz`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// Opens a connection pool. SQLite files are created when missing and use WAL with a busy
/// timeout; the pool holds one SQLite connection because SQLite allows one writer at a time.
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    let backend = Backend::of_url(url)?;
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10));

    match backend {
        Backend::Sqlite => {
            // Validate the URL here so a typo gives a clear error before the pool opens.
            SqliteConnectOptions::from_str(url)
                .with_context(|| format!("invalid SQLite URL {url:?}"))?;
            options.max_connections(1).map_sqlx_sqlite_opts(|opts| {
                opts.create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(5))
                    .foreign_keys(true)
            });
        }
        Backend::Postgres => {
            options.max_connections(32).min_connections(1);
        }
    }

    Database::connect(options)
        .await
        .with_context(|| format!("failed to connect to the {} database", backend.name()))
}

/// Opens a connection pool and applies pending migrations.
pub async fn connect_and_migrate(url: &str) -> anyhow::Result<DatabaseConnection> {
    let db = connect(url).await?;
    Migrator::up(&db, None)
        .await
        .context("failed to apply database migrations")?;
    Ok(db)
}

/// Whether a database error is a unique-constraint violation.
pub fn is_unique_violation(error: &DbErr) -> bool {
    matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}
