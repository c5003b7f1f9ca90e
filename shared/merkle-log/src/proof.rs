//! Tree hashes and proof generation over a slice of leaf hashes, following the recursive
//! definitions of RFC 6962 §2.1 (`MTH`, `PATH` and `SUBPROOF`).
//!
//! Each function reads every leaf hash it is given, so its cost is linear in the tree size.

use crate::error::ProofError;
use crate::hash::{Hash, empty_root, node_hash};

/// Computes the Merkle Tree Hash of a list of leaf hashes (the `MTH` of RFC 6962 §2.1).
///
/// The leaves must already be hashed with [`crate::leaf_hash`]. An empty list gives
/// [`empty_root`].
pub fn root(leaf_hashes: &[Hash]) -> Hash {
    match leaf_hashes {
        [] => empty_root(),
        [leaf] => *leaf,
        _ => {
            let (left, right) = leaf_hashes.split_at(split_point(leaf_hashes.len()));
            node_hash(&root(left), &root(right))
        }
    }
}

/// Builds the inclusion proof of the leaf at `index` in the tree made of all `leaf_hashes`
/// (the audit path `PATH` of RFC 6962 §2.1.1).
///
/// The proof lists sibling subtree hashes from the leaf's level up to the root.
///
/// # Errors
///
/// [`ProofError::IndexOutOfRange`] when `index` is not below `leaf_hashes.len()`.
pub fn inclusion_proof(leaf_hashes: &[Hash], index: u64) -> Result<Vec<Hash>, ProofError> {
    let out_of_range = ProofError::IndexOutOfRange {
        index,
        tree_size: tree_size(leaf_hashes),
    };
    let position = usize::try_from(index).map_err(|_| out_of_range.clone())?;
    if position >= leaf_hashes.len() {
        return Err(out_of_range);
    }

    let mut proof = Vec::new();
    push_inclusion_path(leaf_hashes, position, &mut proof);
    Ok(proof)
}

/// Builds the consistency proof from the tree of the first `old_size` leaves to the tree of
/// all `leaf_hashes` (`PROOF(m, D[n])` of RFC 6962 §2.1.2).
///
/// When `old_size` equals the number of leaves the proof is empty.
///
/// # Errors
///
/// - [`ProofError::OldSizeExceedsNewSize`] when `old_size` is larger than `leaf_hashes.len()`.
/// - [`ProofError::EmptyOldTree`] when `old_size` is 0, because RFC 6962 defines consistency
///   proofs only from a non-empty tree and [`crate::verify_consistency`] rejects that case.
pub fn consistency_proof(leaf_hashes: &[Hash], old_size: u64) -> Result<Vec<Hash>, ProofError> {
    let new_size = tree_size(leaf_hashes);
    if old_size > new_size {
        return Err(ProofError::OldSizeExceedsNewSize {
            size1: old_size,
            size2: new_size,
        });
    }
    if old_size == 0 {
        return Err(ProofError::EmptyOldTree);
    }

    // old_size <= leaf_hashes.len(), so it fits in usize.
    let old_len = usize::try_from(old_size).unwrap_or(leaf_hashes.len());
    let mut proof = Vec::new();
    push_subproof(leaf_hashes, old_len, true, &mut proof);
    Ok(proof)
}

/// Appends `PATH(index, leaves)`, deepest sibling first.
fn push_inclusion_path(leaves: &[Hash], index: usize, proof: &mut Vec<Hash>) {
    if leaves.len() <= 1 {
        return;
    }

    let (left, right) = leaves.split_at(split_point(leaves.len()));
    if index < left.len() {
        push_inclusion_path(left, index, proof);
        proof.push(root(right));
    } else {
        push_inclusion_path(right, index - left.len(), proof);
        proof.push(root(left));
    }
}

/// Appends `SUBPROOF(old_len, leaves, old_root_known)`, deepest node first.
///
/// `old_root_known` is true while the subtree being split is the old tree's own root, which
/// the verifier already holds, so it is left out of the proof.
fn push_subproof(leaves: &[Hash], old_len: usize, old_root_known: bool, proof: &mut Vec<Hash>) {
    if old_len == leaves.len() {
        if !old_root_known {
            proof.push(root(leaves));
        }
        return;
    }

    let (left, right) = leaves.split_at(split_point(leaves.len()));
    if old_len <= left.len() {
        push_subproof(left, old_len, old_root_known, proof);
        proof.push(root(right));
    } else {
        push_subproof(right, old_len - left.len(), false, proof);
        proof.push(root(left));
    }
}

/// Returns the largest power of two below `len`, where RFC 6962 splits a tree of `len >= 2`
/// leaves into its left and right subtrees.
fn split_point(len: usize) -> usize {
    debug_assert!(len >= 2, "a tree of {len} leaves has no split point");
    1 << (usize::BITS - 1 - (len - 1).leading_zeros())
}

/// Returns the number of leaves as a tree size.
fn tree_size(leaf_hashes: &[Hash]) -> u64 {
    // usize is at most 64 bits wide on every target Rust supports, so this never saturates.
    u64::try_from(leaf_hashes.len()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::split_point;

    #[test]
    fn split_point_is_largest_power_below() {
        let cases = [
            (2, 1),
            (3, 2),
            (4, 2),
            (5, 4),
            (8, 4),
            (9, 8),
            (64, 32),
            (65, 64),
        ];
        for (len, expected) in cases {
            assert_eq!(split_point(len), expected, "split point of {len}");
        }
    }
}
