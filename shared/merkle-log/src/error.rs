//! The error type shared by proof generation, proof verification and the compact range.

use std::fmt;

use crate::hash::Hash;

/// Reason a proof could not be built or did not verify.
///
/// To a caller that only needs a yes or no, every variant means that the proof does not
/// show what it claims. The variants let logs and API responses name the input that was
/// wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProofError {
    /// The leaf index is not below the tree size, which includes every index of an empty tree.
    #[error(
        "leaf index {index} is out of range, because a tree of {tree_size} leaves needs \
         an index below {tree_size}"
    )]
    IndexOutOfRange {
        /// Zero-based leaf index that was requested.
        index: u64,
        /// Number of leaves in the tree.
        tree_size: u64,
    },

    /// The old tree of a consistency check is larger than the new one.
    #[error(
        "old tree size {size1} is larger than new tree size {size2}, so the old tree cannot \
         be a prefix of the new one (check the order of the sizes)"
    )]
    OldSizeExceedsNewSize {
        /// Size of the old tree.
        size1: u64,
        /// Size of the new tree.
        size2: u64,
    },

    /// A consistency check starts from the empty tree, which RFC 6962 leaves undefined.
    #[error(
        "old tree size is 0, but consistency proofs start from a tree of at least one leaf, \
         so a client without a checkpoint should skip this check and verify the new \
         checkpoint's signature instead"
    )]
    EmptyOldTree,

    /// A consistency check from the empty tree came with proof hashes.
    #[error(
        "old tree size is 0 with a consistency proof of length {proof_len}, but no proof \
         exists from the empty tree"
    )]
    NonEmptyProofForEmptyTree {
        /// Number of hashes in the rejected proof.
        proof_len: usize,
    },

    /// The proof does not have the number of hashes the tree sizes and index call for.
    #[error(
        "proof length is {actual}, but the given tree sizes (and leaf index) need exactly \
         {expected} hashes, so check that the proof was built for the same values"
    )]
    WrongProofLength {
        /// Number of hashes the sizes and index call for.
        expected: usize,
        /// Number of hashes the proof has.
        actual: usize,
    },

    /// The root computed from the proof differs from the root given.
    #[error(
        "{role} for tree size {tree_size} is {}, but the proof computes {}",
        hex::encode(given),
        hex::encode(computed)
    )]
    RootMismatch {
        /// The root of the check that did not match.
        role: RootRole,
        /// Size of the tree that root belongs to.
        tree_size: u64,
        /// Root given by the caller.
        given: Hash,
        /// Root computed from the leaf hash and the proof.
        computed: Hash,
    },

    /// Two trees of the same size were given different roots.
    #[error(
        "size1 and size2 are both {size}, so root1 and root2 must be identical, but they differ"
    )]
    EqualSizeRootsDiffer {
        /// The shared tree size.
        size: u64,
    },

    /// An untrusted value that must be a SHA-256 hash has the wrong length.
    #[error("{role} is {len} bytes long, but a SHA-256 hash is exactly 32 bytes")]
    BadHashLength {
        /// The value that had the wrong length.
        role: HashRole,
        /// Its length in bytes.
        len: usize,
    },

    /// A compact range's list of subtree hashes does not fit its size.
    #[error(
        "compact range of size {size} needs {expected} subtree hashes (one per set bit \
         of the size), but {actual} were given"
    )]
    CompactRangeShape {
        /// Number of leaves the range claims to cover.
        size: u64,
        /// Number of subtree hashes that size needs.
        expected: usize,
        /// Number of subtree hashes given.
        actual: usize,
    },

    /// Appending would make the tree size overflow `u64`.
    #[error("the log already holds u64::MAX leaves, so no leaf can be appended")]
    TreeFull,
}

/// The root a [`ProofError::RootMismatch`] refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootRole {
    /// The root of an inclusion proof's tree.
    Root,
    /// The old tree's root in a consistency proof.
    Root1,
    /// The new tree's root in a consistency proof.
    Root2,
}

impl fmt::Display for RootRole {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Self::Root => "root",
            Self::Root1 => "root1 (old tree)",
            Self::Root2 => "root2 (new tree)",
        })
    }
}

/// The untrusted value a [`ProofError::BadHashLength`] refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashRole {
    /// A value converted by [`crate::hash_from_slice`], outside any proof.
    Hash,
    /// The leaf hash of an inclusion proof.
    LeafHash,
    /// The proof element at this zero-based position.
    ProofHash(usize),
    /// A root of an inclusion or consistency proof.
    Root(RootRole),
}

impl fmt::Display for HashRole {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Hash => formatter.write_str("hash"),
            Self::LeafHash => formatter.write_str("leaf hash"),
            Self::ProofHash(position) => write!(formatter, "proof hash at position {position}"),
            Self::Root(role) => role.fmt(formatter),
        }
    }
}
