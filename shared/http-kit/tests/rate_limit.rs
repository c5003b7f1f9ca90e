//! The rate limiter lets the burst through, then answers 429 problems with `Retry-After`.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use http_kit::rate_limit::{RateLimit, RateLimitConfig, apply};
use tower::ServiceExt;

fn limited_router(per_second: u32, burst: u32) -> Router {
    let router = Router::new()
        .route("/v1/ping", get(|| async { "pong" }))
        .route("/healthz", get(|| async { "ok" }));
    let limit = RateLimit::new(RateLimitConfig { per_second, burst }).unwrap();
    apply(router, limit)
}

async fn status(router: &Router, path: &str) -> (StatusCode, Option<String>, Option<String>) {
    let request = Request::get(path).body(Body::empty()).unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|value| value.to_str().unwrap().to_owned())
    };
    (
        response.status(),
        header("retry-after"),
        header("content-type"),
    )
}

#[tokio::test]
async fn limit_rejects_after_burst() {
    let router = limited_router(1, 3);

    for _ in 0..3 {
        assert_eq!(status(&router, "/v1/ping").await.0, StatusCode::OK);
    }
    let (code, retry_after, content_type) = status(&router, "/v1/ping").await;

    assert_eq!(code, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(retry_after.as_deref(), Some("1"));
    assert_eq!(content_type.as_deref(), Some("application/problem+json"));
}

#[tokio::test]
async fn limit_exempts_probes() {
    let router = limited_router(1, 1);
    assert_eq!(status(&router, "/v1/ping").await.0, StatusCode::OK);

    for _ in 0..5 {
        assert_eq!(status(&router, "/healthz").await.0, StatusCode::OK);
    }
    assert_eq!(
        status(&router, "/v1/ping").await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[test]
fn limit_zero_disables() {
    assert!(
        RateLimit::new(RateLimitConfig {
            per_second: 0,
            burst: 10
        })
        .is_none()
    );
}
