//! Roots and single-hash vectors from the RFC 6962 reference tree of eight leaves.

#[path = "support/corpus.rs"]
mod corpus;

use corpus::ReferenceTree;
use merkle_log::{CompactRange, empty_root, leaf_hash, root};

#[test]
fn appending_reference_leaves_gives_listed_roots() {
    let Some(tree) = ReferenceTree::load() else {
        return;
    };
    let leaves = tree.leaf_hashes();
    let mut range = CompactRange::new();

    for size in 0..=leaves.len() {
        if size > 0 {
            range
                .append(leaves[size - 1])
                .expect("append to a small range");
        }
        let listed = tree
            .root(size as u64)
            .unwrap_or_else(|| panic!("no listed root for size {size}"));

        assert_eq!(
            range.size(),
            size as u64,
            "compact range size after {size} appends"
        );
        assert_eq!(
            range.root().to_vec(),
            listed,
            "compact range root of size {size}"
        );
        assert_eq!(
            root(&leaves[..size]).to_vec(),
            listed,
            "root() of size {size}"
        );
    }
}

#[test]
fn reference_tree_lists_every_size() {
    let Some(tree) = ReferenceTree::load() else {
        return;
    };

    assert_eq!(tree.leaf_inputs_hex.len(), 8, "reference leaf count");
    for size in 0..=8 {
        assert!(tree.root(size).is_some(), "root of size {size} is listed");
    }
}

#[test]
fn hasher_vectors_match() {
    let Some(tree) = ReferenceTree::load() else {
        return;
    };
    assert!(
        !tree.hasher_vectors.is_empty(),
        "the file lists hasher vectors"
    );

    for vector in &tree.hasher_vectors {
        let input = corpus::hex(&vector.input_hex);
        let computed = match vector.kind.as_str() {
            "empty_root" => {
                assert!(
                    input.is_empty(),
                    "{}: empty root takes no input",
                    vector.desc
                );
                empty_root()
            }
            "leaf" => leaf_hash(&input),
            other => panic!("{}: unknown hasher vector kind {other:?}", vector.desc),
        };
        assert_eq!(
            computed.to_vec(),
            corpus::hex(&vector.want),
            "{}",
            vector.desc
        );
    }
}
