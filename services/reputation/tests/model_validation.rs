//! Validation rules: each typed reason, duplicates, conflicts and out-of-order arrival.

mod model_support;

use model_support::{cancel, day, deal, directory, open, resolve};
use reputation::model::{
    Admission, DealCompleted, DisputeOutcome, Event, Ledger, PendingReason, ValidationError,
    check_event,
};

fn companies() -> reputation::model::Directory {
    directory(&["seller", "buyer", "rival"], &["newcomer"])
}

fn completed(mutate: impl FnOnce(&mut DealCompleted)) -> Event {
    let Event::DealCompleted(mut event) = deal("d1", "seller", "buyer", "100.00", day(0)) else {
        unreachable!("deal() returns a deal.completed");
    };
    mutate(&mut event);
    Event::DealCompleted(event)
}

fn error_code(event: &Event) -> &'static str {
    check_event(event, &companies()).unwrap_err().code()
}

#[test]
fn valid_events_pass() {
    let events = [
        deal("d1", "seller", "newcomer", "0.01", day(0)),
        cancel("d2", "buyer", "12.5", day(0)),
        open("x1", "d1", "rival", "seller", day(1)),
        resolve("x1", DisputeOutcome::Settled, day(2)),
    ];

    for event in &events {
        assert_eq!(check_event(event, &companies()), Ok(()), "{event:?}");
    }
}

#[test]
fn unknown_company_rejected() {
    let event = deal("d1", "seller", "ghost", "100", day(0));

    let error = check_event(&event, &companies()).unwrap_err();

    assert_eq!(
        error,
        ValidationError::UnknownCompany {
            event_id: "completed-d1".to_owned(),
            field: "buyer",
            company_id: "ghost".to_owned(),
        }
    );
    assert!(error.to_string().contains("\"ghost\""), "{error}");
    assert_eq!(
        error_code(&cancel("d1", "ghost", "1", day(0))),
        "unknown_company"
    );
    assert_eq!(
        error_code(&open("x", "d1", "ghost", "seller", day(0))),
        "unknown_company"
    );
}

#[test]
fn self_deal_and_self_dispute_rejected() {
    assert_eq!(
        error_code(&deal("d1", "seller", "seller", "100", day(0))),
        "self_deal"
    );
    assert_eq!(
        error_code(&open("x", "d1", "seller", "seller", day(0))),
        "self_dispute"
    );
}

#[test]
fn bad_amounts_rejected() {
    let cases = [
        ("0", "non_positive_amount"),
        ("0.00", "non_positive_amount"),
        ("-5", "non_positive_amount"),
        ("1e3", "invalid_decimal"),
        ("12,50", "invalid_decimal"),
        ("", "invalid_decimal"),
        ("NaN", "invalid_decimal"),
        ("2000000000000000", "amount_too_large"),
    ];

    for (amount, code) in cases {
        let usd = completed(|event| event.amount_usd = amount.to_owned());
        let local = completed(|event| event.amount = amount.to_owned());
        let cancelled = cancel("d9", "buyer", amount, day(0));
        assert_eq!(error_code(&usd), code, "amountUsd {amount:?}");
        assert_eq!(error_code(&local), code, "amount {amount:?}");
        assert_eq!(error_code(&cancelled), code, "cancellation {amount:?}");
    }
}

#[test]
fn invalid_decimal_names_field_and_value() {
    let event = completed(|event| event.amount_usd = "12.5.1".to_owned());

    let error = check_event(&event, &companies()).unwrap_err();

    let message = error.to_string();
    assert!(message.contains("amountUsd"), "{message}");
    assert!(message.contains("\"12.5.1\""), "{message}");
}

#[test]
fn bad_currency_and_empty_ids_rejected() {
    let lower = completed(|event| event.currency = "usd".to_owned());
    let empty_deal = completed(|event| event.deal_id = String::new());
    let empty_id = completed(|event| event.id = " ".to_owned());

    let unassigned = completed(|event| event.currency = "ABC".to_owned());
    let control = completed(|event| event.deal_id = "d\u{0}1".to_owned());

    assert_eq!(error_code(&lower), "invalid_currency");
    assert_eq!(error_code(&unassigned), "invalid_currency");
    assert_eq!(error_code(&control), "invalid_id");
    assert_eq!(error_code(&empty_deal), "empty_field");
    assert_eq!(error_code(&empty_id), "empty_field");
}

