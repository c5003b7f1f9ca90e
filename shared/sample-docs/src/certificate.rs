//! Layout of the certificate of origin, modelled on the non-preferential form that chambers of
//! commerce issue: parties on the left, number and issuing body on the right, transport
//! details, the goods table and the exporter's declaration beside the chamber's certification.

use crate::canvas::{Align, Canvas, PAGE_WIDTH, TextStyle, wrap};
use crate::decimal::Decimal;
use crate::form::{
    Frame, Paragraph, captioned_box, country_label, native_or_latin, party_paragraphs,
    party_summary, sample_banner, signature_line, single_line, text_box,
};
use crate::model::CertificateOfOrigin;
use crate::pdf::{self, Attachment, Metadata};
use crate::table::{Column, Table};
use crate::winansi::Font;
use crate::{RenderError, long_date, validate};

/// Name of the JSON file attached to a certificate of origin.
pub const CERTIFICATE_JSON_NAME: &str = "certificate-of-origin.json";

const LEFT: f32 = 36.0;
const WIDTH: f32 = PAGE_WIDTH - 2.0 * LEFT;
/// Width of the left column of the upper boxes.
const LEFT_COLUMN: f32 = 300.0;
const RIGHT_X: f32 = LEFT + LEFT_COLUMN;
const RIGHT_COLUMN: f32 = WIDTH - LEFT_COLUMN;

/// Renders `doc` as a one-page A4 PDF with its data attached as JSON.
///
/// The output depends only on `doc`, so equal inputs give byte-identical files.
pub fn render_certificate(doc: &CertificateOfOrigin) -> Result<Vec<u8>, RenderError> {
    validate::certificate(doc)?;

    let mut canvas = Canvas::new();
    canvas.watermark(PAGE_WIDTH / 2.0, 420.0, 120.0, 35.0, "SAMPLE");
    sample_banner(&mut canvas, PAGE_WIDTH / 2.0, 815.0);
    draw_header(&mut canvas, doc)?;
    draw_transport(&mut canvas, doc)?;
    draw_items(&mut canvas, doc)?;
    draw_declarations(&mut canvas, doc)?;

    let attachment = Attachment {
        file_name: CERTIFICATE_JSON_NAME,
        description: "Certificate of origin data (JSON)",
        json: serde_json::to_vec_pretty(doc)?,
    };
    pdf::assemble(canvas.finish()?, &metadata(doc), &attachment)
}

/// Draws the exporter and consignee boxes and, beside them, the number and title block.
fn draw_header(canvas: &mut Canvas, doc: &CertificateOfOrigin) -> Result<(), RenderError> {
    let exporter = Frame::new(LEFT, 805.0, LEFT_COLUMN, 115.0);
    let consignee = Frame::new(LEFT, 690.0, LEFT_COLUMN, 115.0);
    let caption = "1. Exporter (name, address, country, tax registration)";
    text_box(
        canvas,
        exporter,
        caption,
        "exporter",
        &party_paragraphs(&doc.exporter),
    )?;
    let caption = "2. Consignee (name, address, country, tax registration)";
    text_box(
        canvas,
        consignee,
        caption,
        "consignee",
        &party_paragraphs(&doc.consignee),
    )?;

    let number = Frame::new(RIGHT_X, 805.0, RIGHT_COLUMN, 40.0);
    captioned_box(canvas, number, "Certificate No.");
    single_line(
        "number",
        &doc.number,
        TextStyle::bold(11.0),
        RIGHT_COLUMN - 10.0,
    )?;
    canvas.text(RIGHT_X + 5.0, 775.0, TextStyle::bold(11.0), &doc.number);

    let title = Frame::new(RIGHT_X, 765.0, RIGHT_COLUMN, 150.0);
    canvas.stroke_rect(title.x, title.top, title.width, title.height);
    let center = RIGHT_X + RIGHT_COLUMN / 2.0;
    canvas.text(
        center,
        735.0,
        TextStyle::bold(17.0).centered(),
        "CERTIFICATE",
    );
    canvas.text(center, 715.0, TextStyle::bold(17.0).centered(), "OF ORIGIN");
    canvas.text(
        center,
        700.0,
        TextStyle::regular(8.0).centered(),
        "(non-preferential)",
    );
    canvas.text(
        center,
        676.0,
        TextStyle::regular(7.5).centered(),
        "issued by",
    );

    let mut baseline = 663.0;
    for line in wrap(&doc.issuing_body, Font::Bold, 10.0, RIGHT_COLUMN - 20.0) {
        canvas.text(center, baseline, TextStyle::bold(10.0).centered(), &line);
        baseline -= 12.5;
    }

    let origin = Frame::new(RIGHT_X, 615.0, RIGHT_COLUMN, 40.0);
    captioned_box(canvas, origin, "3. Country of origin");
    canvas.text(
        RIGHT_X + 5.0,
        585.0,
        TextStyle::bold(10.0),
        &common_origin(doc).unwrap_or_else(|| "See box 11".to_owned()),
    );
    Ok(())
}

