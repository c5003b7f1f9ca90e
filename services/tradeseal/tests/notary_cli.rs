//! The real `tradeseal` binary: the offline commands (digest, API keys, receipt verification,
//! samples) and `serve` over a real loopback socket until SIGTERM.

mod common;

use std::fs::File;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::Duration;

use domain::Role;
use serde_json::Value;

use common::{TestApp, http, pdf};

/// How many times a started server is polled for `/healthz`, 100 ms apart, before the test
/// gives up; only there to turn a hang into a failure.
const READY_POLLS: u32 = 600;

/// A `tradeseal` command with its own data folder and no `TRADESEAL_*` variables inherited.
fn tradeseal(data_dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tradeseal"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("TRADESEAL_") {
            command.env_remove(name);
        }
    }
    command.env("TRADESEAL_DATA_DIR", data_dir);
    command
}

fn run(data_dir: &Path, args: &[&str]) -> Output {
    tradeseal(data_dir)
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

/// Runs `tradeseal args`, asserts success and returns stdout.
fn run_ok(data_dir: &Path, args: &[&str]) -> String {
    let output = run(data_dir, args);
    assert!(
        output.status.success(),
        "tradeseal {args:?} failed with {:?}: {}",
        output.status,
        stderr(&output)
    );
    stdout(&output)
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("failed to create a temporary folder")
}

/// Creates an API key through the CLI and returns the last line of its output.
fn cli_key(data_dir: &Path, role: &str, name: &str) -> String {
    let output = run_ok(
        data_dir,
        &["api-keys", "create", "--role", role, "--name", name],
    );
    output.lines().last().expect("no output").trim().to_owned()
}

#[test]
fn digest_matches_sha256sum() {
    let dir = temp_dir();
    let file = dir.path().join("document.pdf");
    std::fs::write(&file, pdf::document("cli-digest", 200_000)).expect("failed to write");

    let ours = run_ok(dir.path(), &["digest", file.to_str().expect("UTF-8 path")]);
    let theirs = Command::new("sha256sum")
        .arg(&file)
        .output()
        .expect("sha256sum is missing");
    assert!(theirs.status.success(), "sha256sum failed");
    let theirs = stdout(&theirs);
    let hex = theirs
        .split_whitespace()
        .next()
        .expect("sha256sum printed nothing");
    assert_eq!(ours.trim(), format!("sha256:{hex}"));

    let missing = run(dir.path(), &["digest", "no-such-file.pdf"]);
    assert!(
        !missing.status.success(),
        "digest of a missing file succeeds"
    );
    assert!(
        stderr(&missing).contains("no-such-file.pdf"),
        "{}",
        stderr(&missing)
    );
}

#[tokio::test]
async fn api_key_create_authenticates() {
    let dir = temp_dir();
    let token = cli_key(dir.path(), "platform", "x");
    assert!(
        token.starts_with("ts_platform_"),
        "last line is the key: {token:?}"
    );

    let url = format!("sqlite://{}/tradeseal.db", dir.path().display());
    let db = storage::connect(&url)
        .await
        .expect("failed to open the CLI's database");
    let principal = storage::api_keys::authenticate(&db, &token)
        .await
        .expect("key look-up failed")
        .expect("the printed key does not authenticate");
    assert_eq!(principal.role, Role::Platform);
    assert_eq!(principal.name, "x");

    let other = storage::api_keys::authenticate(&db, &format!("{token}x")).await;
    assert!(
        matches!(other, Ok(None)),
        "a changed key authenticates: {other:?}"
    );
}

#[test]
fn issuer_key_needs_issuer() {
    let dir = temp_dir();
    let output = run(
        dir.path(),
        &[
            "api-keys", "create", "--role", "issuer", "--name", "chamber",
        ],
    );
    assert!(
        !output.status.success(),
        "an issuer key without --issuer was created"
    );
    assert!(
        stderr(&output).contains("--issuer"),
        "the error names the missing flag: {}",
        stderr(&output)
    );
    assert!(!stdout(&output).contains("ts_issuer_"), "a key was printed");
}

/// Files for `receipt verify`: a registered PDF, its whole record, the bare receipt and JWKS.
struct ReceiptFiles {
    pdf: PathBuf,
    record: PathBuf,
    receipt: PathBuf,
    jwks: PathBuf,
}

/// Registers a PDF with the in-process application and writes the files a customs officer
/// would hold.
async fn receipt_files(dir: &Path) -> ReceiptFiles {
    let database = test_db::TestDb::sqlite().await;
    let app = TestApp::new(database.db.clone());
    let key = app.key(Role::Platform, "platform-a").await;
    let bytes = pdf::document("cli-receipt", 0);
    let form = http::upload_form("certificate_of_origin", "KCCI/2026/3", &bytes);
    let reply = http::send(&app.router, http::register_form(Some(&key), form)).await;
    reply.assert_status(201, "registration for the CLI");
    let record = reply.json();
    let jwks = http::send(&app.router, http::get("/.well-known/jwks.json", None)).await;

    let files = ReceiptFiles {
        pdf: dir.join("document.pdf"),
        record: dir.join("record.json"),
        receipt: dir.join("receipt.json"),
        jwks: dir.join("jwks.json"),
    };
    std::fs::write(&files.pdf, &bytes).expect("write the PDF");
    std::fs::write(&files.record, record.to_string()).expect("write the record");
    std::fs::write(&files.receipt, record["receipt"].to_string()).expect("write the receipt");
    std::fs::write(&files.jwks, &jwks.body).expect("write the JWKS");
    files
}

fn verify(dir: &Path, receipt: &Path, jwks: &Path, file: Option<&Path>) -> Output {
    let mut args = vec![
        "receipt".to_owned(),
        "verify".to_owned(),
        receipt.display().to_string(),
        "--jwks".to_owned(),
        jwks.display().to_string(),
    ];
    if let Some(file) = file {
        args.extend(["--file".to_owned(), file.display().to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(dir, &args)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn receipt_verify_exit_codes() {
    let dir = temp_dir();
    let files = receipt_files(dir.path()).await;

    for (what, receipt, file) in [
        ("bare receipt", &files.receipt, None),
        ("whole record", &files.record, None),
        (
            "receipt with its file",
            &files.receipt,
            Some(files.pdf.as_path()),
        ),
    ] {
        let output = verify(dir.path(), receipt, &files.jwks, file);
        assert_eq!(output.status.code(), Some(0), "{what}: {}", stdout(&output));
        assert!(
            stdout(&output).starts_with("valid"),
            "{what}: {}",
            stdout(&output)
        );
    }

    let mut receipt: Value =
        serde_json::from_slice(&std::fs::read(&files.receipt).expect("read the receipt"))
            .expect("the receipt is JSON");
    receipt["payload"]["document"]["number"] = Value::from("KCCI/2026/4");
    let tampered = dir.path().join("tampered.json");
    std::fs::write(&tampered, receipt.to_string()).expect("write the tampered receipt");
    let output = verify(dir.path(), &tampered, &files.jwks, None);
    assert_eq!(
        output.status.code(),
        Some(1),
        "tampered: {}",
        stdout(&output)
    );
    assert!(
        stdout(&output).starts_with("invalid"),
        "{}",
        stdout(&output)
    );

    let other = dir.path().join("other.pdf");
    std::fs::write(&other, pdf::document("another document", 0)).expect("write the other PDF");
    let output = verify(dir.path(), &files.receipt, &files.jwks, Some(&other));
    assert_eq!(
        output.status.code(),
        Some(1),
        "wrong file: {}",
        stdout(&output)
    );
    assert!(
        stdout(&output).starts_with("invalid"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn samples_write_two_pdfs() {
    let dir = temp_dir();
    let out = dir.path().join("samples");
    let printed = run_ok(
        dir.path(),
        &["samples", "--out", out.to_str().expect("UTF-8 path")],
    );

    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(&out)
        .expect("the samples folder exists")
        .map(|entry| entry.expect("folder entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "pdf"))
        .collect();
    pdfs.sort();
    assert_eq!(pdfs.len(), 2, "two PDFs in {}: {pdfs:?}", out.display());

    for path in &pdfs {
        let bytes = std::fs::read(path).expect("read a sample");
        assert!(
            bytes.starts_with(b"%PDF-"),
            "{} is not a PDF",
            path.display()
        );
        assert!(
            printed.contains(&common::digest_of(&bytes)),
            "the output lists the digest of {}: {printed}",
            path.display()
        );
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("no free loopback port")
        .port()
}

/// Polls `/healthz` until it returns 200. Panics with the server log when the server exits or
/// never responds.
async fn wait_ready(child: &mut Child, client: &reqwest::Client, base: &str, log: &Path) {
    for _ in 0..READY_POLLS {
        if let Some(status) = child.try_wait().expect("failed to poll the server") {
            let log = std::fs::read_to_string(log).unwrap_or_default();
            panic!("tradeseal serve exited with {status} before answering: {log}");
        }
        let answer = client.get(format!("{base}/healthz")).send().await;
        if answer.is_ok_and(|response| response.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let log = std::fs::read_to_string(log).unwrap_or_default();
    panic!("tradeseal serve did not answer /healthz at {base}: {log}");
}

/// Sends SIGTERM to `child` and waits for it to exit; panics when it does not.
async fn terminate(child: &mut Child) -> std::process::ExitStatus {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("failed to run kill");
    assert!(status.success(), "kill -TERM failed");

    for _ in 0..READY_POLLS {
        if let Some(status) = child.try_wait().expect("failed to poll the server") {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    child.kill().ok();
    panic!("tradeseal serve did not stop after SIGTERM");
}

/// A running `tradeseal serve`, killed when dropped so a failed test leaves no process.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            self.0.kill().ok();
            self.0.wait().ok();
        }
    }
}

#[tokio::test]
async fn serve_registers_and_stops() {
    let dir = temp_dir();
    let samples = dir.path().join("samples");
    run_ok(
        dir.path(),
        &["samples", "--out", samples.to_str().expect("UTF-8 path")],
    );
    let platform = cli_key(dir.path(), "platform", "trade-platform");

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let log_path = dir.path().join("serve.log");
    let log = File::create(&log_path).expect("create the server log");
    let child = tradeseal(dir.path())
        .arg("serve")
        .env("TRADESEAL_LISTEN", format!("127.0.0.1:{port}"))
        .stdout(log.try_clone().expect("clone the log handle"))
        .stderr(log)
        .spawn()
        .expect("failed to start tradeseal serve");
    let mut served = Served(child);
    let client = reqwest::Client::builder()
        .timeout(http::HANG_LIMIT)
        .build()
        .expect("HTTP client");
    wait_ready(&mut served.0, &client, &base, &log_path).await;

    let key_file = dir.path().join("notary-key.jwk");
    let mode = std::fs::metadata(&key_file)
        .expect("serve created the notary key file")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "key file mode {mode:o}");

    check_operations(&client, &base).await;
    register_sample(&client, &base, &platform, &samples).await;

    let status = terminate(&mut served.0).await;
    assert!(status.success(), "serve exited with {status} after SIGTERM");
}

/// `/readyz`, `/openapi.json` and `/docs` respond.
async fn check_operations(client: &reqwest::Client, base: &str) {
    let ready = client
        .get(format!("{base}/readyz"))
        .send()
        .await
        .expect("/readyz");
    assert_eq!(ready.status(), 200, "/readyz");
    let ready: Value = ready.json().await.expect("/readyz JSON");
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["database"]["backend"], "sqlite");

    let openapi = client
        .get(format!("{base}/openapi.json"))
        .send()
        .await
        .expect("/openapi.json");
    assert_eq!(openapi.status(), 200, "/openapi.json");
    let openapi: Value = openapi.json().await.expect("OpenAPI JSON");
    assert!(
        openapi["paths"]["/v1/documents"].is_object(),
        "OpenAPI lists the notary"
    );

    let docs = client
        .get(format!("{base}/docs"))
        .send()
        .await
        .expect("/docs");
    assert_eq!(docs.status(), 200, "/docs");
    let content_type = docs
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(
        content_type.starts_with("text/html"),
        "/docs content type {content_type}"
    );
}

/// Registers the sample certificate over the socket, looks it up, and verifies the receipt
/// against the served JWKS.
async fn register_sample(client: &reqwest::Client, base: &str, key: &str, samples: &Path) {
    let path = samples.join(sample_docs::CERTIFICATE_PDF_NAME);
    let bytes = std::fs::read(&path).expect("read the sample certificate");
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes.clone()).file_name("certificate.pdf"),
        )
        .text("kind", "certificate_of_origin")
        .text("number", "KCCI/CO/2025/018427");
    let response = client
        .post(format!("{base}/v1/documents"))
        .bearer_auth(key)
        .multipart(form)
        .send()
        .await
        .expect("register over the socket");
    assert_eq!(response.status(), 201, "register the sample");
    let record: Value = response.json().await.expect("record JSON");
    assert_eq!(record["digest"], common::digest_of(&bytes).as_str());

    let uri = format!("{base}/v1/documents/{}", common::digest_of(&bytes));
    let found = client
        .get(uri)
        .bearer_auth(key)
        .send()
        .await
        .expect("look-up");
    assert_eq!(found.status(), 200, "look up the sample");

    let jwks: crypto::JwkSet = client
        .get(format!("{base}/.well-known/jwks.json"))
        .send()
        .await
        .expect("JWKS")
        .json()
        .await
        .expect("JWKS JSON");
    let receipt: crypto::SignedStatement =
        serde_json::from_value(record["receipt"].clone()).expect("receipt");
    crypto::verify_statement_with_jwks(&receipt, &jwks, notary::RECEIPT_TYPE)
        .expect("the served receipt verifies");
}
