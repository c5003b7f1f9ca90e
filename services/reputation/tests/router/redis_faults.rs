//! Redis outages against a `redis-server` each test starts on its own port: killed,
//! frozen with SIGSTOP, restarted, or not started yet. Requests must finish, reads come
//! from the database with `source: database`, and caching resumes on the same state once
//! Redis is back. No test measures how fast a request is: the limit only catches a hang.

use std::time::Duration;

use serde_json::Value;
use test_db::TestDb;

use crate::support::App;
use crate::support::events::deal;
use crate::support::redis::{RedisServer, free_port, redis_cache};

/// Far above the 500 ms that one Redis call may take before it fails.
const HANG_LIMIT: Duration = Duration::from_secs(5);

/// How long Redis may take to be used again after it is back.
const RECOVERY_LIMIT: Duration = Duration::from_secs(20);

async fn bounded<T>(call: impl Future<Output = T>) -> T {
    tokio::time::timeout(HANG_LIMIT, call)
        .await
        .expect("request hung instead of falling back to the database")
}

async fn app_on(port: u16) -> App {
    App::with_cache(TestDb::sqlite().await, redis_cache(port), String::new()).await
}

async fn seed(app: &App) {
    for company in ["s", "b1", "b2", "b3"] {
        app.company(company, true).await;
    }
    app.record(&[
        deal("d1", "s", "b1", "4000.00", 1),
        deal("d2", "s", "b2", "4000.00", 2),
        deal("d3", "s", "b3", "4000.00", 3),
    ])
    .await;
}

/// Reads the seller's view until it comes from the cache, checking every view served
/// meanwhile counts `deals` completed deals.
async fn wait_for_cache(app: &App, deals: u64) -> Value {
    let deadline = tokio::time::Instant::now() + RECOVERY_LIMIT;
    loop {
        let view = bounded(app.trust("s")).await;
        assert_eq!(view["evidence"]["completedDeals"], deals, "{view}");
        if view["source"] == "cache" {
            return view;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "caching did not resume: {view}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_redis_reads_from_database() {
    let Some(mut server) = RedisServer::start() else {
        return;
    };
    let app = app_on(server.port()).await;
    seed(&app).await;
    assert_eq!(app.trust("s").await["source"], "cache");

    server.kill();
    let view = bounded(app.trust("s")).await;
    assert_eq!(view["source"], "database");
    assert_eq!(view["evidence"]["completedDeals"], 3);

    bounded(app.record(&[deal("d4", "s", "b1", "4000.00", 4)])).await;
    let view = bounded(app.trust("s")).await;
    assert_eq!(view["source"], "database");
    assert_eq!(view["evidence"]["completedDeals"], 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paused_redis_times_out_then_resumes() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let app = app_on(server.port()).await;
    seed(&app).await;
    assert_eq!(app.trust("s").await["source"], "cache");

    server.pause();
    let view = bounded(app.trust("s")).await;
    assert_eq!(view["source"], "database");
    // The write commits while the cached view of 3 deals sits frozen in Redis.
    bounded(app.record(&[deal("d4", "s", "b1", "4000.00", 4)])).await;
    let view = bounded(app.trust("s")).await;
    assert_eq!(view["source"], "database");
    assert_eq!(view["evidence"]["completedDeals"], 4);
    server.resume();

    let view = wait_for_cache(&app, 4).await;
    assert_eq!(view["evidence"]["completedDeals"], 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_starts_without_redis() {
    // Only checks for the binary; the real server starts later on the reserved port.
    let Some(probe) = RedisServer::start() else {
        return;
    };
    drop(probe);
    let port = free_port();

    let app = app_on(port).await;
    bounded(seed(&app)).await;
    let view = bounded(app.trust("s")).await;
    assert_eq!(view["source"], "database");
    let _server = RedisServer::start_on(port);

    wait_for_cache(&app, 3).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restarted_redis_resumes_caching() {
    let Some(mut server) = RedisServer::start() else {
        return;
    };
    let app = app_on(server.port()).await;
    seed(&app).await;

    server.kill();
    assert_eq!(bounded(app.trust("s")).await["source"], "database");
    server.restart();

    wait_for_cache(&app, 3).await;
}
