//! The issuer's offline commands: `keys generate`, `sign` and `verify`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::Utc;
use crypto::SignedStatement;
use domain::{DocumentKind, DocumentNumber};
use issuers::attestation::IssuerJwkSet;
use issuers::offline;

use crate::commands::{read_small, read_source};

/// Writes a new private key file (mode 0600) and prints the public JWK, `kid` included.
pub(crate) fn generate_key(out: &Path) -> anyhow::Result<ExitCode> {
    let jwk = offline::keys_generate(out)?;
    println!("{}", serde_json::to_string(&jwk)?);
    eprintln!(
        "wrote the private key to {} (mode 0600); register the public JWK above, kid {}",
        out.display(),
        jwk.kid.as_deref().unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

/// Signs an attestation of `file`, dated now, and prints it or writes it to `out`.
pub(crate) fn sign(
    file: &Path,
    key: &Path,
    issuer: &str,
    kind: DocumentKind,
    number: Option<DocumentNumber>,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let attestation = offline::sign_file(file, key, issuer, kind, number, Utc::now())?;
    let mut text = serde_json::to_string_pretty(&attestation)?;
    text.push('\n');

    match out {
        Some(out) => {
            // create_new never replaces a file, so a mistyped --out cannot destroy the key
            // file or an earlier attestation.
            let mut output = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(out)
                .map_err(|error| match error.kind() {
                    std::io::ErrorKind::AlreadyExists => anyhow::anyhow!(
                        "{} already exists; choose another --out path or remove the file first",
                        out.display()
                    ),
                    _ => anyhow::Error::new(error)
                        .context(format!("failed to create {}", out.display())),
                })?;
            std::io::Write::write_all(&mut output, text.as_bytes())
                .with_context(|| format!("failed to write {}", out.display()))?;
            let digest = attestation.payload["document"]["digest"]
                .as_str()
                .unwrap_or_default();
            eprintln!(
                "wrote the attestation of {} ({digest}) to {}",
                file.display(),
                out.display()
            );
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints `VERDICT: DETAIL` for the attestation of `file`; exit status 0 only for `valid`.
pub(crate) async fn verify(
    file: &Path,
    attestation: &Path,
    jwks_source: &str,
) -> anyhow::Result<ExitCode> {
    let text = read_small(attestation)?;
    if let Ok(Some(name)) = crypto::duplicate_member(&text) {
        println!(
            "malformed: {} has the member {name:?} twice in one object, so parsers may read \
             different statements from it",
            attestation.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    let statement: SignedStatement = match serde_json::from_slice(&text) {
        Ok(statement) => statement,
        Err(error) => {
            println!(
                "malformed: {} is not a signed statement {{payload, signature, kid}}: {error}",
                attestation.display()
            );
            return Ok(ExitCode::FAILURE);
        }
    };
    let jwks: IssuerJwkSet = serde_json::from_slice(&read_source(jwks_source).await?)
        .with_context(|| {
            format!("{jwks_source} is not an issuer key set from /v1/issuers/{{id}}/jwks.json")
        })?;

    let verification = offline::verify_file(file, &statement, &jwks, Utc::now()).await?;
    println!("{}: {}", verification.verdict, verification.detail);
    if verification.is_valid() {
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::FAILURE)
    }
}
