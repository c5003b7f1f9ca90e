//! The same history and time always give the same view, whatever the order, batching
//! and repetition of the events that carried it.

use sea_orm::DatabaseBackend;
use serde_json::Value;
use test_db::TestDb;

use crate::on_both_databases;
use crate::support::App;
use crate::support::events::{SplitMix64, at, cancel, deal, open, resolve};

on_both_databases!(shuffled_replay_gives_same_views);

const SELLERS: [&str; 3] = ["s0", "s1", "s2"];
const BUYERS: usize = 12;

/// Returns a history with deals, cancellations and disputes of every outcome.
fn history() -> Vec<Value> {
    let mut random = SplitMix64(7);
    let outcomes = ["won", "settled", "lost", "fraud_confirmed"];
    let mut events = Vec::new();

    for index in 0..240 {
        let seller = SELLERS[index % SELLERS.len()];
        let buyer = format!("b{}", random.below(BUYERS));
        let cents = 10_000 + random.below(2_000_000);
        let usd = format!("{}.{:02}", cents / 100, cents % 100);
        let day = (index * 2) as i64;
        let deal_id = format!("d{index}");

        if index % 17 == 16 {
            events.push(cancel(&deal_id, seller, &usd, day));
            continue;
        }
        events.push(deal(&deal_id, seller, &buyer, &usd, day));
        if index % 9 == 8 {
            let dispute = format!("p{index}");
            events.push(open(&dispute, &deal_id, &buyer, seller, day + 3));
            if index % 27 != 26 {
                let outcome = outcomes[(index / 9) % outcomes.len()];
                events.push(resolve(&dispute, outcome, day + 20));
            }
        }
    }
    events
}

async fn register_all(app: &App) {
    for seller in SELLERS {
        app.company(seller, true).await;
    }
    for buyer in 0..BUYERS {
        app.company(&format!("b{buyer}"), buyer % 3 != 0).await;
    }
}

/// Returns every company's view as of `as_of` and its monthly history, without the
/// `source` field, which records how the view was served.
async fn views(app: &App, as_of: &str) -> Vec<Value> {
    let mut all = Vec::new();
    let companies = SELLERS
        .iter()
        .map(|seller| (*seller).to_owned())
        .chain((0..BUYERS).map(|buyer| format!("b{buyer}")));
    for company in companies {
        let mut view = app.trust_as_of(&company, as_of).await;
        view.as_object_mut().unwrap().remove("source");
        all.push(view);

        let path = format!(
            "/v1/companies/{company}/trust/history?from={}&to={}&interval=month",
            crate::support::encode(&at(0)),
            crate::support::encode(as_of)
        );
        let (status, history) = app.get(&path, &app.keys.buyer).await;
        assert_eq!(status, axum::http::StatusCode::OK, "{history}");
        all.push(history);
    }
    all
}

async fn shuffled_replay_gives_same_views(db: TestDb) {
    let second_db = match db.db.get_database_backend() {
        DatabaseBackend::Postgres => TestDb::postgres()
            .await
            .expect("PostgreSQL answered before"),
        _ => TestDb::sqlite().await,
    };
    let ordered = App::new(db).await;
    let replayed = App::new(second_db).await;
    register_all(&ordered).await;
    register_all(&replayed).await;
    let events = history();

    ordered.record(&events).await;

    let mut random = SplitMix64(42);
    let mut stream = events.clone();
    for _ in 0..events.len() / 3 {
        stream.push(events[random.below(events.len())].clone());
    }
    random.shuffle(&mut stream);
    let mut start = 0;
    while start < stream.len() {
        let end = (start + 1 + random.below(60)).min(stream.len());
        let results = replayed.events(&stream[start..end]).await;
        for result in results {
            assert_ne!(result["status"], "rejected", "{result}");
        }
        start = end;
    }

    let as_of = at(520);
    let expected = views(&ordered, &as_of).await;
    let actual = views(&replayed, &as_of).await;
    assert_eq!(expected.len(), actual.len());
    for (expected, actual) in expected.iter().zip(&actual) {
        assert_eq!(actual, expected);
    }
    assert!(expected[0]["score"].is_number(), "{}", expected[0]);
}
