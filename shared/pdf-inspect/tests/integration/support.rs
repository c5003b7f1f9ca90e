//! Helpers shared by the integration tests: finding the corpus, reading its
//! manifest and building an `Inspector` around the real child binary.

use std::path::{Path, PathBuf};
use std::time::Duration;

use pdf_inspect::{Inspector, InspectorLimits};

/// The corpus folder: `TRADESEAL_CORPUS_DIR`, or `../shared/corpus` beside
/// the workspace root. `None` when it does not exist, after printing a skip
/// line; with `CI` set a missing corpus fails the test instead.
pub(crate) fn corpus_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("TRADESEAL_CORPUS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
    };
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "corpus not found at {}: set TRADESEAL_CORPUS_DIR to the corpus folder",
            dir.display()
        );
    }
    println!("skipped: corpus not found at {}", dir.display());
    None
}

/// The `.pdf` files in `dir`, sorted by name.
pub(crate) fn pdf_files(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("reading {} failed: {error}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("reading a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "pdf"))
        .collect();
    files.sort();
    files
}

pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .expect("corpus paths end in a file name")
        .to_string_lossy()
        .into_owned()
}

/// An inspector that runs the crate's `pdf-inspect-child` binary.
pub(crate) fn child_inspector(limits: InspectorLimits) -> Inspector {
    Inspector::new(env!("CARGO_BIN_EXE_pdf-inspect-child"), Vec::new(), limits)
}

/// Limits for corpus runs: the default child limits, a generous wall-clock
/// timeout for a loaded test machine, and `max_concurrent` children.
pub(crate) fn corpus_limits(max_concurrent: usize) -> InspectorLimits {
    InspectorLimits {
        timeout: Duration::from_secs(30),
        max_concurrent,
        queue_timeout: Duration::from_secs(300),
        ..InspectorLimits::default()
    }
}

/// One row of a `pdf/...` table in `MANIFEST.md`.
#[derive(Debug)]
pub(crate) struct ManifestRow {
    pub(crate) file: String,
    /// The header column, such as "%PDF-1.7; file: PDF document, version
    /// 1.7, 1 pages".
    pub(crate) header: String,
    /// The "what it is" column.
    pub(crate) description: String,
}

impl ManifestRow {
    /// The page count that `file(1)` printed in the header column.
    pub(crate) fn pages(&self) -> Option<u32> {
        let before = &self.header[..self.header.find(" pages")?];
        let digits = before.rsplit([' ', ',']).next()?;
        digits.parse().ok()
    }

    /// The version in the `%PDF-x.y` header, when the row names one.
    pub(crate) fn header_version(&self) -> Option<String> {
        let rest = self.header.strip_prefix("%PDF-")?;
        let end = rest.find([';', ' ']).unwrap_or(rest.len());
        Some(rest[..end].to_owned())
    }

    /// `Some(true)` when the manifest's encryption check states that the empty
    /// user password opens the file, `Some(false)` when it states that it does
    /// not, `None` for files without that check.
    pub(crate) fn empty_user_password_opens(&self) -> Option<bool> {
        let check = &self.description[self.description.find("(encryption check:")?..];
        if check.contains("does NOT open it") {
            Some(false)
        } else if check.contains("opens it") {
            Some(true)
        } else {
            None
        }
    }
}

/// Reads the rows of the `## <section>` table of `MANIFEST.md`, such as
/// `pdf/valid/`.
pub(crate) fn manifest_rows(corpus: &Path, section: &str) -> Vec<ManifestRow> {
    let path = corpus.join("MANIFEST.md");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {} failed: {error}", path.display()));
    let heading = format!("## {section} ");

    let mut rows = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("## ") {
            inside = line.starts_with(&heading);
            continue;
        }
        if !inside || !line.starts_with("| `") {
            continue;
        }
        let cells: Vec<&str> = line.split(" | ").collect();
        rows.push(ManifestRow {
            file: cells[0]
                .trim_start_matches("| ")
                .trim_matches('`')
                .to_owned(),
            header: cells[1].to_owned(),
            description: cells[3].to_owned(),
        });
    }
    rows
}
