//! In-process `inspect` on small PDFs that lopdf builds here, for cases the
//! corpus lacks: name trees with kids, deep page trees, inherited field
//! types, and encryption with user and owner passwords.

use lopdf::{
    Dictionary, Document, EncryptionState, EncryptionVersion, Object, ObjectId, Permissions,
    StringFormat, dictionary,
};
use pdf_inspect::{InspectError, Limits, PdfReport, inspect};

/// A document with a catalog and an empty page tree, and an `/ID`, which
/// encryption needs.
fn new_document(version: &str) -> (Document, ObjectId, ObjectId) {
    let mut document = Document::with_version(version);
    let pages =
        document.add_object(dictionary! { "Type" => "Pages", "Kids" => vec![], "Count" => 0 });
    let catalog = document.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    document.trailer.set("Root", catalog);
    let file_id = Object::String(b"0123456789abcdef".to_vec(), StringFormat::Hexadecimal);
    document.trailer.set("ID", vec![file_id.clone(), file_id]);
    (document, catalog, pages)
}

fn add_page(document: &mut Document, parent: ObjectId) -> ObjectId {
    let page = document.add_object(dictionary! { "Type" => "Page", "Parent" => parent });
    let node = document
        .get_dictionary_mut(parent)
        .expect("the parent is a dictionary");
    let mut kids = node
        .get(b"Kids")
        .and_then(Object::as_array)
        .cloned()
        .unwrap_or_default();
    kids.push(page.into());
    node.set("Kids", kids);
    page
}

fn catalog_mut(document: &mut Document, catalog: ObjectId) -> &mut Dictionary {
    document
        .get_dictionary_mut(catalog)
        .expect("the catalog is a dictionary")
}

fn save(document: &mut Document) -> Vec<u8> {
    let mut bytes = Vec::new();
    document.save_to(&mut bytes).expect("saving to memory");
    bytes
}

fn inspect_saved(document: &mut Document) -> Result<PdfReport, InspectError> {
    inspect(&save(document), &Limits::default())
}

#[test]
fn nested_trees_and_javascript_reported() {
    let (mut document, catalog, pages) = new_document("1.7");
    add_page(&mut document, pages);

    // An /EmbeddedFiles tree whose root has two leaf kids of 2 and 1 files.
    let file = document.add_object(dictionary! { "Type" => "Filespec" });
    let leaf_a = document.add_object(dictionary! {
        "Names" => vec![Object::string_literal("a.xml"), file.into(), Object::string_literal("b.xml"), file.into()],
    });
    let leaf_b = document
        .add_object(dictionary! { "Names" => vec![Object::string_literal("c.xml"), file.into()] });
    let tree = document.add_object(dictionary! { "Kids" => vec![leaf_a.into(), leaf_b.into()] });

    // A signature field whose widget kid inherits /FT /Sig from it.
    let widget = document.add_object(dictionary! { "Type" => "Annot", "Subtype" => "Widget" });
    let field = document.add_object(dictionary! { "FT" => "Sig", "T" => Object::string_literal("sig"), "Kids" => vec![widget.into()] });
    let javascript =
        dictionary! { "S" => "JavaScript", "JS" => Object::string_literal("app.alert(1)") };

    let root = catalog_mut(&mut document, catalog);
    root.set("Names", dictionary! { "EmbeddedFiles" => tree });
    root.set("AcroForm", dictionary! { "Fields" => vec![field.into()] });
    root.set("OpenAction", javascript);

    let report = inspect_saved(&mut document).expect("the document inspects");
    assert_eq!(report.embedded_files, 3);
    assert!(report.forms);
    assert!(report.signature_fields);
    assert!(report.javascript);
    assert_eq!(report.pages, 1);
}

#[test]
fn plain_document_has_no_flags() {
    let (mut document, catalog, pages) = new_document("1.7");
    add_page(&mut document, pages);
    add_page(&mut document, pages);
    let uri = dictionary! { "S" => "URI", "URI" => Object::string_literal("https://example.org") };
    catalog_mut(&mut document, catalog).set("OpenAction", uri);

    let report = inspect_saved(&mut document).expect("the document inspects");
    assert_eq!(report.pages, 2);
    assert_eq!(report.embedded_files, 0);
    assert!(!report.forms);
    assert!(!report.signature_fields);
    assert!(!report.javascript);
    assert!(!report.encrypted);
    assert_eq!(report.encryption, None);
    assert_eq!(report.incremental_updates, 0);
}

