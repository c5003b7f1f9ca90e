//! Interoperability of attestations with an implementation that is not ours: the two Python
//! programs printed in `docs/attestations.md`, which use only the `cryptography` package, are
//! run exactly as printed there. An attestation the first one signs verifies here, and one
//! signed here verifies in the second one.
//!
//! When `python3` with `cryptography` is missing, the tests fail if `CI` is set and otherwise
//! print a skip line and pass.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{SecondsFormat, TimeZone, Utc};
use crypto::{PublicKey, SignedStatement};
use domain::{DocumentKind, DocumentNumber};
use issuers::attestation::{ExpectedDocument, IssuerJwk, IssuerJwkSet, KeyState, Verdict};
use issuers::issuer::{IssuerKind, IssuerSummary};
use issuers::offline;

const ISSUER_ID: &str = "iss_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b";
const NUMBER: &str = "KCCI/2026/004512";

fn python_available() -> bool {
    let works = Command::new("python3")
        .args(["-c", "import cryptography"])
        .output()
        .is_ok_and(|output| output.status.success());
    if !works {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 with the cryptography package is required when CI is set"
        );
        println!("skipped: python3 with the cryptography package is not available");
    }
    works
}

/// Writes the Python program whose first line is `# NAME` from the documentation's code
/// blocks into `dir` and returns its path.
fn program_from_docs(dir: &Path, name: &str) -> PathBuf {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/attestations.md");
    let text = std::fs::read_to_string(&docs)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", docs.display()));
    let marker = format!("```python\n# {name}\n");
    let start = text.find(&marker).unwrap_or_else(|| {
        panic!(
            "{} has no code block starting with # {name}",
            docs.display()
        )
    }) + "```python\n".len();
    let length = text[start..].find("```").expect("unterminated code block");

    let path = dir.join(name);
    std::fs::write(&path, &text[start..start + length]).unwrap();
    path
}

fn run(command: &mut Command) -> Output {
    command
        .output()
        .unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"))
}

/// A key file written by the offline tool, a document, and the issuer's key set with that
/// key valid from 2026-01-01.
struct Setup {
    dir: tempfile::TempDir,
    key_file: PathBuf,
    document: PathBuf,
    jwks: IssuerJwkSet,
}

impl Setup {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let key_file = dir.path().join("issuer-key.jwk");
        let jwk = offline::keys_generate(&key_file).unwrap();
        let document = dir.path().join("certificate.pdf");
        std::fs::write(&document, b"%PDF-1.7\nA certificate of origin\n%%EOF\n").unwrap();

        let public_key = PublicKey::from_jwk(&jwk).unwrap();
        let state = KeyState {
            kid: public_key.thumbprint(),
            valid_from: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            valid_until: None,
            revoked_at: None,
            reason: None,
        };
        let jwks = IssuerJwkSet {
            issuer: IssuerSummary {
                id: ISSUER_ID.to_owned(),
                name: "Karachi Chamber of Commerce and Industry".to_owned(),
                country: "PK".parse().unwrap(),
                kind: IssuerKind::Chamber,
            },
            keys: vec![IssuerJwk::new(&public_key, &state)],
        };
        Self {
            dir,
            key_file,
            document,
            jwks,
        }
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

#[tokio::test]
async fn python_attestation_verifies_here() {
    if !python_available() {
        return;
    }
    let setup = Setup::new();
    let program = program_from_docs(setup.dir.path(), "sign_attestation.py");
    let issued_at = Utc::now()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
        .to_string();

    let output = run(Command::new("python3").arg(&program).args([
        setup.key_file.as_os_str(),
        setup.document.as_os_str(),
        ISSUER_ID.as_ref(),
        "certificate_of_origin".as_ref(),
        NUMBER.as_ref(),
        issued_at.as_ref(),
    ]));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let attestation: SignedStatement = serde_json::from_slice(&output.stdout).unwrap();

    let verification = offline::verify_file(&setup.document, &attestation, &setup.jwks, Utc::now())
        .await
        .unwrap();
    assert_eq!(
        verification.verdict,
        Verdict::Valid,
        "{}",
        verification.detail
    );

    let expected = ExpectedDocument::for_document(
        offline::digest_file(&setup.document).unwrap(),
        DocumentKind::CommercialInvoice,
        None,
    );
    let relabelled = offline::verify_offline(&attestation, &setup.jwks, &expected, Utc::now())
        .await
        .unwrap();
    assert_eq!(relabelled.verdict, Verdict::DocumentMismatch);

    let tampered = setup.write(
        "tampered.pdf",
        b"%PDF-1.7\nA certificate of origln\n%%EOF\n",
    );
    let verification = offline::verify_file(&tampered, &attestation, &setup.jwks, Utc::now())
        .await
        .unwrap();
    assert_eq!(verification.verdict, Verdict::DigestMismatch);
}

#[tokio::test]
async fn attestation_from_here_verifies_in_python() {
    if !python_available() {
        return;
    }
    let setup = Setup::new();
    let program = program_from_docs(setup.dir.path(), "verify_attestation.py");
    let number: DocumentNumber = NUMBER.parse().unwrap();
    let attestation = offline::sign_file(
        &setup.document,
        &setup.key_file,
        ISSUER_ID,
        DocumentKind::CertificateOfOrigin,
        Some(number),
        Utc::now(),
    )
    .unwrap();
    let attestation_file = setup.write(
        "attestation.json",
        &serde_json::to_vec(&attestation).unwrap(),
    );
    let jwks_file = setup.write("jwks.json", &serde_json::to_vec(&setup.jwks).unwrap());

    let check = |document: &Path, attestation: &Path| {
        let output = run(Command::new("python3").arg(&program).args([
            attestation.as_os_str(),
            jwks_file.as_os_str(),
            document.as_os_str(),
        ]));
        let verdict = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        (output.status.code(), verdict)
    };

    assert_eq!(
        check(&setup.document, &attestation_file),
        (Some(0), "valid".to_owned())
    );

    let tampered = setup.write("tampered.pdf", b"%PDF-1.7\nA forged certificate\n%%EOF\n");
    assert_eq!(
        check(&tampered, &attestation_file),
        (Some(1), "digest_mismatch".to_owned())
    );

    let mut forged = attestation.clone();
    forged.payload["document"]["number"] = serde_json::json!("KCCI/2026/999999");
    let forged_file = setup.write("forged.json", &serde_json::to_vec(&forged).unwrap());
    assert_eq!(
        check(&setup.document, &forged_file),
        (Some(1), "invalid_signature".to_owned())
    );
}
