//! Verdicts on attestations: rotation, expiry, compromise, domain separation, the document
//! match, and the same verdicts from the HTTP endpoint, the in-process verifier and a
//! downloaded key set.

use chrono::{Duration, SubsecRound, Utc};
use crypto::{SignedStatement, SigningKeyPair, b64u_encode};
use domain::{DocumentKind, Role};
use issuers::AttestationVerifier;
use issuers::attestation::{ExpectedDocument, IssuerJwkSet, Verdict};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};

use crate::common::{TestApp, api_key, attest, certificate, days, on_both_backends, rfc3339};

/// A change to an attestation payload.
type PayloadEdit = Box<dyn Fn(&mut Value)>;

/// The verdict from the endpoint, with the document's digest as the expected one.
async fn verdict(app: &TestApp, attestation: &SignedStatement) -> String {
    let digest = attestation.payload["document"]["digest"].clone();
    let answer = app.verify(attestation, json!({"digest": digest})).await;
    answer["verdict"].as_str().unwrap().to_owned()
}

async fn rotation(db: DatabaseConnection) {
    let app = TestApp::new(db).await;
    let issuer = app.issuer("Karachi Chamber", "PK", "chamber").await;
    let first = SigningKeyPair::generate();
    let second = SigningKeyPair::generate();
    let first_until = days(-5);
    app.add_key(&issuer, &first, days(-30), Some(first_until))
        .await;

    let old = attest(&first, &issuer, &certificate(1, "KCCI/1"), days(-20));
    assert_eq!(verdict(&app, &old).await, "valid");

    // Rotate: the second key starts when the first one ends, and the first is superseded.
    app.add_key(&issuer, &second, first_until, None).await;
    let (status, revoked) = app
        .revoke(&issuer, &first.kid(), json!({"reason": "superseded"}))
        .await;
    assert_eq!(status, 200, "{revoked}");

    assert_eq!(
        verdict(&app, &old).await,
        "valid",
        "rotation broke an old signature"
    );
    let new = attest(&second, &issuer, &certificate(2, "KCCI/2"), days(-1));
    assert_eq!(verdict(&app, &new).await, "valid");

    let late = attest(&first, &issuer, &certificate(3, "KCCI/3"), days(-2));
    let answer = app.verify(&late, json!({})).await;
    assert_eq!(answer["verdict"], "key_expired", "{answer}");
    assert_eq!(answer["key"]["kid"], first.kid());
    assert_eq!(answer["issuer"]["name"], "Karachi Chamber");

    let early = attest(&second, &issuer, &certificate(4, "KCCI/4"), days(-10));
    assert_eq!(verdict(&app, &early).await, "key_not_yet_valid");

    // A key superseded without a validUntil rejects signatures dated from the revocation on.
    let third = SigningKeyPair::generate();
    app.add_key(&issuer, &third, days(-30), None).await;
    let before = attest(&third, &issuer, &certificate(5, "KCCI/5"), days(-1));
    app.revoke(&issuer, &third.kid(), json!({"reason": "superseded"}))
        .await;
    let after = attest(&third, &issuer, &certificate(6, "KCCI/6"), Utc::now());
    assert_eq!(verdict(&app, &before).await, "valid");
    assert_eq!(verdict(&app, &after).await, "key_revoked");
}
on_both_backends!(rotation_keeps_old_signatures, rotation);

async fn compromise(db: DatabaseConnection) {
    let app = TestApp::new(db).await;
    let issuer = app.issuer("Lahore Chamber", "PK", "chamber").await;
    let key = SigningKeyPair::generate();
    app.add_key(&issuer, &key, days(-60), None).await;

    // Whole seconds, as the registry stores it, so `at` is dated exactly at the compromise.
    let compromised_at = days(-10).trunc_subsecs(0);
    let before = attest(
        &key,
        &issuer,
        &certificate(1, "LCCI/1"),
        compromised_at - Duration::seconds(1),
    );
    let at = attest(&key, &issuer, &certificate(2, "LCCI/2"), compromised_at);
    let after = attest(&key, &issuer, &certificate(3, "LCCI/3"), days(-1));
    for attestation in [&before, &at, &after] {
        assert_eq!(verdict(&app, attestation).await, "valid");
    }

    let body = json!({"reason": "compromised", "compromisedAt": rfc3339(compromised_at)});
    let (status, revoked) = app.revoke(&issuer, &key.kid(), body).await;
    assert_eq!(status, 200, "{revoked}");

    assert_eq!(verdict(&app, &before).await, "valid");
    assert_eq!(verdict(&app, &at).await, "key_revoked");
    let answer = app.verify(&after, json!({})).await;
    assert_eq!(answer["verdict"], "key_revoked", "{answer}");
    assert_eq!(answer["key"]["reason"], "compromised");
    assert!(
        answer["detail"].as_str().unwrap().contains("compromised"),
        "{answer}"
    );
}
on_both_backends!(compromise_rejects_later_signatures, compromise);

