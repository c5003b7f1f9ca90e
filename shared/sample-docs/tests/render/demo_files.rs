//! Tests of `write_demo_files` and of the pinned digests of the sample files.

use sha2::{Digest, Sha256};

use sample_docs::{
    CERTIFICATE_PDF_NAME, INVOICE_PDF_NAME, demo_certificate, demo_invoice, render_certificate,
    render_invoice, write_demo_files,
};

/// SHA-256 of the sample certificate. Documentation that shows this digest must change with it.
const CERTIFICATE_SHA256: &str = "57f02dfcc784a6f8d6d2b44cbef24760668d3a2199f637b919c2caa285a3b1e8";

/// SHA-256 of the sample invoice. Documentation that shows this digest must change with it.
const INVOICE_SHA256: &str = "e27cd9933699e1ce2fc0048a7af529dc464acdfec9d939f98ecf9085e69a7b55";

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[test]
fn demo_files_are_written() {
    let dir = tempfile::tempdir().expect("temporary folder");

    let paths = write_demo_files(dir.path()).expect("demo files written");
    assert_eq!(
        paths,
        vec![
            dir.path().join(CERTIFICATE_PDF_NAME),
            dir.path().join(INVOICE_PDF_NAME)
        ]
    );

    let certificate = std::fs::read(&paths[0]).expect("certificate readable");
    assert_eq!(
        certificate,
        render_certificate(&demo_certificate()).expect("renders")
    );
    let invoice = std::fs::read(&paths[1]).expect("invoice readable");
    assert_eq!(invoice, render_invoice(&demo_invoice()).expect("renders"));
}

#[test]
fn demo_files_fail_in_missing_folder() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let missing = dir.path().join("absent");

    let error = write_demo_files(&missing).expect_err("missing folder rejected");
    let message = error.to_string();
    assert!(message.contains("absent"), "{message}");
}

#[test]
fn demo_digests_are_pinned() {
    let certificate = render_certificate(&demo_certificate()).expect("renders");
    let invoice = render_invoice(&demo_invoice()).expect("renders");

    // A change here means the layout, the sample data or lopdf's writer changed the bytes:
    // update these constants and every place that prints the digests.
    assert_eq!(sha256_hex(&certificate), CERTIFICATE_SHA256);
    assert_eq!(sha256_hex(&invoice), INVOICE_SHA256);
}
