//! Requests to the in-process router: builders for multipart forms, raw PDF bodies and JSON,
//! a `oneshot` call that fails loudly on a hang, and checks on problem documents.

use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// Upper bound on one request, only there to turn a hang into a failure; no assertion
/// depends on how long a request takes.
pub const HANG_LIMIT: Duration = Duration::from_secs(180);

/// Prefix of every problem `type`.
pub const PROBLEM_PREFIX: &str = "urn:tradeseal:problem:";

/// A finished response with its whole body.
#[derive(Debug)]
pub struct Reply {
    /// Status code.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The body bytes.
    pub body: Bytes,
}

impl Reply {
    /// The body parsed as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "the {} response body is not JSON ({error}): {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The `Content-Type` header, or "" when missing.
    pub fn content_type(&self) -> &str {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts the status, with the body in the message.
    pub fn assert_status(&self, expected: u16, context: &str) {
        assert_eq!(
            self.status.as_u16(),
            expected,
            "{context}: unexpected status; body: {}",
            String::from_utf8_lossy(&self.body)
        );
    }

    /// Asserts an `application/problem+json` response with `status`, type slug and field.
    pub fn assert_problem(&self, status: u16, slug: &str, field: Option<&str>, context: &str) {
        self.assert_status(status, context);
        assert_eq!(
            self.content_type(),
            "application/problem+json",
            "{context}: content type"
        );

        let problem = self.json();
        assert_eq!(
            problem["type"].as_str(),
            Some(format!("{PROBLEM_PREFIX}{slug}").as_str()),
            "{context}: problem type in {problem}"
        );
        assert_eq!(
            problem["status"].as_u64(),
            Some(u64::from(status)),
            "{context}: problem status"
        );
        assert_eq!(problem["field"].as_str(), field, "{context}: problem field");
        assert!(
            problem["detail"]
                .as_str()
                .is_some_and(|detail| !detail.is_empty()),
            "{context}: problem without a detail: {problem}"
        );
    }
}

/// Sends `request` through a clone of `router` and reads the whole response.
///
/// # Panics
/// When the router or the body takes longer than [`HANG_LIMIT`].
pub async fn send(router: &Router, request: Request<Body>) -> Reply {
    let what = format!("{} {}", request.method(), request.uri());
    let exchange = async {
        let response = router
            .clone()
            .oneshot(request)
            .await
            .unwrap_or_else(|error| match error {});
        let (parts, body) = response.into_parts();
        let body = body
            .collect()
            .await
            .unwrap_or_else(|error| panic!("{what}: reading the body failed: {error}"))
            .to_bytes();
        Reply {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    };
    tokio::time::timeout(HANG_LIMIT, exchange)
        .await
        .unwrap_or_else(|_| {
            panic!("{what} did not finish within {HANG_LIMIT:?}: the service hangs")
        })
}

/// A request builder with an optional bearer key.
pub fn request(method: Method, uri: &str, key: Option<&str>) -> axum::http::request::Builder {
    let builder = Request::builder().method(method).uri(uri);
    match key {
        Some(key) => builder.header(AUTHORIZATION, format!("Bearer {key}")),
        None => builder,
    }
}

/// `GET uri`.
pub fn get(uri: &str, key: Option<&str>) -> Request<Body> {
    request(Method::GET, uri, key)
        .body(Body::empty())
        .expect("valid GET request")
}

/// `POST uri` with a JSON body.
pub fn post_json(uri: &str, key: Option<&str>, body: &Value) -> Request<Body> {
    request(Method::POST, uri, key)
        .header(CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("valid JSON request")
}

/// `POST /v1/documents` with a multipart form.
pub fn register_form(key: Option<&str>, form: Form) -> Request<Body> {
    let (content_type, body) = form.finish();
    request(Method::POST, "/v1/documents", key)
        .header(CONTENT_TYPE, content_type)
        .header(CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .expect("valid multipart request")
}

/// `POST /v1/documents?QUERY` with the raw PDF as an `application/pdf` body.
pub fn register_raw(key: Option<&str>, query: &str, bytes: Vec<u8>) -> Request<Body> {
    request(Method::POST, &format!("/v1/documents?{query}"), key)
        .header(CONTENT_TYPE, "application/pdf")
        .header(CONTENT_LENGTH, bytes.len())
        .body(Body::from(bytes))
        .expect("valid raw request")
}

/// The usual registration form: `file`, `kind` and `number`.
pub fn upload_form(kind: &str, number: &str, bytes: &[u8]) -> Form {
    Form::new()
        .file("file", "document.pdf", bytes)
        .text("kind", kind)
        .text("number", number)
}

/// A `multipart/form-data` body built part by part.
#[derive(Debug, Clone)]
pub struct Form {
    boundary: String,
    body: Vec<u8>,
}

impl Default for Form {
    fn default() -> Self {
        Self::new()
    }
}

impl Form {
    /// An empty form with a boundary that cannot occur in the test files.
    pub fn new() -> Self {
        Self {
            boundary: "tradeseal-test-boundary-7Kq2vX9pLm".to_owned(),
            body: Vec::new(),
        }
    }

    /// Adds a text field.
    pub fn text(mut self, name: &str, value: &str) -> Self {
        self.part_header(&format!("form-data; name=\"{name}\""), None);
        self.body.extend_from_slice(value.as_bytes());
        self.body.extend_from_slice(b"\r\n");
        self
    }

    /// Adds a file field with the content type `application/pdf`.
    pub fn file(mut self, name: &str, file_name: &str, bytes: &[u8]) -> Self {
        let disposition = format!("form-data; name=\"{name}\"; filename=\"{file_name}\"");
        self.part_header(&disposition, Some("application/pdf"));
        self.body.extend_from_slice(bytes);
        self.body.extend_from_slice(b"\r\n");
        self
    }

    fn part_header(&mut self, disposition: &str, content_type: Option<&str>) {
        let mut header = format!(
            "--{}\r\nContent-Disposition: {disposition}\r\n",
            self.boundary
        );
        if let Some(content_type) = content_type {
            header.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        header.push_str("\r\n");
        self.body.extend_from_slice(header.as_bytes());
    }

    /// The `Content-Type` header value and the body with its closing boundary.
    pub fn finish(mut self) -> (String, Vec<u8>) {
        self.body
            .extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        (
            format!("multipart/form-data; boundary={}", self.boundary),
            self.body,
        )
    }
}
