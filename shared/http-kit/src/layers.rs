//! The middleware stack every tradeseal router runs behind.
//!
//! Order, outermost first: request id, tracing span, panic catcher, error logging and
//! metrics. A 5xx cause is logged here once, with the request id, and never sent.

use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::ApiError;
use crate::problem::ErrorCause;

/// Header carrying the request id, set when the client did not send one.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Wraps `router` in the standard middleware stack.
pub fn apply(router: Router) -> Router {
    // Failures are logged once by `observe`, with their cause; the trace layer's own failure
    // events would log each 5xx a second time.
    let trace = TraceLayer::new_for_http()
        .on_failure(())
        .make_span_with(|request: &Request| {
            let route = request
                .extensions()
                .get::<MatchedPath>()
                .map_or("unmatched", MatchedPath::as_str);
            let request_id = request
                .headers()
                .get(REQUEST_ID)
                .and_then(|value| value.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!(
                "request",
                method = %request.method(),
                route,
                request_id,
            )
        });

    router
        .layer(middleware::from_fn(observe))
        .layer(CatchPanicLayer::custom(|_| panic_response()))
        .layer(
            ServiceBuilder::new()
                .map_request(drop_unusable_request_id)
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(trace)
                .layer(PropagateRequestIdLayer::new(REQUEST_ID)),
        )
}

/// Maximum length of a client-sent request id that is kept, in bytes.
const MAX_REQUEST_ID_LEN: usize = 128;

/// Removes a client's request id that is too long or has characters other than ASCII letters,
/// digits and `-_.:`, so that a fresh id replaces it in logs and in the response.
fn drop_unusable_request_id(mut request: Request) -> Request {
    let usable = request.headers().get(REQUEST_ID).is_none_or(|value| {
        let bytes = value.as_bytes();
        !bytes.is_empty()
            && bytes.len() <= MAX_REQUEST_ID_LEN
            && bytes
                .iter()
                .all(|byte| byte.is_ascii_alphanumeric() || b"-_.:".contains(byte))
    });
    if !usable {
        request.headers_mut().remove(REQUEST_ID);
    }
    request
}

/// Logs one event per finished request, logs 5xx causes, and records metrics.
async fn observe(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());

    let response = next.run(request).await;

    let status = response.status();
    let duration = started.elapsed();
    crate::metrics::record_request(method.as_str(), &route, status.as_u16(), duration);

    let duration_ms = duration.as_secs_f64() * 1000.0;
    if let Some(ErrorCause(cause)) = response.extensions().get::<ErrorCause>() {
        tracing::error!(status = status.as_u16(), duration_ms, error = %format!("{cause:#}"), "request failed");
    } else if status.is_server_error() {
        tracing::warn!(
            status = status.as_u16(),
            duration_ms,
            "request answered with a server error"
        );
    } else {
        tracing::debug!(status = status.as_u16(), duration_ms, "request finished");
    }
    response
}

/// The response for a handler that panicked: a plain 500 problem.
fn panic_response() -> Response {
    tracing::error!("handler panicked");
    let mut response = ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "Internal server error",
        "the server failed to handle the request; it has been logged, retry later",
    )
    .into_response();
    response.extensions_mut().remove::<ErrorCause>();
    response
}

/// A 405 problem for a method that the matched path does not accept.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "Method not allowed",
        "this endpoint does not accept this HTTP method; see /openapi.json for the methods it \
         accepts",
    )
}

/// A 404 problem for paths no route matches.
pub async fn fallback() -> ApiError {
    ApiError::not_found(
        "no-such-route",
        "no endpoint has this path; see /openapi.json for the API",
    )
}
