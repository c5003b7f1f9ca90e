//! How the default model ranks companies, checked end to end through the HTTP API.

use serde_json::Value;
use test_db::TestDb;

use crate::on_both_databases;
use crate::support::App;
use crate::support::events::{at, deal, open, resolve};

on_both_databases!(thin_history_then_big_lost_dispute);
on_both_databases!(disputes_all_won_change_nothing);
on_both_databases!(one_buyer_scores_below_fifteen);
on_both_databases!(unverified_ring_stays_below_honest_seller);
on_both_databases!(large_trader_survives_one_small_loss);

fn score(view: &Value) -> Option<f64> {
    view["score"].as_f64()
}

fn lower_bound(view: &Value) -> f64 {
    view["confidence"]["lower"].as_f64().unwrap()
}

/// Registers `count` companies named `<prefix>-<n>` and returns their ids.
async fn register(app: &App, prefix: &str, count: usize, verified: bool) -> Vec<String> {
    let mut ids = Vec::with_capacity(count);
    for index in 0..count {
        let id = format!("{prefix}-{index}");
        app.company(&id, verified).await;
        ids.push(id);
    }
    ids
}

async fn thin_history_then_big_lost_dispute(db: TestDb) {
    let app = App::new(db).await;
    app.company("seller", true).await;
    let buyers = register(&app, "buyer", 50, true).await;
    let small: Vec<Value> = buyers
        .iter()
        .enumerate()
        .map(|(index, buyer)| {
            deal(
                &format!("small-{index}"),
                "seller",
                buyer,
                "10.00",
                index as i64,
            )
        })
        .collect();
    app.record(&small).await;

    let thin = app.trust_as_of("seller", &at(80)).await;
    assert_eq!(thin["score"], Value::Null, "{thin}");
    assert_eq!(thin["band"], "insufficient_history");
    assert_eq!(thin["evidence"]["completedDeals"], 50);

    app.record(&[
        deal("big", "seller", "buyer-0", "50000.00", 60),
        open("big-dispute", "big", "buyer-0", "seller", 61),
        resolve("big-dispute", "lost", 70),
    ])
    .await;
    let after = app.trust_as_of("seller", &at(80)).await;

    let shown = score(&after).expect("a lost dispute always shows the score");
    assert_eq!(after["band"], "caution", "{after}");
    assert!(shown < 60.0, "score {shown}");
    assert_eq!(after["evidence"]["disputesByOutcome"]["lost"], 1);
    assert_eq!(
        after["topContributions"][0]["eventId"],
        "resolved-big-dispute"
    );
}

async fn disputes_all_won_change_nothing(db: TestDb) {
    let app = App::new(db).await;
    app.company("seller", true).await;
    app.company("competitor", true).await;
    let buyers = register(&app, "buyer", 10, true).await;
    let deals: Vec<Value> = (0..20)
        .map(|index| {
            deal(
                &format!("d{index}"),
                "seller",
                &buyers[index % 10],
                "5000.00",
                index as i64 * 5,
            )
        })
        .collect();
    app.record(&deals).await;
    let as_of = at(200);
    let before = app.trust_as_of("seller", &as_of).await;

    // A competitor is no party of the deals, so its openings are rejected.
    let attacks: Vec<Value> = (0..10)
        .map(|index| {
            open(
                &format!("attack-{index}"),
                &format!("d{index}"),
                "competitor",
                "seller",
                110,
            )
        })
        .collect();
    for result in app.events(&attacks).await {
        assert_eq!(result["status"], "rejected", "{result}");
        assert_eq!(result["code"], "opener_not_a_party", "{result}");
    }
    assert_eq!(app.trust_as_of("seller", &as_of).await, before);

    let mut disputes = Vec::new();
    for index in 0..10 {
        let dispute = format!("claim-{index}");
        disputes.push(open(
            &dispute,
            &format!("d{index}"),
            &buyers[index % 10],
            "seller",
            110,
        ));
        disputes.push(resolve(&dispute, "won", 120));
    }
    app.record(&disputes).await;
    let after = app.trust_as_of("seller", &as_of).await;

    assert!(score(&before).is_some(), "{before}");
    assert_eq!(after["score"], before["score"]);
    assert_eq!(after["confidence"], before["confidence"]);
    assert_eq!(
        after["evidence"]["positiveWeight"],
        before["evidence"]["positiveWeight"]
    );
    assert_eq!(after["evidence"]["negativeWeight"], 0.0);
    assert_eq!(after["evidence"]["disputesByOutcome"]["won"], 10);
}

