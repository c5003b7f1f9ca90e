//! Concurrent writers for one company lose no update, in the database or in the cache.

use std::sync::Arc;

use cache::Cache;
use reputation::model::TrustView;
use serde_json::Value;
use test_db::TestDb;

use crate::support::events::{deal, open, resolve};
use crate::support::redis::shared_redis;
use crate::support::{App, memory_cache};

const WRITERS: usize = 16;
const BATCHES_PER_WRITER: usize = 4;
const DEALS_PER_BATCH: usize = 3;
const BUYERS: usize = 24;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_deals_sqlite() {
    concurrent_deals(TestDb::sqlite().await, memory_cache(), String::new()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_deals_postgres() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    concurrent_deals(db, memory_cache(), String::new()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_deals_postgres_redis() {
    let Some((cache, prefix)) = shared_redis() else {
        return;
    };
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    concurrent_deals(db, cache, prefix).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_disputes_postgres() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    concurrent_disputes(db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_disputes_sqlite() {
    concurrent_disputes(TestDb::sqlite().await).await;
}

async fn register(app: &App) {
    app.company("seller", true).await;
    for buyer in 0..BUYERS {
        app.company(&format!("b{buyer}"), true).await;
    }
}

/// Runs `batches` as concurrent requests and checks every event was accepted.
async fn post_concurrently(app: &Arc<App>, batches: Vec<Vec<Value>>) {
    let mut tasks = Vec::new();
    for batch in batches {
        let app = Arc::clone(app);
        tasks.push(tokio::spawn(async move { app.record(&batch).await }));
    }
    for task in tasks {
        task.await.expect("writer task panicked");
    }
}

/// Returns the cached view of `company` with its version.
async fn cached(app: &App, company: &str) -> (u64, TrustView) {
    let key = app.state.view_key(company);
    let entry = app
        .state
        .cache()
        .get(&key)
        .await
        .unwrap()
        .expect("a cached view");
    (entry.version, serde_json::from_slice(&entry.bytes).unwrap())
}

async fn concurrent_deals(db: TestDb, cache: Cache, prefix: String) {
    let app = Arc::new(App::with_cache(db, cache, prefix).await);
    register(&app).await;

    let mut batches = Vec::new();
    for writer in 0..WRITERS {
        for batch in 0..BATCHES_PER_WRITER {
            let deals = (0..DEALS_PER_BATCH).map(|index| {
                let number = (writer * BATCHES_PER_WRITER + batch) * DEALS_PER_BATCH + index;
                let buyer = format!("b{}", number % BUYERS);
                deal(
                    &format!("d{number}"),
                    "seller",
                    &buyer,
                    "1500.00",
                    number as i64,
                )
            });
            batches.push(deals.collect());
        }
    }
    post_concurrently(&app, batches).await;

    let total = WRITERS * BATCHES_PER_WRITER * DEALS_PER_BATCH;
    let version = app.version("seller").await;
    assert_eq!(
        version as usize,
        WRITERS * BATCHES_PER_WRITER,
        "one bump per batch"
    );
    let (cached_version, view) = cached(&app, "seller").await;
    assert_eq!(
        cached_version as i64, version,
        "the cache holds the newest view"
    );
    assert_eq!(view.evidence.completed_deals as usize, total);
    let served = app.trust("seller").await;
    assert_eq!(served["source"], "cache");
    assert_eq!(served["evidence"]["completedDeals"], total);
}

/// Openings and resolutions of the same disputes, sent at the same time in separate
/// requests, must each end up counted for the seller.
async fn concurrent_disputes(db: TestDb) {
    let app = Arc::new(App::new(db).await);
    register(&app).await;
    const DISPUTES: usize = 12;
    let deals: Vec<Value> = (0..DISPUTES)
        .map(|index| {
            deal(
                &format!("d{index}"),
                "seller",
                &format!("b{index}"),
                "2000.00",
                1,
            )
        })
        .collect();
    app.record(&deals).await;

    let mut batches = Vec::new();
    for index in 0..DISPUTES {
        let dispute = format!("p{index}");
        let buyer = format!("b{index}");
        batches.push(vec![resolve(&dispute, "lost", 20)]);
        batches.push(vec![open(
            &dispute,
            &format!("d{index}"),
            &buyer,
            "seller",
            10,
        )]);
    }
    post_concurrently(&app, batches).await;

    let (cached_version, view) = cached(&app, "seller").await;
    assert_eq!(view.evidence.disputes_by_outcome.lost as usize, DISPUTES);
    assert_eq!(cached_version as i64, app.version("seller").await);
    let served = app.trust("seller").await;
    assert_eq!(served["evidence"]["disputesByOutcome"]["lost"], DISPUTES);
}
