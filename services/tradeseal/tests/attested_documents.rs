//! Documents registered with an issuer attestation: the registry's verdict decides whether
//! the upload is stored, the receipt and look-ups name the issuer, and the attesting issuer
//! or an administrator can revoke the document.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{Duration, Utc};
use crypto::{SignedStatement, SigningKeyPair};
use domain::{Digest, DocumentKind, Role};
use http_body_util::BodyExt;
use issuers::attestation::{AttestedDocument, sign};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};
use tower::ServiceExt;
use tradeseal::app::{Parts, compose};

const NUMBER: &str = "KCCI/CO/2025/018427";

/// Which attestation verifier the notary gets.
enum Registry {
    /// The registry's tables in this process.
    InProcess,
    /// An HTTP registry at a port where nothing listens.
    Unreachable,
    /// No registry at all.
    None,
}

struct TestApp {
    router: Router,
    db: DatabaseConnection,
    admin: String,
    platform: String,
    customs: String,
}

impl TestApp {
    async fn new(db: DatabaseConnection, registry: Registry) -> Self {
        let auth = Arc::new(storage::api_keys::DbAuthenticator::new(db.clone()));
        let inspector = pdf_inspect::Inspector::new(
            env!("CARGO_BIN_EXE_tradeseal"),
            vec!["pdf-inspect".to_owned()],
            Default::default(),
        );
        let key = SigningKeyPair::generate();
        let mut notary =
            notary::NotaryState::new(db.clone(), auth.clone(), key, inspector, Default::default());
        match registry {
            Registry::InProcess => {
                notary = notary.with_verifier(Arc::new(issuers::LocalVerifier::new(db.clone())));
            }
            Registry::Unreachable => {
                let port = std::net::TcpListener::bind("127.0.0.1:0")
                    .unwrap()
                    .local_addr()
                    .unwrap()
                    .port();
                let config = issuers::HttpVerifierConfig::new(
                    format!("http://127.0.0.1:{port}"),
                    "ts_customs_unused",
                );
                notary =
                    notary.with_verifier(Arc::new(issuers::HttpVerifier::new(config).unwrap()));
            }
            Registry::None => {}
        }
        let cache = cache::Cache::memory(&Default::default(), Default::default());
        let (router, _) = compose(Parts {
            db: db.clone(),
            cache,
            notary: Some(notary),
            reputation: None,
            issuers: Some(issuers::IssuersState::new(db.clone(), auth)),
        });

        Self {
            router,
            admin: key_of(&db, Role::Admin, None).await,
            platform: key_of(&db, Role::Platform, None).await,
            customs: key_of(&db, Role::Customs, None).await,
            db,
        }
    }

    async fn call(&self, request: Request<Body>) -> (StatusCode, Value) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let request = Request::get(path)
            .header("authorization", format!("Bearer {}", self.customs))
            .body(Body::empty())
            .unwrap();
        self.call(request).await
    }

    async fn post_json(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        let request = Request::post(path)
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.call(request).await
    }

    /// Uploads `pdf` as a certificate with `number` and, when given, the attestation.
    async fn upload(
        &self,
        token: &str,
        pdf: &[u8],
        number: &str,
        attestation: Option<&SignedStatement>,
    ) -> (StatusCode, Value) {
        let mut fields: Vec<(&str, Vec<u8>)> = vec![
            ("kind", b"certificate_of_origin".to_vec()),
            ("number", number.as_bytes().to_vec()),
            ("file", pdf.to_vec()),
        ];
        if let Some(attestation) = attestation {
            fields.push(("attestation", serde_json::to_vec(attestation).unwrap()));
        }
        let (content_type, body) = multipart(&fields);
        let request = Request::post("/v1/documents")
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", content_type)
            .body(Body::from(body))
            .unwrap();
        self.call(request).await
    }

    /// Registers an issuer with one key valid from yesterday; returns its id.
    async fn issuer(&self, name: &str, key: &SigningKeyPair) -> String {
        let body = json!({
            "name": name,
            "country": "PK",
            "kind": "chamber",
            "registrationNumber": format!("REG-{name}"),
        });
        let (status, issuer) = self.post_json("/v1/issuers", &self.admin, body).await;
        assert_eq!(status, StatusCode::CREATED, "{issuer}");
        let id = issuer["id"].as_str().unwrap().to_owned();

        let yesterday = (Utc::now() - Duration::days(1)).to_rfc3339();
        let body = json!({"jwk": key.public_key().to_jwk(), "validFrom": yesterday});
        let (status, added) = self
            .post_json(&format!("/v1/issuers/{id}/keys"), &self.admin, body)
            .await;
        assert_eq!(status, StatusCode::CREATED, "{added}");
        id
    }

    async fn documents(&self) -> i64 {
        use sea_orm::{EntityTrait, PaginatorTrait};
        notary::entity::document::Entity::find()
            .count(&self.db)
            .await
            .unwrap() as i64
    }
}

