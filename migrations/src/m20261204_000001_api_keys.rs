//! API keys, stored as SHA-256 hashes of the key text.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    Name,
    Role,
    IssuerId,
    KeyHash,
    CreatedAt,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let table = Table::create()
            .table(ApiKeys::Table)
            .col(
                ColumnDef::new(ApiKeys::Id)
                    .string_len(36)
                    .not_null()
                    .primary_key(),
            )
            .col(ColumnDef::new(ApiKeys::Name).string_len(128).not_null())
            .col(ColumnDef::new(ApiKeys::Role).string_len(16).not_null())
            .col(ColumnDef::new(ApiKeys::IssuerId).string_len(64).null())
            .col(
                ColumnDef::new(ApiKeys::KeyHash)
                    .string_len(64)
                    .not_null()
                    .unique_key(),
            )
            .col(
                ColumnDef::new(ApiKeys::CreatedAt)
                    .timestamp_with_time_zone()
                    .not_null(),
            )
            .col(
                ColumnDef::new(ApiKeys::RevokedAt)
                    .timestamp_with_time_zone()
                    .null(),
            )
            .to_owned();
        manager.create_table(table).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ApiKeys::Table).to_owned())
            .await
    }
}
