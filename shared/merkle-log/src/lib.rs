//! RFC 6962 / RFC 9162 Merkle tree hashing with inclusion and consistency proofs, for an
//! append-only transparency log.
//!
//! Everything here is a pure function of its inputs, with no I/O:
//!
//! - **Hashing**: a leaf hash is `SHA-256(0x00 || entry)` ([`leaf_hash`]), an interior node is
//!   `SHA-256(0x01 || left || right)` ([`node_hash`]), and the empty tree's root is SHA-256 of
//!   the empty string ([`empty_root`]).
//! - **Roots and proofs** from a slice of leaf hashes: [`root`], [`inclusion_proof`],
//!   [`consistency_proof`]. Proof hashes are ordered from the leaf level up to the root.
//! - **Verification**: [`verify_inclusion`] and [`verify_consistency`] take typed
//!   [`Hash`](type@Hash) values. [`verify_inclusion_bytes`] and [`verify_consistency_bytes`]
//!   take untrusted byte strings of any length and reject any that must be a hash but is not
//!   32 bytes long.
//! - **Appending**: [`CompactRange`] keeps the O(log n) subtree roots needed to compute the
//!   root after each append, and serializes to one small JSON object for a database row.
//!
//! Verification is strict. Each of these is an error with its own [`ProofError`] variant: a
//! proof with extra or missing hashes, a leaf index outside the tree, a consistency check
//! from the empty tree (size 0) and a hash of the wrong length.
//!
//! This crate is written here rather than taken from crates.io. `ct-merkle` 0.3 verifies
//! inclusion from the entry itself rather than a stored leaf hash, builds proofs only from a
//! tree held in memory and needs `sha2` 0.11. `tlog_tiles` 0.2 ties storage to the Go `tlog`
//! hash layout and reports every failed proof as the same error variant.

mod compact;
mod error;
mod hash;
mod proof;
mod untrusted;
mod verify;

pub use compact::CompactRange;
pub use error::{HashRole, ProofError, RootRole};
pub use hash::{
    HASH_LEN, Hash, empty_root, hash_from_slice, hashes_from_slices, leaf_hash, node_hash,
};
pub use proof::{consistency_proof, inclusion_proof, root};
pub use untrusted::{verify_consistency_bytes, verify_inclusion_bytes};
pub use verify::{root_from_inclusion_proof, verify_consistency, verify_inclusion};
