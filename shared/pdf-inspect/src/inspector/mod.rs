//! The server side: [`Inspector`] runs one child process per PDF under a
//! timeout and a bound on how many run at once.

mod failure;
mod process;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::process::{Child, Command};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::{InspectError, Limits, PdfReport};
pub use failure::InspectFailure;
use process::{ExchangeError, exchange, protocol_error, read_result, stop};

/// Bounds that the server side applies to each inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectorLimits {
    /// Wall-clock limit for the whole exchange with one child: start,
    /// writing the PDF, reading the reply and exit. The child is killed when
    /// it runs out.
    pub timeout: Duration,
    /// Maximum number of child processes running at once.
    pub max_concurrent: usize,
    /// How long a request waits for a free slot before it fails with
    /// [`InspectFailure::Busy`].
    pub queue_timeout: Duration,
    /// Largest PDF in bytes that is sent to a child. Larger ones are
    /// rejected without starting one. Keep it at or below the child's own
    /// limit ([`Limits::max_input_bytes`]).
    pub max_input_bytes: usize,
    /// Maximum size in bytes of the child's JSON reply.
    pub max_report_bytes: usize,
}

impl Default for InspectorLimits {
    /// A 10 s timeout (the child's CPU limit is 5 s), one child per
    /// available CPU, a 5 s queue timeout, the child's default input limit
    /// and a 64 KiB reply cap.
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            max_concurrent: std::thread::available_parallelism().map_or(1, usize::from),
            queue_timeout: Duration::from_secs(5),
            max_input_bytes: Limits::default().max_input_bytes,
            max_report_bytes: 64 * 1024,
        }
    }
}

/// Inspects PDFs in short-lived child processes, so that a parser crash,
/// stack overflow or runaway allocation never reaches the server process.
///
/// Each call spawns `program` with `args` and an empty environment, writes
/// the PDF to its stdin and reads one JSON line from its stdout. The program
/// must end up in [`child_main`](crate::child_main): the crate's
/// `pdf-inspect-child` binary, or a binary that calls it from a subcommand.
///
/// Cloning is cheap, and clones share the concurrency bound.
#[derive(Debug, Clone)]
pub struct Inspector {
    program: PathBuf,
    args: Vec<String>,
    limits: InspectorLimits,
    slots: Arc<Semaphore>,
}

impl Inspector {
    /// Creates an inspector that runs `program` with `args`. A
    /// `max_concurrent` of 0 is raised to 1.
    pub fn new(program: impl Into<PathBuf>, args: Vec<String>, limits: InspectorLimits) -> Self {
        let permits = limits.max_concurrent.clamp(1, Semaphore::MAX_PERMITS);
        Self {
            program: program.into(),
            args,
            limits,
            slots: Arc::new(Semaphore::new(permits)),
        }
    }

    /// The program that each inspection runs.
    pub fn program(&self) -> &Path {
        &self.program
    }

    /// The bounds this inspector applies.
    pub fn limits(&self) -> &InspectorLimits {
        &self.limits
    }

    /// Inspects `bytes` in a new child process and returns its report.
    ///
    /// Waits at most `queue_timeout` for a free slot and at most `timeout`
    /// for the child. A child that runs out of time is killed and reaped
    /// before this returns. A child still running when the returned future
    /// is dropped is killed too.
    pub async fn inspect(&self, bytes: Bytes) -> Result<PdfReport, InspectFailure> {
        if bytes.len() > self.limits.max_input_bytes {
            return Err(InspectError::TooLarge {
                max: self.limits.max_input_bytes as u64,
            }
            .into());
        }
        let _slot = self.acquire_slot().await?;

        let started = Instant::now();
        let mut child = self.spawn()?;
        let exchange = exchange(&mut child, bytes, self.limits.max_report_bytes);
        let outcome = tokio::time::timeout(self.limits.timeout, exchange).await;

        match outcome {
            Ok(Ok(output)) => read_result(&output, started.elapsed()),
            Ok(Err(ExchangeError::ReplyTooLong { max })) => {
                stop(&mut child).await;
                Err(protocol_error(
                    format!("the reply exceeds {max} bytes"),
                    &[],
                ))
            }
            Ok(Err(ExchangeError::Wait(error))) => {
                stop(&mut child).await;
                Err(protocol_error(
                    format!("waiting for the child failed: {error}"),
                    &[],
                ))
            }
            Err(_elapsed) => {
                stop(&mut child).await;
                Err(InspectFailure::TimedOut {
                    after: started.elapsed(),
                })
            }
        }
    }

    async fn acquire_slot(&self) -> Result<SemaphorePermit<'_>, InspectFailure> {
        let waited = self.limits.queue_timeout;
        match tokio::time::timeout(waited, self.slots.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            // The semaphore is never closed, so only the timeout gets here.
            Ok(Err(_)) | Err(_) => Err(InspectFailure::Busy { waited }),
        }
    }

    fn spawn(&self) -> Result<Child, InspectFailure> {
        // An empty environment keeps the server's secrets away from the
        // parser.
        Command::new(&self.program)
            .args(&self.args)
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|source| InspectFailure::SpawnFailed {
                program: self.program.clone(),
                source,
            })
    }
}
