//! `POST /v1/documents`: inspect, record, log and sign a new document.

use anyhow::Context;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use chrono::{DateTime, SubsecRound, Utc};
use domain::{Digest, DocumentStatus, Role};
use http_kit::{ApiError, ApiResult, Json, Principal, Query};
use pdf_inspect::{InspectError, InspectFailure, PdfReport};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend,
    DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};

use crate::attestation::{self, StoredAttestation};
use crate::entity::{document, log_entry};
use crate::receipt::{
    LOG_ENTRY_TYPE, LogEntry, LogPosition, RECEIPT_TYPE, ReceiptDocument, ReceiptPayload,
};
use crate::upload::{self, Upload, UploadParams};
use crate::{DocumentRecord, NotaryState};

/// How often a registration retries after losing a race for the next log index.
const MAX_ATTEMPTS: usize = 5;

// The two body types below only describe the request in the OpenAPI document; the upload
// reader parses the body itself.

/// Fields of a `multipart/form-data` registration.
#[derive(utoipa::ToSchema)]
#[allow(dead_code, reason = "only describes the form in the OpenAPI document")]
pub(crate) struct UploadForm {
    /// The PDF, as a file part.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// `certificate_of_origin` or `commercial_invoice`.
    kind: String,
    /// The number printed on the document; required for certificates of origin.
    number: Option<String>,
    /// An issuer attestation: the JSON text that `tradeseal sign` writes.
    attestation: Option<String>,
}

/// The PDF itself as the request body, with `kind` and `number` in the query string.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code, reason = "only describes the body in the OpenAPI document")]
pub(crate) struct RawPdf(Vec<u8>);

