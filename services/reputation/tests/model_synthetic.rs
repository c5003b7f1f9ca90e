//! The benchmark input: 10,000 deals, scored in one call.

use reputation::model::{ModelConfig, compute_view, synthetic};

#[test]
fn ten_thousand_deals_view() {
    let history = synthetic::seller_with_deals(10_000, 42);
    let config = ModelConfig::default();

    let view = compute_view(&history.ledger, &history.company_id, history.as_of, &config).unwrap();

    assert!(history.ledger.rejected().is_empty());
    assert_eq!(view.evidence.completed_deals, 10_000);
    assert_eq!(view.evidence.distinct_counterparties, 200);
    assert_eq!(view.evidence.verified_counterparties, 100);
    let resolved = view.evidence.disputes_by_outcome;
    assert_eq!(
        resolved.won + resolved.settled + resolved.lost + resolved.fraud_confirmed,
        200
    );
    assert!(view.score.is_some());
    assert_eq!(view.top_contributions.len(), 5);
}

#[test]
fn synthetic_history_is_reproducible() {
    let config = ModelConfig::default();
    let first = synthetic::seller_with_deals(500, 7);
    let second = synthetic::seller_with_deals(500, 7);

    let first_view = compute_view(&first.ledger, &first.company_id, first.as_of, &config);
    let second_view = compute_view(&second.ledger, &second.company_id, second.as_of, &config);

    assert_eq!(first_view, second_view);
}
