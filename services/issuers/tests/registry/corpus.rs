//! Finds the shared test corpus and reads vector files from it in place.
//!
//! The corpus folder is `TRADESEAL_CORPUS_DIR`, or `../shared/corpus` beside the workspace.
//! When it is missing, tests fail if `CI` is set and otherwise print a skip line and pass.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Returns `<corpus>/vectors/<name>`, or `None` (after printing why) when the corpus folder
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
    Some(root.join("vectors").join(name))
}

/// Reads the only `*.json` file of a vector folder.
pub(crate) fn read_json<T: for<'de> Deserialize<'de>>(dir: &Path) -> T {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        1,
        "expected one JSON file in {}",
        dir.display()
    );

    let text = std::fs::read_to_string(&files[0])
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", files[0].display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("cannot parse {}: {error}", files[0].display()))
}

/// Decodes hex, naming the bad input on failure.
pub(crate) fn hex(text: &str) -> Vec<u8> {
    ::hex::decode(text.trim()).unwrap_or_else(|error| panic!("invalid hex {text:?}: {error}"))
}

/// One ed25519-speccheck case.
#[derive(Debug, Deserialize)]
pub(crate) struct SpeccheckCase {
    pub(crate) case: u32,
    pub(crate) message: String,
    pub(crate) pub_key: String,
    pub(crate) signature: String,
    #[serde(rename = "A_order")]
    pub(crate) a_order: String,
    pub(crate) comment: String,
}

#[derive(Deserialize)]
struct SpeccheckFile {
    cases: Vec<SpeccheckCase>,
}

/// The speccheck cases, or `None` when the corpus is absent outside CI.
pub(crate) fn speccheck_cases() -> Option<Vec<SpeccheckCase>> {
    let dir = vectors_dir("ed25519-speccheck")?;
    let file: SpeccheckFile = read_json(&dir);
    assert!(!file.cases.is_empty(), "no speccheck cases");
    Some(file.cases)
}
