//! A concurrency limit for database reads made while the cache is unavailable.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

/// Bounds the number of concurrent fallback reads, so that a cache outage does not turn
/// every request into a database query at once.
///
/// A caller that gets [`CacheError::Unavailable`](crate::CacheError::Unavailable) runs its
/// database read through [`Fallback::run`]; when all permits stay taken for `max_wait`,
/// the call fails with [`FallbackError::Busy`] and the service can respond with 503 with
/// `Retry-After`.
#[derive(Debug, Clone)]
pub struct Fallback {
    permits: Arc<Semaphore>,
    max_concurrent: usize,
    max_wait: Duration,
}

/// A fallback read that could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FallbackError {
    /// Every permit stayed taken for the whole wait.
    #[error(
        "database fallback busy: {max_concurrent} reads already running and none finished \
         within {waited_ms} ms; retry later"
    )]
    Busy {
        /// The configured number of concurrent reads.
        max_concurrent: usize,
        /// How long this call waited for a permit, in milliseconds.
        waited_ms: u128,
    },
}

impl Fallback {
    /// Allows `max_concurrent` reads at once (at least one); others wait up to `max_wait`.
    pub fn new(max_concurrent: usize, max_wait: Duration) -> Self {
        let max_concurrent = max_concurrent.max(1);
        Self {
            permits: Arc::new(Semaphore::new(max_concurrent)),
            max_concurrent,
            max_wait,
        }
    }

    /// Runs `read` once a permit is free, holding the permit until `read` completes.
    pub async fn run<F: Future>(&self, read: F) -> Result<F::Output, FallbackError> {
        let acquire = Arc::clone(&self.permits).acquire_owned();

        let Ok(Ok(_permit)) = tokio::time::timeout(self.max_wait, acquire).await else {
            // The semaphore is never closed, so the only failure is the timeout.
            return Err(FallbackError::Busy {
                max_concurrent: self.max_concurrent,
                waited_ms: self.max_wait.as_millis(),
            });
        };

        Ok(read.await)
    }

    /// Returns the number of permits free now.
    pub fn available(&self) -> usize {
        self.permits.available_permits()
    }
}
