//! Layout of the commercial invoice: seller and buyer boxes, invoice details, payment terms,
//! the priced goods table, the totals block and the seller's signature.

use crate::canvas::{Align, Canvas, PAGE_WIDTH, TextStyle};
use crate::decimal::Decimal;
use crate::form::{
    Frame, Paragraph, captioned_box, country_label, native_or_latin, party_paragraphs,
    party_summary, sample_banner, signature_line, single_line, text_box,
};
use crate::model::CommercialInvoice;
use crate::pdf::{self, Attachment, Metadata};
use crate::table::{Column, Table};
use crate::winansi::Font;
use crate::{RenderError, long_date, validate};

/// Name of the JSON file attached to a commercial invoice.
pub const INVOICE_JSON_NAME: &str = "commercial-invoice.json";

const LEFT: f32 = 36.0;
const WIDTH: f32 = PAGE_WIDTH - 2.0 * LEFT;
const LEFT_COLUMN: f32 = 300.0;
const RIGHT_X: f32 = LEFT + LEFT_COLUMN;
const RIGHT_COLUMN: f32 = WIDTH - LEFT_COLUMN;

/// Width of the two money columns of the goods table.
const MONEY_COLUMNS: f32 = 170.0;

/// Width of the quantity column. The totals block spans it and the money columns.
const QUANTITY_COLUMN: f32 = 80.0;

/// Renders `doc` as a one-page A4 PDF with its data attached as JSON.
///
/// Rejects an invoice whose line totals or invoice totals do not add up. The output depends
/// only on `doc`, so equal inputs give byte-identical files.
pub fn render_invoice(doc: &CommercialInvoice) -> Result<Vec<u8>, RenderError> {
    validate::invoice(doc)?;

    let mut canvas = Canvas::new();
    canvas.watermark(PAGE_WIDTH / 2.0, 420.0, 120.0, 35.0, "SAMPLE");
    sample_banner(&mut canvas, PAGE_WIDTH / 2.0, 815.0);
    draw_header(&mut canvas, doc)?;
    draw_items(&mut canvas, doc)?;
    draw_totals(&mut canvas, doc)?;
    draw_signature(&mut canvas, doc)?;

    let attachment = Attachment {
        file_name: INVOICE_JSON_NAME,
        description: "Commercial invoice data (JSON)",
        json: serde_json::to_vec_pretty(doc)?,
    };
    pdf::assemble(canvas.finish()?, &metadata(doc), &attachment)
}

/// Draws the title band, the seller, buyer, details and payment terms boxes.
fn draw_header(canvas: &mut Canvas, doc: &CommercialInvoice) -> Result<(), RenderError> {
    canvas.fill_rect(LEFT, 805.0, WIDTH, 34.0, 0.88);
    canvas.stroke_rect(LEFT, 805.0, WIDTH, 34.0);
    let center = PAGE_WIDTH / 2.0;
    canvas.text(
        center,
        782.0,
        TextStyle::bold(18.0).centered(),
        "COMMERCIAL INVOICE",
    );

    let seller = Frame::new(LEFT, 765.0, LEFT_COLUMN, 120.0);
    let caption = "Seller / exporter (name, address, country, tax registration)";
    text_box(
        canvas,
        seller,
        caption,
        "seller",
        &party_paragraphs(&doc.seller),
    )?;
    let buyer = Frame::new(LEFT, 645.0, LEFT_COLUMN, 110.0);
    let caption = "Buyer / consignee (name, address, country, tax registration)";
    text_box(
        canvas,
        buyer,
        caption,
        "buyer",
        &party_paragraphs(&doc.buyer),
    )?;

    let details = Frame::new(RIGHT_X, 765.0, RIGHT_COLUMN, 120.0);
    captioned_box(canvas, details, "Invoice details");
    let rows = [
        ("Invoice No.", doc.number.clone()),
        ("Invoice date", long_date(doc.date)),
        ("Currency", doc.currency.clone()),
        ("Incoterms", doc.incoterm.clone()),
        ("Country of origin", country_label(&doc.origin_country)),
    ];
    let fields = ["number", "date", "currency", "incoterm", "origin_country"];
    let mut baseline = 745.0;
    for ((label, value), field) in rows.into_iter().zip(fields) {
        let value_width = RIGHT_COLUMN - 85.0;
        single_line(field, &value, TextStyle::bold(9.0), value_width)?;
        canvas.text(RIGHT_X + 5.0, baseline, TextStyle::regular(7.5), label);
        canvas.text(RIGHT_X + 80.0, baseline, TextStyle::bold(9.0), &value);
        baseline -= 19.0;
    }

    let terms = Frame::new(RIGHT_X, 645.0, RIGHT_COLUMN, 110.0);
    let paragraphs = [Paragraph::new(
        Font::Regular,
        8.5,
        doc.payment_terms.as_str(),
    )];
    text_box(canvas, terms, "Payment terms", "payment_terms", &paragraphs)
}

