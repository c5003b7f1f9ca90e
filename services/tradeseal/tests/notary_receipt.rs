//! Notary receipts checked against the published JWK set by our verifier and by two that are
//! not ours (Python `cryptography` and `openssl pkeyutl`), and the transparency log behind them.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crypto::{JwkSet, SignedStatement, StatementError};
use domain::Role;
use notary::entity::log_entry;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};
use serde_json::Value;

use common::http;
use common::{TestApp, on_both_backends, pdf};

on_both_backends!(receipt_jwks, receipt_jwks_case);
on_both_backends!(receipt_python, receipt_python_case);
on_both_backends!(receipt_openssl, receipt_openssl_case);
on_both_backends!(log_indexes, log_indexes_case);

/// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow it.
const ED25519_SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

/// A registered document's record, its receipt and the notary's JWK set.
struct Registered {
    record: Value,
    receipt: SignedStatement,
    jwks: JwkSet,
}

async fn register_one(app: &TestApp, tag: &str) -> Registered {
    let key = app.key(Role::Platform, "platform-a").await;
    let bytes = pdf::document(tag, 0);
    let form = http::upload_form("certificate_of_origin", "KCCI/2026/55", &bytes);
    let reply = http::send(&app.router, http::register_form(Some(&key), form)).await;
    reply.assert_status(201, tag);
    let record = reply.json();
    let receipt: SignedStatement = serde_json::from_value(record["receipt"].clone())
        .expect("the receipt is {payload, signature, kid}");

    let reply = http::send(&app.router, http::get("/.well-known/jwks.json", None)).await;
    reply.assert_status(200, "JWKS without a key");
    let jwks: JwkSet = serde_json::from_slice(&reply.body).expect("the JWKS parses");
    Registered {
        record,
        receipt,
        jwks,
    }
}

/// The canonical payload bytes, the raw signature and the raw public key of a receipt.
fn signature_parts(registered: &Registered) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let message = crypto::canonical_bytes(&registered.receipt.payload).expect("canonical JSON");
    let signature = crypto::b64u_decode(&registered.receipt.signature).expect("base64url");
    let jwk = registered
        .jwks
        .find(&registered.receipt.kid)
        .expect("the JWKS has the receipt's kid");
    let key = crypto::b64u_decode(&jwk.x).expect("base64url x");
    (message, signature, key)
}

/// Flips one bit in the middle of `bytes`.
fn tampered(bytes: &[u8]) -> Vec<u8> {
    let mut copy = bytes.to_vec();
    let middle = copy.len() / 2;
    copy[middle] ^= 0x01;
    copy
}

async fn receipt_jwks_case(db: DatabaseConnection) {
    let app = TestApp::new(db);
    let registered = register_one(&app, "receipt-jwks").await;
    let Registered {
        record,
        receipt,
        jwks,
    } = &registered;

    assert_eq!(jwks.keys.len(), 1, "one notary key");
    assert_eq!(jwks.keys[0].kid.as_deref(), Some(receipt.kid.as_str()));
    crypto::verify_statement_with_jwks(receipt, jwks, notary::RECEIPT_TYPE)
        .expect("the receipt verifies against the published keys");

    let payload = &receipt.payload;
    assert_eq!(payload["type"], "tradeseal.notary-receipt/v1");
    assert_eq!(payload["document"]["digest"], record["digest"]);
    assert_eq!(payload["document"]["kind"], "certificate_of_origin");
    assert_eq!(payload["document"]["number"], "KCCI/2026/55");
    assert_eq!(payload["document"]["sizeBytes"], record["sizeBytes"]);
    assert_eq!(payload["registrant"], "platform-a");
    assert_eq!(payload["log"]["index"], record["logIndex"]);
    let signed_at = instant(&payload["registeredAt"]);
    assert_eq!(
        signed_at,
        instant(&record["registeredAt"]),
        "registration time"
    );

    let mut forged = receipt.clone();
    forged.payload["registrant"] = Value::from("someone-else");
    let error = crypto::verify_statement_with_jwks(&forged, jwks, notary::RECEIPT_TYPE);
    assert!(
        matches!(error, Err(StatementError::BadSignature(_))),
        "a changed payload must not verify: {error:?}"
    );

    let mut other_kid = receipt.clone();
    other_kid.kid = "not-the-notary".to_owned();
    let error = crypto::verify_statement_with_jwks(&other_kid, jwks, notary::RECEIPT_TYPE);
    assert!(
        matches!(error, Err(StatementError::UnknownKey { .. })),
        "{error:?}"
    );
}

