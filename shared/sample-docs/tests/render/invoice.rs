//! Tests of `render_invoice`: structure, metadata, attachment, arithmetic checks and page text.

use lopdf::Object;
use sample_docs::{
    CommercialInvoice, INVOICE_JSON_NAME, PRODUCER, RenderError, demo_invoice, render_invoice,
};

use crate::support::{embedded_file, embedded_filespec, info_text, load, page_content, pdftotext};

fn rendered_demo() -> Vec<u8> {
    render_invoice(&demo_invoice()).expect("demo invoice renders")
}

#[test]
fn invoice_has_one_page_and_producer() {
    let doc = load(&rendered_demo());

    assert_eq!(doc.get_pages().len(), 1);
    assert_eq!(info_text(&doc, b"Producer"), PRODUCER);
    assert_eq!(
        info_text(&doc, b"Title"),
        "Commercial Invoice NTM/EXP/2025/0192"
    );
    assert_eq!(info_text(&doc, b"CreationDate"), "D:20250310000000Z");
}

#[test]
fn invoice_metadata_keeps_native_names() {
    let doc = load(&rendered_demo());

    let subject = info_text(&doc, b"Subject");
    assert!(subject.contains("نور ٹیکسٹائل ملز"), "subject: {subject}");
    assert!(
        subject.contains("Xəzər Tekstil Ticarət MMC"),
        "subject: {subject}"
    );
    assert!(subject.contains("USD 78275.20"), "subject: {subject}");
}

#[test]
fn invoice_json_round_trips() {
    let doc = load(&rendered_demo());

    let json = embedded_file(&doc, INVOICE_JSON_NAME);
    let parsed: CommercialInvoice = serde_json::from_slice(&json).expect("attachment is JSON");
    assert_eq!(parsed, demo_invoice());
    assert_eq!(
        parsed.seller.name_native.as_deref(),
        Some("نور ٹیکسٹائل ملز")
    );
    assert_eq!(
        parsed.buyer.address,
        "Nizami küçəsi 42, Səbail rayonu, Bakı AZ1000"
    );

    let filespec = embedded_filespec(&doc, INVOICE_JSON_NAME);
    let relationship = filespec.get(b"AFRelationship").and_then(Object::as_name);
    assert_eq!(relationship.expect("/AFRelationship"), b"Data");
}

#[test]
fn invoice_page_shows_number_codes_and_amounts() {
    let doc = load(&rendered_demo());
    let content = String::from_utf8_lossy(&page_content(&doc)).into_owned();

    assert!(
        content.contains("(NTM/EXP/2025/0192)"),
        "invoice number missing"
    );
    for code in ["5208.52", "6302.60", "6302.31"] {
        assert!(
            content.contains(&format!("({code})")),
            "HS code {code} missing"
        );
    }
    for amount in [
        "33,300.00",
        "23,520.00",
        "16,320.00",
        "73,140.00",
        "78,275.20",
    ] {
        assert!(
            content.contains(&format!("({amount})")),
            "amount {amount} missing"
        );
    }
}

#[test]
fn invoice_is_byte_identical_across_calls() {
    assert_eq!(rendered_demo(), rendered_demo());
}

#[test]
fn invoice_bytes_depend_on_number() {
    let mut other = demo_invoice();
    other.number = "NTM/EXP/2025/0193".to_owned();

    assert_ne!(rendered_demo(), render_invoice(&other).expect("renders"));
}

#[test]
fn invoice_pdftotext_reads_page() {
    let Some(text) = pdftotext(&rendered_demo()) else {
        return;
    };

    assert!(
        text.contains("COMMERCIAL INVOICE"),
        "title missing:\n{text}"
    );
    assert!(
        text.contains("Noor Textile Mills (Pvt) Ltd"),
        "seller missing:\n{text}"
    );
    assert!(
        text.contains("NTM/EXP/2025/0192"),
        "number missing:\n{text}"
    );
    for code in ["5208.52", "6302.60", "6302.31"] {
        assert!(text.contains(code), "HS code {code} missing:\n{text}");
    }
    assert!(text.contains("78,275.20"), "total missing:\n{text}");
}

#[test]
fn invoice_rejects_wrong_line_total() {
    let mut doc = demo_invoice();
    doc.items[0].total = "33400.00".to_owned();

    let error = render_invoice(&doc).expect_err("wrong line total rejected");
    assert!(
        matches!(&error, RenderError::TotalMismatch { field, stated, computed }
            if field == "items[0].total" && stated == "33,400.00" && computed == "33,300.00"),
        "{error}"
    );
}

#[test]
fn invoice_rejects_wrong_grand_total() {
    let mut doc = demo_invoice();
    doc.totals.total = "78275.21".to_owned();

    let error = render_invoice(&doc).expect_err("wrong total rejected");
    assert!(
        matches!(&error, RenderError::TotalMismatch { field, .. } if field == "totals.total"),
        "{error}"
    );
}

#[test]
fn invoice_rejects_malformed_price() {
    let mut doc = demo_invoice();
    doc.items[2].unit_price = "6,80".to_owned();

    let error = render_invoice(&doc).expect_err("comma decimal rejected");
    assert!(
        matches!(&error, RenderError::InvalidDecimal { field, value }
            if field == "items[2].unit_price" && value == "6,80"),
        "{error}"
    );
}

#[test]
fn invoice_rejects_lowercase_currency() {
    let mut doc = demo_invoice();
    doc.currency = "usd".to_owned();

    let error = render_invoice(&doc).expect_err("lowercase currency rejected");
    assert!(
        matches!(error, RenderError::InvalidCurrency { .. }),
        "{error}"
    );
}

#[test]
fn invoice_rejects_empty_items() {
    let mut doc = demo_invoice();
    doc.items.clear();

    let error = render_invoice(&doc).expect_err("empty invoice rejected");
    assert!(matches!(error, RenderError::NoItems { .. }), "{error}");
}

#[test]
fn invoice_rejects_bad_origin_country() {
    let mut doc = demo_invoice();
    doc.origin_country = "Pakistan".to_owned();

    let error = render_invoice(&doc).expect_err("country name in place of code rejected");
    assert!(
        matches!(&error, RenderError::InvalidCountry { field, value }
            if field == "origin_country" && value == "Pakistan"),
        "{error}"
    );
}