/// Draws the transport box and the remarks box with the invoice reference.
fn draw_transport(canvas: &mut Canvas, doc: &CertificateOfOrigin) -> Result<(), RenderError> {
    let transport = &doc.transport;
    let frame = Frame::new(LEFT, 575.0, LEFT_COLUMN, 85.0);
    let lines = [
        format!("Mode: {}", transport.mode),
        format!("Vessel / voyage: {}", transport.vessel),
        format!("Port of loading: {}", transport.port_of_loading),
        format!("Port of discharge: {}", transport.port_of_discharge),
        format!("Route: {}", transport.route),
    ];
    let paragraphs: Vec<Paragraph> = lines
        .into_iter()
        .map(|line| Paragraph::new(Font::Regular, 8.5, line))
        .collect();
    text_box(
        canvas,
        frame,
        "4. Transport details",
        "transport",
        &paragraphs,
    )?;

    let frame = Frame::new(RIGHT_X, 575.0, RIGHT_COLUMN, 85.0);
    let remarks = [
        Paragraph::new(Font::Regular, 8.5, "Commercial invoice No."),
        Paragraph::new(Font::Bold, 8.5, doc.invoice_ref.as_str()),
        Paragraph::new(
            Font::Regular,
            7.5,
            "Issued on the basis of the commercial invoice and the exporter's declaration.",
        ),
    ];
    text_box(canvas, frame, "5. Remarks", "invoice_ref", &remarks)
}

/// Draws the goods table with a footer row carrying the total gross weight.
fn draw_items(canvas: &mut Canvas, doc: &CertificateOfOrigin) -> Result<(), RenderError> {
    let columns = [
        Column {
            heading: "6. Item No.",
            width: 32.0,
            align: Align::Center,
        },
        Column {
            heading: "7. Number and kind of packages; description of goods",
            width: WIDTH - 292.0,
            align: Align::Left,
        },
        Column {
            heading: "8. HS code",
            width: 62.0,
            align: Align::Center,
        },
        Column {
            heading: "9. Quantity",
            width: 78.0,
            align: Align::Right,
        },
        Column {
            heading: "10. Gross weight (kg)",
            width: 74.0,
            align: Align::Right,
        },
        Column {
            heading: "11. Origin",
            width: 46.0,
            align: Align::Center,
        },
    ];

    let mut total_weight = Decimal::parse("items", "0")?;
    let mut rows = Vec::with_capacity(doc.items.len());
    for (index, item) in doc.items.iter().enumerate() {
        let path = format!("items[{index}]");
        let weight = Decimal::parse(&format!("{path}.gross_weight_kg"), &item.gross_weight_kg)?;
        let amount = Decimal::parse(&format!("{path}.quantity.amount"), &item.quantity.amount)?;
        total_weight = total_weight.add(weight);
        rows.push(vec![
            (index + 1).to_string(),
            format!("{}: {}", item.packages, item.description),
            item.hs_code.clone(),
            format!("{} {}", amount.grouped(), item.quantity.unit),
            weight.grouped(),
            item.origin_country.clone(),
        ]);
    }

    let footer = [
        String::new(),
        "Total gross weight".to_owned(),
        String::new(),
        String::new(),
        total_weight.grouped(),
        String::new(),
    ];
    let frame = Frame::new(LEFT, 490.0, WIDTH, 255.0);
    Table {
        frame,
        columns: &columns,
    }
    .draw(canvas, &rows, Some(&footer))
}

