//! Reading an upload: a `multipart/form-data` form or a raw `application/pdf` body, with the
//! size limit enforced while streaming so chunked bodies cannot get past it.
//!
//! An issuer attestation comes as the form field `attestation` (its JSON text), or with a raw
//! body as the header `X-Tradeseal-Attestation` holding the base64url (no padding) of that
//! JSON text.

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::HeaderMap;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use bytes::{Bytes, BytesMut};
use crypto::SignedStatement;
use domain::{DocumentKind, DocumentNumber};
use futures::StreamExt;
use http_kit::ApiError;
use serde::Deserialize;

/// Largest accepted text field (`kind`, `number`) in a form, in bytes.
const MAX_TEXT_FIELD: usize = 1024;

/// Largest accepted attestation JSON text, in bytes. A well-formed one is under 1 KiB.
const MAX_ATTESTATION_BYTES: usize = 16 * 1024;

/// Header that carries the attestation of a raw `application/pdf` upload, as base64url of its
/// JSON text.
pub(crate) const ATTESTATION_HEADER: &str = "x-tradeseal-attestation";

/// Room for multipart boundaries and headers on top of the file size limit, in bytes.
const MULTIPART_OVERHEAD: u64 = 64 * 1024;

/// Largest `multipart/form-data` body for a file of at most `max_bytes`, in bytes.
pub(crate) fn form_body_limit(max_bytes: u64) -> usize {
    usize::try_from(max_bytes.saturating_add(MULTIPART_OVERHEAD)).unwrap_or(usize::MAX)
}

/// Query parameters of a raw-body upload.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct UploadParams {
    /// `certificate_of_origin` or `commercial_invoice` (raw `application/pdf` bodies only).
    pub(crate) kind: Option<String>,
    /// The document's own number (raw bodies only); required for certificates of origin.
    pub(crate) number: Option<String>,
}

/// A validated upload.
#[derive(Debug)]
pub(crate) struct Upload {
    pub(crate) kind: DocumentKind,
    pub(crate) number: Option<DocumentNumber>,
    pub(crate) bytes: Bytes,
    /// The issuer attestation sent with the file, not verified yet.
    pub(crate) attestation: Option<SignedStatement>,
}

/// Raw fields before validation.
#[derive(Default)]
struct Fields {
    kind: Option<String>,
    number: Option<String>,
    file: Option<Bytes>,
    attestation: Option<String>,
}

/// Reads and validates the upload in `request`.
pub(crate) async fn read(
    request: Request,
    params: UploadParams,
    max_bytes: u64,
) -> Result<Upload, ApiError> {
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());

    let header_attestation = attestation_header(request.headers())?;

    let fields = if content_type.starts_with("multipart/form-data") {
        if declared.is_some_and(|length| length > max_bytes + MULTIPART_OVERHEAD) {
            return Err(ApiError::payload_too_large(max_bytes));
        }
        for (name, value) in [("kind", &params.kind), ("number", &params.number)] {
            if value.is_some() {
                return Err(ApiError::invalid_field(
                    name,
                    format!(
                        "{name} is in the query string of a form upload; send it as a form \
                         field, because the query string is read only for raw PDF bodies"
                    ),
                ));
            }
        }
        let mut fields = read_form(request, max_bytes).await?;
        if header_attestation.is_some() {
            if fields.attestation.is_some() {
                return Err(ApiError::invalid_field(
                    "attestation",
                    "send the attestation either as the form field attestation or in the \
                     X-Tradeseal-Attestation header, not both",
                ));
            }
            fields.attestation = header_attestation;
        }
        fields
    } else if content_type.starts_with("application/pdf") {
        if declared.is_some_and(|length| length > max_bytes) {
            return Err(ApiError::payload_too_large(max_bytes));
        }
        let file = read_limited(request.into_body(), max_bytes).await?;
        Fields {
            kind: params.kind,
            number: params.number,
            file: Some(file),
            attestation: header_attestation,
        }
    } else {
        return Err(ApiError::unsupported_media_type(format!(
            "content type {content_type:?} is not accepted; send multipart/form-data with the \
             fields file, kind and number, or the raw PDF as application/pdf with kind and \
             number in the query string"
        )));
    };

    validate(fields)
}

async fn read_form(request: Request, max_bytes: u64) -> Result<Fields, ApiError> {
    let mut form = Multipart::from_request(request, &())
        .await
        .map_err(|rejection| ApiError::bad_request("invalid-multipart", rejection.body_text()))?;

    let mut fields = Fields::default();
    while let Some(mut field) = form.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or("").to_owned();
        match name.as_str() {
            "file" if fields.file.is_some() => {
                return Err(ApiError::invalid_field(
                    "file",
                    "send exactly one file field",
                ));
            }
            "file" => {
                let mut buffer = BytesMut::new();
                while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                    append_limited(&mut buffer, &chunk, max_bytes)?;
                }
                fields.file = Some(buffer.freeze());
            }
            "kind" | "number" | "attestation" => {
                let limit = if name == "attestation" {
                    MAX_ATTESTATION_BYTES
                } else {
                    MAX_TEXT_FIELD
                };
                let mut buffer = BytesMut::new();
                while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                    if buffer.len() + chunk.len() > limit {
                        return Err(ApiError::invalid_field(
                            &name,
                            format!("the {name} field is longer than {limit} bytes"),
                        ));
                    }
                    buffer.extend_from_slice(&chunk);
                }
                let text = String::from_utf8(buffer.to_vec()).map_err(|_| {
                    ApiError::invalid_field(&name, format!("the {name} field is not UTF-8 text"))
                })?;
                let slot = match name.as_str() {
                    "kind" => &mut fields.kind,
                    "number" => &mut fields.number,
                    _ => &mut fields.attestation,
                };
                if slot.is_some() {
                    return Err(ApiError::invalid_field(
                        &name,
                        format!("the form has more than one {name} field; send it once"),
                    ));
                }
                *slot = Some(text);
            }
            other => {
                return Err(ApiError::invalid_field(
                    other,
                    format!(
                        "unknown form field {other:?}; the fields are file, kind, number and \
                         attestation"
                    ),
                ));
            }
        }
    }
    Ok(fields)
}

