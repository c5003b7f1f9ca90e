//! Request-rate limiting per client IP address, answering 429 with `Retry-After`.
//!
//! Uses the `governor` crate (generic cell rate algorithm, keyed state in a concurrent map).
//! The client address comes from the connection (`ConnectInfo`); requests without one, such
//! as in-process tests, share one bucket.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::ApiError;

/// Requests per second and burst size per client address.
#[derive(Debug, Clone, Copy)]
pub struct RateLimitConfig {
    /// Sustained requests per second; 0 turns limiting off.
    pub per_second: u32,
    /// Requests allowed at once above the sustained rate.
    pub burst: u32,
}

/// Limits a router: wraps it in the [`enforce`] middleware.
pub fn apply(router: axum::Router, limit: RateLimit) -> axum::Router {
    router.layer(axum::middleware::from_fn_with_state(limit, enforce))
}

/// Shared limiter state.
#[derive(Clone)]
pub struct RateLimit {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

impl RateLimit {
    /// Builds a limiter, or `None` when `per_second` is 0.
    pub fn new(config: RateLimitConfig) -> Option<Self> {
        let per_second = NonZeroU32::new(config.per_second)?;
        let burst = NonZeroU32::new(config.burst.max(config.per_second)).unwrap_or(per_second);
        let quota = Quota::per_second(per_second).allow_burst(burst);
        Some(Self {
            limiter: Arc::new(RateLimiter::keyed(quota)),
        })
    }

    /// Forgets idle clients so the key map stays bounded.
    pub fn clean_up(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

/// Middleware: lets a request through or answers 429 with the wait in `Retry-After`.
pub async fn enforce(State(limit): State<RateLimit>, request: Request, next: Next) -> Response {
    if is_exempt(request.uri().path()) {
        return next.run(request).await;
    }

    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());

    match limit.limiter.check_key(&client) {
        Ok(()) => next.run(request).await,
        Err(not_until) => {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            tracing::warn!(%client, "request rate limit reached");
            too_many_requests(wait).into_response()
        }
    }
}

/// Probes and metrics stay reachable for monitoring whatever the load.
fn is_exempt(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz" | "/metrics")
}

fn too_many_requests(wait: Duration) -> ApiError {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate-limited",
        "Too many requests",
        format!(
            "this client sent more requests than its rate limit allows; retry after {seconds} s"
        ),
    )
    .with_retry_after(seconds.max(1))
}
