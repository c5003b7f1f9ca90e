//! SHA-256 throughput of the upload path: `crypto::sha256` over a whole buffer (what
//! `POST /v1/documents` does with the received bytes) and `crypto::Sha256Hasher` fed in 64 KiB
//! chunks (what `tradeseal digest FILE` does), on a 25 MiB and a 200 KB buffer.
//!
//! Run with `cargo bench -p notary --bench hash`. A plain `harness = false` benchmark: each case
//! runs a warm-up, then `SAMPLES` samples of at least `MIN_SAMPLE` each, and prints the median,
//! the fastest and the slowest sample in MiB/s, and the median time per buffer. Extra arguments
//! that do not start with `-` select cases whose name contains them.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Upload size limit of the server (`TRADESEAL_MAX_UPLOAD_BYTES` default), in bytes.
const LARGE: usize = 25 * 1024 * 1024;

/// Size of a typical scanned certificate of origin, in bytes (200 KB).
const SMALL: usize = 200 * 1000;

/// Chunk size that `tradeseal digest` reads a file with, in bytes.
const CHUNK: usize = 64 * 1024;

/// Samples per case; the median of these is the reported figure.
const SAMPLES: usize = 10;

/// Shortest wall-clock time of one sample. Short buffers are hashed many times per sample.
const MIN_SAMPLE: Duration = Duration::from_millis(200);

const MIB: f64 = 1024.0 * 1024.0;

/// One benchmark case: a name, the buffer and the function that hashes it.
struct Case {
    name: &'static str,
    data: Vec<u8>,
    hash: fn(&[u8]) -> [u8; 32],
}

fn main() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .collect();

    let large = pseudo_random_bytes(LARGE);
    let small = pseudo_random_bytes(SMALL);
    check_same_digest(&large);

    let cases = [
        case("sha256 one-shot 25 MiB", &large, one_shot),
        case("Sha256Hasher 64 KiB chunks 25 MiB", &large, chunked),
        case("sha256 one-shot 200 KB", &small, one_shot),
        case("Sha256Hasher 64 KiB chunks 200 KB", &small, chunked),
    ];

    println!(
        "{:<36} {:>12} {:>12} {:>12} {:>14}",
        "case", "median MiB/s", "max MiB/s", "min MiB/s", "median/buffer"
    );
    for case in cases.iter().filter(|case| selected(case.name, &filters)) {
        run(case);
    }
}

fn case(name: &'static str, data: &[u8], hash: fn(&[u8]) -> [u8; 32]) -> Case {
    Case {
        name,
        data: data.to_vec(),
        hash,
    }
}

fn selected(name: &str, filters: &[String]) -> bool {
    filters.is_empty() || filters.iter().any(|filter| name.contains(filter.as_str()))
}

fn one_shot(data: &[u8]) -> [u8; 32] {
    crypto::sha256(data)
}

fn chunked(data: &[u8]) -> [u8; 32] {
    let mut hasher = crypto::Sha256Hasher::new();
    for chunk in data.chunks(CHUNK) {
        hasher.update(chunk);
    }
    hasher.finalize()
}

/// Stops the run when the two hashing paths disagree, because their timings would then not
/// describe the same work.
fn check_same_digest(data: &[u8]) {
    if one_shot(data) != chunked(data) {
        eprintln!("sha256 and Sha256Hasher returned different digests for the same buffer");
        std::process::exit(1);
    }
}

/// Measures one case and prints its row.
fn run(case: &Case) {
    let iterations = iterations_per_sample(case);

    let mut seconds_per_buffer: Vec<f64> = (0..SAMPLES)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..iterations {
                black_box((case.hash)(black_box(&case.data)));
            }
            started.elapsed().as_secs_f64() / iterations as f64
        })
        .collect();
    seconds_per_buffer.sort_by(f64::total_cmp);

    let throughput = |seconds: f64| case.data.len() as f64 / MIB / seconds;
    let median = seconds_per_buffer[SAMPLES / 2];
    println!(
        "{:<36} {:>12.0} {:>12.0} {:>12.0} {:>11.3} ms",
        case.name,
        throughput(median),
        throughput(seconds_per_buffer[0]),
        throughput(seconds_per_buffer[SAMPLES - 1]),
        median * 1e3,
    );
}

/// Warms up the case and returns how many buffers one sample hashes to last `MIN_SAMPLE`.
fn iterations_per_sample(case: &Case) -> u32 {
    let started = Instant::now();
    let mut warm_up = 0u32;
    while started.elapsed() < MIN_SAMPLE {
        black_box((case.hash)(black_box(&case.data)));
        warm_up += 1;
    }

    let per_buffer = started.elapsed().as_secs_f64() / f64::from(warm_up);
    (MIN_SAMPLE.as_secs_f64() / per_buffer).ceil().max(1.0) as u32
}

/// Deterministic filler (xorshift64), so runs hash the same bytes; SHA-256 speed does not
/// depend on the content.
fn pseudo_random_bytes(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut bytes = Vec::with_capacity(len + 8);
    while bytes.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    bytes.truncate(len);
    bytes
}