async fn document_match(db: DatabaseConnection) {
    let app = TestApp::new(db).await;
    let issuer = app.issuer("Baku Chamber", "AZ", "chamber").await;
    let key = SigningKeyPair::generate();
    app.add_key(&issuer, &key, days(-1), None).await;
    let document = certificate(7, "AZ/CO/77");
    let attestation = attest(&key, &issuer, &document, Utc::now());
    let digest = document.digest.to_string();
    let other_digest = certificate(8, "AZ/CO/77").digest.to_string();

    let cases = [
        (json!({}), "valid"),
        (json!({"digest": digest}), "valid"),
        (json!({"digest": document.digest.to_hex()}), "valid"),
        (
            json!({"digest": digest, "kind": "certificate_of_origin", "number": "AZ/CO/77"}),
            "valid",
        ),
        (json!({"digest": other_digest}), "digest_mismatch"),
        (
            json!({"digest": other_digest, "number": "AZ/CO/78"}),
            "digest_mismatch",
        ),
        (json!({"kind": "commercial_invoice"}), "document_mismatch"),
        (json!({"number": "AZ/CO/78"}), "document_mismatch"),
    ];
    for (expected, wanted) in cases {
        let answer = app.verify(&attestation, expected.clone()).await;
        assert_eq!(answer["verdict"], wanted, "{expected}: {answer}");
    }
}
on_both_backends!(document_must_match_attestation, document_match);

/// An attestation for kind A and number X never verifies as kind B or number Y, a changed
/// payload never verifies, and a notary receipt signed with the issuer's own key is no
/// attestation.
async fn domain_separation(db: DatabaseConnection) {
    let app = TestApp::new(db).await;
    let issuer = app.issuer("Sialkot Exporters", "PK", "exporter").await;
    let key = SigningKeyPair::generate();
    app.add_key(&issuer, &key, days(-1), None).await;
    let attestation = attest(&key, &issuer, &certificate(3, "SX-100"), Utc::now());

    let mut relabelled = attestation.clone();
    relabelled.payload["document"]["kind"] = json!("commercial_invoice");
    assert_eq!(verdict(&app, &relabelled).await, "invalid_signature");
    let mut renumbered = attestation.clone();
    renumbered.payload["document"]["number"] = json!("SX-101");
    assert_eq!(verdict(&app, &renumbered).await, "invalid_signature");
    let mut redated = attestation.clone();
    redated.payload["issuedAt"] = json!(rfc3339(days(-1)));
    assert_eq!(verdict(&app, &redated).await, "invalid_signature");

    let mut other_issuer = attestation.clone();
    let second = app.issuer("Baku Chamber", "AZ", "chamber").await;
    other_issuer.payload["issuer"] = json!(second);
    assert_eq!(verdict(&app, &other_issuer).await, "unknown_key");

    let receipt = crypto::sign_statement(
        &key,
        &json!({
            "type": "tradeseal.notary-receipt/v1",
            "document": attestation.payload["document"],
            "issuer": issuer,
            "kid": key.kid(),
            "issuedAt": attestation.payload["issuedAt"],
        }),
    )
    .unwrap();
    let answer = app.verify(&receipt, json!({})).await;
    assert_eq!(answer["verdict"], "malformed", "{answer}");
    assert!(
        answer["detail"]
            .as_str()
            .unwrap()
            .contains("not an issuer attestation")
    );

    let mut wrong_kid = attestation.clone();
    wrong_kid.kid = SigningKeyPair::generate().kid();
    assert_eq!(verdict(&app, &wrong_kid).await, "malformed");
}
on_both_backends!(statements_are_domain_separated, domain_separation);

