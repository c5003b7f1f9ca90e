//! Keys, signed statements, RFC 8785 canonical JSON and strict Ed25519 verification.
//!
//! # Formats
//!
//! - **Digests** are SHA-256 ([`sha256`], [`Sha256Hasher`]).
//! - **Binary values in JSON** (public keys, private keys, signatures, thumbprints) are
//!   base64url without padding ([`b64u_encode`], [`b64u_decode`]). The decoder rejects padding,
//!   the standard `+`/`/` alphabet, whitespace and non-zero trailing bits, so every value has
//!   exactly one text form.
//! - **Canonical JSON** is RFC 8785 (JCS): members sorted by UTF-16 code units, no whitespace,
//!   numbers in ECMAScript form ([`canonical_bytes`]). NaN and infinities are rejected, and so
//!   are integers outside ±(2^53 − 1), because a double cannot represent them exactly; send such
//!   values as strings.
//! - **Keys** are Ed25519 (RFC 8032). A public key is published as an RFC 8037 OKP JWK
//!   ([`Jwk`]) and its key id (`kid`) is the RFC 7638 JWK thumbprint: base64url SHA-256 of
//!   `{"crv":"Ed25519","kty":"OKP","x":"<base64url key>"}`. Public keys that are not canonical
//!   encodings or have small order are rejected ([`PublicKey::from_bytes`]).
//! - **Private key files** contain a private OKP JWK (`kty`, `crv`, `x`, `d`, `kid`), created with
//!   mode 0600 and rejected on load when group or others can access them ([`SigningKeyPair`]).
//!
//! # Signed statements
//!
//! A [`SignedStatement`] is the JSON object
//! `{"payload": {"type": "<name>/v<n>", ...}, "signature": "<base64url>", "kid": "<thumbprint>"}`.
//! The signature is pure Ed25519 (64 bytes) over the RFC 8785 canonical bytes of `payload`.
//! The payload's `type` member names the statement kind and version, and a verifier states the
//! type it expects, so a statement signed as one kind never verifies as another
//! ([`verify_statement`]). Verification is strict: the signature's `S` must be below the group
//! order and neither `R` nor the public key may have small order.

mod base64url;
mod canonical;
mod digest;
mod jwk;
mod key_file;
mod number_check;
mod public_key;
mod signing_key;
mod statement;
mod strict_json;

pub use base64url::{Base64UrlError, b64u_decode, b64u_encode};
pub use canonical::{CanonicalError, canonical_bytes};
pub use digest::{Sha256Hasher, sha256};
pub use jwk::{Jwk, JwkSet};
pub use key_file::KeyFileError;
pub use public_key::{KeyError, PublicKey, SignatureError};
pub use signing_key::SigningKeyPair;
pub use statement::{
    SignedStatement, StatementError, sign_statement, verify_statement, verify_statement_with_jwks,
};
pub use strict_json::duplicate_member;
