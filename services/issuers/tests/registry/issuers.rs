//! Registering, reading and listing issuers, input validation and the role table.

use axum::http::{Method, StatusCode};
use crypto::SigningKeyPair;
use domain::Role;
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use crate::common::{TestApp, api_key, assert_problem, days, on_both_backends};

fn karachi() -> Value {
    json!({
        "name": "Karachi Chamber of Commerce and Industry",
        "country": "PK",
        "kind": "chamber",
        "registrationNumber": "KCCI-1959-001",
    })
}

async fn create_and_get(db: DatabaseConnection) {
    let app = TestApp::new(db).await;

    let (status, headers, created) = app
        .send(
            Method::POST,
            "/v1/issuers",
            Some(&app.admin),
            Some(karachi()),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap();
    assert!(id.starts_with("iss_"), "{id}");
    assert_eq!(headers["location"], format!("/v1/issuers/{id}"));
    assert_eq!(created["country"], "PK");
    assert_eq!(created["kind"], "chamber");
    assert_eq!(created["registrationNumber"], "KCCI-1959-001");

    for token in [&app.admin, &app.platform, &app.customs, &app.buyer] {
        let (status, fetched) = app.get(&format!("/v1/issuers/{id}"), Some(token)).await;
        assert_eq!(status, StatusCode::OK, "{fetched}");
        assert_eq!(fetched["name"], "Karachi Chamber of Commerce and Industry");
        assert_eq!(fetched["keys"], json!([]));
    }

    let (status, problem) = app.get("/v1/issuers/iss_missing", Some(&app.admin)).await;
    assert_problem(status, &problem, 404, "issuer-not-found", None);
}
on_both_backends!(create_and_get_issuer, create_and_get);

async fn lower_case_country(db: DatabaseConnection) {
    let app = TestApp::new(db).await;
    let mut body = karachi();
    body["country"] = json!("az");
    body["kind"] = json!("authority");

    let (status, created) = app.post("/v1/issuers", &app.admin, body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["country"], "AZ");
}
on_both_backends!(country_is_stored_upper_case, lower_case_country);

async fn duplicate_registration(db: DatabaseConnection) {
    let app = TestApp::new(db).await;
    let (status, first) = app.post("/v1/issuers", &app.admin, karachi()).await;
    assert_eq!(status, StatusCode::CREATED);

    let (status, problem) = app.post("/v1/issuers", &app.admin, karachi()).await;
    assert_problem(
        status,
        &problem,
        409,
        "issuer-exists",
        Some("registrationNumber"),
    );
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains(first["id"].as_str().unwrap())
    );
    assert_eq!(app.count("issuers").await, 1);

    // The same number as an exporter in the same country is another register.
    let mut exporter = karachi();
    exporter["kind"] = json!("exporter");
    let (status, _) = app.post("/v1/issuers", &app.admin, exporter).await;
    assert_eq!(status, StatusCode::CREATED);
}
on_both_backends!(duplicate_registration_conflicts, duplicate_registration);

async fn invalid_bodies(db: DatabaseConnection) {
    let app = TestApp::new(db).await;
    let with = |member: &str, value: Value| {
        let mut body = karachi();
        body[member] = value;
        body
    };
    let without = |member: &str| {
        let mut body = karachi();
        body.as_object_mut().unwrap().remove(member);
        body
    };

    let cases = [
        (
            with("country", json!("XX")),
            400,
            "invalid-field",
            "country",
        ),
        (
            with("country", json!("UK")),
            400,
            "invalid-field",
            "country",
        ),
        (
            with("country", json!("PAK")),
            400,
            "invalid-field",
            "country",
        ),
        (with("country", json!(586)), 400, "invalid-field", "country"),
        (with("kind", json!("bank")), 400, "invalid-field", "kind"),
        (with("name", json!("")), 400, "invalid-field", "name"),
        (
            with("name", json!("x".repeat(201))),
            400,
            "invalid-field",
            "name",
        ),
        (
            with("name", json!("Line\nbreak")),
            400,
            "invalid-field",
            "name",
        ),
        (
            with("registrationNumber", json!("   ")),
            400,
            "invalid-field",
            "registrationNumber",
        ),
        (
            with("website", json!("https://example.org")),
            400,
            "invalid-field",
            "website",
        ),
        (without("name"), 400, "missing-field", "name"),
        (without("country"), 400, "missing-field", "country"),
        (without("kind"), 400, "missing-field", "kind"),
        (
            without("registrationNumber"),
            400,
            "missing-field",
            "registrationNumber",
        ),
        (with("kind", Value::Null), 400, "missing-field", "kind"),
    ];
    for (body, status_code, slug, field) in cases {
        let (status, problem) = app.post("/v1/issuers", &app.admin, body.clone()).await;
        assert_problem(status, &problem, status_code, slug, Some(field));
    }

    let (status, problem) = app.post("/v1/issuers", &app.admin, json!([1, 2])).await;
    assert_problem(status, &problem, 400, "invalid-body", None);
    assert_eq!(
        app.count("issuers").await,
        0,
        "a rejected request stored a row"
    );
}
on_both_backends!(invalid_issuer_bodies_rejected, invalid_bodies);

