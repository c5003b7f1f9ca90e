//! The issuer behind a registered document: the registry's verdict on the attestation that
//! came with the upload, how it is stored, and what receipts and look-ups show of it.
//!
//! Only a `valid` attestation is recorded. Any other verdict rejects the upload with 422 and
//! stores nothing, and a registry that gives no verdict rejects it with 503, so a document
//! never shows an issuer whose signature was not checked.
//!
//! The stored verdict is the one given at registration, and the signed receipt keeps it.
//! Look-ups ask the registry again ([`recheck`]), so a key found compromised later shows as
//! `key_revoked` there; when the registry cannot be asked, a look-up shows the stored verdict
//! with its registration time in `verdictCheckedAt`.

use chrono::{DateTime, Utc};
use crypto::SignedStatement;
use domain::{Digest, Role};
use http_kit::{ApiError, ApiResult, Principal};
use issuers::attestation::{ExpectedDocument, Verdict, Verification};
use issuers::issuer::{Country, IssuerKind};
use serde::{Deserialize, Serialize};

use crate::NotaryState;
use crate::upload::Upload;

/// The attestation and the verdict it got, as stored in `documents.attestation`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredAttestation {
    pub(crate) statement: SignedStatement,
    pub(crate) verification: Verification,
}

/// The issuer that attested a document, as look-ups show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DocumentIssuer {
    /// The issuer's id in the registry.
    pub id: String,
    /// The issuer's registered name.
    pub name: String,
    /// The issuer's country.
    pub country: Country,
    /// The issuer's kind.
    pub kind: IssuerKind,
    /// The registry's verdict on the issuer's attestation at `verdictCheckedAt`: checked again
    /// on every look-up, so a key revoked as compromised after registration shows here.
    pub verdict: Verdict,
    /// When `verdict` was given: the time of the look-up, or the registration time when the
    /// registry could not be asked again.
    pub verdict_checked_at: DateTime<Utc>,
    /// The key the issuer signed with.
    pub kid: String,
    /// The signing time the attestation claims.
    pub issued_at: DateTime<Utc>,
    /// The attestation itself, for checking it again against the issuer's key set.
    pub attestation: SignedStatement,
}

/// The issuer part of a notary receipt: every member is a string, so the receipt's
/// canonical bytes stay plain.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptIssuer {
    /// The issuer's id.
    pub id: String,
    /// The issuer's registered name.
    pub name: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// `chamber`, `authority` or `exporter`.
    pub kind: String,
    /// The signing key's id.
    pub kid: String,
    /// The registry's verdict, `valid`.
    pub verdict: String,
    /// The signing time the attestation claims, RFC 3339 UTC.
    pub issued_at: String,
}

impl StoredAttestation {
    /// Builds the issuer that look-ups show; `None` when the stored verdict names no issuer.
    pub(crate) fn document_issuer(&self, checked_at: DateTime<Utc>) -> Option<DocumentIssuer> {
        let issuer = self.verification.issuer.as_ref()?;
        Some(DocumentIssuer {
            id: issuer.id.clone(),
            name: issuer.name.clone(),
            country: issuer.country,
            kind: issuer.kind,
            verdict: self.verification.verdict,
            verdict_checked_at: checked_at,
            kid: self.statement.kid.clone(),
            issued_at: self.verification.issued_at?,
            attestation: self.statement.clone(),
        })
    }

    /// Builds the receipt's issuer member.
    pub(crate) fn receipt_issuer(&self) -> Option<ReceiptIssuer> {
        let issuer = self.document_issuer(Utc::now())?;
        Some(ReceiptIssuer {
            id: issuer.id,
            name: issuer.name,
            country: issuer.country.as_str().to_owned(),
            kind: issuer.kind.as_str().to_owned(),
            kid: issuer.kid,
            verdict: issuer.verdict.as_str().to_owned(),
            issued_at: issuer
                .issued_at
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        })
    }
}

