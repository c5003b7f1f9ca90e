//! `GET /v1/companies/{id}/trust/history`: points per period and range checks.

use axum::http::StatusCode;
use test_db::TestDb;

use crate::on_both_databases;
use crate::support::events::{at, deal, open, resolve};
use crate::support::{App, encode};

on_both_databases!(monthly_points_follow_events);
on_both_databases!(invalid_ranges_are_rejected);
on_both_databases!(invalid_times_name_field_and_format);

fn path(company: &str, query: &str) -> String {
    format!("/v1/companies/{company}/trust/history?{query}")
}

async fn monthly_points_follow_events(db: TestDb) {
    let app = App::new(db).await;
    app.company("s", true).await;
    for buyer in ["b1", "b2", "b3"] {
        app.company(buyer, true).await;
    }
    // Deals in January and February 2025, a lost dispute in April; `to` is 31 May.
    app.record(&[
        deal("d1", "s", "b1", "8000.00", 2),
        deal("d2", "s", "b2", "8000.00", 10),
        deal("d3", "s", "b3", "8000.00", 35),
        deal("d4", "s", "b1", "8000.00", 40),
        open("p1", "d4", "b1", "s", 95),
        resolve("p1", "lost", 100),
    ])
    .await;
    let query = format!(
        "from={}&to={}&interval=month",
        encode(&at(0)),
        encode(&at(150))
    );

    let (status, history) = app.get(&path("s", &query), &app.keys.buyer).await;

    assert_eq!(status, StatusCode::OK, "{history}");
    assert_eq!(history["interval"], "month");
    assert_eq!(history["modelVersion"], "beta-wilson-v1");
    let points = history["points"].as_array().unwrap();
    let starts: Vec<&str> = points
        .iter()
        .map(|p| p["periodStart"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        [
            "2025-01-01",
            "2025-02-01",
            "2025-03-01",
            "2025-04-01",
            "2025-05-01"
        ]
    );
    assert_eq!(
        points[0]["band"], "insufficient_history",
        "two deals in January"
    );
    assert!(points[1]["score"].is_number(), "four deals by February");
    let march = points[2]["score"].as_f64().unwrap();
    let april = points[3]["score"].as_f64().unwrap();
    assert!(
        april < march,
        "the lost dispute lowers April: {march} -> {april}"
    );
    assert_eq!(points[0]["asOf"], "2025-01-31T23:59:59.999999999Z");
    assert_eq!(
        points[4]["asOf"], "2025-05-31T00:00:00Z",
        "the last point ends at `to`"
    );
}

async fn invalid_ranges_are_rejected(db: TestDb) {
    let app = App::new(db).await;
    app.company("s", true).await;
    let token = app.keys.buyer.clone();
    let cases = [
        (
            format!("from={}&to={}", encode(&at(10)), encode(&at(10))),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-range",
        ),
        (
            format!("from={}&to={}", encode(&at(20)), encode(&at(10))),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-range",
        ),
        (
            format!("to={}", encode("2999-01-01T00:00:00Z")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "time-in-future",
        ),
        (
            format!(
                "from={}&to={}&interval=day",
                encode(&at(0)),
                encode(&at(700))
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "too-many-points",
        ),
        (
            "interval=year".to_owned(),
            StatusCode::BAD_REQUEST,
            "invalid-query",
        ),
        (
            "from=yesterday".to_owned(),
            StatusCode::BAD_REQUEST,
            "invalid-field",
        ),
    ];

    for (query, status, slug) in cases {
        let (actual, problem) = app.get(&path("s", &query), &token).await;
        assert_eq!(actual, status, "{query}: {problem}");
        assert_eq!(
            problem["type"],
            format!("urn:tradeseal:problem:{slug}"),
            "{query}"
        );
    }

    let (status, history) = app.get(&path("s", ""), &token).await;
    assert_eq!(status, StatusCode::OK, "{history}");
    let points = history["points"].as_array().unwrap().len();
    assert!(
        (12..=13).contains(&points),
        "default range of 12 months gave {points} points"
    );
}

async fn invalid_times_name_field_and_format(db: TestDb) {
    let app = App::new(db).await;
    app.company("s", true).await;
    let token = app.keys.buyer.clone();
    let cases = [
        ("/v1/companies/s/trust?asOf=abc", "asOf"),
        (
            "/v1/companies/s/trust?asOf=2025-03-01T00:00:00+05:00",
            "asOf",
        ),
        ("/v1/companies/s/trust/history?from=yesterday", "from"),
        ("/v1/companies/s/trust/history?to=abc", "to"),
    ];

    for (uri, field) in cases {
        let (status, problem) = app.get(uri, &token).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {problem}");
        assert_eq!(problem["field"], field, "{uri}: {problem}");
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains("RFC 3339"), "{detail}");
        assert!(detail.contains("2026-03-02T09:00:00Z"), "{detail}");
        assert!(detail.contains("%2B"), "{detail}");
    }

    let encoded = "/v1/companies/s/trust?asOf=2025-03-01T00:00:00%2B05:00";
    let (status, view) = app.get(encoded, &token).await;
    assert_eq!(status, StatusCode::OK, "{view}");
}
