//! Strict Ed25519 verification on hostile inputs: Wycheproof, ed25519-speccheck and the
//! small-order public keys.

#[path = "support/corpus.rs"]
mod corpus;

use crypto::{KeyError, PublicKey, SignatureError};
use serde::Deserialize;

/// Why our verifier rejected an input: the key was refused, or the signature was.
#[derive(Debug)]
enum Rejection {
    Key(KeyError),
    Signature(SignatureError),
}

/// Parses the key and verifies strictly, the way a statement verifier does.
fn verify(public_key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), Rejection> {
    let key = PublicKey::from_bytes(public_key).map_err(Rejection::Key)?;
    key.verify_strict(message, signature)
        .map_err(Rejection::Signature)
}

#[derive(Deserialize)]
struct WycheproofFile {
    #[serde(rename = "testGroups")]
    test_groups: Vec<WycheproofGroup>,
}

#[derive(Deserialize)]
struct WycheproofGroup {
    #[serde(rename = "publicKey")]
    public_key: WycheproofKey,
    tests: Vec<WycheproofTest>,
}

#[derive(Deserialize)]
struct WycheproofKey {
    pk: String,
}

#[derive(Deserialize)]
struct WycheproofTest {
    #[serde(rename = "tcId")]
    tc_id: u64,
    comment: String,
    msg: String,
    sig: String,
    result: String,
}

/// Every "valid" test verifies and every "invalid" one is rejected. No test in the corpus
/// needs an exception: verify_strict agrees with every label, including the s + L, R
/// encoding and truncation cases. Wycheproof's "acceptable" label (none in the corpus)
/// would allow either outcome.
#[test]
fn wycheproof_labels_hold() {
    let Some(dir) = corpus::vectors_dir("ed25519-wycheproof") else {
        return;
    };

    let mut valid = 0;
    let mut invalid = 0;
    for path in corpus::files_with_suffix(&dir, ".json") {
        let file: WycheproofFile = serde_json::from_str(&corpus::read_text(&path)).unwrap();
        for group in file.test_groups {
            let public_key = corpus::hex(&group.public_key.pk);
            for test in group.tests {
                let verdict = verify(
                    &public_key,
                    &corpus::hex(&test.msg),
                    &corpus::hex(&test.sig),
                );
                let label = format!("tcId {} ({})", test.tc_id, test.comment);
                match test.result.as_str() {
                    "valid" => {
                        assert!(verdict.is_ok(), "{label}: rejected: {verdict:?}");
                        valid += 1;
                    }
                    "invalid" => {
                        assert!(verdict.is_err(), "{label}: accepted");
                        invalid += 1;
                    }
                    "acceptable" => {}
                    other => panic!("{label}: unknown result {other:?}"),
                }
            }
        }
    }
    assert!(valid > 0, "no valid Wycheproof test");
    assert!(invalid > 0, "no invalid Wycheproof test");
}

#[derive(Deserialize)]
struct SpeccheckFile {
    cases: Vec<SpeccheckCase>,
}

#[derive(Deserialize)]
struct SpeccheckCase {
    case: u32,
    message: String,
    pub_key: String,
    signature: String,
    #[serde(rename = "A_order")]
    a_order: String,
    comment: String,
    /// The published result of ed25519-dalek's verify_strict, "accept" or "reject".
    ed25519_dalek_verify_strict: Option<String>,
}

fn read_speccheck_cases() -> Option<Vec<SpeccheckCase>> {
    let dir = corpus::vectors_dir("ed25519-speccheck")?;
    let cases = corpus::files_with_suffix(&dir, ".json")
        .iter()
        .flat_map(|path| {
            let file: SpeccheckFile = serde_json::from_str(&corpus::read_text(path)).unwrap();
            file.cases
        })
        .collect();
    Some(cases)
}

/// Of the speccheck cases only case 3 (mixed-order A and R, valid cofactorless equation)
/// passes strict verification; small-order keys and R, S >= L and non-canonical encodings
/// are all rejected.
#[test]
fn speccheck_only_case_3_verifies() {
    let Some(cases) = read_speccheck_cases() else {
        return;
    };
    assert!(!cases.is_empty());

    for case in cases {
        let verdict = verify(
            &corpus::hex(&case.pub_key),
            &corpus::hex(&case.message),
            &corpus::hex(&case.signature),
        );
        let label = format!("case {} ({})", case.case, case.comment);

        assert_eq!(verdict.is_ok(), case.case == 3, "{label}: {verdict:?}");
        if verdict.is_err() && !case.a_order.starts_with("small") {
            // The key itself is fine, so the signature must be what was rejected.
            assert!(
                matches!(
                    verdict,
                    Err(Rejection::Signature(SignatureError::Invalid { .. }))
                ),
                "{label}: {verdict:?}"
            );
        }
        if let Some(published) = &case.ed25519_dalek_verify_strict {
            let expected = published == "accept";
            assert_eq!(verdict.is_ok(), expected, "{label}: published {published}");
        }
    }
}

/// Keys marked small order in speccheck ("small", or "small*" for a non-canonical encoding
/// of a small-order point) are refused before any signature is checked.
#[test]
fn speccheck_small_order_keys_rejected() {
    let Some(cases) = read_speccheck_cases() else {
        return;
    };

    let small: Vec<&SpeccheckCase> = cases
        .iter()
        .filter(|case| case.a_order.starts_with("small"))
        .collect();
    assert!(!small.is_empty(), "no small-order key in speccheck");

    for case in small {
        let error = PublicKey::from_bytes(&corpus::hex(&case.pub_key)).unwrap_err();
        let expected_variant = match case.a_order.as_str() {
            "small" => matches!(error, KeyError::WeakKey { .. }),
            _ => matches!(error, KeyError::NonCanonical { .. }),
        };
        assert!(expected_variant, "case {}: {error}", case.case);
    }
}

/// The eight canonical encodings of the points of order 1, 2, 4 and 8. They were computed
/// as the multiples of an order-8 point (L times a random curve point) with affine
/// Edwards arithmetic over 2^255 - 19.
const SMALL_ORDER_POINTS: [&str; 8] = [
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000080",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
];

#[test]
fn every_small_order_point_is_weak() {
    for point in SMALL_ORDER_POINTS {
        let error = PublicKey::from_bytes(&corpus::hex(point)).unwrap_err();
        assert!(
            matches!(error, KeyError::WeakKey { .. }),
            "{point}: {error}"
        );
        assert!(error.to_string().contains("small order"), "{error}");
    }
}

#[test]
fn weak_key_rejected_even_with_valid_looking_signature() {
    // Speccheck case 0 signs with R = A (a small-order point) and S = 0, which verifies
    // under the cofactorless equation for any message.
    let key = corpus::hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa");
    let mut signature = key.clone();
    signature[31] &= 0x7f;
    signature.extend_from_slice(&[0; 32]);

    let verdict = verify(&key, b"any message", &signature);
    assert!(
        matches!(verdict, Err(Rejection::Key(KeyError::WeakKey { .. }))),
        "{verdict:?}"
    );
}
