//! Caches for the tests: in memory, or on a throwaway `redis-server` from `test_db::redis`.

#![expect(
    dead_code,
    reason = "each test binary uses a different part of this module"
)]

use std::time::Duration;

use cache::{Cache, CacheOptions, MemoryConfig, RedisConfig};
use test_db::redis::redis_url;

/// Builds a Redis cache for `port` with the default 250 ms timeouts.
pub(crate) fn redis_cache(port: u16) -> Cache {
    Cache::redis(&RedisConfig::new(redis_url(port)), CacheOptions::default())
        .expect("the Redis cache should build without a server")
}

pub(crate) fn memory_cache() -> Cache {
    Cache::memory(&MemoryConfig::default(), CacheOptions::default())
}

/// Limit that only catches a hung call; no test asserts how fast a call is.
pub(crate) const HANG_LIMIT: Duration = Duration::from_secs(5);

/// Retries `put_if_newer` until it succeeds, for tests of recovery after an outage.
/// Panics after 15 s: by then the cache has failed to recover.
pub(crate) async fn wait_for_recovery(cache: &Cache, key: &str, version: u64) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let attempt = tokio::time::timeout(
            HANG_LIMIT,
            cache.put_if_newer(key, version, b"recovered", Duration::from_secs(60)),
        )
        .await
        .expect("put_if_newer hung");
        if attempt.is_ok() {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "cache did not recover: {attempt:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
