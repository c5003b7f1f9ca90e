//! Prometheus metrics: one process-wide recorder and the request counters.

use std::sync::OnceLock;
use std::time::Duration;

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the process-wide recorder on first call and returns its handle; `None` when
/// another recorder was installed first.
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| PrometheusBuilder::new().install_recorder().ok())
        .as_ref()
}

/// Records one finished request.
pub fn record_request(method: &str, route: &str, status: u16, duration: Duration) {
    let labels = [
        ("method", method.to_owned()),
        ("route", route.to_owned()),
        ("status", status.to_string()),
    ];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(duration.as_secs_f64());
}

/// Handler for `GET /metrics` in the Prometheus text format.
pub async fn render() -> String {
    handle().map(PrometheusHandle::render).unwrap_or_default()
}
