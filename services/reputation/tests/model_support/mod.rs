//! Builders for the model tests: companies, events and times in a few words.

// `expect` would fail in the binaries that happen to use every helper.
#![allow(
    dead_code,
    reason = "several test binaries share this module and each uses a different part"
)]

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use reputation::model::{
    CompanyInfo, DealCancelled, DealCompleted, Directory, DisputeOpened, DisputeOutcome,
    DisputeResolved, Event,
};

/// Returns midnight UTC `days` after 2025-01-01.
pub(crate) fn day(days: i64) -> DateTime<Utc> {
    let epoch = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    epoch + TimeDelta::days(days)
}

/// Returns a directory with the given verified and unverified companies.
pub(crate) fn directory(verified: &[&str], unverified: &[&str]) -> Directory {
    let mut directory = Directory::new();
    for company in verified {
        directory.insert(*company, CompanyInfo::verified());
    }
    for company in unverified {
        directory.insert(*company, CompanyInfo::unverified());
    }
    directory
}

/// Returns a `deal.completed` in USD; the event id is `completed-<deal_id>`.
pub(crate) fn deal(
    deal_id: &str,
    seller: &str,
    buyer: &str,
    usd: &str,
    at: DateTime<Utc>,
) -> Event {
    Event::DealCompleted(DealCompleted {
        id: format!("completed-{deal_id}"),
        deal_id: deal_id.to_owned(),
        seller: seller.to_owned(),
        buyer: buyer.to_owned(),
        amount: usd.to_owned(),
        currency: "USD".to_owned(),
        amount_usd: usd.to_owned(),
        occurred_at: at,
    })
}

/// Returns a `deal.cancelled`; the event id is `cancelled-<deal_id>`.
pub(crate) fn cancel(deal_id: &str, by: &str, usd: &str, at: DateTime<Utc>) -> Event {
    Event::DealCancelled(DealCancelled {
        id: format!("cancelled-{deal_id}"),
        deal_id: deal_id.to_owned(),
        cancelled_by: by.to_owned(),
        amount_usd: usd.to_owned(),
        occurred_at: at,
    })
}

/// Returns a `dispute.opened`; the event id is `opened-<dispute_id>`.
pub(crate) fn open(
    dispute_id: &str,
    deal_id: &str,
    opened_by: &str,
    against: &str,
    at: DateTime<Utc>,
) -> Event {
    Event::DisputeOpened(DisputeOpened {
        id: format!("opened-{dispute_id}"),
        dispute_id: dispute_id.to_owned(),
        deal_id: deal_id.to_owned(),
        opened_by: opened_by.to_owned(),
        against: against.to_owned(),
        occurred_at: at,
    })
}

/// Returns a `dispute.resolved`; the event id is `resolved-<dispute_id>`.
pub(crate) fn resolve(dispute_id: &str, outcome: DisputeOutcome, at: DateTime<Utc>) -> Event {
    Event::DisputeResolved(DisputeResolved {
        id: format!("resolved-{dispute_id}"),
        dispute_id: dispute_id.to_owned(),
        outcome,
        occurred_at: at,
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
