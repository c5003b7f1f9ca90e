//! The child process side: resource limits, stdin in, one JSON line out.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use rlimit::Resource;

use crate::protocol::ChildReply;
use crate::{InspectError, Limits, inspect};

/// Resource limits that the child process sets on itself before it reads
/// the PDF, plus the bounds it passes to [`inspect`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildLimits {
    /// `RLIMIT_AS` in bytes: the most virtual memory the child may map,
    /// including its binary, heap and stack. An allocation beyond it fails,
    /// and Rust aborts the process.
    pub address_space_bytes: u64,
    /// `RLIMIT_CPU` in seconds. The kernel sends `SIGXCPU` when the child
    /// has used this much CPU time, and `SIGKILL` one second later.
    pub cpu_seconds: u64,
    /// Bounds for the inspection itself, including the maximum input size.
    pub inspect: Limits,
}

impl Default for ChildLimits {
    /// 512 MiB of address space and 5 CPU seconds, with [`Limits::default`].
    fn default() -> Self {
        Self {
            address_space_bytes: 512 * 1024 * 1024,
            cpu_seconds: 5,
            inspect: Limits::default(),
        }
    }
}

/// Runs the child process with [`ChildLimits::default`]. See
/// [`child_main_with`].
pub fn child_main() -> ExitCode {
    child_main_with(&ChildLimits::default())
}

/// Runs the child process: lowers its own resource limits, reads one PDF
/// from stdin, inspects it and writes one JSON line to stdout:
/// `{"ok": <PdfReport>}`, or `{"error": {"kind": ..., "message": ...}}` with
/// the fields of an [`InspectError`]. Exits with success whenever that line
/// was written, whether the PDF was accepted or rejected.
///
/// The limits also forbid core files and writing any regular file
/// (`RLIMIT_FSIZE` 0), so stdout must be a pipe, as [`Inspector`] makes it.
/// Redirected to a file, the write fails with `SIGXFSZ`.
///
/// The limits apply to the whole process, and every thread's stack and
/// allocator arena counts toward `RLIMIT_AS`. So a binary that calls this
/// from a subcommand should do so before it starts an async runtime or any
/// other thread.
///
/// A stack overflow or a failed allocation inside lopdf kills this process
/// with a signal, and the parent reports that as a crash on this PDF.
///
/// [`Inspector`]: crate::Inspector
pub fn child_main_with(limits: &ChildLimits) -> ExitCode {
    let reply = match set_resource_limits(limits) {
        Err(error) => ChildReply::failed(format!("setting resource limits failed: {error}")),
        Ok(()) => match read_input(limits.inspect.max_input_bytes) {
            Err(error) => ChildReply::failed(format!("reading the PDF from stdin failed: {error}")),
            Ok(None) => ChildReply::from_result(Err(InspectError::TooLarge {
                max: limits.inspect.max_input_bytes as u64,
            })),
            Ok(Some(bytes)) => ChildReply::from_result(inspect_catching_panics(&bytes, limits)),
        },
    };

    match write_reply(&reply) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

fn set_resource_limits(limits: &ChildLimits) -> io::Result<()> {
    Resource::CORE.set(0, 0)?;
    Resource::FSIZE.set(0, 0)?;
    Resource::CPU.set(limits.cpu_seconds, limits.cpu_seconds.saturating_add(1))?;
    Resource::AS.set(limits.address_space_bytes, limits.address_space_bytes)?;
    Ok(())
}

/// Reads all of stdin, or returns `None` when it contains more than `max`
/// bytes. Stops reading after `max + 1` bytes either way.
fn read_input(max: usize) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    let cap = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    io::stdin().lock().take(cap).read_to_end(&mut bytes)?;
    Ok((bytes.len() <= max).then_some(bytes))
}

/// Runs [`inspect`], turning a panic in the parser into
/// [`InspectError::ParserPanicked`]. The default panic hook still prints
/// the panic message to stderr, where the parent can log it.
fn inspect_catching_panics(
    bytes: &[u8],
    limits: &ChildLimits,
) -> Result<crate::PdfReport, InspectError> {
    std::panic::catch_unwind(|| inspect(bytes, &limits.inspect))
        .unwrap_or(Err(InspectError::ParserPanicked))
}

fn write_reply(reply: &ChildReply) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    serde_json::to_writer(&mut stdout, reply)?;
    stdout.write_all(b"\n")?;
    stdout.flush()
}
