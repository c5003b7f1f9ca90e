//! Talking to one child process: write the PDF to its stdin, read its
//! stdout and stderr with caps, wait for its exit, and read the reply.

use std::io;
use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;
use std::time::Duration;

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::process::Child;

use super::InspectFailure;
use crate::PdfReport;
use crate::error::truncate_chars;
use crate::protocol::ChildReply;

/// How much of the child's stderr is kept for logs. The rest is read and
/// dropped, so that the child never blocks on a full pipe.
const MAX_STDERR_BYTES: usize = 4096;

/// How long to wait for a killed child to be reaped.
const REAP_TIMEOUT: Duration = Duration::from_secs(5);

/// The signal the kernel sends when a process reaches its `RLIMIT_CPU` soft
/// limit. MIPS Linux numbers it 30, most other Unix targets 24.
#[cfg(any(target_arch = "mips", target_arch = "mips64"))]
const SIGXCPU: i32 = 30;
#[cfg(not(any(target_arch = "mips", target_arch = "mips64")))]
const SIGXCPU: i32 = 24;

/// Exit status and captured output of a finished child.
pub(super) struct ChildOutput {
    pub(super) status: ExitStatus,
    pub(super) stdout: Vec<u8>,
    pub(super) stderr: Vec<u8>,
}

/// Reason an exchange ended before the child exited.
pub(super) enum ExchangeError {
    /// The child wrote more than the reply cap to stdout.
    ReplyTooLong { max: usize },
    /// Waiting for the child failed.
    Wait(io::Error),
}

/// Writes `input` to the child's stdin, reads its stdout (at most
/// `max_reply` bytes) and stderr, and waits for it to exit.
pub(super) async fn exchange(
    child: &mut Child,
    input: Bytes,
    max_reply: usize,
) -> Result<ChildOutput, ExchangeError> {
    let stdin = child.stdin.take();
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();

    let write = async move {
        if let Some(mut stdin) = stdin {
            // A write error means the child closed stdin early, for example
            // after reading the size limit. Its reply gives the reason, so ignore it.
            let _ = stdin.write_all(&input).await;
        }
        Ok(())
    };
    let (_, stdout, stderr) =
        tokio::try_join!(write, read_reply(stdout, max_reply), read_stderr(stderr))?;

    let status = child.wait().await.map_err(ExchangeError::Wait)?;
    Ok(ChildOutput {
        status,
        stdout,
        stderr,
    })
}

/// Reads stdout to its end, failing as soon as it exceeds `max` bytes.
async fn read_reply(
    stdout: Option<impl AsyncRead + Unpin>,
    max: usize,
) -> Result<Vec<u8>, ExchangeError> {
    let mut reply = Vec::new();
    let Some(stdout) = stdout else {
        return Ok(reply);
    };
    let cap = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);

    // An error reading the pipe leaves the reply incomplete, which parsing
    // reports.
    let _ = stdout.take(cap).read_to_end(&mut reply).await;
    if reply.len() > max {
        return Err(ExchangeError::ReplyTooLong { max });
    }
    Ok(reply)
}

/// Reads stderr to its end, keeping the first [`MAX_STDERR_BYTES`].
async fn read_stderr(stderr: Option<impl AsyncRead + Unpin>) -> Result<Vec<u8>, ExchangeError> {
    let mut kept = Vec::new();
    let Some(mut stderr) = stderr else {
        return Ok(kept);
    };
    let mut buffer = [0u8; 1024];
    while let Ok(read @ 1..) = stderr.read(&mut buffer).await {
        let room = MAX_STDERR_BYTES.saturating_sub(kept.len());
        kept.extend_from_slice(&buffer[..read.min(room)]);
    }
    Ok(kept)
}

/// Kills the child with `SIGKILL` and reaps it, so that no zombie is left.
pub(super) async fn stop(child: &mut Child) {
    // Fails only when the child has already exited, which is the goal.
    let _ = child.start_kill();
    if tokio::time::timeout(REAP_TIMEOUT, child.wait())
        .await
        .is_err()
    {
        tracing::warn!(
            pid = child.id(),
            "PDF inspection child was not reaped after SIGKILL"
        );
    }
}

/// Turns the exit status and stdout of a finished child into the result.
/// `elapsed` is the wall-clock run time, reported when the CPU limit
/// stopped it.
pub(super) fn read_result(
    output: &ChildOutput,
    elapsed: Duration,
) -> Result<PdfReport, InspectFailure> {
    if let Some(signal) = output.status.signal() {
        tracing::warn!(
            signal,
            stderr = %stderr_text(&output.stderr),
            "PDF inspection child was killed by a signal"
        );
        return Err(if signal == SIGXCPU {
            InspectFailure::TimedOut { after: elapsed }
        } else {
            InspectFailure::Crashed { signal }
        });
    }
    if !output.status.success() {
        return Err(protocol_error(
            format!("the child exited with {}", output.status),
            &output.stderr,
        ));
    }

    let line = output.stdout.trim_ascii();
    match serde_json::from_slice::<ChildReply>(line) {
        Ok(ChildReply::Ok(report)) => Ok(report),
        Ok(ChildReply::Error(rejection)) => Err(InspectFailure::Rejected(rejection.error)),
        Ok(ChildReply::Failed(failure)) => Err(protocol_error(failure.message, &output.stderr)),
        Err(error) => {
            let start = truncate_chars(String::from_utf8_lossy(line).into_owned(), 200);
            Err(protocol_error(
                format!("the reply is not valid JSON ({error}), starting {start:?}"),
                &output.stderr,
            ))
        }
    }
}

pub(super) fn protocol_error(detail: String, stderr: &[u8]) -> InspectFailure {
    let detail = match stderr_text(stderr) {
        text if text.is_empty() => detail,
        text => format!("{detail}; stderr: {text}"),
    };
    InspectFailure::ProtocolError { detail }
}

fn stderr_text(stderr: &[u8]) -> String {
    truncate_chars(String::from_utf8_lossy(stderr).trim().to_owned(), 500)
}
