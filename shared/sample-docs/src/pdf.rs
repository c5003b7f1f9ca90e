//! Assembly of the one-page PDF file: fonts, page, information dictionary and attachment.
//!
//! The structured data travels as an embedded JSON file listed in the catalog's
//! `/Names /EmbeddedFiles` tree and in its `/AF` array with `/AFRelationship /Data`, the way
//! Factur-X invoices carry their XML. Every byte of the output follows from the input: the
//! dates come from the document's own date and the trailer `/ID` is a digest of the content.
//!
//! Streams are stored uncompressed. Flate output depends on the zlib backend that the `flate2`
//! crate was built with, and Cargo's feature unification switches that backend when another
//! crate of the build enables one. Compressed bytes, and so the file's digest, could then
//! differ between builds. The files stay small (about 12 KB) without compression.

use chrono::NaiveDate;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, xref::XrefType};
use sha2::{Digest, Sha256};

use crate::RenderError;
use crate::canvas::{PAGE_HEIGHT, PAGE_WIDTH};
use crate::winansi::Font;

/// `/Producer` of every generated PDF. It carries no version number, so a release that does
/// not change the layout keeps the files byte for byte.
pub const PRODUCER: &str = "tradeseal sample-docs";

/// Text of the document information dictionary.
pub(crate) struct Metadata {
    pub(crate) title: String,
    pub(crate) author: String,
    pub(crate) subject: String,
    pub(crate) keywords: String,
    /// Date written as `/CreationDate` and `/ModDate`, at midnight UTC.
    pub(crate) date: NaiveDate,
}

/// A file attached to the PDF.
pub(crate) struct Attachment {
    pub(crate) file_name: &'static str,
    pub(crate) description: &'static str,
    pub(crate) json: Vec<u8>,
}

/// Builds the PDF file around one page's content stream.
pub(crate) fn assemble(
    content: Vec<u8>,
    metadata: &Metadata,
    attachment: &Attachment,
) -> Result<Vec<u8>, RenderError> {
    let file_id = file_identifier(&content, &attachment.json);
    let date = pdf_date(metadata.date);

    // PDF 1.7 with a classic cross-reference table, which every reader handles.
    let mut doc = Document::with_version("1.7");
    doc.reference_table.cross_reference_type = XrefType::CrossReferenceTable;

    let pages_id = doc.new_object_id();
    let page_id = add_page(&mut doc, pages_id, content);
    let pages = Dictionary::from_iter([
        ("Type", Object::Name(b"Pages".to_vec())),
        ("Kids", vec![Object::Reference(page_id)].into()),
        ("Count", 1.into()),
    ]);
    doc.objects.insert(pages_id, Object::Dictionary(pages));

    let filespec_id = add_attachment(&mut doc, attachment, &date);
    let catalog = catalog(pages_id, filespec_id, attachment.file_name);
    let catalog_id = doc.add_object(catalog);
    let info_id = doc.add_object(information(metadata, &date));

    doc.trailer.set("Root", catalog_id);
    doc.trailer.set("Info", info_id);
    let id_string = Object::String(file_id.to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", vec![id_string.clone(), id_string]);

    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).map_err(lopdf::Error::from)?;
    Ok(bytes)
}

/// Adds the A4 page with its fonts and content stream.
fn add_page(doc: &mut Document, pages_id: ObjectId, content: Vec<u8>) -> ObjectId {
    let mut fonts = Dictionary::new();
    for font in [Font::Regular, Font::Bold] {
        let font_id = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"Type1".to_vec())),
            (
                "BaseFont",
                Object::Name(font.base_font().as_bytes().to_vec()),
            ),
            ("Encoding", Object::Name(b"WinAnsiEncoding".to_vec())),
        ]));
        fonts.set(font.resource_name(), font_id);
    }

    let content_id = doc.add_object(Stream::new(Dictionary::new(), content));

    let media_box: Vec<Object> = vec![0.into(), 0.into(), PAGE_WIDTH.into(), PAGE_HEIGHT.into()];
    let page = Dictionary::from_iter([
        ("Type", Object::Name(b"Page".to_vec())),
        ("Parent", pages_id.into()),
        ("MediaBox", media_box.into()),
        (
            "Resources",
            Dictionary::from_iter([("Font", Object::from(fonts))]).into(),
        ),
        ("Contents", content_id.into()),
    ]);
    doc.add_object(page)
}

