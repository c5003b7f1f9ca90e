//! Scenarios the default model must get right, each checked against the formula by hand.

mod model_support;

use model_support::{cancel, day, deal, directory, open, resolve};
use reputation::model::{
    Band, Direction, DisputeOutcome, Event, EventKind, ModelConfig, TrustView, trust_view,
};
use reputation::model::{Directory, band, evidence_interval};

fn view(directory: &Directory, events: &[Event], company: &str, as_of: i64) -> TrustView {
    trust_view(
        directory.clone(),
        events.iter().cloned(),
        company,
        day(as_of),
        &ModelConfig::default(),
    )
    .unwrap()
}

fn buyers(count: usize) -> Vec<String> {
    (0..count).map(|index| format!("buyer-{index}")).collect()
}

fn directory_with(verified: &[String], unverified: &[String]) -> Directory {
    let verified: Vec<&str> = verified.iter().map(String::as_str).collect();
    let unverified: Vec<&str> = unverified.iter().map(String::as_str).collect();
    directory(&verified, &unverified)
}

#[test]
fn small_deals_then_big_lost_dispute() {
    // 50 deals of $10 weigh 0.01 each; times credibility 0.5 that is v = 0.005 per buyer
    // and R = 50 * 10 * ln(1.0005), about 0.25: below the minimum of 1.
    let mut names = buyers(50);
    names.push("seller".to_owned());
    let directory = directory_with(&names, &[]);
    let mut events: Vec<Event> = (0..50)
        .map(|index| {
            deal(
                &format!("small-{index}"),
                "seller",
                &names[index],
                "10.00",
                day(index as i64),
            )
        })
        .collect();

    let thin = view(&directory, &events, "seller", 60);
    assert_eq!(thin.score, None);
    assert_eq!(thin.band, Band::InsufficientHistory);
    assert_eq!(thin.evidence.completed_deals, 50);
    assert!(
        thin.evidence.positive_weight < 1.0,
        "R = {}",
        thin.evidence.positive_weight
    );

    // A $50,000 deal lost in dispute: S = min(50, 250) * 2 = 100 against R of about 8.4,
    // so p is about 0.085 and the score lands far below 60.
    events.push(deal("big", "seller", "buyer-0", "50000.00", day(50)));
    events.push(open("big-dispute", "big", "buyer-0", "seller", day(51)));
    events.push(resolve("big-dispute", DisputeOutcome::Lost, day(55)));
    let after = view(&directory, &events, "seller", 60);

    let score = after
        .score
        .expect("negative evidence always shows the score");
    assert_eq!(after.band, Band::Caution);
    assert!(score < 10.0, "score {score}");
    assert_eq!(after.evidence.disputes_by_outcome.lost, 1);
    assert_eq!(after.top_contributions[0].event_id, "resolved-big-dispute");
    assert_eq!(after.top_contributions[0].direction, Direction::Negative);
}

/// Returns an honest seller with 20 deals of $5,000 over 10 verified buyers, one every 10 days.
fn honest_seller() -> (Directory, Vec<Event>) {
    let mut names = buyers(10);
    names.extend(["seller".to_owned(), "competitor".to_owned()]);
    let directory = directory_with(&names, &[]);
    let events = (0..20)
        .map(|index| {
            let buyer = &names[index % 10];
            deal(
                &format!("deal-{index}"),
                "seller",
                buyer,
                "5000.00",
                day(10 * index as i64),
            )
        })
        .collect();
    (directory, events)
}

#[test]
fn disputes_won_leave_score_unchanged() {
    let (directory, mut events) = honest_seller();
    let before = view(&directory, &events, "seller", 400);

    // The buyers dispute 10 of the deals; all are decided for the seller.
    let buyer_names = buyers(10);
    for index in 0..10 {
        let dispute_id = format!("dispute-{index}");
        let deal_id = format!("deal-{index}");
        events.push(open(
            &dispute_id,
            &deal_id,
            &buyer_names[index % 10],
            "seller",
            day(300),
        ));
        events.push(resolve(&dispute_id, DisputeOutcome::Won, day(330)));
    }
    let while_open = view(&directory, &events, "seller", 320);
    let after = view(&directory, &events, "seller", 400);

    assert_eq!(after.score, before.score);
    assert_eq!(after.confidence, before.confidence);
    assert_eq!(
        after.evidence.positive_weight,
        before.evidence.positive_weight
    );
    assert_eq!(after.evidence.negative_weight, 0.0);
    assert_eq!(after.evidence.disputes_by_outcome.won, 10);
    assert!(after.evidence.open_disputes.is_empty());
    // While open, the disputed deals add nothing, so the score dips.
    assert_eq!(while_open.evidence.open_disputes.len(), 10);
    assert!(while_open.score < view(&directory, &honest_seller().1, "seller", 320).score);
}

