//! TTL jitter, so that views written together do not all expire in the same instant.

use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

/// Returns `ttl` moved by a random amount of at most `percent` percent either way.
///
/// The result is at least one millisecond, because Redis rejects a zero expiry. The
/// randomness comes from std's per-process hasher keys: it is not cryptographic, and
/// jitter does not need it to be.
pub(crate) fn jittered(ttl: Duration, percent: u8) -> Duration {
    let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX);
    let spread_ms = ttl_ms / 100 * u64::from(percent) + ttl_ms % 100 * u64::from(percent) / 100;

    let jittered_ms = if spread_ms == 0 {
        ttl_ms
    } else {
        // A draw in [0, 2 * spread], shifted down by `spread`, is uniform in [-spread, spread].
        let draw = random_u64() % (spread_ms.saturating_mul(2).saturating_add(1));
        ttl_ms.saturating_sub(spread_ms).saturating_add(draw)
    };

    Duration::from_millis(jittered_ms.max(1))
}

/// Returns a fresh pseudo-random number: every `RandomState::new()` uses new hasher keys.
fn random_u64() -> u64 {
    RandomState::new().hash_one(0_u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_within_bounds() {
        let ttl = Duration::from_secs(100);

        for _ in 0..1_000 {
            let value = jittered(ttl, 10);
            assert!(value >= Duration::from_secs(90), "{value:?} below 90 s");
            assert!(value <= Duration::from_secs(110), "{value:?} above 110 s");
        }
    }

    #[test]
    fn jitter_varies_the_ttl() {
        let ttl = Duration::from_secs(100);
        let first = jittered(ttl, 10);

        let varied = (0..100).any(|_| jittered(ttl, 10) != first);

        assert!(varied, "100 draws all returned {first:?}");
    }

    #[test]
    fn zero_percent_keeps_ttl() {
        assert_eq!(
            jittered(Duration::from_millis(1234), 0),
            Duration::from_millis(1234)
        );
    }

    #[test]
    fn zero_ttl_becomes_one_millisecond() {
        assert_eq!(jittered(Duration::ZERO, 10), Duration::from_millis(1));
    }
}
