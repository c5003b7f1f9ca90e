//! Versioned view cache on Redis or in process, with compare-and-set writes.
//!
//! The database is the source of truth. This cache stores views computed from it, as
//! opaque bytes (JSON in practice) tagged with a `u64` version. Keys should include the
//! version of whatever computed the view (for scores, the model version), so that a new
//! model never reads views of an old one.
//!
//! - [`Cache::put_if_newer`] stores a view only when its version is newer than the stored
//!   one, atomically (a Lua script on Redis), so a slow writer never replaces a newer view.
//! - [`Cache::get_or_compute`] runs at most one computation per key at a time in this
//!   process; concurrent callers share its result.
//! - On Redis, every call is bounded by the connect timeout plus the response timeout and
//!   fails with [`CacheError::Unavailable`] past it. The backend is built without a
//!   connection and connects, and reconnects after an outage, on later calls.
//!   [`Fallback`] bounds the database reads that callers make instead.

mod error;
mod fallback;
mod flight;
mod memory;
mod redis_backend;
mod ttl;

use std::sync::Arc;
use std::time::Duration;

pub use error::CacheError;
pub use fallback::{Fallback, FallbackError};
pub use memory::MemoryConfig;
pub use redis_backend::RedisConfig;

use flight::{Flights, Role};
use memory::MemoryBackend;
use redis_backend::RedisBackend;

/// One cached view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedView {
    /// The version the writer gave; higher is newer.
    pub version: u64,
    /// The view as stored, usually JSON.
    pub bytes: Vec<u8>,
}

/// Settings shared by both backends.
#[derive(Debug, Clone)]
pub struct CacheOptions {
    /// TTL that [`Cache::get_or_compute`] gives the views it stores.
    pub default_ttl: Duration,
    /// Each TTL is moved at random by up to this many percent either way, so views
    /// written together do not expire together.
    pub ttl_jitter_percent: u8,
}

impl Default for CacheOptions {
    fn default() -> Self {
        Self {
            default_ttl: Duration::from_secs(300),
            ttl_jitter_percent: 10,
        }
    }
}

/// The kind of backend behind a cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    /// The in-process map.
    Memory,
    /// A Redis server.
    Redis,
}

impl BackendKind {
    /// Returns the name used in health reports: `"memory"` or `"redis"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Memory => "memory",
            Self::Redis => "redis",
        }
    }
}

/// The cache's health, for a readiness endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStatus {
    /// The backend in use.
    pub backend: BackendKind,
    /// Whether the backend replied to a ping within its time limit.
    pub healthy: bool,
}

#[expect(
    clippy::large_enum_variant,
    reason = "a cache holds one backend, allocated once behind an Arc"
)]
enum Backend {
    Memory(MemoryBackend),
    Redis(RedisBackend),
}

struct Inner {
    backend: Backend,
    flights: Flights,
    options: CacheOptions,
}

/// A versioned view cache. Cloning is cheap and clones share the backend and the
/// single-flight state.
#[derive(Clone)]
pub struct Cache {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Cache")
            .field("backend", &self.backend_kind())
            .field("options", &self.inner.options)
            .finish_non_exhaustive()
    }
}

impl Cache {
    /// Builds an in-process cache.
    pub fn memory(config: &MemoryConfig, options: CacheOptions) -> Self {
        Self::with_backend(Backend::Memory(MemoryBackend::new(config)), options)
    }

    /// Builds a Redis cache without connecting, so it succeeds while Redis is down.
    ///
    /// Fails only on an invalid URL, or outside a Tokio runtime.
    pub fn redis(config: &RedisConfig, options: CacheOptions) -> Result<Self, CacheError> {
        let backend = RedisBackend::new(config)?;
        Ok(Self::with_backend(Backend::Redis(backend), options))
    }

    fn with_backend(backend: Backend, options: CacheOptions) -> Self {
        Self {
            inner: Arc::new(Inner {
                backend,
                flights: Flights::default(),
                options,
            }),
        }
    }

    /// Returns the backend in use.
    pub fn backend_kind(&self) -> BackendKind {
        match self.inner.backend {
            Backend::Memory(_) => BackendKind::Memory,
            Backend::Redis(_) => BackendKind::Redis,
        }
    }

