//! `POST`, `PUT` and `GET /v1/companies`.

use axum::http::StatusCode;
use serde_json::{Value, json};
use test_db::TestDb;

use crate::on_both_databases;
use crate::support::App;
use crate::support::events::deal;

on_both_databases!(register_repeat_and_conflict);
on_both_databases!(register_rejects_invalid_fields);
on_both_databases!(put_creates_and_replaces);
on_both_databases!(verification_change_bumps_counterparties);
on_both_databases!(unknown_company_is_not_found);

fn acme() -> Value {
    json!({
        "id": "acme-1",
        "name": "Acme Textiles",
        "country": "pk",
        "registrationNumber": "0012345",
        "verified": true,
    })
}

async fn register_repeat_and_conflict(db: TestDb) {
    let app = App::new(db).await;
    let token = app.keys.platform.clone();

    let (status, created) = app.post("/v1/companies", &token, &acme()).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["country"], "PK");
    assert_eq!(created["verified"], true);

    let (status, repeated) = app.post("/v1/companies", &token, &acme()).await;
    assert_eq!(status, StatusCode::OK, "{repeated}");
    assert_eq!(repeated, created);

    let mut renamed = acme();
    renamed["name"] = json!("Acme Textiles Ltd");
    let (status, problem) = app.post("/v1/companies", &token, &renamed).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(problem["type"], "urn:tradeseal:problem:company-conflict");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("PUT /v1/companies/acme-1")
    );

    let (status, stored) = app.get("/v1/companies/acme-1", &app.keys.buyer).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stored, created);
}

async fn register_rejects_invalid_fields(db: TestDb) {
    let app = App::new(db).await;
    let token = app.keys.platform.clone();
    let cases = [
        ("id", json!("has space"), StatusCode::BAD_REQUEST),
        ("id", json!(""), StatusCode::BAD_REQUEST),
        ("id", json!("x".repeat(129)), StatusCode::BAD_REQUEST),
        ("id", json!("."), StatusCode::BAD_REQUEST),
        ("id", json!(".."), StatusCode::BAD_REQUEST),
        ("id", json!("acme\u{0}1"), StatusCode::BAD_REQUEST),
        ("name", json!("Acme\u{0} Textiles"), StatusCode::BAD_REQUEST),
        (
            "registrationNumber",
            json!("001\u{0}2"),
            StatusCode::BAD_REQUEST,
        ),
        ("country", json!("XX"), StatusCode::BAD_REQUEST),
        ("country", json!("PAK"), StatusCode::BAD_REQUEST),
        ("name", json!("   "), StatusCode::BAD_REQUEST),
        (
            "registrationNumber",
            json!("x".repeat(65)),
            StatusCode::BAD_REQUEST,
        ),
        ("verified", json!("yes"), StatusCode::UNPROCESSABLE_ENTITY),
        ("extra", json!(1), StatusCode::UNPROCESSABLE_ENTITY),
    ];

    for (field, value, expected) in cases {
        let mut body = acme();
        body[field] = value.clone();
        let (status, problem) = app.post("/v1/companies", &token, &body).await;
        assert_eq!(status, expected, "{field} = {value}: {problem}");
        if expected == StatusCode::BAD_REQUEST {
            assert_eq!(problem["field"], field, "{problem}");
        }
    }

    let (status, _) = app.get("/v1/companies/acme-1", &token).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a rejected request stored nothing"
    );
}

async fn put_creates_and_replaces(db: TestDb) {
    let app = App::new(db).await;
    let token = app.keys.admin.clone();
    let data = json!({
        "name": "Baku Trading",
        "country": "AZ",
        "registrationNumber": "AZ-77",
        "verified": false,
    });

    let (status, created) = app.put("/v1/companies/baku-7", &token, &data).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");

    let (status, same) = app.put("/v1/companies/baku-7", &token, &data).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(same, created);

    let mut changed = data.clone();
    changed["verified"] = json!(true);
    let (status, updated) = app.put("/v1/companies/baku-7", &token, &changed).await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["verified"], true);
    assert_eq!(updated["createdAt"], created["createdAt"]);

    let (_, stored) = app.get("/v1/companies/baku-7", &token).await;
    assert_eq!(stored, updated);
    let (status, problem) = app.put("/v1/companies/bad%20id", &token, &data).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
}

async fn verification_change_bumps_counterparties(db: TestDb) {
    let app = App::new(db).await;
    app.company("seller", true).await;
    app.company("buyer-a", false).await;
    app.company("buyer-b", true).await;
    app.record(&[
        deal("d1", "seller", "buyer-a", "9000.00", 1),
        deal("d2", "seller", "buyer-b", "9000.00", 2),
        deal("d3", "seller", "buyer-a", "9000.00", 3),
    ])
    .await;
    let before = app.trust("seller").await;
    let version = app.version("seller").await;

    let verified = json!({
        "name": "Company buyer-a",
        "country": "PK",
        "registrationNumber": "REG-buyer-a",
        "verified": true,
    });
    let (status, body) = app
        .put("/v1/companies/buyer-a", &app.keys.platform, &verified)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let after = app.trust("seller").await;

    assert!(app.version("seller").await > version);
    assert_eq!(after["source"], "database", "the cached view was outdated");
    assert_eq!(after["evidence"]["verifiedCounterparties"], 2);
    let (before_weight, after_weight) = (
        before["evidence"]["positiveWeight"].as_f64().unwrap(),
        after["evidence"]["positiveWeight"].as_f64().unwrap(),
    );
    assert!(
        after_weight > before_weight,
        "{before_weight} -> {after_weight}"
    );
}

async fn unknown_company_is_not_found(db: TestDb) {
    let app = App::new(db).await;
    let token = app.keys.buyer.clone();

    for path in [
        "/v1/companies/nobody",
        "/v1/companies/nobody/trust",
        "/v1/companies/nobody/trust/history",
    ] {
        let (status, problem) = app.get(path, &token).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {problem}");
        assert_eq!(
            problem["type"], "urn:tradeseal:problem:company-not-found",
            "{path}"
        );
    }
}
