//! Ed25519 public keys: strict parsing, JWK form, RFC 7638 thumbprints and strict
//! signature verification.

use ed25519_dalek::{Signature, VerifyingKey};

use crate::base64url::{Base64UrlError, b64u_decode, b64u_encode};
use crate::digest::sha256;
use crate::jwk::{ALG_EDDSA, CRV_ED25519, Jwk, KTY_OKP, USE_SIG};

/// Length of an encoded Ed25519 public key, in bytes.
const PUBLIC_KEY_LENGTH: usize = 32;

/// Length of an Ed25519 signature, in bytes.
const SIGNATURE_LENGTH: usize = 64;

/// A public key or public JWK that tradeseal does not accept.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The key was not 32 bytes long.
    #[error("Ed25519 public key is {len} bytes; it must be exactly 32")]
    WrongLength {
        /// Length of the rejected input, in bytes.
        len: usize,
    },

    /// The bytes do not encode a point on the Ed25519 curve.
    #[error("Ed25519 public key {x} is not a point on the curve")]
    NotOnCurve {
        /// The rejected key, base64url.
        x: String,
    },

    /// The bytes decode to a point whose canonical encoding is different, so the same key
    /// would have two spellings (and two key ids).
    #[error(
        "Ed25519 public key {x} is a non-canonical encoding (the point re-encodes as {canonical}); use the canonical form"
    )]
    NonCanonical {
        /// The rejected key, base64url.
        x: String,
        /// The canonical encoding of the same point, base64url.
        canonical: String,
    },

    /// The key has small order, so signatures that verify under it prove nothing about who
    /// made them.
    #[error(
        "Ed25519 public key {x} has small order (a weak key that many signatures verify under); generate a new key"
    )]
    WeakKey {
        /// The rejected key, base64url.
        x: String,
    },

    /// The JWK `kty` was not `OKP`.
    #[error("JWK kty is {kty:?}; Ed25519 keys use \"OKP\"")]
    UnsupportedKeyType {
        /// The `kty` found.
        kty: String,
    },

    /// The JWK `crv` was not `Ed25519`.
    #[error("JWK crv is {crv:?}; only \"Ed25519\" is supported")]
    UnsupportedCurve {
        /// The `crv` found.
        crv: String,
    },

    /// The JWK `alg` was present and not `EdDSA`.
    #[error("JWK alg is {alg:?}; an Ed25519 key uses \"EdDSA\" or omits alg")]
    UnsupportedAlgorithm {
        /// The `alg` found.
        alg: String,
    },

    /// The JWK `use` was present and not `sig`.
    #[error("JWK use is {key_use:?}; a signing key uses \"sig\" or omits use")]
    UnsupportedUse {
        /// The `use` found.
        key_use: String,
    },

    /// The JWK `x` member was not base64url.
    #[error("JWK x is not valid: {0}")]
    InvalidX(#[from] Base64UrlError),
}

/// A signature that does not verify.
#[derive(Debug, thiserror::Error)]
pub enum SignatureError {
    /// The signature was not 64 bytes long.
    #[error("Ed25519 signature is {len} bytes; it must be exactly 64")]
    WrongLength {
        /// Length of the rejected signature, in bytes.
        len: usize,
    },

    /// The signature failed strict verification.
    #[error(
        "Ed25519 signature does not verify under key {kid} (strict check: the message, key and signature must match, S must be below the group order and R must not have small order)"
    )]
    Invalid {
        /// Thumbprint of the key that was tried.
        kid: String,
    },
}

/// An Ed25519 public key that is a canonical encoding of a point of large order.
///
/// Only [`PublicKey::from_bytes`] and [`PublicKey::from_jwk`] build one from outside input,
/// and both reject weak and non-canonical keys, so every value of this type is safe to trust
/// as an identity.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey {
    key: VerifyingKey,
}

