//! Checks over every tree of 1 to 64 leaves, every leaf index and every old size. Each
//! generated proof verifies, and flipping a bit or changing a size or index makes
//! verification fail. The one exception is a changed value that gives a path of the same
//! shape, because no verifier can tell such paths apart.
//!
//! The expected shapes come from the recursive definitions of RFC 6962 §2.1.1 and §2.1.2,
//! written out again here, independently of how the crate's verifiers compute them.

use merkle_log::{
    Hash, ProofError, consistency_proof, inclusion_proof, leaf_hash, root,
    root_from_inclusion_proof, verify_consistency, verify_consistency_bytes, verify_inclusion,
    verify_inclusion_bytes,
};

const MAX_SIZE: u64 = 64;

/// Distinct leaf hashes, so no two leaves can stand in for each other.
fn leaves() -> Vec<Hash> {
    (0..MAX_SIZE).map(|i| leaf_hash(&i.to_be_bytes())).collect()
}

/// Computes the root of every prefix, indexed by size.
fn prefix_roots(leaves: &[Hash]) -> Vec<Hash> {
    (0..=leaves.len())
        .map(|size| root(&leaves[..size]))
        .collect()
}

fn split(size: u64) -> u64 {
    let mut k = 1;
    // Written as k < size - k so that sizes near u64::MAX cannot overflow.
    while k < size - k {
        k *= 2;
    }
    k
}

/// `PATH(index, size)` as a list of "the sibling is on the left" flags, leaf level first.
fn inclusion_shape(index: u64, size: u64) -> Vec<bool> {
    if size == 1 {
        return Vec::new();
    }
    let k = split(size);
    let (mut shape, sibling_on_left) = if index < k {
        (inclusion_shape(index, k), false)
    } else {
        (inclusion_shape(index - k, size - k), true)
    };
    shape.push(sibling_on_left);
    shape
}

/// One hash of `SUBPROOF`, as the verifier uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// The starting subtree hash, taken from the proof.
    Seed,
    /// A right sibling made of new leaves only.
    NewOnlyRight,
    /// A left sibling inside both trees.
    BothLeft,
}

/// `SUBPROOF(old_size, size, old_root_known)` as a list of steps, deepest first.
fn consistency_shape(old_size: u64, size: u64, old_root_known: bool) -> Vec<Step> {
    if old_size == size {
        return if old_root_known {
            Vec::new()
        } else {
            vec![Step::Seed]
        };
    }
    let k = split(size);
    let (mut shape, step) = if old_size <= k {
        (
            consistency_shape(old_size, k, old_root_known),
            Step::NewOnlyRight,
        )
    } else {
        (
            consistency_shape(old_size - k, size - k, false),
            Step::BothLeft,
        )
    };
    shape.push(step);
    shape
}

/// Trees up to this size get every one of the 256 bits of each hash flipped in turn.
const ALL_BITS_MAX_SIZE: u64 = 16;

/// Lists the bits to flip in each hash of a tree of `size` leaves.
///
/// Small trees get all 256 bits. Larger trees, whose path shapes repeat those of smaller
/// ones at greater depth, get one bit in each of the 32 bytes, at a position that cycles
/// through all eight, which keeps this test to seconds in an unoptimized build.
fn bits_to_flip(size: u64) -> Vec<usize> {
    if size <= ALL_BITS_MAX_SIZE {
        return (0..256).collect();
    }
    (0..32).map(|byte| byte * 8 + byte % 8).collect()
}

fn flipped(hash: &Hash, bit: usize) -> Hash {
    let mut copy = *hash;
    copy[bit / 8] ^= 1 << (bit % 8);
    copy
}

#[test]
fn inclusion_proofs_verify() {
    let leaves = leaves();
    let roots = prefix_roots(&leaves);

    for size in 1..=MAX_SIZE {
        let tree = &leaves[..size as usize];
        for index in 0..size {
            let proof = inclusion_proof(tree, index).expect("index in range");
            let (leaf, root) = (&tree[index as usize], &roots[size as usize]);

            assert_eq!(
                proof.len(),
                inclusion_shape(index, size).len(),
                "length {index}/{size}"
            );
            assert_eq!(
                verify_inclusion(leaf, index, size, &proof, root),
                Ok(()),
                "{index}/{size}"
            );
            assert_eq!(
                root_from_inclusion_proof(leaf, index, size, &proof),
                Ok(*root)
            );
            assert_eq!(
                verify_inclusion_bytes(leaf, index, size, &proof, root),
                Ok(())
            );
        }
        let out_of_range = inclusion_proof(tree, size);
        assert!(
            matches!(out_of_range, Err(ProofError::IndexOutOfRange { .. })),
            "{size}"
        );
    }
}

#[test]
fn inclusion_rejects_flipped_bits() {
    let leaves = leaves();
    let roots = prefix_roots(&leaves);

    for size in 1..=MAX_SIZE {
        let root = &roots[size as usize];
        for index in 0..size {
            let leaf = &leaves[index as usize];
            let proof = inclusion_proof(&leaves[..size as usize], index).expect("index in range");

            for bit in bits_to_flip(size) {
                let bad_leaf = verify_inclusion(&flipped(leaf, bit), index, size, &proof, root);
                assert!(bad_leaf.is_err(), "leaf bit {bit} of {index}/{size}");
                let bad_root = verify_inclusion(leaf, index, size, &proof, &flipped(root, bit));
                assert!(bad_root.is_err(), "root bit {bit} of {index}/{size}");

                for position in 0..proof.len() {
                    let mut bad = proof.clone();
                    bad[position] = flipped(&proof[position], bit);
                    let result = verify_inclusion(leaf, index, size, &bad, root);
                    assert!(
                        result.is_err(),
                        "bit {bit} of hash {position}, {index}/{size}"
                    );
                }
            }
        }
    }
}

