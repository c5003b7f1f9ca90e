//! The issuer's offline tools, for the `tradeseal` binary: generate a key, sign a file,
//! verify a file against a published key set. None of them needs the network.

use std::fs::File;
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use crypto::{Jwk, KeyFileError, Sha256Hasher, SignedStatement, SigningKeyPair, StatementError};
use domain::{Digest, DocumentKind, DocumentNumber};

use crate::attestation::{
    AttestedDocument, DirectoryError, ExpectedDocument, IssuerJwkSet, Verification, sign, verify,
};

/// An offline tool that failed before it could give a result.
#[derive(Debug, thiserror::Error)]
pub enum OfflineError {
    /// The document file could not be read.
    #[error("failed to read {}: {source}", path.display())]
    ReadFile {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// The private key file could not be written or loaded.
    #[error(transparent)]
    KeyFile(#[from] KeyFileError),
    /// A certificate of origin was signed without its number.
    #[error("a {kind} needs its document number; pass the number printed on it")]
    MissingNumber {
        /// The document kind.
        kind: DocumentKind,
    },
    /// The attestation could not be signed.
    #[error("failed to sign the attestation: {0}")]
    Sign(#[from] StatementError),
    /// The key set could not be read as key states.
    #[error(transparent)]
    KeySet(#[from] DirectoryError),
}

/// Generates an Ed25519 key, writes the private key to `out` (a new file with mode 0600; an
/// existing file is never replaced) and returns the public JWK with its `kid`, ready to
/// register with `POST /v1/issuers/{id}/keys`.
pub fn keys_generate(out: &Path) -> Result<Jwk, OfflineError> {
    let key = SigningKeyPair::generate();
    key.write_new(out)?;
    Ok(key.public_key().to_jwk())
}

/// Returns the SHA-256 digest of the file's exact bytes, read in a stream.
pub fn digest_file(file: &Path) -> Result<Digest, OfflineError> {
    let read_error = |source| OfflineError::ReadFile {
        path: file.to_owned(),
        source,
    };
    let mut reader = BufReader::new(File::open(file).map_err(read_error)?);
    let mut hasher = Sha256Hasher::new();
    io::copy(&mut reader, &mut hasher).map_err(read_error)?;
    Ok(Digest::from_bytes(hasher.finalize()))
}

/// Signs an attestation that `issuer_id` issued `file` as a `kind` with `number`, dated
/// `issued_at`, with the private key in `key_path`.
pub fn sign_file(
    file: &Path,
    key_path: &Path,
    issuer_id: &str,
    kind: DocumentKind,
    number: Option<DocumentNumber>,
    issued_at: DateTime<Utc>,
) -> Result<SignedStatement, OfflineError> {
    if number.is_none() && kind.requires_number() {
        return Err(OfflineError::MissingNumber { kind });
    }
    let key = SigningKeyPair::load(key_path)?;
    let document = AttestedDocument {
        digest: digest_file(file)?,
        kind,
        number,
    };
    Ok(sign(&key, issuer_id, &document, issued_at)?)
}

/// Verifies `attestation` for `file` against a key set published at
/// `/v1/issuers/{id}/jwks.json`, with the service's rules, as of `at`.
pub async fn verify_file(
    file: &Path,
    attestation: &SignedStatement,
    jwks: &IssuerJwkSet,
    at: DateTime<Utc>,
) -> Result<Verification, OfflineError> {
    let expected = ExpectedDocument::digest(digest_file(file)?);
    verify_offline(attestation, jwks, &expected, at).await
}

/// Verifies `attestation` for the `expected` document against a published key set.
pub async fn verify_offline(
    attestation: &SignedStatement,
    jwks: &IssuerJwkSet,
    expected: &ExpectedDocument,
    at: DateTime<Utc>,
) -> Result<Verification, OfflineError> {
    Ok(verify(jwks, attestation, expected, at).await?)
}
