//! The role table of the crate docs: each role gets 403 where it may not call, and a
//! request without a key gets 401 everywhere.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use test_db::TestDb;

use crate::on_both_databases;
use crate::support::App;
use crate::support::events::deal;

on_both_databases!(roles_follow_the_table);

struct Endpoint {
    method: Method,
    path: &'static str,
    body: Option<Value>,
    /// Allowed roles, in the order admin, platform, buyer, customs, issuer.
    allowed: [bool; 5],
}

fn endpoints() -> Vec<Endpoint> {
    let company = json!({
        "id": "c2",
        "name": "Second",
        "country": "AZ",
        "registrationNumber": "2",
        "verified": false,
    });
    let update = json!({
        "name": "First",
        "country": "PK",
        "registrationNumber": "1",
        "verified": true,
    });
    let events = json!({ "events": [deal("d1", "c1", "c2", "100.00", 1)] });
    let writers = [true, true, false, false, false];
    let readers = [true, true, true, false, false];

    vec![
        Endpoint {
            method: Method::POST,
            path: "/v1/companies",
            body: Some(company),
            allowed: writers,
        },
        Endpoint {
            method: Method::PUT,
            path: "/v1/companies/c1",
            body: Some(update),
            allowed: writers,
        },
        Endpoint {
            method: Method::GET,
            path: "/v1/companies/c1",
            body: None,
            allowed: readers,
        },
        Endpoint {
            method: Method::POST,
            path: "/v1/events",
            body: Some(events),
            allowed: writers,
        },
        Endpoint {
            method: Method::GET,
            path: "/v1/companies/c1/trust",
            body: None,
            allowed: readers,
        },
        Endpoint {
            method: Method::GET,
            path: "/v1/companies/c1/trust/history",
            body: None,
            allowed: readers,
        },
    ]
}

async fn roles_follow_the_table(db: TestDb) {
    let app = App::new(db).await;
    app.company("c1", true).await;
    let keys = [
        ("admin", app.keys.admin.clone()),
        ("platform", app.keys.platform.clone()),
        ("buyer", app.keys.buyer.clone()),
        ("customs", app.keys.customs.clone()),
        ("issuer", app.keys.issuer.clone()),
    ];

    for endpoint in endpoints() {
        let body = endpoint.body.as_ref();
        let label = format!("{} {}", endpoint.method, endpoint.path);

        let (status, _) = app
            .send(endpoint.method.clone(), endpoint.path, None, body)
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{label} without a key");

        for ((role, token), allowed) in keys.iter().zip(endpoint.allowed) {
            let (status, response) = app
                .send(endpoint.method.clone(), endpoint.path, Some(token), body)
                .await;
            if allowed {
                assert!(
                    status.is_success(),
                    "{label} as {role}: {status} {response}"
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{label} as {role}: {response}"
                );
            }
        }
    }
}
