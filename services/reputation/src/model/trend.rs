//! Score history for a trend chart: the view at the end of each period.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Band, Confidence, Ledger, ModelConfig, ViewError, compute_view};

/// Most points one call returns: 50 years of months.
pub const MAX_TREND_POINTS: usize = 600;

/// Length of one trend period. Weeks start on Monday; all periods are in UTC.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    /// Calendar days.
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    #[default]
    Month,
}

/// The score at the end of one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    /// First day of the period.
    pub period_start: NaiveDate,
    /// The time the point describes: the last nanosecond of the period, or the end of
    /// the requested range for the last, unfinished period.
    pub as_of: DateTime<Utc>,
    /// The score, or `null` while withheld.
    pub score: Option<f64>,
    /// The band.
    pub band: Band,
    /// The Wilson interval, times 100.
    pub confidence: Confidence,
}

/// The reason a trend request was rejected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TrendError {
    /// `from` is after `to`.
    #[error("trend range starts at {from} after it ends at {to}; swap the bounds")]
    InvalidRange {
        /// Requested start.
        from: DateTime<Utc>,
        /// Requested end.
        to: DateTime<Utc>,
    },
    /// The range has more periods than [`MAX_TREND_POINTS`].
    #[error(
        "trend range has more than {MAX_TREND_POINTS} periods; use a longer interval or a shorter range"
    )]
    TooManyPoints,
    /// The view could not be computed.
    #[error(transparent)]
    View(#[from] ViewError),
}

/// Returns the score of `company_id` at the end of each period that ends within
/// `[from, to]`, then at `to` itself when `to` falls inside an unfinished period.
///
/// Each point is a full [`compute_view`] at that time, so a point never depends on
/// events after it.
pub fn history(
    ledger: &Ledger,
    company_id: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    interval: Interval,
    config: &ModelConfig,
) -> Result<Vec<TrendPoint>, TrendError> {
    if from > to {
        return Err(TrendError::InvalidRange { from, to });
    }

    let mut points = Vec::new();
    let mut start = period_start(from.date_naive(), interval);
    loop {
        let next = next_period(start, interval);
        let period_end = next
            .and_hms_opt(0, 0, 0)
            .map(|time| time.and_utc() - TimeDelta::nanoseconds(1));
        let Some(as_of) = period_end.map(|end| end.min(to)) else {
            break;
        };

        if as_of >= from {
            if points.len() == MAX_TREND_POINTS {
                return Err(TrendError::TooManyPoints);
            }
            points.push(point(ledger, company_id, start, as_of, config)?);
        }
        if as_of >= to {
            break;
        }
        start = next;
    }
    Ok(points)
}

fn point(
    ledger: &Ledger,
    company_id: &str,
    period_start: NaiveDate,
    as_of: DateTime<Utc>,
    config: &ModelConfig,
) -> Result<TrendPoint, ViewError> {
    let view = compute_view(ledger, company_id, as_of, config)?;
    Ok(TrendPoint {
        period_start,
        as_of,
        score: view.score,
        band: view.band,
        confidence: view.confidence,
    })
}

/// Returns the first day of the period containing `day`.
fn period_start(day: NaiveDate, interval: Interval) -> NaiveDate {
    match interval {
        Interval::Day => day,
        Interval::Week => {
            let since_monday = u64::from(day.weekday().num_days_from_monday());
            day.checked_sub_days(Days::new(since_monday)).unwrap_or(day)
        }
        Interval::Month => day.with_day(1).unwrap_or(day),
    }
}

/// Returns the first day of the period after the one starting at `start`.
fn next_period(start: NaiveDate, interval: Interval) -> NaiveDate {
    let next = match interval {
        Interval::Day => start.checked_add_days(Days::new(1)),
        Interval::Week => start.checked_add_days(Days::new(7)),
        Interval::Month => start.checked_add_months(Months::new(1)),
    };
    // Only fails past chrono's last date (year 262142).
    next.unwrap_or(NaiveDate::MAX)
}