#[test]
fn exact_repeat_is_duplicate() {
    let mut ledger = Ledger::new(companies());
    let event = deal("d1", "seller", "buyer", "100", day(0));

    assert_eq!(ledger.insert(event.clone()), Ok(Admission::Accepted));
    assert_eq!(ledger.insert(event.clone()), Ok(Admission::Duplicate));
    assert_eq!(ledger.len(), 1);
}

#[test]
fn reused_id_with_other_data_rejected() {
    let mut ledger = Ledger::new(companies());
    ledger
        .insert(deal("d1", "seller", "buyer", "100", day(0)))
        .unwrap();

    let changed = deal("d1", "seller", "buyer", "200", day(0));
    let result = ledger.insert(changed);

    assert_eq!(result.unwrap_err().code(), "conflicting_duplicate");
}

#[test]
fn second_completion_conflicts() {
    let mut ledger = Ledger::new(companies());
    ledger.insert(completed(|_| {})).unwrap();
    let same_facts = completed(|event| event.id = "other-id".to_owned());
    let other_facts = completed(|event| {
        event.id = "third-id".to_owned();
        event.buyer = "rival".to_owned();
    });

    assert_eq!(ledger.check(&same_facts), Ok(Admission::Duplicate));
    let error = ledger.check(&other_facts).unwrap_err();
    assert_eq!(
        error,
        ValidationError::DealConflict {
            event_id: "third-id".to_owned(),
            deal_id: "d1".to_owned(),
            existing_event_id: "completed-d1".to_owned(),
        }
    );
}

#[test]
fn completed_deal_cannot_be_cancelled() {
    let mut ledger = Ledger::new(companies());
    ledger
        .insert(deal("d1", "seller", "buyer", "100", day(0)))
        .unwrap();
    ledger.insert(cancel("d2", "buyer", "50", day(0))).unwrap();

    let cancel_completed = ledger.check(&cancel("d1", "buyer", "100", day(1)));
    let complete_cancelled = ledger.check(&deal("d2", "seller", "buyer", "50", day(1)));
    let cancel_again = cancel("d2", "seller", "50", day(2));
    let mut cancel_again_other_id = cancel("d2", "buyer", "50", day(0));
    if let Event::DealCancelled(event) = &mut cancel_again_other_id {
        event.id = "repeat".to_owned();
    }

    assert_eq!(cancel_completed.unwrap_err().code(), "deal_already_closed");
    assert_eq!(
        complete_cancelled.unwrap_err().code(),
        "deal_already_closed"
    );
    assert_eq!(
        ledger.check(&cancel_again).unwrap_err().code(),
        "conflicting_duplicate"
    );
    assert_eq!(
        ledger.check(&cancel_again_other_id),
        Ok(Admission::Duplicate)
    );
}

#[test]
fn second_resolution_with_other_outcome_conflicts() {
    let mut ledger = Ledger::new(companies());
    ledger
        .insert(deal("d1", "seller", "buyer", "100", day(0)))
        .unwrap();
    ledger
        .insert(open("x1", "d1", "buyer", "seller", day(1)))
        .unwrap();
    ledger
        .insert(resolve("x1", DisputeOutcome::Won, day(2)))
        .unwrap();

    let mut same = resolve("x1", DisputeOutcome::Won, day(3));
    let mut other = resolve("x1", DisputeOutcome::Lost, day(3));
    for (event, id) in [(&mut same, "same"), (&mut other, "other")] {
        if let Event::DisputeResolved(resolution) = event {
            resolution.id = id.to_owned();
        }
    }

    assert_eq!(ledger.check(&same), Ok(Admission::Duplicate));
    let error = ledger.check(&other).unwrap_err();
    assert_eq!(error.code(), "resolution_conflict");
    assert!(
        error.to_string().contains("already resolved as won"),
        "{error}"
    );
}

