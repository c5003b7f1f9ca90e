//! Score history: one point per period end, each equal to the view at that time.

mod model_support;

use chrono::{NaiveDate, TimeZone, Utc};
use model_support::{day, deal, directory};
use reputation::model::{
    Band, Interval, Ledger, MAX_TREND_POINTS, ModelConfig, TrendError, compute_view, history,
};

/// Returns a seller with one $3,000 deal to a new verified buyer every 10 days of 2025.
fn ledger() -> Ledger {
    let buyers: Vec<String> = (0..37).map(|index| format!("buyer-{index}")).collect();
    let mut verified: Vec<&str> = buyers.iter().map(String::as_str).collect();
    verified.push("seller");
    let events = buyers.iter().enumerate().map(|(index, buyer)| {
        deal(
            &format!("d{index}"),
            "seller",
            buyer,
            "3000",
            day(10 * index as i64),
        )
    });
    Ledger::build(directory(&verified, &[]), events)
}

#[test]
fn monthly_points_end_each_month() {
    let ledger = ledger();
    let config = ModelConfig::default();
    let from = Utc.with_ymd_and_hms(2025, 1, 15, 0, 0, 0).unwrap();
    let to = Utc.with_ymd_and_hms(2025, 4, 10, 12, 0, 0).unwrap();

    let points = history(&ledger, "seller", from, to, Interval::Month, &config).unwrap();

    let starts: Vec<NaiveDate> = points.iter().map(|point| point.period_start).collect();
    let expected_starts = [(2025, 1), (2025, 2), (2025, 3), (2025, 4)]
        .map(|(year, month)| NaiveDate::from_ymd_opt(year, month, 1).unwrap());
    assert_eq!(starts, expected_starts);
    let january_end =
        Utc.with_ymd_and_hms(2025, 2, 1, 0, 0, 0).unwrap() - chrono::TimeDelta::nanoseconds(1);
    assert_eq!(points[0].as_of, january_end);
    assert_eq!(points[3].as_of, to);

    for point in &points {
        let view = compute_view(&ledger, "seller", point.as_of, &config).unwrap();
        assert_eq!(point.score, view.score, "{}", point.as_of);
        assert_eq!(point.band, view.band);
        assert_eq!(point.confidence, view.confidence);
    }
}

#[test]
fn trend_rises_as_deals_accumulate() {
    let ledger = ledger();
    let from = day(0);
    let to = day(364);

    let points = history(
        &ledger,
        "seller",
        from,
        to,
        Interval::Month,
        &ModelConfig::default(),
    )
    .unwrap();

    assert_eq!(points.len(), 12);
    // January has 4 deals (days 0-30) with R = 4 * 10 * ln(1.15), about 5.6: enough to show.
    assert_eq!(points[0].band, Band::Caution);
    let scores: Vec<f64> = points.iter().map(|point| point.score.unwrap()).collect();
    assert!(
        scores.windows(2).all(|pair| pair[0] < pair[1]),
        "{scores:?}"
    );
}

#[test]
fn day_and_week_intervals() {
    let ledger = ledger();
    let config = ModelConfig::default();
    // 2025-01-01 is a Wednesday; the week containing it starts on Monday 2024-12-30.
    let days = history(&ledger, "seller", day(0), day(6), Interval::Day, &config).unwrap();
    let weeks = history(&ledger, "seller", day(0), day(20), Interval::Week, &config).unwrap();

    assert_eq!(days.len(), 7);
    assert_eq!(weeks.len(), 4);
    assert_eq!(
        weeks[0].period_start,
        NaiveDate::from_ymd_opt(2024, 12, 30).unwrap()
    );
    assert_eq!(weeks[3].as_of, day(20));
}

#[test]
fn reversed_range_rejected() {
    let result = history(
        &ledger(),
        "seller",
        day(10),
        day(0),
        Interval::Month,
        &ModelConfig::default(),
    );

    assert!(
        matches!(result, Err(TrendError::InvalidRange { .. })),
        "{result:?}"
    );
}

#[test]
fn overlong_range_rejected() {
    let to = day(MAX_TREND_POINTS as i64 + 1);

    let result = history(
        &ledger(),
        "seller",
        day(0),
        to,
        Interval::Day,
        &ModelConfig::default(),
    );

    assert!(
        matches!(result, Err(TrendError::TooManyPoints)),
        "{result:?}"
    );
}

#[test]
fn unknown_company_rejected() {
    let result = history(
        &ledger(),
        "ghost",
        day(0),
        day(40),
        Interval::Month,
        &ModelConfig::default(),
    );

    assert!(matches!(result, Err(TrendError::View(_))), "{result:?}");
}