async fn one_buyer_scores_below_fifteen(db: TestDb) {
    let app = App::new(db).await;
    app.company("loyal", true).await;
    app.company("spread", true).await;
    let buyers = register(&app, "buyer", 15, true).await;

    let mut events = Vec::new();
    for index in 0..30 {
        let day = index as i64 * 3;
        events.push(deal(
            &format!("loyal-{index}"),
            "loyal",
            "buyer-0",
            "2000.00",
            day,
        ));
        events.push(deal(
            &format!("spread-{index}"),
            "spread",
            &buyers[index % 15],
            "2000.00",
            day,
        ));
    }
    app.record(&events).await;
    let as_of = at(100);
    let loyal = app.trust_as_of("loyal", &as_of).await;
    let spread = app.trust_as_of("spread", &as_of).await;

    assert_eq!(
        loyal["evidence"]["volumeUsd"],
        spread["evidence"]["volumeUsd"]
    );
    let spread_score = score(&spread).expect("15 verified buyers show a score");
    assert!(
        lower_bound(&loyal) < spread_score,
        "one buyer {} vs fifteen {spread_score}",
        lower_bound(&loyal)
    );
    if let Some(loyal_score) = score(&loyal) {
        assert!(
            loyal_score < spread_score,
            "{loyal_score} vs {spread_score}"
        );
    }
}

async fn unverified_ring_stays_below_honest_seller(db: TestDb) {
    let app = App::new(db).await;
    let ring = register(&app, "ring", 5, false).await;
    app.company("honest", true).await;
    let buyers = register(&app, "buyer", 8, true).await;

    let mut events = Vec::new();
    for (seller_index, seller) in ring.iter().enumerate() {
        for (buyer_index, buyer) in ring.iter().enumerate().filter(|(i, _)| *i != seller_index) {
            for repeat in 0..8 {
                let id = format!("ring-{seller_index}-{buyer_index}-{repeat}");
                events.push(deal(&id, seller, buyer, "5000.00", repeat * 10));
            }
        }
    }
    for index in 0..32 {
        let id = format!("honest-{index}");
        events.push(deal(
            &id,
            "honest",
            &buyers[index % 8],
            "5000.00",
            (index / 8) as i64 * 20,
        ));
    }
    app.record(&events).await;
    let as_of = at(100);
    let honest = app.trust_as_of("honest", &as_of).await;

    let honest_score = score(&honest).expect("the honest seller shows a score");
    for member in &ring {
        let view = app.trust_as_of(member, &as_of).await;
        assert_eq!(
            view["evidence"]["volumeUsd"],
            honest["evidence"]["volumeUsd"]
        );
        let member_score = score(&view).unwrap_or(0.0);
        assert!(
            member_score < honest_score - 10.0,
            "{member} scores {member_score}, honest seller {honest_score}"
        );
    }
}

async fn large_trader_survives_one_small_loss(db: TestDb) {
    let app = App::new(db).await;
    app.company("trader", true).await;
    let buyers = register(&app, "buyer", 50, true).await;
    let deals: Vec<Value> = (0..500)
        .map(|index| {
            deal(
                &format!("t{index}"),
                "trader",
                &buyers[index % 50],
                "3000.00",
                index as i64,
            )
        })
        .collect();
    app.record(&deals).await;
    app.record(&[
        deal("small", "trader", "buyer-0", "500.00", 500),
        open("small-dispute", "small", "buyer-0", "trader", 501),
        resolve("small-dispute", "lost", 505),
    ])
    .await;

    let view = app.trust_as_of("trader", &at(510)).await;

    assert_eq!(view["band"], "excellent", "{view}");
    assert_eq!(view["evidence"]["disputesByOutcome"]["lost"], 1);
    assert_eq!(view["evidence"]["completedDeals"], 501);
}

on_both_databases!(worked_example_matches_docs);

/// The worked example of `docs/scoring.md`, figure by figure.
async fn worked_example_matches_docs(db: TestDb) {
    let app = App::new(db).await;
    app.company("lahore-looms", true).await;
    let buyers = register(&app, "buyer", 4, true).await;
    let deals: Vec<Value> = (0..12)
        .map(|index| {
            deal(
                &format!("x{index}"),
                "lahore-looms",
                &buyers[index % 4],
                "8000.00",
                185,
            )
        })
        .collect();
    app.record(&deals).await;
    // 2026-01-01 is day 365; the deals are from 5 July 2025, day 185.
    let as_of = at(365);
    assert_eq!(as_of, "2026-01-01T00:00:00+00:00");

    let before = app.trust_as_of("lahore-looms", &as_of).await;
    assert_eq!(before["score"], 81.5, "{before}");
    assert_eq!(before["band"], "good");
    assert_eq!(before["confidence"]["upper"], 99.3);
    assert_eq!(before["evidence"]["positiveWeight"], 24.6629);

    app.record(&[
        open("loss", "x0", "buyer-0", "lahore-looms", 273),
        resolve("loss", "lost", 305),
    ])
    .await;
    let after = app.trust_as_of("lahore-looms", &as_of).await;

    assert_eq!(after["score"], 46.3, "{after}");
    assert_eq!(after["band"], "caution");
    assert_eq!(after["confidence"]["lower"], 46.3);
    assert_eq!(after["confidence"]["upper"], 74.6);
    assert_eq!(after["evidence"]["positiveWeight"], 24.6629);
    assert_eq!(after["evidence"]["negativeWeight"], 15.1139);
    assert_eq!(after["topContributions"][0]["eventId"], "resolved-loss");
}
