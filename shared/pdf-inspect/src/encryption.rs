//! The password policy for encrypted PDFs, and the name of their cipher.
//!
//! Policy: a PDF is inspected only when the empty *user* password opens it.
//! Otherwise it is rejected with [`InspectError::PasswordRequired`], which
//! the notary maps to 422 "password-protected PDF: upload the document
//! without a user password". That applies even when the owner password is
//! empty. lopdf tries the empty string as either password and so decrypts
//! such a file, but its author meant it to need a password to open.

use lopdf::{Document, EncryptionState, Object};

use crate::InspectError;

/// Rejects an encrypted document unless the empty user password opens it.
pub(crate) fn check_encryption(document: &Document) -> Result<(), InspectError> {
    // lopdf tries the empty password on load. When it fails, lopdf returns
    // the document with only the encryption dictionary loaded and /Encrypt
    // still in the trailer.
    if document.trailer.has(b"Encrypt") {
        let handler = document
            .get_encrypted()
            .ok()
            .and_then(|dict| dict.get(b"Filter").ok())
            .and_then(|filter| filter.as_name().ok());
        return match handler {
            Some(b"Standard") | None => Err(InspectError::PasswordRequired),
            Some(other) => Err(InspectError::UnsupportedEncryption {
                handler: String::from_utf8_lossy(other).into_owned(),
            }),
        };
    }

    match &document.encryption_state {
        Some(state) if !opens_with_empty_user_password(document, state) => {
            Err(InspectError::PasswordRequired)
        }
        _ => Ok(()),
    }
}

/// Whether the empty string is the user password of a document that lopdf
/// decrypted, perhaps with the empty owner password.
///
/// lopdf drops the encryption dictionary after decrypting. So this rebuilds
/// it from the decryption state, which keeps `/O`, `/U`, `/P`, `/V`, `/R`,
/// `/Length` and `/EncryptMetadata` as read. The password is then checked
/// against a document that contains only that dictionary and the file's
/// `/ID`.
fn opens_with_empty_user_password(document: &Document, state: &EncryptionState) -> bool {
    let Ok(dictionary) = state.encode() else {
        return false;
    };

    let mut probe = Document::new();
    let id = probe.add_object(dictionary);
    probe.trailer.set("Encrypt", Object::Reference(id));
    if let Ok(file_id) = document.trailer.get(b"ID") {
        probe.trailer.set("ID", file_id.clone());
    }
    probe.authenticate_user_password("").is_ok()
}

/// Names the cipher and key length of a decrypted document, such as
/// "AES-128", from the encryption dictionary's `/V` and `/Length` and, from
/// `/V 4` on, the crypt filter method that streams use by default.
pub(crate) fn encryption_name(state: &EncryptionState) -> Option<String> {
    // `/Length` is in bits and defaults to 40 (ISO 32000-2, Table 20).
    let bits = state.key_length().unwrap_or(40);
    match state.version() {
        1 => Some("RC4-40".to_owned()),
        2 | 3 => Some(format!("RC4-{bits}")),
        4 | 5 => {
            let filter = state.crypt_filters().get(state.default_stream_filter());
            match filter.map(|filter| filter.method()) {
                Some(b"V2") => Some(format!("RC4-{}", state.key_length().unwrap_or(128))),
                Some(b"AESV2") => Some("AES-128".to_owned()),
                Some(b"AESV3") => Some("AES-256".to_owned()),
                _ if state.version() == 5 => Some("AES-256".to_owned()),
                _ => None,
            }
        }
        _ => None,
    }
}
