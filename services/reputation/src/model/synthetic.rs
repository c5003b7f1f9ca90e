//! Generated histories for benchmarks and load tests.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::{
    CompanyInfo, DealCompleted, Directory, DisputeOpened, DisputeOutcome, DisputeResolved, Event,
    Ledger,
};

/// A generated ledger with the company to score and the time to score it at.
#[derive(Debug, Clone)]
pub struct SyntheticHistory {
    /// The ledger.
    pub ledger: Ledger,
    /// The seller whose view to compute.
    pub company_id: String,
    /// A time just after the last event (a resolution one week after the last deal).
    pub as_of: DateTime<Utc>,
}

/// Builds a seller with `deals` completed deals over about three years, sold to 200
/// buyers (half verified) for $100 to $50,000, with one dispute per 50 deals, resolved
/// with rotating outcomes. The same `deals` and `seed` always give the same history.
///
/// `compute_view(&history.ledger, &history.company_id, history.as_of, &config)` is the
/// benchmark target.
pub fn seller_with_deals(deals: usize, seed: u64) -> SyntheticHistory {
    const BUYERS: u64 = 200;
    let mut random = SplitMix64(seed);
    let start = Utc
        .with_ymd_and_hms(2023, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let company_id = "seller".to_owned();

    let mut directory = Directory::new();
    directory.insert(company_id.clone(), CompanyInfo::verified());
    for buyer in 0..BUYERS {
        let info = if buyer % 2 == 0 {
            CompanyInfo::verified()
        } else {
            CompanyInfo::unverified()
        };
        directory.insert(format!("buyer-{buyer}"), info);
    }

    let mut events = Vec::with_capacity(deals + deals / 25);
    let mut at = start;
    for index in 0..deals {
        at += TimeDelta::seconds(60 + (random.next() % 9_000) as i64);
        let cents = 10_000 + random.next() % 4_990_000;
        let buyer = format!("buyer-{}", random.next() % BUYERS);
        events.push(Event::DealCompleted(DealCompleted {
            id: format!("event-deal-{index}"),
            deal_id: format!("deal-{index}"),
            seller: company_id.clone(),
            buyer: buyer.clone(),
            amount: format!("{}.{:02}", cents / 100, cents % 100),
            currency: "USD".to_owned(),
            amount_usd: format!("{}.{:02}", cents / 100, cents % 100),
            occurred_at: at,
        }));
        if index % 50 == 49 {
            events.extend(dispute_events(index, at, &buyer, &company_id));
        }
    }

    SyntheticHistory {
        ledger: Ledger::build(directory, events),
        company_id,
        as_of: at + TimeDelta::days(8),
    }
}

/// Returns an opening by the deal's buyer and a resolution a week later for deal `index`.
fn dispute_events(index: usize, at: DateTime<Utc>, buyer: &str, seller: &str) -> [Event; 2] {
    let outcomes = [
        DisputeOutcome::Won,
        DisputeOutcome::Settled,
        DisputeOutcome::Lost,
        DisputeOutcome::FraudConfirmed,
    ];
    let dispute_id = format!("dispute-{index}");
    [
        Event::DisputeOpened(DisputeOpened {
            id: format!("event-open-{index}"),
            dispute_id: dispute_id.clone(),
            deal_id: format!("deal-{index}"),
            opened_by: buyer.to_owned(),
            against: seller.to_owned(),
            occurred_at: at + TimeDelta::hours(1),
        }),
        Event::DisputeResolved(DisputeResolved {
            id: format!("event-resolve-{index}"),
            dispute_id,
            outcome: outcomes[(index / 50) % outcomes.len()],
            occurred_at: at + TimeDelta::days(7),
        }),
    ]
}

/// The SplitMix64 generator: small, fast and reproducible, which is all test data needs.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut mixed = self.0;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        mixed ^ (mixed >> 31)
    }
}
