//! The committed OpenAPI document under `openapi/` must match what the code generates.
//! Run `make openapi` (or this test with `UPDATE_OPENAPI=1`) to rewrite it after an API change.

use std::path::PathBuf;

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../openapi/tradeseal.json")
}

#[tokio::test]
async fn openapi_document_is_current() {
    let generated = tradeseal::commands::openapi_document()
        .await
        .expect("failed to generate the OpenAPI document");
    let path = committed_path();

    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).expect("failed to write the OpenAPI document");
        return;
    }

    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let first_difference = committed
            .lines()
            .zip(generated.lines())
            .position(|(old, new)| old != new)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()));
        panic!(
            "openapi/tradeseal.json is stale (first difference at line {}); run `make openapi` \
             and commit the result.\ncommitted: {:?}\ngenerated: {:?}",
            first_difference + 1,
            committed.lines().nth(first_difference),
            generated.lines().nth(first_difference),
        );
    }
}

#[tokio::test]
async fn openapi_document_lists_every_path() {
    let generated = tradeseal::commands::openapi_document().await.unwrap();
    let value: serde_json::Value = serde_json::from_str(&generated).unwrap();
    let paths = value["paths"].as_object().unwrap();

    let expected = [
        "/v1/documents",
        "/v1/documents/{digest}",
        "/v1/documents/lookup",
        "/v1/documents/{digest}/revocation",
        "/v1/issuers",
        "/v1/issuers/{id}",
        "/v1/issuers/{id}/keys",
        "/v1/issuers/{id}/keys/{kid}/revocation",
        "/v1/issuers/{id}/jwks.json",
        "/v1/attestations/verify",
        "/.well-known/jwks.json",
        "/healthz",
        "/readyz",
    ];
    for path in expected {
        assert!(paths.contains_key(path), "missing {path}");
    }
    assert!(value["components"]["securitySchemes"]["bearer"].is_object());
}
