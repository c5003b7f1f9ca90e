//! Transparency-log proofs: every registered document gets a bundle that verifies offline
//! against the published keys, and a tampered bundle does not.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::Role;
use http_body_util::BodyExt;
use sea_orm::DatabaseConnection;
use tower::ServiceExt;
use tradeseal::app::{Parts, compose};

fn app(db: &DatabaseConnection) -> Router {
    let auth = Arc::new(storage::api_keys::DbAuthenticator::new(db.clone()));
    let inspector = pdf_inspect::Inspector::new(
        env!("CARGO_BIN_EXE_tradeseal"),
        vec!["pdf-inspect".to_owned()],
        Default::default(),
    );
    let key = crypto::SigningKeyPair::generate();
    let notary = notary::NotaryState::new(db.clone(), auth, key, inspector, Default::default());
    let cache = cache::Cache::memory(&Default::default(), Default::default());
    compose(Parts {
        db: db.clone(),
        cache,
        notary: Some(notary),
        reputation: None,
        issuers: None,
    })
    .0
}

async fn call(app: &Router, request: Request<Body>) -> (StatusCode, serde_json::Value) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

fn sample_pdf(number: &str) -> Vec<u8> {
    let mut certificate = sample_docs::demo_certificate();
    certificate.number = number.to_owned();
    sample_docs::render_certificate(&certificate).unwrap()
}

async fn proofs_verify_offline(db: DatabaseConnection) {
    let app = app(&db);
    let platform = storage::api_keys::create(&db, Role::Platform, "platform", None)
        .await
        .unwrap()
        .token;
    let customs = storage::api_keys::create(&db, Role::Customs, "customs", None)
        .await
        .unwrap()
        .token;

    let mut digests = Vec::new();
    for number in ["CO-1", "CO-2", "CO-3", "CO-4", "CO-5"] {
        let request = Request::post(format!(
            "/v1/documents?kind=certificate_of_origin&number={number}"
        ))
        .header("authorization", format!("Bearer {platform}"))
        .header("content-type", "application/pdf")
        .body(Body::from(sample_pdf(number)))
        .unwrap();
        let (status, record) = call(&app, request).await;
        assert_eq!(status, StatusCode::CREATED, "{record}");
        digests.push(record["digest"].as_str().unwrap().to_owned());
    }

    let (_, jwks) = call(
        &app,
        Request::get("/.well-known/jwks.json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let jwks: crypto::JwkSet = serde_json::from_value(jwks).unwrap();

    for (index, digest) in digests.iter().enumerate() {
        let request = Request::get(format!("/v1/documents/{digest}/proof"))
            .header("authorization", format!("Bearer {customs}"))
            .body(Body::empty())
            .unwrap();
        let (status, body) = call(&app, request).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let bundle: notary::ProofBundle = serde_json::from_value(body).unwrap();

        assert_eq!(bundle.log_index, index as u64);
        let checkpoint = notary::verify_bundle(&bundle, &jwks).expect("bundle verifies");
        assert_eq!(checkpoint.tree_size, 5);

        let mut wrong_index = bundle.clone();
        wrong_index.log_index = (bundle.log_index + 1) % 5;
        assert!(notary::verify_bundle(&wrong_index, &jwks).is_err());

        let mut wrong_entry = bundle.clone();
        wrong_entry.entry = wrong_entry.entry.replace("CO-", "CO-9");
        assert!(notary::verify_bundle(&wrong_entry, &jwks).is_err());

        let mut wrong_digest = bundle.clone();
        wrong_digest.digest = digests[(index + 1) % 5].parse().unwrap();
        assert!(matches!(
            notary::verify_bundle(&wrong_digest, &jwks),
            Err(notary::BundleError::WrongEntry)
        ));
    }

    let (status, checkpoint) = call(
        &app,
        Request::get("/v1/log/checkpoint")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let checkpoint: crypto::SignedStatement = serde_json::from_value(checkpoint).unwrap();
    crypto::verify_statement_with_jwks(&checkpoint, &jwks, notary::CHECKPOINT_TYPE).unwrap();
    assert_eq!(checkpoint.payload["treeSize"], 5);
}

#[tokio::test]
async fn log_proofs_sqlite() {
    let db = test_db::TestDb::sqlite().await;
    proofs_verify_offline(db.db.clone()).await;
}

#[tokio::test]
async fn log_proofs_postgres() {
    let Some(db) = test_db::TestDb::postgres().await else {
        return;
    };
    proofs_verify_offline(db.db.clone()).await;
}
