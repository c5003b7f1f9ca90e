//! Helpers of the registry tests: the router on a fresh database, API keys of every role,
//! JSON requests, registered issuers and keys, and signed attestations.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use crypto::{SignedStatement, SigningKeyPair};
use domain::{Digest, DocumentKind, DocumentNumber, Role};
use http_body_util::BodyExt;
use issuers::attestation::{AttestedDocument, sign};
use issuers::{IssuersState, LocalVerifier};
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};
use tower::ServiceExt;

/// Runs one `async fn(DatabaseConnection)` case on SQLite and on PostgreSQL, as the tests
/// `NAME::sqlite` and `NAME::postgres`. The PostgreSQL test returns early when the server is
/// unreachable and `CI` is unset, and fails when `CI` is set.
macro_rules! on_both_backends {
    ($name:ident, $case:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let database = test_db::TestDb::sqlite().await;
                super::$case(database.db.clone()).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(database) = test_db::TestDb::postgres().await else {
                    return;
                };
                super::$case(database.db.clone()).await;
            }
        }
    };
}
pub(crate) use on_both_backends;

/// The registry router behind the standard middleware, with an API key of every role.
pub(crate) struct TestApp {
    pub(crate) router: Router,
    pub(crate) db: DatabaseConnection,
    pub(crate) admin: String,
    pub(crate) platform: String,
    pub(crate) customs: String,
    pub(crate) buyer: String,
}

impl TestApp {
    pub(crate) async fn new(db: DatabaseConnection) -> Self {
        let auth = Arc::new(storage::api_keys::DbAuthenticator::new(db.clone()));
        let state = IssuersState::new(db.clone(), auth);
        let (router, _) = issuers::router(state).split_for_parts();
        let router = http_kit::layers::apply(router.fallback(http_kit::layers::fallback));

        Self {
            router,
            admin: api_key(&db, Role::Admin, None).await,
            platform: api_key(&db, Role::Platform, None).await,
            customs: api_key(&db, Role::Customs, None).await,
            buyer: api_key(&db, Role::Buyer, None).await,
            db,
        }
    }

    /// A verifier on this app's database, as the notary uses in one process.
    pub(crate) fn local_verifier(&self) -> LocalVerifier {
        LocalVerifier::new(self.db.clone())
    }

    /// Sends a request and returns the status, the headers and the JSON body (`Null` when
    /// the body is empty).
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, HeaderMap, Value) {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => request
                .header("content-type", "application/json")
                .body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        }
        .unwrap();

        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|error| panic!("body is not JSON ({error}): {bytes:?}"))
        };
        (status, headers, json)
    }

    pub(crate) async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        let (status, _, json) = self.send(Method::POST, path, Some(token), Some(body)).await;
        (status, json)
    }

    pub(crate) async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        let (status, _, json) = self.send(Method::GET, path, token, None).await;
        (status, json)
    }

    /// Registers an issuer and returns its id.
    pub(crate) async fn issuer(&self, name: &str, country: &str, kind: &str) -> String {
        let body = json!({
            "name": name,
            "country": country,
            "kind": kind,
            "registrationNumber": format!("REG-{}", uuid::Uuid::new_v4().simple()),
        });
        let (status, json) = self.post("/v1/issuers", &self.admin, body).await;
        assert_eq!(status, StatusCode::CREATED, "{json}");
        json["id"].as_str().unwrap().to_owned()
    }

    /// Registers `key` for `issuer` with the given validity, as admin.
    pub(crate) async fn add_key(
        &self,
        issuer: &str,
        key: &SigningKeyPair,
        valid_from: DateTime<Utc>,
        valid_until: Option<DateTime<Utc>>,
    ) -> Value {
        let mut body = json!({"jwk": key.public_key().to_jwk(), "validFrom": rfc3339(valid_from)});
        if let Some(until) = valid_until {
            body["validUntil"] = json!(rfc3339(until));
        }
        let (status, json) = self
            .post(&format!("/v1/issuers/{issuer}/keys"), &self.admin, body)
            .await;
        assert_eq!(status, StatusCode::CREATED, "{json}");
        json
    }

    /// Revokes `kid` of `issuer` as admin and returns the response.
    pub(crate) async fn revoke(&self, issuer: &str, kid: &str, body: Value) -> (StatusCode, Value) {
        self.post(
            &format!("/v1/issuers/{issuer}/keys/{kid}/revocation"),
            &self.admin,
            body,
        )
        .await
    }

    /// Sends `POST /v1/attestations/verify` as customs and returns the response body.
    pub(crate) async fn verify(&self, attestation: &SignedStatement, expected: Value) -> Value {
        let mut body = expected;
        body["attestation"] = serde_json::to_value(attestation).unwrap();
        let (status, json) = self
            .post("/v1/attestations/verify", &self.customs, body)
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        json
    }

    /// Sends `body` to `POST /v1/attestations/verify` as customs and returns the response body.
    pub(crate) async fn verify_raw(&self, body: Value) -> Value {
        let (status, json) = self
            .post("/v1/attestations/verify", &self.customs, body)
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        json
    }

    /// The number of rows in `table`.
    pub(crate) async fn count(&self, table: &str) -> i64 {
        use sea_orm::{ConnectionTrait, Statement};

        let backend = self.db.get_database_backend();
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        let row = self
            .db
            .query_one_raw(Statement::from_string(backend, sql))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }
}

/// Creates an API key and returns its text.
pub(crate) async fn api_key(db: &DatabaseConnection, role: Role, issuer: Option<&str>) -> String {
    let name = format!("{role}-client");
    storage::api_keys::create(db, role, &name, issuer)
        .await
        .unwrap()
        .token
}

/// A certificate of origin with the given digest byte and number.
pub(crate) fn certificate(fill: u8, number: &str) -> AttestedDocument {
    AttestedDocument {
        digest: Digest::from_bytes([fill; 32]),
        kind: DocumentKind::CertificateOfOrigin,
        number: Some(number.parse::<DocumentNumber>().unwrap()),
    }
}

/// Signs an attestation of `document` for `issuer` dated `issued_at`.
pub(crate) fn attest(
    key: &SigningKeyPair,
    issuer: &str,
    document: &AttestedDocument,
    issued_at: DateTime<Utc>,
) -> SignedStatement {
    sign(key, issuer, document, issued_at).unwrap()
}

/// RFC 3339 UTC text with whole seconds.
pub(crate) fn rfc3339(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `now` shifted by whole days.
pub(crate) fn days(from_now: i64) -> DateTime<Utc> {
    Utc::now() + Duration::days(from_now)
}

/// Asserts the problem's status, `type` slug and `field`.
pub(crate) fn assert_problem(
    status: StatusCode,
    json: &Value,
    expected_status: u16,
    slug: &str,
    field: Option<&str>,
) {
    assert_eq!(status.as_u16(), expected_status, "{json}");
    assert_eq!(
        json["type"],
        format!("urn:tradeseal:problem:{slug}"),
        "{json}"
    );
    assert_eq!(json["field"].as_str(), field, "{json}");
    assert!(
        json["detail"]
            .as_str()
            .is_some_and(|detail| !detail.is_empty()),
        "{json}"
    );
}
