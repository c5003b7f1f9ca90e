//! The issuers migration reverts and re-applies cleanly, on SQLite and PostgreSQL.

use migrations::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;

use crate::common::{TestApp, on_both_backends};

/// Migrations after the issuers one, which `down` reverts first.
const LATER_MIGRATIONS: u32 = 1;

async fn has_table(db: &DatabaseConnection, table: &str) -> bool {
    sea_orm_migration::SchemaManager::new(db)
        .has_table(table)
        .await
        .unwrap()
}

async fn down_and_up(db: DatabaseConnection) {
    Migrator::down(&db, Some(LATER_MIGRATIONS + 1))
        .await
        .unwrap();
    assert!(
        !has_table(&db, "issuers").await,
        "down left the issuers table"
    );
    assert!(
        !has_table(&db, "issuer_keys").await,
        "down left the issuer_keys table"
    );
    assert!(has_table(&db, "api_keys").await, "down reverted too much");

    Migrator::up(&db, None).await.unwrap();
    assert!(has_table(&db, "issuers").await);
    assert!(has_table(&db, "issuer_keys").await);

    let app = TestApp::new(db).await;
    app.issuer("Karachi Chamber", "PK", "chamber").await;
    assert_eq!(app.count("issuers").await, 1);
}
on_both_backends!(issuers_migration_is_reversible, down_and_up);
