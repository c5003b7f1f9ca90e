//! Who may call the notary, and the look-ups: by digest in every accepted spelling, in
//! batches of up to 1,000, and by kind and number.

mod common;

use domain::Role;
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use common::http::{self, Reply};
use common::{TestApp, on_both_backends, pdf};

on_both_backends!(auth, auth_case);
on_both_backends!(lookup_digest, lookup_digest_case);
on_both_backends!(lookup_batch, lookup_batch_case);
on_both_backends!(lookup_number, lookup_number_case);

/// Registers a fresh PDF tagged `tag` as a certificate of origin and returns its record.
#[tokio::test]
async fn unknown_routes_and_methods_get_problems() {
    let database = test_db::TestDb::sqlite().await;
    let app = TestApp::new(database.db.clone());

    let reply = http::send(&app.router, http::get("/v1/nothing-here", None)).await;
    reply.assert_problem(404, "no-such-route", None, "unknown path");

    let delete = http::request(axum::http::Method::DELETE, "/v1/documents", None)
        .body(axum::body::Body::empty())
        .unwrap();
    let reply = http::send(&app.router, delete).await;
    reply.assert_problem(405, "method-not-allowed", None, "DELETE on /v1/documents");
}

async fn register(app: &TestApp, key: &str, tag: &str, number: &str) -> Value {
    let bytes = pdf::document(tag, 0);
    let form = http::upload_form("certificate_of_origin", number, &bytes);
    let reply = http::send(&app.router, http::register_form(Some(key), form)).await;
    reply.assert_status(201, tag);
    reply.json()
}

async fn get(app: &TestApp, uri: &str, key: Option<&str>) -> Reply {
    http::send(&app.router, http::get(uri, key)).await
}

async fn auth_case(db: DatabaseConnection) {
    let app = TestApp::new(db);
    let platform = app.key(Role::Platform, "platform-a").await;
    let record = register(&app, &platform, "auth", "CO-1").await;
    let uri = format!("/v1/documents/{}", record["digest"].as_str().unwrap_or(""));
    let bytes = pdf::document("auth-second", 0);
    let upload = |key: Option<&str>| {
        http::register_form(
            key,
            http::upload_form("commercial_invoice", "INV-1", &bytes),
        )
    };

    let reply = http::send(&app.router, upload(None)).await;
    reply.assert_problem(401, "unauthorized", None, "register without a key");
    get(&app, &uri, None)
        .await
        .assert_problem(401, "unauthorized", None, "look-up without a key");

    let unknown = "ts_platform_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let reply = http::send(&app.router, upload(Some(unknown))).await;
    reply.assert_problem(401, "unauthorized", None, "register with an unknown key");

    let revoked = storage::api_keys::create(&app.db, Role::Platform, "revoked", None)
        .await
        .expect("failed to create the key to revoke");
    let was_live = storage::api_keys::revoke(&app.db, &revoked.record.id, chrono::Utc::now())
        .await
        .expect("failed to revoke the key");
    assert!(was_live, "the key was live before revocation");
    let reply = http::send(&app.router, upload(Some(&revoked.token))).await;
    reply.assert_problem(401, "unauthorized", None, "register with a revoked key");

    let customs = app.key(Role::Customs, "customs-baku").await;
    let reply = http::send(&app.router, upload(Some(&customs))).await;
    reply.assert_problem(403, "forbidden", None, "customs registers");
    let buyer = app.key(Role::Buyer, "buyer-lahore").await;
    get(&app, &uri, Some(&buyer))
        .await
        .assert_problem(403, "forbidden", None, "buyer looks up");
    assert_eq!(
        app.stored().await,
        (1, 1),
        "rejected callers stored nothing"
    );

    let admin = app.key(Role::Admin, "operator").await;
    for (role, key) in [
        ("platform", &platform),
        ("customs", &customs),
        ("admin", &admin),
    ] {
        let reply = get(&app, &uri, Some(key)).await;
        reply.assert_status(200, &format!("{role} looks up"));
        assert_eq!(reply.json()["digest"], record["digest"]);
    }
    let reply = http::send(&app.router, upload(Some(&admin))).await;
    reply.assert_status(201, "admin registers");
}

async fn lookup_digest_case(db: DatabaseConnection) {
    let app = TestApp::new(db);
    let platform = app.key(Role::Platform, "platform-a").await;
    let customs = app.key(Role::Customs, "customs-baku").await;
    let record = register(&app, &platform, "digest-forms", "CO-1").await;
    let digest = record["digest"]
        .as_str()
        .expect("digest is a string")
        .to_owned();
    let bare = digest.trim_start_matches("sha256:").to_owned();

    for form in [digest.clone(), bare.clone(), bare.to_uppercase()] {
        let reply = get(&app, &format!("/v1/documents/{form}"), Some(&customs)).await;
        reply.assert_status(200, &format!("look-up by {form}"));
        let found = reply.json();
        assert_eq!(
            found["digest"],
            digest.as_str(),
            "canonical digest for {form}"
        );
        assert_eq!(
            found["receipt"], record["receipt"],
            "same receipt for {form}"
        );
        assert_eq!(found["status"], "registered");
    }

    for malformed in ["sha256:abc", "md5:0123", "zz", &format!("{}g", &bare[..63])] {
        let reply = get(&app, &format!("/v1/documents/{malformed}"), Some(&customs)).await;
        reply.assert_problem(
            400,
            "invalid-digest",
            None,
            &format!("malformed {malformed}"),
        );
    }

    let unknown = common::digest_of(b"never registered");
    let reply = get(&app, &format!("/v1/documents/{unknown}"), Some(&customs)).await;
    reply.assert_problem(404, "not-registered", None, "unknown digest");
}

