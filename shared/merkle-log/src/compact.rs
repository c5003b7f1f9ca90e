//! [`CompactRange`]: the right edge of an append-only tree, which updates the root on each
//! append in O(log n) time and space without reading earlier leaves.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ProofError;
use crate::hash::{Hash, empty_root, node_hash};

/// The roots of the complete subtrees that make up a tree of `size` leaves, largest first.
///
/// A tree of `size` leaves splits into one complete subtree for each one bit of `size`,
/// so this contains at most 64 hashes. That is enough to compute the root and to append, which
/// lets a service sign a new checkpoint from one stored row instead of every leaf.
///
/// It serializes as `{"size": <u64>, "subtrees": ["<64 hex digits>", ...]}`, and
/// deserializing rejects a `subtrees` list whose length does not match `size`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "CompactRangeRecord", into = "CompactRangeRecord")]
pub struct CompactRange {
    size: u64,
    /// Invariant: one hash per one bit of `size`, from the highest bit to the lowest.
    subtrees: Vec<Hash>,
}

impl CompactRange {
    /// Creates the compact range of the empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds the compact range of the tree made of `leaf_hashes`.
    ///
    /// # Errors
    ///
    /// [`ProofError::TreeFull`] only if the list is longer than `u64::MAX`, which no
    /// supported target allows.
    pub fn from_leaf_hashes(leaf_hashes: &[Hash]) -> Result<Self, ProofError> {
        let mut range = Self::new();
        for leaf_hash in leaf_hashes {
            range.append(*leaf_hash)?;
        }
        Ok(range)
    }

    /// Rebuilds a compact range from a stored size and its subtree roots, largest first.
    ///
    /// # Errors
    ///
    /// [`ProofError::CompactRangeShape`] when `subtrees` does not have one hash per one bit
    /// of `size`.
    pub fn from_parts(size: u64, subtrees: Vec<Hash>) -> Result<Self, ProofError> {
        let expected = size.count_ones() as usize;
        if subtrees.len() != expected {
            return Err(ProofError::CompactRangeShape {
                size,
                expected,
                actual: subtrees.len(),
            });
        }
        Ok(Self { size, subtrees })
    }

    /// Appends one leaf hash, merging the complete subtrees it completes.
    ///
    /// # Errors
    ///
    /// [`ProofError::TreeFull`] when the range already covers `u64::MAX` leaves.
    pub fn append(&mut self, leaf_hash: Hash) -> Result<(), ProofError> {
        let new_size = self.size.checked_add(1).ok_or(ProofError::TreeFull)?;

        // Like a carry in binary addition: each trailing one bit of the old size is a
        // subtree as large as the one being carried, so the two merge into the next level.
        let carries = self.size.trailing_ones() as usize;
        let keep = self.subtrees.len().saturating_sub(carries);
        let mut carried = leaf_hash;
        for left in self.subtrees.drain(keep..).rev() {
            carried = node_hash(&left, &carried);
        }

        self.subtrees.push(carried);
        self.size = new_size;
        Ok(())
    }

    /// Computes the root of the tree, folding the subtrees from the smallest (rightmost) up.
    pub fn root(&self) -> Hash {
        let mut from_right = self.subtrees.iter().rev();
        match from_right.next() {
            None => empty_root(),
            Some(last) => from_right.fold(*last, |right, left| node_hash(left, &right)),
        }
    }

    /// Returns the number of leaves covered.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Returns the complete subtree roots, largest first.
    pub fn subtrees(&self) -> &[Hash] {
        &self.subtrees
    }
}

/// The serialized form of a [`CompactRange`], checked on the way in.
#[derive(Serialize, Deserialize)]
struct CompactRangeRecord {
    size: u64,
    #[serde(serialize_with = "serialize_hex", deserialize_with = "deserialize_hex")]
    subtrees: Vec<Hash>,
}

impl TryFrom<CompactRangeRecord> for CompactRange {
    type Error = ProofError;

    fn try_from(record: CompactRangeRecord) -> Result<Self, Self::Error> {
        Self::from_parts(record.size, record.subtrees)
    }
}

impl From<CompactRange> for CompactRangeRecord {
    fn from(range: CompactRange) -> Self {
        Self {
            size: range.size,
            subtrees: range.subtrees,
        }
    }
}

fn serialize_hex<S: Serializer>(hashes: &[Hash], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(hashes.iter().map(hex::encode))
}

fn deserialize_hex<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Hash>, D::Error> {
    let texts = Vec::<String>::deserialize(deserializer)?;
    texts
        .iter()
        .enumerate()
        .map(|(position, text)| {
            let mut hash = [0; 32];
            hex::decode_to_slice(text, &mut hash).map_err(|error| {
                let message = format!(
                    "subtree hash at position {position} must be 64 hex digits, \
                     got {text:?}: {error}"
                );
                serde::de::Error::custom(message)
            })?;
            Ok(hash)
        })
        .collect()
}