async fn key_of(db: &DatabaseConnection, role: Role, issuer: Option<&str>) -> String {
    storage::api_keys::create(db, role, &format!("{role}-client"), issuer)
        .await
        .unwrap()
        .token
}

/// Builds a `multipart/form-data` body with the given fields.
fn multipart(fields: &[(&str, Vec<u8>)]) -> (String, Vec<u8>) {
    let boundary = "tradeseal-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let filename = if *name == "file" {
            "; filename=\"co.pdf\""
        } else {
            ""
        };
        body.extend_from_slice(
            format!("Content-Disposition: form-data; name=\"{name}\"{filename}\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn sample_pdf(number: &str) -> Vec<u8> {
    let mut certificate = sample_docs::demo_certificate();
    certificate.number = number.to_owned();
    sample_docs::render_certificate(&certificate).unwrap()
}

fn attest(key: &SigningKeyPair, issuer: &str, pdf: &[u8], number: &str) -> SignedStatement {
    let document = AttestedDocument {
        digest: Digest::from_bytes(crypto::sha256(pdf)),
        kind: DocumentKind::CertificateOfOrigin,
        number: Some(number.parse().unwrap()),
    };
    sign(key, issuer, &document, Utc::now()).unwrap()
}

macro_rules! on_both_backends {
    ($name:ident, $case:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let database = test_db::TestDb::sqlite().await;
                super::$case(database.db.clone()).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(database) = test_db::TestDb::postgres().await else {
                    return;
                };
                super::$case(database.db.clone()).await;
            }
        }
    };
}

