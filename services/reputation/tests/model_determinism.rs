//! The view depends only on the set of events and `as_of`: order, repeats and the way the
//! ledger was filled must not change a single bit of it.

mod model_support;

use model_support::{SplitMix64, cancel, day, deal, directory, open, resolve};
use reputation::model::{
    Directory, DisputeOutcome, Event, Ledger, ModelConfig, TrustView, compute_view,
};

const COMPANIES: [&str; 6] = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];

/// Returns a history with every kind of event: deals between six companies, cancellations,
/// disputes with every outcome, one still open, a resolution stamped before its opening,
/// and a dispute about a deal completed later.
fn mixed_history() -> (Directory, Vec<Event>) {
    let directory = directory(&COMPANIES[..4], &COMPANIES[4..]);
    let mut random = SplitMix64(7);
    let mut events = Vec::new();

    for index in 0..80 {
        let seller = COMPANIES[random.below(6)];
        let buyer = COMPANIES
            .iter()
            .copied()
            .find(|other| *other != seller && random.below(3) == 0);
        let buyer = buyer.unwrap_or(if seller == "alpha" { "beta" } else { "alpha" });
        let usd = format!("{}.{:02}", 100 + random.below(40_000), random.below(100));
        events.push(deal(
            &format!("deal-{index}"),
            seller,
            buyer,
            &usd,
            day(random.below(700) as i64),
        ));
    }
    for (index, by) in COMPANIES.into_iter().enumerate() {
        events.push(cancel(
            &format!("cancelled-{index}"),
            by,
            "2500.50",
            day(100 * index as i64),
        ));
    }

    let outcomes = [
        DisputeOutcome::Won,
        DisputeOutcome::Settled,
        DisputeOutcome::Lost,
        DisputeOutcome::FraudConfirmed,
    ];
    for index in 0..12 {
        let Event::DealCompleted(disputed) = &events[index * 6] else {
            unreachable!("the first 80 events are deals");
        };
        let dispute_id = format!("dispute-{index}");
        let opened_at = disputed.occurred_at + chrono::TimeDelta::days(3);
        events.push(open(
            &dispute_id,
            &disputed.deal_id,
            &disputed.buyer,
            &disputed.seller,
            opened_at,
        ));
        if index != 11 {
            let resolved_at = opened_at + chrono::TimeDelta::days(20);
            events.push(resolve(&dispute_id, outcomes[index % 4], resolved_at));
        }
    }

    // Listed before its opening, so it waits as pending until the opening arrives.
    let alpha_deal = events.iter().find_map(|event| match event {
        Event::DealCompleted(sold) if sold.seller == "alpha" => Some(sold.clone()),
        _ => None,
    });
    let alpha_deal = alpha_deal.expect("alpha sells at least once");
    events.push(resolve("early", DisputeOutcome::Lost, day(660)));
    events.push(open(
        "early",
        &alpha_deal.deal_id,
        &alpha_deal.buyer,
        "alpha",
        day(650),
    ));
    // Listed before its deal, so it waits as pending until the deal arrives.
    events.push(open("before-deal", "late-deal", "beta", "alpha", day(697)));
    events.push(deal("late-deal", "alpha", "beta", "999.99", day(695)));
    (directory, events)
}

fn views(ledger: &Ledger, as_of: i64) -> Vec<TrustView> {
    let config = ModelConfig::default();
    COMPANIES
        .iter()
        .map(|company| compute_view(ledger, company, day(as_of), &config).unwrap())
        .collect()
}

/// Returns the events shuffled, with a random third of them repeated.
fn shuffled_with_repeats(events: &[Event], random: &mut SplitMix64) -> Vec<Event> {
    let mut stream = events.to_vec();
    for event in events {
        if random.below(3) == 0 {
            stream.push(event.clone());
        }
    }
    random.shuffle(&mut stream);
    stream
}

#[test]
fn shuffled_duplicated_stream_same_view() {
    let (directory, events) = mixed_history();
    let canonical = Ledger::build(directory.clone(), events.clone());
    assert!(
        canonical.rejected().is_empty(),
        "{:?}",
        canonical.rejected()
    );
    let expected: Vec<Vec<TrustView>> = [200, 500, 720]
        .map(|as_of| views(&canonical, as_of))
        .to_vec();

    for seed in 0..300 {
        let mut random = SplitMix64(seed);
        let stream = shuffled_with_repeats(&events, &mut random);

        let ledger = Ledger::build(directory.clone(), stream);

        for (as_of, expected) in [200, 500, 720].into_iter().zip(&expected) {
            assert_eq!(
                &views(&ledger, as_of),
                expected,
                "seed {seed}, as_of day {as_of}"
            );
        }
    }
}

#[test]
fn incremental_insert_same_view() {
    let (directory, events) = mixed_history();
    let expected = views(&Ledger::build(directory.clone(), events.clone()), 720);

    for seed in 0..100 {
        let mut random = SplitMix64(1000 + seed);
        let stream = shuffled_with_repeats(&events, &mut random);
        let mut ledger = Ledger::new(directory.clone());

        for event in stream {
            ledger.insert(event).unwrap();
        }

        assert!(
            ledger.pending().is_empty(),
            "seed {seed}: {:?}",
            ledger.pending()
        );
        assert_eq!(views(&ledger, 720), expected, "seed {seed}");
    }
}

#[test]
fn view_json_is_identical() {
    let (directory, events) = mixed_history();
    let mut reversed = events.clone();
    reversed.reverse();

    let first = views(&Ledger::build(directory.clone(), events), 720);
    let second = views(&Ledger::build(directory, reversed), 720);

    let first_json = serde_json::to_string(&first).unwrap();
    let second_json = serde_json::to_string(&second).unwrap();
    assert_eq!(first_json, second_json);
}

#[test]
fn history_covers_every_feature() {
    let (directory, events) = mixed_history();
    let ledger = Ledger::build(directory, events);

    let all = views(&ledger, 720);

    let resolved: u64 = all
        .iter()
        .map(|view| {
            let counts = view.evidence.disputes_by_outcome;
            counts.won + counts.settled + counts.lost + counts.fraud_confirmed
        })
        .sum();
    let open: usize = all
        .iter()
        .map(|view| view.evidence.open_disputes.len())
        .sum();
    let cancellations: u64 = all.iter().map(|view| view.evidence.cancellations).sum();
    assert_eq!(resolved, 12);
    assert_eq!(open, 2);
    assert_eq!(cancellations, 6);
}
