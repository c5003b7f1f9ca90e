//! The real binary on PostgreSQL and Redis, over real sockets: register, look up, restart,
//! and check that receipts still verify with the same notary key.

use e2e::Server;

#[tokio::test]
async fn notary_survives_restart_on_postgres() {
    let Some(database) = test_db::TestDb::postgres().await else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let env = vec![
        (
            "TRADESEAL_DATA_DIR".to_owned(),
            data.path().display().to_string(),
        ),
        ("TRADESEAL_DATABASE_URL".to_owned(), database.url.clone()),
        (
            "TRADESEAL_REDIS_URL".to_owned(),
            "redis://127.0.0.1:6379".to_owned(),
        ),
    ];
    let pdf = sample_docs::render_certificate(&sample_docs::demo_certificate()).unwrap();
    let client = reqwest::Client::new();

    let server = Server::start(&["notary"], &env).await;
    let platform = server.api_key("platform", "trade-platform");
    let customs = server.api_key("customs", "customs-baku");

    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(pdf.clone()).file_name("co.pdf"),
        )
        .text("kind", "certificate_of_origin")
        .text("number", "KCCI/CO/2025/018427");
    let response = client
        .post(format!("{}/v1/documents", server.url))
        .bearer_auth(&platform)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let record: serde_json::Value = response.json().await.unwrap();
    let digest = record["digest"].as_str().unwrap().to_owned();
    assert_eq!(digest, format!("sha256:{}", hex(&crypto::sha256(&pdf))));

    let ready: serde_json::Value = client
        .get(format!("{}/readyz", server.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["database"]["backend"], "postgres");
    assert_eq!(ready["cache"]["backend"], "redis");
    drop(server);

    let server = Server::start(&["notary"], &env).await;
    let found: serde_json::Value = client
        .get(format!("{}/v1/documents/{digest}", server.url))
        .bearer_auth(&customs)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(found["status"], "registered");
    assert_eq!(found["receipt"], record["receipt"]);

    let jwks: crypto::JwkSet = client
        .get(format!("{}/.well-known/jwks.json", server.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let receipt: crypto::SignedStatement =
        serde_json::from_value(found["receipt"].clone()).unwrap();
    crypto::verify_statement_with_jwks(&receipt, &jwks, "tradeseal.notary-receipt/v1")
        .expect("receipt from before the restart verifies with the published key");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
