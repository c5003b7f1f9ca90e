//! Sample data: one shipment of cotton textiles from a Karachi mill to a trading firm in Baku.
//!
//! The companies, registration numbers, vessel and credit reference are invented. Every page
//! rendered from this data carries a "SAMPLE - NOT A REAL DOCUMENT" notice.

use chrono::NaiveDate;

use crate::model::{
    CertificateOfOrigin, CommercialInvoice, InvoiceLine, InvoiceTotals, LineItem, Party, Quantity,
    Transport,
};

/// Date of issue of the sample certificate.
const CERTIFICATE_DATE: NaiveDate = date(2025, 3, 14);

/// Date of the sample invoice, four days before the certificate.
const INVOICE_DATE: NaiveDate = date(2025, 3, 10);

/// Number of the sample invoice, which the sample certificate refers to.
const INVOICE_NUMBER: &str = "NTM/EXP/2025/0192";

/// Returns the sample exporter: a textile mill in Karachi with an Urdu name.
pub fn demo_exporter() -> Party {
    Party {
        name: "Noor Textile Mills (Pvt) Ltd".to_owned(),
        name_native: Some("نور ٹیکسٹائل ملز".to_owned()),
        address: "Plot 23, Sector 7-A, Korangi Industrial Area, Karachi 74900".to_owned(),
        country: "PK".to_owned(),
        registration: "NTN 4213977-6".to_owned(),
    }
}

/// Returns the sample importer: a textile trading firm in Baku with an Azerbaijani name.
pub fn demo_importer() -> Party {
    Party {
        name: "Khazar Textile Trading LLC".to_owned(),
        name_native: Some("Xəzər Tekstil Ticarət MMC".to_owned()),
        address: "Nizami küçəsi 42, Səbail rayonu, Bakı AZ1000".to_owned(),
        country: "AZ".to_owned(),
        registration: "VÖEN 1403567281".to_owned(),
    }
}

/// Returns a sample certificate of origin issued by the Karachi chamber for the shipment.
pub fn demo_certificate() -> CertificateOfOrigin {
    CertificateOfOrigin {
        number: "KCCI/CO/2025/018427".to_owned(),
        issued_on: CERTIFICATE_DATE,
        place_of_issue: "Karachi".to_owned(),
        exporter: demo_exporter(),
        consignee: demo_importer(),
        issuing_body: "Karachi Chamber of Commerce & Industry".to_owned(),
        transport: Transport {
            mode: "Sea freight, then rail".to_owned(),
            vessel: "MV Indus Crescent, voyage 0425W".to_owned(),
            port_of_loading: "Port Qasim, Karachi (PK)".to_owned(),
            port_of_discharge: "Baku (AZ), by rail from Poti (GE)".to_owned(),
            route: "Port Qasim - Suez - Poti by sea; Poti - Tbilisi - Baku by rail".to_owned(),
        },
        items: vec![
            certificate_item(
                "62 bales",
                "Printed plain-weave cotton fabric, 100% cotton, 140 g/m2, width 150 cm",
                "5208.52",
                ("18000", "m"),
                "2680.5",
            ),
            certificate_item(
                "140 cartons",
                "Terry towels of cotton, 500 g/m2, assorted colours",
                "6302.60",
                ("9600", "pcs"),
                "5124",
            ),
            certificate_item(
                "48 cartons",
                "Bed sheets of cotton, not printed, 240 x 260 cm",
                "6302.31",
                ("2400", "pcs"),
                "2016.75",
            ),
        ],
        invoice_ref: INVOICE_NUMBER.to_owned(),
    }
}

/// Returns a sample commercial invoice for the same shipment, CIF Baku in US dollars.
///
/// Line totals are quantity times unit price and the invoice total is goods value plus
/// freight plus insurance, so [`crate::render_invoice`] accepts it.
pub fn demo_invoice() -> CommercialInvoice {
    CommercialInvoice {
        number: INVOICE_NUMBER.to_owned(),
        date: INVOICE_DATE,
        seller: demo_exporter(),
        buyer: demo_importer(),
        currency: "USD".to_owned(),
        incoterm: "CIF Baku".to_owned(),
        origin_country: "PK".to_owned(),
        items: vec![
            invoice_line(
                "Printed plain-weave cotton fabric, 100% cotton, 140 g/m2, width 150 cm",
                "5208.52",
                ("18000", "m"),
                ("1.85", "33300.00"),
            ),
            invoice_line(
                "Terry towels of cotton, 500 g/m2, assorted colours",
                "6302.60",
                ("9600", "pcs"),
                ("2.45", "23520.00"),
            ),
            invoice_line(
                "Bed sheets of cotton, not printed, 240 x 260 cm",
                "6302.31",
                ("2400", "pcs"),
                ("6.80", "16320.00"),
            ),
        ],
        totals: InvoiceTotals {
            goods_value: "73140.00".to_owned(),
            freight: "4850.00".to_owned(),
            insurance: "285.20".to_owned(),
            total: "78275.20".to_owned(),
        },
        payment_terms: "Irrevocable documentary credit payable at sight, L/C No. \
                        BAK-ILC-25-00871, subject to UCP 600. Latest shipment date 31 March \
                        2025; partial shipments not allowed."
            .to_owned(),
    }
}

fn certificate_item(
    packages: &str,
    description: &str,
    hs_code: &str,
    (amount, unit): (&str, &str),
    gross_weight_kg: &str,
) -> LineItem {
    LineItem {
        description: description.to_owned(),
        packages: packages.to_owned(),
        hs_code: hs_code.to_owned(),
        quantity: Quantity {
            amount: amount.to_owned(),
            unit: unit.to_owned(),
        },
        gross_weight_kg: gross_weight_kg.to_owned(),
        origin_country: "PK".to_owned(),
    }
}

fn invoice_line(
    description: &str,
    hs_code: &str,
    (amount, unit): (&str, &str),
    (unit_price, total): (&str, &str),
) -> InvoiceLine {
    InvoiceLine {
        description: description.to_owned(),
        hs_code: hs_code.to_owned(),
        quantity: Quantity {
            amount: amount.to_owned(),
            unit: unit.to_owned(),
        },
        unit_price: unit_price.to_owned(),
        total: total.to_owned(),
    }
}

/// Builds a calendar date at compile time, so an invalid date fails the build.
const fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("invalid sample date"),
    }
}
