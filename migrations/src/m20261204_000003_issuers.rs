//! The issuers service's tables.
//!
//! - `issuers`: chambers of commerce, trade authorities and exporters. An issuer is unique by
//!   country, kind and registration number.
//! - `issuer_keys`: every Ed25519 public key an issuer holds or held, keyed by its RFC 7638
//!   thumbprint, with its validity and revocation. Rows are never deleted, so signatures made
//!   under a retired key can still be checked against the key's history.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

/// Length limit of issuer ids, in characters (`iss_` and 32 hex digits fit with room).
const ISSUER_ID_LEN: u32 = 64;

/// Length of a base64url SHA-256 thumbprint and of a base64url Ed25519 key, in characters.
const KEY_TEXT_LEN: u32 = 43;

#[derive(DeriveIden)]
enum Issuers {
    Table,
    Id,
    Name,
    Country,
    Kind,
    RegistrationNumber,
    CreatedAt,
}

#[derive(DeriveIden)]
enum IssuerKeys {
    Table,
    Kid,
    IssuerId,
    X,
    ValidFrom,
    ValidUntil,
    RevokedAt,
    RevocationReason,
    RevocationRecordedAt,
    AddedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(issuers_table()).await?;
        let unique_registration = Index::create()
            .name("issuers_country_kind_registration")
            .table(Issuers::Table)
            .col(Issuers::Country)
            .col(Issuers::Kind)
            .col(Issuers::RegistrationNumber)
            .unique()
            .to_owned();
        manager.create_index(unique_registration).await?;

        manager.create_table(issuer_keys_table()).await?;
        let by_issuer = Index::create()
            .name("issuer_keys_issuer_valid_from")
            .table(IssuerKeys::Table)
            .col(IssuerKeys::IssuerId)
            .col(IssuerKeys::ValidFrom)
            .to_owned();
        manager.create_index(by_issuer).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(IssuerKeys::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Issuers::Table).to_owned())
            .await
    }
}

fn issuers_table() -> TableCreateStatement {
    Table::create()
        .table(Issuers::Table)
        .col(
            ColumnDef::new(Issuers::Id)
                .string_len(ISSUER_ID_LEN)
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(Issuers::Name).string_len(200).not_null())
        .col(ColumnDef::new(Issuers::Country).string_len(2).not_null())
        .col(ColumnDef::new(Issuers::Kind).string_len(16).not_null())
        .col(
            ColumnDef::new(Issuers::RegistrationNumber)
                .string_len(64)
                .not_null(),
        )
        .col(
            ColumnDef::new(Issuers::CreatedAt)
                .timestamp_with_time_zone()
                .not_null(),
        )
        .to_owned()
}

fn issuer_keys_table() -> TableCreateStatement {
    let optional_time = |column: IssuerKeys| {
        ColumnDef::new(column)
            .timestamp_with_time_zone()
            .null()
            .to_owned()
    };

    Table::create()
        .table(IssuerKeys::Table)
        .col(
            ColumnDef::new(IssuerKeys::Kid)
                .string_len(KEY_TEXT_LEN)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(IssuerKeys::IssuerId)
                .string_len(ISSUER_ID_LEN)
                .not_null(),
        )
        .col(
            ColumnDef::new(IssuerKeys::X)
                .string_len(KEY_TEXT_LEN)
                .not_null(),
        )
        .col(
            ColumnDef::new(IssuerKeys::ValidFrom)
                .timestamp_with_time_zone()
                .not_null(),
        )
        .col(optional_time(IssuerKeys::ValidUntil))
        .col(optional_time(IssuerKeys::RevokedAt))
        .col(
            ColumnDef::new(IssuerKeys::RevocationReason)
                .string_len(32)
                .null(),
        )
        .col(optional_time(IssuerKeys::RevocationRecordedAt))
        .col(
            ColumnDef::new(IssuerKeys::AddedAt)
                .timestamp_with_time_zone()
                .not_null(),
        )
        .foreign_key(
            ForeignKey::create()
                .name("issuer_keys_issuer")
                .from(IssuerKeys::Table, IssuerKeys::IssuerId)
                .to(Issuers::Table, Issuers::Id),
        )
        .to_owned()
}
