//! `POST /v1/events`: per-event results, idempotence, out-of-order arrival and malformed
//! batches.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use test_db::TestDb;

use crate::on_both_databases;
use crate::support::App;
use crate::support::events::{at, cancel, deal, open, resolve};

on_both_databases!(batch_results_follow_batch_order);
on_both_databases!(replay_changes_nothing);
on_both_databases!(dispute_waits_for_its_deal);
on_both_databases!(resolution_waits_for_its_opening);
on_both_databases!(same_batch_settles_pending_events);
on_both_databases!(malformed_batches_store_nothing);
on_both_databases!(invalid_ids_reject_only_their_event);
on_both_databases!(inconsistent_events_are_rejected);
on_both_databases!(pending_dispute_checked_when_deal_arrives);
on_both_databases!(invalid_occurred_at_names_field);

/// Returns `(status, code)` of each result.
fn statuses(results: &[Value]) -> Vec<(String, Option<String>)> {
    results
        .iter()
        .map(|result| {
            let status = result["status"].as_str().unwrap().to_owned();
            (status, result["code"].as_str().map(str::to_owned))
        })
        .collect()
}

fn expected(rows: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
    rows.iter()
        .map(|(status, code)| ((*status).to_owned(), code.map(str::to_owned)))
        .collect()
}

async fn setup(app: &App) {
    for (id, verified) in [("s", true), ("b1", true), ("b2", false), ("x", true)] {
        app.company(id, verified).await;
    }
}

async fn batch_results_follow_batch_order(db: TestDb) {
    let app = App::new(db).await;
    setup(&app).await;
    let mut future = deal("future", "s", "b1", "10.00", 0);
    future["occurredAt"] = json!("2999-01-01T00:00:00Z");
    let mut long_id = deal("long", "s", "b1", "10.00", 0);
    long_id["id"] = json!("e".repeat(129));
    let mut renamed_duplicate = deal("d1", "s", "b1", "100.00", 1);
    renamed_duplicate["id"] = json!("another-id-for-d1");
    let mut conflicting = deal("d1", "s", "b1", "999.00", 1);
    conflicting["id"] = json!("completed-d1");

    let batch = vec![
        deal("d1", "s", "b1", "100.00", 1),
        deal("d1", "s", "b1", "100.00", 1),
        renamed_duplicate,
        conflicting,
        open("p1", "d-later", "b2", "s", 5),
        deal("d2", "s", "nobody", "100.00", 2),
        deal("d3", "s", "s", "100.00", 2),
        deal("d4", "s", "b2", "-5.00", 2),
        cancel("d1", "s", "100.00", 3),
        future,
        long_id,
        deal("d5", "s", "b2", "250.00", 4),
    ];
    let results = app.events(&batch).await;

    assert_eq!(
        statuses(&results),
        expected(&[
            ("accepted", None),
            ("duplicate", Some("already_received")),
            ("duplicate", Some("same_facts")),
            ("rejected", Some("conflicting_duplicate")),
            ("pending", Some("waiting_for_deal")),
            ("rejected", Some("unknown_company")),
            ("rejected", Some("self_deal")),
            ("rejected", Some("non_positive_amount")),
            ("rejected", Some("deal_already_closed")),
            ("rejected", Some("occurred_in_future")),
            ("rejected", Some("id_too_long")),
            ("accepted", None),
        ])
    );
    let ids: Vec<&str> = results.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids[0], "completed-d1");
    assert_eq!(ids[5], "completed-d2");
    assert!(
        results[5]["reason"]
            .as_str()
            .unwrap()
            .contains("\"nobody\"")
    );

    assert_eq!(
        app.db.count("events").await,
        3,
        "d1, d5 and the pending dispute"
    );
    let view = app.trust_as_of("s", &at(10)).await;
    assert_eq!(view["evidence"]["completedDeals"], 2);
    assert_eq!(view["evidence"]["volumeUsd"], "350.00");
}

