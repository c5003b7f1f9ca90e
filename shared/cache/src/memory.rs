//! The in-process backend: a map behind a mutex, for the embedded single-process default.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use crate::CachedView;

/// Settings of the in-process backend.
#[derive(Debug, Clone)]
pub struct MemoryConfig {
    /// Maximum number of keys held; when full, the entry closest to expiry is evicted.
    pub max_entries: usize,
}

impl Default for MemoryConfig {
    fn default() -> Self {
        Self {
            max_entries: 100_000,
        }
    }
}

/// One stored key. `bytes` is `None` after an invalidation, which keeps `version` as a
/// floor so that a slow writer of an older view still cannot store it.
struct Entry {
    version: u64,
    bytes: Option<Vec<u8>>,
    expires_at: Instant,
}

struct State {
    entries: HashMap<String, Entry>,
    /// Map size at which the next sweep of expired entries runs. It doubles with the live
    /// size, so sweeping costs amortized O(1) per write.
    sweep_at: usize,
}

/// The in-process backend. Time comes from `tokio::time`, so tests can pause the clock.
pub(crate) struct MemoryBackend {
    state: Mutex<State>,
    max_entries: usize,
}

impl MemoryBackend {
    pub(crate) fn new(config: &MemoryConfig) -> Self {
        Self {
            state: Mutex::new(State {
                entries: HashMap::new(),
                sweep_at: 1024,
            }),
            max_entries: config.max_entries.max(1),
        }
    }

    /// Locks the state. A panic while the lock was held cannot leave an entry half
    /// written (every update is a single insert or field store), so a poisoned lock is
    /// still safe to use.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn get(&self, key: &str) -> Option<CachedView> {
        let state = self.lock();
        let entry = state.entries.get(key)?;

        if entry.expires_at <= Instant::now() {
            return None;
        }

        entry.bytes.as_ref().map(|bytes| CachedView {
            version: entry.version,
            bytes: bytes.clone(),
        })
    }

    pub(crate) fn put_if_newer(
        &self,
        key: &str,
        version: u64,
        bytes: &[u8],
        ttl: Duration,
    ) -> bool {
        let now = Instant::now();
        let mut state = self.lock();

        if let Some(entry) = state.entries.get(key)
            && entry.expires_at > now
            && entry.version >= version
        {
            return false;
        }

        if !state.entries.contains_key(key) {
            make_room(&mut state, self.max_entries, now);
        }
        state.entries.insert(
            key.to_owned(),
            Entry {
                version,
                bytes: Some(bytes.to_vec()),
                expires_at: now + ttl,
            },
        );
        true
    }

    pub(crate) fn invalidate(&self, key: &str) {
        if let Some(entry) = self.lock().entries.get_mut(key) {
            entry.bytes = None;
        }
    }

    pub(crate) fn ttl(&self, key: &str) -> Option<Duration> {
        let state = self.lock();
        let entry = state.entries.get(key)?;
        entry.bytes.as_ref()?;

        let remaining = entry.expires_at.saturating_duration_since(Instant::now());
        (!remaining.is_zero()).then_some(remaining)
    }
}

/// Frees a slot for a new key: drops expired entries when the map has grown enough since
/// the last sweep, then evicts the entry closest to expiry if the map is still full.
fn make_room(state: &mut State, max_entries: usize, now: Instant) {
    if state.entries.len() >= state.sweep_at || state.entries.len() >= max_entries {
        state.entries.retain(|_, entry| entry.expires_at > now);
        state.sweep_at = (state.entries.len() * 2).max(1024);
    }

    if state.entries.len() < max_entries {
        return;
    }

    // O(n), but only when the map is full of live entries.
    let victim = state
        .entries
        .iter()
        .min_by_key(|(_, entry)| entry.expires_at)
        .map(|(key, _)| key.clone());
    if let Some(victim) = victim {
        state.entries.remove(&victim);
    }
}
