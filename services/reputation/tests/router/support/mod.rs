//! The reputation router behind the standard middleware, with API keys for every role
//! and helpers that send JSON requests through `tower::ServiceExt::oneshot`.

pub(crate) mod events;
pub(crate) mod redis;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use cache::{Cache, CacheOptions, Fallback, MemoryConfig};
use domain::Role;
use http_body_util::BodyExt;
use http_kit::auth::SharedAuthenticator;
use reputation::{ReputationConfig, ReputationState};
use serde_json::{Value, json};
use storage::api_keys::DbAuthenticator;
use test_db::TestDb;
use tower::ServiceExt;

/// Defines `<case>::sqlite` and `<case>::postgres`, each running `case(db)` on a fresh
/// database; the PostgreSQL test returns early when the server is absent and CI is unset.
#[macro_export]
macro_rules! on_both_databases {
    ($case:ident) => {
        mod $case {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$case(test_db::TestDb::sqlite().await).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(db) = test_db::TestDb::postgres().await else {
                    return;
                };
                super::$case(db).await;
            }
        }
    };
}

/// API keys of every role.
pub(crate) struct Keys {
    pub(crate) admin: String,
    pub(crate) platform: String,
    pub(crate) buyer: String,
    pub(crate) customs: String,
    pub(crate) issuer: String,
}

/// A router under test with its database and cache.
pub(crate) struct App {
    pub(crate) router: Router,
    pub(crate) state: ReputationState,
    pub(crate) db: TestDb,
    pub(crate) keys: Keys,
}

/// Returns an in-process cache with the default options.
pub(crate) fn memory_cache() -> Cache {
    Cache::memory(&MemoryConfig::default(), CacheOptions::default())
}

impl App {
    /// Builds the app on `db` with an in-process cache.
    pub(crate) async fn new(db: TestDb) -> Self {
        Self::with_cache(db, memory_cache(), String::new()).await
    }

    /// Builds the app on `db` and `cache`, with every cache key under `key_prefix`.
    pub(crate) async fn with_cache(db: TestDb, cache: Cache, key_prefix: String) -> Self {
        let config = ReputationConfig {
            key_prefix,
            ..ReputationConfig::default()
        };
        let fallback = Fallback::new(8, Duration::from_secs(5));
        Self::with_parts(db, cache, fallback, config).await
    }

    /// Builds the app from every part.
    pub(crate) async fn with_parts(
        db: TestDb,
        cache: Cache,
        fallback: Fallback,
        config: ReputationConfig,
    ) -> Self {
        let auth: SharedAuthenticator = std::sync::Arc::new(DbAuthenticator::new(db.db.clone()));
        let state = ReputationState::new(db.db.clone(), auth, cache, fallback, config)
            .expect("default model parameters are valid");
        let router = http_kit::layers::apply(reputation::router(state.clone()).into());
        let keys = Keys {
            admin: key(&db, Role::Admin, None).await,
            platform: key(&db, Role::Platform, None).await,
            buyer: key(&db, Role::Buyer, None).await,
            customs: key(&db, Role::Customs, None).await,
            issuer: key(&db, Role::Issuer, Some("issuer-1")).await,
        };
        Self {
            router,
            state,
            db,
            keys,
        }
    }

    /// Sends a request and returns the status and the JSON body (`Null` when empty).
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        }
        .unwrap();

        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| panic!("response is not JSON: {bytes:?}"))
        };
        (status, json)
    }

    /// Sends a body as is with `content_type` and returns only the status.
    pub(crate) async fn send_raw(
        &self,
        method: Method,
        path: &str,
        token: &str,
        content_type: &str,
        body: &str,
    ) -> StatusCode {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body.to_owned()))
            .unwrap();
        self.router.clone().oneshot(request).await.unwrap().status()
    }

    pub(crate) async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.send(Method::GET, path, Some(token), None).await
    }

    pub(crate) async fn post(&self, path: &str, token: &str, body: &Value) -> (StatusCode, Value) {
        self.send(Method::POST, path, Some(token), Some(body)).await
    }

    pub(crate) async fn put(&self, path: &str, token: &str, body: &Value) -> (StatusCode, Value) {
        self.send(Method::PUT, path, Some(token), Some(body)).await
    }

    /// Registers a company in Pakistan and checks for 201.
    pub(crate) async fn company(&self, id: &str, verified: bool) {
        let body = json!({
            "id": id,
            "name": format!("Company {id}"),
            "country": "PK",
            "registrationNumber": format!("REG-{id}"),
            "verified": verified,
        });
        let (status, response) = self.post("/v1/companies", &self.keys.platform, &body).await;
        assert_eq!(status, StatusCode::CREATED, "{response}");
    }

    /// Sends `events` in batches of at most 1,000 and returns every result in order.
    pub(crate) async fn events(&self, events: &[Value]) -> Vec<Value> {
        let mut results = Vec::new();
        for batch in events.chunks(1_000) {
            let body = json!({ "events": batch });
            let (status, response) = self.post("/v1/events", &self.keys.platform, &body).await;
            assert_eq!(status, StatusCode::OK, "{response}");
            results.extend(response["results"].as_array().unwrap().iter().cloned());
        }
        results
    }

    /// Sends `events` and checks that each was accepted or is pending.
    pub(crate) async fn record(&self, events: &[Value]) {
        for result in self.events(events).await {
            let status = result["status"].as_str().unwrap();
            assert!(
                status == "accepted" || status == "pending",
                "event not stored: {result}"
            );
        }
    }

    /// Returns the current trust view of a company, checking for 200.
    pub(crate) async fn trust(&self, company: &str) -> Value {
        let (status, view) = self
            .get(&format!("/v1/companies/{company}/trust"), &self.keys.buyer)
            .await;
        assert_eq!(status, StatusCode::OK, "{view}");
        view
    }

    /// Returns the trust view of a company as of `as_of` (RFC 3339), checking for 200.
    pub(crate) async fn trust_as_of(&self, company: &str, as_of: &str) -> Value {
        let path = format!("/v1/companies/{company}/trust?asOf={}", encode(as_of));
        let (status, view) = self.get(&path, &self.keys.buyer).await;
        assert_eq!(status, StatusCode::OK, "{view}");
        view
    }

    /// Returns the company's version, read from the database.
    pub(crate) async fn version(&self, company: &str) -> i64 {
        use sea_orm::{ConnectionTrait, Statement};

        let backend = self.db.db.get_database_backend();
        let sql = format!("SELECT version FROM company_versions WHERE company_id = '{company}'");
        let row = self
            .db
            .db
            .query_one_raw(Statement::from_string(backend, sql))
            .await
            .unwrap()
            .expect("company has a version row");
        row.try_get::<i64>("", "version").unwrap()
    }
}

/// Percent-encodes the characters of an RFC 3339 time that a query string cannot carry.
pub(crate) fn encode(text: &str) -> String {
    text.replace('+', "%2B").replace(':', "%3A")
}

async fn key(db: &TestDb, role: Role, issuer: Option<&str>) -> String {
    storage::api_keys::create(&db.db, role, &format!("{role} test key"), issuer)
        .await
        .unwrap()
        .token
}