async fn replay_changes_nothing(db: TestDb) {
    let app = App::new(db).await;
    setup(&app).await;
    let batch = vec![
        deal("d1", "s", "b1", "1000.00", 1),
        deal("d2", "s", "b2", "2000.00", 2),
        open("p1", "d1", "b1", "s", 3),
        resolve("p1", "settled", 4),
        cancel("d3", "s", "50.00", 5),
    ];
    app.record(&batch).await;
    let versions = (app.version("s").await, app.version("b1").await);
    let rows = (
        app.db.count("events").await,
        app.db.count("event_companies").await,
    );
    let view = app.trust_as_of("s", &at(30)).await;

    let mut reversed = batch.clone();
    reversed.reverse();
    let results = app.events(&reversed).await;

    for result in &results {
        assert_eq!(result["status"], "duplicate", "{result}");
        assert_eq!(result["code"], "already_received", "{result}");
    }
    assert_eq!((app.version("s").await, app.version("b1").await), versions);
    assert_eq!(
        (
            app.db.count("events").await,
            app.db.count("event_companies").await
        ),
        rows
    );
    assert_eq!(app.trust_as_of("s", &at(30)).await, view);
}

async fn dispute_waits_for_its_deal(db: TestDb) {
    let app = App::new(db).await;
    setup(&app).await;

    let first = app.events(&[open("p1", "d1", "b1", "s", 3)]).await;
    assert_eq!(first[0]["status"], "pending");
    assert_eq!(
        app.trust_as_of("s", &at(10)).await["evidence"]["openDisputes"],
        json!([])
    );

    app.record(&[deal("d1", "s", "b1", "1000.00", 1)]).await;
    let view = app.trust_as_of("s", &at(10)).await;

    assert_eq!(view["evidence"]["openDisputes"][0]["disputeId"], "p1");
    assert_eq!(view["evidence"]["openDisputes"][0]["amountUsd"], "1000.00");
}

async fn resolution_waits_for_its_opening(db: TestDb) {
    let app = App::new(db).await;
    setup(&app).await;

    let first = app.events(&[resolve("p1", "lost", 9)]).await;
    assert_eq!(first[0]["status"], "pending");
    assert_eq!(first[0]["code"], "waiting_for_dispute");
    let second = app.events(&[open("p1", "d1", "b1", "s", 3)]).await;
    assert_eq!(second[0]["status"], "pending");
    app.record(&[deal("d1", "s", "b1", "1000.00", 1)]).await;

    let view = app.trust_as_of("s", &at(10)).await;
    assert_eq!(view["evidence"]["disputesByOutcome"]["lost"], 1, "{view}");
    assert_eq!(view["band"], "caution");
    let current = app.trust("s").await;
    assert_eq!(
        current["evidence"]["disputesByOutcome"]["lost"], 1,
        "{current}"
    );
}

async fn same_batch_settles_pending_events(db: TestDb) {
    let app = App::new(db).await;
    setup(&app).await;

    let results = app
        .events(&[
            resolve("p1", "lost", 9),
            open("p1", "d1", "b1", "s", 3),
            deal("d1", "s", "b1", "1000.00", 1),
            open("p2", "d2", "b1", "x", 3),
            deal("d2", "s", "b2", "1000.00", 2),
        ])
        .await;

    assert_eq!(
        statuses(&results),
        expected(&[
            ("accepted", None),
            ("accepted", None),
            ("accepted", None),
            ("rejected", Some("not_a_party")),
            ("accepted", None),
        ])
    );
    assert_eq!(
        app.db.count("events").await,
        4,
        "the rejected dispute is not stored"
    );
    let view = app.trust_as_of("s", &at(10)).await;
    assert_eq!(view["evidence"]["disputesByOutcome"]["lost"], 1);
}

