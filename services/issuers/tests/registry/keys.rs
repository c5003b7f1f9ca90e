//! Adding, publishing and revoking issuer keys; weak and malformed keys; issuer isolation.

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use crypto::{SigningKeyPair, b64u_encode};
use domain::Role;
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use crate::common::{TestApp, api_key, assert_problem, days, on_both_backends, rfc3339};
use crate::corpus;

fn time(json: &Value) -> DateTime<Utc> {
    json.as_str().unwrap().parse().unwrap()
}

async fn add_and_publish(db: DatabaseConnection) {
    let app = TestApp::new(db).await;
    let issuer = app.issuer("Karachi Chamber", "PK", "chamber").await;
    let path = format!("/v1/issuers/{issuer}/keys");
    let first = SigningKeyPair::generate();
    let second = SigningKeyPair::generate();

    let (status, added) = app
        .post(
            &path,
            &app.admin,
            json!({"jwk": first.public_key().to_jwk()}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added["kid"], first.kid());
    assert_eq!(added["jwk"]["x"], first.public_key().x());
    let valid_from = time(&added["validFrom"]);
    assert!(
        (Utc::now() - valid_from).num_seconds().abs() < 60,
        "{added}"
    );
    assert_eq!(
        valid_from.timestamp_subsec_nanos(),
        0,
        "times are whole seconds"
    );
    assert_eq!(added["validUntil"], Value::Null);

    let body = json!({
        "x": second.public_key().x(),
        "validFrom": "2026-01-01T00:00:00.750+05:00",
        "validUntil": "2027-01-01T00:00:00Z",
    });
    let (status, added) = app.post(&path, &app.admin, body).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added["kid"], second.kid());
    assert_eq!(added["validFrom"], "2025-12-31T19:00:00Z");

    let (status, jwks) = app
        .get(&format!("/v1/issuers/{issuer}/jwks.json"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{jwks}");
    assert_eq!(jwks["issuer"]["id"], issuer);
    assert_eq!(jwks["issuer"]["country"], "PK");
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2, "{jwks}");
    assert_eq!(keys[0]["kid"], second.kid(), "oldest validFrom first");
    assert_eq!(keys[0]["kty"], "OKP");
    assert_eq!(keys[0]["crv"], "Ed25519");
    assert_eq!(keys[0]["nbf"], 1_767_207_600);
    assert_eq!(keys[0]["exp"], 1_798_761_600);
    assert_eq!(keys[1]["kid"], first.kid());
    assert_eq!(keys[1]["nbf"], valid_from.timestamp());
    assert!(keys[1].get("exp").is_none(), "{jwks}");

    let parsed: issuers::attestation::IssuerJwkSet = serde_json::from_value(jwks).unwrap();
    assert_eq!(parsed.keys.len(), 2);
}
on_both_backends!(keys_added_and_published, add_and_publish);

async fn duplicates(db: DatabaseConnection) {
    let app = TestApp::new(db).await;
    let first = app.issuer("Lahore Chamber", "PK", "chamber").await;
    let second = app.issuer("Baku Chamber", "AZ", "chamber").await;
    let key = SigningKeyPair::generate();
    app.add_key(&first, &key, days(-1), None).await;

    for issuer in [&first, &second] {
        let (status, problem) = app
            .post(
                &format!("/v1/issuers/{issuer}/keys"),
                &app.admin,
                json!({"x": key.public_key().x()}),
            )
            .await;
        assert_problem(status, &problem, 409, "key-exists", Some("jwk"));
    }
    assert_eq!(app.count("issuer_keys").await, 1);

    let (status, problem) = app
        .post(
            "/v1/issuers/iss_unknown/keys",
            &app.admin,
            json!({"x": SigningKeyPair::generate().public_key().x()}),
        )
        .await;
    assert_problem(status, &problem, 404, "issuer-not-found", None);
}
on_both_backends!(duplicate_keys_conflict, duplicates);

/// Every small-order key of ed25519-speccheck is rejected through the API, as `x` and as a
/// JWK, with 422 and the reason.
async fn speccheck_weak_keys(db: DatabaseConnection) {
    let Some(cases) = corpus::speccheck_cases() else {
        return;
    };
    let app = TestApp::new(db).await;
    let issuer = app.issuer("Sialkot Chamber", "PK", "chamber").await;
    let path = format!("/v1/issuers/{issuer}/keys");

    let weak: Vec<_> = cases
        .iter()
        .filter(|case| case.a_order.starts_with("small"))
        .collect();
    assert!(!weak.is_empty(), "no small-order key in speccheck");
    for case in weak {
        let x = b64u_encode(&corpus::hex(&case.pub_key));
        let slug = if case.a_order == "small" {
            "weak-key"
        } else {
            "non-canonical-key"
        };
        let label = format!("case {} ({})", case.case, case.comment);

        let (status, problem) = app.post(&path, &app.admin, json!({"x": x})).await;
        assert_problem(status, &problem, 422, slug, Some("x"));
        let jwk = json!({"kty": "OKP", "crv": "Ed25519", "x": x});
        let (status, problem) = app.post(&path, &app.admin, json!({"jwk": jwk})).await;
        assert_problem(status, &problem, 422, slug, Some("jwk.x"));
        let detail = problem["detail"].as_str().unwrap();
        assert!(
            detail.contains("small order") || detail.contains("non-canonical"),
            "{label}: {detail}"
        );
    }
    assert_eq!(app.count("issuer_keys").await, 0, "a weak key was stored");
}
on_both_backends!(speccheck_weak_keys_rejected, speccheck_weak_keys);

async fn malformed_keys(db: DatabaseConnection) {
    let app = TestApp::new(db).await;
    let issuer = app.issuer("Multan Exporters", "PK", "exporter").await;
    let path = format!("/v1/issuers/{issuer}/keys");
    let good = SigningKeyPair::generate().public_key();
    let jwk = |member: &str, value: Value| {
        let mut jwk = serde_json::to_value(good.to_jwk()).unwrap();
        if value.is_null() {
            jwk.as_object_mut().unwrap().remove(member);
        } else {
            jwk[member] = value;
        }
        json!({"jwk": jwk})
    };
    // y = 2 has no x on the curve, so these bytes are not a point.
    let mut not_on_curve = [0u8; 32];
    not_on_curve[0] = 2;

    let cases = [
        (jwk("kty", Value::Null), 400, "missing-field", "jwk.kty"),
        (jwk("crv", Value::Null), 400, "missing-field", "jwk.crv"),
        (jwk("x", Value::Null), 400, "missing-field", "jwk.x"),
        (jwk("x", json!(12)), 400, "invalid-field", "jwk.x"),
        (jwk("kty", json!("EC")), 422, "unsupported-key", "jwk.kty"),
        (
            jwk("crv", json!("X25519")),
            422,
            "unsupported-key",
            "jwk.crv",
        ),
        (
            jwk("alg", json!("ES256")),
            422,
            "unsupported-key",
            "jwk.alg",
        ),
        (jwk("use", json!("enc")), 422, "unsupported-key", "jwk.use"),
        (
            jwk("x", json!(format!("{}=", good.x()))),
            400,
            "invalid-field",
            "jwk.x",
        ),
        (
            jwk("kid", json!("my-key-2026")),
            422,
            "kid-not-thumbprint",
            "jwk.kid",
        ),
        (
            jwk("d", json!(b64u_encode(&[7; 32]))),
            422,
            "private-key-sent",
            "jwk.d",
        ),
        (jwk("x5c", json!([])), 400, "invalid-field", "jwk.x5c"),
        (json!({"jwk": "OKP"}), 400, "invalid-field", "jwk"),
        (
            json!({"x": b64u_encode(&[9; 31])}),
            422,
            "invalid-key-length",
            "x",
        ),
        (
            json!({"x": b64u_encode(&not_on_curve)}),
            422,
            "invalid-key",
            "x",
        ),
        (
            json!({"x": good.x(), "jwk": good.to_jwk()}),
            400,
            "invalid-field",
            "x",
        ),
        (
            json!({"validFrom": "2026-01-01T00:00:00Z"}),
            400,
            "missing-field",
            "jwk",
        ),
        (
            json!({"x": good.x(), "validFrom": "yesterday"}),
            400,
            "invalid-field",
            "validFrom",
        ),
        (
            json!({"x": good.x(), "validFrom": "2026-02-01T00:00:00Z", "validUntil": "2026-01-01T00:00:00Z"}),
            400,
            "invalid-field",
            "validUntil",
        ),
        (
            json!({"x": good.x(), "comment": "new key"}),
            400,
            "invalid-field",
            "comment",
        ),
    ];
    for (body, status_code, slug, field) in cases {
        let (status, problem) = app.post(&path, &app.admin, body.clone()).await;
        assert_eq!(status.as_u16(), status_code, "{body} gave {problem}");
        assert_problem(status, &problem, status_code, slug, Some(field));
    }
    assert_eq!(
        app.count("issuer_keys").await,
        0,
        "a rejected key was stored"
    );
}
on_both_backends!(malformed_keys_rejected, malformed_keys);

async fn isolation(db: DatabaseConnection) {
    let app = TestApp::new(db.clone()).await;
    let first = app.issuer("Lahore Chamber", "PK", "chamber").await;
    let second = app.issuer("Baku Chamber", "AZ", "chamber").await;
    let first_api_key = api_key(&db, Role::Issuer, Some(&first)).await;
    let second_key = SigningKeyPair::generate();
    app.add_key(&second, &second_key, days(-10), None).await;

    let own = SigningKeyPair::generate();
    let (status, added) = app
        .post(
            &format!("/v1/issuers/{first}/keys"),
            &first_api_key,
            json!({"x": own.public_key().x()}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");

    let (status, problem) = app
        .post(
            &format!("/v1/issuers/{second}/keys"),
            &first_api_key,
            json!({"x": SigningKeyPair::generate().public_key().x()}),
        )
        .await;
    assert_problem(status, &problem, 403, "forbidden", None);
    assert!(
        problem["detail"].as_str().unwrap().contains(&first),
        "{problem}"
    );

    let revoke_second = format!("/v1/issuers/{second}/keys/{}/revocation", second_key.kid());
    let (status, problem) = app
        .post(
            &revoke_second,
            &first_api_key,
            json!({"reason": "compromised"}),
        )
        .await;
    assert_problem(status, &problem, 403, "forbidden", None);

    // The other issuer's kid under the own issuer's path is not found, not revoked.
    let crossed = format!("/v1/issuers/{first}/keys/{}/revocation", second_key.kid());
    let (status, problem) = app
        .post(&crossed, &first_api_key, json!({"reason": "compromised"}))
        .await;
    assert_problem(status, &problem, 404, "key-not-found", None);

    let (_, second_issuer) = app
        .get(&format!("/v1/issuers/{second}"), Some(&app.admin))
        .await;
    assert_eq!(second_issuer["keys"].as_array().unwrap().len(), 1);
    assert_eq!(
        second_issuer["keys"][0]["revokedAt"],
        Value::Null,
        "{second_issuer}"
    );

    let own_revocation = format!("/v1/issuers/{first}/keys/{}/revocation", own.kid());
    let (status, revoked) = app
        .post(
            &own_revocation,
            &first_api_key,
            json!({"reason": "retired"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{revoked}");
    assert_eq!(revoked["reason"], "retired");
}
on_both_backends!(issuer_keys_act_only_for_their_issuer, isolation);

async fn backdating(db: DatabaseConnection) {
    let app = TestApp::new(db.clone()).await;
    let issuer = app.issuer("Sialkot Chamber", "PK", "chamber").await;
    let issuer_api_key = api_key(&db, Role::Issuer, Some(&issuer)).await;
    let path = format!("/v1/issuers/{issuer}/keys");
    let backdated = SigningKeyPair::generate();
    let body = json!({"x": backdated.public_key().x(), "validFrom": rfc3339(days(-365))});

    let (status, problem) = app.post(&path, &issuer_api_key, body.clone()).await;
    assert_problem(status, &problem, 403, "forbidden", Some("validFrom"));
    assert_eq!(
        app.count("issuer_keys").await,
        0,
        "a rejected key was stored"
    );

    let (status, added) = app.post(&path, &app.admin, body).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "an admin may register an older key: {added}"
    );

    let current = SigningKeyPair::generate();
    let (status, added) = app
        .post(
            &path,
            &issuer_api_key,
            json!({"x": current.public_key().x()}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
}
on_both_backends!(issuer_keys_cannot_backdate_keys, backdating);

async fn revocations(db: DatabaseConnection) {
    let app = TestApp::new(db).await;
    let issuer = app.issuer("Karachi Chamber", "PK", "chamber").await;
    let key = SigningKeyPair::generate();
    app.add_key(&issuer, &key, days(-30), None).await;
    let kid = key.kid();

    let invalid = [
        (json!({}), 400, "missing-field", "reason"),
        (json!({"reason": "lost"}), 400, "invalid-field", "reason"),
        (
            json!({"reason": "retired", "compromisedAt": rfc3339(days(-1))}),
            400,
            "invalid-field",
            "compromisedAt",
        ),
        (
            json!({"reason": "compromised", "compromisedAt": rfc3339(days(1))}),
            400,
            "invalid-field",
            "compromisedAt",
        ),
        (
            json!({"reason": "compromised", "compromisedAt": "soon"}),
            400,
            "invalid-field",
            "compromisedAt",
        ),
        (
            json!({"reason": "retired", "note": "x"}),
            400,
            "invalid-field",
            "note",
        ),
    ];
    for (body, status_code, slug, field) in invalid {
        let (status, problem) = app.revoke(&issuer, &kid, body).await;
        assert_problem(status, &problem, status_code, slug, Some(field));
    }
    let (status, problem) = app
        .revoke(&issuer, "no-such-kid", json!({"reason": "retired"}))
        .await;
    assert_problem(status, &problem, 404, "key-not-found", None);

    let (status, revoked) = app
        .revoke(&issuer, &kid, json!({"reason": "superseded"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{revoked}");
    let superseded_at = time(&revoked["revokedAt"]);
    assert!((Utc::now() - superseded_at).num_seconds().abs() < 60);
    assert_eq!(revoked["reason"], "superseded");

    let (status, problem) = app
        .revoke(&issuer, &kid, json!({"reason": "retired"}))
        .await;
    assert_problem(status, &problem, 409, "key-already-revoked", None);

    let compromised_at = days(-7);
    let body = json!({"reason": "compromised", "compromisedAt": rfc3339(compromised_at)});
    let (status, escalated) = app.revoke(&issuer, &kid, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{escalated}");
    assert_eq!(escalated["reason"], "compromised");
    assert_eq!(
        time(&escalated["revokedAt"]).timestamp(),
        compromised_at.timestamp()
    );

    let (status, problem) = app.revoke(&issuer, &kid, body).await;
    assert_problem(status, &problem, 409, "key-already-revoked", None);
    let later = json!({"reason": "compromised", "compromisedAt": rfc3339(compromised_at + Duration::days(1))});
    let (status, problem) = app.revoke(&issuer, &kid, later).await;
    assert_problem(status, &problem, 409, "key-already-revoked", None);

    let (_, jwks) = app
        .get(&format!("/v1/issuers/{issuer}/jwks.json"), None)
        .await;
    assert_eq!(
        jwks["keys"][0]["revokedAt"],
        compromised_at.timestamp(),
        "{jwks}"
    );
    assert_eq!(jwks["keys"][0]["revocationReason"], "compromised");
}
on_both_backends!(revocation_rules_hold, revocations);
