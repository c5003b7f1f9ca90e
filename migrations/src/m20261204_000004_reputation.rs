//! The reputation service's tables: companies, deal and dispute events, and the rows that
//! order concurrent writers.
//!
//! - `companies`: the platform's companies, with the verification flag the score uses.
//! - `events`: every accepted or pending event as JSON. `fact_key` names the one fact the
//!   event settles (`close:<dealId>`, `open:<disputeId>` or `resolve:<disputeId>`); it is
//!   unique, so two concurrent writers cannot both store a fact.
//! - `event_companies`: which companies each event concerns, so one company's events load
//!   with one indexed query.
//! - `company_versions`: a counter per company, bumped in the transaction that stores its
//!   events. Writers lock these rows in id order, and cached views carry the counter.
//! - `dispute_locks`: one row per dispute id, locked by writers of an opening or a
//!   resolution, so the two never commit without seeing each other.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

/// Length limit of company, event, deal and dispute ids, in characters.
const ID_LEN: u32 = 128;

#[derive(DeriveIden)]
enum Companies {
    Table,
    Id,
    Name,
    Country,
    RegistrationNumber,
    Verified,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CompanyVersions {
    Table,
    CompanyId,
    Version,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    Kind,
    FactKey,
    DealId,
    DisputeId,
    OccurredAt,
    ReceivedAt,
    Payload,
}

#[derive(DeriveIden)]
enum EventCompanies {
    Table,
    CompanyId,
    EventId,
}

#[derive(DeriveIden)]
enum DisputeLocks {
    Table,
    DisputeId,
    Touches,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(companies_table()).await?;
        manager.create_table(company_versions_table()).await?;
        manager.create_table(events_table()).await?;
        for (name, column) in [
            ("events_deal_id", Events::DealId),
            ("events_dispute_id", Events::DisputeId),
        ] {
            let index = Index::create()
                .name(name)
                .table(Events::Table)
                .col(column)
                .to_owned();
            manager.create_index(index).await?;
        }

        manager.create_table(event_companies_table()).await?;
        let by_event = Index::create()
            .name("event_companies_event_id")
            .table(EventCompanies::Table)
            .col(EventCompanies::EventId)
            .to_owned();
        manager.create_index(by_event).await?;

        manager.create_table(dispute_locks_table()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            DisputeLocks::Table.into_iden(),
            EventCompanies::Table.into_iden(),
            Events::Table.into_iden(),
            CompanyVersions::Table.into_iden(),
            Companies::Table.into_iden(),
        ];
        for table in tables {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

fn companies_table() -> TableCreateStatement {
    Table::create()
        .table(Companies::Table)
        .col(
            ColumnDef::new(Companies::Id)
                .string_len(ID_LEN)
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(Companies::Name).string_len(200).not_null())
        .col(ColumnDef::new(Companies::Country).string_len(2).not_null())
        .col(
            ColumnDef::new(Companies::RegistrationNumber)
                .string_len(64)
                .not_null(),
        )
        .col(ColumnDef::new(Companies::Verified).boolean().not_null())
        .col(
            ColumnDef::new(Companies::CreatedAt)
                .timestamp_with_time_zone()
                .not_null(),
        )
        .col(
            ColumnDef::new(Companies::UpdatedAt)
                .timestamp_with_time_zone()
                .not_null(),
        )
        .to_owned()
}

fn company_versions_table() -> TableCreateStatement {
    Table::create()
        .table(CompanyVersions::Table)
        .col(
            ColumnDef::new(CompanyVersions::CompanyId)
                .string_len(ID_LEN)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(CompanyVersions::Version)
                .big_integer()
                .not_null()
                .default(0),
        )
        .foreign_key(
            ForeignKey::create()
                .name("company_versions_company")
                .from(CompanyVersions::Table, CompanyVersions::CompanyId)
                .to(Companies::Table, Companies::Id),
        )
        .to_owned()
}

fn events_table() -> TableCreateStatement {
    Table::create()
        .table(Events::Table)
        .col(
            ColumnDef::new(Events::Id)
                .string_len(ID_LEN)
                .not_null()
                .primary_key(),
        )
        .col(ColumnDef::new(Events::Kind).string_len(32).not_null())
        .col(
            ColumnDef::new(Events::FactKey)
                .string_len(ID_LEN + 16)
                .not_null()
                .unique_key(),
        )
        .col(ColumnDef::new(Events::DealId).string_len(ID_LEN).null())
        .col(ColumnDef::new(Events::DisputeId).string_len(ID_LEN).null())
        .col(
            ColumnDef::new(Events::OccurredAt)
                .timestamp_with_time_zone()
                .not_null(),
        )
        .col(
            ColumnDef::new(Events::ReceivedAt)
                .timestamp_with_time_zone()
                .not_null(),
        )
        .col(ColumnDef::new(Events::Payload).text().not_null())
        .to_owned()
}

fn event_companies_table() -> TableCreateStatement {
    Table::create()
        .table(EventCompanies::Table)
        .col(
            ColumnDef::new(EventCompanies::CompanyId)
                .string_len(ID_LEN)
                .not_null(),
        )
        .col(
            ColumnDef::new(EventCompanies::EventId)
                .string_len(ID_LEN)
                .not_null(),
        )
        .primary_key(
            Index::create()
                .col(EventCompanies::CompanyId)
                .col(EventCompanies::EventId),
        )
        .foreign_key(
            ForeignKey::create()
                .name("event_companies_company")
                .from(EventCompanies::Table, EventCompanies::CompanyId)
                .to(Companies::Table, Companies::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .name("event_companies_event")
                .from(EventCompanies::Table, EventCompanies::EventId)
                .to(Events::Table, Events::Id),
        )
        .to_owned()
}

fn dispute_locks_table() -> TableCreateStatement {
    Table::create()
        .table(DisputeLocks::Table)
        .col(
            ColumnDef::new(DisputeLocks::DisputeId)
                .string_len(ID_LEN)
                .not_null()
                .primary_key(),
        )
        .col(
            ColumnDef::new(DisputeLocks::Touches)
                .big_integer()
                .not_null()
                .default(0),
        )
        .to_owned()
}
