//! Verification of proofs whose hashes arrive as untrusted byte strings of any length, as
//! they do after decoding JSON or a database column.
//!
//! Every value that enters a hash computation must be exactly 32 bytes, and the error names
//! the first value that is not. A caller that already has [`Hash`](type@Hash) values should use
//! [`crate::verify_inclusion`] and [`crate::verify_consistency`] directly.

use crate::error::{HashRole, ProofError, RootRole};
use crate::hash::{Hash, hashes_from_slices, parse_hash};
use crate::verify::{SizeRelation, check_consistency_sizes, verify_growth, verify_inclusion};

/// Verifies an inclusion proof given as raw bytes, like [`verify_inclusion`].
///
/// # Errors
///
/// [`ProofError::BadHashLength`] when the leaf hash, a proof element or the root is not
/// 32 bytes long, checked in that order, and otherwise the errors of [`verify_inclusion`].
pub fn verify_inclusion_bytes<B: AsRef<[u8]>>(
    leaf_hash: &[u8],
    index: u64,
    tree_size: u64,
    proof: &[B],
    root: &[u8],
) -> Result<(), ProofError> {
    let leaf_hash = parse_hash(leaf_hash, HashRole::LeafHash)?;
    let proof = hashes_from_slices(proof)?;
    let root = parse_hash(root, HashRole::Root(RootRole::Root))?;
    verify_inclusion(&leaf_hash, index, tree_size, &proof, &root)
}

/// Verifies a consistency proof given as raw bytes, like [`crate::verify_consistency`].
///
/// The sizes are checked before any hash. When `size1 == size2` nothing is hashed and the
/// proof must be empty, so the two roots are compared byte for byte whatever their length:
/// equal sizes with identical roots are consistent by definition.
///
/// # Errors
///
/// The size errors of [`crate::verify_consistency`] first. Then, when the sizes differ,
/// [`ProofError::BadHashLength`] for a proof element, `root1` or `root2` that is not
/// 32 bytes long, and otherwise the root errors of [`crate::verify_consistency`].
pub fn verify_consistency_bytes<B: AsRef<[u8]>>(
    size1: u64,
    size2: u64,
    proof: &[B],
    root1: &[u8],
    root2: &[u8],
) -> Result<(), ProofError> {
    match check_consistency_sizes(size1, size2, proof.len())? {
        SizeRelation::Equal if root1 == root2 => Ok(()),
        SizeRelation::Equal => Err(ProofError::EqualSizeRootsDiffer { size: size1 }),
        SizeRelation::Grown => {
            let proof: Vec<Hash> = hashes_from_slices(proof)?;
            let root1 = parse_hash(root1, HashRole::Root(RootRole::Root1))?;
            let root2 = parse_hash(root2, HashRole::Root(RootRole::Root2))?;
            verify_growth(size1, size2, &proof, &root1, &root2)
        }
    }
}