#[test]
fn dispute_against_outsider_rejected() {
    let mut ledger = Ledger::new(companies());
    ledger
        .insert(deal("d1", "seller", "buyer", "100", day(0)))
        .unwrap();

    let against_outsider = open("x1", "d1", "buyer", "rival", day(1));
    let reopened = open("x2", "d1", "seller", "buyer", day(1));
    ledger.insert(reopened).unwrap();
    let mut conflicting = open("x2", "d1", "buyer", "seller", day(2));
    if let Event::DisputeOpened(opening) = &mut conflicting {
        opening.id = "new-id".to_owned();
    }

    assert_eq!(
        ledger.check(&against_outsider).unwrap_err().code(),
        "not_a_party"
    );
    assert_eq!(
        ledger.check(&conflicting).unwrap_err().code(),
        "dispute_conflict"
    );
}

#[test]
fn dispute_on_cancelled_deal_rejected() {
    let mut ledger = Ledger::new(companies());
    ledger
        .insert(cancel("d1", "seller", "100", day(0)))
        .unwrap();

    let result = ledger.check(&open("x1", "d1", "buyer", "seller", day(1)));

    assert_eq!(result.unwrap_err().code(), "dispute_on_cancelled_deal");
}

#[test]
fn out_of_order_events_wait() {
    let mut ledger = Ledger::new(companies());

    let resolution = ledger.insert(resolve("x1", DisputeOutcome::Lost, day(5)));
    let opening = ledger.insert(open("x1", "d1", "buyer", "seller", day(3)));

    assert_eq!(
        resolution,
        Ok(Admission::Pending(PendingReason::UnknownDispute {
            dispute_id: "x1".to_owned()
        }))
    );
    assert_eq!(
        opening,
        Ok(Admission::Pending(PendingReason::UnknownDeal {
            deal_id: "d1".to_owned()
        }))
    );
    assert_eq!(ledger.pending().len(), 2);
    // A conflicting resolution is caught while the first one is still pending.
    let mut other = resolve("x1", DisputeOutcome::Won, day(5));
    if let Event::DisputeResolved(event) = &mut other {
        event.id = "other".to_owned();
    }
    assert_eq!(
        ledger.check(&other).unwrap_err().code(),
        "resolution_conflict"
    );

    ledger
        .insert(deal("d1", "seller", "buyer", "100", day(0)))
        .unwrap();

    assert!(ledger.pending().is_empty(), "{:?}", ledger.pending());
    assert!(ledger.rejected().is_empty());
}

#[test]
fn released_dispute_can_be_rejected() {
    let mut ledger = Ledger::new(companies());
    ledger
        .insert(open("x1", "d1", "buyer", "rival", day(1)))
        .unwrap();

    ledger
        .insert(deal("d1", "seller", "buyer", "100", day(0)))
        .unwrap();

    assert!(ledger.pending().is_empty());
    assert_eq!(ledger.rejected().len(), 1);
    assert_eq!(ledger.rejected()[0].error.code(), "not_a_party");
}

#[test]
fn build_keeps_earliest_of_conflicting_events() {
    let first = deal("d1", "seller", "buyer", "100", day(0));
    let later = completed(|event| {
        event.id = "later".to_owned();
        event.amount = "999".to_owned();
        event.amount_usd = "999".to_owned();
        event.occurred_at = day(1);
    });
    let same_id_later = completed(|event| event.occurred_at = day(2));

    for events in [
        vec![first.clone(), later.clone(), same_id_later.clone()],
        vec![same_id_later.clone(), later.clone(), first.clone()],
    ] {
        let ledger = Ledger::build(companies(), events);

        let codes: Vec<&str> = ledger
            .rejected()
            .iter()
            .map(|item| item.error.code())
            .collect();
        assert_eq!(ledger.len(), 1);
        assert_eq!(codes, ["conflicting_duplicate", "deal_conflict"]);
        assert_eq!(ledger.rejected()[0].event, same_id_later);
    }
}

#[test]
fn usd_amounts_must_match() {
    let mismatch = completed(|event| event.amount_usd = "99.00".to_owned());
    let same_value = completed(|event| event.amount_usd = "100".to_owned());
    let other_currency = completed(|event| {
        event.currency = "PKR".to_owned();
        event.amount = "28000.00".to_owned();
    });

    assert_eq!(error_code(&mismatch), "usd_amount_mismatch");
    let reason = check_event(&mismatch, &companies())
        .unwrap_err()
        .to_string();
    assert!(reason.contains("amountUsd \"99.00\""), "{reason}");
    assert!(check_event(&same_value, &companies()).is_ok());
    assert!(check_event(&other_currency, &companies()).is_ok());
}