async fn unknown_and_malformed(db: DatabaseConnection) {
    let app = TestApp::new(db).await;
    let issuer = app.issuer("Multan Chamber", "PK", "chamber").await;
    let registered = SigningKeyPair::generate();
    app.add_key(&issuer, &registered, days(-1), None).await;
    let stranger = SigningKeyPair::generate();

    let unknown_issuer = attest(
        &registered,
        "iss_nobody",
        &certificate(1, "M/1"),
        Utc::now(),
    );
    assert_eq!(verdict(&app, &unknown_issuer).await, "unknown_issuer");
    let unknown_key = attest(&stranger, &issuer, &certificate(1, "M/1"), Utc::now());
    assert_eq!(verdict(&app, &unknown_key).await, "unknown_key");

    let good = attest(&registered, &issuer, &certificate(1, "M/1"), Utc::now());
    let mut forged = good.clone();
    forged.signature = b64u_encode(&stranger.sign(b"something else"));
    assert_eq!(verdict(&app, &forged).await, "invalid_signature");

    let future = attest(
        &registered,
        &issuer,
        &certificate(1, "M/1"),
        Utc::now() + Duration::hours(1),
    );
    assert_eq!(verdict(&app, &future).await, "malformed");

    let mut mutations: Vec<(&str, PayloadEdit)> = vec![
        (
            "extra member",
            Box::new(|payload| payload["note"] = json!("x")),
        ),
        (
            "missing issuedAt",
            Box::new(|payload| {
                payload.as_object_mut().unwrap().remove("issuedAt");
            }),
        ),
        (
            "local time",
            Box::new(|payload| payload["issuedAt"] = json!("2026-12-04T10:00:00+05:00")),
        ),
        (
            "bare hex digest",
            Box::new(|payload| {
                let digest = payload["document"]["digest"].as_str().unwrap()[7..].to_owned();
                payload["document"]["digest"] = json!(digest);
            }),
        ),
        (
            "null number",
            Box::new(|payload| payload["document"]["number"] = Value::Null),
        ),
        (
            "numeric issuer",
            Box::new(|payload| payload["issuer"] = json!(5)),
        ),
    ];
    for (label, mutate) in mutations.drain(..) {
        let mut statement = good.clone();
        mutate(&mut statement.payload);
        let answer = app.verify(&statement, json!({})).await;
        assert_eq!(answer["verdict"], "malformed", "{label}: {answer}");
    }

    let mut short_signature = good.clone();
    short_signature.signature = b64u_encode(&[1; 63]);
    assert_eq!(verdict(&app, &short_signature).await, "malformed");

    let answer = app
        .verify_raw(json!({"attestation": {"payload": {}}}))
        .await;
    assert_eq!(answer["verdict"], "malformed", "{answer}");
}
on_both_backends!(unknown_and_malformed_verdicts, unknown_and_malformed);

/// An issuer's API key registers and revokes only its own keys, and its keys never attest
/// for another issuer.
async fn isolation(db: DatabaseConnection) {
    let app = TestApp::new(db.clone()).await;
    let first = app.issuer("Lahore Chamber", "PK", "chamber").await;
    let second = app.issuer("Baku Chamber", "AZ", "chamber").await;
    let first_key = SigningKeyPair::generate();
    app.add_key(&first, &first_key, days(-1), None).await;
    let first_api_key = api_key(&db, Role::Issuer, Some(&first)).await;

    let claimed = attest(&first_key, &second, &certificate(9, "BCCI/9"), Utc::now());
    let answer = app.verify(&claimed, json!({})).await;
    assert_eq!(answer["verdict"], "unknown_key", "{answer}");
    assert_eq!(answer["issuer"]["id"], second);

    let (status, _) = app
        .post(
            &format!("/v1/issuers/{second}/keys"),
            &first_api_key,
            json!({"x": first_key.public_key().x()}),
        )
        .await;
    assert_eq!(status, 403);
    let answer = app.verify(&claimed, json!({})).await;
    assert_eq!(answer["verdict"], "unknown_key", "{answer}");
}
on_both_backends!(issuer_cannot_attest_for_another, isolation);

/// The endpoint, the in-process verifier and a downloaded key set give the same verdict.
async fn same_verdict_everywhere(db: DatabaseConnection) {
    let app = TestApp::new(db).await;
    let issuer = app.issuer("Karachi Chamber", "PK", "chamber").await;
    let key = SigningKeyPair::generate();
    app.add_key(&issuer, &key, days(-30), None).await;
    let document = certificate(4, "KCCI/44");
    let before = attest(&key, &issuer, &document, days(-20));
    let after = attest(&key, &issuer, &document, days(-2));
    let body = json!({"reason": "compromised", "compromisedAt": rfc3339(days(-10))});
    app.revoke(&issuer, &key.kid(), body).await;

    let (_, jwks) = app
        .get(&format!("/v1/issuers/{issuer}/jwks.json"), None)
        .await;
    let jwks: IssuerJwkSet = serde_json::from_value(jwks).unwrap();
    let local = app.local_verifier();
    for (attestation, wanted) in [(&before, Verdict::Valid), (&after, Verdict::KeyRevoked)] {
        let expected = ExpectedDocument::for_document(
            document.digest,
            DocumentKind::CertificateOfOrigin,
            document.number.clone(),
        );
        let over_http = app.verify(attestation, json!({})).await;
        assert_eq!(over_http["verdict"], wanted.as_str());

        let in_process = local.verify(attestation, &expected).await.unwrap();
        assert_eq!(in_process.verdict, wanted);
        assert_eq!(in_process.issuer.as_ref().unwrap().name, "Karachi Chamber");

        let offline = issuers::offline::verify_offline(attestation, &jwks, &expected, Utc::now())
            .await
            .unwrap();
        assert_eq!(offline.verdict, wanted, "{}", offline.detail);
    }
}
on_both_backends!(verdicts_agree_across_verifiers, same_verdict_everywhere);