    /// Returns the view stored under `key`, or `None` when there is none or it expired.
    pub async fn get(&self, key: &str) -> Result<Option<CachedView>, CacheError> {
        match &self.inner.backend {
            Backend::Memory(memory) => Ok(memory.get(key)),
            Backend::Redis(redis) => redis.get(key).await,
        }
    }

    /// Stores `bytes` as version `version` of `key` unless the stored version is equal or
    /// newer, and returns whether it stored. The TTL gets the configured jitter.
    ///
    /// The comparison and the write are one atomic step, so concurrent writers end with
    /// the highest version stored whatever order they run in.
    pub async fn put_if_newer(
        &self,
        key: &str,
        version: u64,
        bytes: &[u8],
        ttl: Duration,
    ) -> Result<bool, CacheError> {
        let ttl = ttl::jittered(ttl, self.inner.options.ttl_jitter_percent);

        match &self.inner.backend {
            Backend::Memory(memory) => Ok(memory.put_if_newer(key, version, bytes, ttl)),
            Backend::Redis(redis) => redis.put_if_newer(key, version, bytes, ttl).await,
        }
    }

    /// Removes the view stored under `key`.
    ///
    /// The stored version stays behind until the entry's TTL ends. A writer that still
    /// has an older view therefore cannot store it afterwards, but a newer version can.
    pub async fn invalidate(&self, key: &str) -> Result<(), CacheError> {
        match &self.inner.backend {
            Backend::Memory(memory) => {
                memory.invalidate(key);
                Ok(())
            }
            Backend::Redis(redis) => redis.invalidate(key).await,
        }
    }

    /// Returns the remaining TTL of the view under `key`, or `None` when there is no view.
    pub async fn ttl(&self, key: &str) -> Result<Option<Duration>, CacheError> {
        match &self.inner.backend {
            Backend::Memory(memory) => Ok(memory.ttl(key)),
            Backend::Redis(redis) => redis.ttl(key).await,
        }
    }

    /// Checks the backend with a ping bounded by the backend's timeouts.
    pub async fn status(&self) -> CacheStatus {
        let healthy = match &self.inner.backend {
            Backend::Memory(_) => true,
            Backend::Redis(redis) => redis.ping().await.is_ok(),
        };

        CacheStatus {
            backend: self.backend_kind(),
            healthy,
        }
    }

    /// Returns the view under `key`, computing and storing it when missing.
    ///
    /// In this process at most one `compute` per key runs at a time: concurrent callers
    /// wait for the running one and share its view. If that computation fails or is
    /// cancelled, a waiting caller runs its own. Cache errors never fail the call: they
    /// are logged and the view is computed (and returned) without the cache. The view is
    /// stored with [`CacheOptions::default_ttl`]; when a newer version is already
    /// stored, the computed view is still returned.
    pub async fn get_or_compute<F, E>(&self, key: &str, compute: F) -> Result<CachedView, E>
    where
        F: Future<Output = Result<(u64, Vec<u8>), E>>,
    {
        let mut compute = Some(compute);

        loop {
            if let Some(view) = self.get_logged(key).await {
                return Ok(view);
            }

            let leader = match self.inner.flights.join(key) {
                Role::Leader(leader) => leader,
                Role::Follower(follower) => match follower.wait().await {
                    Some(view) => return Ok(view),
                    None => continue,
                },
            };

            // A previous leader may have stored the view between our read and our join.
            if let Some(view) = self.get_logged(key).await {
                leader.publish(view.clone());
                return Ok(view);
            }

            // Only a leader polls `compute`, and a leader always returns, so it is here.
            let Some(compute) = compute.take() else {
                continue;
            };
            let (version, bytes) = compute.await?;
            let view = CachedView { version, bytes };

            let ttl = self.inner.options.default_ttl;
            if let Err(error) = self.put_if_newer(key, version, &view.bytes, ttl).await {
                tracing::warn!(key, %error, "could not store a computed view in the cache");
            }
            leader.publish(view.clone());
            return Ok(view);
        }
    }

    /// Reads `key`, logging and swallowing cache errors.
    async fn get_logged(&self, key: &str) -> Option<CachedView> {
        match self.get(key).await {
            Ok(view) => view,
            Err(error) => {
                tracing::warn!(key, %error, "cache read failed; computing the view");
                None
            }
        }
    }

    /// Returns the number of keys with a computation running now in this process.
    pub fn computations_in_flight(&self) -> usize {
        self.inner.flights.len()
    }
}
