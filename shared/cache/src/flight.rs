//! Single flight: at most one computation per key at a time in this process.
//!
//! The first caller for a key becomes the leader and computes; later callers subscribe to
//! the leader's result. When the leader fails or is cancelled, its followers wake up with
//! no result and one of them becomes the next leader.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::watch;

use crate::CachedView;

type Slot = Arc<watch::Sender<Option<CachedView>>>;

/// The keys being computed now. An entry lives exactly as long as its leader.
#[derive(Default)]
pub(crate) struct Flights {
    running: Mutex<HashMap<String, Slot>>,
}

/// The part a caller of [`Flights::join`] plays in the flight.
pub(crate) enum Role<'a> {
    /// Compute, then publish through the guard.
    Leader(Leader<'a>),
    /// Wait for the leader's result.
    Follower(Follower),
}

pub(crate) struct Leader<'a> {
    flights: &'a Flights,
    key: String,
    slot: Slot,
}

pub(crate) struct Follower {
    receiver: watch::Receiver<Option<CachedView>>,
}

impl Flights {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Slot>> {
        // Entries are inserted and removed whole, so a poisoned map is still consistent.
        self.running.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Makes the caller the leader for `key`, or a follower of the running leader.
    pub(crate) fn join(&self, key: &str) -> Role<'_> {
        let mut running = self.lock();

        if let Some(slot) = running.get(key) {
            return Role::Follower(Follower {
                receiver: slot.subscribe(),
            });
        }

        let slot: Slot = Arc::new(watch::channel(None).0);
        running.insert(key.to_owned(), Arc::clone(&slot));
        Role::Leader(Leader {
            flights: self,
            key: key.to_owned(),
            slot,
        })
    }

    /// Returns the number of keys being computed now.
    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }
}

impl Leader<'_> {
    /// Hands the result to every follower; dropping the guard then ends the flight.
    pub(crate) fn publish(self, view: CachedView) {
        self.slot.send_replace(Some(view));
    }
}

impl Drop for Leader<'_> {
    fn drop(&mut self) {
        let mut running = self.flights.lock();

        // Only remove our own slot: the key cannot have a newer leader while we hold it,
        // but the check keeps that invariant local.
        if running
            .get(&self.key)
            .is_some_and(|slot| Arc::ptr_eq(slot, &self.slot))
        {
            running.remove(&self.key);
        }
    }
}

impl Follower {
    /// Waits for the leader's result; `None` when the leader ended without one.
    pub(crate) async fn wait(mut self) -> Option<CachedView> {
        match self.receiver.wait_for(Option::is_some).await {
            Ok(view) => view.clone(),
            Err(_leader_gone) => None,
        }
    }
}