/// Asks the registry for a verdict on the upload's attestation, when there is one, for exactly this
/// file, kind and number.
///
/// Errors: 403 when an issuer key sends another issuer's attestation, 422
/// `attestation-rejected` for any verdict but `valid`, 503 `issuer-unavailable` when there
/// is no verdict to be had.
pub(crate) async fn check(
    state: &NotaryState,
    principal: &Principal,
    upload: &Upload,
    digest: &Digest,
) -> ApiResult<Option<StoredAttestation>> {
    let Some(statement) = &upload.attestation else {
        return Ok(None);
    };
    require_own_attestation(principal, statement)?;
    require_attested_number(upload, statement)?;
    let Some(verifier) = state.verifier() else {
        return Err(ApiError::unavailable(
            "issuer-unavailable",
            "this notary has no issuer registry to verify attestations with, so nothing was \
             stored; register the document without the attestation, or ask the operator to \
             set TRADESEAL_ISSUERS_URL",
        ));
    };

    let expected = ExpectedDocument::for_document(*digest, upload.kind, upload.number.clone());
    let verification = verifier
        .verify(statement, &expected)
        .await
        .map_err(|error| {
            tracing::warn!(error = %error, "attestation not verified: issuer registry unavailable");
            if error.credentials_rejected {
                ApiError::unavailable(
                    "issuer-unavailable",
                    "the issuer registry rejects this notary's API key, so the attestation \
                     could not be verified and nothing was stored; retrying does not help until \
                     the operator sets a valid TRADESEAL_ISSUERS_API_KEY",
                )
            } else {
                ApiError::unavailable(
                    "issuer-unavailable",
                    "the issuer registry could not be reached to verify the attestation; \
                     nothing was stored, retry shortly",
                )
            }
        })?;

    if !verification.is_valid() {
        return Err(ApiError::unprocessable(
            "attestation-rejected",
            format!(
                "the attestation is {}: {}; nothing was stored",
                verification.verdict, verification.detail
            ),
        )
        .with_field("attestation"));
    }
    Ok(Some(StoredAttestation {
        statement: statement.clone(),
        verification,
    }))
}

/// Rejects an upload without a number whose attestation names one, because the record would
/// not be found by the number that the issuer signed.
fn require_attested_number(upload: &Upload, statement: &SignedStatement) -> ApiResult<()> {
    let attested = statement
        .payload
        .get("document")
        .and_then(|document| document.get("number"))
        .and_then(|number| number.as_str());
    match (attested, &upload.number) {
        (Some(number), None) => Err(ApiError::unprocessable(
            "attestation-rejected",
            format!(
                "the attestation is for document number {number}, but the upload has no \
                 number; send number {number} with the file, and nothing was stored"
            ),
        )
        .with_field("number")),
        _ => Ok(()),
    }
}

/// Rejects an issuer key that sends another issuer's attestation.
fn require_own_attestation(principal: &Principal, statement: &SignedStatement) -> ApiResult<()> {
    if principal.role != Role::Issuer {
        return Ok(());
    }

    let claimed = statement
        .payload
        .get("issuer")
        .and_then(|value| value.as_str());
    if claimed.is_some() && claimed == principal.issuer_id.as_deref() {
        return Ok(());
    }
    Err(ApiError::forbidden(format!(
        "this API key acts for issuer {}; it may only send that issuer's attestations",
        principal.issuer_id.as_deref().unwrap_or("(none)")
    ))
    .with_field("attestation"))
}

/// Asks the registry again for the verdict on each record's attestation, so that a key revoked
/// as compromised after registration shows on look-ups. A record keeps its verdict from
/// registration when the registry cannot be asked, and the failure is logged.
///
/// NOTE: each attested record costs one verification in turn (registry queries, or an HTTP
/// call that the verifier caches), so a batch of 1,000 attested documents makes up to 1,000
/// sequential calls. The look-up figures in docs/benchmarks.md are for unattested documents.
pub(crate) async fn recheck(state: &NotaryState, records: &mut [crate::DocumentRecord]) {
    let Some(verifier) = state.verifier() else {
        return;
    };

    for record in records {
        let Some(issuer) = record.issuer.as_mut() else {
            continue;
        };
        let number = record
            .number
            .as_deref()
            .and_then(|number| number.parse().ok());
        let expected = ExpectedDocument::for_document(record.digest, record.kind, number);

        match verifier.verify(&issuer.attestation, &expected).await {
            Ok(verification) => {
                issuer.verdict = verification.verdict;
                issuer.verdict_checked_at = Utc::now();
            }
            Err(error) => {
                tracing::warn!(
                    digest = %record.digest,
                    error = %error,
                    "showing the verdict from registration: issuer registry unavailable"
                );
            }
        }
    }
}
