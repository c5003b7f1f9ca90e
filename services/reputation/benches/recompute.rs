//! Cost of recomputing one trust view for a seller with 10,000 completed deals.
//!
//! Two measurements:
//! - `model`: `compute_view` on a ledger already in memory (the scoring alone);
//! - `recompute`: `GET /v1/companies/seller/trust?asOf=...` through the router on a
//!   SQLite file, which is what a cache miss costs: read the version, load and parse the
//!   10,200 stored events and the directory, build the ledger and score.
//!
//! Run with `cargo bench -p reputation --bench recompute`. Without `--bench` (as under
//! `cargo test --all-targets`) it runs once on 200 deals as a smoke test.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cache::{Cache, CacheOptions, Fallback, MemoryConfig};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use domain::Role;
use http_body_util::BodyExt;
use reputation::model::{ModelConfig, compute_view, synthetic};
use reputation::{ReputationConfig, ReputationState};
use serde_json::{Value, json};
use storage::api_keys::DbAuthenticator;
use tower::ServiceExt;

const BUYERS: usize = 200;

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let (deals, runs) = if full { (10_000, 30) } else { (200, 1) };

    bench_model(deals, runs);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(bench_recompute(deals, runs));
}

fn bench_model(deals: usize, runs: usize) {
    let history = synthetic::seller_with_deals(deals, 1);
    let config = ModelConfig::default();

    let timings = measure(runs, || {
        let view = compute_view(&history.ledger, &history.company_id, history.as_of, &config)
            .expect("the synthetic seller is in the directory");
        std::hint::black_box(view);
    });
    report("model", deals, &timings);
}

async fn bench_recompute(deals: usize, runs: usize) {
    let db = test_db::TestDb::sqlite().await;
    let router = router(&db);
    let token = storage::api_keys::create(&db.db, Role::Admin, "bench", None)
        .await
        .expect("an API key")
        .token;
    seed(&router, &token, deals).await;

    let as_of = start() + TimeDelta::days(2_000);
    let path = format!(
        "/v1/companies/seller/trust?asOf={}",
        as_of.to_rfc3339().replace('+', "%2B").replace(':', "%3A")
    );
    let mut timings = Vec::with_capacity(runs);
    for _ in 0..runs + 2 {
        let started = Instant::now();
        let (status, view) = send(&router, &token, "GET", &path, None).await;
        timings.push(started.elapsed());
        assert_eq!(status, StatusCode::OK, "{view}");
        assert_eq!(view["evidence"]["completedDeals"], deals);
    }
    // The first two runs warm the SQLite page cache and the allocator.
    report("recompute", deals, &timings[2..]);
}

fn router(db: &test_db::TestDb) -> axum::Router {
    let auth = Arc::new(DbAuthenticator::new(db.db.clone()));
    let cache = Cache::memory(&MemoryConfig::default(), CacheOptions::default());
    let fallback = Fallback::new(4, Duration::from_secs(10));
    let state = ReputationState::new(
        db.db.clone(),
        auth,
        cache,
        fallback,
        ReputationConfig::default(),
    )
    .expect("default model parameters are valid");
    reputation::router(state).into()
}

/// Registers the seller and its buyers, then sends the deals and disputes in batches.
async fn seed(router: &axum::Router, token: &str, deals: usize) {
    let mut companies = vec!["seller".to_owned()];
    companies.extend((0..BUYERS).map(|buyer| format!("buyer-{buyer}")));
    for (index, id) in companies.iter().enumerate() {
        let body = json!({
            "id": id,
            "name": format!("Company {id}"),
            "country": if index % 2 == 0 { "PK" } else { "AZ" },
            "registrationNumber": format!("R{index}"),
            "verified": index % 2 == 1,
        });
        let (status, response) = send(router, token, "POST", "/v1/companies", Some(&body)).await;
        assert_eq!(status, StatusCode::CREATED, "{response}");
    }

    let events = history(deals);
    for batch in events.chunks(1_000) {
        let body = json!({ "events": batch });
        let (status, response) = send(router, token, "POST", "/v1/events", Some(&body)).await;
        assert_eq!(status, StatusCode::OK, "{response}");
        assert_eq!(response["rejected"], 0, "{response}");
    }
}

/// Deals every few hours over about three years, with a dispute on every 50th deal.
fn history(deals: usize) -> Vec<Value> {
    let outcomes = ["won", "settled", "lost", "fraud_confirmed"];
    let mut events = Vec::with_capacity(deals + deals / 25);

    for index in 0..deals {
        let at = start() + TimeDelta::minutes(150 * index as i64);
        let cents = 10_000 + (index * 7_919) % 4_990_000;
        let usd = format!("{}.{:02}", cents / 100, cents % 100);
        events.push(json!({
            "type": "deal.completed",
            "id": format!("completed-{index}"),
            "dealId": format!("deal-{index}"),
            "seller": "seller",
            "buyer": format!("buyer-{}", (index * 31) % BUYERS),
            "amount": usd,
            "currency": "USD",
            "amountUsd": usd,
            "occurredAt": at.to_rfc3339(),
        }));
        if index % 50 == 49 {
            events.push(json!({
                "type": "dispute.opened",
                "id": format!("opened-{index}"),
                "disputeId": format!("dispute-{index}"),
                "dealId": format!("deal-{index}"),
                "openedBy": format!("buyer-{}", (index * 31) % BUYERS),
                "against": "seller",
                "occurredAt": (at + TimeDelta::hours(1)).to_rfc3339(),
            }));
            events.push(json!({
                "type": "dispute.resolved",
                "id": format!("resolved-{index}"),
                "disputeId": format!("dispute-{index}"),
                "outcome": outcomes[(index / 50) % outcomes.len()],
                "occurredAt": (at + TimeDelta::days(7)).to_rfc3339(),
            }));
        }
    }
    events
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2021, 1, 1, 0, 0, 0)
        .single()
        .expect("a valid date")
}

async fn send(
    router: &axum::Router,
    token: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> (StatusCode, Value) {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.map_or_else(Body::empty, |body| Body::from(body.to_string())))
        .expect("a valid request");
    let response = router.clone().oneshot(request).await.expect("a response");
    let status = response.status();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn measure(runs: usize, mut work: impl FnMut()) -> Vec<Duration> {
    work();
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect()
}

fn report(name: &str, deals: usize, timings: &[Duration]) {
    let mut sorted = timings.to_vec();
    sorted.sort();
    let total: Duration = sorted.iter().sum();
    let mean = total / u32::try_from(sorted.len().max(1)).unwrap_or(u32::MAX);
    println!(
        "{name:<10} deals={deals:<6} runs={:<3} min={:>9.3} ms  median={:>9.3} ms  mean={:>9.3} ms",
        sorted.len(),
        ms(sorted.first().copied().unwrap_or_default()),
        ms(sorted[sorted.len() / 2]),
        ms(mean),
    );
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1_000.0
}
