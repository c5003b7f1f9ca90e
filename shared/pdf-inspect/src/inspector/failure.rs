//! Why [`Inspector::inspect`](crate::Inspector::inspect) returned no report,
//! split into the upload's fault and the server's.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use crate::InspectError;

/// Reason an inspection through the child process returned no report.
///
/// [`is_client_fault`](Self::is_client_fault) separates failures caused by
/// the PDF (HTTP 4xx) from failures of the server (HTTP 503). The
/// messages of client faults are written for the uploader. The messages of
/// server faults carry internal detail for logs, not for clients.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InspectFailure {
    /// The child inspected the PDF and rejected it.
    #[error(transparent)]
    Rejected(#[from] InspectError),

    /// The child was killed by a signal while parsing this PDF: for example
    /// a stack overflow or an allocation over the address-space limit
    /// (both `SIGABRT`), or `SIGSEGV`.
    #[error("the PDF could not be inspected: the parser crashed on this file (signal {signal})")]
    Crashed {
        /// The signal number.
        signal: i32,
    },

    /// The child ran past the wall-clock timeout or its CPU time limit and
    /// was killed.
    #[error(
        "the PDF could not be inspected: parsing was stopped after {:.1} s",
        after.as_secs_f64()
    )]
    TimedOut {
        /// Wall-clock time from the start of the child until it was stopped.
        after: Duration,
    },

    /// Every inspection slot stayed taken for the whole queue timeout.
    /// Maps to HTTP 503 with `Retry-After`.
    #[error(
        "no PDF inspection slot became free within {:.1} s: retry later",
        waited.as_secs_f64()
    )]
    Busy {
        /// How long the request waited for a slot.
        waited: Duration,
    },

    /// The child process could not be started.
    #[error("starting the PDF inspection process {} failed: {source}", program.display())]
    SpawnFailed {
        /// The program that was run.
        program: PathBuf,
        /// The error from spawning it.
        #[source]
        source: io::Error,
    },

    /// The child exited without a valid reply: a non-zero exit status, a
    /// reply that is not the expected JSON or is too long, or a reported
    /// failure of the child's own setup.
    #[error("the PDF inspection process gave no valid reply: {detail}")]
    ProtocolError {
        /// Description of the fault, with the child's stderr when it wrote any.
        detail: String,
    },
}

impl InspectFailure {
    /// Whether the uploaded PDF caused the failure (HTTP 4xx) rather than
    /// the server (HTTP 503).
    pub fn is_client_fault(&self) -> bool {
        match self {
            Self::Rejected(_) | Self::Crashed { .. } | Self::TimedOut { .. } => true,
            Self::Busy { .. } | Self::SpawnFailed { .. } | Self::ProtocolError { .. } => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_split_by_cause() {
        let client = [
            InspectFailure::Rejected(InspectError::NotAPdf),
            InspectFailure::Crashed { signal: 6 },
            InspectFailure::TimedOut {
                after: Duration::from_secs(1),
            },
        ];
        for failure in client {
            assert!(failure.is_client_fault(), "{failure:?}");
        }

        let server = [
            InspectFailure::Busy {
                waited: Duration::from_secs(1),
            },
            InspectFailure::SpawnFailed {
                program: PathBuf::from("/missing"),
                source: io::Error::from(io::ErrorKind::NotFound),
            },
            InspectFailure::ProtocolError {
                detail: "exit status 2".to_owned(),
            },
        ];
        for failure in server {
            assert!(!failure.is_client_fault(), "{failure:?}");
        }
    }

    #[test]
    fn rejection_keeps_the_user_message() {
        let failure = InspectFailure::from(InspectError::PasswordRequired);
        assert_eq!(
            failure.to_string(),
            "password-protected PDF: upload the document without a user password"
        );
    }
}