fn instant(value: &Value) -> chrono::DateTime<chrono::Utc> {
    value
        .as_str()
        .and_then(|text| chrono::DateTime::parse_from_rfc3339(text).ok())
        .unwrap_or_else(|| panic!("{value} is not an RFC 3339 time"))
        .to_utc()
}

/// Whether `program args` runs and exits 0; when it does not, fails under CI and otherwise
/// prints a "skipped" line.
fn tool_available(program: &str, args: &[&str], what: &str) -> bool {
    let works = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !works {
        assert!(
            !common::ci(),
            "{what} is required when CI is set but is missing"
        );
        eprintln!("skipped: {what} is missing");
    }
    works
}

const PYTHON_VERIFY: &str = r#"
import base64, sys
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

def b64u(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

message = sys.stdin.buffer.read()
key = Ed25519PublicKey.from_public_bytes(b64u(sys.argv[2]))
try:
    key.verify(b64u(sys.argv[1]), message)
except InvalidSignature:
    print("invalid")
    sys.exit(1)
print("valid")
"#;

/// Runs Python `cryptography`'s Ed25519 verification; returns whether the signature is valid.
fn python_verifies(message: &[u8], signature_b64u: &str, x_b64u: &str) -> bool {
    let mut child = Command::new("python3")
        .args(["-c", PYTHON_VERIFY, signature_b64u, x_b64u])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("failed to start python3");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(message)
        .expect("failed to write the message to python3");
    let output = child.wait_with_output().expect("python3 did not finish");
    let stdout = String::from_utf8_lossy(&output.stdout).trim().to_owned();

    match (output.status.code(), stdout.as_str()) {
        (Some(0), "valid") => true,
        (Some(1), "invalid") => false,
        _ => panic!(
            "python3 failed: {:?} {stdout} {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

async fn receipt_python_case(db: DatabaseConnection) {
    if !tool_available(
        "python3",
        &["-c", "import cryptography"],
        "python3 with cryptography",
    ) {
        return;
    }
    let app = TestApp::new(db);
    let registered = register_one(&app, "receipt-python").await;
    let (message, _, _) = signature_parts(&registered);
    let signature = &registered.receipt.signature;
    let x = &registered.jwks.keys[0].x;

    assert!(
        python_verifies(&message, signature, x),
        "Python rejects the receipt"
    );
    assert!(
        !python_verifies(&tampered(&message), signature, x),
        "Python accepts a changed payload"
    );
}

/// Runs `openssl pkeyutl -verify -rawin`; returns whether the signature is valid.
fn openssl_verifies(dir: &Path, message: &[u8], signature: &[u8], key: &[u8]) -> bool {
    let mut spki = ED25519_SPKI_PREFIX.to_vec();
    spki.extend_from_slice(key);
    let pem = format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
        standard_base64(&spki)
    );
    std::fs::write(dir.join("key.pem"), pem).expect("failed to write key.pem");
    std::fs::write(dir.join("message"), message).expect("failed to write the message");
    std::fs::write(dir.join("signature"), signature).expect("failed to write the signature");

    let output = Command::new("openssl")
        .args([
            "pkeyutl", "-verify", "-pubin", "-inkey", "key.pem", "-rawin",
        ])
        .args(["-in", "message", "-sigfile", "signature"])
        .current_dir(dir)
        .output()
        .expect("failed to run openssl");
    let stdout = String::from_utf8_lossy(&output.stdout);
    match output.status.code() {
        Some(0) if stdout.contains("Signature Verified Successfully") => true,
        Some(1) if stdout.contains("Signature Verification Failure") => false,
        _ => panic!(
            "openssl failed: {:?} {stdout} {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

/// Standard base64 with padding, from the crate's base64url encoder.
fn standard_base64(bytes: &[u8]) -> String {
    let mut text = crypto::b64u_encode(bytes)
        .replace('-', "+")
        .replace('_', "/");
    while !text.len().is_multiple_of(4) {
        text.push('=');
    }
    text
}

async fn receipt_openssl_case(db: DatabaseConnection) {
    if !tool_available("openssl", &["version"], "openssl") {
        return;
    }
    let app = TestApp::new(db);
    let registered = register_one(&app, "receipt-openssl").await;
    let (message, signature, key) = signature_parts(&registered);
    let dir = tempfile::tempdir().expect("failed to create a temporary folder");

    assert!(
        openssl_verifies(dir.path(), &message, &signature, &key),
        "openssl rejects the receipt"
    );
    assert!(
        !openssl_verifies(dir.path(), &tampered(&message), &signature, &key),
        "openssl accepts a changed payload"
    );
}

async fn log_indexes_case(db: DatabaseConnection) {
    let app = TestApp::new(db);
    let key = app.key(Role::Platform, "platform-a").await;

    // Registrations interleaved with a rejected upload and a repeat, neither of which may
    // take a log index.
    let mut digests = Vec::new();
    for i in 0..5 {
        let bytes = pdf::document(&format!("log-{i}"), 0);
        let form = http::upload_form("commercial_invoice", &format!("LOG-{i}"), &bytes);
        let reply = http::send(&app.router, http::register_form(Some(&key), form)).await;
        reply.assert_status(201, &format!("document {i}"));
        let record = reply.json();
        assert_eq!(record["logIndex"], i, "log index of document {i}");
        assert_eq!(record["receipt"]["payload"]["log"]["index"], i);
        digests.push(common::digest_of(&bytes));

        let junk = http::upload_form("commercial_invoice", "JUNK", b"not a pdf");
        let reply = http::send(&app.router, http::register_form(Some(&key), junk)).await;
        reply.assert_status(422, "junk upload");
        let again = http::upload_form("commercial_invoice", &format!("LOG-{i}"), &bytes);
        let reply = http::send(&app.router, http::register_form(Some(&key), again)).await;
        reply.assert_status(200, "repeat upload");
    }

    let rows = log_entry::Entity::find()
        .order_by_asc(log_entry::Column::Idx)
        .all(&app.db)
        .await
        .expect("failed to read the transparency log");
    let indexes: Vec<i64> = rows.iter().map(|row| row.idx).collect();
    assert_eq!(indexes, vec![0, 1, 2, 3, 4], "log indexes without gaps");

    for (row, digest) in rows.iter().zip(&digests) {
        // RFC 6962 leaf hash: SHA-256 over a 0x00 byte followed by the entry bytes.
        let mut leaf_input = vec![0u8];
        leaf_input.extend_from_slice(row.entry.as_bytes());
        assert_eq!(
            row.leaf_hash,
            common::hex(&crypto::sha256(&leaf_input)),
            "leaf {}",
            row.idx
        );

        let entry: Value = serde_json::from_str(&row.entry).expect("the entry is JSON");
        assert_eq!(entry["type"], "tradeseal.log-entry/v1", "entry {}", row.idx);
        assert_eq!(entry["action"], "registered", "entry {}", row.idx);
        assert_eq!(entry["digest"], digest.as_str(), "entry {}", row.idx);
        let canonical = crypto::canonical_bytes(&entry).expect("canonical JSON");
        assert_eq!(
            canonical,
            row.entry.as_bytes(),
            "entry {} is canonical JSON",
            row.idx
        );
    }
}
