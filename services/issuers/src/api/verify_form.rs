//! The `multipart/form-data` form of `POST /v1/attestations/verify`: the attestation with the
//! file itself, which is hashed while it streams in and never stored.

use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{FromRequest, Multipart, Request};
use crypto::Sha256Hasher;
use domain::Digest;
use http_kit::{ApiError, ApiResult};
use serde_json::Value;

/// Largest file accepted for hashing, in bytes.
pub(crate) const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// Largest form body: the file plus room for the other fields and the multipart framing.
pub(crate) const MAX_FORM_BYTES: usize = MAX_FILE_BYTES + 256 * 1024;

/// Largest text field (`attestation`, `digest`, `kind`, `number`), in bytes.
const MAX_TEXT_FIELD: usize = 16 * 1024;

/// Reads the form into a JSON object with the members of the JSON body, and sets `digest`
/// from the file when one was sent.
pub(crate) async fn read(request: Request) -> ApiResult<Value> {
    let mut form = Multipart::from_request(request, &())
        .await
        .map_err(|rejection| ApiError::bad_request("invalid-multipart", rejection.body_text()))?;

    let mut members = serde_json::Map::new();
    let mut file_digest = None;
    while let Some(field) = form.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or("").to_owned();
        if members.contains_key(&name) {
            return Err(ApiError::invalid_field(
                &name,
                format!("the form has more than one {name} field; send it once"),
            ));
        }
        match name.as_str() {
            "file" if file_digest.is_some() => {
                return Err(ApiError::invalid_field(
                    "file",
                    "send exactly one file field",
                ));
            }
            "file" => file_digest = Some(hash_file(field).await?),
            "attestation" => {
                let text = read_text(field, &name).await?;
                super::verify::reject_duplicate_members(text.as_bytes())?;
                let value = serde_json::from_str(&text).map_err(|error| {
                    ApiError::invalid_field(
                        "attestation",
                        format!("the attestation field is not JSON ({error}); send the attestation's JSON text"),
                    )
                })?;
                members.insert(name, value);
            }
            "digest" | "kind" | "number" => {
                let text = read_text(field, &name).await?;
                members.insert(name, Value::String(text));
            }
            other => {
                return Err(ApiError::invalid_field(
                    other,
                    format!(
                        "unknown form field {other:?}; the fields are attestation, file, digest, kind and number"
                    ),
                ));
            }
        }
    }

    if let Some(digest) = file_digest {
        if members.contains_key("digest") {
            return Err(ApiError::invalid_field(
                "digest",
                "send either the file or its digest, not both",
            ));
        }
        members.insert("digest".to_owned(), Value::String(digest.to_string()));
    }
    Ok(Value::Object(members))
}

async fn hash_file(mut field: Field<'_>) -> ApiResult<Digest> {
    let mut hasher = Sha256Hasher::new();
    let mut length = 0;
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        length += chunk.len();
        if length > MAX_FILE_BYTES {
            return Err(ApiError::payload_too_large(MAX_FILE_BYTES as u64).with_field("file"));
        }
        hasher.update(&chunk);
    }
    Ok(Digest::from_bytes(hasher.finalize()))
}

async fn read_text(mut field: Field<'_>, name: &str) -> ApiResult<String> {
    let mut buffer = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        if buffer.len() + chunk.len() > MAX_TEXT_FIELD {
            return Err(ApiError::invalid_field(
                name,
                format!("the {name} field is longer than {MAX_TEXT_FIELD} bytes"),
            ));
        }
        buffer.extend_from_slice(&chunk);
    }
    String::from_utf8(buffer)
        .map_err(|_| ApiError::invalid_field(name, format!("the {name} field is not UTF-8 text")))
}

fn multipart_error(error: MultipartError) -> ApiError {
    if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::payload_too_large(MAX_FORM_BYTES as u64);
    }
    ApiError::bad_request(
        "invalid-multipart",
        format!(
            "the multipart body could not be read: {}",
            error.body_text()
        ),
    )
}
