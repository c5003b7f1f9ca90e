//! Finds the shared test corpus and reads vector files from it in place.
//!
//! The corpus folder is `TRADESEAL_CORPUS_DIR`, or `../shared/corpus` beside the workspace.
//! When it is missing, tests fail if `CI` is set and otherwise print a skip line and pass.

use std::path::{Path, PathBuf};

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

/// Lists the files in `dir` whose names end with `suffix`, sorted, and fails when there are
/// none, so a renamed or emptied folder cannot pass silently.
pub(crate) fn files_with_suffix(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();

    assert!(!files.is_empty(), "no *{suffix} files in {}", dir.display());
    files
}

/// Reads a UTF-8 file, naming it on failure.
pub(crate) fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// Decodes hex, naming the bad input on failure.
pub(crate) fn hex(text: &str) -> Vec<u8> {
    ::hex::decode(text.trim()).unwrap_or_else(|error| panic!("invalid hex {text:?}: {error}"))
}