/// Draws the priced goods table.
fn draw_items(canvas: &mut Canvas, doc: &CommercialInvoice) -> Result<(), RenderError> {
    let price_heading = format!("Unit price ({})", doc.currency);
    let amount_heading = format!("Amount ({})", doc.currency);
    let columns = [
        Column {
            heading: "No.",
            width: 28.0,
            align: Align::Center,
        },
        Column {
            heading: "Description of goods",
            width: WIDTH - 28.0 - 62.0 - QUANTITY_COLUMN - MONEY_COLUMNS,
            align: Align::Left,
        },
        Column {
            heading: "HS code",
            width: 62.0,
            align: Align::Center,
        },
        Column {
            heading: "Quantity",
            width: QUANTITY_COLUMN,
            align: Align::Right,
        },
        Column {
            heading: &price_heading,
            width: 75.0,
            align: Align::Right,
        },
        Column {
            heading: &amount_heading,
            width: MONEY_COLUMNS - 75.0,
            align: Align::Right,
        },
    ];

    let mut rows = Vec::with_capacity(doc.items.len());
    for (index, line) in doc.items.iter().enumerate() {
        let path = format!("items[{index}]");
        let amount = Decimal::parse(&format!("{path}.quantity.amount"), &line.quantity.amount)?;
        let price = Decimal::parse(&format!("{path}.unit_price"), &line.unit_price)?;
        let total = Decimal::parse(&format!("{path}.total"), &line.total)?;
        rows.push(vec![
            (index + 1).to_string(),
            line.description.clone(),
            line.hs_code.clone(),
            format!("{} {}", amount.grouped(), line.quantity.unit),
            price.grouped(),
            total.grouped(),
        ]);
    }

    let frame = Frame::new(LEFT, 535.0, WIDTH, 300.0);
    Table {
        frame,
        columns: &columns,
    }
    .draw(canvas, &rows, None)
}

/// Draws the totals block under the money columns: goods value, freight, insurance, total.
fn draw_totals(canvas: &mut Canvas, doc: &CommercialInvoice) -> Result<(), RenderError> {
    let totals = &doc.totals;
    let rows = [
        (
            "Goods value",
            "totals.goods_value",
            totals.goods_value.as_str(),
            Font::Regular,
        ),
        (
            "Freight",
            "totals.freight",
            totals.freight.as_str(),
            Font::Regular,
        ),
        (
            "Insurance",
            "totals.insurance",
            totals.insurance.as_str(),
            Font::Regular,
        ),
        ("Total", "totals.total", totals.total.as_str(), Font::Bold),
    ];
    let width = QUANTITY_COLUMN + MONEY_COLUMNS;
    let x = LEFT + WIDTH - width;
    canvas.stroke_rect(x, 235.0, width, 68.0);

    let mut baseline = 222.0;
    for (label, field, value, font) in rows {
        let amount = Decimal::parse(field, value)?;
        let label = if font == Font::Bold {
            format!("{label} {} ({})", doc.incoterm, doc.currency)
        } else {
            label.to_owned()
        };
        canvas.text(x + 6.0, baseline, TextStyle::new(font, 8.5), &label);
        canvas.text(
            x + width - 6.0,
            baseline,
            TextStyle::new(font, 8.5).right_aligned(),
            &amount.grouped(),
        );
        baseline -= 15.0;
    }
    Ok(())
}

/// Draws the seller's declaration and the signature line.
fn draw_signature(canvas: &mut Canvas, doc: &CommercialInvoice) -> Result<(), RenderError> {
    let frame = Frame::new(LEFT, 160.0, WIDTH, 124.0);
    let declaration = format!(
        "We certify that this invoice shows the actual price of the goods described, that all \
         particulars are true and correct, and that the goods originate in {}.",
        country_label(&doc.origin_country)
    );
    let paragraphs = [Paragraph::new(Font::Regular, 8.0, declaration)];
    text_box(canvas, frame, "Declaration", "declaration", &paragraphs)?;

    let signer = format!("For and on behalf of {}", doc.seller.name);
    let x = LEFT + WIDTH / 2.0 + 10.0;
    let width = WIDTH / 2.0 - 20.0;
    canvas.text(x, 105.0, TextStyle::bold(8.5), &signer);
    canvas.text(
        LEFT + 10.0,
        62.0,
        TextStyle::regular(8.5),
        &long_date(doc.date),
    );
    signature_line(canvas, LEFT + 10.0, width, 58.0, "Date");
    signature_line(
        canvas,
        x,
        width,
        58.0,
        "Authorised signatory, name and company stamp",
    );
    Ok(())
}

/// Builds the information dictionary text, with names in their own script.
fn metadata(doc: &CommercialInvoice) -> Metadata {
    let hs_codes: Vec<&str> = doc.items.iter().map(|line| line.hs_code.as_str()).collect();
    Metadata {
        title: format!("Commercial Invoice {}", doc.number),
        author: doc.seller.name.clone(),
        subject: format!(
            "Seller: {}; buyer: {}; total {} {}",
            party_summary(&doc.seller),
            party_summary(&doc.buyer),
            doc.currency,
            doc.totals.total
        ),
        keywords: format!(
            "commercial invoice; {}; {}; HS {}; {}; {}",
            doc.number,
            doc.incoterm,
            hs_codes.join(", "),
            native_or_latin(&doc.seller),
            native_or_latin(&doc.buyer)
        ),
        date: doc.date,
    }
}
