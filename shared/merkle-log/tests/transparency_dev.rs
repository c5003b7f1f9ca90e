//! The transparency-dev inclusion and consistency proof vectors, run through the byte-level
//! verifiers, and the proofs this crate generates for the same reference tree.
//!
//! Every file must agree with its `wantErr`, including the cases that only a strict verifier
//! rejects: a consistency check from size 0 and hashes that are not 32 bytes long.

#[path = "support/corpus.rs"]
mod corpus;

use std::path::Path;

use corpus::ReferenceTree;
use merkle_log::{
    ProofError, consistency_proof, inclusion_proof, verify_consistency_bytes,
    verify_inclusion_bytes,
};
use serde::Deserialize;

/// One inclusion proof case. Hashes are standard base64 and may have any length.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InclusionCase {
    leaf_idx: u64,
    tree_size: u64,
    root: String,
    leaf_hash: String,
    proof: Option<Vec<String>>,
    desc: String,
    want_err: bool,
}

/// One consistency proof case, where a `null` proof means an empty one.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConsistencyCase {
    size1: u64,
    size2: u64,
    root1: String,
    root2: String,
    proof: Option<Vec<String>>,
    desc: String,
    want_err: bool,
}

fn decode_proof(proof: Option<&Vec<String>>) -> Vec<Vec<u8>> {
    proof
        .map(|hashes| hashes.iter().map(|hash| corpus::base64(hash)).collect())
        .unwrap_or_default()
}

fn check_inclusion_case(path: &Path) -> Result<(), String> {
    let case: InclusionCase = corpus::read_json(path);
    let proof = decode_proof(case.proof.as_ref());
    let result = verify_inclusion_bytes(
        &corpus::base64(&case.leaf_hash),
        case.leaf_idx,
        case.tree_size,
        &proof,
        &corpus::base64(&case.root),
    );
    compare_outcome(path, &case.desc, case.want_err, result)
}

fn check_consistency_case(path: &Path) -> Result<(), String> {
    let case: ConsistencyCase = corpus::read_json(path);
    let proof = decode_proof(case.proof.as_ref());
    let result = verify_consistency_bytes(
        case.size1,
        case.size2,
        &proof,
        &corpus::base64(&case.root1),
        &corpus::base64(&case.root2),
    );
    compare_outcome(path, &case.desc, case.want_err, result)
}

/// Compares a verification result with `wantErr`, printing the error message of each
/// rejected case so that a run shows which check caught it.
fn compare_outcome(
    path: &Path,
    desc: &str,
    want_err: bool,
    result: Result<(), ProofError>,
) -> Result<(), String> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    match (want_err, result) {
        (false, Ok(())) => Ok(()),
        (true, Err(error)) => {
            println!("{name}: rejected: {error}");
            Ok(())
        }
        (false, Err(error)) => Err(format!("{name} ({desc}): expected success, got: {error}")),
        (true, Ok(())) => Err(format!(
            "{name} ({desc}): expected an error, but it verified"
        )),
    }
}

/// Runs `check` on every JSON file of a vector folder and fails listing every disagreement.
fn run_folder(folder: &str, check: fn(&Path) -> Result<(), String>) {
    let Some(dir) = corpus::vectors_dir(folder) else {
        return;
    };
    let files = corpus::json_files(&dir);
    let failures: Vec<String> = files.iter().filter_map(|path| check(path).err()).collect();

    println!("{folder}: {} files checked", files.len());
    assert!(
        failures.is_empty(),
        "{} of {} files disagree:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn inclusion_vectors_agree() {
    run_folder("merkle-inclusion-transparency-dev", check_inclusion_case);
}

#[test]
fn consistency_vectors_agree() {
    run_folder(
        "merkle-consistency-transparency-dev",
        check_consistency_case,
    );
}

/// Tells whether `root` (as decoded from a vector) is the reference tree's root of `size`.
fn is_reference_root(tree: &ReferenceTree, size: u64, root: &str) -> bool {
    tree.root(size)
        .is_some_and(|listed| listed == corpus::base64(root))
}

#[test]
fn generated_inclusion_proofs_match_vectors() {
    let (Some(tree), Some(dir)) = (
        ReferenceTree::load(),
        corpus::vectors_dir("merkle-inclusion-transparency-dev"),
    ) else {
        return;
    };
    let leaves = tree.leaf_hashes();
    let mut compared = 0;

    for path in corpus::json_files(&dir) {
        let case: InclusionCase = corpus::read_json(&path);
        if case.want_err || !is_reference_root(&tree, case.tree_size, &case.root) {
            continue;
        }

        let size = usize::try_from(case.tree_size).expect("reference sizes are small");
        let generated = inclusion_proof(&leaves[..size], case.leaf_idx).expect("index in range");
        let generated: Vec<Vec<u8>> = generated.iter().map(|hash| hash.to_vec()).collect();
        assert_eq!(
            generated,
            decode_proof(case.proof.as_ref()),
            "{}",
            path.display()
        );
        compared += 1;
    }

    println!("{compared} inclusion proofs compared");
    assert!(
        compared > 0,
        "no inclusion vector is built on the reference tree"
    );
}

#[test]
fn generated_consistency_proofs_match_vectors() {
    let (Some(tree), Some(dir)) = (
        ReferenceTree::load(),
        corpus::vectors_dir("merkle-consistency-transparency-dev"),
    ) else {
        return;
    };
    let leaves = tree.leaf_hashes();
    let mut compared = 0;

    for path in corpus::json_files(&dir) {
        let case: ConsistencyCase = corpus::read_json(&path);
        let on_reference_tree = is_reference_root(&tree, case.size1, &case.root1)
            && is_reference_root(&tree, case.size2, &case.root2);
        if case.want_err || !on_reference_tree {
            continue;
        }

        let size2 = usize::try_from(case.size2).expect("reference sizes are small");
        let generated = consistency_proof(&leaves[..size2], case.size1).expect("valid sizes");
        let generated: Vec<Vec<u8>> = generated.iter().map(|hash| hash.to_vec()).collect();
        assert_eq!(
            generated,
            decode_proof(case.proof.as_ref()),
            "{}",
            path.display()
        );
        compared += 1;
    }

    println!("{compared} consistency proofs compared");
    assert!(
        compared > 0,
        "no consistency vector is built on the reference tree"
    );
}
