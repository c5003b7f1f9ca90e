//! Every migration applies and reverts cleanly on SQLite and on PostgreSQL: up one step at a
//! time from an empty database, down one step at a time back to no tables, and up again, with
//! the schema (tables, columns, indexes, sequences, enum types) compared after each step.
//!
//! Each test creates its own empty database, because the shared test helper hands out
//! databases that are already migrated. PostgreSQL is at `TRADESEAL_TEST_POSTGRES_URL`
//! (default `postgres://postgres@127.0.0.1:5432/test`); the test is skipped when it is
//! unreachable and fails when it is unreachable and `CI` is set.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use migrations::{Migrator, MigratorTrait};
use sea_orm_migration::sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
};

/// Tables every fully migrated database has.
const CORE_TABLES: [&str; 3] = ["api_keys", "documents", "transparency_log"];

/// The table sea-orm uses to record applied migrations; it stays after a full revert.
const MIGRATIONS_TABLE: &str = "seaql_migrations";

const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

fn ci() -> bool {
    std::env::var_os("CI").is_some_and(|value| !value.is_empty() && value != "false")
}

/// A name no other test run uses at the same time.
fn unique_name(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    format!("{prefix}_{}_{nanos}", std::process::id())
}

/// Queries that list the schema objects of the current database, one text column `item` each.
fn schema_queries(backend: DbBackend) -> Vec<String> {
    let skip = MIGRATIONS_TABLE;
    match backend {
        DbBackend::Sqlite => vec![
            format!(
                "SELECT 'column ' || m.name || '.' || p.name || ' ' || p.type || \
                 CASE WHEN p.\"notnull\" = 1 THEN ' not null' ELSE '' END AS item \
                 FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '{skip}'"
            ),
            format!(
                "SELECT 'index ' || tbl_name || '.' || name AS item FROM sqlite_master \
                 WHERE type = 'index' AND tbl_name <> '{skip}'"
            ),
        ],
        _ => vec![
            format!(
                "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || \
                 CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END AS item \
                 FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name <> '{skip}'"
            ),
            format!(
                "SELECT 'index ' || tablename || '.' || indexname AS item FROM pg_indexes \
                 WHERE schemaname = current_schema() AND tablename <> '{skip}'"
            ),
            "SELECT 'sequence ' || sequence_name AS item FROM information_schema.sequences \
             WHERE sequence_schema = current_schema() AND sequence_name NOT LIKE 'seaql_%'"
                .to_owned(),
            "SELECT 'type ' || t.typname AS item FROM pg_type t \
             JOIN pg_namespace n ON n.oid = t.typnamespace \
             WHERE n.nspname = current_schema() AND t.typtype = 'e'"
                .to_owned(),
        ],
    }
}

/// Every schema object of the database except the migrations table, as sorted text lines.
async fn schema(db: &DatabaseConnection) -> BTreeSet<String> {
    let backend = db.get_database_backend();
    let mut items = BTreeSet::new();
    for sql in schema_queries(backend) {
        let rows = db
            .query_all_raw(Statement::from_string(backend, sql.clone()))
            .await
            .unwrap_or_else(|error| panic!("schema query failed ({error}): {sql}"));
        for row in rows {
            let item: String = row.try_get("", "item").expect("schema item is text");
            items.insert(item);
        }
    }
    items
}

fn tables(schema: &BTreeSet<String>) -> BTreeSet<String> {
    schema
        .iter()
        .filter_map(|item| item.strip_prefix("column "))
        .filter_map(|column| column.split_once('.'))
        .map(|(table, _)| table.to_owned())
        .collect()
}

