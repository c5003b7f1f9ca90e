//! The notary service: fingerprints uploaded trade documents, inspects them, stores the record,
//! appends it to the transparency log and returns a receipt signed with the notary's Ed25519
//! key. Customs officers and the platform look documents up by digest, by number, or in batches.
//!
//! | Endpoint | Roles |
//! | --- | --- |
//! | `POST /v1/documents` | platform, issuer, admin |
//! | `GET /v1/documents/{digest}` | customs, platform, admin |
//! | `POST /v1/documents/lookup` | customs, platform, admin |
//! | `GET /v1/documents?kind=&number=` | customs, platform, admin |
//! | `GET /v1/documents/{digest}/proof` | customs, platform, admin |
//! | `POST /v1/documents/{digest}/revocation` | admin; issuer that attested the document |
//! | `GET /v1/log/checkpoint` | public |
//! | `GET /.well-known/jwks.json` | public |

mod attestation;
pub mod entity;
mod log;
mod lookup;
mod receipt;
mod record;
mod register;
mod revoke;
mod state;
mod upload;

use axum::extract::DefaultBodyLimit;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use attestation::{DocumentIssuer, ReceiptIssuer};
pub use log::{BundleError, CHECKPOINT_TYPE, CheckpointPayload, ProofBundle, verify_bundle};
pub use receipt::{RECEIPT_TYPE, ReceiptPayload};
pub use record::DocumentRecord;
pub use state::{NotaryConfig, NotaryState};

/// The notary's routes with their OpenAPI descriptions, state applied.
pub fn router(state: NotaryState) -> OpenApiRouter {
    // axum's `Multipart` rejects bodies over its default 2 MB limit unless the route raises it.
    // The upload reader enforces the configured file size itself while streaming.
    let body_limit = upload::form_body_limit(state.config().max_upload_bytes);
    let uploads = OpenApiRouter::new()
        .routes(routes!(register::register, lookup::find_by_number))
        .layer(DefaultBodyLimit::max(body_limit));

    OpenApiRouter::new()
        .merge(uploads)
        .routes(routes!(lookup::get_document))
        .routes(routes!(lookup::lookup_batch))
        .routes(routes!(lookup::jwks))
        .routes(routes!(log::checkpoint))
        .routes(routes!(log::proof))
        .routes(routes!(revoke::revoke_document))
        .with_state(state)
}
