//! How another service asks the registry for a verdict: the [`AttestationVerifier`] trait,
//! with [`LocalVerifier`] for the all-in-one process and [`crate::HttpVerifier`] for a
//! registry that runs apart.

use chrono::Utc;
use crypto::SignedStatement;
use sea_orm::DatabaseConnection;

use crate::attestation::{ExpectedDocument, Verification, verify};

/// The registry could not give a verdict: it is unreachable, too slow, or answered with an
/// error. Callers show this as "issuer registry unavailable", never as a verdict on the
/// attestation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the issuer registry is unavailable: {reason}")]
pub struct VerifierUnavailable {
    /// The failure, for logs.
    pub reason: String,
    /// Whether the registry rejected this service's API key (401 or 403), which retrying
    /// does not fix: the operator must set a valid key.
    pub credentials_rejected: bool,
}

impl VerifierUnavailable {
    pub(crate) fn new(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            credentials_rejected: false,
        }
    }

    pub(crate) fn credentials_rejected(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            credentials_rejected: true,
        }
    }
}

/// Verifies issuer attestations against the registry, wherever it runs.
#[async_trait::async_trait]
pub trait AttestationVerifier: Send + Sync {
    /// Returns the registry's verdict on `attestation` for the `expected` document, or
    /// [`VerifierUnavailable`] when there is no verdict to be had.
    async fn verify(
        &self,
        attestation: &SignedStatement,
        expected: &ExpectedDocument,
    ) -> Result<Verification, VerifierUnavailable>;
}

/// Verifies against the registry's tables in this process's database.
#[derive(Debug, Clone)]
pub struct LocalVerifier {
    db: DatabaseConnection,
}

impl LocalVerifier {
    /// Verifies against the migrated database behind `db`.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait::async_trait]
impl AttestationVerifier for LocalVerifier {
    async fn verify(
        &self,
        attestation: &SignedStatement,
        expected: &ExpectedDocument,
    ) -> Result<Verification, VerifierUnavailable> {
        verify(&self.db, attestation, expected, Utc::now())
            .await
            .map_err(|error| VerifierUnavailable::new(error.to_string()))
    }
}
