//! The HTTP connection loop of `tradeseal serve`.
//!
//! `axum::serve` gives hyper no timer, so a client that sends half a request line, or keeps an
//! idle connection, keeps its socket for as long as it likes, and enough such clients exhaust
//! the process's open files. This loop closes a new connection that sends nothing within the
//! header read timeout, serves the others with hyper's HTTP/1 header read timeout (which hyper
//! starts at a request's first byte and again whenever the connection is idle after a
//! response), caps the connections open at once, and drains open connections on shutdown.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ConnectInfo;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Maximum wait for open connections to finish their requests after a shutdown signal.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// Pause after a failed `accept`, so that running out of file descriptors does not spin.
const ACCEPT_RETRY_DELAY: Duration = Duration::from_millis(100);

/// Shortest time between two log lines about connections closed at the cap.
const REJECT_LOG_INTERVAL: Duration = Duration::from_secs(10);

/// Limits on client connections.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// Connections open at once; more are closed as soon as they are accepted.
    pub max_connections: usize,
    /// Maximum time a client may take to send a request's headers.
    pub header_read_timeout: Duration,
}

/// Serves `router` on `listener` until `shutdown` completes, then waits up to
/// [`DRAIN_TIMEOUT`] for open connections to finish.
pub async fn run(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    builder.http2().timer(TokioTimer::new());

    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut rejections = RejectionLog::default();
    tokio::pin!(shutdown);

    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(error) => {
                    tracing::warn!(%error, "failed to accept a connection; retrying");
                    tokio::time::sleep(ACCEPT_RETRY_DELAY).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };

        let Ok(slot) = slots.clone().try_acquire_owned() else {
            drop(stream);
            rejections.record(limits.max_connections);
            continue;
        };

        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(remote));
            router.clone().oneshot(request.map(axum::body::Body::new))
        });
        let builder = builder.clone();
        let watcher = graceful.watcher();
        let header_read_timeout = limits.header_read_timeout;

        tokio::spawn(async move {
            // hyper starts its header timer at the first byte, so a client that sends nothing
            // at all is timed out here.
            let mut first_byte = [0_u8; 1];
            let peeked = tokio::time::timeout(header_read_timeout, stream.peek(&mut first_byte));
            if !matches!(peeked.await, Ok(Ok(1))) {
                drop(slot);
                return;
            }

            let connection = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .into_owned();

            // Timeouts and clients that hang up end here; they are normal, so not logged
            // above debug.
            if let Err(error) = watcher.watch(connection).await {
                tracing::debug!(%remote, error = %error, "connection closed with an error");
            }
            drop(slot);
        });
    }

    drop(listener);
    if tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            timeout_secs = DRAIN_TIMEOUT.as_secs(),
            "open connections did not finish in time; closing them"
        );
    }
}

/// Counts connections closed at the cap and logs them at most once per
/// [`REJECT_LOG_INTERVAL`].
#[derive(Default)]
struct RejectionLog {
    since_last_log: u64,
    last_logged: Option<Instant>,
}

impl RejectionLog {
    fn record(&mut self, max_connections: usize) {
        self.since_last_log += 1;
        let due = self
            .last_logged
            .is_none_or(|at| at.elapsed() >= REJECT_LOG_INTERVAL);
        if due {
            tracing::warn!(
                closed = self.since_last_log,
                max_connections,
                "connection limit reached; closed new connections (TRADESEAL_MAX_CONNECTIONS)"
            );
            self.since_last_log = 0;
            self.last_logged = Some(Instant::now());
        }
    }
}
