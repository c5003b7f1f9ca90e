//! Locates the shared test corpus and reads its Merkle vector files in place.
//!
//! The corpus folder is `TRADESEAL_CORPUS_DIR`, or `../shared/corpus` next to the workspace
//! root. When that folder is missing, a test fails if `CI` is set and otherwise prints a
//! skip line and returns.

#![allow(
    dead_code,
    reason = "each test binary compiles this module and uses only part of it"
)]

use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use merkle_log::{Hash, leaf_hash};

/// Returns `<corpus>/vectors/<name>`, or `None` after printing a skip line when the corpus
/// is absent outside CI.
pub(crate) fn vectors_dir(name: &str) -> Option<PathBuf> {
    let root = match std::env::var_os("TRADESEAL_CORPUS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
    };

    if !root.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "corpus not found at {}; set TRADESEAL_CORPUS_DIR to the corpus folder",
            root.display()
        );
        println!("skipped: corpus not found at {}", root.display());
        return None;
    }

    let dir = root.join("vectors").join(name);
    assert!(dir.is_dir(), "vector folder {} is missing", dir.display());
    Some(dir)
}

/// Lists the `*.json` files of `dir`, sorted, failing when there are none.
pub(crate) fn json_files(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();

    assert!(!files.is_empty(), "no *.json files in {}", dir.display());
    files
}

/// Parses a JSON file into `T`, naming the file on failure.
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> T {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("cannot parse {}: {error}", path.display()))
}

/// Decodes standard base64, which the transparency-dev vectors use for every hash.
pub(crate) fn base64(text: &str) -> Vec<u8> {
    STANDARD
        .decode(text)
        .unwrap_or_else(|error| panic!("invalid base64 {text:?}: {error}"))
}

/// Decodes hex, naming the bad input on failure.
pub(crate) fn hex(text: &str) -> Vec<u8> {
    ::hex::decode(text).unwrap_or_else(|error| panic!("invalid hex {text:?}: {error}"))
}

/// The RFC 6962 reference tree: eight leaf inputs and the root of every prefix.
#[derive(serde::Deserialize)]
pub(crate) struct ReferenceTree {
    pub(crate) leaf_inputs_hex: Vec<String>,
    pub(crate) root_hash_by_tree_size: std::collections::BTreeMap<String, String>,
    pub(crate) hasher_vectors: Vec<HasherVector>,
}

/// One vector of a single hash function (`kind` is `empty_root` or `leaf`).
#[derive(serde::Deserialize)]
pub(crate) struct HasherVector {
    pub(crate) desc: String,
    pub(crate) input_hex: String,
    pub(crate) kind: String,
    pub(crate) want: String,
}

impl ReferenceTree {
    /// Reads the reference tree file, or returns `None` when the corpus is skipped.
    pub(crate) fn load() -> Option<Self> {
        let dir = vectors_dir("merkle-rfc6962-reference")?;
        Some(read_json(&dir.join("rfc6962-reference-tree.shared.json")))
    }

    /// Returns the leaf hashes of the eight reference leaves.
    pub(crate) fn leaf_hashes(&self) -> Vec<Hash> {
        self.leaf_inputs_hex
            .iter()
            .map(|input| leaf_hash(&hex(input)))
            .collect()
    }

    /// Returns the listed root of the first `size` leaves, if the file lists that size.
    pub(crate) fn root(&self, size: u64) -> Option<Vec<u8>> {
        self.root_hash_by_tree_size
            .get(&size.to_string())
            .map(|root| hex(root))
    }
}
