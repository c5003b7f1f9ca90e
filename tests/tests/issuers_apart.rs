//! The notary and the issuer registry as two processes on one PostgreSQL database, over real
//! sockets: an issuer signs a sample certificate offline, the platform registers it with the
//! attestation, a customs look-up shows the issuer and `valid`, the issuer revokes it, and with the
//! registry stopped an attested upload gets 503 while look-ups keep working.

use std::os::unix::fs::PermissionsExt;

use e2e::Server;
use serde_json::{Value, json};

const NUMBER: &str = "KCCI/CO/2025/018427";

#[tokio::test]
async fn notary_verifies_through_separate_registry() {
    let Some(database) = test_db::TestDb::postgres().await else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let env_for = |data: &str| {
        let folder = work.path().join(data);
        vec![
            (
                "TRADESEAL_DATA_DIR".to_owned(),
                folder.display().to_string(),
            ),
            ("TRADESEAL_DATABASE_URL".to_owned(), database.url.clone()),
        ]
    };
    let client = reqwest::Client::new();

    let registry = Server::start(&["issuers"], &env_for("registry")).await;
    let admin = registry.api_key("admin", "operator");
    let notary_key = registry.api_key("customs", "notary");
    let platform = registry.api_key("platform", "trade-platform");
    let customs = registry.api_key("customs", "customs-baku");

    let mut notary_env = env_for("notary");
    notary_env.push(("TRADESEAL_ISSUERS_URL".to_owned(), registry.url.clone()));
    notary_env.push(("TRADESEAL_ISSUERS_API_KEY".to_owned(), notary_key));
    let notary = Server::start(&["notary"], &notary_env).await;

    // The registry serves no documents and the notary no issuers.
    let status = client
        .get(format!("{}/v1/issuers", notary.url))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 404);

    let issuer: Value = client
        .post(format!("{}/v1/issuers", registry.url))
        .bearer_auth(&admin)
        .json(&json!({
            "name": "Karachi Chamber of Commerce and Industry",
            "country": "PK",
            "kind": "chamber",
            "registrationNumber": "KCCI-1959-001",
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let issuer_id = issuer["id"].as_str().unwrap().to_owned();

    // The issuer's offline work: a key, a sample certificate and an attestation.
    let path = |name: &str| work.path().join(name).display().to_string();
    let public_jwk = registry.cli(&["keys", "generate", "--out", &path("issuer.jwk")]);
    let public_jwk: Value = serde_json::from_str(public_jwk.trim()).unwrap();
    let mode = std::fs::metadata(path("issuer.jwk"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o777,
        0o600,
        "the private key file is readable by others"
    );
    assert!(
        public_jwk.get("d").is_none(),
        "the public JWK carries the private key"
    );

    let response = client
        .post(format!("{}/v1/issuers/{issuer_id}/keys", registry.url))
        .bearer_auth(&admin)
        .json(&json!({"jwk": public_jwk}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);

    registry.cli(&["samples", "--out", &path("samples")]);
    let certificate = path("samples/certificate-of-origin.pdf");
    registry.cli(&[
        "sign",
        &certificate,
        "--key",
        &path("issuer.jwk"),
        "--issuer",
        &issuer_id,
        "--kind",
        "certificate_of_origin",
        "--number",
        NUMBER,
        "--out",
        &path("attestation.json"),
    ]);
    let jwks_url = format!("{}/v1/issuers/{issuer_id}/jwks.json", registry.url);
    let verified = registry.cli(&[
        "verify",
        &certificate,
        "--attestation",
        &path("attestation.json"),
        "--jwks",
        &jwks_url,
    ]);
    assert!(verified.starts_with("valid:"), "{verified}");

    // The platform registers the certificate with the attestation at the notary.
    let pdf = std::fs::read(&certificate).unwrap();
    let attestation = std::fs::read_to_string(path("attestation.json")).unwrap();
    let record = upload(&client, &notary.url, &platform, &pdf, Some(&attestation)).await;
    assert_eq!(record.0, 201, "{}", record.1);
    let digest = record.1["digest"].as_str().unwrap().to_owned();
    assert_eq!(record.1["receipt"]["payload"]["issuer"]["verdict"], "valid");

    let found: Value = get_json(
        &client,
        &format!("{}/v1/documents/{digest}", notary.url),
        &customs,
    )
    .await;
    assert_eq!(found["status"], "registered");
    assert_eq!(
        found["issuer"]["name"],
        "Karachi Chamber of Commerce and Industry"
    );
    assert_eq!(found["issuer"]["country"], "PK");
    assert_eq!(found["issuer"]["kind"], "chamber");
    assert_eq!(found["issuer"]["verdict"], "valid");

    // A tampered copy is unknown to the notary and fails the offline check.
    let mut tampered = pdf.clone();
    let last = tampered.len() - 10;
    tampered[last] ^= 1;
    std::fs::write(path("tampered.pdf"), &tampered).unwrap();
    let tampered_digest = registry.cli(&["digest", &path("tampered.pdf")]);
    let response = client
        .get(format!(
            "{}/v1/documents/{}",
            notary.url,
            tampered_digest.trim()
        ))
        .bearer_auth(&customs)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let output = registry.run_cli(&[
        "verify",
        &path("tampered.pdf"),
        "--attestation",
        &path("attestation.json"),
        "--jwks",
        &jwks_url,
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("digest_mismatch:"));

    // The issuer withdraws the certificate with a key bound to it.
    let issuer_key = registry
        .cli(&[
            "api-keys", "create", "--role", "issuer", "--issuer", &issuer_id, "--name", "kcci",
        ])
        .lines()
        .last()
        .unwrap()
        .trim()
        .to_owned();
    let response = client
        .post(format!("{}/v1/documents/{digest}/revocation", notary.url))
        .bearer_auth(&issuer_key)
        .json(&json!({"reason": "issued in error"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let found: Value = get_json(
        &client,
        &format!("{}/v1/documents/{digest}", notary.url),
        &customs,
    )
    .await;
    assert_eq!(found["status"], "revoked");
    assert_eq!(found["revocationReason"], "issued in error");

    // With the registry gone, an attested upload gets 503 and look-ups still work.
    drop(registry);
    let invoice = std::fs::read(path("samples/commercial-invoice.pdf")).unwrap();
    let (status, problem) = upload(
        &client,
        &notary.url,
        &platform,
        &invoice,
        Some(&attestation),
    )
    .await;
    assert_eq!(status, 503, "{problem}");
    assert_eq!(problem["type"], "urn:tradeseal:problem:issuer-unavailable");
    let found: Value = get_json(
        &client,
        &format!("{}/v1/documents/{digest}", notary.url),
        &customs,
    )
    .await;
    assert_eq!(found["status"], "revoked");
}

async fn upload(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    pdf: &[u8],
    attestation: Option<&str>,
) -> (u16, Value) {
    let mut form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(pdf.to_vec()).file_name("co.pdf"),
        )
        .text("kind", "certificate_of_origin")
        .text("number", NUMBER);
    if let Some(attestation) = attestation {
        form = form.text("attestation", attestation.to_owned());
    }
    let response = client
        .post(format!("{url}/v1/documents"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn get_json(client: &reqwest::Client, url: &str, token: &str) -> Value {
    client
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}
