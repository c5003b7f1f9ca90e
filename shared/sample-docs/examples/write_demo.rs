//! Writes the sample certificate of origin and commercial invoice into a folder.
//!
//! Usage: `cargo run -p sample-docs --example write_demo -- DIR` (DIR defaults to the current
//! folder). Prints each path with the SHA-256 digest of its bytes.

use std::path::PathBuf;
use std::process::ExitCode;

use sha2::{Digest, Sha256};

fn main() -> ExitCode {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("."), PathBuf::from);

    let paths = match sample_docs::write_demo_files(&dir) {
        Ok(paths) => paths,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };

    for path in paths {
        match std::fs::read(&path) {
            Ok(bytes) => println!("{}  {}", hex(&Sha256::digest(&bytes)), path.display()),
            Err(error) => {
                eprintln!("error: failed to read back {}: {error}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
