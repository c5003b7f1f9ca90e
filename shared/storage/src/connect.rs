//! Opening a database connection from a `sqlite:` or `postgres:` URL.

use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, bail};
use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr, SqlErr};

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
/// timeout; the pool has one SQLite connection because SQLite allows one writer at a time.
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
    match Backend::of_url(url)? {
        Backend::Sqlite => Migrator::up(&db, None)
            .await
            .context("failed to apply database migrations")?,
        Backend::Postgres => migrate_postgres_exclusively(url).await?,
    }
    Ok(db)
}

/// Key of the PostgreSQL advisory lock that migrations hold; any fixed number works, as long
/// as nothing else on the database uses it.
const MIGRATION_LOCK_KEY: i64 = 0x7472_6164_6573_6561;

/// Applies pending migrations while holding a session advisory lock, so that processes that
/// start at the same moment on a new database take turns instead of both running
/// `CREATE TABLE`. The pool has one connection, so the lock and the migrations share a session.
async fn migrate_postgres_exclusively(url: &str) -> anyhow::Result<()> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(60))
        .max_connections(1)
        .min_connections(1);
    let session = Database::connect(options)
        .await
        .context("failed to connect to the postgres database for migrations")?;

    session
        .execute_unprepared(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))
        .await
        .context("failed to take the migration lock")?;
    let migrated = Migrator::up(&session, None).await;
    // Closing the session releases the lock as well; unlocking first keeps it short.
    let _ = session
        .execute_unprepared(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))
        .await;
    let _ = session.close().await;

    migrated.context("failed to apply database migrations")
}

/// Whether a database error is a unique-constraint violation.
pub fn is_unique_violation(error: &DbErr) -> bool {
    matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}
