//! The evidence about one company at one time: weighed, decayed and discounted.
//!
//! Positive evidence `R` comes from deals the company completed as seller. Each deal
//! weighs `min(amountUsd / 1000, 25)`, halved every 365 days of age. The deals with one
//! buyer `j` add up to `v_j = credibility_j * sum(weights)`. Then
//! `R = sum_j kappa * ln(1 + v_j / kappa)`, so repeat business with one buyer saturates.
//! A deal with an open dispute adds nothing until the dispute is resolved.
//!
//! Negative evidence `S` is not discounted per counterparty. A resolved dispute against
//! the company weighs `min(amountUsd / 1000, 250) * severity(outcome)` and a cancellation
//! by the company `min(amountUsd / 1000, 250) * 0.25`, each halved every 730 days.
//! (Numbers are the defaults of [`ModelConfig`].)
//!
//! Sums run in a fixed order (by buyer, then time and event id), so the same set of
//! events gives bit-identical floats whatever order the ledger received them in.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::ledger::{DealRecord, DisputeRecord};
use super::{DisputeCounts, DisputeOutcome, EventKind, Ledger, ModelConfig, OpenDispute};

/// One event's share of the evidence.
#[derive(Debug, Clone)]
pub(crate) struct Item<'a> {
    pub(crate) event_id: &'a str,
    pub(crate) kind: EventKind,
    pub(crate) at: DateTime<Utc>,
    /// Decayed weight, before the buyer's credibility for positive items.
    pub(crate) weight: f64,
}

/// The completed deals with one buyer.
#[derive(Debug, Clone)]
pub(crate) struct BuyerGroup<'a> {
    pub(crate) credibility: f64,
    /// `credibility * sum(item weights)`.
    pub(crate) value: f64,
    pub(crate) items: Vec<Item<'a>>,
}

/// Everything the score and the view need about one company at one time.
#[derive(Debug, Clone, Default)]
pub(crate) struct Evidence<'a> {
    pub(crate) completed_deals: u64,
    pub(crate) volume_usd: Decimal,
    pub(crate) largest_deal_usd: Option<Decimal>,
    pub(crate) distinct_counterparties: u64,
    pub(crate) verified_counterparties: u64,
    pub(crate) disputes_by_outcome: DisputeCounts,
    pub(crate) open_disputes: Vec<OpenDispute>,
    pub(crate) cancellations: u64,
    pub(crate) buyers: Vec<BuyerGroup<'a>>,
    pub(crate) negatives: Vec<Item<'a>>,
    /// Positive evidence `R`.
    pub(crate) positive: f64,
    /// Negative evidence `S`.
    pub(crate) negative: f64,
}

/// Returns `kappa * ln(1 + value / kappa)`: about `value` while small, growing only
/// logarithmically past `kappa`.
pub(crate) fn saturate(value: f64, kappa: f64) -> f64 {
    kappa * (value / kappa).ln_1p()
}

/// Gathers the evidence about `company` from events that took effect by `as_of`.
pub(crate) fn gather<'a>(
    ledger: &'a Ledger,
    company: &str,
    as_of: DateTime<Utc>,
    config: &ModelConfig,
) -> Evidence<'a> {
    let mut evidence = Evidence::default();
    let mut positives: Vec<(&str, Item<'a>)> = Vec::new();

    for deal in ledger.deals.iter() {
        let event = &deal.event;
        if event.seller != company || event.occurred_at > as_of {
            continue;
        }
        evidence.completed_deals += 1;
        evidence.volume_usd += cents(deal.amount_usd);
        evidence.largest_deal_usd = evidence.largest_deal_usd.max(Some(deal.amount_usd));

        if !under_open_dispute(ledger, deal, as_of) {
            let base = base_weight(deal.amount_usd, config.positive_weight_cap, config);
            let item = Item {
                event_id: &event.id,
                kind: EventKind::DealCompleted,
                at: event.occurred_at,
                weight: base * decay(event.occurred_at, as_of, config.positive_half_life_days),
            };
            positives.push((&event.buyer, item));
        } else {
            // The deal still counts as a counterparty relation, with no weight.
            positives.push((
                &event.buyer,
                empty_item(event.id.as_str(), event.occurred_at),
            ));
        }
    }

    group_buyers(ledger, &mut evidence, positives, config);
    gather_disputes(ledger, company, as_of, config, &mut evidence);
    gather_cancellations(ledger, company, as_of, config, &mut evidence);

    evidence
        .negatives
        .sort_by(|a, b| (a.at, a.event_id).cmp(&(b.at, b.event_id)));
    evidence.negative = evidence.negatives.iter().map(|item| item.weight).sum();
    evidence
}

fn empty_item(event_id: &str, at: DateTime<Utc>) -> Item<'_> {
    Item {
        event_id,
        kind: EventKind::DealCompleted,
        at,
        weight: 0.0,
    }
}

