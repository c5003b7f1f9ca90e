//! Generates realistic sample certificates of origin and commercial invoices as PDFs.
//!
//! [`render_certificate`] and [`render_invoice`] lay a document out as a one-page A4 form in the
//! standard Helvetica fonts and attach its data as JSON ([`CERTIFICATE_JSON_NAME`],
//! [`INVOICE_JSON_NAME`]). Text that WinAnsiEncoding cannot show, such as Urdu script or the
//! Azerbaijani letters ə, ş, ğ and ı, is transliterated on the page, while the information
//! dictionary and the JSON keep it exactly. Output is deterministic: the same input always
//! gives the same bytes, so a digest of a sample file is stable.
//!
//! [`demo_certificate`] and [`demo_invoice`] return sample data for a Karachi textile mill
//! shipping to a Baku importer, and [`write_demo_files`] renders both into a folder.

mod canvas;
mod certificate;
mod decimal;
mod demo;
mod error;
mod form;
mod invoice;
mod model;
mod pdf;
mod table;
mod transliterate;
mod validate;
mod winansi;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

pub use certificate::{CERTIFICATE_JSON_NAME, render_certificate};
pub use demo::{demo_certificate, demo_exporter, demo_importer, demo_invoice};
pub use error::RenderError;
pub use invoice::{INVOICE_JSON_NAME, render_invoice};
pub use model::{
    CertificateOfOrigin, CommercialInvoice, InvoiceLine, InvoiceTotals, LineItem, Party, Quantity,
    Transport,
};
pub use pdf::PRODUCER;

/// File name of the sample certificate written by [`write_demo_files`].
pub const CERTIFICATE_PDF_NAME: &str = "certificate-of-origin.pdf";

/// File name of the sample invoice written by [`write_demo_files`].
pub const INVOICE_PDF_NAME: &str = "commercial-invoice.pdf";

/// Renders the sample certificate and invoice and writes them into `dir`, which must exist.
///
/// Returns the paths written, certificate first. Existing files of the same names are
/// replaced.
pub fn write_demo_files(dir: &Path) -> Result<Vec<PathBuf>, RenderError> {
    let files = [
        (
            CERTIFICATE_PDF_NAME,
            render_certificate(&demo_certificate())?,
        ),
        (INVOICE_PDF_NAME, render_invoice(&demo_invoice())?),
    ];

    let mut paths = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|source| RenderError::Io {
            path: path.clone(),
            source,
        })?;
        paths.push(path);
    }
    Ok(paths)
}

/// Formats a date as printed on the forms, such as `14 March 2025`.
fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}
