//! The per-company version counters that cached views carry.
//!
//! Every transaction that can change a company's view runs `version = version + 1` on
//! the company's row before it commits. On PostgreSQL the UPDATE locks the row until the
//! commit, so concurrent writers for one company run one after the other and none loses
//! its increment. Writers lock rows in ascending company id order, so two writers never
//! wait for each other in a cycle.

use std::collections::BTreeSet;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::entity::company_versions;

/// Returns the company's version, or `None` for an unknown company.
pub(crate) async fn current(
    db: &impl ConnectionTrait,
    company_id: &str,
) -> Result<Option<u64>, DbErr> {
    let row = company_versions::Entity::find_by_id(company_id.to_owned())
        .one(db)
        .await?;

    row.map(|row| {
        u64::try_from(row.version).map_err(|_| {
            DbErr::Custom(format!(
                "company {company_id:?} has the negative version {}",
                row.version
            ))
        })
    })
    .transpose()
}

/// Creates the version row of a new company, at version 0.
pub(crate) async fn create(db: &impl ConnectionTrait, company_id: &str) -> Result<(), DbErr> {
    let row = company_versions::ActiveModel {
        company_id: Set(company_id.to_owned()),
        version: Set(0),
    };
    company_versions::Entity::insert(row)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Adds 1 to the version of each company, in ascending id order; unknown ids are skipped.
///
/// Call it inside the transaction that changes the companies' views, before the
/// transaction reads what it validates against, so that it reads after any concurrent
/// writer for the same companies has committed.
pub(crate) async fn bump(
    db: &impl ConnectionTrait,
    companies: &BTreeSet<String>,
) -> Result<(), DbErr> {
    for company_id in companies {
        company_versions::Entity::update_many()
            .col_expr(
                company_versions::Column::Version,
                Expr::col(company_versions::Column::Version).add(1),
            )
            .filter(company_versions::Column::CompanyId.eq(company_id.as_str()))
            .exec(db)
            .await?;
    }
    Ok(())
}
