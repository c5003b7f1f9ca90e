//! The issuer registry: chambers of commerce, trade authorities and exporters, the Ed25519
//! keys they hold and held, and the verdict on their attestations.
//!
//! | Endpoint | Roles |
//! | --- | --- |
//! | `POST /v1/issuers` | admin |
//! | `GET /v1/issuers/{id}` | any role |
//! | `GET /v1/issuers?country=&kind=&limit=&cursor=` | any role |
//! | `POST /v1/issuers/{id}/keys` | admin; issuer bound to `{id}` |
//! | `POST /v1/issuers/{id}/keys/{kid}/revocation` | admin; issuer bound to `{id}` |
//! | `GET /v1/issuers/{id}/jwks.json` | public |
//! | `POST /v1/attestations/verify` | customs, platform, admin, issuer |
//!
//! An `issuer` API key is bound to one issuer and gets 403 on every other issuer's keys.
//!
//! The pieces other crates use:
//! - [`router`] and [`IssuersState`] for the binary;
//! - [`AttestationVerifier`] with [`LocalVerifier`] (same process) and [`HttpVerifier`]
//!   (registry apart) for the notary;
//! - [`attestation`]: the format, [`attestation::verify`] and the verdict rules, with no
//!   database or network;
//! - [`offline`]: key generation, signing and verification for the command line.

mod api;
pub mod attestation;
pub mod entity;
mod http_verifier;
pub mod issuer;
pub mod offline;
mod state;
mod store;
mod verifier;

use utoipa_axum::router::OpenApiRouter;

pub use http_verifier::{HttpVerifier, HttpVerifierConfig, HttpVerifierError};
pub use state::IssuersState;
pub use verifier::{AttestationVerifier, LocalVerifier, VerifierUnavailable};

/// Builds the registry's routes with their OpenAPI descriptions, state applied.
pub fn router(state: IssuersState) -> OpenApiRouter {
    api::routes().with_state(state)
}
