//! SHA-256 against the NIST CAVP SHAVS byte-oriented vectors (ShortMsg and LongMsg).

#[path = "support/corpus.rs"]
mod corpus;

use crypto::{Sha256Hasher, sha256};

/// One `Len`/`Msg`/`MD` record of a `.rsp` file.
struct Record {
    bits: usize,
    message: Vec<u8>,
    digest: Vec<u8>,
}

/// Parses the records of a SHAVS `.rsp` file; `Len` is in bits, and for `Len = 0` the
/// `Msg = 00` line is a placeholder for the empty message.
fn parse_rsp(text: &str) -> Vec<Record> {
    let mut records = Vec::new();
    let mut bits = None;
    let mut message = None;

    for line in text.lines().map(str::trim) {
        if let Some(value) = line.strip_prefix("Len = ") {
            bits = Some(value.parse::<usize>().unwrap());
        } else if let Some(value) = line.strip_prefix("Msg = ") {
            message = Some(corpus::hex(value));
        } else if let Some(value) = line.strip_prefix("MD = ") {
            let bits = bits.take().expect("MD before Len");
            let mut message = message.take().expect("MD before Msg");
            assert_eq!(bits % 8, 0, "byte-oriented vectors only, got Len = {bits}");
            message.truncate(bits / 8);
            records.push(Record {
                bits,
                message,
                digest: corpus::hex(value),
            });
        }
    }
    records
}

#[test]
fn sha256_matches_every_cavp_record() {
    let Some(dir) = corpus::vectors_dir("sha256-nist-cavp") else {
        return;
    };

    let mut checked = 0;
    for path in corpus::files_with_suffix(&dir, ".rsp") {
        let records = parse_rsp(&corpus::read_text(&path));
        assert!(!records.is_empty(), "no records in {}", path.display());

        for record in &records {
            assert_eq!(record.message.len() * 8, record.bits);
            assert_eq!(
                sha256(&record.message).as_slice(),
                record.digest,
                "{}: Len = {}",
                path.display(),
                record.bits
            );
        }
        checked += records.len();
    }
    assert!(checked > 0);
}

#[test]
fn streaming_hasher_matches_cavp_records() {
    let Some(dir) = corpus::vectors_dir("sha256-nist-cavp") else {
        return;
    };

    for path in corpus::files_with_suffix(&dir, ".rsp") {
        for record in parse_rsp(&corpus::read_text(&path)) {
            // Odd chunk sizes cross the 64-byte block boundary at different offsets.
            for chunk_size in [1, 7, 64, 1000] {
                let mut hasher = Sha256Hasher::new();
                for chunk in record.message.chunks(chunk_size) {
                    hasher.update(chunk);
                }
                assert_eq!(
                    hasher.finalize().as_slice(),
                    record.digest,
                    "{}: Len = {}, chunks of {chunk_size}",
                    path.display(),
                    record.bits
                );
            }
        }
    }
}

#[test]
fn empty_message_record_is_empty() {
    let Some(dir) = corpus::vectors_dir("sha256-nist-cavp") else {
        return;
    };

    let empty: Vec<Record> = corpus::files_with_suffix(&dir, ".rsp")
        .iter()
        .flat_map(|path| parse_rsp(&corpus::read_text(path)))
        .filter(|record| record.bits == 0)
        .collect();
    assert!(!empty.is_empty(), "no Len = 0 record in the corpus");
    for record in empty {
        assert!(record.message.is_empty());
        assert_eq!(sha256(b"").as_slice(), record.digest);
    }
}