/// Returns 15 deals of $5,000 from `seller`, sold round-robin to `buyer_count` buyers.
fn spread_deals(buyer_count: usize) -> TrustView {
    let mut names = buyers(buyer_count);
    names.push("seller".to_owned());
    let directory = directory_with(&names, &[]);
    let events: Vec<Event> = (0..15)
        .map(|index| {
            deal(
                &format!("d{index}"),
                "seller",
                &names[index % buyer_count],
                "5000.00",
                day(0),
            )
        })
        .collect();
    view(&directory, &events, "seller", 0)
}

#[test]
fn one_buyer_scores_below_fifteen() {
    let one = spread_deals(1);
    let two = spread_deals(2);
    let fifteen = spread_deals(15);

    // 15 buyers: R = 15 * 10 * ln(1 + 2.5 / 10) = 33.47, lower bound 85.6.
    // One buyer: R = 10 * ln(1 + 37.5 / 10) = 15.58, lower bound 73.7, and withheld
    // because a single buyer is too few.
    let fifteen_score = fifteen.score.unwrap();
    assert_eq!(fifteen_score, 85.6);
    assert_eq!(one.score, None);
    assert_eq!(one.band, Band::InsufficientHistory);
    assert_eq!(one.confidence.lower, 73.7);
    assert!(one.confidence.lower < fifteen_score);
    // Two buyers already show a number, still below fifteen.
    assert!(two.score.unwrap() < fifteen_score);
    assert!(one.confidence.lower < two.score.unwrap());
}

#[test]
fn unverified_ring_stays_below_honest() {
    // Five unverified companies each sell 5 deals of $10,000 to each of the other four.
    let ring: Vec<String> = (0..5).map(|index| format!("ring-{index}")).collect();
    let honest_buyers = buyers(4);
    let mut verified = honest_buyers.clone();
    verified.push("honest".to_owned());
    let directory = directory_with(&verified, &ring);

    let mut events = Vec::new();
    for (seller_index, seller) in ring.iter().enumerate() {
        let partners = ring.iter().filter(|other| *other != seller);
        for (partner_index, buyer) in partners.enumerate() {
            for round in 0..5 {
                let deal_id = format!("ring-{seller_index}-{partner_index}-{round}");
                events.push(deal(&deal_id, seller, buyer, "10000.00", day(round)));
            }
        }
    }
    // The honest company sells the same 20 deals, to four verified buyers.
    for (partner_index, buyer) in honest_buyers.iter().enumerate() {
        for round in 0..5 {
            let deal_id = format!("honest-{partner_index}-{round}");
            events.push(deal(&deal_id, "honest", buyer, "10000.00", day(round)));
        }
    }

    let honest = view(&directory, &events, "honest", 10);
    let honest_score = honest.score.unwrap();
    for member in &ring {
        let member_view = view(&directory, &events, member, 10);
        assert_eq!(member_view.evidence.volume_usd, honest.evidence.volume_usd);
        assert!(
            member_view.confidence.lower < honest_score,
            "{member}: {:?} vs honest {honest_score}",
            member_view.score
        );
        assert!(member_view.score.is_none_or(|score| score < honest_score));
    }
}

#[test]
fn large_trader_survives_small_loss() {
    // 500 deals of $5,000 with 100 verified buyers (5 each), all within the year before
    // as_of, then one $1,000 deal lost in dispute a month before as_of.
    let mut names = buyers(100);
    names.push("trader".to_owned());
    let directory = directory_with(&names, &[]);
    let mut events: Vec<Event> = (0..500)
        .map(|index| {
            let at = day(index as i64 * 365 / 500);
            deal(
                &format!("d{index}"),
                "trader",
                &names[index % 100],
                "5000.00",
                at,
            )
        })
        .collect();
    events.push(deal("small", "trader", "buyer-7", "1000.00", day(300)));
    events.push(open(
        "small-dispute",
        "small",
        "buyer-7",
        "trader",
        day(301),
    ));
    events.push(resolve("small-dispute", DisputeOutcome::Lost, day(335)));

    let trader = view(&directory, &events, "trader", 365);

    // By hand: every deal is under a year old, so it keeps at least half its weight 5,
    // each buyer's v is at least 0.5 * 5 * 5 * 0.5 = 6.25 and R >= 100 * 10 * ln(1.625)
    // = 485.5. S <= min(1, 250) * 2 = 2. The lower bound grows with R and shrinks with
    // S, so the score is at least that of (485.5, 2): 98.2.
    let floor = 100.0 * evidence_interval(485.5, 2.0, 1.96).lower;
    assert!((floor - 98.21).abs() < 0.01, "floor {floor}");
    let score = trader.score.unwrap();
    assert!(score >= floor, "score {score} below the bound {floor}");
    assert_eq!(trader.band, Band::Excellent);
    assert_eq!(trader.evidence.disputes_by_outcome.lost, 1);
    assert!(trader.evidence.negative_weight > 1.9);
    assert!(trader.evidence.negative_weight <= 2.0);
}

