//! Data types of the two trade documents: certificate of origin and commercial invoice.
//!
//! Amounts, weights and quantities are decimal strings (for example `"1.85"`), so the JSON
//! attached to each PDF carries exactly the digits printed on the page, with no float rounding.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A company named on a trade document: exporter, consignee, seller or buyer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// Name in Latin script, as registered for foreign trade.
    pub name: String,
    /// Name in the company's own script and language: Urdu in Arabic script for a Pakistani
    /// firm, Azerbaijani in Latin script (with ə, ş, ğ, ı) for an Azerbaijani firm.
    pub name_native: Option<String>,
    /// Postal address on one line, which the renderer wraps to fit its box.
    pub address: String,
    /// ISO 3166-1 alpha-2 country code, for example `PK` or `AZ`.
    pub country: String,
    /// Tax registration with its scheme, for example `NTN 4213977-6` (Pakistan) or
    /// `VOEN 1403567281` (Azerbaijan).
    pub registration: String,
}

/// An amount of goods with its unit of measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quantity {
    /// Decimal number, for example `"12500"` or `"3200.5"`.
    pub amount: String,
    /// Unit of measure, for example `m`, `pcs` or `kg`.
    pub unit: String,
}

/// Shipment details printed in the transport box of a certificate of origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transport {
    /// Means of transport, for example `Sea freight, then rail`.
    pub mode: String,
    /// Vessel name and voyage, or another carrier reference.
    pub vessel: String,
    /// Port where the goods are loaded, for example `Port Qasim, Karachi`.
    pub port_of_loading: String,
    /// Port or inland terminal where the goods are discharged, for example `Baku`.
    pub port_of_discharge: String,
    /// Route between the two, for example `via Poti (GE), rail Poti - Baku`.
    pub route: String,
}

/// One line of goods on a certificate of origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineItem {
    /// Description of the goods.
    pub description: String,
    /// Number and kind of packages, for example `85 bales`.
    pub packages: String,
    /// Harmonized System code of 6 to 10 digits with optional dots, for example `5208.52`.
    pub hs_code: String,
    /// Quantity with its unit.
    pub quantity: Quantity,
    /// Gross weight in kilograms, as a decimal string.
    pub gross_weight_kg: String,
    /// ISO 3166-1 alpha-2 code of the country where the goods originate.
    pub origin_country: String,
}

/// A non-preferential certificate of origin as issued by a chamber of commerce.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateOfOrigin {
    /// Certificate number assigned by the issuing body.
    pub number: String,
    /// Date of issue, from which the PDF's `/CreationDate` is derived.
    pub issued_on: NaiveDate,
    /// Place of issue, printed on the certification line.
    pub place_of_issue: String,
    /// Exporter of the goods.
    pub exporter: Party,
    /// Consignee of the goods.
    pub consignee: Party,
    /// Issuing body, for example `Karachi Chamber of Commerce & Industry`.
    pub issuing_body: String,
    /// Shipment details.
    pub transport: Transport,
    /// Goods covered by the certificate.
    pub items: Vec<LineItem>,
    /// Number of the commercial invoice the certificate refers to.
    pub invoice_ref: String,
}

/// One line of goods on a commercial invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    /// Description of the goods.
    pub description: String,
    /// Harmonized System code of 6 to 10 digits with optional dots.
    pub hs_code: String,
    /// Quantity with its unit.
    pub quantity: Quantity,
    /// Price of one unit, as a decimal string in the invoice currency.
    pub unit_price: String,
    /// Line total, equal to quantity times unit price rounded to 2 decimals.
    pub total: String,
}

/// Totals of a commercial invoice, as decimal strings in the invoice currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceTotals {
    /// Sum of the line totals.
    pub goods_value: String,
    /// Freight charged to the buyer.
    pub freight: String,
    /// Insurance charged to the buyer.
    pub insurance: String,
    /// Amount due: goods value plus freight plus insurance.
    pub total: String,
}

/// A commercial invoice from an exporter to a foreign buyer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommercialInvoice {
    /// Invoice number.
    pub number: String,
    /// Invoice date, from which the PDF's `/CreationDate` is derived.
    pub date: NaiveDate,
    /// Seller (the exporter).
    pub seller: Party,
    /// Buyer (the importer).
    pub buyer: Party,
    /// ISO 4217 currency code of every amount, for example `USD`.
    pub currency: String,
    /// Incoterms rule with its named place, for example `CIF Baku`.
    pub incoterm: String,
    /// ISO 3166-1 alpha-2 code of the country where the goods originate.
    pub origin_country: String,
    /// Goods invoiced.
    pub items: Vec<InvoiceLine>,
    /// Totals of the invoice.
    pub totals: InvoiceTotals,
    /// Payment terms, for example a documentary credit reference.
    pub payment_terms: String,
}
