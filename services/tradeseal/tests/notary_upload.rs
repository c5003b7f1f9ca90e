//! `POST /v1/documents`: idempotent re-sends, number conflicts, raw bodies, size limits and
//! every kind of bad input, each rejected with the right problem and nothing stored.

mod common;

use axum::body::Body;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{Method, Request};
use bytes::Bytes;
use domain::Role;
use sea_orm::DatabaseConnection;

use common::http::{self, Form, Reply};
use common::{SMALL_LIMIT, TestApp, on_both_backends, pdf};

on_both_backends!(idempotent_resend, idempotent_resend_case);
on_both_backends!(number_conflict, number_conflict_case);
on_both_backends!(raw_body, raw_body_case);
on_both_backends!(bad_input, bad_input_case);
on_both_backends!(over_limit, over_limit_case);
on_both_backends!(large_multipart, large_multipart_case);

async fn register(app: &TestApp, key: &str, kind: &str, number: &str, bytes: &[u8]) -> Reply {
    let form = http::upload_form(kind, number, bytes);
    http::send(&app.router, http::register_form(Some(key), form)).await
}

async fn idempotent_resend_case(db: DatabaseConnection) {
    let app = TestApp::new(db);
    let key = app.key(Role::Platform, "platform-a").await;
    let bytes = pdf::document("idempotent", 0);

    let first = register(&app, &key, "certificate_of_origin", "CO/1", &bytes).await;
    first.assert_status(201, "first upload");
    let second = register(&app, &key, "certificate_of_origin", "CO/1", &bytes).await;
    second.assert_status(200, "same bytes again");

    let (first, second) = (first.json(), second.json());
    assert_eq!(first["receipt"], second["receipt"], "the same receipt");
    assert_eq!(first["logIndex"], second["logIndex"]);
    assert_eq!(first["digest"], common::digest_of(&bytes).as_str());
    assert_eq!(app.stored().await, (1, 1), "one document, one log entry");

    // The same bytes under another number are still the same document.
    let third = register(&app, &key, "certificate_of_origin", "CO/2", &bytes).await;
    third.assert_status(200, "same bytes, other number");
    assert_eq!(third.json()["receipt"], first["receipt"]);
    assert_eq!(app.stored().await, (1, 1));
}

async fn number_conflict_case(db: DatabaseConnection) {
    let app = TestApp::new(db);
    let key_a = app.key(Role::Platform, "platform-a").await;
    let key_b = app.key(Role::Platform, "platform-b").await;
    let original = pdf::document("original", 0);
    let corrected = pdf::document("corrected", 0);

    register(
        &app,
        &key_a,
        "certificate_of_origin",
        "KCCI/2026/1",
        &original,
    )
    .await
    .assert_status(201, "original");

    let conflict = register(
        &app,
        &key_a,
        "certificate_of_origin",
        "KCCI/2026/1",
        &corrected,
    )
    .await;
    conflict.assert_problem(
        409,
        "number-conflict",
        Some("number"),
        "other bytes, same number",
    );
    let detail = conflict.json()["detail"].as_str().unwrap_or("").to_owned();
    assert!(
        detail.contains(&common::digest_of(&original)),
        "the conflict names the registered digest: {detail}"
    );
    assert_eq!(
        app.stored().await,
        (1, 1),
        "nothing stored for the conflict"
    );

    let other = register(
        &app,
        &key_b,
        "certificate_of_origin",
        "KCCI/2026/1",
        &corrected,
    )
    .await;
    other.assert_status(201, "same number, another registrant");
    assert_eq!(other.json()["registrant"], "platform-b");

    let invoice = pdf::document("invoice", 0);
    register(&app, &key_a, "commercial_invoice", "KCCI/2026/1", &invoice)
        .await
        .assert_status(201, "same number, another kind");
    assert_eq!(app.stored().await, (3, 3));
}

