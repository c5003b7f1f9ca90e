//! Ed25519 signing keys held in memory.

use ed25519_dalek::{Signer, SigningKey};
use rand_core::OsRng;
use zeroize::{ZeroizeOnDrop, Zeroizing};

use crate::public_key::PublicKey;

/// An Ed25519 private key with its public key and key id.
///
/// The secret is zeroized on drop (by `ed25519_dalek::SigningKey`), the type is not `Clone`,
/// and `Debug` prints only the key id.
pub struct SigningKeyPair {
    key: SigningKey,
    public_key: PublicKey,
    kid: String,
}

impl SigningKeyPair {
    /// Generates a new key from the operating system's random number generator.
    pub fn generate() -> Self {
        Self::from_signing_key(SigningKey::generate(&mut OsRng))
    }

    /// Builds the key pair for a 32-byte secret seed (the RFC 8032 private key).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        Self::from_signing_key(SigningKey::from_bytes(seed))
    }

    fn from_signing_key(key: SigningKey) -> Self {
        let public_key = PublicKey::from_verifying_key(key.verifying_key());
        let kid = public_key.thumbprint();
        Self {
            key,
            public_key,
            kid,
        }
    }

    /// Returns the public key.
    pub fn public_key(&self) -> PublicKey {
        self.public_key
    }

    /// Returns the key id: the RFC 7638 thumbprint of the public key.
    pub fn kid(&self) -> String {
        self.kid.clone()
    }

    /// Signs `message` with pure Ed25519 (RFC 8032), which is deterministic.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }

    /// Returns a copy of the secret seed that is zeroized when dropped.
    pub(crate) fn seed(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.key.to_bytes())
    }
}

/// The only secret field is a `SigningKey`, which zeroizes itself on drop.
impl ZeroizeOnDrop for SigningKeyPair {}

impl std::fmt::Debug for SigningKeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKeyPair")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_differ() {
        let first = SigningKeyPair::generate();
        let second = SigningKeyPair::generate();
        assert_ne!(first.public_key(), second.public_key());
    }

    #[test]
    fn signature_verifies_strictly() {
        let key = SigningKeyPair::from_seed(&[7; 32]);
        let signature = key.sign(b"message");
        assert!(
            key.public_key()
                .verify_strict(b"message", &signature)
                .is_ok()
        );
        assert!(
            key.public_key()
                .verify_strict(b"massage", &signature)
                .is_err()
        );
    }

    #[test]
    fn kid_is_thumbprint() {
        let key = SigningKeyPair::from_seed(&[7; 32]);
        assert_eq!(key.kid(), key.public_key().thumbprint());
    }

    #[test]
    fn debug_shows_kid_only() {
        let seed = [0xab; 32];
        let key = SigningKeyPair::from_seed(&seed);
        let debug = format!("{key:?}");
        assert!(debug.contains(&key.kid()), "{debug}");
        assert!(!debug.to_lowercase().contains("abab"), "{debug}");
        assert!(!debug.contains(&crate::b64u_encode(&seed)), "{debug}");
    }
}