/// Adds the embedded JSON file and its file specification, returning the specification's id.
fn add_attachment(doc: &mut Document, attachment: &Attachment, date: &str) -> ObjectId {
    let params = Dictionary::from_iter([
        ("Size", Object::Integer(attachment.json.len() as i64)),
        ("ModDate", Object::string_literal(date)),
    ]);
    let file_dict = Dictionary::from_iter([
        ("Type", Object::Name(b"EmbeddedFile".to_vec())),
        ("Subtype", Object::Name(b"application/json".to_vec())),
        ("Params", params.into()),
    ]);
    let file_id = doc.add_object(Stream::new(file_dict, attachment.json.clone()));

    let filespec = Dictionary::from_iter([
        ("Type", Object::Name(b"Filespec".to_vec())),
        ("F", Object::string_literal(attachment.file_name)),
        ("UF", utf16_text(attachment.file_name)),
        ("Desc", utf16_text(attachment.description)),
        ("AFRelationship", Object::Name(b"Data".to_vec())),
        (
            "EF",
            Dictionary::from_iter([("F", file_id.into()), ("UF", file_id.into())]).into(),
        ),
    ]);
    doc.add_object(filespec)
}

/// Builds the document catalog, which lists the attachment both as associated file and by name.
fn catalog(pages_id: ObjectId, filespec_id: ObjectId, file_name: &str) -> Dictionary {
    let names_tree = Dictionary::from_iter([(
        "Names",
        Object::Array(vec![Object::string_literal(file_name), filespec_id.into()]),
    )]);
    Dictionary::from_iter([
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", pages_id.into()),
        (
            "Names",
            Dictionary::from_iter([("EmbeddedFiles", Object::from(names_tree))]).into(),
        ),
        ("AF", vec![Object::Reference(filespec_id)].into()),
        ("PageMode", Object::Name(b"UseAttachments".to_vec())),
    ])
}

/// Builds the document information dictionary, with every text string in UTF-16BE so that
/// Urdu and Azerbaijani names keep their own script.
fn information(metadata: &Metadata, date: &str) -> Dictionary {
    Dictionary::from_iter([
        ("Title", utf16_text(&metadata.title)),
        ("Author", utf16_text(&metadata.author)),
        ("Subject", utf16_text(&metadata.subject)),
        ("Keywords", utf16_text(&metadata.keywords)),
        ("Creator", utf16_text(PRODUCER)),
        ("Producer", utf16_text(PRODUCER)),
        ("CreationDate", Object::string_literal(date)),
        ("ModDate", Object::string_literal(date)),
    ])
}

/// Encodes `text` as a PDF text string in UTF-16BE with its byte order mark.
fn utf16_text(text: &str) -> Object {
    let mut bytes = Vec::with_capacity(2 + 2 * text.len());
    lopdf::encode_utf16_be(text, &mut bytes);
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Formats midnight UTC of `date` as a PDF date string, such as `D:20250314000000Z`.
fn pdf_date(date: NaiveDate) -> String {
    date.format("D:%Y%m%d000000Z").to_string()
}

/// Derives the trailer's `/ID` (both halves) from the page content and the attached data: the
/// first 16 bytes of their SHA-256 digest.
fn file_identifier(content: &[u8], json: &[u8]) -> [u8; 16] {
    let mut hasher = Sha256::new();
    hasher.update((content.len() as u64).to_be_bytes());
    hasher.update(content);
    hasher.update(json);
    let digest = hasher.finalize();

    let mut id = [0; 16];
    id.copy_from_slice(&digest[..16]);
    id
}
