//! Verification of inclusion and consistency proofs against given roots (RFC 9162 §2.1.3.2
//! and §2.1.4.2), with all inputs already typed as [`Hash`](type@Hash).
//!
//! Both checks first derive from the sizes (and index) how many proof hashes are needed and
//! reject a proof of any other length, so a padded or truncated proof fails before hashing.

use crate::error::{ProofError, RootRole};
use crate::hash::{Hash, node_hash};

/// Verifies that `leaf_hash` is the leaf at `index` of the tree of `tree_size` leaves whose
/// root is `root`.
///
/// A proof checks the leaf's position as well as its presence. Some proofs also verify for
/// another tree size whose path has the same shape, so the caller must bind `tree_size` to
/// `root`, for example through a signed checkpoint.
///
/// # Errors
///
/// - [`ProofError::IndexOutOfRange`] when `index >= tree_size`, so always for an empty tree.
/// - [`ProofError::WrongProofLength`] when the proof is longer or shorter than the path.
/// - [`ProofError::RootMismatch`] when the computed root differs from `root`.
pub fn verify_inclusion(
    leaf_hash: &Hash,
    index: u64,
    tree_size: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    let computed = root_from_inclusion_proof(leaf_hash, index, tree_size, proof)?;
    compare_root(RootRole::Root, tree_size, root, computed)
}

/// Computes the root that an inclusion proof implies for `leaf_hash` at `index` in a tree of
/// `tree_size` leaves.
///
/// # Errors
///
/// [`ProofError::IndexOutOfRange`] and [`ProofError::WrongProofLength`], as for
/// [`verify_inclusion`].
pub fn root_from_inclusion_proof(
    leaf_hash: &Hash,
    index: u64,
    tree_size: u64,
    proof: &[Hash],
) -> Result<Hash, ProofError> {
    if index >= tree_size {
        return Err(ProofError::IndexOutOfRange { index, tree_size });
    }

    let path = PathShape::new(index, tree_size - 1);
    check_proof_len(path.len(), proof.len())?;

    let (inner, border) = proof.split_at(path.inner);
    let mut hash = *leaf_hash;
    for (level, sibling) in inner.iter().enumerate() {
        hash = if is_right_child(index, level) {
            node_hash(sibling, &hash)
        } else {
            node_hash(&hash, sibling)
        };
    }
    Ok(border
        .iter()
        .fold(hash, |hash, sibling| node_hash(sibling, &hash)))
}

/// Verifies that the tree of `size1` leaves with root `root1` is a prefix of the tree of
/// `size2` leaves with root `root2`.
///
/// When the sizes are equal the proof must be empty and the roots identical. An old size of
/// 0 is rejected even with an empty proof: RFC 6962 defines consistency proofs only between
/// non-empty trees, and accepting it would let a caller skip checking `root2` by accident.
///
/// # Errors
///
/// - [`ProofError::OldSizeExceedsNewSize`] when `size1 > size2`.
/// - [`ProofError::EmptyOldTree`] or [`ProofError::NonEmptyProofForEmptyTree`] when
///   `size1 == 0`.
/// - [`ProofError::WrongProofLength`] when the proof has the wrong number of hashes.
/// - [`ProofError::EqualSizeRootsDiffer`] when `size1 == size2` and the roots differ.
/// - [`ProofError::RootMismatch`] when either computed root differs from the given one.
pub fn verify_consistency(
    size1: u64,
    size2: u64,
    proof: &[Hash],
    root1: &Hash,
    root2: &Hash,
) -> Result<(), ProofError> {
    match check_consistency_sizes(size1, size2, proof.len())? {
        SizeRelation::Equal if root1 == root2 => Ok(()),
        SizeRelation::Equal => Err(ProofError::EqualSizeRootsDiffer { size: size1 }),
        SizeRelation::Grown => verify_growth(size1, size2, proof, root1, root2),
    }
}

/// Relation between the two sizes of a consistency check, once the invalid cases are rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SizeRelation {
    /// `size1 == size2 > 0`: nothing is hashed, and the roots must be identical.
    Equal,
    /// `0 < size1 < size2`: the proof is run.
    Grown,
}

