//! The shared test corpus: located through `TRADESEAL_CORPUS_DIR` (default
//! `<workspace root>/../shared/corpus`), read in place, never copied.

use std::collections::HashMap;
use std::path::PathBuf;

/// One corpus file: its name, its bytes and the SHA-256 listed for it in `SHA256SUMS`.
#[derive(Debug, Clone)]
pub struct CorpusFile {
    /// File name without folder.
    pub name: String,
    /// The exact bytes.
    pub bytes: Vec<u8>,
    /// Lowercase hex SHA-256 from the folder's `SHA256SUMS`.
    pub listed_sha256: String,
}

/// The corpus folder, or `None` after printing a "skipped" line when it is missing and `CI`
/// is unset.
///
/// # Panics
/// When the folder is missing and `CI` is set.
pub fn dir() -> Option<PathBuf> {
    let dir = std::env::var_os("TRADESEAL_CORPUS_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
        PathBuf::from,
    );
    if dir.is_dir() {
        return Some(dir);
    }

    assert!(
        !super::ci(),
        "the test corpus is required when CI is set but was not found at {}; set \
         TRADESEAL_CORPUS_DIR to its folder",
        dir.display()
    );
    eprintln!("skipped: corpus not found at {}", dir.display());
    None
}

/// Every PDF in `pdf/<folder>` (`valid` or `malformed`), sorted by name, with its listed
/// digest; `None` when the corpus is missing and `CI` is unset.
pub fn pdfs(folder: &str) -> Option<Vec<CorpusFile>> {
    let dir = dir()?.join("pdf").join(folder);
    let sums = listed_sums(&dir);

    let mut files = Vec::new();
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("failed to list {}: {error}", dir.display()));
    for entry in entries {
        let path = entry.expect("unreadable folder entry").path();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .expect("corpus file names are UTF-8")
            .to_owned();
        if !name.ends_with(".pdf") {
            continue;
        }

        let bytes = std::fs::read(&path)
            .unwrap_or_else(|error| panic!("failed to read {}: {error}", path.display()));
        let listed_sha256 = sums
            .get(&name)
            .unwrap_or_else(|| panic!("{name} is not listed in {}/SHA256SUMS", dir.display()))
            .clone();
        files.push(CorpusFile {
            name,
            bytes,
            listed_sha256,
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(!files.is_empty(), "no PDFs in {}", dir.display());
    Some(files)
}

/// Reads `SHA256SUMS` (`<hex>  <name>` per line) into a map from name to hex.
fn listed_sums(dir: &std::path::Path) -> HashMap<String, String> {
    let path = dir.join("SHA256SUMS");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("failed to read {}: {error}", path.display()));

    text.lines()
        .filter_map(|line| line.split_once(char::is_whitespace))
        .map(|(sum, name)| {
            let name = name.trim_start().trim_start_matches('*');
            (name.to_owned(), sum.to_ascii_lowercase())
        })
        .collect()
}
