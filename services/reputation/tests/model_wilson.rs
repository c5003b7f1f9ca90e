//! The Wilson bound against values computed by hand, alone and through a small history.

mod model_support;

use model_support::{day, deal, directory};
use reputation::model::{Band, ModelConfig, evidence_interval, trust_view, wilson_interval};

#[test]
fn wilson_matches_hand_computation() {
    // p = 0.9, n = 10, z = 1.96, so z² = 3.8416:
    //   center = 0.9 + 3.8416 / 20 = 1.09208
    //   spread = 1.96 * sqrt(0.09 / 10 + 3.8416 / 400) = 1.96 * sqrt(0.018604) = 0.267337
    //   scale  = 1 + 3.8416 / 10 = 1.38416
    //   lower  = (1.09208 - 0.267337) / 1.38416 = 0.595844
    //   upper  = (1.09208 + 0.267337) / 1.38416 = 0.982124
    let interval = wilson_interval(0.9, 10.0, 1.96);

    assert!((interval.lower - 0.595844).abs() < 1e-6, "{interval:?}");
    assert!((interval.upper - 0.982124).abs() < 1e-6, "{interval:?}");
}

#[test]
fn empty_evidence_is_wide_interval() {
    // R = S = 0: p = 1/2 over n = 2 trials.
    let interval = evidence_interval(0.0, 0.0, 1.96);

    assert!((interval.lower - 0.094529).abs() < 1e-6, "{interval:?}");
    assert!((interval.upper - 0.905471).abs() < 1e-6, "{interval:?}");
}

#[test]
fn three_deal_history_matches_hand_computation() {
    // Three $2,000 deals with three verified buyers, seen the moment they complete:
    // weight 2 each, v = 0.5 * 2 = 1 per buyer, R = 3 * 10 * ln(1.1) = 2.859305,
    // S = 0, n = 4.859305, p = 3.859305 / 4.859305 = 0.794209.
    //   center = 0.794209 + 3.8416 / 9.718611 = 1.189492
    //   spread = 1.96 * sqrt(0.794209 * 0.205791 / 4.859305 + 3.8416 / 94.451396)
    //          = 1.96 * sqrt(0.033635 + 0.040673) = 0.534284
    //   scale  = 1 + 3.8416 / 4.859305 = 1.790566
    //   lower  = 0.655208 / 1.790566 = 0.365923 -> 36.6
    //   upper  = 1.723776 / 1.790566 = 0.962699 -> 96.3
    let companies = ["seller", "b1", "b2", "b3"];
    let events = ["b1", "b2", "b3"]
        .map(|buyer| deal(&format!("deal-{buyer}"), "seller", buyer, "2000.00", day(0)));

    let view = trust_view(
        directory(&companies, &[]),
        events,
        "seller",
        day(0),
        &ModelConfig::default(),
    )
    .unwrap();

    assert_eq!(view.score, Some(36.6));
    assert_eq!(view.band, Band::Caution);
    assert_eq!(view.confidence.lower, 36.6);
    assert_eq!(view.confidence.upper, 96.3);
    assert_eq!(view.evidence.positive_weight, 2.8593);
}
