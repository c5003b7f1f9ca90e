//! The issuer registry: issuers, their keys with history, and attestation verification.
//!
//! NOTE: the registry is not built yet; this crate only reserves its place in the workspace.
