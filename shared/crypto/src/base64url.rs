//! Base64url without padding (RFC 4648 section 5), the encoding of every binary value in
//! tradeseal JSON.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Input that is not unpadded base64url.
#[derive(Debug, thiserror::Error)]
#[error(
    "invalid base64url: {source}; expected the URL-safe alphabet (A-Z a-z 0-9 - _) without '=' padding"
)]
pub struct Base64UrlError {
    #[from]
    source: base64::DecodeError,
}

/// Encodes `bytes` as base64url without padding.
pub fn b64u_encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes unpadded base64url.
///
/// Rejects `=` padding, characters outside the URL-safe alphabet (including `+`, `/` and
/// whitespace), impossible lengths and non-zero trailing bits, so each byte string has exactly
/// one accepted text form.
pub fn b64u_decode(text: &str) -> Result<Vec<u8>, Base64UrlError> {
    Ok(URL_SAFE_NO_PAD.decode(text)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_all_lengths() {
        for len in 0..=40u8 {
            let bytes: Vec<u8> = (0..len)
                .map(|i| i.wrapping_mul(37).wrapping_add(250))
                .collect();
            let text = b64u_encode(&bytes);
            assert!(!text.contains('='), "padding in {text}");
            assert_eq!(b64u_decode(&text).unwrap(), bytes);
        }
    }

    #[test]
    fn rfc4648_vector() {
        assert_eq!(b64u_encode(b"foob"), "Zm9vYg");
        assert_eq!(b64u_encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn decode_rejects_padding() {
        assert!(b64u_decode("Zm9vYg==").is_err());
        assert!(b64u_decode("Zm9vYg").is_ok());
    }

    #[test]
    fn decode_rejects_standard_alphabet() {
        assert!(b64u_decode("+/8").is_err());
        assert!(b64u_decode("-_8").is_ok());
    }

    #[test]
    fn decode_rejects_whitespace_and_bad_length() {
        assert!(b64u_decode("Zm9v Yg").is_err());
        assert!(b64u_decode("Zm9vY").is_err());
    }

    #[test]
    fn decode_rejects_nonzero_trailing_bits() {
        // "-_9" differs from "-_8" only in bits that fall off the end of the second byte.
        assert!(b64u_decode("-_9").is_err());
    }
}
