//! The offline commands: migrations, API keys, digests, receipts, samples, OpenAPI.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, bail};
use crypto::{JwkSet, SignedStatement};
use domain::{Digest, Role};
use migrations::{Migrator, MigratorTrait};

use crate::app::{Parts, compose};
use crate::settings::Settings;

/// Largest receipt or JWK set file read, in bytes.
const MAX_JSON_FILE: u64 = 1024 * 1024;

pub(crate) async fn migrate(settings: &Settings, down: bool) -> anyhow::Result<ExitCode> {
    settings.ensure_data_dir()?;
    let db = storage::connect(&settings.database_url()).await?;
    if down {
        Migrator::down(&db, Some(1))
            .await
            .context("failed to revert the last migration")?;
        println!("reverted the most recent migration");
    } else {
        Migrator::up(&db, None)
            .await
            .context("failed to apply migrations")?;
        println!("migrations applied");
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn create_api_key(
    settings: &Settings,
    role: Role,
    name: &str,
    issuer: Option<&str>,
) -> anyhow::Result<ExitCode> {
    settings.ensure_data_dir()?;
    let default_database = settings.data_dir.join("tradeseal.db");
    let new_database = settings.database_url.is_none() && !default_database.exists();
    let db = storage::connect_and_migrate(&settings.database_url()).await?;
    if new_database {
        // A key in a database that no server uses gets 401 everywhere, so print where it went.
        eprintln!(
            "note: created a new database {}; a server must use the same data folder \
             (--data-dir or TRADESEAL_DATA_DIR) to accept this key",
            default_database.display()
        );
    }
    if let Some(issuer) = issuer {
        require_issuer(&db, issuer).await?;
    }
    let created = storage::api_keys::create(&db, role, name, issuer).await?;

    println!(
        "created {role} key {} for {:?}; it is shown only once:",
        created.record.id, created.record.name
    );
    println!("{}", created.token);
    Ok(ExitCode::SUCCESS)
}

/// Rejects an issuer id that is not registered, so no key is bound to a mistyped id.
async fn require_issuer(db: &sea_orm::DatabaseConnection, issuer: &str) -> anyhow::Result<()> {
    use sea_orm::EntityTrait;

    let found = issuers::entity::issuer::Entity::find_by_id(issuer.to_owned())
        .one(db)
        .await
        .context("failed to look up the issuer")?;
    if found.is_none() {
        bail!(
            "no issuer with id {issuer:?} is registered; register it with POST /v1/issuers and \
             pass the id it returns"
        );
    }
    Ok(())
}

pub(crate) async fn revoke_api_key(settings: &Settings, id: &str) -> anyhow::Result<ExitCode> {
    let db = storage::connect_and_migrate(&settings.database_url()).await?;
    if storage::api_keys::revoke(&db, id, chrono_now()).await? {
        println!("revoked key {id}");
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "no live key with id {id}: the id is the one `api-keys create` printed, and the key \
             may be revoked already or live in another database"
        );
        Ok(ExitCode::FAILURE)
    }
}

fn chrono_now() -> sea_orm::prelude::DateTimeUtc {
    sea_orm::prelude::DateTimeUtc::from(std::time::SystemTime::now())
}

pub(crate) fn digest(file: &Path) -> anyhow::Result<ExitCode> {
    println!("{}", file_digest(file)?);
    Ok(ExitCode::SUCCESS)
}

/// Streams a file through SHA-256.
fn file_digest(file: &Path) -> anyhow::Result<Digest> {
    use std::io::Read;

    let mut reader =
        std::fs::File::open(file).with_context(|| format!("failed to open {}", file.display()))?;
    let mut hasher = crypto::Sha256Hasher::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let read = reader
            .read(&mut buffer)
            .with_context(|| format!("failed to read {}", file.display()))?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(Digest::from_bytes(hasher.finalize()))
}

pub(crate) async fn verify_receipt(
    receipt_path: &Path,
    jwks_source: &str,
    file: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let value: serde_json::Value = serde_json::from_slice(&read_small(receipt_path)?)
        .with_context(|| format!("{} is not JSON", receipt_path.display()))?;
    let receipt_value = value.get("receipt").cloned().unwrap_or(value);
    let receipt: SignedStatement = serde_json::from_value(receipt_value)
        .context("the file holds no receipt: expected {payload, signature, kid}")?;

    let jwks = load_jwks(jwks_source).await?;
    if let Err(error) = crypto::verify_statement_with_jwks(&receipt, &jwks, notary::RECEIPT_TYPE) {
        println!("invalid: {error}");
        return Ok(ExitCode::FAILURE);
    }

    let named = receipt
        .payload
        .pointer("/document/digest")
        .and_then(|v| v.as_str())
        .unwrap_or("");
    if let Some(file) = file {
        let actual = file_digest(file)?;
        if actual.to_string() != named {
            println!(
                "invalid: the receipt names {named} but {} is {actual}",
                file.display()
            );
            return Ok(ExitCode::FAILURE);
        }
    }

    let registered = receipt
        .payload
        .get("registeredAt")
        .and_then(|v| v.as_str())
        .unwrap_or("?");
    println!(
        "valid: {named} registered at {registered}, signed by notary key {}",
        receipt.kid
    );
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn verify_log_bundle(
    bundle_path: &Path,
    jwks_source: &str,
) -> anyhow::Result<ExitCode> {
    let bundle: notary::ProofBundle = serde_json::from_slice(&read_small(bundle_path)?)
        .with_context(|| format!("{} is not a proof bundle", bundle_path.display()))?;
    let jwks = load_jwks(jwks_source).await?;

    match notary::verify_bundle(&bundle, &jwks) {
        Ok(checkpoint) => {
            println!(
                "valid: {} is entry {} of a log of {} entries with root {}, signed at {}",
                bundle.digest,
                bundle.log_index,
                checkpoint.tree_size,
                checkpoint.root_hash,
                checkpoint.signed_at
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            println!("invalid: {error}");
            Ok(ExitCode::FAILURE)
        }
    }
}

async fn load_jwks(source: &str) -> anyhow::Result<JwkSet> {
    let bytes = read_source(source).await?;
    serde_json::from_slice(&bytes).with_context(|| format!("{source} is not a JWK set"))
}

/// Reads a small JSON document from a file path or an http(s) URL.
pub(crate) async fn read_source(source: &str) -> anyhow::Result<Vec<u8>> {
    let bytes = if source.starts_with("http://") || source.starts_with("https://") {
        let response = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()?
            .get(source)
            .send()
            .await
            .with_context(|| format!("failed to fetch the JWK set from {source}"))?;
        if !response.status().is_success() {
            bail!("fetching {source} returned HTTP {}", response.status());
        }
        response.bytes().await?.to_vec()
    } else {
        read_small(Path::new(source))?
    };
    Ok(bytes)
}

pub(crate) fn read_small(path: &Path) -> anyhow::Result<Vec<u8>> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("failed to read {}", path.display()))?
        .len();
    if size > MAX_JSON_FILE {
        bail!(
            "{} is {size} bytes; the limit is {MAX_JSON_FILE}",
            path.display()
        );
    }
    std::fs::read(path).with_context(|| format!("failed to read {}", path.display()))
}

pub(crate) fn samples(out: &Path) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(out).with_context(|| format!("failed to create {}", out.display()))?;
    let written = sample_docs::write_demo_files(out).context("failed to write the sample PDFs")?;
    for path in written {
        println!("{}  {}", file_digest(&path)?, path.display());
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn print_openapi() -> anyhow::Result<ExitCode> {
    let doc = openapi_document().await?;
    println!("{doc}");
    Ok(ExitCode::SUCCESS)
}

/// The OpenAPI document of every service, pretty-printed, as committed under `openapi/`.
pub async fn openapi_document() -> anyhow::Result<String> {
    let db = storage::connect_and_migrate("sqlite::memory:").await?;
    let auth = Arc::new(storage::api_keys::DbAuthenticator::new(db.clone()));
    let key = crypto::SigningKeyPair::generate();
    let inspector = pdf_inspect::Inspector::new("tradeseal", Vec::new(), Default::default());
    let notary =
        notary::NotaryState::new(db.clone(), auth.clone(), key, inspector, Default::default());
    let cache = cache::Cache::memory(&Default::default(), Default::default());
    let fallback = cache::Fallback::new(1, std::time::Duration::from_secs(1));
    let reputation = reputation::ReputationState::new(
        db.clone(),
        auth.clone(),
        cache.clone(),
        fallback,
        Default::default(),
    )?;
    let issuers = issuers::IssuersState::new(db.clone(), auth);

    let (_, openapi) = compose(Parts {
        db,
        cache,
        notary: Some(notary),
        reputation: Some(reputation),
        issuers: Some(issuers),
    });
    let mut text = openapi
        .to_pretty_json()
        .context("failed to render the OpenAPI document")?;
    text.push('\n');
    Ok(text)
}