fn multipart_error(error: axum::extract::multipart::MultipartError) -> ApiError {
    ApiError::bad_request(
        "invalid-multipart",
        format!(
            "the multipart body could not be read: {}",
            error.body_text()
        ),
    )
}

async fn read_limited(body: Body, max_bytes: u64) -> Result<Bytes, ApiError> {
    let mut stream = body.into_data_stream();
    let mut buffer = BytesMut::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|error| {
            ApiError::bad_request(
                "invalid-body",
                format!("the body could not be read: {error}"),
            )
        })?;
        append_limited(&mut buffer, &chunk, max_bytes)?;
    }
    Ok(buffer.freeze())
}

fn append_limited(buffer: &mut BytesMut, chunk: &[u8], max_bytes: u64) -> Result<(), ApiError> {
    let total = (buffer.len() + chunk.len()) as u64;
    if total > max_bytes {
        return Err(ApiError::payload_too_large(max_bytes));
    }
    buffer.extend_from_slice(chunk);
    Ok(())
}

fn validate(fields: Fields) -> Result<Upload, ApiError> {
    let kind_text = fields
        .kind
        .filter(|kind| !kind.trim().is_empty())
        .ok_or_else(|| {
            ApiError::missing_field(
                "kind",
                "the kind field is required: certificate_of_origin or commercial_invoice",
            )
        })?;
    let kind: DocumentKind = kind_text
        .parse()
        .map_err(|error: domain::KindError| ApiError::invalid_field("kind", error.to_string()))?;

    let number = match fields.number.filter(|number| !number.trim().is_empty()) {
        Some(text) => Some(
            text.parse::<DocumentNumber>()
                .map_err(|error| ApiError::invalid_field("number", error.to_string()))?,
        ),
        None if kind.requires_number() => {
            return Err(ApiError::missing_field(
                "number",
                "a certificate of origin needs its number: send the number printed on it",
            ));
        }
        None => None,
    };

    let bytes = fields.file.ok_or_else(|| {
        ApiError::missing_field("file", "the file field is required: attach the PDF as file")
    })?;
    if bytes.is_empty() {
        return Err(
            ApiError::bad_request("empty-file", "the uploaded file is empty").with_field("file"),
        );
    }
    if !has_pdf_header(&bytes) {
        return Err(ApiError::unprocessable(
            "not-a-pdf",
            "the uploaded file is not a PDF: no %PDF- header in its first 1024 bytes",
        )
        .with_field("file"));
    }

    if fields
        .attestation
        .as_deref()
        .is_some_and(|text| text.trim().is_empty())
    {
        return Err(ApiError::invalid_field(
            "attestation",
            "the attestation is empty; send the JSON that `tradeseal sign` writes, or leave the \
             field out to register the document without an issuer",
        ));
    }
    let attestation = fields
        .attestation
        .map(|text| parse_attestation(&text))
        .transpose()?;

    Ok(Upload {
        kind,
        number,
        bytes,
        attestation,
    })
}

/// Reads the attestation header: base64url (no padding) of the attestation's JSON text.
fn attestation_header(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get(ATTESTATION_HEADER) else {
        return Ok(None);
    };
    if headers.get_all(ATTESTATION_HEADER).iter().count() > 1 {
        return Err(ApiError::invalid_field(
            "X-Tradeseal-Attestation",
            "the X-Tradeseal-Attestation header appears more than once; send one attestation",
        ));
    }
    let invalid = |reason: &str| {
        ApiError::invalid_field(
            "X-Tradeseal-Attestation",
            format!(
                "the X-Tradeseal-Attestation header {reason}; send the base64url (no padding) of \
                 the attestation's JSON text"
            ),
        )
    };

    let text = value.to_str().map_err(|_| invalid("is not ASCII"))?.trim();
    let bytes = crypto::b64u_decode(text).map_err(|_| invalid("is not base64url"))?;
    if bytes.len() > MAX_ATTESTATION_BYTES {
        return Err(invalid(&format!(
            "decodes to more than {MAX_ATTESTATION_BYTES} bytes"
        )));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| invalid("does not decode to UTF-8 text"))
}

/// Parses the attestation's JSON text as a signed statement. The issuer registry decides
/// whether it is a valid attestation.
fn parse_attestation(text: &str) -> Result<SignedStatement, ApiError> {
    if let Ok(Some(name)) = crypto::duplicate_member(text.as_bytes()) {
        return Err(ApiError::invalid_field(
            "attestation",
            format!(
                "the attestation has the member {name:?} twice in one object, so parsers may \
                 read different statements from it; send the JSON that `tradeseal sign` writes"
            ),
        ));
    }
    serde_json::from_str(text).map_err(|error| {
        ApiError::invalid_field(
            "attestation",
            format!(
                "the attestation is not a signed statement {{payload, signature, kid}}: {error}; \
                 send the JSON that `tradeseal sign` writes"
            ),
        )
    })
}

/// Whether `%PDF-` occurs in the first 1024 bytes, as PDF readers allow.
fn has_pdf_header(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|window| window == b"%PDF-")
}
