//! The compact range against the full-tree root, through appends, restores from stored parts
//! and JSON round trips.

use merkle_log::{CompactRange, Hash, ProofError, empty_root, leaf_hash, root};

fn leaves(count: u64) -> Vec<Hash> {
    (0..count)
        .map(|i| leaf_hash(format!("entry {i}").as_bytes()))
        .collect()
}

#[test]
fn appends_track_full_root() {
    let leaves = leaves(300);
    let mut range = CompactRange::new();
    assert_eq!(range.root(), empty_root(), "empty range root");

    for (count, leaf) in leaves.iter().enumerate() {
        range.append(*leaf).expect("append");
        let size = count as u64 + 1;

        assert_eq!(range.size(), size, "size after {size} appends");
        assert_eq!(
            range.subtrees().len(),
            size.count_ones() as usize,
            "subtrees of {size}"
        );
        assert_eq!(range.root(), root(&leaves[..=count]), "root of {size}");
    }
}

#[test]
fn subtrees_are_complete_subtree_roots() {
    let leaves = leaves(13);
    let range = CompactRange::from_leaf_hashes(&leaves).expect("small tree");

    // 13 = 8 + 4 + 1, so the subtrees cover leaves 0..8, 8..12 and 12..13.
    let expected = vec![root(&leaves[..8]), root(&leaves[8..12]), leaves[12]];
    assert_eq!(range.subtrees(), expected.as_slice());
}

#[test]
fn restored_range_continues_appending() {
    let leaves = leaves(100);

    for stored_size in [0, 1, 7, 32, 63, 64, 99] {
        let split = stored_size as usize;
        let stored = CompactRange::from_leaf_hashes(&leaves[..split]).expect("small tree");
        let parts = (stored.size(), stored.subtrees().to_vec());

        let mut restored = CompactRange::from_parts(parts.0, parts.1).expect("valid parts");
        for leaf in &leaves[split..] {
            restored.append(*leaf).expect("append");
        }
        assert_eq!(restored.root(), root(&leaves), "restored at {stored_size}");
    }
}

#[test]
fn json_round_trip() {
    let range = CompactRange::from_leaf_hashes(&leaves(5)).expect("small tree");
    let json = serde_json::to_value(&range).expect("serialize");

    assert_eq!(json["size"], 5);
    let subtrees = json["subtrees"].as_array().expect("subtrees array");
    assert_eq!(subtrees.len(), 2, "5 = 4 + 1 needs two subtrees");
    assert_eq!(
        subtrees[1],
        hex::encode(range.subtrees()[1]),
        "lowercase hex"
    );

    let back: CompactRange = serde_json::from_value(json).expect("deserialize");
    assert_eq!(back, range);
}

#[test]
fn json_rejects_wrong_subtree_count() {
    let hash = hex::encode([7u8; 32]);
    let json = format!(r#"{{"size": 3, "subtrees": ["{hash}"]}}"#);

    let error = serde_json::from_str::<CompactRange>(&json).expect_err("3 needs two subtrees");
    let message = error.to_string();
    assert!(
        message.contains("size 3 needs 2 subtree hashes"),
        "{message}"
    );
}

#[test]
fn json_rejects_bad_hex() {
    let cases = [
        ("not hex", "zz".repeat(32)),
        ("too short", "ab".repeat(31)),
        ("too long", "ab".repeat(33)),
    ];
    for (label, text) in cases {
        let json = format!(r#"{{"size": 1, "subtrees": ["{text}"]}}"#);
        let error = serde_json::from_str::<CompactRange>(&json).expect_err(label);
        let message = error.to_string();
        assert!(
            message.contains("position 0 must be 64 hex digits"),
            "{label}: {message}"
        );
    }
}

#[test]
fn from_parts_checks_shape() {
    let error = CompactRange::from_parts(6, vec![[0; 32]]).expect_err("6 needs two subtrees");
    assert_eq!(
        error,
        ProofError::CompactRangeShape {
            size: 6,
            expected: 2,
            actual: 1
        }
    );
    assert!(
        CompactRange::from_parts(0, Vec::new()).is_ok(),
        "empty range"
    );
}

#[test]
fn full_range_rejects_append() {
    let mut range = CompactRange::from_parts(u64::MAX, vec![[1; 32]; 64]).expect("64 subtrees");
    let before = range.clone();

    assert_eq!(range.append([2; 32]), Err(ProofError::TreeFull));
    assert_eq!(
        range, before,
        "a rejected append leaves the range unchanged"
    );
}