/// Rejects the size combinations that no consistency proof can cover.
pub(crate) fn check_consistency_sizes(
    size1: u64,
    size2: u64,
    proof_len: usize,
) -> Result<SizeRelation, ProofError> {
    if size1 > size2 {
        return Err(ProofError::OldSizeExceedsNewSize { size1, size2 });
    }
    if size1 == 0 && proof_len > 0 {
        return Err(ProofError::NonEmptyProofForEmptyTree { proof_len });
    }
    if size1 == 0 {
        return Err(ProofError::EmptyOldTree);
    }

    if size1 == size2 {
        check_proof_len(0, proof_len)?;
        return Ok(SizeRelation::Equal);
    }
    Ok(SizeRelation::Grown)
}

/// Runs a consistency proof for `0 < size1 < size2` and compares both computed roots.
///
/// The proof starts at the largest complete subtree that ends at the old tree's last leaf.
/// Its size is the largest power of two dividing `size1`, so working in units of that
/// subtree (shifting both last-leaf indices right) turns the rest into an inclusion path
/// from that subtree to both roots. When `size1` is itself a power of two that subtree is
/// the old root, which the verifier already has, so the proof leaves it out.
pub(crate) fn verify_growth(
    size1: u64,
    size2: u64,
    proof: &[Hash],
    root1: &Hash,
    root2: &Hash,
) -> Result<(), ProofError> {
    let shift = size1.trailing_zeros();
    let old_last = (size1 - 1) >> shift;
    let new_last = (size2 - 1) >> shift;
    let old_is_subtree = old_last == 0;

    let path = PathShape::new(old_last, new_last);
    let expected = path.len() + usize::from(!old_is_subtree);
    check_proof_len(expected, proof.len())?;

    let (seed, rest) = match proof.split_first() {
        Some((first, rest)) if !old_is_subtree => (*first, rest),
        _ => (*root1, proof),
    };
    let (inner, border) = rest.split_at(path.inner);

    let mut old_hash = seed;
    let mut new_hash = seed;
    for (level, sibling) in inner.iter().enumerate() {
        // A right child's left sibling lies inside both trees. A left child's right sibling
        // contains only new leaves, so it enters the new root alone.
        if is_right_child(old_last, level) {
            old_hash = node_hash(sibling, &old_hash);
            new_hash = node_hash(sibling, &new_hash);
        } else {
            new_hash = node_hash(&new_hash, sibling);
        }
    }
    for sibling in border {
        old_hash = node_hash(sibling, &old_hash);
        new_hash = node_hash(sibling, &new_hash);
    }

    compare_root(RootRole::Root1, size1, root1, old_hash)?;
    compare_root(RootRole::Root2, size2, root2, new_hash)
}

/// The two parts of the path from node `index` to the root of a tree whose last node at
/// that level is `last`.
///
/// Below level `inner` the paths to `index` and to `last` differ, and each level has one
/// sibling, on either side. From level `inner` up the two paths share their nodes, which are
/// the rightmost of their level. Such a node adds one hash when it has a left sibling, that
/// is when its bit of `index` is one, and is carried up unchanged otherwise.
struct PathShape {
    inner: usize,
    border: usize,
}

impl PathShape {
    fn new(index: u64, last: u64) -> Self {
        let inner = u64::BITS - (index ^ last).leading_zeros();
        let shared_bits = index.checked_shr(inner).unwrap_or(0);
        Self {
            inner: inner as usize,
            border: shared_bits.count_ones() as usize,
        }
    }

    fn len(&self) -> usize {
        self.inner + self.border
    }
}

/// Tells whether the ancestor of node `index` at `level` levels up is a right child.
fn is_right_child(index: u64, level: usize) -> bool {
    (index >> level) & 1 == 1
}

fn check_proof_len(expected: usize, actual: usize) -> Result<(), ProofError> {
    if expected != actual {
        return Err(ProofError::WrongProofLength { expected, actual });
    }
    Ok(())
}

fn compare_root(
    role: RootRole,
    tree_size: u64,
    given: &Hash,
    computed: Hash,
) -> Result<(), ProofError> {
    if computed != *given {
        return Err(ProofError::RootMismatch {
            role,
            tree_size,
            given: *given,
            computed,
        });
    }
    Ok(())
}
