//! The notary receipt statement and the transparency-log entry it points to.

use domain::{Digest, DocumentKind, DocumentNumber};
use serde::Serialize;

use crate::attestation::ReceiptIssuer;

/// `type` of a notary receipt; a verifier requires exactly this value.
pub const RECEIPT_TYPE: &str = "tradeseal.notary-receipt/v1";

/// `type` of a transparency-log entry.
pub(crate) const LOG_ENTRY_TYPE: &str = "tradeseal.log-entry/v1";

/// The payload the notary signs for each registration. `type` comes first when serialized;
/// the signature covers the RFC 8785 canonical bytes of this object.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptPayload {
    /// Always [`RECEIPT_TYPE`].
    #[serde(rename = "type")]
    pub statement_type: &'static str,
    /// What was registered.
    pub document: ReceiptDocument,
    /// The issuer whose attestation the registry found valid; absent when the document came
    /// without an attestation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<ReceiptIssuer>,
    /// Client that registered it.
    pub registrant: String,
    /// Registration time, RFC 3339 UTC with milliseconds.
    pub registered_at: String,
    /// Position in the transparency log.
    pub log: LogPosition,
}

/// The document part of a receipt.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptDocument {
    /// SHA-256 of the exact bytes received.
    pub digest: Digest,
    /// Document kind.
    pub kind: DocumentKind,
    /// The document's own number, when it has one.
    pub number: Option<DocumentNumber>,
    /// Size of the file in bytes.
    pub size_bytes: u64,
}

/// Where an entry sits in the log.
#[derive(Debug, Clone, Serialize)]
pub struct LogPosition {
    /// Zero-based index of the entry.
    pub index: u64,
}

/// One transparency-log entry; its canonical bytes are the Merkle leaf.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LogEntry<'a> {
    #[serde(rename = "type")]
    pub(crate) entry_type: &'static str,
    pub(crate) action: &'static str,
    pub(crate) digest: &'a Digest,
    pub(crate) kind: DocumentKind,
    pub(crate) number: Option<&'a DocumentNumber>,
    pub(crate) at: &'a str,
}