async fn attested_upload(db: DatabaseConnection) {
    let app = TestApp::new(db, Registry::InProcess).await;
    let key = SigningKeyPair::generate();
    let issuer = app.issuer("Karachi Chamber", &key).await;
    let pdf = sample_pdf(NUMBER);
    let attestation = attest(&key, &issuer, &pdf, NUMBER);

    let (status, record) = app
        .upload(&app.platform, &pdf, NUMBER, Some(&attestation))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    assert_eq!(record["issuer"]["id"], issuer);
    assert_eq!(record["issuer"]["name"], "Karachi Chamber");
    assert_eq!(record["issuer"]["country"], "PK");
    assert_eq!(record["issuer"]["kind"], "chamber");
    assert_eq!(record["issuer"]["verdict"], "valid");
    assert_eq!(record["issuer"]["kid"], key.kid());
    let receipt = &record["receipt"]["payload"];
    assert_eq!(receipt["issuer"]["name"], "Karachi Chamber", "{receipt}");
    assert_eq!(receipt["issuer"]["verdict"], "valid");

    let (_, jwks) = app
        .call(
            Request::get("/.well-known/jwks.json")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let jwks: crypto::JwkSet = serde_json::from_value(jwks).unwrap();
    let receipt: SignedStatement = serde_json::from_value(record["receipt"].clone()).unwrap();
    crypto::verify_statement_with_jwks(&receipt, &jwks, notary::RECEIPT_TYPE).unwrap();

    let (status, again) = app
        .upload(&app.platform, &pdf, NUMBER, Some(&attestation))
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the same upload again is idempotent: {again}"
    );
    assert_eq!(again["receipt"], record["receipt"]);
    let (status, problem) = app.upload(&app.platform, &pdf, NUMBER, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(problem["type"], "urn:tradeseal:problem:already-registered");

    let digest = record["digest"].as_str().unwrap();
    let (status, found) = app.get(&format!("/v1/documents/{digest}")).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["status"], "registered");
    assert_eq!(found["issuer"]["name"], "Karachi Chamber");
    assert_eq!(found["issuer"]["verdict"], "valid");

    let (_, by_number) = app
        .get(&format!(
            "/v1/documents?kind=certificate_of_origin&number={NUMBER}"
        ))
        .await;
    assert_eq!(
        by_number["items"][0]["issuer"]["country"], "PK",
        "{by_number}"
    );

    let tampered = Digest::from_bytes(crypto::sha256(&sample_pdf("KCCI/CO/2025/018428")));
    let (status, batch) = app
        .post_json(
            "/v1/documents/lookup",
            &app.customs,
            json!({"digests": [digest, tampered.to_string()]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{batch}");
    assert_eq!(
        batch["results"][0]["document"]["issuer"]["verdict"],
        "valid"
    );
    assert_eq!(batch["results"][1]["status"], "unknown");

    // A notary receipt, signed by the notary's key, is no issuer attestation.
    let (status, answer) = app
        .post_json(
            "/v1/attestations/verify",
            &app.customs,
            json!({"attestation": record["receipt"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["verdict"], "malformed");
}
on_both_backends!(attested_upload_names_issuer, attested_upload);

async fn raw_upload_with_header(db: DatabaseConnection) {
    let app = TestApp::new(db, Registry::InProcess).await;
    let key = SigningKeyPair::generate();
    let issuer = app.issuer("Lahore Chamber", &key).await;
    let pdf = sample_pdf(NUMBER);
    let attestation = attest(&key, &issuer, &pdf, NUMBER);
    let header = crypto::b64u_encode(&serde_json::to_vec(&attestation).unwrap());

    let request = Request::post(format!(
        "/v1/documents?kind=certificate_of_origin&number={NUMBER}"
    ))
    .header("authorization", format!("Bearer {}", app.platform))
    .header("content-type", "application/pdf")
    .header("x-tradeseal-attestation", header)
    .body(Body::from(pdf))
    .unwrap();
    let (status, record) = app.call(request).await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    assert_eq!(record["issuer"]["name"], "Lahore Chamber");

    let request = Request::post("/v1/documents?kind=certificate_of_origin&number=X-1")
        .header("authorization", format!("Bearer {}", app.platform))
        .header("content-type", "application/pdf")
        .header("x-tradeseal-attestation", "not base64url!")
        .body(Body::from(sample_pdf("X-1")))
        .unwrap();
    let (status, problem) = app.call(request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["field"], "X-Tradeseal-Attestation");

    let other_pdf = sample_pdf("X-2");
    let other = crypto::b64u_encode(
        &serde_json::to_vec(&attest(&key, &issuer, &other_pdf, "X-2")).unwrap(),
    );
    let request = Request::post("/v1/documents?kind=certificate_of_origin&number=X-2")
        .header("authorization", format!("Bearer {}", app.platform))
        .header("content-type", "application/pdf")
        .header("x-tradeseal-attestation", other.clone())
        .header("x-tradeseal-attestation", other)
        .body(Body::from(other_pdf))
        .unwrap();
    let (status, problem) = app.call(request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["field"], "X-Tradeseal-Attestation");
    assert_eq!(app.documents().await, 1, "a rejected upload was stored");
}
on_both_backends!(raw_upload_takes_attestation_header, raw_upload_with_header);

async fn rejected_attestations(db: DatabaseConnection) {
    let app = TestApp::new(db.clone(), Registry::InProcess).await;
    let key = SigningKeyPair::generate();
    let issuer = app.issuer("Sialkot Chamber", &key).await;
    let other_key = SigningKeyPair::generate();
    let other_issuer = app.issuer("Faisalabad Chamber", &other_key).await;
    let good_pdf = sample_pdf("GOOD-1");
    let (status, _) = app.upload(&app.platform, &good_pdf, "GOOD-1", None).await;
    assert_eq!(status, StatusCode::CREATED);

    let pdf = sample_pdf(NUMBER);
    let cases = [
        (
            "other file",
            attest(&key, &issuer, &sample_pdf("OTHER"), NUMBER),
            "digest_mismatch",
        ),
        (
            "other number",
            attest(&key, &issuer, &pdf, "KCCI/CO/2025/000001"),
            "document_mismatch",
        ),
        (
            "unknown key",
            attest(&SigningKeyPair::generate(), &issuer, &pdf, NUMBER),
            "unknown_key",
        ),
        (
            "other issuer's key",
            attest(&other_key, &issuer, &pdf, NUMBER),
            "unknown_key",
        ),
    ];
    for (label, attestation, verdict) in cases {
        let (status, problem) = app
            .upload(&app.platform, &pdf, NUMBER, Some(&attestation))
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{label}: {problem}"
        );
        assert_eq!(
            problem["type"],
            "urn:tradeseal:problem:attestation-rejected"
        );
        assert_eq!(problem["field"], "attestation");
        assert!(
            problem["detail"].as_str().unwrap().contains(verdict),
            "{label}: {problem}"
        );
    }
    assert_eq!(
        app.documents().await,
        1,
        "a rejected upload stored a document"
    );

    let good = Digest::from_bytes(crypto::sha256(&good_pdf));
    let (status, found) = app.get(&format!("/v1/documents/{good}")).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a rejected attestation blocked a look-up: {found}"
    );

    let (content_type, body) = multipart(&[
        ("kind", b"certificate_of_origin".to_vec()),
        ("number", NUMBER.as_bytes().to_vec()),
        ("file", pdf.clone()),
        ("attestation", b"{not json".to_vec()),
    ]);
    let request = Request::post("/v1/documents")
        .header("authorization", format!("Bearer {}", app.platform))
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap();
    let (status, problem) = app.call(request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["field"], "attestation");

    // An invoice attested with a number is not registered without that number.
    let invoice = sample_pdf("INV-77");
    let attested_invoice = AttestedDocument {
        digest: Digest::from_bytes(crypto::sha256(&invoice)),
        kind: DocumentKind::CommercialInvoice,
        number: Some("INV-77".parse().unwrap()),
    };
    let attestation = sign(&key, &issuer, &attested_invoice, Utc::now()).unwrap();
    let (content_type, body) = multipart(&[
        ("kind", b"commercial_invoice".to_vec()),
        ("file", invoice),
        ("attestation", serde_json::to_vec(&attestation).unwrap()),
    ]);
    let request = Request::post("/v1/documents")
        .header("authorization", format!("Bearer {}", app.platform))
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap();
    let (status, problem) = app.call(request).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["field"], "number");
    assert!(
        problem["detail"].as_str().unwrap().contains("INV-77"),
        "{problem}"
    );
    assert_eq!(app.documents().await, 1);

    // An issuer key sends only its own issuer's attestations.
    let issuer_key = key_of(&db, Role::Issuer, Some(&other_issuer)).await;
    let attestation = attest(&key, &issuer, &pdf, NUMBER);
    let (status, problem) = app
        .upload(&issuer_key, &pdf, NUMBER, Some(&attestation))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    assert_eq!(app.documents().await, 1);
}
on_both_backends!(invalid_attestations_store_nothing, rejected_attestations);

async fn registry_unavailable(db: DatabaseConnection) {
    let variants = [
        (Registry::Unreachable, "UNREACHABLE-1"),
        (Registry::None, "NONE-1"),
    ];
    for (registry, number) in variants {
        let app = TestApp::new(db.clone(), registry).await;
        let key = SigningKeyPair::generate();
        let pdf = sample_pdf(number);
        let attestation = attest(&key, "iss_somebody", &pdf, number);
        let stored = app.documents().await;

        let (status, problem) = app
            .upload(&app.platform, &pdf, number, Some(&attestation))
            .await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{problem}");
        assert_eq!(problem["type"], "urn:tradeseal:problem:issuer-unavailable");
        let detail = problem["detail"].as_str().unwrap();
        assert!(!detail.contains('\\'), "{detail}");
        assert!(detail.contains("nothing was stored"), "{detail}");
        assert_eq!(
            app.documents().await,
            stored,
            "an unverified attestation was stored"
        );

        let (status, record) = app.upload(&app.platform, &pdf, number, None).await;
        assert_eq!(status, StatusCode::CREATED, "{record}");
        assert!(record.get("issuer").is_none(), "{record}");
    }
}
on_both_backends!(unavailable_registry_gives_503, registry_unavailable);

async fn revocation(db: DatabaseConnection) {
    let app = TestApp::new(db.clone(), Registry::InProcess).await;
    let key = SigningKeyPair::generate();
    let issuer = app.issuer("Karachi Chamber", &key).await;
    let other_key = SigningKeyPair::generate();
    let other_issuer = app.issuer("Baku Chamber", &other_key).await;
    let pdf = sample_pdf(NUMBER);
    let (status, record) = app
        .upload(
            &app.platform,
            &pdf,
            NUMBER,
            Some(&attest(&key, &issuer, &pdf, NUMBER)),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    let digest = record["digest"].as_str().unwrap().to_owned();
    let path = format!("/v1/documents/{digest}/revocation");
    let reason = json!({"reason": "replaced after a correction of the net weight"});

    let own = key_of(&db, Role::Issuer, Some(&issuer)).await;
    let other = key_of(&db, Role::Issuer, Some(&other_issuer)).await;
    for token in [&other, &app.platform, &app.customs] {
        let (status, problem) = app.post_json(&path, token, reason.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    }
    let (status, problem) = app.post_json(&path, &own, json!({"reason": " "})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["field"], "reason");
    let (_, found) = app.get(&format!("/v1/documents/{digest}")).await;
    assert_eq!(
        found["status"], "registered",
        "a rejected revocation changed the record"
    );

    let (status, revoked) = app.post_json(&path, &own, reason.clone()).await;
    assert_eq!(status, StatusCode::OK, "{revoked}");
    assert_eq!(revoked["status"], "revoked");

    let (_, found) = app.get(&format!("/v1/documents/{digest}")).await;
    assert_eq!(found["status"], "revoked");
    assert_eq!(found["revocationReason"], reason["reason"]);
    assert!(found["revokedAt"].is_string(), "{found}");
    assert_eq!(found["issuer"]["name"], "Karachi Chamber");
    let (_, batch) = app
        .post_json(
            "/v1/documents/lookup",
            &app.customs,
            json!({"digests": [digest]}),
        )
        .await;
    assert_eq!(batch["results"][0]["status"], "revoked");

    let (status, problem) = app.post_json(&path, &app.admin, reason.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");

    // An administrator may revoke a document that came without an attestation; its
    // revocation is a new log entry.
    let plain = sample_pdf("PLAIN-1");
    let (_, plain_record) = app.upload(&app.platform, &plain, "PLAIN-1", None).await;
    let plain_digest = plain_record["digest"].as_str().unwrap();
    let plain_path = format!("/v1/documents/{plain_digest}/revocation");
    let (status, problem) = app.post_json(&plain_path, &own, reason.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    let (status, revoked) = app.post_json(&plain_path, &app.admin, reason.clone()).await;
    assert_eq!(status, StatusCode::OK, "{revoked}");

    let (_, checkpoint) = app
        .call(
            Request::get("/v1/log/checkpoint")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(checkpoint["payload"]["treeSize"], 4, "{checkpoint}");

    let missing = format!("/v1/documents/{}/revocation", Digest::from_bytes([0; 32]));
    let (status, _) = app.post_json(&missing, &app.admin, reason).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
on_both_backends!(attesting_issuer_revokes_document, revocation);

async fn compromise_after_registration(db: DatabaseConnection) {
    let app = TestApp::new(db.clone(), Registry::InProcess).await;
    let key = SigningKeyPair::generate();
    let issuer = app.issuer("Gujranwala Chamber", &key).await;
    let pdf = sample_pdf(NUMBER);
    let (status, record) = app
        .upload(
            &app.platform,
            &pdf,
            NUMBER,
            Some(&attest(&key, &issuer, &pdf, NUMBER)),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    let digest = record["digest"].as_str().unwrap().to_owned();
    let (_, before) = app.get(&format!("/v1/documents/{digest}")).await;
    assert_eq!(before["issuer"]["verdict"], "valid", "{before}");

    // The key turns out to have been stolen an hour before the attestation was signed.
    let compromised_at = (Utc::now() - Duration::hours(1)).to_rfc3339();
    let revocation = format!("/v1/issuers/{issuer}/keys/{}/revocation", key.kid());
    let (status, revoked) = app
        .post_json(
            &revocation,
            &app.admin,
            json!({"reason": "compromised", "compromisedAt": compromised_at}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{revoked}");

    let (_, single) = app.get(&format!("/v1/documents/{digest}")).await;
    assert_eq!(single["issuer"]["verdict"], "key_revoked", "{single}");
    assert_eq!(
        single["receipt"]["payload"]["issuer"]["verdict"], "valid",
        "the signed receipt changed"
    );
    let (_, by_number) = app
        .get(&format!(
            "/v1/documents?kind=certificate_of_origin&number={}",
            NUMBER.replace('/', "%2F")
        ))
        .await;
    assert_eq!(by_number["items"][0]["issuer"]["verdict"], "key_revoked");
    let (_, batch) = app
        .post_json(
            "/v1/documents/lookup",
            &app.customs,
            json!({"digests": [digest]}),
        )
        .await;
    assert_eq!(
        batch["results"][0]["document"]["issuer"]["verdict"],
        "key_revoked"
    );
}
on_both_backends!(lookups_show_later_compromise, compromise_after_registration);