/// Groups positive items by buyer and computes `R`.
fn group_buyers<'a>(
    ledger: &'a Ledger,
    evidence: &mut Evidence<'a>,
    mut positives: Vec<(&str, Item<'a>)>,
    config: &ModelConfig,
) {
    positives.sort_by(|(buyer_a, a), (buyer_b, b)| {
        (buyer_a, a.at, a.event_id).cmp(&(buyer_b, b.at, b.event_id))
    });

    let buyers: BTreeSet<&str> = positives.iter().map(|(buyer, _)| *buyer).collect();
    evidence.distinct_counterparties = buyers.len() as u64;
    evidence.verified_counterparties = buyers
        .iter()
        .filter(|buyer| {
            ledger
                .directory()
                .get(buyer)
                .is_some_and(|info| info.verified)
        })
        .count() as u64;

    for chunk in positives.chunk_by(|(buyer_a, _), (buyer_b, _)| buyer_a == buyer_b) {
        let buyer = chunk[0].0;
        let credibility = ledger.directory().credibility(buyer, config);
        let items: Vec<Item<'a>> = chunk
            .iter()
            .map(|(_, item)| item.clone())
            .filter(|item| item.weight > 0.0)
            .collect();
        let value = credibility * items.iter().map(|item| item.weight).sum::<f64>();

        evidence.positive += saturate(value, config.kappa);
        evidence.buyers.push(BuyerGroup {
            credibility,
            value,
            items,
        });
    }
}

/// Counts the disputes against `company` and weighs the resolved ones.
fn gather_disputes<'a>(
    ledger: &'a Ledger,
    company: &str,
    as_of: DateTime<Utc>,
    config: &ModelConfig,
    evidence: &mut Evidence<'a>,
) {
    for dispute in ledger.disputes.iter() {
        if dispute.event.against != company || dispute.effective_at > as_of {
            continue;
        }
        let deal = &ledger.deals[dispute.deal];

        let resolution = dispute
            .resolution
            .as_ref()
            .filter(|resolution| resolution.effective_at <= as_of);
        let Some(resolution) = resolution else {
            evidence.open_disputes.push(OpenDispute {
                dispute_id: dispute.event.dispute_id.clone(),
                deal_id: deal.event.deal_id.clone(),
                amount_usd: format_usd(deal.amount_usd),
            });
            continue;
        };

        let outcome = resolution.event.outcome;
        evidence.disputes_by_outcome.add(outcome);
        let base = base_weight(deal.amount_usd, config.negative_weight_cap, config);
        let weight = base
            * severity(outcome, config)
            * decay(
                resolution.effective_at,
                as_of,
                config.negative_half_life_days,
            );
        if weight > 0.0 {
            evidence.negatives.push(Item {
                event_id: &resolution.event.id,
                kind: EventKind::DisputeResolved,
                at: resolution.effective_at,
                weight,
            });
        }
    }
    evidence
        .open_disputes
        .sort_by(|a, b| a.dispute_id.cmp(&b.dispute_id));
}

/// Counts and weighs the deals `company` cancelled.
fn gather_cancellations<'a>(
    ledger: &'a Ledger,
    company: &str,
    as_of: DateTime<Utc>,
    config: &ModelConfig,
    evidence: &mut Evidence<'a>,
) {
    for cancel in ledger.cancellations.iter() {
        let event = &cancel.event;
        if event.cancelled_by != company || event.occurred_at > as_of {
            continue;
        }
        evidence.cancellations += 1;

        let base = base_weight(cancel.amount_usd, config.negative_weight_cap, config);
        let weight = base
            * config.cancellation_severity
            * decay(event.occurred_at, as_of, config.negative_half_life_days);
        if weight > 0.0 {
            evidence.negatives.push(Item {
                event_id: &event.id,
                kind: EventKind::DealCancelled,
                at: event.occurred_at,
                weight,
            });
        }
    }
}

/// Returns whether a dispute about `deal` is open at `as_of`.
fn under_open_dispute(ledger: &Ledger, deal: &DealRecord, as_of: DateTime<Utc>) -> bool {
    deal.disputes.iter().any(|&index| {
        let dispute: &DisputeRecord = &ledger.disputes[index];
        let opened = dispute.effective_at <= as_of;
        let resolved = dispute
            .resolution
            .as_ref()
            .is_some_and(|resolution| resolution.effective_at <= as_of);
        opened && !resolved
    })
}

/// Returns `min(amount_usd / usd_per_weight_unit, cap)`.
fn base_weight(amount_usd: Decimal, cap: f64, config: &ModelConfig) -> f64 {
    // Every Decimal fits in an f64 (at most about 7.9e28); the fallback only keeps the
    // function total, and the cap applies either way.
    let amount = amount_usd.to_f64().unwrap_or(f64::INFINITY);
    (amount / config.usd_per_weight_unit).min(cap)
}

/// Returns `0.5^(age_days / half_life_days)` for an event at `at`, seen at `as_of`.
pub(crate) fn decay(at: DateTime<Utc>, as_of: DateTime<Utc>, half_life_days: f64) -> f64 {
    const MILLIS_PER_DAY: f64 = 86_400_000.0;

    let age_days = (as_of - at).num_milliseconds().max(0) as f64 / MILLIS_PER_DAY;
    (-age_days / half_life_days).exp2()
}

fn severity(outcome: DisputeOutcome, config: &ModelConfig) -> f64 {
    let severity = &config.dispute_severity;
    match outcome {
        DisputeOutcome::Won => severity.won,
        DisputeOutcome::Settled => severity.settled,
        DisputeOutcome::Lost => severity.lost,
        DisputeOutcome::FraudConfirmed => severity.fraud_confirmed,
    }
}

/// Rounds to whole cents, half away from zero. Volumes add cents, so the sum is exact
/// for any number of deals a `Decimal` can count.
fn cents(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Formats a USD amount with exactly two decimals, such as `"1250.00"`.
pub(crate) fn format_usd(amount: Decimal) -> String {
    let mut rounded = cents(amount);
    rounded.rescale(2);
    rounded.to_string()
}
