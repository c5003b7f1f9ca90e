//! Helpers shared by the notary router tests: the composed application on a fresh test
//! database with the real PDF inspector child, API keys, request builders, problem checks,
//! row counts and the location of the test corpus.

#![allow(
    dead_code,
    unreachable_pub,
    unused_imports,
    unused_macros,
    reason = "each test binary compiles this module and uses a different subset of it"
)]

pub mod corpus;
pub mod http;
pub mod pdf;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use domain::Role;
use notary::NotaryConfig;
use pdf_inspect::{Inspector, InspectorLimits};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

/// Runs one `async fn(DatabaseConnection)` test case on SQLite and on PostgreSQL, as two tests
/// `NAME::sqlite` and `NAME::postgres`. The PostgreSQL test returns early when the server is
/// unreachable and `CI` is unset, and fails when `CI` is set.
macro_rules! on_both_backends {
    ($name:ident, $case:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let database = test_db::TestDb::sqlite().await;
                super::$case(database.db.clone()).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(database) = test_db::TestDb::postgres().await else {
                    return;
                };
                super::$case(database.db.clone()).await;
            }
        }
    };
}
pub(crate) use on_both_backends;

/// Upload limit of the small-limit application, in bytes.
pub const SMALL_LIMIT: u64 = 64 * 1024;

/// The composed application under test and the database behind it.
pub struct TestApp {
    /// The whole tradeseal router, middleware included.
    pub router: Router,
    /// The database the notary writes to.
    pub db: DatabaseConnection,
}

impl TestApp {
    /// The application with the default notary configuration (25 MiB uploads).
    pub fn new(db: DatabaseConnection) -> Self {
        Self::with_config(db, NotaryConfig::default())
    }

    /// The application with uploads limited to [`SMALL_LIMIT`] bytes.
    pub fn small_limit(db: DatabaseConnection) -> Self {
        Self::with_config(
            db,
            NotaryConfig {
                max_upload_bytes: SMALL_LIMIT,
            },
        )
    }

    /// The application with a given notary configuration and a fresh notary key.
    pub fn with_config(db: DatabaseConnection, config: NotaryConfig) -> Self {
        let auth = Arc::new(storage::api_keys::DbAuthenticator::new(db.clone()));
        let key = crypto::SigningKeyPair::generate();
        let notary = notary::NotaryState::new(db.clone(), auth, key, inspector(), config);
        let cache = cache::Cache::memory(&Default::default(), Default::default());

        let (router, _openapi) = tradeseal::app::compose(tradeseal::app::Parts {
            db: db.clone(),
            cache,
            notary: Some(notary),
            reputation: None,
            issuers: None,
        });
        Self { router, db }
    }

    /// Creates an API key with `role` for the client `name` and returns its text.
    pub async fn key(&self, role: Role, name: &str) -> String {
        storage::api_keys::create(&self.db, role, name, None)
            .await
            .unwrap_or_else(|error| panic!("failed to create a {role} key {name:?}: {error}"))
            .token
    }

    /// Rows in the documents table and in the transparency log.
    pub async fn stored(&self) -> (i64, i64) {
        (
            count(&self.db, "documents").await,
            count(&self.db, "transparency_log").await,
        )
    }
}

/// The real inspector: this package's `tradeseal` binary run as `tradeseal pdf-inspect`.
///
/// The queue timeout is long so that tests sending many PDFs at once wait for a slot instead of
/// getting 503; the per-PDF timeout and the child's resource limits stay at their defaults.
fn inspector() -> Inspector {
    let limits = InspectorLimits {
        queue_timeout: Duration::from_secs(600),
        ..InspectorLimits::default()
    };
    Inspector::new(
        env!("CARGO_BIN_EXE_tradeseal"),
        vec!["pdf-inspect".into()],
        limits,
    )
}

/// Number of rows in `table`.
pub async fn count(db: &DatabaseConnection, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) AS n FROM {table}");
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|error| panic!("counting {table} failed: {error}"))
        .unwrap_or_else(|| panic!("counting {table} returned no row"));
    row.try_get::<i64>("", "n")
        .unwrap_or_else(|error| panic!("the count of {table} is not an integer: {error}"))
}

/// Whether the `CI` variable requires every optional tool and service.
pub fn ci() -> bool {
    test_db::tier_required()
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// `sha256:<hex>` of `bytes`.
pub fn digest_of(bytes: &[u8]) -> String {
    format!("sha256:{}", hex(&crypto::sha256(bytes)))
}
