//! The error type shared by both cache backends.

use std::time::Duration;

/// A failed cache operation.
///
/// The cache only stores derived views, so a failed `get` or `put_if_newer` is no reason
/// to fail a request: the caller reads the database instead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CacheError {
    /// The backend did not reply in time or could not be reached.
    #[error(
        "cache unavailable: {operation} on key {key:?} failed: {reason}; \
         read the view from the database instead"
    )]
    Unavailable {
        /// The cache operation, such as `get` or `put_if_newer`.
        operation: &'static str,
        /// The key the operation was for (empty for `ping`).
        key: String,
        /// The cause, for logs.
        reason: String,
    },

    /// The backend returned an entry that this crate did not write.
    #[error(
        "cache entry for key {key:?} is invalid: {reason}; \
         invalidate the key or let it expire"
    )]
    CorruptEntry {
        /// The key whose entry could not be read.
        key: String,
        /// The defect found in the entry.
        reason: String,
    },

    /// The Redis backend was built outside a Tokio runtime, which its connection manager
    /// needs for its background tasks.
    #[error("the Redis cache must be built inside a Tokio runtime; build it from async code")]
    NoRuntime,

    /// The Redis URL could not be parsed.
    #[error(
        "invalid Redis URL (value not shown because it may contain a password): {reason}; \
         use the form redis://host:port/db"
    )]
    InvalidUrl {
        /// The parser's message.
        reason: String,
    },
}

impl CacheError {
    /// Builds an [`CacheError::Unavailable`] for an operation that hit its time limit.
    pub(crate) fn timed_out(operation: &'static str, key: &str, limit: Duration) -> Self {
        Self::Unavailable {
            operation,
            key: key.to_owned(),
            reason: format!("timed out after {} ms", limit.as_millis()),
        }
    }

    /// Builds an [`CacheError::Unavailable`] from a Redis client error.
    pub(crate) fn redis(operation: &'static str, key: &str, error: &redis::RedisError) -> Self {
        Self::Unavailable {
            operation,
            key: key.to_owned(),
            reason: error.to_string(),
        }
    }

    /// Returns true when the backend could not be reached or did not reply in time.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Unavailable { .. })
    }
}