/// Draws the exporter's declaration and the chamber's certification side by side.
fn draw_declarations(canvas: &mut Canvas, doc: &CertificateOfOrigin) -> Result<(), RenderError> {
    let half = WIDTH / 2.0;
    let place_date = format!("{}, {}", doc.place_of_issue, long_date(doc.issued_on));
    let origin = common_origin(doc).unwrap_or_else(|| "the countries shown in box 11".to_owned());

    let frame = Frame::new(LEFT, 225.0, half, 189.0);
    let declaration = format!(
        "The undersigned, acting for the exporter named in box 1, declares that the details \
         above are correct, that the goods listed were produced in {origin} and that they are \
         shipped to the consignee named in box 2."
    );
    let paragraphs = [Paragraph::new(Font::Regular, 8.0, declaration)];
    text_box(
        canvas,
        frame,
        "12. Declaration by the exporter",
        "declaration",
        &paragraphs,
    )?;
    canvas.text(LEFT + 10.0, 76.0, TextStyle::regular(8.5), &place_date);
    let label = "Place and date, signature of authorised signatory";
    signature_line(canvas, LEFT + 10.0, half - 20.0, 72.0, label);

    let right = LEFT + half;
    let frame = Frame::new(right, 225.0, half, 189.0);
    let certification = format!(
        "On the basis of the documents presented, {} certifies that the goods described \
         above originate in {origin}.",
        doc.issuing_body
    );
    let paragraphs = [Paragraph::new(Font::Regular, 8.0, certification)];
    text_box(
        canvas,
        frame,
        "13. Certification",
        "issuing_body",
        &paragraphs,
    )?;
    canvas.dashed_circle(right + half - 60.0, 125.0, 34.0);
    canvas.text(
        right + half - 60.0,
        122.0,
        TextStyle::regular(7.0).centered(),
        "Stamp",
    );
    canvas.text(right + 10.0, 76.0, TextStyle::regular(8.5), &place_date);
    let label = "Place and date, signature and stamp of certifying authority";
    signature_line(canvas, right + 10.0, half - 20.0, 72.0, label);
    Ok(())
}

/// Returns the country of origin shared by all items, or `None` when the items differ.
fn common_origin(doc: &CertificateOfOrigin) -> Option<String> {
    let first = doc.items.first()?;
    let shared = doc
        .items
        .iter()
        .all(|item| item.origin_country == first.origin_country);
    shared.then(|| country_label(&first.origin_country))
}

/// Builds the information dictionary text, with names in their own script.
fn metadata(doc: &CertificateOfOrigin) -> Metadata {
    let hs_codes: Vec<&str> = doc.items.iter().map(|item| item.hs_code.as_str()).collect();
    Metadata {
        title: format!("Certificate of Origin {}", doc.number),
        author: doc.issuing_body.clone(),
        subject: format!(
            "Exporter: {}; consignee: {}",
            party_summary(&doc.exporter),
            party_summary(&doc.consignee)
        ),
        keywords: format!(
            "certificate of origin; {}; HS {}; {}; {}",
            doc.number,
            hs_codes.join(", "),
            native_or_latin(&doc.exporter),
            native_or_latin(&doc.consignee)
        ),
        date: doc.issued_on,
    }
}