async fn raw_body_case(db: DatabaseConnection) {
    let app = TestApp::new(db);
    let key = app.key(Role::Platform, "platform-a").await;
    let bytes = pdf::document("raw", 0);

    let query = "kind=certificate_of_origin&number=KCCI%2F2026%2F77";
    let reply = http::send(
        &app.router,
        http::register_raw(Some(&key), query, bytes.clone()),
    )
    .await;
    reply.assert_status(201, "raw application/pdf body");
    let record = reply.json();
    assert_eq!(record["digest"], common::digest_of(&bytes).as_str());
    assert_eq!(record["kind"], "certificate_of_origin");
    assert_eq!(record["number"], "KCCI/2026/77");
    assert_eq!(record["sizeBytes"].as_u64(), Some(bytes.len() as u64));

    let other = pdf::document("raw-without-kind", 0);
    let missing = http::send(
        &app.router,
        http::register_raw(Some(&key), "number=1", other),
    )
    .await;
    missing.assert_problem(400, "missing-field", Some("kind"), "raw body without kind");
    assert_eq!(app.stored().await, (1, 1));
}

/// A request that must be rejected, with the problem it must get.
struct BadCase {
    name: &'static str,
    request: Request<Body>,
    status: u16,
    slug: &'static str,
    field: Option<&'static str>,
}

fn bad_case(
    name: &'static str,
    request: Request<Body>,
    status: u16,
    slug: &'static str,
    field: Option<&'static str>,
) -> BadCase {
    BadCase {
        name,
        request,
        status,
        slug,
        field,
    }
}