/// Up step by step, down step by step to nothing, then up again; the schema after each step
/// matches the schema after the same step on the way up.
async fn round_trip(db: &DatabaseConnection) {
    let steps = Migrator::migrations().len();
    let empty = schema(db).await;
    assert!(empty.is_empty(), "the new database is not empty: {empty:?}");

    let mut after_step = vec![empty];
    for step in 1..=steps {
        Migrator::up(db, Some(1))
            .await
            .unwrap_or_else(|error| panic!("migration {step} failed to apply: {error}"));
        after_step.push(schema(db).await);
    }
    let full = after_step[steps].clone();
    let full_tables = tables(&full);
    for table in CORE_TABLES {
        assert!(
            full_tables.contains(table),
            "{table} missing after up: {full_tables:?}"
        );
    }

    Migrator::up(db, None).await.expect("a second up failed");
    assert_eq!(schema(db).await, full, "a second up changed the schema");

    for step in (0..steps).rev() {
        Migrator::down(db, Some(1))
            .await
            .unwrap_or_else(|error| panic!("migration {} failed to revert: {error}", step + 1));
        assert_eq!(
            schema(db).await,
            after_step[step],
            "reverting migration {} did not restore the schema before it",
            step + 1
        );
    }
    let reverted = schema(db).await;
    assert!(
        reverted.is_empty(),
        "tables left after down to zero: {reverted:?}"
    );
    let pending = Migrator::get_pending_migrations(db)
        .await
        .expect("migration status");
    assert_eq!(pending.len(), steps, "every migration is pending again");

    Migrator::up(db, None)
        .await
        .expect("up after a full revert failed");
    assert_eq!(schema(db).await, full, "up after a full revert differs");
    Migrator::down(db, None).await.expect("down to zero failed");
    assert!(schema(db).await.is_empty(), "tables left after down(None)");
}

/// Removes an SQLite file and its WAL side files when dropped.
struct SqliteFile(PathBuf);

impl Drop for SqliteFile {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            std::fs::remove_file(path).ok();
        }
    }
}

#[tokio::test]
async fn sqlite_up_down() {
    let file = SqliteFile(std::env::temp_dir().join(format!("{}.db", unique_name("migrations"))));
    let url = format!("sqlite://{}?mode=rwc", file.0.display());
    let db = Database::connect(&url)
        .await
        .unwrap_or_else(|error| panic!("failed to open {url}: {error}"));

    round_trip(&db).await;
    db.close().await.ok();
}

/// Drops a PostgreSQL database when dropped, from a thread of its own because `Drop` runs
/// inside the test's runtime.
struct PostgresDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|error| error.to_string())?;
            runtime.block_on(async {
                let admin = connect(&admin_url)
                    .await
                    .map_err(|error| error.to_string())?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await
                    .map_err(|error| error.to_string())?;
                Ok::<(), String>(())
            })
        })
        .join();
        if let Ok(Err(error)) = dropped {
            eprintln!(
                "warning: failed to drop test database {}: {error}",
                self.name
            );
        }
    }
}

async fn connect(url: &str) -> Result<DatabaseConnection, sea_orm_migration::sea_orm::DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(2)
        .connect_timeout(Duration::from_secs(3))
        .sqlx_logging(false);
    Database::connect(options).await
}

/// The URL of database `name` on the server of `admin_url`.
fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = admin_url
        .split_once('?')
        .map_or((admin_url, None), |(base, query)| (base, Some(query)));
    let server = base.rsplit_once('/').map_or(base, |(server, _)| server);
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

#[tokio::test]
async fn postgres_up_down() {
    let admin_url = std::env::var("TRADESEAL_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
    let admin = match connect(&admin_url).await {
        Ok(admin) => admin,
        Err(error) if !ci() => {
            eprintln!("skipped: PostgreSQL at {admin_url} is unreachable ({error})");
            return;
        }
        Err(error) => panic!("PostgreSQL at {admin_url} is required when CI is set: {error}"),
    };

    let name = unique_name("tradeseal_migrations");
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap_or_else(|error| panic!("failed to create database {name}: {error}"));
    admin.close().await.ok();
    let _cleanup = PostgresDatabase {
        admin_url: admin_url.clone(),
        name: name.clone(),
    };

    let db = connect(&database_url(&admin_url, &name))
        .await
        .unwrap_or_else(|error| panic!("failed to connect to {name}: {error}"));
    round_trip(&db).await;
    db.close().await.ok();
}
