//! Errors from inspecting a PDF, with messages meant for the uploader.

use serde::{Deserialize, Serialize};

/// Reason [`inspect`](crate::inspect) rejected a PDF. Every variant is the
/// upload's fault, and each message explains to the uploader what was wrong.
///
/// The child process sends this to the parent as JSON, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum InspectError {
    /// The input has no bytes at all.
    #[error("the upload is empty: send the bytes of a PDF file")]
    Empty,

    /// No `%PDF-` header within the first 1024 bytes.
    #[error("not a PDF: no %PDF- header in the first 1024 bytes")]
    NotAPdf,

    /// The input is larger than [`Limits::max_input_bytes`](crate::Limits).
    #[error("the PDF is larger than the {max}-byte limit: upload a smaller file")]
    TooLarge {
        /// The limit in bytes.
        max: u64,
    },

    /// The PDF's structure cannot be read.
    #[error("malformed PDF: {reason}")]
    Malformed {
        /// Short description of what could not be read.
        reason: String,
    },

    /// The PDF is encrypted and the empty user password does not open it.
    #[error("password-protected PDF: upload the document without a user password")]
    PasswordRequired,

    /// The PDF is encrypted with a security handler other than the standard
    /// password handler, such as a public-key handler.
    #[error(
        "the PDF is encrypted with the {handler} security handler, which is not supported: \
         upload the document without encryption"
    )]
    UnsupportedEncryption {
        /// The `/Filter` name from the encryption dictionary.
        handler: String,
    },

    /// A [`Limits`](crate::Limits) bound was hit.
    #[error("the PDF is too complex to inspect: {reason}")]
    TooComplex {
        /// The bound that was hit, with the value and the limit.
        reason: String,
    },

    /// The parser panicked on this file. Only the child process reports this,
    /// because it runs [`inspect`](crate::inspect) under `catch_unwind`.
    #[error("the PDF could not be parsed: the parser stopped with an internal error")]
    ParserPanicked,
}

impl InspectError {
    /// Builds [`InspectError::Malformed`], cutting the reason to 200
    /// characters so that a parser message cannot bloat the reply.
    pub(crate) fn malformed(reason: impl Into<String>) -> Self {
        Self::Malformed {
            reason: truncate_chars(reason.into(), 200),
        }
    }

    /// Builds [`InspectError::TooComplex`].
    pub(crate) fn too_complex(reason: impl Into<String>) -> Self {
        Self::TooComplex {
            reason: reason.into(),
        }
    }
}

/// Cuts `text` to at most `max` characters.
pub(crate) fn truncate_chars(mut text: String, max: usize) -> String {
    if let Some((index, _)) = text.char_indices().nth(max) {
        text.truncate(index);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_reason_is_cut_to_200_chars() {
        let error = InspectError::malformed("é".repeat(300));
        let InspectError::Malformed { reason } = error else {
            panic!("expected Malformed, got {error:?}");
        };
        assert_eq!(reason.chars().count(), 200);
    }

    #[test]
    fn json_form_is_tagged_by_kind() {
        let error = InspectError::TooLarge { max: 10 };
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "tooLarge", "max": 10}));

        let back: InspectError = serde_json::from_value(json).unwrap();
        assert_eq!(back, error);
    }

    #[test]
    fn password_message_names_the_fix() {
        assert_eq!(
            InspectError::PasswordRequired.to_string(),
            "password-protected PDF: upload the document without a user password"
        );
    }
}