#[test]
fn inclusion_bound_to_index_and_size() {
    let leaves = leaves();
    let roots = prefix_roots(&leaves);

    for size in 1..=MAX_SIZE {
        let root = &roots[size as usize];
        for index in 0..size {
            let leaf = &leaves[index as usize];
            let proof = inclusion_proof(&leaves[..size as usize], index).expect("index in range");
            let shape = inclusion_shape(index, size);

            let other_indices = (0..size + 2).chain([u64::MAX]).filter(|&i| i != index);
            for other in other_indices {
                let result = verify_inclusion(leaf, other, size, &proof, root);
                assert!(
                    result.is_err(),
                    "proof of {index}/{size} verified at index {other}"
                );
            }

            for other in (0..=2 * MAX_SIZE).chain([u64::MAX]).filter(|&s| s != size) {
                let result = verify_inclusion(leaf, index, other, &proof, root);
                let same_shape = index < other && inclusion_shape(index, other) == shape;
                assert_eq!(
                    result.is_ok(),
                    same_shape,
                    "{index}/{size} checked as size {other}"
                );
            }
        }
    }
}

#[test]
fn consistency_proofs_verify() {
    let leaves = leaves();
    let roots = prefix_roots(&leaves);

    for size2 in 1..=MAX_SIZE {
        let tree = &leaves[..size2 as usize];
        let root2 = &roots[size2 as usize];
        for size1 in 1..=size2 {
            let proof = consistency_proof(tree, size1).expect("valid sizes");
            let root1 = &roots[size1 as usize];

            let shape = consistency_shape(size1, size2, true);
            assert_eq!(proof.len(), shape.len(), "length {size1}->{size2}");
            let result = verify_consistency(size1, size2, &proof, root1, root2);
            assert_eq!(result, Ok(()), "{size1}->{size2}");
            let bytes_result = verify_consistency_bytes(size1, size2, &proof, root1, root2);
            assert_eq!(bytes_result, Ok(()), "bytes {size1}->{size2}");
        }

        assert_eq!(consistency_proof(tree, 0), Err(ProofError::EmptyOldTree));
        let too_large = consistency_proof(tree, size2 + 1);
        assert!(matches!(
            too_large,
            Err(ProofError::OldSizeExceedsNewSize { .. })
        ));
    }
}

#[test]
fn consistency_rejects_flipped_bits() {
    let leaves = leaves();
    let roots = prefix_roots(&leaves);

    for size2 in 1..=MAX_SIZE {
        let root2 = &roots[size2 as usize];
        for size1 in 1..=size2 {
            let proof = consistency_proof(&leaves[..size2 as usize], size1).expect("valid sizes");
            let root1 = &roots[size1 as usize];

            for bit in bits_to_flip(size2) {
                let bad1 = verify_consistency(size1, size2, &proof, &flipped(root1, bit), root2);
                assert!(bad1.is_err(), "root1 bit {bit} of {size1}->{size2}");
                let bad2 = verify_consistency(size1, size2, &proof, root1, &flipped(root2, bit));
                assert!(bad2.is_err(), "root2 bit {bit} of {size1}->{size2}");

                for position in 0..proof.len() {
                    let mut bad = proof.clone();
                    bad[position] = flipped(&proof[position], bit);
                    let result = verify_consistency(size1, size2, &bad, root1, root2);
                    assert!(
                        result.is_err(),
                        "bit {bit} of hash {position}, {size1}->{size2}"
                    );
                }
            }
        }
    }
}

#[test]
fn consistency_bound_to_sizes() {
    let leaves = leaves();
    let roots = prefix_roots(&leaves);
    let expected_ok = |size1: u64, size2: u64, shape: &[Step]| {
        size1 >= 1 && size1 <= size2 && consistency_shape(size1, size2, true) == shape
    };

    for size2 in 1..=MAX_SIZE {
        let root2 = &roots[size2 as usize];
        for size1 in 1..=size2 {
            let proof = consistency_proof(&leaves[..size2 as usize], size1).expect("valid sizes");
            let root1 = &roots[size1 as usize];
            let shape = consistency_shape(size1, size2, true);

            for other in (0..=size2 + 1).chain([u64::MAX]).filter(|&s| s != size1) {
                let result = verify_consistency(other, size2, &proof, root1, root2);
                let want = expected_ok(other, size2, &shape);
                assert_eq!(
                    result.is_ok(),
                    want,
                    "{size1}->{size2} checked as size1 {other}"
                );
            }

            for other in (0..=2 * MAX_SIZE).chain([u64::MAX]).filter(|&s| s != size2) {
                let result = verify_consistency(size1, other, &proof, root1, root2);
                let want = expected_ok(size1, other, &shape);
                assert_eq!(
                    result.is_ok(),
                    want,
                    "{size1}->{size2} checked as size2 {other}"
                );
            }

            let swapped = verify_consistency(size1, size2, &proof, root2, root1);
            assert_eq!(
                swapped.is_ok(),
                size1 == size2,
                "{size1}->{size2} with swapped roots"
            );
        }
    }
}