#[test]
fn old_dispute_weighs_less() {
    let (directory, mut events) = honest_seller();
    events.push(deal("big", "seller", "buyer-0", "100000.00", day(0)));
    events.push(open("big-dispute", "big", "buyer-0", "seller", day(1)));
    events.push(resolve("big-dispute", DisputeOutcome::Lost, day(5)));

    // Seen on the day of the decision, and 1,095 days (1.5 half-lives) later.
    let fresh = view(&directory, &events, "seller", 5);
    let old = view(&directory, &events, "seller", 5 + 1095);

    // min(100, 250) * 2 = 200, then 200 * 0.5^1.5 = 70.7107.
    assert_eq!(fresh.evidence.negative_weight, 200.0);
    assert_eq!(old.evidence.negative_weight, 70.7107);
    let old_top = &old.top_contributions[0];
    assert_eq!(old_top.kind, EventKind::DisputeResolved);
    assert!(old_top.effect < 0.0);
}

#[test]
fn decay_halves_positive_weight() {
    let (directory, events) = honest_seller();
    let first_deal_only = [events[0].clone(), events[1].clone(), events[2].clone()];

    // Deals on days 0, 10 and 20, each of weight 5 with its own buyer, seen 365 days
    // after the first: that one has exactly half its weight left.
    let seen = view(&directory, &first_deal_only, "seller", 365);

    let shares: Vec<f64> = seen
        .top_contributions
        .iter()
        .map(|item| item.weight)
        .collect();
    let expected_first = 10.0 * (1.0_f64 + 0.5 * 2.5 / 10.0).ln();
    let last = seen.top_contributions.last().unwrap();
    assert_eq!(last.event_id, "completed-deal-0");
    assert!((last.weight - expected_first).abs() < 1e-4, "{shares:?}");
}

#[test]
fn band_uses_displayed_score() {
    let config = ModelConfig::default();

    let cases = [
        (100.0, Band::Excellent),
        (90.0, Band::Excellent),
        (89.9, Band::Good),
        (80.0, Band::Good),
        (79.9, Band::Fair),
        (60.0, Band::Fair),
        (59.9, Band::Caution),
        (0.0, Band::Caution),
    ];
    for (score, expected) in cases {
        assert_eq!(band(score, &config), expected, "score {score}");
    }
}

#[test]
fn thin_histories_withheld() {
    let companies = directory(&["seller", "b1", "b2", "b3"], &[]);
    let big = |id: &str, buyer: &str| deal(id, "seller", buyer, "20000", day(0));

    let two_deals = [big("d1", "b1"), big("d2", "b2")];
    let one_buyer = [big("d1", "b1"), big("d2", "b1"), big("d3", "b1")];
    let enough = [big("d1", "b1"), big("d2", "b2"), big("d3", "b1")];

    assert_eq!(view(&companies, &two_deals, "seller", 1).score, None);
    assert_eq!(view(&companies, &one_buyer, "seller", 1).score, None);
    assert!(view(&companies, &enough, "seller", 1).score.is_some());
}

#[test]
fn cancellation_alone_shows_score() {
    let companies = directory(&["seller"], &[]);
    let events = [cancel("d1", "seller", "4000", day(0))];

    let seen = view(&companies, &events, "seller", 0);

    // S = min(4, 250) * 0.25 = 1 and R = 0: p = 1/3 over n = 3.
    assert_eq!(seen.evidence.negative_weight, 1.0);
    assert_eq!(seen.evidence.cancellations, 1);
    assert_eq!(seen.band, Band::Caution);
    let expected = 100.0 * evidence_interval(0.0, 1.0, 1.96).lower;
    assert_eq!(seen.score, Some((expected * 10.0).round() / 10.0));
}

#[test]
fn buyer_credibility_override() {
    use reputation::model::CompanyInfo;

    let config = ModelConfig::default();
    let with_credibility = |verified, credibility| CompanyInfo {
        verified,
        credibility: Some(credibility),
    };

    assert_eq!(with_credibility(true, 0.9).credibility(&config), 0.9);
    assert_eq!(with_credibility(true, 0.2).credibility(&config), 0.5);
    assert_eq!(with_credibility(true, 3.0).credibility(&config), 1.0);
    assert_eq!(with_credibility(true, f64::NAN).credibility(&config), 0.5);
    assert_eq!(with_credibility(false, 0.9).credibility(&config), 0.05);

    // Three $2,000 deals: each buyer at credibility 0.9 gives v = 1.8 instead of 1.
    let mut companies = directory(&["seller"], &[]);
    for buyer in ["b1", "b2", "b3"] {
        companies.insert(buyer, with_credibility(true, 0.9));
    }
    let events = ["b1", "b2", "b3"].map(|buyer| deal(buyer, "seller", buyer, "2000", day(0)));
    let seen = view(&companies, &events, "seller", 0);
    let expected = 3.0 * 10.0 * (1.18_f64).ln();
    assert!((seen.evidence.positive_weight - expected).abs() < 1e-4);
}
