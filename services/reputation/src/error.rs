//! The failures of the service's operations and the problem responses they become.

use http_kit::ApiError;
use sea_orm::{DbErr, RuntimeErr};

/// A failed read or write of the service.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ServiceError {
    /// No company has this id.
    #[error("company {0:?} is not registered; register it with POST /v1/companies first")]
    CompanyNotFound(String),

    /// The database fallback is at its concurrency limit.
    #[error(transparent)]
    Busy(#[from] cache::FallbackError),

    /// A cache call failed; only writes of views report this, reads fall back.
    #[error(transparent)]
    CacheUnavailable(cache::CacheError),

    /// A database call failed.
    #[error("database call failed")]
    Database(#[from] DbErr),

    /// Anything else that should not happen: a corrupt row, a panicked computation.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ServiceError {
    /// Returns whether running the transaction again may succeed: a unique key taken by
    /// a concurrent writer, or a PostgreSQL serialization failure or deadlock.
    pub(crate) fn is_retryable(&self) -> bool {
        let Self::Database(error) = self else {
            return false;
        };
        storage::is_unique_violation(error)
            || matches!(sqlstate(error).as_deref(), Some("40001" | "40P01"))
    }
}

/// Returns the SQLSTATE code of a database error, when the driver reported one.
fn sqlstate(error: &DbErr) -> Option<String> {
    let (DbErr::Exec(RuntimeErr::SqlxError(inner)) | DbErr::Query(RuntimeErr::SqlxError(inner))) =
        error
    else {
        return None;
    };
    match inner.as_ref() {
        sea_orm::sqlx::Error::Database(database) => database.code().map(|code| code.into_owned()),
        _ => None,
    }
}

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::CompanyNotFound(_) => {
                ApiError::not_found("company-not-found", error.to_string())
            }
            ServiceError::Busy(busy) => ApiError::unavailable(
                "database-busy",
                format!("the trust view cannot be computed now: {busy}"),
            ),
            ServiceError::CacheUnavailable(cause) => ApiError::internal(cause),
            ServiceError::Database(cause) => ApiError::internal(cause),
            ServiceError::Internal(cause) => ApiError::internal(cause),
        }
    }
}