async fn pagination(db: DatabaseConnection) {
    let app = TestApp::new(db).await;
    let mut pakistani = Vec::new();
    for name in ["Lahore Chamber", "Karachi Chamber", "Sialkot Chamber"] {
        pakistani.push(app.issuer(name, "PK", "chamber").await);
    }
    app.issuer("Baku Customs", "AZ", "authority").await;
    pakistani.push(app.issuer("Faisalabad Textiles", "PK", "exporter").await);

    let mut seen = Vec::new();
    let mut path = "/v1/issuers?country=PK&limit=2".to_owned();
    loop {
        let (status, page) = app.get(&path, Some(&app.buyer)).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 2, "{page}");
        seen.extend(
            items
                .iter()
                .map(|item| item["id"].as_str().unwrap().to_owned()),
        );
        match page["nextCursor"].as_str() {
            Some(cursor) => path = format!("/v1/issuers?country=PK&limit=2&cursor={cursor}"),
            None => break,
        }
    }
    let mut expected = pakistani.clone();
    expected.sort();
    assert_eq!(seen, expected, "pages skip, repeat or reorder issuers");

    let (_, chambers) = app
        .get("/v1/issuers?country=pk&kind=chamber", Some(&app.customs))
        .await;
    assert_eq!(chambers["items"].as_array().unwrap().len(), 3, "{chambers}");
    assert_eq!(chambers["nextCursor"], Value::Null);

    let (_, all) = app.get("/v1/issuers", Some(&app.customs)).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 5, "{all}");
}
on_both_backends!(list_pages_in_stable_order, pagination);

async fn invalid_list_queries(db: DatabaseConnection) {
    let app = TestApp::new(db).await;
    let cases = [
        ("country=XX", "country"),
        ("kind=bank", "kind"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=ten", "limit"),
        ("cursor=%21%21", "cursor"),
    ];
    for (query, field) in cases {
        let (status, problem) = app
            .get(&format!("/v1/issuers?{query}"), Some(&app.admin))
            .await;
        assert_problem(status, &problem, 400, "invalid-field", Some(field));
    }
}
on_both_backends!(invalid_list_queries_rejected, invalid_list_queries);

async fn role_table(db: DatabaseConnection) {
    let app = TestApp::new(db.clone()).await;
    let issuer = app.issuer("Lahore Chamber", "PK", "chamber").await;
    let issuer_key = api_key(&db, Role::Issuer, Some(&issuer)).await;
    let key = SigningKeyPair::generate();
    app.add_key(&issuer, &key, days(-1), None).await;
    let kid = key.kid();

    let create = ("/v1/issuers", karachi());
    let add_key = (
        format!("/v1/issuers/{issuer}/keys"),
        json!({"x": SigningKeyPair::generate().public_key().x()}),
    );
    let revoke = (
        format!("/v1/issuers/{issuer}/keys/{kid}/revocation"),
        json!({"reason": "retired"}),
    );
    let verify = ("/v1/attestations/verify", json!({"attestation": {}}));

    for token in [&app.platform, &app.customs, &app.buyer, &issuer_key] {
        let (status, problem) = app.post(create.0, token, create.1.clone()).await;
        assert_problem(status, &problem, 403, "forbidden", None);
    }
    for token in [&app.platform, &app.customs, &app.buyer] {
        let (status, problem) = app.post(&add_key.0, token, add_key.1.clone()).await;
        assert_problem(status, &problem, 403, "forbidden", None);
        let (status, problem) = app.post(&revoke.0, token, revoke.1.clone()).await;
        assert_problem(status, &problem, 403, "forbidden", None);
    }
    let (status, problem) = app.post(verify.0, &app.buyer, verify.1.clone()).await;
    assert_problem(status, &problem, 403, "forbidden", None);
    for token in [&app.platform, &app.customs, &app.admin, &issuer_key] {
        let (status, answer) = app.post(verify.0, token, verify.1.clone()).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["verdict"], "malformed");
    }

    let paths = [
        (Method::POST, create.0.to_owned()),
        (Method::GET, "/v1/issuers".to_owned()),
        (Method::GET, format!("/v1/issuers/{issuer}")),
        (Method::POST, add_key.0.clone()),
        (Method::POST, revoke.0.clone()),
        (Method::POST, verify.0.to_owned()),
    ];
    for (method, path) in paths {
        let body = (method == Method::POST).then(|| json!({}));
        let (status, _, problem) = app.send(method, &path, None, body).await;
        assert_problem(status, &problem, 401, "unauthorized", None);
    }

    let (status, jwks) = app
        .get(&format!("/v1/issuers/{issuer}/jwks.json"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "the key set must be public: {jwks}");
    assert_eq!(
        app.count("issuers").await,
        1,
        "a forbidden request stored an issuer"
    );
    assert_eq!(
        app.count("issuer_keys").await,
        1,
        "a forbidden request stored a key"
    );
}
on_both_backends!(roles_follow_the_table, role_table);

#[test]
fn openapi_lists_every_route() {
    let (_, api) = utoipa_axum::router::OpenApiRouter::<()>::new()
        .merge(issuers_router_for_docs())
        .split_for_parts();
    let paths: Vec<&String> = api.paths.paths.keys().collect();
    for path in [
        "/v1/issuers",
        "/v1/issuers/{id}",
        "/v1/issuers/{id}/keys",
        "/v1/issuers/{id}/keys/{kid}/revocation",
        "/v1/issuers/{id}/jwks.json",
        "/v1/attestations/verify",
    ] {
        assert!(
            paths.iter().any(|found| *found == path),
            "{path} missing from {paths:?}"
        );
    }
}

/// The router over a connection that is never opened, which is enough to read its OpenAPI
/// description.
fn issuers_router_for_docs() -> utoipa_axum::router::OpenApiRouter {
    let db = sea_orm::DatabaseConnection::default();
    let auth = std::sync::Arc::new(storage::api_keys::DbAuthenticator::new(db.clone()));
    issuers::router(issuers::IssuersState::new(db, auth))
}