#[test]
fn catalog_version_wins_only_when_higher() {
    // lopdf writes a cross-reference stream, which needs a header of 1.5 or
    // more, so start above that.
    let (mut document, catalog, pages) = new_document("1.6");
    add_page(&mut document, pages);
    catalog_mut(&mut document, catalog).set("Version", Object::Name(b"2.0".to_vec()));
    let report = inspect_saved(&mut document).expect("the document inspects");
    assert_eq!(report.header_version, "1.6");
    assert_eq!(report.version, "2.0");

    catalog_mut(&mut document, catalog).set("Version", Object::Name(b"1.3".to_vec()));
    let report = inspect_saved(&mut document).expect("the document inspects");
    assert_eq!(report.version, "1.6");
}

#[test]
fn utf16_producer_is_decoded_and_capped() {
    let (mut document, _, pages) = new_document("1.7");
    add_page(&mut document, pages);
    let mut producer = b"\xFE\xFF".to_vec();
    for unit in "Ünïcode ".repeat(40).encode_utf16() {
        producer.extend_from_slice(&unit.to_be_bytes());
    }
    let info = document.add_object(dictionary! {
        "Producer" => Object::String(producer, StringFormat::Hexadecimal),
        "Creator" => Object::string_literal("  "),
    });
    document.trailer.set("Info", info);

    let report = inspect_saved(&mut document).expect("the document inspects");
    let producer = report.producer.expect("the producer is set");
    assert!(producer.starts_with("Ünïcode Ünïcode"), "{producer}");
    assert_eq!(
        producer.chars().count(),
        255,
        "256 characters, trailing space trimmed"
    );
    assert_eq!(report.creator, None);
}

#[test]
fn page_tree_deeper_than_limit_is_too_complex() {
    let (mut document, _, pages) = new_document("1.7");
    let mut parent = pages;
    for _ in 0..10 {
        let child = document
            .add_object(dictionary! { "Type" => "Pages", "Parent" => parent, "Kids" => vec![] });
        document
            .get_dictionary_mut(parent)
            .expect("the parent is a dictionary")
            .set("Kids", vec![child.into()]);
        parent = child;
    }
    add_page(&mut document, parent);
    let bytes = save(&mut document);

    let shallow = Limits {
        max_tree_depth: 5,
        ..Limits::default()
    };
    let result = inspect(&bytes, &shallow);
    assert!(
        matches!(result, Err(InspectError::TooComplex { .. })),
        "{result:?}"
    );

    let report = inspect(&bytes, &Limits::default()).expect("64 levels are enough");
    assert_eq!(report.pages, 1);
}

#[test]
fn page_tree_cycle_is_malformed() {
    let (mut document, _, pages) = new_document("1.7");
    add_page(&mut document, pages);
    let node = document
        .get_dictionary_mut(pages)
        .expect("the root is a dictionary");
    let mut kids = node
        .get(b"Kids")
        .and_then(Object::as_array)
        .cloned()
        .expect("kids");
    kids.push(pages.into());
    node.set("Kids", kids);

    let result = inspect_saved(&mut document);
    assert!(
        matches!(result, Err(InspectError::Malformed { .. })),
        "{result:?}"
    );
}

/// Encrypts a one-page document with RC4-128 (`/V 2`, `/R 3`).
fn encrypted_rc4(owner_password: &str, user_password: &str) -> Vec<u8> {
    let (mut document, _, pages) = new_document("1.7");
    add_page(&mut document, pages);
    let state = EncryptionState::try_from(EncryptionVersion::V2 {
        document: &document,
        owner_password,
        user_password,
        key_length: 128,
        permissions: Permissions::all(),
    })
    .expect("building the encryption state");
    document.encrypt(&state).expect("encrypting");
    save(&mut document)
}

#[test]
fn empty_user_password_opens_document() {
    let report = inspect(&encrypted_rc4("owner", ""), &Limits::default())
        .expect("the empty user password opens it");
    assert!(report.encrypted);
    assert_eq!(report.encryption.as_deref(), Some("RC4-128"));
    assert_eq!(report.pages, 1);
}

#[test]
fn user_password_is_required() {
    let result = inspect(&encrypted_rc4("owner", "secret"), &Limits::default());
    assert_eq!(result, Err(InspectError::PasswordRequired));
}

#[test]
fn empty_owner_password_does_not_bypass_user_password() {
    // lopdf opens this file with the empty owner password, but the author
    // set a user password, so it still needs one.
    let result = inspect(&encrypted_rc4("", "secret"), &Limits::default());
    assert_eq!(result, Err(InspectError::PasswordRequired));
}
