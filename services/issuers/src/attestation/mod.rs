//! Issuer attestations: the signed statement format, the verdict rules and the verifier.
//!
//! Nothing here touches the database or the network, so the offline tools, the registry and
//! the notary share one implementation. An attestation is a [`crypto::SignedStatement`] whose
//! payload is
//!
//! ```json
//! {"type": "tradeseal.issuer-attestation/v1",
//!  "document": {"digest": "sha256:<64 hex>", "kind": "certificate_of_origin", "number": "KCCI/2026/004512"},
//!  "issuer": "<issuer id>", "kid": "<key thumbprint>", "issuedAt": "2026-12-04T10:15:30Z"}
//! ```
//!
//! signed with Ed25519 over the RFC 8785 canonical bytes of the payload. `docs/attestations.md`
//! describes the format for people who produce or check attestations with other tools.

mod jwks;
mod payload;
mod rules;
mod verdict;
mod verify;

pub use jwks::{IssuerJwk, IssuerJwkSet, JwkStateError};
pub use payload::{ATTESTATION_TYPE, Attestation, AttestedDocument, MalformedAttestation, sign};
pub use rules::{SignatureFailure, check_signature, document_verdict, key_verdict};
pub use verdict::{
    ExpectedDocument, KeyState, RevocationReason, RevocationReasonError, Verdict, Verification,
};
pub use verify::{DirectoryError, DirectoryKey, IssuerDirectory, MAX_CLOCK_SKEW, verify};
