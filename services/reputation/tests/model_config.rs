//! Model parameters: pinned defaults, range checks and the JSON form.

use reputation::model::{DEFAULT_MODEL_VERSION, ModelConfig};

#[test]
fn defaults_pinned_to_version() {
    // Changing any default changes scores: give the new parameters a new model_version
    // and update this test with both.
    let config = ModelConfig::default();
    let json = serde_json::to_value(&config).unwrap();

    let expected = serde_json::json!({
        "modelVersion": "beta-wilson-v1",
        "usdPerWeightUnit": 1000.0,
        "positiveWeightCap": 25.0,
        "negativeWeightCap": 250.0,
        "disputeSeverity": {"won": 0.0, "settled": 0.5, "lost": 2.0, "fraudConfirmed": 4.0},
        "cancellationSeverity": 0.25,
        "positiveHalfLifeDays": 365.0,
        "negativeHalfLifeDays": 730.0,
        "unverifiedCredibility": 0.05,
        "verifiedCredibility": 0.5,
        "kappa": 10.0,
        "z": 1.96,
        "minCompletedDeals": 3,
        "minDistinctCounterparties": 2,
        "minPositiveEvidence": 1.0,
        "bands": {"excellent": 90.0, "good": 80.0, "fair": 60.0},
        "topContributions": 5
    });
    assert_eq!(json, expected);
    assert_eq!(config.model_version, DEFAULT_MODEL_VERSION);
    assert_eq!(config.validate(), Ok(()));
}

#[test]
fn config_round_trips_through_json() {
    let config = ModelConfig::default();

    let text = serde_json::to_string(&config).unwrap();
    let parsed: ModelConfig = serde_json::from_str(&text).unwrap();

    assert_eq!(parsed, config);
}

#[test]
fn out_of_range_parameters_rejected() {
    type Change = fn(&mut ModelConfig);
    let cases: [(&str, Change); 7] = [
        ("modelVersion", |config| {
            config.model_version = " ".to_owned()
        }),
        ("kappa", |config| config.kappa = 0.0),
        ("positiveHalfLifeDays", |config| {
            config.positive_half_life_days = f64::NAN
        }),
        ("disputeSeverity.lost", |config| {
            config.dispute_severity.lost = -1.0
        }),
        ("verifiedCredibility", |config| {
            config.verified_credibility = 1.5
        }),
        ("unverifiedCredibility", |config| {
            config.unverified_credibility = 0.9
        }),
        ("bands.good", |config| config.bands.good = 50.0),
    ];

    for (field, change) in cases {
        let mut config = ModelConfig::default();
        change(&mut config);

        let error = config.validate().unwrap_err();

        assert_eq!(error.field, field);
        assert!(error.to_string().contains(field), "{error}");
    }
}
