//! The error type of rendering and writing sample documents.

use std::path::PathBuf;

/// Failure to render a document or to write it to disk.
///
/// Field names in messages are paths into the document data, such as `items[2].hs_code`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// A required text field is empty or only whitespace.
    #[error("{field} is empty; fill it in before rendering")]
    MissingField {
        /// Path of the field.
        field: String,
    },

    /// A document has no lines of goods.
    #[error("{field} is empty; a document needs at least one line of goods")]
    NoItems {
        /// Path of the item list.
        field: String,
    },

    /// An HS code is not 6 to 10 digits.
    #[error(
        "invalid HS code {value:?} in {field}: expected 6 to 10 digits, optionally with dots, \
         such as \"5208.52\""
    )]
    InvalidHsCode {
        /// Path of the field.
        field: String,
        /// The rejected value.
        value: String,
    },

    /// A country code is not two capital ASCII letters.
    #[error(
        "invalid country code {value:?} in {field}: expected an ISO 3166-1 alpha-2 code in \
         capitals, such as \"PK\""
    )]
    InvalidCountry {
        /// Path of the field.
        field: String,
        /// The rejected value.
        value: String,
    },

    /// A currency code is not three capital ASCII letters.
    #[error(
        "invalid currency {value:?} in {field}: expected an ISO 4217 code in capitals, such as \
         \"USD\""
    )]
    InvalidCurrency {
        /// Path of the field.
        field: String,
        /// The rejected value.
        value: String,
    },

    /// A number is not a plain non-negative decimal.
    #[error(
        "invalid decimal {value:?} in {field}: expected digits with at most 4 decimal places \
         and no sign or separators, such as \"1250.50\""
    )]
    InvalidDecimal {
        /// Path of the field.
        field: String,
        /// The rejected value.
        value: String,
    },

    /// A stated total differs from the value computed from its parts.
    #[error("{field} is {stated} but its parts add up to {computed}; correct the figure")]
    TotalMismatch {
        /// Path of the total.
        field: String,
        /// Value in the document.
        stated: String,
        /// Value computed from the parts, rounded to 2 decimal places.
        computed: String,
    },

    /// A text is too long for its box on the page.
    #[error("{field} needs {lines} lines but its box holds {max_lines}; shorten the text")]
    TextOverflow {
        /// Path of the field.
        field: String,
        /// Lines the wrapped text needs.
        lines: usize,
        /// Lines that fit.
        max_lines: usize,
    },

    /// The lines of goods do not fit in the items table of the one-page form.
    #[error(
        "the {count} lines of goods need {needed_pt:.0} pt of table height but the page has \
         {available_pt:.0} pt; split the goods over several documents or shorten the \
         descriptions"
    )]
    ItemsOverflow {
        /// Number of lines of goods.
        count: usize,
        /// Height the rows need, in PDF points.
        needed_pt: f32,
        /// Height of the items table, in PDF points.
        available_pt: f32,
    },

    /// The document data could not be serialized as JSON.
    #[error("failed to serialize the document data as JSON: {0}")]
    Json(#[from] serde_json::Error),

    /// lopdf failed to encode the page content or to serialize the PDF.
    #[error("failed to build the PDF: {0}")]
    Pdf(#[from] lopdf::Error),

    /// A file could not be written.
    #[error("failed to write {path}: {source}")]
    Io {
        /// The file that could not be written.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}
