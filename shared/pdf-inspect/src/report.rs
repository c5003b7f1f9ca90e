//! The report that inspection produces for one PDF.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Facts about one PDF, read from its structure without decoding any content
/// stream or image and without running any JavaScript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PdfReport {
    /// PDF version the document claims: the catalog `/Version` when it is
    /// higher than the header version (an incremental update can raise it),
    /// else the header version. For example "1.7" or "2.0".
    #[schema(example = "1.7")]
    pub version: String,
    /// Version from the `%PDF-x.y` header line.
    #[schema(example = "1.7")]
    pub header_version: String,
    /// Number of page objects in the page tree.
    pub pages: u32,
    /// `/Producer` from the document information dictionary, decoded from
    /// PDFDocEncoding, UTF-16BE or UTF-8 (with BOM), with control characters
    /// removed, trimmed and cut to 256 characters.
    pub producer: Option<String>,
    /// `/Creator` from the document information dictionary, decoded like
    /// `producer`.
    pub creator: Option<String>,
    /// Whether the file is encrypted. Only files that open with the empty
    /// user password get a report at all.
    pub encrypted: bool,
    /// Encryption algorithm and key length when known, such as "RC4-40",
    /// "RC4-128", "AES-128" or "AES-256".
    #[schema(example = "AES-256")]
    pub encryption: Option<String>,
    /// Number of incremental updates: revisions of the file minus one. The
    /// two cross-reference sections of a linearized file count as one
    /// revision.
    pub incremental_updates: u32,
    /// Whether any dictionary has a `/JS` entry, a `/JavaScript` entry (the
    /// JavaScript name tree) or `/S /JavaScript` (a JavaScript action).
    pub javascript: bool,
    /// Whether the catalog has an `/AcroForm` with at least one field, or any page has a
    /// widget annotation (a form field).
    pub forms: bool,
    /// Number of files in the `/EmbeddedFiles` name tree.
    pub embedded_files: u32,
    /// Whether the AcroForm field tree contains a signature field (`/FT /Sig`).
    pub signature_fields: bool,
    /// Whether the file opens with a linearization parameter dictionary.
    pub linearized: bool,
    /// Number of indirect objects loaded, including those inside object
    /// streams.
    pub objects: u32,
}
