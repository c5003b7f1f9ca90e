//! The Redis backend: a lazily connected `ConnectionManager` with explicit time limits.
//!
//! Each view is a Redis hash with two fields, `v` (the version as 20 zero-padded decimal
//! digits) and `d` (the view bytes), and one expiry for the whole hash.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use tokio::time::Instant;

use crate::{CacheError, CachedView};

/// Settings of the Redis backend.
#[derive(Debug, Clone)]
pub struct RedisConfig {
    /// Server URL, for example `redis://127.0.0.1:6379/0`.
    pub url: String,
    /// Limit on establishing a TCP connection (and its handshake) to Redis.
    pub connect_timeout: Duration,
    /// Limit on waiting for the reply to one request.
    pub response_timeout: Duration,
    /// How long calls may keep failing before the backend drops its connection manager and
    /// builds a new one. `ConnectionManager` reconnects by itself after I/O errors; this is
    /// the backstop for a connection that stays broken without reporting one.
    pub rebuild_after: Duration,
}

impl RedisConfig {
    /// Returns a configuration for `url` with 250 ms connect and response timeouts.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            connect_timeout: Duration::from_millis(250),
            response_timeout: Duration::from_millis(250),
            rebuild_after: Duration::from_secs(5),
        }
    }
}

/// The current connection manager and the start of the current run of failures.
struct Connection {
    manager: ConnectionManager,
    failing_since: Option<Instant>,
}

pub(crate) struct RedisBackend {
    client: redis::Client,
    manager_config: ConnectionManagerConfig,
    connection: Mutex<Connection>,
    put_script: redis::Script,
    /// Bound on one whole call: a connection attempt followed by a request.
    call_timeout: Duration,
    rebuild_after: Duration,
}

impl RedisBackend {
    /// Builds the backend without contacting Redis: the first call connects.
    pub(crate) fn new(config: &RedisConfig) -> Result<Self, CacheError> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(CacheError::NoRuntime);
        }
        let client =
            redis::Client::open(config.url.as_str()).map_err(|error| CacheError::InvalidUrl {
                reason: error.to_string(),
            })?;

        // No retries inside the manager: a failed attempt fails the call at once, and the
        // next call starts a new attempt, so a call never waits through a backoff series.
        let manager_config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(config.connect_timeout))
            .set_response_timeout(Some(config.response_timeout))
            .set_number_of_retries(0);
        let manager = new_manager(&client, &manager_config)?;

        Ok(Self {
            client,
            manager_config,
            connection: Mutex::new(Connection {
                manager,
                failing_since: None,
            }),
            put_script: redis::Script::new(include_str!("put_if_newer.lua")),
            call_timeout: config.connect_timeout + config.response_timeout,
            rebuild_after: config.rebuild_after,
        })
    }

    pub(crate) async fn get(&self, key: &str) -> Result<Option<CachedView>, CacheError> {
        let mut manager = self.manager();
        let mut command = redis::cmd("HMGET");
        command.arg(key).arg("v").arg("d");

        let call = command.query_async::<(Option<String>, Option<Vec<u8>>)>(&mut manager);
        let (version, bytes) = self.finish("get", key, call).await?;

        let (Some(version), Some(bytes)) = (version, bytes) else {
            return Ok(None);
        };
        let version = version
            .parse::<u64>()
            .map_err(|error| CacheError::CorruptEntry {
                key: key.to_owned(),
                reason: format!("version field {version:?} is not a u64: {error}"),
            })?;
        Ok(Some(CachedView { version, bytes }))
    }

    pub(crate) async fn put_if_newer(
        &self,
        key: &str,
        version: u64,
        bytes: &[u8],
        ttl: Duration,
    ) -> Result<bool, CacheError> {
        let mut manager = self.manager();
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let mut invocation = self.put_script.key(key);
        invocation
            .arg(format!("{version:020}"))
            .arg(bytes)
            .arg(ttl_ms);

        let call = invocation.invoke_async::<i64>(&mut manager);
        let stored = self.finish("put_if_newer", key, call).await?;
        Ok(stored == 1)
    }

    /// Deletes the view bytes but keeps the version field and the expiry, so the version
    /// stays a floor for later writes until the entry expires.
    pub(crate) async fn invalidate(&self, key: &str) -> Result<(), CacheError> {
        let mut manager = self.manager();
        let mut command = redis::cmd("HDEL");
        command.arg(key).arg("d");

        let call = command.query_async::<i64>(&mut manager);
        self.finish("invalidate", key, call).await?;
        Ok(())
    }

    pub(crate) async fn ttl(&self, key: &str) -> Result<Option<Duration>, CacheError> {
        let mut manager = self.manager();
        let mut pipeline = redis::pipe();
        pipeline.cmd("HEXISTS").arg(key).arg("d");
        pipeline.cmd("PTTL").arg(key);

        let call = pipeline.query_async::<(bool, i64)>(&mut manager);
        let (has_view, ttl_ms) = self.finish("ttl", key, call).await?;

        // PTTL returns -2 for a missing key and -1 for a key without expiry.
        let ttl = u64::try_from(ttl_ms).ok().map(Duration::from_millis);
        Ok(ttl.filter(|_| has_view))
    }

    pub(crate) async fn ping(&self) -> Result<(), CacheError> {
        let mut manager = self.manager();
        let command = redis::cmd("PING");

        let call = command.query_async::<String>(&mut manager);
        self.finish("ping", "", call).await?;
        Ok(())
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // The guarded data is replaced whole, never left half written, so a poisoned
        // lock is still consistent.
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn manager(&self) -> ConnectionManager {
        self.lock().manager.clone()
    }

    /// Awaits one Redis call under the call timeout and records whether it succeeded.
    async fn finish<T>(
        &self,
        operation: &'static str,
        key: &str,
        call: impl Future<Output = redis::RedisResult<T>>,
    ) -> Result<T, CacheError> {
        let result = match tokio::time::timeout(self.call_timeout, call).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(CacheError::redis(operation, key, &error)),
            Err(_elapsed) => Err(CacheError::timed_out(operation, key, self.call_timeout)),
        };

        match &result {
            Ok(_) => self.lock().failing_since = None,
            Err(error) => self.record_failure(error),
        }
        result
    }

    /// Starts or extends the current run of failures and rebuilds the connection manager
    /// once the run has lasted `rebuild_after`.
    fn record_failure(&self, error: &CacheError) {
        let now = Instant::now();
        let mut connection = self.lock();
        let since = *connection.failing_since.get_or_insert(now);

        if now.duration_since(since) < self.rebuild_after {
            return;
        }
        match new_manager(&self.client, &self.manager_config) {
            Ok(manager) => {
                tracing::warn!(
                    failing_for_ms = now.duration_since(since).as_millis(),
                    last_error = %error,
                    "Redis calls kept failing; replaced the connection manager"
                );
                connection.manager = manager;
                connection.failing_since = Some(now);
            }
            Err(rebuild_error) => {
                tracing::warn!(error = %rebuild_error, "could not rebuild the Redis connection manager");
            }
        }
    }
}

/// Builds a connection manager that connects on its first request.
fn new_manager(
    client: &redis::Client,
    config: &ConnectionManagerConfig,
) -> Result<ConnectionManager, CacheError> {
    ConnectionManager::new_lazy_with_config(client.clone(), config.clone())
        .map_err(|error| CacheError::redis("connect", "", &error))
}
