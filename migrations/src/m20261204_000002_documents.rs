//! The notary's tables: registered documents and the append-only transparency log.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Documents {
    Table,
    Digest,
    Kind,
    Number,
    Registrant,
    SizeBytes,
    Pdf,
    Status,
    RegisteredAt,
    RevokedAt,
    RevocationReason,
    Receipt,
    LogIndex,
    IssuerId,
    Attestation,
    AttestationVerdict,
}

#[derive(DeriveIden)]
enum TransparencyLog {
    Table,
    Idx,
    LeafHash,
    Entry,
    RecordedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(documents_table()).await?;

        // NULL numbers never collide, so invoices without a number stay unconstrained.
        manager
            .create_index(
                Index::create()
                    .name("documents_registrant_kind_number")
                    .table(Documents::Table)
                    .col(Documents::Registrant)
                    .col(Documents::Kind)
                    .col(Documents::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("documents_kind_number")
                    .table(Documents::Table)
                    .col(Documents::Kind)
                    .col(Documents::Number)
                    .to_owned(),
            )
            .await?;

        manager.create_table(log_table()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TransparencyLog::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Documents::Table).to_owned())
            .await
    }
}

fn documents_table() -> TableCreateStatement {
    Table::create()
        .table(Documents::Table)
        .col(
            ColumnDef::new(Documents::Digest)
                .string_len(64)
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(Documents::Kind).string_len(32).not_null())
        .col(ColumnDef::new(Documents::Number).string_len(64).null())
        .col(
            ColumnDef::new(Documents::Registrant)
                .string_len(128)
                .not_null(),
        )
        .col(
            ColumnDef::new(Documents::SizeBytes)
                .big_integer()
                .not_null(),
        )
        .col(ColumnDef::new(Documents::Pdf).text().not_null())
        .col(ColumnDef::new(Documents::Status).string_len(16).not_null())
        .col(
            ColumnDef::new(Documents::RegisteredAt)
                .timestamp_with_time_zone()
                .not_null(),
        )
        .col(
            ColumnDef::new(Documents::RevokedAt)
                .timestamp_with_time_zone()
                .null(),
        )
        .col(ColumnDef::new(Documents::RevocationReason).text().null())
        .col(ColumnDef::new(Documents::Receipt).text().not_null())
        .col(
            ColumnDef::new(Documents::LogIndex)
                .big_integer()
                .not_null()
                .unique_key(),
        )
        .col(ColumnDef::new(Documents::IssuerId).string_len(64).null())
        .col(ColumnDef::new(Documents::Attestation).text().null())
        .col(
            ColumnDef::new(Documents::AttestationVerdict)
                .string_len(32)
                .null(),
        )
        .to_owned()
}

fn log_table() -> TableCreateStatement {
    Table::create()
        .table(TransparencyLog::Table)
        .col(
            ColumnDef::new(TransparencyLog::Idx)
                .big_integer()
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(TransparencyLog::LeafHash)
                .string_len(64)
                .not_null(),
        )
        .col(ColumnDef::new(TransparencyLog::Entry).text().not_null())
        .col(
            ColumnDef::new(TransparencyLog::RecordedAt)
                .timestamp_with_time_zone()
                .not_null(),
        )
        .to_owned()
}
