//! Redis caches for the router tests: on a throwaway `redis-server` (from `test_db::redis`)
//! and on the shared Redis on 127.0.0.1:6379 for the ordinary cache tier.

use cache::{Cache, CacheOptions, RedisConfig};
pub(crate) use test_db::redis::{RedisServer, free_port};
use test_db::redis::{redis_url, replies_to_ping};

/// Builds a Redis cache for `port` with the default 250 ms timeouts.
pub(crate) fn redis_cache(port: u16) -> Cache {
    Cache::redis(&RedisConfig::new(redis_url(port)), CacheOptions::default())
        .expect("the Redis cache should build without a server")
}

/// Address of the shared Redis used for the ordinary cache tier.
const SHARED_PORT: u16 = 6379;

/// Returns a cache on the shared Redis and a key prefix unique to the calling test, or
/// `None` (after printing why) when that Redis does not reply and `CI` is unset. With
/// `CI` set, an absent Redis fails the test.
pub(crate) fn shared_redis() -> Option<(Cache, String)> {
    if !replies_to_ping(SHARED_PORT) {
        assert!(
            !test_db::tier_required(),
            "Redis at 127.0.0.1:{SHARED_PORT} is required when CI is set"
        );
        println!("skipped: Redis at 127.0.0.1:{SHARED_PORT} does not reply to PING");
        return None;
    }
    let prefix = format!("reputation-test:{}:", uuid::Uuid::new_v4().simple());
    Some((redis_cache(SHARED_PORT), prefix))
}
