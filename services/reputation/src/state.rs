//! The service's state: database, authenticator, view cache, fallback limiter and settings.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRef;
use cache::{Cache, Fallback};
use http_kit::auth::SharedAuthenticator;
use sea_orm::DatabaseConnection;

use crate::model::{ConfigError, ModelConfig};

/// Settings of the reputation service.
#[derive(Debug, Clone)]
pub struct ReputationConfig {
    /// The scoring model's parameters; its `model_version` is part of every cache key.
    pub model: ModelConfig,
    /// TTL of the views that writes store in the cache. Use the cache's
    /// `CacheOptions::default_ttl`, which applies to the views that reads store, so both
    /// expire alike. The TTL bounds how long a served view's `computedAt` lags.
    pub view_ttl: Duration,
    /// Prefix of every cache key, such as `"tradeseal:"` on a Redis shared with other
    /// applications; empty by default.
    pub key_prefix: String,
}

impl Default for ReputationConfig {
    fn default() -> Self {
        Self::new(ModelConfig::default())
    }
}

impl ReputationConfig {
    /// Returns the settings for `model`, a view TTL of 300 s (the cache's default) and no
    /// key prefix.
    pub fn new(model: ModelConfig) -> Self {
        Self {
            model,
            view_ttl: Duration::from_secs(300),
            key_prefix: String::new(),
        }
    }
}

/// Shared state of the reputation handlers; cheap to clone.
#[derive(Clone)]
pub struct ReputationState {
    inner: Arc<Inner>,
}

struct Inner {
    db: DatabaseConnection,
    auth: SharedAuthenticator,
    cache: Cache,
    fallback: Fallback,
    config: ReputationConfig,
}

impl std::fmt::Debug for ReputationState {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ReputationState")
            .field("cache", &self.inner.cache)
            .field("fallback", &self.inner.fallback)
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl ReputationState {
    /// Builds the state without any I/O, so the service starts while Redis is down.
    ///
    /// `fallback` bounds every read that bypasses the cache: reads while the cache is
    /// unavailable, `asOf` reads and histories. Fails when a model parameter is out of
    /// range.
    pub fn new(
        db: DatabaseConnection,
        auth: SharedAuthenticator,
        cache: Cache,
        fallback: Fallback,
        config: ReputationConfig,
    ) -> Result<Self, ConfigError> {
        config.model.validate()?;

        Ok(Self {
            inner: Arc::new(Inner {
                db,
                auth,
                cache,
                fallback,
                config,
            }),
        })
    }

    /// Returns the cache key of a company's current view:
    /// `{keyPrefix}trust:{modelVersion}:{companyId}`.
    pub fn view_key(&self, company_id: &str) -> String {
        let config = &self.inner.config;
        format!(
            "{}trust:{}:{company_id}",
            config.key_prefix, config.model.model_version
        )
    }

    /// Returns the view cache.
    pub fn cache(&self) -> &Cache {
        &self.inner.cache
    }

    pub(crate) fn db(&self) -> &DatabaseConnection {
        &self.inner.db
    }

    pub(crate) fn fallback(&self) -> &Fallback {
        &self.inner.fallback
    }

    pub(crate) fn config(&self) -> &ReputationConfig {
        &self.inner.config
    }

    pub(crate) fn model(&self) -> &ModelConfig {
        &self.inner.config.model
    }
}

impl FromRef<ReputationState> for SharedAuthenticator {
    fn from_ref(state: &ReputationState) -> Self {
        state.inner.auth.clone()
    }
}
