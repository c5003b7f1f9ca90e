//! The middleware stack keeps a well-formed client request id and replaces any other.

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use axum::routing::get;
use tower::ServiceExt;

async fn echoed_id(sent: Option<&str>) -> String {
    let router = http_kit::layers::apply(Router::new().route("/v1/ping", get(|| async { "pong" })));
    let mut request = Request::get("/v1/ping");
    if let Some(id) = sent {
        request = request.header("x-request-id", id);
    }

    let response = router
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();

    response
        .headers()
        .get("x-request-id")
        .expect("every response has a request id")
        .to_str()
        .unwrap()
        .to_owned()
}

fn is_uuid(text: &str) -> bool {
    text.len() == 36 && text.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

#[tokio::test]
async fn request_id_kept_when_well_formed() {
    assert_eq!(
        echoed_id(Some("trade-42.retry:1")).await,
        "trade-42.retry:1"
    );
}

#[tokio::test]
async fn request_id_generated_when_missing() {
    assert!(is_uuid(&echoed_id(None).await));
}

#[tokio::test]
async fn request_id_replaced_when_too_long() {
    let long = "a".repeat(129);

    let echoed = echoed_id(Some(&long)).await;

    assert_ne!(echoed, long);
    assert!(is_uuid(&echoed), "{echoed}");
}

#[tokio::test]
async fn request_id_replaced_when_it_has_quotes() {
    let echoed = echoed_id(Some("id\"with quotes")).await;

    assert!(is_uuid(&echoed), "{echoed}");
}
