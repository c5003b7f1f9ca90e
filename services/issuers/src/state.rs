//! The registry's router state: the database and the API-key authenticator.

use std::sync::Arc;

use axum::extract::FromRef;
use http_kit::auth::SharedAuthenticator;
use sea_orm::DatabaseConnection;

/// Shared state of the registry's handlers; cheap to clone.
#[derive(Clone)]
pub struct IssuersState {
    inner: Arc<Inner>,
}

struct Inner {
    db: DatabaseConnection,
    auth: SharedAuthenticator,
}

impl IssuersState {
    /// Builds the state from a migrated connection pool and the authenticator of API keys.
    pub fn new(db: DatabaseConnection, auth: SharedAuthenticator) -> Self {
        Self {
            inner: Arc::new(Inner { db, auth }),
        }
    }

    pub(crate) fn db(&self) -> &DatabaseConnection {
        &self.inner.db
    }
}

impl FromRef<IssuersState> for SharedAuthenticator {
    fn from_ref(state: &IssuersState) -> Self {
        state.inner.auth.clone()
    }
}
