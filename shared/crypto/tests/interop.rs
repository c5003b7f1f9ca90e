//! Interoperability with implementations that are not ours: statements signed here verify
//! with pyca/cryptography and with OpenSSL, and pyca/cryptography signs with a key file
//! written here in a way that verifies here.
//!
//! When `python3` (with `cryptography`) or `openssl` is missing, the tests fail if `CI` is
//! set and otherwise print a skip line and pass.

use std::path::PathBuf;
use std::process::{Command, Output};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use crypto::{
    SignedStatement, SigningKeyPair, b64u_decode, canonical_bytes, sign_statement, verify_statement,
};
use serde_json::json;

const RECEIPT_TYPE: &str = "tradeseal.notary-receipt/v1";

/// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE { SEQUENCE { OID
/// 1.3.101.112 }, BIT STRING of 33 bytes with 0 unused bits }, followed by the 32 key bytes.
const ED25519_SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

/// Verifies raw Ed25519: argv = public key file, message file, signature file.
/// Exits 0 when valid, 1 when invalid.
const PYTHON_VERIFY: &str = r#"
import sys
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
public_key, message, signature = (open(path, "rb").read() for path in sys.argv[1:4])
try:
    Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
except InvalidSignature:
    sys.exit(1)
"#;

/// Reads a private OKP JWK file, checks that x belongs to d, signs the message file and
/// prints the base64url signature and the RFC 7638 thumbprint it computes itself.
const PYTHON_SIGN_WITH_JWK: &str = r#"
import base64, hashlib, json, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

def b64u_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

def b64u_encode(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")

jwk = json.load(open(sys.argv[1]))
if jwk["kty"] != "OKP" or jwk["crv"] != "Ed25519":
    sys.exit("not an Ed25519 OKP JWK")
key = Ed25519PrivateKey.from_private_bytes(b64u_decode(jwk["d"]))
public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
if public != b64u_decode(jwk["x"]):
    sys.exit("x does not match d")
members = json.dumps({"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]},
                     sort_keys=True, separators=(",", ":"))
print(b64u_encode(key.sign(open(sys.argv[2], "rb").read())))
print(b64u_encode(hashlib.sha256(members.encode()).digest()))
"#;

/// Returns whether `program args` runs successfully; when it does not, fails under CI and
/// otherwise prints a skip line.
fn tool_available(program: &str, args: &[&str], what: &str) -> bool {
    let works = Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|output| output.status.success());
    if works {
        return true;
    }

    assert!(
        std::env::var_os("CI").is_none(),
        "{what} is required when CI is set: `{program} {}` failed",
        args.join(" ")
    );
    println!(
        "skipped: {what} not available (`{program} {}` failed)",
        args.join(" ")
    );
    false
}

fn python_available() -> bool {
    tool_available(
        "python3",
        &["-c", "import cryptography"],
        "Python 3 with the cryptography package",
    )
}

fn openssl_available() -> bool {
    tool_available("openssl", &["version"], "OpenSSL")
}

fn run(command: &mut Command) -> Output {
    command
        .output()
        .unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"))
}

/// A signed receipt with its canonical bytes, signature and public key written to files.
struct SignedFiles {
    dir: tempfile::TempDir,
}

impl SignedFiles {
    fn new() -> Self {
        let key = SigningKeyPair::generate();
        let payload = json!({
            "type": RECEIPT_TYPE,
            "document": {"digest": "sha256:00ff", "kind": "invoice", "number": "AZ-BAK-77"},
            "registeredAt": "2026-12-04T10:15:30Z",
            "logIndex": 7,
            "amount": "1520.75 AZN",
            "note": "Ürün menşe şahadətnaməsi — مصدقہ",
        });
        let statement = sign_statement(&key, &payload).unwrap();

        let dir = tempfile::tempdir().unwrap();
        let write =
            |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
        write("message.bin", &canonical_bytes(&statement.payload).unwrap());
        write(
            "tampered.bin",
            &canonical_bytes(&json!({"type": RECEIPT_TYPE})).unwrap(),
        );
        write("signature.bin", &b64u_decode(&statement.signature).unwrap());
        write("public.bin", key.public_key().as_bytes());

        let spki = [ED25519_SPKI_PREFIX.as_slice(), key.public_key().as_bytes()].concat();
        let pem = format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            STANDARD.encode(spki)
        );
        write("public.pem", pem.as_bytes());

        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn python_verify(files: &SignedFiles, message: &str) -> Output {
    run(Command::new("python3")
        .args(["-c", PYTHON_VERIFY])
        .arg(files.path("public.bin"))
        .arg(files.path(message))
        .arg(files.path("signature.bin")))
}

fn openssl_verify(files: &SignedFiles, message: &str) -> Output {
    run(Command::new("openssl")
        .args(["pkeyutl", "-verify", "-pubin", "-rawin", "-inkey"])
        .arg(files.path("public.pem"))
        .arg("-in")
        .arg(files.path(message))
        .arg("-sigfile")
        .arg(files.path("signature.bin")))
}

#[test]
fn python_verifies_our_statement() {
    if !python_available() {
        return;
    }
    let files = SignedFiles::new();

    let output = python_verify(&files, "message.bin");
    assert!(
        output.status.success(),
        "pyca/cryptography rejected our signature: {}",
        String::from_utf8_lossy(&output.stderr)
    );

    let output = python_verify(&files, "tampered.bin");
    assert_eq!(
        output.status.code(),
        Some(1),
        "pyca/cryptography accepted another message"
    );
}

#[test]
fn openssl_verifies_our_statement() {
    if !openssl_available() {
        return;
    }
    let files = SignedFiles::new();

    let output = openssl_verify(&files, "message.bin");
    assert!(
        output.status.success(),
        "openssl rejected our signature: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    let output = openssl_verify(&files, "tampered.bin");
    assert!(!output.status.success(), "openssl accepted another message");
}

#[test]
fn python_signs_with_our_key_file() {
    if !python_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let key_path = dir.path().join("issuer.jwk");
    let (key, created) = SigningKeyPair::load_or_create(&key_path).unwrap();
    assert!(created);

    let payload = json!({
        "type": "tradeseal.issuer-attestation/v1",
        "document": {"digest": "sha256:abcd", "kind": "certificate-of-origin", "number": "7"},
        "issuedAt": "2026-12-01T08:00:00Z",
    });
    let message_path = dir.path().join("message.bin");
    std::fs::write(&message_path, canonical_bytes(&payload).unwrap()).unwrap();

    let output = run(Command::new("python3")
        .args(["-c", PYTHON_SIGN_WITH_JWK])
        .arg(&key_path)
        .arg(&message_path));
    assert!(
        output.status.success(),
        "pyca/cryptography could not use our key file: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let [signature, thumbprint] = lines.as_slice() else {
        panic!("unexpected output {stdout:?}");
    };

    assert_eq!(*thumbprint, key.kid(), "thumbprint computed by Python");

    let statement = SignedStatement {
        payload: payload.clone(),
        signature: (*signature).to_owned(),
        kid: key.kid(),
    };
    verify_statement(
        &statement,
        &key.public_key(),
        "tradeseal.issuer-attestation/v1",
    )
    .unwrap();

    // Ed25519 is deterministic, so our own signature is the same bytes.
    let ours = sign_statement(&key, &payload).unwrap();
    assert_eq!(ours.signature, *signature);
}
