//! `POST /v1/attestations/verify`: the verdict on an issuer attestation.

use axum::extract::{FromRequest, Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use chrono::Utc;
use crypto::SignedStatement;
use domain::{Digest, DocumentKind, DocumentNumber, Role};
use http_kit::{ApiError, ApiResult, Json, Principal};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::body::Body;
use super::verify_form;
use crate::IssuersState;
use crate::attestation::{ExpectedDocument, Verdict, Verification, verify};

/// Largest JSON body, in bytes; an attestation with its expectations is under 2 KiB.
const MAX_JSON_BYTES: usize = 64 * 1024;

/// Roles that may ask for a verdict.
const VERIFIERS: [Role; 4] = [Role::Customs, Role::Platform, Role::Admin, Role::Issuer];

/// Body of `POST /v1/attestations/verify`.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VerifyRequest {
    /// The attestation, `{payload, signature, kid}`.
    pub(crate) attestation: SignedStatement,
    /// SHA-256 of the file the caller holds; when given it must match the attested digest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) digest: Option<Digest>,
    /// The document kind the caller expects; when given it must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) kind: Option<DocumentKind>,
    /// The document number the caller read; when given it must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) number: Option<DocumentNumber>,
}

/// The `multipart/form-data` body of `POST /v1/attestations/verify`.
#[derive(Debug, utoipa::ToSchema)]
#[expect(
    dead_code,
    reason = "an OpenAPI schema; the handler reads the form field by field"
)]
pub(crate) struct VerifyForm {
    /// The attestation's JSON text.
    attestation: String,
    /// The document itself (at most 32 MiB), hashed and never stored; its digest must match
    /// the attested one.
    #[schema(value_type = Option<String>, format = Binary)]
    file: Option<Vec<u8>>,
    /// The document's digest, for a caller without the file; not together with `file`.
    digest: Option<String>,
    /// The document kind the caller expects.
    kind: Option<String>,
    /// The document number the caller read.
    number: Option<String>,
}

/// Check an issuer attestation (customs, platform, admin, issuer).
///
/// Send JSON with the attestation and, optionally, the document's `digest`, `kind` and
/// `number`; or a `multipart/form-data` form with the fields `attestation` (its JSON text)
/// and `file` (the document itself) or `digest`, and optionally `kind` and `number`.
///
/// Every answer about the attestation is a 200 with a verdict: `valid`, `invalid_signature`,
/// `digest_mismatch`, `document_mismatch`, `unknown_issuer`, `unknown_key`,
/// `key_not_yet_valid`, `key_expired`, `key_revoked` or `malformed`. The key is judged at the
/// attestation's `issuedAt`, so rotation keeps older signatures valid and a compromise
/// invalidates the signatures dated from the compromise time on.
#[utoipa::path(
    post,
    path = "/v1/attestations/verify",
    tag = "attestations",
    request_body(content(
        (VerifyRequest = "application/json"),
        (VerifyForm = "multipart/form-data"),
    )),
    responses(
        (status = 200, description = "The verdict", body = Verification),
        (status = 400, description = "Missing attestation, or invalid digest, kind or number", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "A buyer key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 413, description = "A file over 32 MiB", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn verify_attestation(
    State(state): State<IssuersState>,
    principal: Principal,
    request: Request,
) -> ApiResult<Json<Verification>> {
    principal.require(&VERIFIERS)?;
    let is_form = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        });
    let body = if is_form {
        verify_form::read(request).await?
    } else {
        read_json(request).await?
    };
    let body = Body::new(body, &["attestation", "digest", "kind", "number"])?;
    let expected = parse_expected(&body)?;

    let Some(attestation) = body.get("attestation") else {
        return Err(ApiError::missing_field(
            "attestation",
            "attestation is required: the signed statement {payload, signature, kid}",
        ));
    };
    let statement = match serde_json::from_value::<SignedStatement>(attestation.clone()) {
        Ok(statement) => statement,
        Err(error) => return Ok(Json(not_a_statement(&error))),
    };

    let verification = verify(state.db(), &statement, &expected, Utc::now())
        .await
        .map_err(|error| ApiError::internal(anyhow::Error::new(error)))?;
    Ok(Json(verification))
}

/// Reads a JSON body of at most [`MAX_JSON_BYTES`]; the route's limit is raised for forms.
async fn read_json(request: Request) -> ApiResult<Value> {
    let too_large = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok())
        .is_some_and(|length| length > MAX_JSON_BYTES);
    if too_large {
        return Err(ApiError::payload_too_large(MAX_JSON_BYTES as u64));
    }

    let (parts, body) = request.into_parts();
    let limited = axum::body::Body::new(http_body_util::Limited::new(body, MAX_JSON_BYTES));
    let request = Request::from_parts(parts, limited);
    let is_json = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            let value = value.to_ascii_lowercase();
            let essence = value.split(';').next().unwrap_or("").trim();
            essence == "application/json" || essence.ends_with("+json")
        });
    if !is_json {
        // The JSON extractor words the missing or wrong content type.
        return Ok(Json::<Value>::from_request(request, &()).await?.0);
    }

    let bytes = axum::body::Bytes::from_request(request, &())
        .await
        .map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::payload_too_large(MAX_JSON_BYTES as u64)
            } else {
                ApiError::bad_request("invalid-body", rejection.body_text())
            }
        })?;
    reject_duplicate_members(&bytes)?;
    serde_json::from_slice(&bytes).map_err(|error| {
        ApiError::bad_request(
            "invalid-json",
            format!("the body is not valid JSON: {error}"),
        )
    })
}

/// Rejects JSON text in which one object has a member name twice: parsers disagree on which
/// value wins, so the attestation could mean one thing here and another to other verifiers.
pub(super) fn reject_duplicate_members(text: &[u8]) -> ApiResult<()> {
    match crypto::duplicate_member(text) {
        Ok(Some(name)) => Err(ApiError::bad_request(
            "duplicate-member",
            format!(
                "the JSON has the member {name:?} twice in one object, so parsers may read \
                 different statements from it; send each member once"
            ),
        )),
        Ok(None) | Err(_) => Ok(()),
    }
}

fn parse_expected(body: &Body) -> ApiResult<ExpectedDocument> {
    let digest = body
        .optional_str("digest")?
        .map(str::parse::<Digest>)
        .transpose()
        .map_err(|error| ApiError::invalid_field("digest", error.to_string()))?;
    let kind = body
        .optional_str("kind")?
        .map(str::parse::<DocumentKind>)
        .transpose()
        .map_err(|error| ApiError::invalid_field("kind", error.to_string()))?;
    let number = body
        .optional_str("number")?
        .map(str::parse::<DocumentNumber>)
        .transpose()
        .map_err(|error| ApiError::invalid_field("number", error.to_string()))?;
    Ok(ExpectedDocument {
        digest,
        kind,
        number,
    })
}

fn not_a_statement(error: &serde_json::Error) -> Verification {
    Verification {
        verdict: Verdict::Malformed,
        issuer: None,
        key: None,
        document: None,
        issued_at: None,
        detail: format!(
            "the attestation is not a signed statement {{payload, signature, kid}}: {error}"
        ),
    }
}
