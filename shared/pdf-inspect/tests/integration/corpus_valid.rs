//! Every PDF in the corpus's `pdf/valid/` through the real child process,
//! checked against `MANIFEST.md` and against facts from the files' bytes
//! (cross-checked with poppler's `pdfinfo`).

use bytes::Bytes;
use pdf_inspect::{InspectError, InspectFailure, PdfReport};

use crate::support::{
    ManifestRow, child_inspector, corpus_dir, corpus_limits, file_name, manifest_rows, pdf_files,
};

/// Files with incremental updates, and how many: one fewer than the
/// revisions that the manifest lists. Word appends a second section whose
/// trailer adds the `/XRefStm` of the hybrid layout and links the first by
/// `/Prev`, so its export has two revisions.
const INCREMENTAL_UPDATES: &[(&str, u32)] = &[
    ("ms-word-hybrid-xref.pdf", 1),
    ("incremental-3-revisions.pdf", 2),
    ("incremental-xrefstream-signature-field.pdf", 2),
    ("pdf20-via-incremental-save.pdf", 1),
    ("attachment-embedded-file.pdf", 1),
    ("form-acroform-filled-by-acrobat.pdf", 1),
];

/// Linearized files of a single revision: their two `%%EOF` markers belong
/// to the first-page section and the main section.
const LINEARIZED: &[&str] = &[
    "encrypted-aes128-uscis-g1145-form-signed-linearized.pdf",
    "linearized-apache-fop-docbook.pdf",
    "scanned-ocr-jbig2-jpx-luradocument.pdf",
    "signed-pkcs7-linearized-objstm.pdf",
];

/// Files with an `/EmbeddedFiles` name tree: an attachment, Factur-X and
/// ZUGFeRD invoices.
const WITH_EMBEDDED_FILES: &[&str] = &[
    "attachment-embedded-file.pdf",
    "invoice-facturx-en16931-pdfa3.pdf",
    "invoice-zugferd-en16931-weasyprint.pdf",
    "invoice-zugferd-pdflib-objstm.pdf",
];

/// Files with JavaScript: the SF-424 form's field actions, and the XFA
/// form's scripts (which `pdfinfo` also reports).
const WITH_JAVASCRIPT: &[&str] = &[
    "form-us-sf424-page2-js-ccitt.pdf",
    "encrypted-aes128-uscis-g1145-form-signed-linearized.pdf",
];

/// Files whose catalog has an `/AcroForm` with fields, or that have widget annotations. The
/// SF-424 page has fillable widgets but lost its `/AcroForm` when it was cut from the form.
const WITH_FORMS: &[&str] = &[
    "form-us-sf424-page2-js-ccitt.pdf",
    "form-acroform-filled-by-acrobat.pdf",
    "libreoffice-writer-form.pdf",
    "incremental-xrefstream-signature-field.pdf",
    "encrypted-aes128-uscis-g1145-form-signed-linearized.pdf",
    "signed-pkcs7-linearized-objstm.pdf",
];

/// Files whose AcroForm contains a `/FT /Sig` field.
const WITH_SIGNATURE_FIELDS: &[&str] = &[
    "incremental-xrefstream-signature-field.pdf",
    "signed-pkcs7-linearized-objstm.pdf",
];

/// Encrypted files that open with the empty user password, and their cipher.
const ENCRYPTION: &[(&str, &str)] = &[
    ("encrypted-rc4-40-r2-empty-userpw.pdf", "RC4-40"),
    ("encrypted-aes256-r6-empty-userpw.pdf", "AES-256"),
    (
        "encrypted-aes128-uscis-g1145-form-signed-linearized.pdf",
        "AES-128",
    ),
];

