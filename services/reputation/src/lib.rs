//! The reputation service: companies, deal and dispute events, trust scores.
//!
//! The platform registers companies and sends the deal and dispute events it has
//! verified. Buyers read each company's trust score with its confidence, its evidence
//! and its trend. The scoring itself is the pure [`model`]. This crate stores events,
//! keeps views in the cache and serves them over HTTP. `docs/scoring.md` explains the
//! score in plain words.
//!
//! | Endpoint | Roles |
//! | --- | --- |
//! | `POST /v1/companies` | platform, admin |
//! | `PUT /v1/companies/{id}` | platform, admin |
//! | `GET /v1/companies/{id}` | buyer, platform, admin |
//! | `POST /v1/events` | platform, admin |
//! | `GET /v1/companies/{id}/trust` | buyer, platform, admin |
//! | `GET /v1/companies/{id}/trust/history` | buyer, platform, admin |
//!
//! Storage: the database is the truth (`companies`, `events` with their JSON,
//! `event_companies` indexing each event under the companies it concerns, and the
//! `company_versions` counters). The cache holds computed views only; see [`views`] for
//! how reads and writes use it, and [`ingest`] for how batches are decided.
//!
//! The same stored events, the same company records and the same `asOf` give the same
//! view. Verification is read as it is now, also for a past `asOf`. Which of two
//! contradicting events is stored depends on which arrived first, and the response to
//! the second says it was rejected.

mod company;
mod entity;
mod error;
pub mod ingest;
pub mod model;
mod snapshot;
mod state;
mod trust;
mod versions;
pub mod views;

use axum::extract::DefaultBodyLimit;
use domain::Role;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use company::{
    Company, CompanyUpdate, MAX_ID_LEN, MAX_NAME_LEN, MAX_REGISTRATION_NUMBER_LEN, NewCompany,
};
pub use state::{ReputationConfig, ReputationState};
pub use trust::{HistoryQuery, TrustHistory, TrustQuery, TrustResponse};

/// Roles that may register companies and record events.
const WRITERS: [Role; 2] = [Role::Platform, Role::Admin];
/// Roles that may read companies and scores.
const READERS: [Role; 3] = [Role::Buyer, Role::Platform, Role::Admin];

/// Builds the reputation service's routes with their OpenAPI descriptions, state applied.
pub fn router(state: ReputationState) -> OpenApiRouter {
    OpenApiRouter::new()
        .routes(routes!(company::create_company))
        .routes(routes!(company::get_company, company::put_company))
        .routes(routes!(ingest::post_events))
        .routes(routes!(trust::get_trust))
        .routes(routes!(trust::get_history))
        .layer(DefaultBodyLimit::max(ingest::MAX_BATCH_BYTES))
        .with_state(state)
}
