//! The one attestation verifier: the HTTP handler, the notary's verifiers and the offline
//! tools all call [`verify`], each with its own [`IssuerDirectory`].

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use crypto::{PublicKey, SignedStatement};

use super::payload::Attestation;
use super::rules::{check_signature, document_verdict, key_verdict};
use super::verdict::{ExpectedDocument, KeyState, Verdict, Verification};
use crate::issuer::IssuerSummary;

/// How far `issuedAt` may lie ahead of the verifier's clock before the attestation counts as
/// malformed, for clock differences between signer and verifier.
pub const MAX_CLOCK_SKEW: Duration = Duration::minutes(5);

/// A key that an issuer has or had, with its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryKey {
    /// The public key.
    pub public_key: PublicKey,
    /// Its validity and revocation.
    pub state: KeyState,
}

/// A directory lookup that failed, so no verdict can be given.
#[derive(Debug, thiserror::Error)]
#[error("the issuer directory could not be read: {0:#}")]
pub struct DirectoryError(#[from] pub anyhow::Error);

/// The source of issuers and keys for the verifier: the registry database, or a published
/// JWKS for offline checks.
#[async_trait::async_trait]
pub trait IssuerDirectory: Send + Sync {
    /// Returns the issuer with this id, or `None` when there is none.
    async fn issuer(&self, issuer_id: &str) -> Result<Option<IssuerSummary>, DirectoryError>;

    /// Returns the key with this kid when `issuer_id` has or had it, else `None`. A key
    /// of another issuer is `None` too.
    async fn key(&self, issuer_id: &str, kid: &str)
    -> Result<Option<DirectoryKey>, DirectoryError>;
}

/// Verifies `statement` as an issuer attestation of the `expected` document, at time `at`.
///
/// The checks run in this order, and the first that fails gives the verdict:
/// 1. the payload is a well-formed attestation and `issuedAt` is not more than
///    [`MAX_CLOCK_SKEW`] after `at` (`malformed`);
/// 2. the issuer is registered (`unknown_issuer`), and has or had the key (`unknown_key`);
/// 3. the signature passes strict Ed25519 verification over the payload's RFC 8785
///    canonical bytes (`invalid_signature`);
/// 4. the key was valid at `issuedAt` (`key_revoked`, `key_not_yet_valid`, `key_expired`);
/// 5. the attested document is the expected one (`digest_mismatch`, `document_mismatch`).
///
/// Errors only when the directory cannot be read; every answer about the attestation itself
/// is a [`Verification`].
pub async fn verify<D: IssuerDirectory + ?Sized>(
    directory: &D,
    statement: &SignedStatement,
    expected: &ExpectedDocument,
    at: DateTime<Utc>,
) -> Result<Verification, DirectoryError> {
    let attestation = match Attestation::parse(statement) {
        Ok(attestation) => attestation,
        Err(error) => return Ok(bare(Verdict::Malformed, error.to_string())),
    };
    let mut outcome = Outcome::new(&attestation);
    if attestation.issued_at > at + MAX_CLOCK_SKEW {
        return Ok(outcome.finish(
            Verdict::Malformed,
            format!(
                "issuedAt {} is later than the verification time {}; the signer's clock is wrong or the date is forged",
                text(attestation.issued_at),
                text(at)
            ),
        ));
    }

    let Some(issuer) = directory.issuer(&attestation.issuer).await? else {
        return Ok(outcome.finish(
            Verdict::UnknownIssuer,
            format!("no issuer with id {:?} is registered", attestation.issuer),
        ));
    };
    outcome.verification.issuer = Some(issuer);

    let Some(key) = directory.key(&attestation.issuer, &attestation.kid).await? else {
        return Ok(outcome.finish(
            Verdict::UnknownKey,
            format!(
                "issuer {} holds no key with kid {:?}",
                attestation.issuer, attestation.kid
            ),
        ));
    };
    outcome.verification.key = Some(key.state.clone());

    Ok(judge(outcome, &attestation, &key, statement, expected))
}

/// Steps 3 to 5 of [`verify`], once the key is known.
fn judge(
    outcome: Outcome,
    attestation: &Attestation,
    key: &DirectoryKey,
    statement: &SignedStatement,
    expected: &ExpectedDocument,
) -> Verification {
    let message = match crypto::canonical_bytes(&statement.payload) {
        Ok(message) => message,
        Err(error) => return outcome.finish(Verdict::Malformed, format!("payload: {error}")),
    };
    if let Err(failure) = check_signature(&key.public_key, &message, &statement.signature) {
        return outcome.finish(failure.verdict(), failure.to_string());
    }

    if let Some((verdict, detail)) = key_verdict(&key.state, attestation.issued_at) {
        return outcome.finish(verdict, detail);
    }
    if let Some((verdict, detail)) = document_verdict(&attestation.document, expected) {
        return outcome.finish(verdict, detail);
    }

    let issuer_name = outcome
        .verification
        .issuer
        .as_ref()
        .map_or(attestation.issuer.as_str(), |issuer| issuer.name.as_str());
    let detail = format!(
        "{issuer_name} signed this {} with key {} on {}, while the key was valid",
        attestation.document.kind,
        attestation.kid,
        text(attestation.issued_at)
    );
    outcome.finish(Verdict::Valid, detail)
}

/// A verification being filled in as the checks pass.
struct Outcome {
    verification: Verification,
}

impl Outcome {
    fn new(attestation: &Attestation) -> Self {
        let mut verification = bare(Verdict::Malformed, String::new());
        verification.document = Some(attestation.document.clone());
        verification.issued_at = Some(attestation.issued_at);
        Self { verification }
    }

    fn finish(mut self, verdict: Verdict, detail: String) -> Verification {
        self.verification.verdict = verdict;
        self.verification.detail = detail;
        self.verification
    }
}

fn bare(verdict: Verdict, detail: String) -> Verification {
    Verification {
        verdict,
        issuer: None,
        key: None,
        document: None,
        issued_at: None,
        detail,
    }
}

fn text(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}