#[tokio::test]
async fn valid_corpus_reports_match_manifest() {
    let Some(corpus) = corpus_dir() else {
        return;
    };
    let rows = manifest_rows(&corpus, "pdf/valid/");
    let files = pdf_files(&corpus.join("pdf/valid"));
    assert!(!files.is_empty(), "no PDFs in {}", corpus.display());
    let inspector = child_inspector(corpus_limits(2));

    for path in files {
        let name = file_name(&path);
        let row = rows
            .iter()
            .find(|row| row.file == name)
            .unwrap_or_else(|| panic!("{name} has no row in MANIFEST.md"));
        let bytes = std::fs::read(&path).expect("reading a corpus file");
        let result = inspector.inspect(Bytes::from(bytes)).await;

        if row.empty_user_password_opens() == Some(false) {
            assert!(
                matches!(
                    result,
                    Err(InspectFailure::Rejected(InspectError::PasswordRequired))
                ),
                "{name}: expected PasswordRequired, got {result:?}"
            );
            continue;
        }
        let report = result.unwrap_or_else(|failure| panic!("{name}: no report: {failure:?}"));
        check_report(&name, row, &report);
    }
}

fn check_report(name: &str, row: &ManifestRow, report: &PdfReport) {
    if let Some(pages) = row.pages() {
        assert_eq!(report.pages, pages, "{name}: pages");
    }
    let header = row.header_version().expect("valid files have a header");
    assert_eq!(report.header_version, header, "{name}: headerVersion");
    let version = if name == "pdf20-via-incremental-save.pdf" {
        "2.0"
    } else {
        &header
    };
    assert_eq!(report.version, version, "{name}: version");

    let cipher = lookup(ENCRYPTION, name);
    assert_eq!(
        report.encrypted,
        row.empty_user_password_opens().is_some(),
        "{name}: encrypted"
    );
    assert_eq!(report.encryption.as_deref(), cipher, "{name}: encryption");

    let updates = lookup(INCREMENTAL_UPDATES, name).unwrap_or(0);
    assert_eq!(
        report.incremental_updates, updates,
        "{name}: incrementalUpdates"
    );
    assert_eq!(
        report.linearized,
        LINEARIZED.contains(&name),
        "{name}: linearized"
    );

    let embedded = WITH_EMBEDDED_FILES.contains(&name);
    assert_eq!(report.embedded_files > 0, embedded, "{name}: embeddedFiles");
    assert_eq!(
        report.javascript,
        WITH_JAVASCRIPT.contains(&name),
        "{name}: javascript"
    );
    assert_eq!(report.forms, WITH_FORMS.contains(&name), "{name}: forms");
    let signatures = WITH_SIGNATURE_FIELDS.contains(&name);
    assert_eq!(
        report.signature_fields, signatures,
        "{name}: signatureFields"
    );
    assert!(report.objects > 0, "{name}: objects");
}

fn lookup<T: Copy>(table: &[(&str, T)], name: &str) -> Option<T> {
    table
        .iter()
        .find(|(file, _)| *file == name)
        .map(|(_, value)| *value)
}

#[tokio::test]
async fn info_strings_decode_from_utf16_and_pdfdocencoding() {
    let Some(corpus) = corpus_dir() else {
        return;
    };
    let inspector = child_inspector(corpus_limits(1));
    let read = |name: &str| {
        let path = corpus.join("pdf/valid").join(name);
        Bytes::from(std::fs::read(&path).expect("reading a corpus file"))
    };

    // Word writes /Creator and /Producer as UTF-16BE with a byte order mark.
    let word = inspector.inspect(read("ms-word-hybrid-xref.pdf")).await;
    let word = word.expect("the Word export inspects");
    let expected = "Microsoft\u{ae} Word for Microsoft 365";
    assert_eq!(word.producer.as_deref(), Some(expected));
    assert_eq!(word.creator.as_deref(), Some(expected));

    // pdfTeX writes literal strings in PDFDocEncoding.
    let tex = inspector
        .inspect(read("pdftex-french-diacritics-objstm.pdf"))
        .await;
    let tex = tex.expect("the pdfTeX file inspects");
    assert_eq!(tex.producer.as_deref(), Some("pdfTeX-1.40.21"));
    assert_eq!(tex.creator.as_deref(), Some("TeX"));

    // The file has no /Info dictionary at all.
    let bare = inspector.inspect(read("pdf20-simple.pdf")).await;
    let bare = bare.expect("the PDF 2.0 file inspects");
    assert_eq!(bare.producer, None);
}
