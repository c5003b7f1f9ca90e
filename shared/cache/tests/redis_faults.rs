//! Redis outages against a real `redis-server`: killed, frozen with SIGSTOP, restarted,
//! and not yet started. Every call must return (with `Unavailable` while Redis is gone)
//! and caching must resume on the same `Cache` once Redis is back.

mod common;

use std::time::Duration;

use cache::{Cache, CacheError, CacheOptions, RedisConfig};
use common::{HANG_LIMIT, redis_cache, wait_for_recovery};
use test_db::redis::{RedisServer, free_port, redis_url};

const HOUR: Duration = Duration::from_secs(3600);

/// Builds a cache that never replaces its connection manager, so recovery can only come
/// from the manager's own reconnect.
fn cache_without_rebuild(port: u16) -> Cache {
    let config = RedisConfig {
        rebuild_after: Duration::from_secs(3600),
        ..RedisConfig::new(redis_url(port))
    };
    Cache::redis(&config, CacheOptions::default()).unwrap()
}

/// Runs every cache call once and checks that each returns `Unavailable`.
async fn assert_all_calls_unavailable(cache: &Cache) {
    let get = bounded(cache.get("key")).await;
    assert!(
        matches!(get, Err(CacheError::Unavailable { .. })),
        "get: {get:?}"
    );

    let put = bounded(cache.put_if_newer("key", 2, b"view", HOUR)).await;
    assert!(
        matches!(put, Err(CacheError::Unavailable { .. })),
        "put: {put:?}"
    );

    let invalidate = bounded(cache.invalidate("key")).await;
    assert!(
        matches!(invalidate, Err(CacheError::Unavailable { .. })),
        "invalidate: {invalidate:?}"
    );

    let status = bounded(cache.status()).await;
    assert!(!status.healthy, "status should be unhealthy");
}

/// Fails the test if `call` hangs; the limit is far above the 500 ms a call may take.
async fn bounded<T>(call: impl Future<Output = T>) -> T {
    tokio::time::timeout(HANG_LIMIT, call)
        .await
        .expect("cache call hung instead of failing")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_redis_fails_fast() {
    let Some(mut server) = RedisServer::start() else {
        return;
    };
    let cache = redis_cache(server.port());
    cache.put_if_newer("key", 1, b"view", HOUR).await.unwrap();

    server.kill();

    assert_all_calls_unavailable(&cache).await;
    // A second round runs while the manager is reconnecting in the background.
    assert_all_calls_unavailable(&cache).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paused_redis_times_out_then_resumes() {
    let Some(server) = RedisServer::start() else {
        return;
    };
    let cache = cache_without_rebuild(server.port());
    cache.put_if_newer("key", 1, b"view", HOUR).await.unwrap();

    server.pause();
    assert_all_calls_unavailable(&cache).await;
    server.resume();

    wait_for_recovery(&cache, "after-pause", 1).await;
    let view = bounded(cache.get("after-pause")).await.unwrap();
    assert_eq!(view.map(|view| view.bytes), Some(b"recovered".to_vec()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restarted_redis_resumes_caching() {
    let Some(mut server) = RedisServer::start() else {
        return;
    };
    let cache = cache_without_rebuild(server.port());
    cache.put_if_newer("key", 1, b"view", HOUR).await.unwrap();

    server.kill();
    assert_all_calls_unavailable(&cache).await;
    server.restart();

    wait_for_recovery(&cache, "after-restart", 1).await;
    // The new server kept nothing, and the script cache is empty too.
    assert_eq!(bounded(cache.get("key")).await.unwrap(), None);
    assert!(
        bounded(cache.put_if_newer("key", 5, b"five", HOUR))
            .await
            .unwrap()
    );
    assert!(
        !bounded(cache.put_if_newer("key", 4, b"four", HOUR))
            .await
            .unwrap()
    );
    assert!(bounded(cache.status()).await.healthy);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cache_built_before_redis_starts() {
    // Only checks for the binary; the real server starts later on the reserved port.
    let Some(probe) = RedisServer::start() else {
        return;
    };
    drop(probe);
    let port = free_port();

    let cache = cache_without_rebuild(port);
    assert_all_calls_unavailable(&cache).await;
    let _server = RedisServer::start_on(port);

    wait_for_recovery(&cache, "late", 1).await;
    let view = bounded(cache.get("late")).await.unwrap();
    assert_eq!(view.map(|view| view.version), Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_or_compute_survives_outage() {
    let Some(mut server) = RedisServer::start() else {
        return;
    };
    let cache = redis_cache(server.port());
    server.kill();

    let view = bounded(cache.get_or_compute("key", async {
        Ok::<_, std::io::Error>((4, b"from database".to_vec()))
    }))
    .await
    .unwrap();

    assert_eq!(view.version, 4);
    assert_eq!(view.bytes, b"from database".to_vec());
}

#[tokio::test]
async fn invalid_url_is_rejected() {
    let config = RedisConfig::new("http://127.0.0.1:1/");

    let result = Cache::redis(&config, CacheOptions::default());

    assert!(
        matches!(result, Err(CacheError::InvalidUrl { .. })),
        "{result:?}"
    );
}

#[test]
fn redis_outside_runtime_is_rejected() {
    let config = RedisConfig::new(redis_url(1));

    let result = Cache::redis(&config, CacheOptions::default());

    assert!(matches!(result, Err(CacheError::NoRuntime)), "{result:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rebuilt_manager_resumes_caching() {
    let Some(mut server) = RedisServer::start() else {
        return;
    };
    // With no grace period every failed call replaces the connection manager, so this
    // exercises the rebuild path instead of the manager's own reconnect.
    let config = RedisConfig {
        rebuild_after: Duration::ZERO,
        ..RedisConfig::new(server.url())
    };
    let cache = Cache::redis(&config, CacheOptions::default()).unwrap();
    cache.put_if_newer("key", 1, b"view", HOUR).await.unwrap();

    server.kill();
    assert_all_calls_unavailable(&cache).await;
    server.restart();

    wait_for_recovery(&cache, "after-rebuild", 1).await;
    assert!(bounded(cache.status()).await.healthy);
}