async fn lookup_batch_case(db: DatabaseConnection) {
    let app = TestApp::new(db);
    let platform = app.key(Role::Platform, "platform-a").await;
    let customs = app.key(Role::Customs, "customs-baku").await;
    let mut registered = Vec::new();
    for (tag, number) in [
        ("batch-a", "CO-A"),
        ("batch-b", "CO-B"),
        ("batch-c", "CO-C"),
    ] {
        let record = register(&app, &platform, tag, number).await;
        registered.push(record["digest"].as_str().expect("digest").to_owned());
    }

    // 1,000 digests: the registered ones at known positions, in mixed spellings, the rest
    // unknown.
    let positions = [0_usize, 500, 999];
    let mut digests: Vec<String> = (0..1000)
        .map(|i| common::digest_of(format!("unknown {i}").as_bytes()))
        .collect();
    digests[positions[0]] = registered[0].clone();
    digests[positions[1]] = registered[1].trim_start_matches("sha256:").to_owned();
    digests[positions[2]] = registered[2].to_uppercase().replace("SHA256:", "sha256:");

    let reply = batch(&app, &customs, &digests).await;
    reply.assert_status(200, "batch of 1,000");
    let results = reply.json()["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(results.len(), 1000, "one result per digest");
    for (i, result) in results.iter().enumerate() {
        match positions.iter().position(|&p| p == i) {
            Some(k) => {
                assert_eq!(
                    result["digest"],
                    registered[k].as_str(),
                    "result {i} digest"
                );
                assert_eq!(result["status"], "registered", "result {i} status");
                assert_eq!(result["document"]["digest"], registered[k].as_str());
            }
            None => {
                let expected = common::digest_of(format!("unknown {i}").as_bytes());
                assert_eq!(
                    result["digest"],
                    expected.as_str(),
                    "result {i} keeps order"
                );
                assert_eq!(result["status"], "unknown", "result {i} status");
                assert!(
                    result.get("document").is_none(),
                    "result {i} has no document"
                );
            }
        }
    }

    let mut too_many = digests.clone();
    too_many.push(registered[0].clone());
    let reply = batch(&app, &customs, &too_many).await;
    reply.assert_problem(400, "invalid-field", Some("digests"), "1,001 digests");

    let mut malformed = registered.clone();
    malformed.insert(2, "sha256:not-hex".to_owned());
    let reply = batch(&app, &customs, &malformed).await;
    reply.assert_problem(400, "invalid-field", Some("digests[2]"), "malformed entry");

    let reply = batch(&app, &customs, &[]).await;
    reply.assert_status(200, "empty batch");
    assert_eq!(reply.json()["results"], json!([]));

    let buyer = app.key(Role::Buyer, "buyer-lahore").await;
    batch(&app, &buyer, &registered).await.assert_problem(
        403,
        "forbidden",
        None,
        "buyer batch look-up",
    );
}

async fn batch(app: &TestApp, key: &str, digests: &[String]) -> Reply {
    let body = json!({ "digests": digests });
    let request = http::post_json("/v1/documents/lookup", Some(key), &body);
    http::send(&app.router, request).await
}

async fn lookup_number_case(db: DatabaseConnection) {
    let app = TestApp::new(db);
    let platform = app.key(Role::Platform, "platform-a").await;
    let other_platform = app.key(Role::Platform, "platform-b").await;
    let customs = app.key(Role::Customs, "customs-baku").await;
    let first = register(&app, &platform, "number-a", "KCCI/2026/9").await;
    let second = register(&app, &other_platform, "number-b", "KCCI/2026/9").await;
    register(&app, &platform, "number-c", "KCCI/2026/10").await;

    let uri = "/v1/documents?kind=certificate_of_origin&number=KCCI%2F2026%2F9";
    let reply = get(&app, uri, Some(&customs)).await;
    reply.assert_status(200, "look-up by number");
    let items = reply.json()["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(items.len(), 2, "both registrants' documents: {items:?}");
    assert_eq!(items[0]["digest"], first["digest"], "oldest first");
    assert_eq!(items[0]["registrant"], "platform-a");
    assert_eq!(items[1]["digest"], second["digest"]);
    assert_eq!(items[1]["receipt"], second["receipt"]);

    let uri = "/v1/documents?kind=commercial_invoice&number=KCCI%2F2026%2F9";
    let reply = get(&app, uri, Some(&customs)).await;
    reply.assert_status(200, "other kind");
    assert_eq!(reply.json()["items"], json!([]));

    let uri = "/v1/documents?number=KCCI%2F2026%2F9";
    get(&app, uri, Some(&customs)).await.assert_problem(
        400,
        "missing-field",
        Some("kind"),
        "missing kind",
    );
    let uri = "/v1/documents?kind=certificate_of_origin";
    get(&app, uri, Some(&customs)).await.assert_problem(
        400,
        "missing-field",
        Some("number"),
        "missing number",
    );
    let uri = "/v1/documents?kind=visa&number=1";
    get(&app, uri, Some(&customs)).await.assert_problem(
        400,
        "invalid-field",
        Some("kind"),
        "bad kind",
    );
}
