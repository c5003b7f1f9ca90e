//! A fresh, migrated database for each test.
//!
//! SQLite tests always run, each on its own file in a temporary folder. PostgreSQL tests run
//! when the server at `TRADESEAL_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`) is reachable; when the `CI` variable is set they are
//! required, so CI can never pass by skipping them. Each PostgreSQL test gets its own database,
//! created from the real migrations and dropped when the [`TestDb`] is dropped.

pub mod redis;

use std::time::Duration;

use anyhow::Context;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};

/// Default admin URL of the PostgreSQL server used by tests.
pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A migrated database that lives as long as this value.
pub struct TestDb {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// The URL the pool was opened with, for processes started by the test.
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(
        #[expect(dead_code, reason = "held so the folder lives as long as the database")]
        tempfile::TempDir,
    ),
    Postgres {
        admin_url: String,
        name: String,
    },
}

/// Whether CI requires the PostgreSQL and Redis tier.
pub fn tier_required() -> bool {
    std::env::var_os("CI").is_some_and(|value| !value.is_empty() && value != "false")
}

/// The PostgreSQL admin URL for tests.
pub fn postgres_admin_url() -> String {
    std::env::var("TRADESEAL_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned())
}

impl TestDb {
    /// A new SQLite database file with every migration applied.
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("failed to create a temporary folder");
        let url = format!("sqlite://{}/test.db?mode=rwc", dir.path().display());
        let db = storage::connect_and_migrate(&url)
            .await
            .expect("failed to migrate the SQLite test database");

        Self {
            db,
            url,
            cleanup: Cleanup::Sqlite(dir),
        }
    }

    /// A new PostgreSQL database with every migration applied, or `None` when the server is
    /// unreachable and CI does not require it (a line on stderr gives the reason).
    ///
    /// # Panics
    /// When the server is unreachable and the `CI` variable is set.
    pub async fn postgres() -> Option<Self> {
        Self::new_postgres(true).await
    }

    /// A new, empty PostgreSQL database with no migration applied, for tests of how
    /// processes migrate it; `None` as for [`TestDb::postgres`].
    ///
    /// # Panics
    /// When the server is unreachable and the `CI` variable is set.
    pub async fn postgres_empty() -> Option<Self> {
        Self::new_postgres(false).await
    }

    async fn new_postgres(migrate: bool) -> Option<Self> {
        let admin_url = postgres_admin_url();
        let admin = match connect_admin(&admin_url).await {
            Ok(admin) => admin,
            Err(error) if !tier_required() => {
                eprintln!("skipped: PostgreSQL at {admin_url} is unreachable ({error:#})");
                return None;
            }
            Err(error) => panic!("PostgreSQL at {admin_url} is required when CI is set: {error:#}"),
        };

        let name = format!("tradeseal_test_{}", uuid::Uuid::new_v4().simple());
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("failed to create the PostgreSQL test database");
        admin.close().await.ok();

        let url = database_url(&admin_url, &name);
        let db = if migrate {
            storage::connect_and_migrate(&url)
                .await
                .expect("failed to migrate the PostgreSQL test database")
        } else {
            storage::connect(&url)
                .await
                .expect("failed to connect to the PostgreSQL test database")
        };
        Some(Self {
            db,
            url,
            cleanup: Cleanup::Postgres { admin_url, name },
        })
    }

    /// Runs one SQL statement, for tests that inspect tables directly.
    pub async fn count(&self, table: &str) -> i64 {
        let backend = self.db.get_database_backend();
        let row = self
            .db
            .query_one_raw(Statement::from_string(
                backend,
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .expect("count query failed")
            .expect("count query returned no row");
        row.try_get::<i64>("", "n")
            .expect("count is not an integer")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Cleanup::Postgres { admin_url, name } = &self.cleanup else {
            return;
        };
        let (admin_url, name) = (admin_url.clone(), name.clone());

        // Drop runs inside the test's runtime, so the clean-up gets a thread and runtime of its own.
        let joined = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let admin = connect_admin(&admin_url).await?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await?;
                anyhow::Ok(())
            })
        })
        .join();
        if let Ok(Err(error)) = joined {
            eprintln!("warning: failed to drop test database: {error:#}");
        }
    }
}

async fn connect_admin(url: &str) -> anyhow::Result<DatabaseConnection> {
    let mut options = sea_orm::ConnectOptions::new(url.to_owned());
    options
        .max_connections(1)
        .connect_timeout(Duration::from_secs(3))
        .sqlx_logging(false);
    Database::connect(options)
        .await
        .with_context(|| format!("failed to connect to {url}"))
}

/// Replaces the database name at the end of a PostgreSQL URL.
fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = admin_url
        .split_once('?')
        .map_or((admin_url, None), |(b, q)| (b, Some(q)));
    let base = base.rsplit_once('/').map_or(base, |(prefix, _)| prefix);
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}
