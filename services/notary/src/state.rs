//! The notary's state: database, signing key, PDF inspector, limits and the issuer
//! registry's attestation verifier.

use std::sync::Arc;

use axum::extract::FromRef;
use crypto::SigningKeyPair;
use http_kit::auth::SharedAuthenticator;
use issuers::AttestationVerifier;
use pdf_inspect::Inspector;
use sea_orm::DatabaseConnection;

/// Settings of the notary that are not objects.
#[derive(Debug, Clone)]
pub struct NotaryConfig {
    /// Largest accepted upload, in bytes.
    pub max_upload_bytes: u64,
}

impl Default for NotaryConfig {
    fn default() -> Self {
        Self {
            max_upload_bytes: 25 * 1024 * 1024,
        }
    }
}

/// Shared state of the notary's handlers; cheap to clone.
#[derive(Clone)]
pub struct NotaryState {
    inner: Arc<Inner>,
    verifier: Option<Arc<dyn AttestationVerifier>>,
}

struct Inner {
    db: DatabaseConnection,
    auth: SharedAuthenticator,
    key: SigningKeyPair,
    inspector: Inspector,
    config: NotaryConfig,
}

impl NotaryState {
    /// Builds the state from its parts.
    pub fn new(
        db: DatabaseConnection,
        auth: SharedAuthenticator,
        key: SigningKeyPair,
        inspector: Inspector,
        config: NotaryConfig,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                db,
                auth,
                key,
                inspector,
                config,
            }),
            verifier: None,
        }
    }

    /// Verifies attestations that come with uploads through `verifier`. Without one, an
    /// upload with an attestation gets 503 `issuer-unavailable`.
    pub fn with_verifier(mut self, verifier: Arc<dyn AttestationVerifier>) -> Self {
        self.verifier = Some(verifier);
        self
    }

    pub(crate) fn verifier(&self) -> Option<&dyn AttestationVerifier> {
        self.verifier.as_deref()
    }

    pub(crate) fn db(&self) -> &DatabaseConnection {
        &self.inner.db
    }

    pub(crate) fn key(&self) -> &SigningKeyPair {
        &self.inner.key
    }

    pub(crate) fn inspector(&self) -> &Inspector {
        &self.inner.inspector
    }

    pub(crate) fn config(&self) -> &NotaryConfig {
        &self.inner.config
    }
}

impl FromRef<NotaryState> for SharedAuthenticator {
    fn from_ref(state: &NotaryState) -> Self {
        state.inner.auth.clone()
    }
}
