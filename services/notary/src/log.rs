//! The transparency log's read side: signed checkpoints (tree heads) and inclusion-proof
//! bundles that a customs officer can check offline with `tradeseal log verify`.
//!
//! NOTE: proofs and roots are computed from every stored leaf hash, so each call reads the
//! whole log (O(n) rows). That is fine for millions of entries at look-up rates, but a
//! busy log should store subtree hashes instead.

use anyhow::Context;
use axum::extract::State;
use chrono::{SecondsFormat, Utc};
use crypto::SignedStatement;
use domain::{Digest, Role};
use http_kit::{ApiError, ApiResult, Json, Path};
use merkle_log::Hash;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};

use crate::NotaryState;
use crate::entity::log_entry;
use crate::register::find;

/// `type` of a signed checkpoint.
pub const CHECKPOINT_TYPE: &str = "tradeseal.log-checkpoint/v1";

/// The payload of a signed checkpoint.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckpointPayload {
    /// Always [`CHECKPOINT_TYPE`].
    #[serde(rename = "type")]
    pub statement_type: String,
    /// Number of entries in the tree.
    pub tree_size: u64,
    /// RFC 6962 Merkle tree hash, 64 lowercase hex characters.
    pub root_hash: String,
    /// When the checkpoint was signed.
    pub signed_at: String,
}

/// Everything needed to check offline that a document is in the log.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProofBundle {
    /// The document's digest.
    pub digest: Digest,
    /// Zero-based index of its log entry.
    pub log_index: u64,
    /// The log entry's canonical JSON text; its RFC 6962 leaf hash is the Merkle leaf.
    pub entry: String,
    /// Sibling hashes from the leaf to the root, hex.
    pub proof: Vec<String>,
    /// The signed checkpoint the proof leads to.
    pub checkpoint: SignedStatement,
}

/// Reads the leaf hashes of the first `size` entries (all when `None`), in log order.
async fn leaf_hashes(db: &impl ConnectionTrait, size: Option<u64>) -> anyhow::Result<Vec<Hash>> {
    let mut query = log_entry::Entity::find().order_by_asc(log_entry::Column::Idx);
    if let Some(size) = size {
        query = query.limit(size);
    }
    let rows = query
        .all(db)
        .await
        .context("failed to read the transparency log")?;

    rows.iter()
        .map(|row| {
            let bytes = hex::decode(&row.leaf_hash)
                .with_context(|| format!("stored leaf hash {} is not hex", row.idx))?;
            merkle_log::hash_from_slice(&bytes)
                .with_context(|| format!("stored leaf hash {} has the wrong length", row.idx))
        })
        .collect()
}

fn sign_checkpoint(state: &NotaryState, leaves: &[Hash]) -> anyhow::Result<SignedStatement> {
    let payload = CheckpointPayload {
        statement_type: CHECKPOINT_TYPE.to_owned(),
        tree_size: leaves.len() as u64,
        root_hash: hex::encode(merkle_log::root(leaves)),
        signed_at: Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
    };
    crypto::sign_statement(state.key(), &payload).context("failed to sign the checkpoint")
}

/// The current signed checkpoint (tree size and root hash) of the transparency log.
#[utoipa::path(
    get,
    path = "/v1/log/checkpoint",
    tag = "log",
    responses((status = 200, description = "Signed checkpoint, type tradeseal.log-checkpoint/v1", body = SignedStatement)),
)]
pub(crate) async fn checkpoint(
    State(state): State<NotaryState>,
) -> ApiResult<Json<SignedStatement>> {
    let leaves = leaf_hashes(state.db(), None)
        .await
        .map_err(ApiError::internal)?;
    sign_checkpoint(&state, &leaves)
        .map(Json)
        .map_err(ApiError::internal)
}

