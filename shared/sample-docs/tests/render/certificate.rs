//! Tests of `render_certificate`: structure, metadata, attachment, page text and determinism.

use lopdf::Object;
use sample_docs::{
    CERTIFICATE_JSON_NAME, CertificateOfOrigin, LineItem, PRODUCER, Quantity, RenderError,
    demo_certificate, render_certificate,
};

use crate::support::{embedded_file, embedded_filespec, info_text, load, page_content, pdftotext};

fn rendered_demo() -> Vec<u8> {
    render_certificate(&demo_certificate()).expect("demo certificate renders")
}

#[test]
fn certificate_has_one_a4_page() {
    let doc = load(&rendered_demo());

    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1);
    let page = doc.get_dictionary(pages[&1]).expect("page dictionary");
    let media_box = page
        .get(b"MediaBox")
        .and_then(Object::as_array)
        .expect("/MediaBox");
    let size: Vec<f32> = media_box
        .iter()
        .map(|v| v.as_float().expect("number"))
        .collect();
    assert_eq!(size, vec![0.0, 0.0, 595.28, 841.89]);
}

#[test]
fn certificate_metadata_keeps_native_names() {
    let doc = load(&rendered_demo());
    let data = demo_certificate();

    assert_eq!(info_text(&doc, b"Producer"), PRODUCER);
    assert_eq!(
        info_text(&doc, b"Title"),
        format!("Certificate of Origin {}", data.number)
    );
    assert_eq!(
        info_text(&doc, b"Author"),
        "Karachi Chamber of Commerce & Industry"
    );
    let subject = info_text(&doc, b"Subject");
    assert!(subject.contains("نور ٹیکسٹائل ملز"), "subject: {subject}");
    assert!(
        subject.contains("Xəzər Tekstil Ticarət MMC"),
        "subject: {subject}"
    );
    let keywords = info_text(&doc, b"Keywords");
    assert!(keywords.contains("5208.52"), "keywords: {keywords}");
    assert!(
        keywords.contains("نور ٹیکسٹائل ملز"),
        "keywords: {keywords}"
    );
}

#[test]
fn certificate_dates_come_from_issue_date() {
    let doc = load(&rendered_demo());

    assert_eq!(info_text(&doc, b"CreationDate"), "D:20250314000000Z");
    assert_eq!(info_text(&doc, b"ModDate"), "D:20250314000000Z");
}

#[test]
fn certificate_json_round_trips() {
    let doc = load(&rendered_demo());

    let json = embedded_file(&doc, CERTIFICATE_JSON_NAME);
    let parsed: CertificateOfOrigin = serde_json::from_slice(&json).expect("attachment is JSON");
    assert_eq!(parsed, demo_certificate());
    assert_eq!(
        parsed.exporter.name_native.as_deref(),
        Some("نور ٹیکسٹائل ملز")
    );
    assert_eq!(
        parsed.consignee.name_native.as_deref(),
        Some("Xəzər Tekstil Ticarət MMC")
    );
}

#[test]
fn certificate_attachment_is_associated_data() {
    let doc = load(&rendered_demo());

    let filespec = embedded_filespec(&doc, CERTIFICATE_JSON_NAME);
    let relationship = filespec.get(b"AFRelationship").and_then(Object::as_name);
    assert_eq!(relationship.expect("/AFRelationship"), b"Data");

    let catalog = doc.catalog().expect("catalog");
    let associated = catalog
        .get(b"AF")
        .and_then(Object::as_array)
        .expect("catalog /AF");
    assert_eq!(associated.len(), 1);
    let target = associated[0]
        .as_reference()
        .expect("/AF entry is a reference");
    assert_eq!(doc.get_dictionary(target).expect("filespec"), filespec);
}

#[test]
fn certificate_page_shows_number_and_hs_codes() {
    let doc = load(&rendered_demo());
    let content = String::from_utf8_lossy(&page_content(&doc)).into_owned();

    assert!(
        content.contains("(KCCI/CO/2025/018427)"),
        "document number missing"
    );
    for code in ["5208.52", "6302.60", "6302.31"] {
        assert!(
            content.contains(&format!("({code})")),
            "HS code {code} missing"
        );
    }
    assert!(
        content.contains("(SAMPLE - NOT A REAL DOCUMENT"),
        "sample notice missing"
    );
    assert!(content.contains("(Xezer Tekstil Ticaret MMC (transliterated))"));
}

