//! How reads and writes use the view cache, on the in-process cache and on the shared
//! Redis (keys under a prefix unique to each test), each on SQLite and PostgreSQL.

use std::time::Duration;

use axum::http::StatusCode;
use cache::Cache;
use reputation::model::TrustView;
use serde_json::json;
use test_db::TestDb;

use crate::support::events::deal;
use crate::support::redis::shared_redis;
use crate::support::{App, memory_cache};

/// Defines `<case>::{memory_sqlite, memory_postgres, redis_sqlite, redis_postgres}`.
macro_rules! on_every_tier {
    ($case:ident) => {
        mod $case {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn memory_sqlite() {
                super::$case(TestDb::sqlite().await, memory_cache(), String::new()).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn memory_postgres() {
                let Some(db) = TestDb::postgres().await else {
                    return;
                };
                super::$case(db, memory_cache(), String::new()).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn redis_sqlite() {
                let Some((cache, prefix)) = shared_redis() else {
                    return;
                };
                super::$case(TestDb::sqlite().await, cache, prefix).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn redis_postgres() {
                let Some((cache, prefix)) = shared_redis() else {
                    return;
                };
                let Some(db) = TestDb::postgres().await else {
                    return;
                };
                super::$case(db, cache, prefix).await;
            }
        }
    };
}

on_every_tier!(read_fills_then_hits);
on_every_tier!(write_refreshes_cached_view);
on_every_tier!(stale_view_is_recomputed);
on_every_tier!(newer_view_is_kept);

async fn seeded(db: TestDb, cache: Cache, prefix: String) -> App {
    let app = App::with_cache(db, cache, prefix).await;
    for company in ["s", "b1", "b2", "b3"] {
        app.company(company, true).await;
    }
    app.record(&[
        deal("d1", "s", "b1", "4000.00", 1),
        deal("d2", "s", "b2", "4000.00", 2),
        deal("d3", "s", "b3", "4000.00", 3),
    ])
    .await;
    app
}

/// Returns the cached view of `company` and its cache version.
async fn cached(app: &App, company: &str) -> Option<(u64, TrustView)> {
    let key = app.state.view_key(company);
    let entry = app.state.cache().get(&key).await.unwrap()?;
    let view = serde_json::from_slice(&entry.bytes).unwrap();
    Some((entry.version, view))
}

async fn read_fills_then_hits(db: TestDb, cache: Cache, prefix: String) {
    let app = seeded(db, cache, prefix).await;
    let key = app.state.view_key("b1");
    assert!(key.ends_with("trust:beta-wilson-v1:b1"), "{key}");
    assert_eq!(app.state.cache().get(&key).await.unwrap(), None);

    let first = app.trust("b1").await;
    let second = app.trust("b1").await;

    assert_eq!(first["source"], "database");
    assert_eq!(second["source"], "cache");
    assert_eq!(second["computedAt"], first["computedAt"]);
    let (version, _) = cached(&app, "b1").await.expect("the read stored the view");
    assert_eq!(version as i64, app.version("b1").await);
}

async fn write_refreshes_cached_view(db: TestDb, cache: Cache, prefix: String) {
    let app = seeded(db, cache, prefix).await;
    let (version, view) = cached(&app, "s").await.expect("the write stored the view");
    assert_eq!(version as i64, app.version("s").await);
    assert_eq!(view.evidence.completed_deals, 3);

    app.record(&[deal("d4", "s", "b1", "4000.00", 4)]).await;

    let (newer, view) = cached(&app, "s").await.unwrap();
    assert!(newer > version, "{version} -> {newer}");
    assert_eq!(view.evidence.completed_deals, 4);
    let served = app.trust("s").await;
    assert_eq!(served["source"], "cache");
    assert_eq!(served["evidence"]["completedDeals"], 4);

    let ttl = app
        .state
        .cache()
        .ttl(&app.state.view_key("s"))
        .await
        .unwrap();
    let ttl = ttl.expect("the view has a TTL");
    assert!(
        ttl > Duration::from_secs(200) && ttl <= Duration::from_secs(330),
        "{ttl:?}"
    );
}

async fn stale_view_is_recomputed(db: TestDb, cache: Cache, prefix: String) {
    let app = seeded(db, cache, prefix).await;
    let (version, view) = cached(&app, "s").await.unwrap();
    assert_eq!(view.evidence.verified_counterparties, 3);

    // Unverifying a buyer bumps the seller's version without refreshing its cached view.
    let unverified = json!({
        "name": "Company b1",
        "country": "PK",
        "registrationNumber": "REG-b1",
        "verified": false,
    });
    let (status, body) = app
        .put("/v1/companies/b1", &app.keys.platform, &unverified)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let served = app.trust("s").await;

    assert_eq!(served["source"], "database");
    assert_eq!(served["evidence"]["verifiedCounterparties"], 2);
    let (stored, view) = cached(&app, "s").await.unwrap();
    assert_eq!(stored, version + 1);
    assert_eq!(view.evidence.verified_counterparties, 2);
    assert_eq!(app.trust("s").await["source"], "cache");
}

async fn newer_view_is_kept(db: TestDb, cache: Cache, prefix: String) {
    let app = seeded(db, cache, prefix).await;
    let key = app.state.view_key("s");
    let (version, mut newer) = cached(&app, "s").await.unwrap();
    newer.evidence.completed_deals = 1_000;
    let bytes = serde_json::to_vec(&newer).unwrap();
    let ahead = version + 100;
    assert!(
        app.state
            .cache()
            .put_if_newer(&key, ahead, &bytes, Duration::from_secs(60))
            .await
            .unwrap()
    );

    app.record(&[deal("d4", "s", "b1", "4000.00", 4)]).await;

    let (stored, view) = cached(&app, "s").await.unwrap();
    assert_eq!(stored, ahead, "a slower writer never replaces a newer view");
    assert_eq!(view.evidence.completed_deals, 1_000);
}