/// An inclusion proof of a registered document against a fresh signed checkpoint.
#[utoipa::path(
    get,
    path = "/v1/documents/{digest}/proof",
    tag = "log",
    params(("digest" = String, Path, description = "`sha256:<64 hex>` or bare hex")),
    responses(
        (status = 200, description = "Proof bundle, checkable offline with `tradeseal log verify`", body = ProofBundle),
        (status = 400, description = "Malformed digest", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not registered", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API key", body = http_kit::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not look documents up", body = http_kit::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])),
)]
pub(crate) async fn proof(
    State(state): State<NotaryState>,
    principal: http_kit::Principal,
    Path(digest): Path<String>,
) -> ApiResult<Json<ProofBundle>> {
    principal.require(&[Role::Customs, Role::Platform, Role::Admin])?;

    let digest: Digest = digest.parse().map_err(|error: domain::DigestError| {
        ApiError::bad_request("invalid-digest", error.to_string())
    })?;
    let record = find(state.db(), &digest).await?.ok_or_else(|| {
        ApiError::not_found(
            "not-registered",
            format!("no document with digest {digest} is registered"),
        )
    })?;

    let entry = log_entry::Entity::find_by_id(record.log_index as i64)
        .one(state.db())
        .await
        .context("failed to read the log entry")
        .map_err(ApiError::internal)?
        .ok_or_else(|| {
            ApiError::internal(anyhow::anyhow!("log entry {} is missing", record.log_index))
        })?;
    let leaves = leaf_hashes(state.db(), None)
        .await
        .map_err(ApiError::internal)?;
    let path = merkle_log::inclusion_proof(&leaves, record.log_index)
        .context("failed to build the inclusion proof")
        .map_err(ApiError::internal)?;
    let checkpoint = sign_checkpoint(&state, &leaves).map_err(ApiError::internal)?;

    Ok(Json(ProofBundle {
        digest,
        log_index: record.log_index,
        entry: entry.entry,
        proof: path.iter().map(hex::encode).collect(),
        checkpoint,
    }))
}

/// Why a proof bundle did not verify.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The checkpoint signature is not valid for the given keys.
    #[error("the checkpoint signature is not valid: {0}")]
    Checkpoint(#[from] crypto::StatementError),
    /// The bundle's fields are not what a bundle holds.
    #[error("the bundle is malformed: {0}")]
    Malformed(String),
    /// The entry does not name the bundle's digest.
    #[error("the log entry is for another document")]
    WrongEntry,
    /// The inclusion proof does not lead to the checkpoint's root.
    #[error("the inclusion proof does not match the checkpoint: {0}")]
    Proof(#[from] merkle_log::ProofError),
}

/// Checks a proof bundle offline: checkpoint signature, entry digest, inclusion proof.
pub fn verify_bundle(
    bundle: &ProofBundle,
    jwks: &crypto::JwkSet,
) -> Result<CheckpointPayload, BundleError> {
    crypto::verify_statement_with_jwks(&bundle.checkpoint, jwks, CHECKPOINT_TYPE)?;
    let checkpoint: CheckpointPayload =
        serde_json::from_value(bundle.checkpoint.payload.clone())
            .map_err(|error| BundleError::Malformed(format!("checkpoint payload: {error}")))?;

    let entry: serde_json::Value = serde_json::from_str(&bundle.entry)
        .map_err(|error| BundleError::Malformed(format!("entry: {error}")))?;
    if entry.get("digest").and_then(|value| value.as_str())
        != Some(bundle.digest.to_string().as_str())
    {
        return Err(BundleError::WrongEntry);
    }

    let leaf = merkle_log::leaf_hash(bundle.entry.as_bytes());
    let proof: Vec<Vec<u8>> = bundle
        .proof
        .iter()
        .map(|text| {
            hex::decode(text)
                .map_err(|_| BundleError::Malformed("proof hash is not hex".to_owned()))
        })
        .collect::<Result<_, _>>()?;
    let root = hex::decode(&checkpoint.root_hash)
        .map_err(|_| BundleError::Malformed("root hash is not hex".to_owned()))?;
    merkle_log::verify_inclusion_bytes(
        &leaf,
        bundle.log_index,
        checkpoint.tree_size,
        &proof,
        &root,
    )?;
    Ok(checkpoint)
}
