//! The issuer's offline commands of the real binary: `keys generate`, `sign` and `verify`,
//! and API keys bound to an issuer.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use chrono::{TimeZone, Utc};
use crypto::{Jwk, PublicKey};
use issuers::attestation::{IssuerJwk, IssuerJwkSet, KeyState};
use issuers::issuer::{IssuerKind, IssuerSummary};

const ISSUER_ID: &str = "iss_0193a1b2c3d47e5f8a9b0c1d2e3f4a5b";
const NUMBER: &str = "KCCI/CO/2025/018427";

/// Runs `tradeseal args` in `dir` with its own data folder and no inherited settings.
fn run(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tradeseal"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("TRADESEAL_") {
            command.env_remove(name);
        }
    }
    command
        .current_dir(dir)
        .env("TRADESEAL_DATA_DIR", dir.join("data"))
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("failed to run tradeseal {args:?}: {error}"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The key set of the test issuer with `jwk` valid from 2026-01-01.
fn key_set(jwk: &Jwk) -> IssuerJwkSet {
    let public_key = PublicKey::from_jwk(jwk).unwrap();
    let state = KeyState {
        kid: public_key.thumbprint(),
        valid_from: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        valid_until: None,
        revoked_at: None,
        reason: None,
    };
    IssuerJwkSet {
        issuer: IssuerSummary {
            id: ISSUER_ID.to_owned(),
            name: "Karachi Chamber of Commerce and Industry".to_owned(),
            country: "PK".parse().unwrap(),
            kind: IssuerKind::Chamber,
        },
        keys: vec![IssuerJwk::new(&public_key, &state)],
    }
}

#[test]
fn keys_generate_writes_private_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &["keys", "generate", "--out", "issuer.jwk"]);
    assert!(output.status.success(), "{}", stderr(&output));

    let jwk: Jwk = serde_json::from_str(stdout(&output).trim()).unwrap();
    let public_key = PublicKey::from_jwk(&jwk).unwrap();
    assert_eq!(jwk.kid.as_deref(), Some(public_key.thumbprint().as_str()));
    let printed: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert!(printed.get("d").is_none(), "the private key reached stdout");

    let key_file = dir.path().join("issuer.jwk");
    let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let before = std::fs::read(&key_file).unwrap();

    let again = run(dir.path(), &["keys", "generate", "--out", "issuer.jwk"]);
    assert!(!again.status.success(), "an existing key file was replaced");
    assert_eq!(std::fs::read(&key_file).unwrap(), before);
}

#[test]
fn sign_and_verify_offline() {
    let dir = tempfile::tempdir().unwrap();
    let generated = run(dir.path(), &["keys", "generate", "--out", "issuer.jwk"]);
    let jwk: Jwk = serde_json::from_str(stdout(&generated).trim()).unwrap();
    std::fs::write(
        dir.path().join("jwks.json"),
        serde_json::to_vec(&key_set(&jwk)).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.path().join("co.pdf"), b"%PDF-1.7\ncertificate\n%%EOF\n").unwrap();
    std::fs::write(
        dir.path().join("forged.pdf"),
        b"%PDF-1.7\ncertificatf\n%%EOF\n",
    )
    .unwrap();

    let sign = [
        "sign",
        "co.pdf",
        "--key",
        "issuer.jwk",
        "--issuer",
        ISSUER_ID,
        "--kind",
        "certificate_of_origin",
    ];
    let unnumbered = run(dir.path(), &sign);
    assert!(
        !unnumbered.status.success(),
        "a certificate was signed without its number"
    );
    assert!(
        stderr(&unnumbered).contains("number"),
        "{}",
        stderr(&unnumbered)
    );

    let printed = run(dir.path(), &[&sign[..], &["--number", NUMBER]].concat());
    assert!(printed.status.success(), "{}", stderr(&printed));
    let attestation: crypto::SignedStatement = serde_json::from_str(&stdout(&printed)).unwrap();
    assert_eq!(attestation.payload["document"]["number"], NUMBER);
    assert_eq!(attestation.kid, jwk.kid.clone().unwrap());

    let written = run(
        dir.path(),
        &[
            &sign[..],
            &["--number", NUMBER, "--out", "attestation.json"],
        ]
        .concat(),
    );
    assert!(written.status.success(), "{}", stderr(&written));

    let verify = |file: &str, attestation: &str| {
        let output = run(
            dir.path(),
            &[
                "verify",
                file,
                "--attestation",
                attestation,
                "--jwks",
                "jwks.json",
            ],
        );
        (output.status.code(), stdout(&output))
    };
    let (code, text) = verify("co.pdf", "attestation.json");
    assert_eq!(code, Some(0), "{text}");
    assert!(text.starts_with("valid: Karachi Chamber"), "{text}");

    let (code, text) = verify("forged.pdf", "attestation.json");
    assert_eq!(code, Some(1), "{text}");
    assert!(text.starts_with("digest_mismatch:"), "{text}");

    std::fs::write(dir.path().join("garbage.json"), b"{\"payload\": 1}").unwrap();
    let (code, text) = verify("co.pdf", "garbage.json");
    assert_eq!(code, Some(1), "{text}");
    assert!(text.starts_with("malformed:"), "{text}");
}

#[test]
fn issuer_api_key_needs_registered_issuer() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(
        dir.path(),
        &[
            "api-keys",
            "create",
            "--role",
            "issuer",
            "--issuer",
            "iss_missing",
            "--name",
            "kcci",
        ],
    );
    assert!(!output.status.success(), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("no issuer with id"),
        "{}",
        stderr(&output)
    );
    assert!(!stdout(&output).contains("ts_issuer_"), "a key was printed");
}

#[test]
fn sign_never_overwrites_out_file() {
    let dir = tempfile::tempdir().unwrap();
    let generated = run(dir.path(), &["keys", "generate", "--out", "issuer.jwk"]);
    assert!(generated.status.success(), "{}", stderr(&generated));
    let key_before = std::fs::read(dir.path().join("issuer.jwk")).unwrap();
    std::fs::write(dir.path().join("co.pdf"), b"%PDF-1.7\ncertificate\n%%EOF\n").unwrap();

    let onto_key = run(
        dir.path(),
        &[
            "sign",
            "co.pdf",
            "--key",
            "issuer.jwk",
            "--issuer",
            ISSUER_ID,
            "--kind",
            "certificate_of_origin",
            "--number",
            NUMBER,
            "--out",
            "issuer.jwk",
        ],
    );

    assert!(!onto_key.status.success(), "sign replaced its own key file");
    assert!(
        stderr(&onto_key).contains("already exists"),
        "{}",
        stderr(&onto_key)
    );
    assert_eq!(
        std::fs::read(dir.path().join("issuer.jwk")).unwrap(),
        key_before,
        "the key file changed"
    );
}
