//! HTTP plumbing shared by the tradeseal services.
//!
//! Every service builds its `Router` from these pieces: one problem+json error type
//! ([`ApiError`]), the API-key [`Principal`] extractor, the request middleware stack
//! ([`layers::apply`]) and the health probes.

pub mod auth;
pub mod extract;
pub mod health;
pub mod layers;
pub mod metrics;
mod problem;
pub mod rate_limit;

pub use auth::{Authenticator, Principal};
pub use extract::{Json, Path, Query};
pub use problem::{ApiError, ApiResult, Problem};
