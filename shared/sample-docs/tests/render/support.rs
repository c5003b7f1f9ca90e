//! Helpers shared by the integration tests: reading rendered PDFs back with lopdf and with
//! poppler's `pdftotext`.

use std::io::Write;
use std::process::{Command, Stdio};

use lopdf::{Dictionary, Document, Object, decode_text_string};

/// Parses `bytes` with lopdf, failing the test when they are not a PDF.
pub(crate) fn load(bytes: &[u8]) -> Document {
    Document::load_mem(bytes).expect("rendered bytes parse as a PDF")
}

/// Returns the text of entry `key` of the document information dictionary.
pub(crate) fn info_text(doc: &Document, key: &[u8]) -> String {
    let info_id = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .expect("trailer has /Info");
    let info = doc.get_dictionary(info_id).expect("/Info is a dictionary");
    let value = info.get(key).expect("information entry present");
    decode_text_string(value).expect("information entry is a text string")
}

/// Returns the raw bytes of the only page's content stream.
pub(crate) fn page_content(doc: &Document) -> Vec<u8> {
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1, "expected exactly one page");
    let page_id = *pages.values().next().expect("one page");
    doc.get_page_content(page_id)
}

/// Returns the file specification dictionary that the catalog's `/EmbeddedFiles` name tree
/// lists under `name`.
pub(crate) fn embedded_filespec<'a>(doc: &'a Document, name: &str) -> &'a Dictionary {
    let catalog = doc.catalog().expect("catalog");
    let names = catalog
        .get(b"Names")
        .and_then(Object::as_dict)
        .expect("/Names");
    let tree = names
        .get(b"EmbeddedFiles")
        .and_then(Object::as_dict)
        .expect("/EmbeddedFiles name tree");
    let entries = tree
        .get(b"Names")
        .and_then(Object::as_array)
        .expect("/Names array");

    let position = entries
        .chunks(2)
        .position(|pair| pair[0].as_str().ok() == Some(name.as_bytes()))
        .unwrap_or_else(|| panic!("no embedded file named {name}"));
    let filespec_id = entries[2 * position + 1]
        .as_reference()
        .expect("filespec reference");
    doc.get_dictionary(filespec_id)
        .expect("filespec dictionary")
}

/// Returns the bytes of the embedded file listed under `name`.
pub(crate) fn embedded_file(doc: &Document, name: &str) -> Vec<u8> {
    let filespec = embedded_filespec(doc, name);
    let ef = filespec.get(b"EF").and_then(Object::as_dict).expect("/EF");
    let stream_id = ef.get(b"F").and_then(Object::as_reference).expect("/EF /F");
    let stream = doc
        .get_object(stream_id)
        .and_then(Object::as_stream)
        .expect("embedded file stream");
    stream.get_plain_content().expect("embedded file content")
}

/// Runs `pdftotext -layout` on `bytes` and returns the extracted text, or `None` when
/// pdftotext is not installed and the `CI` variable is unset.
///
/// # Panics
///
/// When pdftotext is missing and `CI` is set, since CI must test with a real PDF reader.
pub(crate) fn pdftotext(bytes: &[u8]) -> Option<String> {
    let spawned = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(error) if std::env::var_os("CI").is_some() => {
            panic!("pdftotext failed to start ({error}); install poppler-utils")
        }
        Err(error) => {
            println!("skipped: pdftotext failed to start ({error}); install poppler-utils");
            return None;
        }
    };

    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(bytes)
        .expect("write PDF to pdftotext");
    let output = child.wait_with_output().expect("pdftotext finishes");
    assert!(output.status.success(), "pdftotext failed: {output:?}");
    Some(String::from_utf8(output.stdout).expect("pdftotext writes UTF-8"))
}
