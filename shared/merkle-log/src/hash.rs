//! RFC 6962 hashing: the leaf and node hash functions with their domain-separation prefixes,
//! the empty-tree root, and the conversion of untrusted bytes into a [`Hash`](type@Hash).

use sha2::{Digest, Sha256};

use crate::error::{HashRole, ProofError};

/// Length of a SHA-256 digest in bytes.
pub const HASH_LEN: usize = 32;

/// A SHA-256 digest: a leaf hash, an interior node hash or a tree root.
pub type Hash = [u8; HASH_LEN];

/// Prefix of a leaf hash input, so that no leaf hash can equal a node hash (RFC 6962 §2.1).
const LEAF_PREFIX: u8 = 0x00;

/// Prefix of an interior node hash input.
const NODE_PREFIX: u8 = 0x01;

/// Hashes one log entry into a leaf hash: `SHA-256(0x00 || data)`.
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([LEAF_PREFIX]);
    hasher.update(data);
    hasher.finalize().into()
}

/// Hashes two child hashes into their parent: `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([NODE_PREFIX]);
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

/// Returns the root of the tree with no leaves: SHA-256 of the empty string.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// Converts untrusted bytes into a [`Hash`](type@Hash).
///
/// # Errors
///
/// [`ProofError::BadHashLength`] when `bytes` is not exactly 32 bytes long.
pub fn hash_from_slice(bytes: &[u8]) -> Result<Hash, ProofError> {
    parse_hash(bytes, HashRole::Hash)
}

/// Converts untrusted bytes into a [`Hash`](type@Hash), naming `role` in the error.
pub(crate) fn parse_hash(bytes: &[u8], role: HashRole) -> Result<Hash, ProofError> {
    Hash::try_from(bytes).map_err(|_| ProofError::BadHashLength {
        role,
        len: bytes.len(),
    })
}

/// Converts a list of untrusted proof hashes, naming the position of the first bad one.
///
/// # Errors
///
/// [`ProofError::BadHashLength`] when any element is not exactly 32 bytes long.
pub fn hashes_from_slices<B: AsRef<[u8]>>(proof: &[B]) -> Result<Vec<Hash>, ProofError> {
    proof
        .iter()
        .enumerate()
        .map(|(position, bytes)| parse_hash(bytes.as_ref(), HashRole::ProofHash(position)))
        .collect()
}
