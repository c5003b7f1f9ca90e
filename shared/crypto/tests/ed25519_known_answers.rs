//! Ed25519 signing and strict verification against known answers: RFC 8032 section 7.1,
//! the SUPERCOP sign.input set and BoringSSL's malleability cases.

#[path = "support/corpus.rs"]
mod corpus;

use crypto::{PublicKey, SigningKeyPair};
use serde::Deserialize;

/// One deterministic signing vector.
struct SignVector {
    label: String,
    seed: [u8; 32],
    public_key: Vec<u8>,
    message: Vec<u8>,
    signature: Vec<u8>,
}

/// Signs with the seed and checks the public key, the signature bytes and strict
/// verification, including that a changed message is rejected.
fn check_sign_vector(vector: &SignVector) {
    let key = SigningKeyPair::from_seed(&vector.seed);
    assert_eq!(
        key.public_key().as_bytes().as_slice(),
        vector.public_key,
        "{}: public key",
        vector.label
    );

    let signature = key.sign(&vector.message);
    assert_eq!(
        signature.as_slice(),
        vector.signature,
        "{}: signature",
        vector.label
    );

    let public_key = PublicKey::from_bytes(&vector.public_key)
        .unwrap_or_else(|error| panic!("{}: {error}", vector.label));
    public_key
        .verify_strict(&vector.message, &vector.signature)
        .unwrap_or_else(|error| panic!("{}: {error}", vector.label));

    let mut altered = vector.message.clone();
    altered.push(0);
    assert!(
        public_key
            .verify_strict(&altered, &vector.signature)
            .is_err(),
        "{}: verified a different message",
        vector.label
    );
}

fn seed(bytes: &[u8], label: &str) -> [u8; 32] {
    bytes
        .try_into()
        .unwrap_or_else(|_| panic!("{label}: seed is {} bytes", bytes.len()))
}

#[derive(Deserialize)]
struct Rfc8032File {
    tests: Vec<Rfc8032Test>,
}

#[derive(Deserialize)]
struct Rfc8032Test {
    name: String,
    secret_key: String,
    public_key: String,
    message: String,
    signature: String,
}

#[test]
fn rfc8032_section_7_1_vectors() {
    let Some(dir) = corpus::vectors_dir("ed25519-rfc8032") else {
        return;
    };

    let mut checked = 0;
    for path in corpus::files_with_suffix(&dir, ".json") {
        let file: Rfc8032File = serde_json::from_str(&corpus::read_text(&path)).unwrap();
        for test in file.tests {
            check_sign_vector(&SignVector {
                seed: seed(&corpus::hex(&test.secret_key), &test.name),
                public_key: corpus::hex(&test.public_key),
                message: corpus::hex(&test.message),
                signature: corpus::hex(&test.signature),
                label: test.name,
            });
            checked += 1;
        }
    }
    assert!(checked > 0);
}

/// Parses SUPERCOP vectors in either of their two published layouts:
///
/// - `KEY = value` blocks (`SEED`, `PUB`, `MESSAGE`, `SIG`; `MESSAGE = ""` is empty), as
///   *ring* ships them;
/// - the original sign.input lines `secret||public:public:message:signature||message:`.
fn parse_supercop(text: &str) -> Vec<SignVector> {
    let mut vectors = Vec::new();
    let mut fields: std::collections::HashMap<&str, Vec<u8>> = Default::default();

    for (number, line) in text.lines().map(str::trim).enumerate() {
        let label = format!("line {}", number + 1);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }

        if let Some((name, value)) = line.split_once(" = ") {
            let value = if value == "\"\"" { "" } else { value };
            fields.insert(name, corpus::hex(value));
            if name == "SIG" {
                vectors.push(SignVector {
                    seed: seed(&fields["SEED"], &label),
                    public_key: fields["PUB"].clone(),
                    message: fields["MESSAGE"].clone(),
                    signature: fields["SIG"].clone(),
                    label,
                });
                fields.clear();
            }
        } else {
            let parts: Vec<&str> = line.split(':').collect();
            assert!(
                parts.len() >= 4,
                "{label}: expected 4 colon-separated fields"
            );
            let secret = corpus::hex(parts[0]);
            let signed = corpus::hex(parts[3]);
            vectors.push(SignVector {
                seed: seed(&secret[..32], &label),
                public_key: corpus::hex(parts[1]),
                message: corpus::hex(parts[2]),
                signature: signed[..64].to_vec(),
                label,
            });
        }
    }
    vectors
}

#[test]
fn supercop_sign_input_vectors() {
    let Some(dir) = corpus::vectors_dir("ed25519-supercop") else {
        return;
    };

    let mut checked = 0;
    for path in corpus::files_with_suffix(&dir, ".txt") {
        let vectors = parse_supercop(&corpus::read_text(&path));
        assert!(!vectors.is_empty(), "no vectors in {}", path.display());
        for vector in &vectors {
            check_sign_vector(vector);
        }
        checked += vectors.len();
    }
    assert!(checked > 0);
}

#[test]
fn boringssl_malleability_cases() {
    let Some(dir) = corpus::vectors_dir("ed25519-boringssl-malleability") else {
        return;
    };

    let mut passes = 0;
    let mut failures = 0;
    for path in corpus::files_with_suffix(&dir, ".txt") {
        let mut fields: std::collections::HashMap<String, String> = Default::default();
        for line in corpus::read_text(&path).lines().map(str::trim) {
            let Some((name, value)) = line.split_once(" = ") else {
                continue;
            };
            fields.insert(name.to_owned(), value.to_owned());
            if name != "Result" {
                continue;
            }

            let key = PublicKey::from_bytes(&corpus::hex(&fields["PUB"])).unwrap();
            let verdict = key.verify_strict(
                &corpus::hex(&fields["MESSAGE"]),
                &corpus::hex(&fields["SIG"]),
            );
            match value {
                "P" => {
                    assert!(
                        verdict.is_ok(),
                        "SIG {} rejected: {verdict:?}",
                        fields["SIG"]
                    );
                    passes += 1;
                }
                "F" => {
                    assert!(verdict.is_err(), "SIG {} accepted", fields["SIG"]);
                    failures += 1;
                }
                other => panic!("unknown Result {other:?} in {}", path.display()),
            }
            fields.clear();
        }
    }
    assert!(passes > 0, "no P case");
    assert!(failures > 0, "no F case");
}