impl PublicKey {
    /// Parses a 32-byte encoded Ed25519 public key.
    ///
    /// Rejects inputs of the wrong length, bytes that are not a curve point, encodings that are
    /// not canonical (decoding then re-encoding must give the same bytes) and keys of small
    /// order, each with its own [`KeyError`] variant.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        let array: [u8; PUBLIC_KEY_LENGTH] = bytes
            .try_into()
            .map_err(|_| KeyError::WrongLength { len: bytes.len() })?;

        let key = VerifyingKey::from_bytes(&array).map_err(|_| KeyError::NotOnCurve {
            x: b64u_encode(&array),
        })?;

        // The decoder reduces a y coordinate at or above the field prime and accepts a set
        // sign bit when x is zero, so several byte strings can decode to one point.
        let canonical = key.to_edwards().compress().to_bytes();
        if canonical != array {
            return Err(KeyError::NonCanonical {
                x: b64u_encode(&array),
                canonical: b64u_encode(&canonical),
            });
        }

        if key.is_weak() {
            return Err(KeyError::WeakKey {
                x: b64u_encode(&array),
            });
        }

        Ok(Self { key })
    }

    /// Wraps a key derived from a secret, which always has large order and canonical form.
    pub(crate) fn from_verifying_key(key: VerifyingKey) -> Self {
        Self { key }
    }

    /// Parses an RFC 8037 OKP JWK: `kty` must be `OKP`, `crv` must be `Ed25519`, `alg` and
    /// `use` must be `EdDSA` and `sig` when present, and `x` must pass [`Self::from_bytes`].
    ///
    /// The JWK's `kid` is not checked here. [`crate::verify_statement`] compares the statement's
    /// kid with [`Self::thumbprint`].
    pub fn from_jwk(jwk: &Jwk) -> Result<Self, KeyError> {
        if jwk.kty != KTY_OKP {
            return Err(KeyError::UnsupportedKeyType {
                kty: jwk.kty.clone(),
            });
        }
        if jwk.crv != CRV_ED25519 {
            return Err(KeyError::UnsupportedCurve {
                crv: jwk.crv.clone(),
            });
        }
        if let Some(alg) = jwk.alg.as_ref().filter(|alg| *alg != ALG_EDDSA) {
            return Err(KeyError::UnsupportedAlgorithm { alg: alg.clone() });
        }
        if let Some(key_use) = jwk.use_.as_ref().filter(|key_use| *key_use != USE_SIG) {
            return Err(KeyError::UnsupportedUse {
                key_use: key_use.clone(),
            });
        }

        Self::from_bytes(&b64u_decode(&jwk.x)?)
    }

    /// Returns the public JWK: `kty` OKP, `crv` Ed25519, `x`, `kid` (the thumbprint),
    /// `alg` EdDSA and `use` sig.
    pub fn to_jwk(&self) -> Jwk {
        Jwk {
            kty: KTY_OKP.to_owned(),
            crv: CRV_ED25519.to_owned(),
            x: self.x(),
            kid: Some(self.thumbprint()),
            alg: Some(ALG_EDDSA.to_owned()),
            use_: Some(USE_SIG.to_owned()),
        }
    }

    /// Returns the RFC 7638 JWK thumbprint, which tradeseal uses as the key id: base64url
    /// SHA-256 of `{"crv":"Ed25519","kty":"OKP","x":"<x>"}`.
    pub fn thumbprint(&self) -> String {
        // These are the required OKP members in sorted order with no whitespace, which is the
        // RFC 7638 form. No value needs escaping because x uses the base64url alphabet.
        let members = format!(
            r#"{{"crv":"{CRV_ED25519}","kty":"{KTY_OKP}","x":"{}"}}"#,
            self.x()
        );
        b64u_encode(&sha256(members.as_bytes()))
    }

    /// Returns the 32-byte encoded key.
    pub fn as_bytes(&self) -> &[u8; PUBLIC_KEY_LENGTH] {
        self.key.as_bytes()
    }

    /// Returns the encoded key as base64url, the JWK `x` member.
    pub fn x(&self) -> String {
        b64u_encode(self.as_bytes())
    }

    /// Verifies an Ed25519 signature over `message` with ed25519-dalek's `verify_strict`.
    ///
    /// Rejects signatures that are not 64 bytes, have `S` at or above the group order, or have
    /// an `R` of small order.
    pub fn verify_strict(&self, message: &[u8], signature: &[u8]) -> Result<(), SignatureError> {
        let array: [u8; SIGNATURE_LENGTH] =
            signature
                .try_into()
                .map_err(|_| SignatureError::WrongLength {
                    len: signature.len(),
                })?;

        self.key
            .verify_strict(message, &Signature::from_bytes(&array))
            .map_err(|_| SignatureError::Invalid {
                kid: self.thumbprint(),
            })
    }
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("PublicKey").field(&self.x()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8032 section 7.1 TEST 1 public key.
    const TEST1_PUBLIC: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    fn test1_bytes() -> Vec<u8> {
        (0..TEST1_PUBLIC.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&TEST1_PUBLIC[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn from_bytes_rejects_wrong_length() {
        let error = PublicKey::from_bytes(&[1; 31]).unwrap_err();
        assert!(
            matches!(error, KeyError::WrongLength { len: 31 }),
            "{error}"
        );
    }

    #[test]
    fn from_bytes_rejects_identity() {
        // y = 1, x = 0: the neutral element, order 1.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let error = PublicKey::from_bytes(&identity).unwrap_err();
        assert!(matches!(error, KeyError::WeakKey { .. }), "{error}");
    }

    #[test]
    fn from_bytes_rejects_unreduced_y() {
        // y = p + 1 (2^255 - 18) decodes like y = 1 but is not the canonical spelling.
        let mut bytes = [0xffu8; 32];
        bytes[0] = 0xee;
        bytes[31] = 0x7f;
        let error = PublicKey::from_bytes(&bytes).unwrap_err();
        assert!(matches!(error, KeyError::NonCanonical { .. }), "{error}");
    }

    #[test]
    fn jwk_round_trip() {
        let key = PublicKey::from_bytes(&test1_bytes()).unwrap();
        let jwk = key.to_jwk();
        assert_eq!(jwk.kid.as_deref(), Some(key.thumbprint().as_str()));
        assert_eq!(PublicKey::from_jwk(&jwk).unwrap(), key);
    }

    #[test]
    fn from_jwk_rejects_other_key_types() {
        let key = PublicKey::from_bytes(&test1_bytes()).unwrap();

        let mut jwk = key.to_jwk();
        jwk.kty = "EC".to_owned();
        assert!(matches!(
            PublicKey::from_jwk(&jwk),
            Err(KeyError::UnsupportedKeyType { .. })
        ));

        let mut jwk = key.to_jwk();
        jwk.crv = "X25519".to_owned();
        assert!(matches!(
            PublicKey::from_jwk(&jwk),
            Err(KeyError::UnsupportedCurve { .. })
        ));

        let mut jwk = key.to_jwk();
        jwk.alg = Some("ES256".to_owned());
        assert!(matches!(
            PublicKey::from_jwk(&jwk),
            Err(KeyError::UnsupportedAlgorithm { .. })
        ));

        let mut jwk = key.to_jwk();
        jwk.use_ = Some("enc".to_owned());
        assert!(matches!(
            PublicKey::from_jwk(&jwk),
            Err(KeyError::UnsupportedUse { .. })
        ));

        let mut jwk = key.to_jwk();
        jwk.x.push('=');
        assert!(matches!(
            PublicKey::from_jwk(&jwk),
            Err(KeyError::InvalidX(_))
        ));
    }

    #[test]
    fn verify_strict_rejects_wrong_signature_length() {
        let key = PublicKey::from_bytes(&test1_bytes()).unwrap();
        let error = key.verify_strict(b"", &[0; 63]).unwrap_err();
        assert!(matches!(error, SignatureError::WrongLength { len: 63 }));
    }
}
