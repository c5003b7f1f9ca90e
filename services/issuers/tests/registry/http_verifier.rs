//! [`HttpVerifier`] against the registry on a real socket, and against registries that fail:
//! every failure is [`issuers::VerifierUnavailable`], never a verdict.

use std::time::{Duration, Instant};

use chrono::Utc;
use crypto::SigningKeyPair;
use domain::Role;
use issuers::attestation::{ExpectedDocument, Verdict};
use issuers::{AttestationVerifier, HttpVerifier, HttpVerifierConfig};
use sea_orm::DatabaseConnection;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::common::{TestApp, api_key, attest, certificate, days, on_both_backends, rfc3339};

/// Serves `app` on a free loopback port and returns its base URL.
async fn serve(app: &TestApp) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let router = app.router.clone();
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

fn verifier(url: &str, api_key: &str, cache: Duration) -> HttpVerifier {
    let mut config = HttpVerifierConfig::new(url, api_key);
    config.request_timeout = Duration::from_millis(500);
    config.connect_timeout = Duration::from_millis(500);
    config.cache_ttl = cache;
    HttpVerifier::new(config).unwrap()
}

async fn over_http(db: DatabaseConnection) {
    let app = TestApp::new(db.clone()).await;
    let url = serve(&app).await;
    let issuer = app.issuer("Karachi Chamber", "PK", "chamber").await;
    let key = SigningKeyPair::generate();
    app.add_key(&issuer, &key, days(-30), None).await;
    let document = certificate(5, "KCCI/5");
    let attestation = attest(&key, &issuer, &document, days(-1));
    let expected = ExpectedDocument::digest(document.digest);

    let uncached = verifier(&url, &app.customs, Duration::ZERO);
    let cached = verifier(&url, &app.customs, Duration::from_secs(60));
    for client in [&uncached, &cached] {
        let verification = client.verify(&attestation, &expected).await.unwrap();
        assert_eq!(
            verification.verdict,
            Verdict::Valid,
            "{}",
            verification.detail
        );
        assert_eq!(verification.issuer.unwrap().name, "Karachi Chamber");
    }

    let other = ExpectedDocument::digest(certificate(6, "KCCI/6").digest);
    let mismatch = cached.verify(&attestation, &other).await.unwrap();
    assert_eq!(
        mismatch.verdict,
        Verdict::DigestMismatch,
        "a cached answer leaked"
    );

    let body = json!({"reason": "compromised", "compromisedAt": rfc3339(days(-2))});
    let (status, revoked) = app.revoke(&issuer, &key.kid(), body).await;
    assert_eq!(status, 200, "{revoked}");

    let fresh = uncached.verify(&attestation, &expected).await.unwrap();
    assert_eq!(fresh.verdict, Verdict::KeyRevoked);
    let reused = cached.verify(&attestation, &expected).await.unwrap();
    assert_eq!(
        reused.verdict,
        Verdict::Valid,
        "the cache did not reuse the answer"
    );

    let buyer = api_key(&db, Role::Buyer, None).await;
    for token in ["ts_customs_unknown", buyer.as_str()] {
        let rejected = verifier(&url, token, Duration::ZERO);

        let refused = rejected.verify(&attestation, &expected).await;
        let error = refused.expect_err("a rejected key got a verdict");
        assert!(error.credentials_rejected, "{error}");

        let probe = rejected.check_access().await;
        assert!(probe.is_err_and(|error| error.credentials_rejected));
    }
    assert_eq!(uncached.check_access().await, Ok(()));
}
on_both_backends!(http_verifier_asks_registry, over_http);

/// Starts a server that accepts connections and sends `reply` (nothing when `None`) to each;
/// returns its base URL.
async fn fake_registry(reply: Option<String>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let reply = reply.clone();
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                let _ = socket.read(&mut buffer).await;
                match reply {
                    Some(reply) => {
                        let _ = socket.write_all(reply.as_bytes()).await;
                    }
                    None => tokio::time::sleep(Duration::from_secs(30)).await,
                }
            });
        }
    });
    url
}

#[tokio::test]
async fn failing_registry_gives_no_verdict() {
    let key = SigningKeyPair::generate();
    let document = certificate(1, "X/1");
    let attestation = attest(&key, "iss_x", &document, Utc::now());
    let expected = ExpectedDocument::digest(document.digest);

    let valid_body = r#"{"verdict":"valid","detail":"looks fine"}"#;
    let replies = [
        ("silent", None),
        (
            "server error",
            Some("HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\n\r\n".to_owned()),
        ),
        (
            "valid verdict with status 503",
            Some(format!(
                "HTTP/1.1 503 Service Unavailable\r\ncontent-length: {}\r\n\r\n{valid_body}",
                valid_body.len()
            )),
        ),
        (
            "not a verification",
            Some("HTTP/1.1 200 OK\r\ncontent-length: 11\r\n\r\n{\"ok\":true}".to_owned()),
        ),
    ];
    for (label, reply) in replies {
        let url = fake_registry(reply).await;
        let started = Instant::now();
        let answer = verifier(&url, "ts_customs_x", Duration::from_secs(60))
            .verify(&attestation, &expected)
            .await;
        assert!(answer.is_err(), "{label}: {answer:?}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{label}: no timeout"
        );
    }

    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let answer = verifier(&closed, "ts_customs_x", Duration::ZERO)
        .verify(&attestation, &expected)
        .await;
    assert!(answer.unwrap_err().reason.contains("could not connect"));
}
