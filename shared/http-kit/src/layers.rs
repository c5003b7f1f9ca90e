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
    let trace = TraceLayer::new_for_http().make_span_with(|request: &Request| {
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
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(trace)
                .layer(PropagateRequestIdLayer::new(REQUEST_ID)),
        )
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

/// A 404 problem for paths no route matches.
pub async fn fallback() -> ApiError {
    ApiError::not_found(
        "no-such-route",
        "no endpoint has this path; see /openapi.json for the API",
    )
}