/// Register a certificate of origin or commercial invoice.
///
/// Send `multipart/form-data` with `file`, `kind` and `number`, or the raw PDF as
/// `application/pdf` with `kind` and `number` in the query string. The same bytes again
/// return 200 and the existing record, with the kind and number of the first registration:
/// compare them with the ones sent to notice a difference.
///
/// An issuer attestation may come along: the form field `attestation` (its JSON), or for a
/// raw body the header `X-Tradeseal-Attestation` (base64url of its JSON). The issuer registry
/// verifies it for this file, kind and number. Only a `valid` attestation is recorded, and
/// the receipt and every look-up then name the issuer. Any other verdict gives 422, and an
/// unreachable registry gives 503. Neither stores anything.
#[utoipa::path(
    post,
    path = "/v1/documents",
    tag = "documents",
    params(UploadParams),
    request_body(
        description = "multipart/form-data with fields file (the PDF), kind, number; or the raw PDF",
        content(
            (UploadForm = "multipart/form-data"),
            (RawPdf = "application/pdf"),
        ),
    ),
    responses(
        (status = 201, description = "Registered", body = DocumentRecord),
        (status = 200, description = "These exact bytes were already registered", body = DocumentRecord),
        (status = 400, description = "Missing or invalid field", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not register", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Number already used by this registrant for other bytes", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Upload over the size limit", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Wrong content type", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a PDF, malformed, password-protected or too complex; or the attestation is not valid", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Inspection capacity exhausted, or the issuer registry unreachable; retry", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn register(
    State(state): State<NotaryState>,
    principal: Principal,
    Query(params): Query<UploadParams>,
    request: Request,
) -> ApiResult<(StatusCode, Json<DocumentRecord>)> {
    principal.require(&[Role::Platform, Role::Issuer, Role::Admin])?;

    let upload = upload::read(request, params, state.config().max_upload_bytes).await?;
    let digest = Digest::from_bytes(crypto::sha256(&upload.bytes));

    if let Some(existing) = find(state.db(), &digest).await? {
        return same_registration(existing, &upload).map(|record| (StatusCode::OK, Json(record)));
    }

    let attested = attestation::check(&state, &principal, &upload, &digest).await?;
    let report = inspect(&state, &upload).await?;

    for _ in 0..MAX_ATTEMPTS {
        match insert(
            &state,
            &principal,
            &upload,
            &digest,
            &report,
            attested.as_ref(),
        )
        .await
        {
            Ok(Err(conflict)) => return Err(conflict),
            Ok(Ok(record)) => {
                let issuer_id = record.issuer.as_ref().map(|issuer| issuer.id.as_str());
                tracing::info!(%digest, kind = %upload.kind, log_index = record.log_index, issuer_id, "document registered");
                return Ok((StatusCode::CREATED, Json(record)));
            }
            Err(error) if storage::is_unique_violation(&error) => {
                if let Some(existing) = find(state.db(), &digest).await? {
                    return Ok((StatusCode::OK, Json(existing)));
                }
                conflict_check(state.db(), &principal.name, &upload, &digest).await?;
            }
            Err(error) => return Err(ApiError::internal(error)),
        }
    }
    Err(ApiError::unavailable(
        "busy",
        "the transparency log is busy with other registrations; retry the request",
    ))
}

/// Returns the stored record for an upload of the same bytes, unless the upload carries an
/// attestation the record lacks (or lacks one the record has): a registration never changes.
fn same_registration(existing: DocumentRecord, upload: &Upload) -> ApiResult<DocumentRecord> {
    let stored = existing.issuer.as_ref().map(|issuer| &issuer.attestation);
    if stored == upload.attestation.as_ref() {
        return Ok(existing);
    }

    let registered_with = if stored.is_some() {
        "with another attestation"
    } else {
        "without an attestation"
    };
    Err(ApiError::conflict(
        "already-registered",
        format!(
            "these bytes were registered as {} at {} {registered_with}, and a registration never \
             changes; send the upload exactly as first registered, or look the document up",
            existing.digest,
            existing.registered_at.to_rfc3339()
        ),
    )
    .with_field("attestation"))
}

pub(crate) async fn find(
    db: &impl ConnectionTrait,
    digest: &Digest,
) -> ApiResult<Option<DocumentRecord>> {
    let row = document::Entity::find_by_id(digest.to_hex())
        .one(db)
        .await
        .context("failed to read a document")
        .map_err(ApiError::internal)?;
    row.map(DocumentRecord::try_from)
        .transpose()
        .map_err(ApiError::internal)
}

async fn inspect(state: &NotaryState, upload: &Upload) -> ApiResult<PdfReport> {
    state
        .inspector()
        .inspect(upload.bytes.clone())
        .await
        .map_err(|failure| inspect_error(failure, state.config().max_upload_bytes))
}

/// Maps an inspection failure to the client's problem (4xx) or the server's (5xx).
fn inspect_error(failure: InspectFailure, max_bytes: u64) -> ApiError {
    let field = |error: ApiError| error.with_field("file");
    match failure {
        InspectFailure::Rejected(InspectError::Empty) => field(ApiError::bad_request(
            "empty-file",
            "the uploaded file is empty",
        )),
        InspectFailure::Rejected(InspectError::NotAPdf) => field(ApiError::unprocessable(
            "not-a-pdf",
            "the uploaded file is not a PDF",
        )),
        InspectFailure::Rejected(InspectError::TooLarge { .. }) => {
            ApiError::payload_too_large(max_bytes)
        }
        InspectFailure::Rejected(InspectError::PasswordRequired) => field(ApiError::unprocessable(
            "password-protected-pdf",
            "the PDF needs a password to open; upload the document without a user password",
        )),
        InspectFailure::Rejected(InspectError::UnsupportedEncryption { handler }) => {
            field(ApiError::unprocessable(
                "unsupported-encryption",
                format!(
                    "the PDF uses the encryption handler {handler:?}, which is not supported; upload it unencrypted"
                ),
            ))
        }
        InspectFailure::Rejected(InspectError::TooComplex { reason }) => {
            field(ApiError::unprocessable(
                "pdf-too-complex",
                format!("the PDF exceeds the inspection limits ({reason}); upload a simpler file"),
            ))
        }
        InspectFailure::Rejected(InspectError::Malformed { reason }) => {
            field(ApiError::unprocessable(
                "malformed-pdf",
                format!("the PDF could not be parsed: {reason}; upload the original file"),
            ))
        }
        InspectFailure::Crashed { .. } | InspectFailure::Rejected(_) => {
            field(ApiError::unprocessable(
                "malformed-pdf",
                "the PDF parser could not read this file within its memory limit; upload the original file",
            ))
        }
        InspectFailure::TimedOut { after } => field(ApiError::unprocessable(
            "pdf-too-complex",
            format!(
                "the PDF took longer than {} s to inspect; upload a simpler file",
                after.as_secs()
            ),
        )),
        InspectFailure::Busy { .. } => ApiError::unavailable(
            "busy",
            "all PDF inspectors are busy; retry the request shortly",
        ),
        other => ApiError::internal(anyhow::anyhow!("PDF inspection failed: {other}")),
    }
}

/// Rejects a number that this registrant already used for other bytes.
async fn conflict_check(
    db: &impl ConnectionTrait,
    registrant: &str,
    upload: &Upload,
    digest: &Digest,
) -> ApiResult<()> {
    let Some(number) = &upload.number else {
        return Ok(());
    };
    let existing = document::Entity::find()
        .filter(document::Column::Registrant.eq(registrant))
        .filter(document::Column::Kind.eq(upload.kind.as_str()))
        .filter(document::Column::Number.eq(number.as_str()))
        .one(db)
        .await
        .context("failed to check the document number")
        .map_err(ApiError::internal)?;

    match existing {
        Some(row) if row.digest != digest.to_hex() => Err(ApiError::conflict(
            "number-conflict",
            format!(
                "{} {number} was already registered by {registrant} with different bytes \
                 (sha256:{}); a corrected document needs a new number, or revoke the old one",
                upload.kind, row.digest
            ),
        )
        .with_field("number")),
        _ => Ok(()),
    }
}

/// Stores the document and its log entry in one transaction. The outer error is the
/// database's; the inner one is a number conflict found inside the transaction.
async fn insert(
    state: &NotaryState,
    principal: &Principal,
    upload: &Upload,
    digest: &Digest,
    report: &PdfReport,
    attested: Option<&StoredAttestation>,
) -> Result<ApiResult<DocumentRecord>, sea_orm::DbErr> {
    let txn = state.db().begin().await?;
    lock_log(&txn).await?;

    if let Err(conflict) = conflict_check(&txn, &principal.name, upload, digest).await {
        txn.rollback().await?;
        return Ok(Err(conflict));
    }

    let index = next_log_index(&txn).await?;
    let now = Utc::now().trunc_subsecs(3);
    let at = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);

    let entry = LogEntry {
        entry_type: LOG_ENTRY_TYPE,
        action: "registered",
        digest,
        kind: upload.kind,
        number: upload.number.as_ref(),
        at: &at,
    };
    append_log(&txn, index, &entry, now).await?;
    let receipt = sign_receipt(state, principal, upload, digest, index, &at, attested)?;
    let row = document::ActiveModel {
        digest: Set(digest.to_hex()),
        kind: Set(upload.kind.as_str().to_owned()),
        number: Set(upload.number.as_ref().map(|n| n.as_str().to_owned())),
        registrant: Set(principal.name.clone()),
        size_bytes: Set(upload.bytes.len() as i64),
        pdf: Set(to_json(report)?),
        status: Set(DocumentStatus::Registered.as_str().to_owned()),
        registered_at: Set(now),
        revoked_at: Set(None),
        revocation_reason: Set(None),
        receipt: Set(to_json(&receipt)?),
        log_index: Set(index as i64),
        issuer_id: Set(attested
            .and_then(|stored| stored.verification.issuer.as_ref())
            .map(|issuer| issuer.id.clone())),
        attestation: Set(attested.map(to_json).transpose()?),
        attestation_verdict: Set(
            attested.map(|stored| stored.verification.verdict.as_str().to_owned())
        ),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;

    Ok(DocumentRecord::try_from(row).map_err(ApiError::internal))
}

/// Serializes log appends on PostgreSQL; SQLite already allows one writer at a time.
pub(crate) async fn lock_log(txn: &DatabaseTransaction) -> Result<(), sea_orm::DbErr> {
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        txn.execute_unprepared("SELECT pg_advisory_xact_lock(7261)")
            .await?;
    }
    Ok(())
}

pub(crate) async fn next_log_index(txn: &DatabaseTransaction) -> Result<u64, sea_orm::DbErr> {
    let last = log_entry::Entity::find()
        .order_by_desc(log_entry::Column::Idx)
        .one(txn)
        .await?;
    Ok(last.map_or(0, |row| row.idx as u64 + 1))
}

/// Appends `entry` to the log at `index`.
pub(crate) async fn append_log(
    txn: &DatabaseTransaction,
    index: u64,
    entry: &LogEntry<'_>,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let bytes = crypto::canonical_bytes(entry)
        .map_err(|error| sea_orm::DbErr::Custom(error.to_string()))?;
    let leaf = merkle_log::leaf_hash(&bytes);

    log_entry::ActiveModel {
        idx: Set(index as i64),
        leaf_hash: Set(hex::encode(leaf)),
        entry: Set(String::from_utf8_lossy(&bytes).into_owned()),
        recorded_at: Set(now),
    }
    .insert(txn)
    .await?;
    Ok(())
}

fn sign_receipt(
    state: &NotaryState,
    principal: &Principal,
    upload: &Upload,
    digest: &Digest,
    index: u64,
    at: &str,
    attested: Option<&StoredAttestation>,
) -> Result<crypto::SignedStatement, sea_orm::DbErr> {
    let payload = ReceiptPayload {
        statement_type: RECEIPT_TYPE,
        document: ReceiptDocument {
            digest: *digest,
            kind: upload.kind,
            number: upload.number.clone(),
            size_bytes: upload.bytes.len() as u64,
        },
        issuer: attested.and_then(StoredAttestation::receipt_issuer),
        registrant: principal.name.clone(),
        registered_at: at.to_owned(),
        log: LogPosition { index },
    };
    crypto::sign_statement(state.key(), &payload)
        .map_err(|error| sea_orm::DbErr::Custom(format!("failed to sign the receipt: {error}")))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, sea_orm::DbErr> {
    serde_json::to_string(value).map_err(|error| sea_orm::DbErr::Custom(error.to_string()))
}