async fn malformed_batches_store_nothing(db: TestDb) {
    let app = App::new(db).await;
    setup(&app).await;
    let token = app.keys.platform.clone();
    let valid = deal("d1", "s", "b1", "100.00", 1);
    let too_many: Vec<Value> = (0..1_001)
        .map(|index| deal(&format!("m{index}"), "s", "b1", "1.00", 1))
        .collect();

    let cases = [
        (
            json!({ "events": [] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty-batch",
        ),
        (
            json!({ "events": too_many }),
            StatusCode::PAYLOAD_TOO_LARGE,
            "batch-too-large",
        ),
        (
            json!({ "events": [valid.clone(), { "type": "deal.teleported", "id": "x" }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-event",
        ),
        (
            json!({ "events": [valid.clone(), { "type": "deal.completed", "id": "y" }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-event",
        ),
        (
            json!([valid.clone()]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-body",
        ),
        (
            json!({ "events": [valid.clone()], "extra": 1 }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-body",
        ),
    ];
    for (body, status, slug) in cases {
        let (actual, problem) = app.post("/v1/events", &token, &body).await;
        assert_eq!(actual, status, "{problem}");
        assert_eq!(
            problem["type"],
            format!("urn:tradeseal:problem:{slug}"),
            "{problem}"
        );
    }

    let (status, problem) = app
        .post(
            "/v1/events",
            &token,
            &json!({ "events": [valid.clone(), { "type": "deal.teleported" }] }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["field"], "events[1]");

    let raw = app
        .send_raw(
            Method::POST,
            "/v1/events",
            &token,
            "text/plain",
            "{not json",
        )
        .await;
    assert_eq!(raw, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let raw = app
        .send_raw(
            Method::POST,
            "/v1/events",
            &token,
            "application/json",
            "{not json",
        )
        .await;
    assert_eq!(raw, StatusCode::BAD_REQUEST);

    assert_eq!(app.db.count("events").await, 0);
}

async fn invalid_ids_reject_only_their_event(db: TestDb) {
    let app = App::new(db).await;
    setup(&app).await;
    let with = |mut event: Value, field: &str, value: &str| {
        event[field] = json!(value);
        event
    };

    let batch = vec![
        with(deal("d1", "s", "b1", "10.00", 1), "id", "nul\u{0}id"),
        with(deal("d2", "s", "b1", "10.00", 1), "dealId", "d2\u{0}"),
        with(deal("d3", "s", "b1", "10.00", 1), "seller", "s\u{0}"),
        with(deal("d4", "s", "b1", "10.00", 1), "buyer", "b1\u{0}"),
        with(deal("d5", "s", "b1", "10.00", 1), "id", "line\nbreak"),
        with(deal("d6", "s", "b1", "10.00", 1), "id", "bidi\u{202e}id"),
        with(open("p1", "d9", "b1", "s", 2), "disputeId", "p1\u{0}"),
        with(open("p2", "d9", "b1", "s", 2), "openedBy", "b1\u{0}"),
        with(open("p3", "d9", "b1", "s", 2), "against", "s\u{0}"),
        with(resolve("p4", "lost", 3), "disputeId", "."),
        with(cancel("d7", "s", "10.00", 1), "cancelledBy", "s\u{0}"),
        deal("d9", "s", "b1", "100.00", 1),
    ];
    let fields = [
        "id",
        "dealId",
        "seller",
        "buyer",
        "id",
        "id",
        "disputeId",
        "openedBy",
        "against",
        "disputeId",
        "cancelledBy",
    ];
    let results = app.events(&batch).await;

    assert_eq!(results.len(), batch.len());
    for (result, field) in results.iter().zip(fields) {
        assert_eq!(result["status"], "rejected", "{field}: {result}");
        assert_eq!(result["code"], "invalid_id", "{field}: {result}");
        let reason = result["reason"].as_str().unwrap();
        assert!(reason.contains(&format!(": {field} ")), "{field}: {reason}");
    }
    assert_eq!(results[11]["status"], "accepted", "{}", results[11]);

    assert_eq!(
        app.db.count("events").await,
        1,
        "only the valid deal is stored"
    );
    let view = app.trust_as_of("s", &at(10)).await;
    assert_eq!(view["evidence"]["completedDeals"], 1);
    assert_eq!(view["evidence"]["volumeUsd"], "100.00");
}

async fn inconsistent_events_are_rejected(db: TestDb) {
    let app = App::new(db).await;
    setup(&app).await;
    app.record(&[
        deal("d1", "s", "b1", "100.00", 5),
        open("p1", "d1", "b1", "s", 6),
    ])
    .await;
    let with = |mut event: Value, field: &str, value: Value| {
        event[field] = value;
        event
    };

    let batch = vec![
        open("p2", "d1", "x", "s", 6),
        open("p3", "d1", "b1", "s", 4),
        resolve("p1", "lost", 5),
        with(deal("d2", "s", "b1", "100.00", 1), "currency", json!("ABC")),
        with(
            deal("d3", "s", "b1", "100.00", 1),
            "amountUsd",
            json!("99.00"),
        ),
        with(
            deal("d4", "s", "b1", "100.00", 1),
            "occurredAt",
            json!("1999-12-31T23:59:59Z"),
        ),
        with(
            deal("d5", "s", "b1", "100.00", 1),
            "occurredAt",
            json!("2999-01-01T00:00:00Z"),
        ),
        with(
            deal("d6", "s", "b1", "100.00", 1),
            "amountUsd",
            json!("100"),
        ),
    ];
    let cases = [
        ("opener_not_a_party", "openedBy \"x\""),
        ("dispute_before_deal", "occurredAt"),
        ("resolution_before_opening", "occurredAt"),
        ("invalid_currency", "currency \"ABC\""),
        ("usd_amount_mismatch", "amountUsd \"99.00\""),
        ("occurred_too_early", "occurredAt 1999-12-31T23:59:59+00:00"),
        ("occurred_in_future", "occurredAt 2999-01-01T00:00:00+00:00"),
    ];
    let results = app.events(&batch).await;

    for (result, (code, field)) in results.iter().zip(cases) {
        assert_eq!(result["status"], "rejected", "{code}: {result}");
        assert_eq!(result["code"], code, "{result}");
        let reason = result["reason"].as_str().unwrap();
        assert!(reason.contains(field), "{code}: {reason}");
    }
    assert_eq!(results[7]["status"], "accepted", "{}", results[7]);
    assert_eq!(app.db.count("events").await, 3, "d1, p1 and d6");
}

async fn pending_dispute_checked_when_deal_arrives(db: TestDb) {
    let app = App::new(db).await;
    setup(&app).await;

    let results = app
        .events(&[
            open("p1", "d1", "x", "s", 6),
            open("p2", "d1", "b1", "s", 4),
            open("p3", "d1", "b1", "s", 7),
            resolve("p3", "lost", 6),
            deal("d1", "s", "b1", "100.00", 5),
        ])
        .await;

    assert_eq!(
        statuses(&results),
        expected(&[
            ("rejected", Some("opener_not_a_party")),
            ("rejected", Some("dispute_before_deal")),
            ("accepted", None),
            ("rejected", Some("resolution_before_opening")),
            ("accepted", None),
        ])
    );
    assert_eq!(app.db.count("events").await, 2, "d1 and p3");
    let view = app.trust_as_of("s", &at(10)).await;
    assert_eq!(
        view["evidence"]["openDisputes"][0]["disputeId"], "p3",
        "{view}"
    );
}

async fn invalid_occurred_at_names_field(db: TestDb) {
    let app = App::new(db).await;
    setup(&app).await;
    let mut yesterday = deal("d2", "s", "b1", "100.00", 1);
    yesterday["occurredAt"] = json!("yesterday");
    let body = json!({ "events": [deal("d1", "s", "b1", "100.00", 1), yesterday] });

    let (status, problem) = app
        .post("/v1/events", &app.keys.platform.clone(), &body)
        .await;

    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["field"], "events[1].occurredAt");
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("\"yesterday\""), "{detail}");
    assert!(detail.contains("RFC 3339"), "{detail}");
    assert!(detail.contains("2026-03-02T09:00:00Z"), "{detail}");
    assert_eq!(
        app.db.count("events").await,
        0,
        "a malformed batch stores nothing"
    );
}