fn raw_request(key: &str, content_type: Option<&str>, body: &'static [u8]) -> Request<Body> {
    let mut builder = http::request(Method::POST, "/v1/documents", Some(key));
    if let Some(content_type) = content_type {
        builder = builder.header(CONTENT_TYPE, content_type);
    }
    builder
        .header(CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .expect("valid request")
}

/// A form upload to `/v1/documents?QUERY`.
fn form_with_query(key: &str, query: &str, form: Form) -> Request<Body> {
    let mut request = http::register_form(Some(key), form);
    *request.uri_mut() = format!("/v1/documents?{query}").parse().unwrap();
    request
}

fn bad_cases(key: &str) -> Vec<BadCase> {
    let pdf = pdf::document("bad-input", 0);
    let form = |form: Form| http::register_form(Some(key), form);
    let co = "certificate_of_origin";
    vec![
        bad_case("missing file", form(Form::new().text("kind", co).text("number", "1")), 400, "missing-field", Some("file")),
        bad_case("missing kind", form(Form::new().file("file", "a.pdf", &pdf).text("number", "1")), 400, "missing-field", Some("kind")),
        bad_case("bad kind", form(http::upload_form("passport", "1", &pdf)), 400, "invalid-field", Some("kind")),
        bad_case("certificate without number", form(Form::new().file("file", "a.pdf", &pdf).text("kind", co)), 400, "missing-field", Some("number")),
        bad_case("blank number", form(http::upload_form(co, "   ", &pdf)), 400, "missing-field", Some("number")),
        bad_case("bad number characters", form(http::upload_form(co, "KCCI<2026>", &pdf)), 400, "invalid-field", Some("number")),
        bad_case("number too long", form(http::upload_form(co, &"9".repeat(65), &pdf)), 400, "invalid-field", Some("number")),
        bad_case("empty file", form(http::upload_form(co, "1", b"")), 400, "empty-file", Some("file")),
        bad_case("not a PDF", form(http::upload_form(co, "1", b"PK\x03\x04 a zip archive, not a PDF")), 422, "not-a-pdf", Some("file")),
        bad_case("unknown field", form(http::upload_form(co, "1", &pdf).text("note", "hello")), 400, "invalid-field", Some("note")),
        bad_case("two kind fields", form(http::upload_form(co, "1", &pdf).text("kind", "commercial_invoice")), 400, "invalid-field", Some("kind")),
        bad_case("kind in query of a form", form_with_query(key, "kind=commercial_invoice", http::upload_form(co, "1", &pdf)), 400, "invalid-field", Some("kind")),
        bad_case("attestation with a repeated member", form(http::upload_form(co, "1", &pdf).text("attestation", r#"{"payload": {}, "kid": "a", "kid": "b", "signature": ""}"#)), 400, "invalid-field", Some("attestation")),
        bad_case("blank attestation", form(http::upload_form(co, "1", &pdf).text("attestation", "  ")), 400, "invalid-field", Some("attestation")),
        bad_case("two file fields", form(http::upload_form(co, "1", &pdf).file("file", "b.pdf", &pdf)), 400, "invalid-field", Some("file")),
        bad_case("text content type", raw_request(key, Some("text/plain"), b"%PDF-1.4 hello"), 415, "unsupported-media-type", None),
        bad_case("JSON body", raw_request(key, Some("application/json"), br#"{"kind":"commercial_invoice"}"#), 415, "unsupported-media-type", None),
        bad_case("no content type", raw_request(key, None, b"%PDF-1.4"), 415, "unsupported-media-type", None),
        bad_case("multipart without boundary", raw_request(key, Some("multipart/form-data"), b"--x\r\n"), 400, "invalid-multipart", None),
        bad_case(
            "malformed multipart",
            raw_request(key, Some("multipart/form-data; boundary=abc"), b"--abc\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ncommercial_invoice\r\n--abc\r\nno headers end here"),
            400,
            "invalid-multipart",
            None,
        ),
    ]
}

async fn bad_input_case(db: DatabaseConnection) {
    let app = TestApp::new(db);
    let key = app.key(Role::Platform, "platform-a").await;

    for case in bad_cases(&key) {
        let reply = http::send(&app.router, case.request).await;
        reply.assert_problem(case.status, case.slug, case.field, case.name);
        assert_eq!(app.stored().await, (0, 0), "{}: nothing stored", case.name);
    }

    // The same valid PDF still registers afterwards: no rejected request left a trace.
    let bytes = pdf::document("bad-input", 0);
    register(&app, &key, "certificate_of_origin", "1", &bytes)
        .await
        .assert_status(201, "valid upload after the bad ones");
}

async fn over_limit_case(db: DatabaseConnection) {
    let app = TestApp::small_limit(db);
    let key = app.key(Role::Platform, "platform-a").await;
    let limit = SMALL_LIMIT as usize;
    let big = pdf::document("too-big", limit + 1024);
    let query = "kind=commercial_invoice&number=BIG-1";

    let raw = http::send(
        &app.router,
        http::register_raw(Some(&key), query, big.clone()),
    )
    .await;
    raw.assert_problem(
        413,
        "payload-too-large",
        None,
        "raw body with Content-Length",
    );

    let chunks: Vec<Result<Bytes, std::io::Error>> = big
        .chunks(8 * 1024)
        .map(|chunk| Ok(Bytes::copy_from_slice(chunk)))
        .collect();
    let chunked = http::request(Method::POST, &format!("/v1/documents?{query}"), Some(&key))
        .header(CONTENT_TYPE, "application/pdf")
        .body(Body::from_stream(futures::stream::iter(chunks)))
        .expect("valid chunked request");
    let chunked = http::send(&app.router, chunked).await;
    chunked.assert_problem(413, "payload-too-large", None, "chunked raw body");

    let form = http::upload_form("commercial_invoice", "BIG-1", &big);
    let multipart = http::send(&app.router, http::register_form(Some(&key), form)).await;
    multipart.assert_problem(413, "payload-too-large", None, "multipart body");
    assert_eq!(
        app.stored().await,
        (0, 0),
        "nothing stored for oversized uploads"
    );

    let fits = pdf::document("fits", limit - 4096);
    assert!(
        fits.len() <= limit,
        "the fitting PDF is {} bytes",
        fits.len()
    );
    let form = http::upload_form("commercial_invoice", "FIT-1", &fits);
    let accepted = http::send(&app.router, http::register_form(Some(&key), form)).await;
    accepted.assert_status(201, "multipart upload under the limit");
    assert_eq!(app.stored().await, (1, 1));
}

/// A multipart upload larger than axum's default 2 MB body limit but under the notary's own
/// 25 MiB limit must register.
async fn large_multipart_case(db: DatabaseConnection) {
    let app = TestApp::new(db);
    let key = app.key(Role::Platform, "platform-a").await;
    let big = pdf::document("three-mebibytes", 3 * 1024 * 1024);

    let reply = register(&app, &key, "commercial_invoice", "LARGE-1", &big).await;
    reply.assert_status(201, "3 MiB multipart upload");
    assert_eq!(reply.json()["digest"], common::digest_of(&big).as_str());

    let other = pdf::document("three-mebibytes-raw", 3 * 1024 * 1024);
    let query = "kind=commercial_invoice&number=LARGE-2";
    let raw = http::send(&app.router, http::register_raw(Some(&key), query, other)).await;
    raw.assert_status(201, "3 MiB raw upload");
    assert_eq!(app.stored().await, (2, 2));
}
