//! SHA-256, one-shot and streaming (for uploads that arrive in chunks).

use sha2::{Digest, Sha256};

/// Returns the SHA-256 digest of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// Incremental SHA-256 over data that arrives in pieces.
///
/// Feeding the same bytes in any split gives the same digest as [`sha256`] over the whole.
#[derive(Clone, Default)]
pub struct Sha256Hasher {
    inner: Sha256,
}

impl Sha256Hasher {
    /// Creates a hasher that has seen no bytes yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds the next chunk.
    pub fn update(&mut self, chunk: &[u8]) {
        self.inner.update(chunk);
    }

    /// Consumes the hasher and returns the digest of every chunk fed so far.
    pub fn finalize(self) -> [u8; 32] {
        self.inner.finalize().into()
    }
}

impl std::fmt::Debug for Sha256Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sha256Hasher").finish_non_exhaustive()
    }
}

/// Lets `std::io::copy` stream a reader into the hasher.
impl std::io::Write for Sha256Hasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streaming_matches_one_shot_for_every_split() {
        let data: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let expected = sha256(&data);

        for split in [0, 1, 63, 64, 65, 500, 1000] {
            let mut hasher = Sha256Hasher::new();
            hasher.update(&data[..split]);
            hasher.update(&data[split..]);
            assert_eq!(hasher.finalize(), expected, "split at {split}");
        }
    }

    #[test]
    fn io_copy_feeds_hasher() {
        let data = b"tradeseal".repeat(1000);
        let mut hasher = Sha256Hasher::new();
        std::io::copy(&mut data.as_slice(), &mut hasher).unwrap();
        assert_eq!(hasher.finalize(), sha256(&data));
    }
}
