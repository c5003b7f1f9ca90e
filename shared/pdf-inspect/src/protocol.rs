//! The one JSON line that the child process writes to stdout.
//!
//! - `{"ok": <PdfReport>}`: the report.
//! - `{"error": {"kind": "...", "message": "...", ...}}`: the PDF was
//!   rejected. `kind` and the other fields are an [`InspectError`], `message`
//!   is its user-facing text.
//! - `{"failed": {"message": "..."}}`: the child could not do its job for a
//!   reason unrelated to the PDF, such as failing to set its resource limits
//!   or to read stdin.

use serde::{Deserialize, Serialize};

use crate::{InspectError, PdfReport};

/// The child's reply.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum ChildReply {
    Ok(PdfReport),
    Error(Rejection),
    Failed(SetupFailure),
}

/// A rejected PDF: the error and its message.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Rejection {
    #[serde(flatten)]
    pub(crate) error: InspectError,
    pub(crate) message: String,
}

/// A failure of the child itself.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SetupFailure {
    pub(crate) message: String,
}

impl ChildReply {
    pub(crate) fn from_result(result: Result<PdfReport, InspectError>) -> Self {
        match result {
            Ok(report) => Self::Ok(report),
            Err(error) => Self::Error(Rejection {
                message: error.to_string(),
                error,
            }),
        }
    }

    pub(crate) fn failed(message: impl Into<String>) -> Self {
        Self::Failed(SetupFailure {
            message: message.into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn rejection_has_kind_fields_and_message() {
        let reply = ChildReply::from_result(Err(InspectError::malformed("no trailer")));
        let json = serde_json::to_value(&reply).unwrap();
        assert_eq!(
            json,
            json!({"error": {"kind": "malformed", "reason": "no trailer", "message": "malformed PDF: no trailer"}})
        );

        let ChildReply::Error(back) = serde_json::from_value(json).unwrap() else {
            panic!("expected the error variant");
        };
        assert_eq!(back.error, InspectError::malformed("no trailer"));
    }

    #[test]
    fn unit_error_round_trips() {
        let reply = ChildReply::from_result(Err(InspectError::PasswordRequired));
        let line = serde_json::to_string(&reply).unwrap();
        let ChildReply::Error(back) = serde_json::from_str(&line).unwrap() else {
            panic!("expected the error variant in {line}");
        };
        assert_eq!(back.error, InspectError::PasswordRequired);
    }

    #[test]
    fn unknown_kind_does_not_parse() {
        let line = r#"{"error": {"kind": "somethingNew", "message": "x"}}"#;
        assert!(serde_json::from_str::<ChildReply>(line).is_err());
    }
}
