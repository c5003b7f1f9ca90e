//! Behaviour that both backends share: compare-and-set, TTL, invalidation, single flight.
//! Each check runs once on the in-process backend and once on a real `redis-server`.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use cache::{BackendKind, Cache, CachedView};
use common::{memory_cache, redis_cache};
use test_db::redis::RedisServer;

/// Defines tests `<check>::memory` and `<check>::redis` that run `check` on each backend.
macro_rules! on_both_backends {
    ($check:ident) => {
        mod $check {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn memory() {
                super::$check(memory_cache()).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn redis() {
                let Some(server) = RedisServer::start() else {
                    return;
                };
                super::$check(redis_cache(server.port())).await;
            }
        }
    };
}

on_both_backends!(cas_rejects_older_and_equal);
on_both_backends!(cas_concurrent_writers_keep_newest);
on_both_backends!(ttl_is_set_with_jitter);
on_both_backends!(ttl_expires_view);
on_both_backends!(invalidate_keeps_version_floor);
on_both_backends!(single_flight_computes_once);
on_both_backends!(single_flight_retries_after_failure);
on_both_backends!(get_or_compute_returns_cached);
on_both_backends!(status_reports_healthy);

const HOUR: Duration = Duration::from_secs(3600);

async fn cas_rejects_older_and_equal(cache: Cache) {
    assert!(cache.put_if_newer("cas", 10, b"ten", HOUR).await.unwrap());

    assert!(!cache.put_if_newer("cas", 5, b"five", HOUR).await.unwrap());
    assert!(
        !cache
            .put_if_newer("cas", 10, b"other ten", HOUR)
            .await
            .unwrap()
    );
    let stored = cache.get("cas").await.unwrap();
    assert_eq!(stored, Some(view(10, b"ten")));

    assert!(
        cache
            .put_if_newer("cas", 11, b"eleven", HOUR)
            .await
            .unwrap()
    );
    assert_eq!(cache.get("cas").await.unwrap(), Some(view(11, b"eleven")));

    // Versions above 2^53 must compare exactly, which a Lua double cannot do.
    let high = (1_u64 << 60) + 1;
    assert!(
        cache
            .put_if_newer("cas", high, b"high", HOUR)
            .await
            .unwrap()
    );
    assert!(
        !cache
            .put_if_newer("cas", high - 1, b"lower", HOUR)
            .await
            .unwrap()
    );
    assert!(
        cache
            .put_if_newer("cas", u64::MAX, b"max", HOUR)
            .await
            .unwrap()
    );
    assert_eq!(
        cache.get("cas").await.unwrap(),
        Some(view(u64::MAX, b"max"))
    );
}

async fn cas_concurrent_writers_keep_newest(cache: Cache) {
    // Writers start in a scrambled order, 8 rounds of 64 versions each.
    for round in 0..8_u64 {
        let key = format!("concurrent-{round}");
        let mut tasks = Vec::new();
        for index in 0..64_u64 {
            let version = (index * 37 + round * 11) % 64 + 1;
            let cache = cache.clone();
            let key = key.clone();
            tasks.push(tokio::spawn(async move {
                let bytes = format!("view {version}");
                cache
                    .put_if_newer(&key, version, bytes.as_bytes(), HOUR)
                    .await
            }));
        }

        let mut stored_versions = 0;
        for task in tasks {
            if task.await.unwrap().unwrap() {
                stored_versions += 1;
            }
        }

        let stored = cache.get(&key).await.unwrap();
        assert_eq!(stored, Some(view(64, b"view 64")), "round {round}");
        assert!(stored_versions >= 1, "round {round}: no write succeeded");
    }
}

async fn ttl_is_set_with_jitter(cache: Cache) {
    let ttl = Duration::from_secs(1000);

    cache.put_if_newer("ttl", 1, b"view", ttl).await.unwrap();
    let remaining = cache
        .ttl("ttl")
        .await
        .unwrap()
        .expect("view should have a TTL");

    // The default jitter moves the TTL by at most 10 % either way.
    assert!(remaining <= Duration::from_secs(1100), "TTL {remaining:?}");
    assert!(remaining >= Duration::from_secs(890), "TTL {remaining:?}");
    assert_eq!(cache.ttl("missing").await.unwrap(), None);
}

async fn ttl_expires_view(cache: Cache) {
    cache
        .put_if_newer("short", 7, b"view", Duration::from_millis(100))
        .await
        .unwrap();

    // 100 ms + 10 % jitter at most; sleeping 600 ms leaves a wide margin.
    tokio::time::sleep(Duration::from_millis(600)).await;

    assert_eq!(cache.get("short").await.unwrap(), None);
    assert!(
        cache
            .put_if_newer("short", 1, b"older", HOUR)
            .await
            .unwrap(),
        "an expired entry must not block older versions"
    );
}

async fn invalidate_keeps_version_floor(cache: Cache) {
    cache.put_if_newer("inv", 5, b"five", HOUR).await.unwrap();

    cache.invalidate("inv").await.unwrap();

    assert_eq!(cache.get("inv").await.unwrap(), None);
    assert_eq!(cache.ttl("inv").await.unwrap(), None);
    assert!(!cache.put_if_newer("inv", 4, b"four", HOUR).await.unwrap());
    assert!(
        !cache
            .put_if_newer("inv", 5, b"five again", HOUR)
            .await
            .unwrap()
    );
    assert!(cache.put_if_newer("inv", 6, b"six", HOUR).await.unwrap());
    assert_eq!(cache.get("inv").await.unwrap(), Some(view(6, b"six")));

    cache.invalidate("never-stored").await.unwrap();
}

async fn single_flight_computes_once(cache: Cache) {
    let computations = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();

    for _ in 0..100 {
        let cache = cache.clone();
        let computations = Arc::clone(&computations);
        tasks.push(tokio::spawn(async move {
            cache
                .get_or_compute("flight", async move {
                    computations.fetch_add(1, Ordering::SeqCst);
                    // Keeps the flight open while the other callers arrive.
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    Ok::<_, std::io::Error>((3, b"computed".to_vec()))
                })
                .await
        }));
    }

    for task in tasks {
        let view = task.await.unwrap().unwrap();
        assert_eq!(
            view,
            CachedView {
                version: 3,
                bytes: b"computed".to_vec()
            }
        );
    }
    assert_eq!(computations.load(Ordering::SeqCst), 1);
    assert_eq!(cache.computations_in_flight(), 0);
    assert_eq!(
        cache.get("flight").await.unwrap(),
        Some(view(3, b"computed"))
    );
}

async fn single_flight_retries_after_failure(cache: Cache) {
    let failing = {
        let cache = cache.clone();
        tokio::spawn(async move {
            cache
                .get_or_compute("retry", async {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    Err::<(u64, Vec<u8>), _>("database down")
                })
                .await
        })
    };
    // Lets the failing call become the leader before the second call joins.
    while cache.computations_in_flight() == 0 {
        tokio::task::yield_now().await;
    }

    let second = cache
        .get_or_compute("retry", async { Ok::<_, &str>((1, b"second".to_vec())) })
        .await;

    assert_eq!(failing.await.unwrap(), Err("database down"));
    assert_eq!(second, Ok(view(1, b"second")));
    assert_eq!(cache.computations_in_flight(), 0);
}

async fn get_or_compute_returns_cached(cache: Cache) {
    cache
        .put_if_newer("cached", 9, b"stored", HOUR)
        .await
        .unwrap();

    let result = cache
        .get_or_compute("cached", async {
            Err::<(u64, Vec<u8>), _>("compute must not run on a hit")
        })
        .await;

    assert_eq!(result, Ok(view(9, b"stored")));
}

async fn status_reports_healthy(cache: Cache) {
    let status = cache.status().await;

    assert!(status.healthy);
    let expected = match cache.backend_kind() {
        BackendKind::Memory => "memory",
        BackendKind::Redis => "redis",
    };
    assert_eq!(status.backend.as_str(), expected);
}

fn view(version: u64, bytes: &[u8]) -> CachedView {
    CachedView {
        version,
        bytes: bytes.to_vec(),
    }
}
