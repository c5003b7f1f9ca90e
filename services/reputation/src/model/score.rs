//! The trust view of one company at one time: score, band, evidence and contributions.

use chrono::{DateTime, Utc};

use super::evidence::{Evidence, Item, format_usd, gather, saturate};
use super::wilson::evidence_interval;
use super::{
    Band, Confidence, ConfigError, Contribution, Direction, Directory, Event, EvidenceSummary,
    Ledger, ModelConfig, TrustView,
};

/// A view that cannot be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ViewError {
    /// The company is not in the ledger's directory.
    #[error("company {company_id:?} is not a known company; register it first")]
    UnknownCompany {
        /// The requested company id.
        company_id: String,
    },
    /// A model parameter is out of range.
    #[error(transparent)]
    InvalidConfig(#[from] ConfigError),
}

/// Computes the trust view of `company_id` from the events in `ledger` that took effect
/// by `as_of`.
///
/// The score is withheld (`None`, band `insufficient_history`) while the company has
/// fewer than 3 completed deals as seller, fewer than 2 distinct buyers, or positive
/// evidence `R` below 1, unless there is negative evidence (`S > 0`): bad news always
/// shows. (Thresholds are the defaults of [`ModelConfig`].) Runs in O(n log n) for n
/// events in the ledger.
pub fn compute_view(
    ledger: &Ledger,
    company_id: &str,
    as_of: DateTime<Utc>,
    config: &ModelConfig,
) -> Result<TrustView, ViewError> {
    config.validate()?;
    if !ledger.directory().contains(company_id) {
        return Err(ViewError::UnknownCompany {
            company_id: company_id.to_owned(),
        });
    }

    let evidence = gather(ledger, company_id, as_of, config);
    let interval = evidence_interval(evidence.positive, evidence.negative, config.z);
    let lower = round_to(100.0 * interval.lower, 1);

    let score = is_shown(&evidence, config).then_some(lower);
    Ok(TrustView {
        company_id: company_id.to_owned(),
        score,
        band: score.map_or(Band::InsufficientHistory, |score| band(score, config)),
        confidence: Confidence {
            lower,
            upper: round_to(100.0 * interval.upper, 1),
        },
        top_contributions: top_contributions(&evidence, config),
        evidence: summarize(&evidence),
        model_version: config.model_version.clone(),
        computed_at: as_of,
    })
}

/// Builds a ledger from `events` (in any order, with repeats) and computes the view of
/// `company_id`, ignoring events that break a validation rule.
pub fn trust_view(
    directory: Directory,
    events: impl IntoIterator<Item = Event>,
    company_id: &str,
    as_of: DateTime<Utc>,
    config: &ModelConfig,
) -> Result<TrustView, ViewError> {
    let ledger = Ledger::build(directory, events);
    compute_view(&ledger, company_id, as_of, config)
}

/// Returns whether the score is shown rather than withheld.
fn is_shown(evidence: &Evidence<'_>, config: &ModelConfig) -> bool {
    let enough_history = evidence.completed_deals >= config.min_completed_deals
        && evidence.distinct_counterparties >= config.min_distinct_counterparties
        && evidence.positive >= config.min_positive_evidence;
    evidence.negative > 0.0 || enough_history
}

/// Returns the band of a displayed score. Bands use the rounded score, so a score shown
/// as 90.0 is `excellent` even when the unrounded value was 89.96.
pub fn band(score: f64, config: &ModelConfig) -> Band {
    let bands = &config.bands;
    if score >= bands.excellent {
        Band::Excellent
    } else if score >= bands.good {
        Band::Good
    } else if score >= bands.fair {
        Band::Fair
    } else {
        Band::Caution
    }
}

fn summarize(evidence: &Evidence<'_>) -> EvidenceSummary {
    EvidenceSummary {
        completed_deals: evidence.completed_deals,
        volume_usd: format_usd(evidence.volume_usd),
        largest_deal_usd: evidence.largest_deal_usd.map(format_usd),
        distinct_counterparties: evidence.distinct_counterparties,
        verified_counterparties: evidence.verified_counterparties,
        disputes_by_outcome: evidence.disputes_by_outcome,
        open_disputes: evidence.open_disputes.clone(),
        cancellations: evidence.cancellations,
        positive_weight: round_to(evidence.positive, 4),
        negative_weight: round_to(evidence.negative, 4),
    }
}

/// Ranks every weighted event by its leave-one-out effect on the unrounded score and
/// returns the largest `config.top_contributions`, ties broken by event id.
///
/// Each effect costs O(1): removing a deal changes only its buyer's term of `R`, and
/// removing a negative event only `S`.
fn top_contributions(evidence: &Evidence<'_>, config: &ModelConfig) -> Vec<Contribution> {
    let score_of = |positive: f64, negative: f64| {
        100.0 * evidence_interval(positive, negative, config.z).lower
    };
    let (positive, negative) = (evidence.positive, evidence.negative);
    let current = score_of(positive, negative);
    let mut ranked: Vec<(f64, f64, &Item<'_>)> = Vec::new();

    for group in &evidence.buyers {
        let term = saturate(group.value, config.kappa);
        for item in &group.items {
            let rest = (group.value - group.credibility * item.weight).max(0.0);
            let share = term - saturate(rest, config.kappa);
            ranked.push((current - score_of(positive - share, negative), share, item));
        }
    }
    for item in &evidence.negatives {
        let without = (negative - item.weight).max(0.0);
        ranked.push((current - score_of(positive, without), item.weight, item));
    }

    ranked.sort_by(|(effect_a, _, a), (effect_b, _, b)| {
        effect_b
            .abs()
            .total_cmp(&effect_a.abs())
            .then_with(|| a.event_id.cmp(b.event_id))
    });
    ranked
        .into_iter()
        .take(config.top_contributions)
        .map(|(effect, weight, item)| contribution(item, effect, weight))
        .collect()
}

fn contribution(item: &Item<'_>, effect: f64, weight: f64) -> Contribution {
    let direction = match item.kind {
        super::EventKind::DealCompleted => Direction::Positive,
        _ => Direction::Negative,
    };
    Contribution {
        event_id: item.event_id.to_owned(),
        kind: item.kind,
        direction,
        weight: round_to(weight, 4),
        effect: round_to(effect, 2),
    }
}

/// Rounds half away from zero to `decimals` places.
pub(crate) fn round_to(value: f64, decimals: i32) -> f64 {
    let scale = 10_f64.powi(decimals);
    let rounded = (value * scale).round() / scale;

    // Adding zero turns -0.0 (a zero-severity dispute's weight) into 0.0, so JSON shows 0.0.
    rounded + 0.0
}

#[cfg(test)]
mod tests {
    use super::round_to;

    #[test]
    fn round_to_drops_negative_zero() {
        let rounded = round_to(-0.0, 4);

        assert_eq!(rounded, 0.0);
        assert!(rounded.is_sign_positive());
        assert_eq!(serde_json::to_string(&rounded).unwrap(), "0.0");
    }

    #[test]
    fn round_to_rounds_half_away_from_zero() {
        assert_eq!(round_to(1.25, 1), 1.3);
        assert_eq!(round_to(-2.5, 0), -3.0);
    }
}
