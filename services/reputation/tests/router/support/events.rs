//! Event JSON for the router tests, with times in whole days after 2025-01-01.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use serde_json::{Value, json};

/// Returns midnight UTC `days` after 2025-01-01.
pub(crate) fn day(days: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap() + TimeDelta::days(days)
}

/// Returns `day(days)` in RFC 3339.
pub(crate) fn at(days: i64) -> String {
    day(days).to_rfc3339()
}

/// A `deal.completed` in USD with event id `completed-<deal>`.
pub(crate) fn deal(deal: &str, seller: &str, buyer: &str, usd: &str, days: i64) -> Value {
    json!({
        "type": "deal.completed",
        "id": format!("completed-{deal}"),
        "dealId": deal,
        "seller": seller,
        "buyer": buyer,
        "amount": usd,
        "currency": "USD",
        "amountUsd": usd,
        "occurredAt": at(days),
    })
}

/// A `deal.cancelled` with event id `cancelled-<deal>`.
pub(crate) fn cancel(deal: &str, by: &str, usd: &str, days: i64) -> Value {
    json!({
        "type": "deal.cancelled",
        "id": format!("cancelled-{deal}"),
        "dealId": deal,
        "cancelledBy": by,
        "amountUsd": usd,
        "occurredAt": at(days),
    })
}

/// A `dispute.opened` with event id `opened-<dispute>`.
pub(crate) fn open(dispute: &str, deal: &str, by: &str, against: &str, days: i64) -> Value {
    json!({
        "type": "dispute.opened",
        "id": format!("opened-{dispute}"),
        "disputeId": dispute,
        "dealId": deal,
        "openedBy": by,
        "against": against,
        "occurredAt": at(days),
    })
}

/// A `dispute.resolved` with event id `resolved-<dispute>`.
pub(crate) fn resolve(dispute: &str, outcome: &str, days: i64) -> Value {
    json!({
        "type": "dispute.resolved",
        "id": format!("resolved-{dispute}"),
        "disputeId": dispute,
        "outcome": outcome,
        "occurredAt": at(days),
    })
}

/// The SplitMix64 generator, for reproducible shuffles without a dependency.
pub(crate) struct SplitMix64(pub(crate) u64);

impl SplitMix64 {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut mixed = self.0;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        mixed ^ (mixed >> 31)
    }

    /// Returns a number in `0..bound`.
    pub(crate) fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    /// Shuffles `items` in place (Fisher-Yates).
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for index in (1..items.len()).rev() {
            items.swap(index, self.below(index + 1));
        }
    }
}
