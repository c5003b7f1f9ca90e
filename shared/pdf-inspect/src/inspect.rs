//! In-process inspection: checks the raw bytes, loads them with lopdf and
//! builds a [`PdfReport`]. Runs only inside the child process.

use std::error::Error as _;

use lopdf::{DecompressError, Document, LoadOptions};

use crate::catalog;
use crate::encryption::{check_encryption, encryption_name};
use crate::info::info_text;
use crate::prescan::{check_input, count_startxref};
use crate::{InspectError, Limits, PdfReport};

/// Inspects one PDF in this process.
///
/// The checks before lopdf runs reject empty input, input larger than
/// `limits.max_input_bytes`, input without a `%PDF-` header in its first
/// 1024 bytes, and files whose object headers or `/Size` entries exceed
/// `limits.max_objects`. lopdf then loads the file leniently (it repairs
/// damaged cross-reference data), with each object and cross-reference
/// stream bounded by `limits.max_decompressed_bytes`. Content streams and
/// images are never decoded.
///
/// An encrypted file that the empty user password does not open gives
/// [`InspectError::PasswordRequired`].
///
/// lopdf can still overflow the stack or abort on a crafted file, which
/// would take the calling process down: call this only in the child process
/// that [`child_main`](crate::child_main) runs.
pub fn inspect(bytes: &[u8], limits: &Limits) -> Result<PdfReport, InspectError> {
    let header_version = check_input(bytes, limits)?;

    let options = LoadOptions {
        max_decompressed_size: Some(limits.max_decompressed_bytes),
        ..LoadOptions::default()
    };
    let document = Document::load_mem_with_options(bytes, options).map_err(load_error)?;
    check_encryption(&document)?;

    let objects = u32::try_from(document.objects.len()).unwrap_or(u32::MAX);
    if objects > limits.max_objects {
        return Err(InspectError::too_complex(format!(
            "the file contains {objects} objects, over the limit of {}",
            limits.max_objects
        )));
    }

    build_report(bytes, &document, header_version, objects, limits)
}

fn build_report(
    bytes: &[u8],
    document: &Document,
    header_version: String,
    objects: u32,
    limits: &Limits,
) -> Result<PdfReport, InspectError> {
    let catalog = document
        .catalog()
        .map_err(|_| InspectError::malformed("the trailer has no readable /Root catalog"))?;
    let depth = limits.max_tree_depth;

    let version = match catalog::catalog_version(document, catalog) {
        Some(declared) if version_key(&declared) > version_key(&header_version) => declared,
        _ => header_version.clone(),
    };
    let encryption = document.encryption_state.as_ref();

    Ok(PdfReport {
        version,
        header_version,
        pages: catalog::count_pages(document, catalog, depth)?,
        producer: info_text(document, b"Producer"),
        creator: info_text(document, b"Creator"),
        encrypted: encryption.is_some(),
        encryption: encryption.and_then(encryption_name),
        incremental_updates: incremental_updates(bytes, document),
        javascript: catalog::has_javascript(document),
        forms: catalog::has_form_fields(document, catalog),
        embedded_files: catalog::count_embedded_files(document, catalog, depth)?,
        signature_fields: catalog::has_signature_field(document, catalog, depth)?,
        linearized: document.linearization.is_some(),
        objects,
    })
}

/// Counts incremental updates as revisions minus one. lopdf counts the
/// sections of the `startxref` and `/Prev` chain and treats the two sections
/// of a linearized file as one revision. When lopdf rebuilt the table by
/// scanning, the chain is unknown, so the `startxref` keywords are counted.
fn incremental_updates(bytes: &[u8], document: &Document) -> u32 {
    let revisions = if document.xref_section_count > 0 {
        document.revision_count()
    } else {
        let markers = count_startxref(bytes);
        let linearized = usize::from(document.linearization.is_some() && markers >= 2);
        markers.saturating_sub(linearized).max(1)
    };
    u32::try_from(revisions - 1).unwrap_or(u32::MAX)
}

/// Orders versions such as "1.10" after "1.9".
fn version_key(version: &str) -> (u32, u32) {
    let (major, minor) = version.split_once('.').unwrap_or((version, "0"));
    (major.parse().unwrap_or(0), minor.parse().unwrap_or(0))
}

/// Maps a lopdf load error to a client-facing error with a short reason.
fn load_error(error: lopdf::Error) -> InspectError {
    if let lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { limit }) = error {
        return InspectError::too_complex(format!(
            "a stream decompresses to more than the {limit}-byte limit"
        ));
    }
    if let lopdf::Error::Unimplemented(_) = error {
        return InspectError::malformed("the file uses a feature the PDF parser does not support");
    }

    // lopdf's top-level messages are generic ("couldn't parse input"), so
    // append the causes.
    let mut reason = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        reason.push_str(": ");
        reason.push_str(&cause.to_string());
        source = cause.source();
    }
    InspectError::malformed(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_key_orders_numerically() {
        assert!(version_key("2.0") > version_key("1.7"));
        assert!(version_key("1.10") > version_key("1.9"));
        assert_eq!(version_key("1.7"), (1, 7));
    }

    #[test]
    fn decompression_limit_is_too_complex() {
        let error = lopdf::Error::Decompress(DecompressError::MemoryLimitExceeded { limit: 64 });
        assert!(matches!(
            load_error(error),
            InspectError::TooComplex { reason } if reason.contains("64-byte")
        ));
    }

    #[test]
    fn parse_error_reason_names_the_cause() {
        let error = lopdf::Error::Parse(lopdf::ParseError::InvalidXref);
        assert_eq!(
            load_error(error),
            InspectError::malformed("couldn't parse input: invalid cross reference table")
        );
    }
}