#[test]
fn dispute_opened_by_outsider_rejected() {
    let mut ledger = Ledger::new(companies());
    ledger
        .insert(deal("d1", "seller", "buyer", "100", day(0)))
        .unwrap();

    let error = ledger
        .check(&open("x1", "d1", "rival", "seller", day(1)))
        .unwrap_err();

    assert_eq!(error.code(), "opener_not_a_party");
    assert!(error.to_string().contains("openedBy \"rival\""), "{error}");
}

#[test]
fn pending_dispute_by_outsider_rejected_on_release() {
    let mut ledger = Ledger::new(companies());
    let waiting = ledger.insert(open("x1", "d1", "rival", "seller", day(1)));
    assert!(matches!(waiting, Ok(Admission::Pending(_))));

    ledger
        .insert(deal("d1", "seller", "buyer", "100", day(0)))
        .unwrap();

    assert_eq!(ledger.rejected().len(), 1);
    assert_eq!(ledger.rejected()[0].error.code(), "opener_not_a_party");
    assert_eq!(ledger.len(), 1);
}

#[test]
fn dispute_before_its_deal_rejected() {
    let mut ledger = Ledger::new(companies());
    ledger
        .insert(deal("d1", "seller", "buyer", "100", day(5)))
        .unwrap();

    let error = ledger
        .check(&open("x1", "d1", "buyer", "seller", day(4)))
        .unwrap_err();

    assert_eq!(error.code(), "dispute_before_deal");
    assert!(error.to_string().contains("occurredAt"), "{error}");
    let same_time = open("x2", "d1", "buyer", "seller", day(5));
    assert_eq!(ledger.check(&same_time), Ok(Admission::Accepted));
}

#[test]
fn pending_dispute_before_deal_rejected_on_release() {
    let mut ledger = Ledger::new(companies());
    ledger
        .insert(open("x1", "d1", "buyer", "seller", day(4)))
        .unwrap();

    ledger
        .insert(deal("d1", "seller", "buyer", "100", day(5)))
        .unwrap();

    assert_eq!(ledger.rejected().len(), 1);
    assert_eq!(ledger.rejected()[0].error.code(), "dispute_before_deal");
}

#[test]
fn resolution_before_opening_rejected() {
    let mut ledger = Ledger::new(companies());
    ledger
        .insert(deal("d1", "seller", "buyer", "100", day(0)))
        .unwrap();
    ledger
        .insert(open("x1", "d1", "buyer", "seller", day(3)))
        .unwrap();

    let error = ledger
        .check(&resolve("x1", DisputeOutcome::Lost, day(2)))
        .unwrap_err();

    assert_eq!(error.code(), "resolution_before_opening");
    assert!(error.to_string().contains("occurredAt"), "{error}");
}

#[test]
fn pending_resolution_before_opening_rejected() {
    let mut ledger = Ledger::new(companies());
    let early = resolve("x1", DisputeOutcome::Lost, day(2));
    ledger.insert(early.clone()).unwrap();

    ledger
        .insert(open("x1", "d1", "buyer", "seller", day(3)))
        .unwrap();
    ledger
        .insert(deal("d1", "seller", "buyer", "100", day(0)))
        .unwrap();

    assert_eq!(ledger.rejected().len(), 1);
    assert_eq!(ledger.rejected()[0].event, early);
    assert_eq!(
        ledger.rejected()[0].error.code(),
        "resolution_before_opening"
    );
    assert_eq!(ledger.len(), 2, "the deal and the opening");
}

#[test]
fn resolution_before_pending_opening_rejected() {
    let mut ledger = Ledger::new(companies());
    ledger
        .insert(open("x1", "d1", "buyer", "seller", day(3)))
        .unwrap();

    let error = ledger
        .check(&resolve("x1", DisputeOutcome::Lost, day(2)))
        .unwrap_err();

    assert_eq!(error.code(), "resolution_before_opening");
}
