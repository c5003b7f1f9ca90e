//! Each malformed input maps to its own error variant, and each message names the bad value.

use merkle_log::{
    HashRole, ProofError, RootRole, consistency_proof, hash_from_slice, inclusion_proof, leaf_hash,
    root, verify_consistency, verify_consistency_bytes, verify_inclusion, verify_inclusion_bytes,
};

fn tree(count: u8) -> Vec<[u8; 32]> {
    (0..count).map(|i| leaf_hash(&[i])).collect()
}

#[test]
fn hash_from_slice_checks_length() {
    assert_eq!(hash_from_slice(&[9; 32]), Ok([9; 32]));

    for len in [0, 31, 33] {
        let error = hash_from_slice(&vec![0; len]).expect_err("wrong length");
        assert_eq!(
            error,
            ProofError::BadHashLength {
                role: HashRole::Hash,
                len
            }
        );
        assert!(
            error.to_string().contains(&format!("is {len} bytes long")),
            "{error}"
        );
    }
}

#[test]
fn index_out_of_range() {
    let leaves = tree(3);
    let error = verify_inclusion(&leaves[0], 5, 3, &[], &root(&leaves)).expect_err("index 5");

    assert_eq!(
        error,
        ProofError::IndexOutOfRange {
            index: 5,
            tree_size: 3
        }
    );
    assert!(error.to_string().contains("leaf index 5"), "{error}");
    assert_eq!(
        inclusion_proof(&leaves, 3),
        Err(ProofError::IndexOutOfRange {
            index: 3,
            tree_size: 3
        })
    );
}

#[test]
fn empty_tree_has_no_inclusion() {
    let leaf = leaf_hash(b"x");
    let error = verify_inclusion(&leaf, 0, 0, &[], &root(&[])).expect_err("empty tree");
    assert_eq!(
        error,
        ProofError::IndexOutOfRange {
            index: 0,
            tree_size: 0
        }
    );
}

#[test]
fn inclusion_wrong_proof_length() {
    let leaves = tree(8);
    let mut proof = inclusion_proof(&leaves, 2).expect("index in range");
    proof.push([0; 32]);

    let error = verify_inclusion(&leaves[2], 2, 8, &proof, &root(&leaves)).expect_err("padded");
    assert_eq!(
        error,
        ProofError::WrongProofLength {
            expected: 3,
            actual: 4
        }
    );
}

#[test]
fn inclusion_root_mismatch_names_both_roots() {
    let leaves = tree(4);
    let proof = inclusion_proof(&leaves, 1).expect("index in range");
    let wrong_root = [0xab; 32];

    let error = verify_inclusion(&leaves[1], 1, 4, &proof, &wrong_root).expect_err("wrong root");
    let expected = ProofError::RootMismatch {
        role: RootRole::Root,
        tree_size: 4,
        given: wrong_root,
        computed: root(&leaves),
    };
    assert_eq!(error, expected);
    assert!(
        error.to_string().contains(&hex::encode(wrong_root)),
        "{error}"
    );
    assert!(
        error.to_string().contains(&hex::encode(root(&leaves))),
        "{error}"
    );
}

#[test]
fn consistency_size_errors() {
    let leaves = tree(4);
    let root4 = root(&leaves);

    let shrinking = verify_consistency(5, 4, &[], &root4, &root4);
    assert_eq!(
        shrinking,
        Err(ProofError::OldSizeExceedsNewSize { size1: 5, size2: 4 })
    );

    let from_empty = verify_consistency(0, 4, &[], &root(&[]), &root4);
    assert_eq!(from_empty, Err(ProofError::EmptyOldTree));

    let with_proof = verify_consistency(0, 4, &[root4], &root(&[]), &root4);
    assert_eq!(
        with_proof,
        Err(ProofError::NonEmptyProofForEmptyTree { proof_len: 1 })
    );

    let equal_with_proof = verify_consistency(4, 4, &[root4], &root4, &root4);
    assert_eq!(
        equal_with_proof,
        Err(ProofError::WrongProofLength {
            expected: 0,
            actual: 1
        })
    );

    let equal_differ = verify_consistency(4, 4, &[], &root4, &[0; 32]);
    assert_eq!(
        equal_differ,
        Err(ProofError::EqualSizeRootsDiffer { size: 4 })
    );
}

#[test]
fn consistency_root_mismatch_names_role() {
    let leaves = tree(7);
    let proof = consistency_proof(&leaves, 3).expect("valid sizes");
    let (root3, root7) = (root(&leaves[..3]), root(&leaves));

    let old_wrong = verify_consistency(3, 7, &proof, &[1; 32], &root7).expect_err("old root");
    assert!(matches!(
        old_wrong,
        ProofError::RootMismatch {
            role: RootRole::Root1,
            tree_size: 3,
            ..
        }
    ));

    let new_wrong = verify_consistency(3, 7, &proof, &root3, &[1; 32]).expect_err("new root");
    assert!(matches!(
        new_wrong,
        ProofError::RootMismatch {
            role: RootRole::Root2,
            tree_size: 7,
            ..
        }
    ));
    assert!(
        new_wrong
            .to_string()
            .starts_with("root2 (new tree) for tree size 7"),
        "{new_wrong}"
    );
}

#[test]
fn bytes_verifiers_name_bad_value() {
    let leaves = tree(8);
    let proof: Vec<Vec<u8>> = inclusion_proof(&leaves, 6)
        .expect("index in range")
        .iter()
        .map(|hash| hash.to_vec())
        .collect();
    let tree_root = root(&leaves);

    let short_leaf = verify_inclusion_bytes(&leaves[6][..31], 6, 8, &proof, &tree_root);
    assert_eq!(
        short_leaf,
        Err(ProofError::BadHashLength {
            role: HashRole::LeafHash,
            len: 31
        })
    );

    let mut long_element = proof.clone();
    long_element[2].push(0);
    let long = verify_inclusion_bytes(&leaves[6], 6, 8, &long_element, &tree_root);
    assert_eq!(
        long,
        Err(ProofError::BadHashLength {
            role: HashRole::ProofHash(2),
            len: 33
        })
    );
    let message = long.expect_err("long element").to_string();
    assert_eq!(
        message,
        "proof hash at position 2 is 33 bytes long, but a SHA-256 hash is exactly 32 bytes"
    );

    let old_root = root(&leaves[..5]);
    let consistency: Vec<[u8; 32]> = consistency_proof(&leaves, 5).expect("valid sizes");
    let short_root2 = verify_consistency_bytes(5, 8, &consistency, &old_root, &tree_root[..16]);
    let want = ProofError::BadHashLength {
        role: HashRole::Root(RootRole::Root2),
        len: 16,
    };
    assert_eq!(short_root2, Err(want));
}

#[test]
fn bytes_equal_sizes_compare_roots_as_given() {
    let accepted = verify_consistency_bytes::<&[u8]>(3, 3, &[], b"same", b"same");
    assert_eq!(accepted, Ok(()));

    let rejected = verify_consistency_bytes::<&[u8]>(3, 3, &[], b"same", b"other");
    assert_eq!(rejected, Err(ProofError::EqualSizeRootsDiffer { size: 3 }));
}