/// A `multipart/form-data` body with the given fields, the `file` one sent as a file.
fn form(fields: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "registry-test-boundary-d41d8cd98f00b204";
    let mut body = Vec::new();
    for (name, value) in fields {
        let filename = if *name == "file" {
            "; filename=\"certificate.pdf\""
        } else {
            ""
        };
        let head = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{filename}\r\n\r\n"
        );
        body.extend_from_slice(head.as_bytes());
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_form(app: &TestApp, fields: &[(&str, &[u8])]) -> (u16, Value) {
    use axum::body::Body;
    use axum::http::Request;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let (content_type, body) = form(fields);
    let request = Request::post("/v1/attestations/verify")
        .header("authorization", format!("Bearer {}", app.customs))
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

/// The form with the file itself: the file's digest must be the attested one.
async fn verify_with_file(db: DatabaseConnection) {
    let app = TestApp::new(db).await;
    let issuer = app.issuer("Karachi Chamber", "PK", "chamber").await;
    let key = SigningKeyPair::generate();
    app.add_key(&issuer, &key, days(-1), None).await;
    let file = b"%PDF-1.7\ncertificate of origin KCCI/CO/9\n%%EOF\n".to_vec();
    let document = issuers::attestation::AttestedDocument {
        digest: domain::Digest::from_bytes(crypto::sha256(&file)),
        kind: DocumentKind::CertificateOfOrigin,
        number: Some("KCCI/CO/9".parse().unwrap()),
    };
    let attestation = serde_json::to_vec(&attest(&key, &issuer, &document, Utc::now())).unwrap();

    let (status, answer) = post_form(&app, &[("attestation", &attestation), ("file", &file)]).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["verdict"], "valid", "{answer}");

    let doubled: &[(&str, &[u8])] = &[
        ("attestation", &attestation),
        ("attestation", b"{}"),
        ("file", &file),
    ];
    let (status, problem) = post_form(&app, doubled).await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["field"], "attestation", "{problem}");

    let with_number: &[(&str, &[u8])] = &[
        ("attestation", &attestation),
        ("file", &file),
        ("kind", b"certificate_of_origin"),
        ("number", b"KCCI/CO/10"),
    ];
    let (_, answer) = post_form(&app, with_number).await;
    assert_eq!(answer["verdict"], "document_mismatch", "{answer}");

    let mut tampered = file.clone();
    tampered[12] ^= 1;
    let (_, answer) = post_form(&app, &[("attestation", &attestation), ("file", &tampered)]).await;
    assert_eq!(answer["verdict"], "digest_mismatch", "{answer}");

    let digest = document.digest.to_string();
    let both: &[(&str, &[u8])] = &[
        ("attestation", &attestation),
        ("file", &file),
        ("digest", digest.as_bytes()),
    ];
    let (status, problem) = post_form(&app, both).await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["field"], "digest");

    let (status, problem) = post_form(&app, &[("file", &file)]).await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["field"], "attestation");
    let (status, problem) = post_form(&app, &[("attestation", b"{oops")]).await;
    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["field"], "attestation");

    let huge = json!({"attestation": {}, "digest": "x".repeat(70 * 1024)});
    let (status, problem) = app
        .post("/v1/attestations/verify", &app.customs, huge)
        .await;
    assert_eq!(status, 413, "{problem}");
}
on_both_backends!(verify_form_hashes_file, verify_with_file);

async fn duplicate_members(db: DatabaseConnection) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let app = TestApp::new(db).await;
    let issuer = app.issuer("Quetta Chamber", "PK", "chamber").await;
    let key = SigningKeyPair::generate();
    app.add_key(&issuer, &key, days(-1), None).await;
    let good = attest(&key, &issuer, &certificate(1, "Q/1"), Utc::now());
    let good_text = serde_json::to_string(&good).unwrap();
    // A second "kid" member before the real one: serde_json keeps the last, other parsers
    // the first.
    let doubled = good_text.replacen('{', r#"{"kid": "someone-else","#, 1);
    assert_ne!(doubled, good_text);

    let body = format!(r#"{{"attestation": {doubled}}}"#);
    let request = axum::http::Request::post("/v1/attestations/verify")
        .header("authorization", format!("Bearer {}", app.customs))
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body))
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let problem: Value = serde_json::from_slice(&bytes).unwrap();

    assert_eq!(status, 400, "{problem}");
    assert_eq!(problem["type"], "urn:tradeseal:problem:duplicate-member");
    assert!(
        problem["detail"].as_str().unwrap().contains("kid"),
        "{problem}"
    );
    assert_eq!(verdict(&app, &good).await, "valid");
}
on_both_backends!(duplicate_members_rejected, duplicate_members);
