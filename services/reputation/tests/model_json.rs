//! The JSON forms: events as the platform sends them, the view as buyers read it, and
//! the OpenAPI schemas generated for both.

mod model_support;

use model_support::{day, directory};
use reputation::model::{DisputeOutcome, Event, ModelConfig, TrustView, trust_view};
use utoipa::PartialSchema;

const EVENTS: &str = r#"[
  {"type": "deal.completed", "id": "e1", "dealId": "d1", "seller": "seller", "buyer": "b1",
   "amount": "1400000.00", "currency": "PKR", "amountUsd": "5000.00",
   "occurredAt": "2025-01-01T00:00:00Z"},
  {"type": "deal.completed", "id": "e2", "dealId": "d2", "seller": "seller", "buyer": "b2",
   "amount": "8500.00", "currency": "AZN", "amountUsd": "5000.00",
   "occurredAt": "2025-01-02T00:00:00Z"},
  {"type": "deal.completed", "id": "e3", "dealId": "d3", "seller": "seller", "buyer": "b1",
   "amount": "5000.00", "currency": "USD", "amountUsd": "5000.00",
   "occurredAt": "2025-01-03T00:00:00Z"},
  {"type": "dispute.opened", "id": "e4", "disputeId": "x1", "dealId": "d3",
   "openedBy": "b1", "against": "seller", "occurredAt": "2025-01-04T00:00:00Z"},
  {"type": "dispute.resolved", "id": "e5", "disputeId": "x1", "outcome": "fraud_confirmed",
   "occurredAt": "2025-01-05T00:00:00Z"},
  {"type": "deal.cancelled", "id": "e6", "dealId": "d4", "cancelledBy": "seller",
   "amountUsd": "100.00", "occurredAt": "2025-01-06T00:00:00Z"}
]"#;

#[test]
fn events_parse_from_platform_json() {
    let events: Vec<Event> = serde_json::from_str(EVENTS).unwrap();

    assert_eq!(events.len(), 6);
    assert_eq!(events[0].kind().as_str(), "deal.completed");
    let Event::DisputeResolved(resolution) = &events[4] else {
        panic!("event 5 should be a dispute.resolved: {:?}", events[4]);
    };
    assert_eq!(resolution.outcome, DisputeOutcome::FraudConfirmed);
    let text = serde_json::to_string(&events[5]).unwrap();
    assert!(text.contains(r#""type":"deal.cancelled""#), "{text}");
    assert!(text.contains(r#""cancelledBy":"seller""#), "{text}");
}

#[test]
fn unknown_outcome_fails_to_parse() {
    let text = r#"{"type": "dispute.resolved", "id": "e", "disputeId": "x",
                   "outcome": "maybe", "occurredAt": "2025-01-05T00:00:00Z"}"#;

    let result = serde_json::from_str::<Event>(text);

    assert!(result.is_err());
}

fn sample_view() -> TrustView {
    let events: Vec<Event> = serde_json::from_str(EVENTS).unwrap();
    let companies = directory(&["seller", "b1", "b2"], &[]);
    trust_view(
        companies,
        events,
        "seller",
        day(10),
        &ModelConfig::default(),
    )
    .unwrap()
}

#[test]
fn view_serializes_camel_case() {
    let view = sample_view();

    let json = serde_json::to_value(&view).unwrap();

    assert_eq!(json["companyId"], "seller");
    assert_eq!(json["band"], "caution");
    assert_eq!(json["modelVersion"], "beta-wilson-v1");
    assert_eq!(json["computedAt"], "2025-01-11T00:00:00Z");
    assert_eq!(json["evidence"]["volumeUsd"], "15000.00");
    assert_eq!(json["evidence"]["largestDealUsd"], "5000.00");
    assert_eq!(json["evidence"]["disputesByOutcome"]["fraudConfirmed"], 1);
    assert_eq!(json["evidence"]["cancellations"], 1);
    assert_eq!(json["topContributions"][0]["type"], "dispute.resolved");
    assert_eq!(json["topContributions"][0]["direction"], "negative");
    let round_trip: TrustView = serde_json::from_value(json).unwrap();
    assert_eq!(round_trip, view);
}

#[test]
fn schemas_name_json_fields() {
    let view_schema = serde_json::to_string(&TrustView::schema()).unwrap();
    let event_schema = serde_json::to_string(&Event::schema()).unwrap();

    for field in [
        "companyId",
        "topContributions",
        "modelVersion",
        "computedAt",
    ] {
        assert!(
            view_schema.contains(field),
            "TrustView schema lacks {field}"
        );
    }
    for name in ["deal.completed", "dispute.resolved", "DealCompleted"] {
        assert!(
            event_schema.contains(name),
            "Event schema lacks {name}: {event_schema}"
        );
    }
}
