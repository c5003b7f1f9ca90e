//! Trust views: computed from a database snapshot, served from the cache, refreshed in
//! the cache after writes.
//!
//! A cached view is stored under [`ReputationState::view_key`] with the company's version
//! as its cache version. A read serves it only when that version is at least the
//! company's current version (one primary-key read), so a view that missed a write, for
//! example because Redis was paused while the write committed, is never served. On a
//! miss, one request per key and process computes the view (`Cache::get_or_compute`).
//! When the cache is unavailable, reads compute from the database behind the
//! [`cache::Fallback`] limit.
//!
//! Views are computed as of the moment of computation, and `computedAt` records when that
//! was. A cached view does not follow the decay of its evidence until it is recomputed,
//! so the view TTL bounds how far `computedAt` lags behind the request.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use cache::CachedView;
use chrono::{DateTime, Utc};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::ServiceError;
use crate::model::{Ledger, TrustView, compute_view};
use crate::{ReputationState, snapshot, versions};

/// Histories up to this many events are scored on the request's task. Larger ones move
/// to the blocking pool, so a long computation does not stall other requests.
const INLINE_EVENTS: usize = 2_000;

/// Views that one write recomputes at a time after its commit.
const REFRESH_CONCURRENCY: usize = 4;

/// The origin of a served view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The cache held a current view, or another request of this process computed it.
    Cache,
    /// This request computed the view from the database: a cache miss, a stale entry, a
    /// cache outage or an `asOf` request.
    Database,
}

/// A view with the company version it counts.
#[derive(Debug)]
pub(crate) struct Computed {
    pub(crate) version: u64,
    pub(crate) view: TrustView,
}

/// Loads the company's snapshot and computes its view as of `as_of`.
pub(crate) async fn compute(
    state: &ReputationState,
    company_id: &str,
    as_of: DateTime<Utc>,
) -> Result<Computed, ServiceError> {
    let snapshot = snapshot::load(state.db(), company_id).await?;
    let version = snapshot.version;
    let inline = snapshot.events.len() <= INLINE_EVENTS;
    let model = state.model().clone();
    let company = company_id.to_owned();

    let score = move || {
        let ledger = Ledger::build(snapshot.directory, snapshot.events);
        compute_view(&ledger, &company, as_of, &model)
    };
    let view = if inline {
        score()
    } else {
        tokio::task::spawn_blocking(score)
            .await
            .context("the trust view computation panicked")?
    };

    let view = view.with_context(|| format!("failed to score company {company_id:?}"))?;
    Ok(Computed { version, view })
}

/// Returns the company's current view and where it came from.
pub(crate) async fn current(
    state: &ReputationState,
    company_id: &str,
) -> Result<(TrustView, Source), ServiceError> {
    let key = state.view_key(company_id);

    match state.cache().get(&key).await {
        Ok(Some(cached)) => {
            if let Some(view) = served_if_current(state, company_id, &cached).await? {
                return Ok((view, Source::Cache));
            }
            if let Err(error) = state.cache().invalidate(&key).await {
                tracing::warn!(%error, key, "could not invalidate a stale trust view");
            }
            fill(state, company_id, &key).await
        }
        Ok(None) => fill(state, company_id, &key).await,
        Err(error) if error.is_unavailable() => {
            tracing::warn!(%error, company_id, "cache unavailable; computing the trust view from the database");
            let computed = state
                .fallback()
                .run(compute(state, company_id, Utc::now()))
                .await??;
            Ok((computed.view, Source::Database))
        }
        Err(error) => {
            tracing::warn!(%error, key, "unreadable cache entry; recomputing the trust view");
            fill(state, company_id, &key).await
        }
    }
}

/// Computes the view as of a past time, bypassing the cache.
pub(crate) async fn as_of(
    state: &ReputationState,
    company_id: &str,
    as_of: DateTime<Utc>,
) -> Result<TrustView, ServiceError> {
    let computed = state
        .fallback()
        .run(compute(state, company_id, as_of))
        .await??;
    Ok(computed.view)
}

/// Returns the cached view when it counts every write, else `None`.
///
/// When the version cannot be read because the database is down, the cached view is
/// served anyway because it is the best view available.
async fn served_if_current(
    state: &ReputationState,
    company_id: &str,
    cached: &CachedView,
) -> Result<Option<TrustView>, ServiceError> {
    let Ok(view) = serde_json::from_slice::<TrustView>(&cached.bytes) else {
        tracing::warn!(
            company_id,
            "cached trust view is not valid JSON; recomputing it"
        );
        return Ok(None);
    };

    match versions::current(state.db(), company_id).await {
        Ok(Some(current)) => Ok((cached.version >= current).then_some(view)),
        Ok(None) => Err(ServiceError::CompanyNotFound(company_id.to_owned())),
        Err(error) => {
            tracing::warn!(%error, company_id, "could not read the company version; serving the cached trust view");
            Ok(Some(view))
        }
    }
}

/// Computes the view once per key in this process and stores it in the cache.
async fn fill(
    state: &ReputationState,
    company_id: &str,
    key: &str,
) -> Result<(TrustView, Source), ServiceError> {
    let computed_here = AtomicBool::new(false);
    let computation = async {
        computed_here.store(true, Ordering::Relaxed);
        let computed = compute(state, company_id, Utc::now()).await?;
        Ok::<_, ServiceError>((computed.version, encode(&computed.view)?))
    };
    let cached = state.cache().get_or_compute(key, computation).await?;

    if computed_here.load(Ordering::Relaxed) {
        let view = serde_json::from_slice(&cached.bytes).context("re-reading a computed view")?;
        return Ok((view, Source::Database));
    }

    // Another request computed this view; it may have started before a later write.
    if let Some(view) = served_if_current(state, company_id, &cached).await? {
        return Ok((view, Source::Cache));
    }
    let computed = compute(state, company_id, Utc::now()).await?;
    if let Err(error) = store(state, company_id, &computed).await {
        tracing::warn!(%error, company_id, "could not store a recomputed trust view");
    }
    Ok((computed.view, Source::Database))
}

/// Recomputes the views of `companies` after a write and stores each one that is newer
/// than the cached one. Stops at the first cache outage: reads then recompute the rest.
pub(crate) async fn refresh(state: &ReputationState, companies: BTreeSet<String>) {
    let unavailable = AtomicBool::new(false);

    futures::stream::iter(companies)
        .for_each_concurrent(REFRESH_CONCURRENCY, |company_id| {
            let unavailable = &unavailable;
            async move {
                if unavailable.load(Ordering::Relaxed) {
                    return;
                }
                let result = match compute(state, &company_id, Utc::now()).await {
                    Ok(computed) => store(state, &company_id, &computed).await,
                    Err(error) => Err(error),
                };
                if let Err(error) = result {
                    if matches!(error, ServiceError::CacheUnavailable(_)) {
                        unavailable.store(true, Ordering::Relaxed);
                    }
                    tracing::warn!(%error, company_id, "could not refresh the cached trust view");
                }
            }
        })
        .await;
}

/// Stores a computed view unless the cache contains a newer one.
async fn store(
    state: &ReputationState,
    company_id: &str,
    computed: &Computed,
) -> Result<(), ServiceError> {
    let key = state.view_key(company_id);
    let bytes = encode(&computed.view)?;

    state
        .cache()
        .put_if_newer(&key, computed.version, &bytes, state.config().view_ttl)
        .await
        .map_err(ServiceError::CacheUnavailable)?;
    Ok(())
}

fn encode(view: &TrustView) -> Result<Vec<u8>, ServiceError> {
    Ok(serde_json::to_vec(view).context("serializing a trust view")?)
}