#[test]
fn certificate_is_byte_identical_across_calls() {
    assert_eq!(rendered_demo(), rendered_demo());
}

#[test]
fn certificate_bytes_depend_on_number() {
    let mut other = demo_certificate();
    other.number = "KCCI/CO/2025/018428".to_owned();

    let first = rendered_demo();
    let second = render_certificate(&other).expect("renders");
    assert_ne!(first, second);
    let first_id = load(&first).trailer.get(b"ID").expect("/ID").clone();
    let second_id = load(&second).trailer.get(b"ID").expect("/ID").clone();
    assert_ne!(first_id, second_id);
}

#[test]
fn certificate_pdftotext_reads_page() {
    let Some(text) = pdftotext(&rendered_demo()) else {
        return;
    };

    assert!(
        text.contains("Noor Textile Mills (Pvt) Ltd"),
        "exporter missing:\n{text}"
    );
    assert!(
        text.contains("KCCI/CO/2025/018427"),
        "number missing:\n{text}"
    );
    for code in ["5208.52", "6302.60", "6302.31"] {
        assert!(text.contains(code), "HS code {code} missing:\n{text}");
    }
    assert!(
        text.contains("Xezer Tekstil Ticaret MMC"),
        "consignee missing:\n{text}"
    );
    assert!(
        text.contains("Nizami küçesi 42"),
        "Latin-1 letters lost:\n{text}"
    );
    assert!(
        text.contains("9,821.25"),
        "total gross weight missing:\n{text}"
    );
}

#[test]
fn certificate_rejects_bad_hs_code() {
    let mut doc = demo_certificate();
    doc.items[1].hs_code = "6302".to_owned();

    let error = render_certificate(&doc).expect_err("short HS code rejected");
    assert!(
        matches!(&error, RenderError::InvalidHsCode { field, value }
            if field == "items[1].hs_code" && value == "6302"),
        "{error}"
    );
}

#[test]
fn certificate_rejects_lowercase_country() {
    let mut doc = demo_certificate();
    doc.consignee.country = "az".to_owned();

    let error = render_certificate(&doc).expect_err("lowercase country rejected");
    assert!(
        matches!(&error, RenderError::InvalidCountry { field, .. } if field == "consignee.country"),
        "{error}"
    );
}

#[test]
fn certificate_rejects_items_beyond_page() {
    let mut doc = demo_certificate();
    let item = LineItem {
        description: "Cotton yarn, combed, 30/1 Ne, for knitting".to_owned(),
        packages: "20 pallets".to_owned(),
        hs_code: "5205.24".to_owned(),
        quantity: Quantity {
            amount: "12000".to_owned(),
            unit: "kg".to_owned(),
        },
        gross_weight_kg: "12400".to_owned(),
        origin_country: "PK".to_owned(),
    };
    doc.items = vec![item; 40];

    let error = render_certificate(&doc).expect_err("40 items do not fit");
    assert!(
        matches!(error, RenderError::ItemsOverflow { count: 40, .. }),
        "{error}"
    );
}

#[test]
fn certificate_rejects_overlong_address() {
    let mut doc = demo_certificate();
    doc.exporter.address = "Korangi Industrial Area, Karachi ".repeat(20);

    let error = render_certificate(&doc).expect_err("address overflows its box");
    assert!(
        matches!(&error, RenderError::TextOverflow { field, .. } if field == "exporter"),
        "{error}"
    );
}

#[test]
fn certificate_without_native_names_renders() {
    let mut doc = demo_certificate();
    doc.exporter.name_native = None;
    doc.consignee.name_native = Some("Çinar Ticaret".to_owned());

    let content = page_content(&load(&render_certificate(&doc).expect("renders")));
    let has = |needle: &[u8]| content.windows(needle.len()).any(|window| window == needle);
    assert!(
        !has(b"Nor Tikstail"),
        "transliteration printed without a native name"
    );
    // A native name that WinAnsiEncoding can show is printed as is, in one byte per letter.
    assert!(
        has(b"(\xC7inar Ticaret)"),
        "WinAnsi native name not printed as is"
    );
}

#[test]
fn certificate_rejects_overlong_number() {
    let mut doc = demo_certificate();
    doc.number = "KCCI/CO/2025/018427/AMENDMENT-2/REPLACES-018401".to_owned();

    let error = render_certificate(&doc).expect_err("number wider than its box rejected");
    assert!(
        matches!(&error, RenderError::TextOverflow { field, max_lines: 1, .. } if field == "number"),
        "{error}"
    );
}
