//! The document record returned by every endpoint, built from a database row.

use anyhow::Context;
use chrono::{DateTime, Utc};
use crypto::SignedStatement;
use domain::{Digest, DocumentKind, DocumentStatus};
use pdf_inspect::PdfReport;
use serde::Serialize;

use crate::attestation::{DocumentIssuer, StoredAttestation};
use crate::entity::document;

/// A registered document as clients see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DocumentRecord {
    /// SHA-256 of the exact registered bytes.
    pub digest: Digest,
    /// Document kind.
    pub kind: DocumentKind,
    /// The document's own number.
    #[schema(value_type = Option<String>)]
    pub number: Option<String>,
    /// `registered`, or `revoked` once revoked.
    pub status: DocumentStatus,
    /// Registration time.
    pub registered_at: DateTime<Utc>,
    /// Revocation time, when revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<DateTime<Utc>>,
    /// Why it was revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revocation_reason: Option<String>,
    /// The issuer that attested the document and the registry's verdict; absent when the
    /// document was registered without an attestation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<DocumentIssuer>,
    /// Client that registered the document.
    pub registrant: String,
    /// File size in bytes.
    pub size_bytes: u64,
    /// What the PDF inspection found.
    pub pdf: PdfReport,
    /// Zero-based index of the registration in the transparency log.
    pub log_index: u64,
    /// The notary's signed receipt.
    pub receipt: SignedStatement,
}

impl TryFrom<document::Model> for DocumentRecord {
    type Error = anyhow::Error;

    fn try_from(row: document::Model) -> Result<Self, Self::Error> {
        let context = || format!("stored document {} is corrupt", row.digest);

        let status = match row.status.as_str() {
            "revoked" => DocumentStatus::Revoked,
            _ => DocumentStatus::Registered,
        };
        let issuer = row
            .attestation
            .as_deref()
            .map(serde_json::from_str::<StoredAttestation>)
            .transpose()
            .with_context(context)?
            .and_then(|stored| stored.document_issuer(row.registered_at));
        Ok(Self {
            digest: row.digest.parse().with_context(context)?,
            kind: row.kind.parse().with_context(context)?,
            number: row.number.clone(),
            status,
            registered_at: row.registered_at,
            revoked_at: row.revoked_at,
            revocation_reason: row.revocation_reason.clone(),
            issuer,
            registrant: row.registrant.clone(),
            size_bytes: u64::try_from(row.size_bytes).with_context(context)?,
            pdf: serde_json::from_str(&row.pdf).with_context(context)?,
            log_index: u64::try_from(row.log_index).with_context(context)?,
            receipt: serde_json::from_str(&row.receipt).with_context(context)?,
        })
    }
}
