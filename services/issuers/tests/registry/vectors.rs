//! Ed25519 edge-case vectors through the registry's own checks: the key check every key
//! passes on registration and [`check_signature`], which every attestation signature goes
//! through.

use crypto::{PublicKey, b64u_encode};
use issuers::attestation::{SignatureFailure, Verdict, check_signature};
use serde::Deserialize;

use crate::corpus;

/// Why the registry path rejected an input.
#[derive(Debug)]
enum Rejection {
    /// The key would be refused with 422 on registration.
    Key(crypto::KeyError),
    /// The signature gives this verdict.
    Signature(SignatureFailure),
}

fn registry_check(public_key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), Rejection> {
    let key = PublicKey::from_bytes(public_key).map_err(Rejection::Key)?;
    check_signature(&key, message, &b64u_encode(signature)).map_err(Rejection::Signature)
}

/// Only speccheck case 3 (mixed-order A and R with a valid cofactorless equation) passes.
/// Small-order keys are refused at registration, and every other case is
/// `invalid_signature`, or `malformed` for a signature that is not 64 bytes.
#[test]
fn speccheck_cases_through_registry_checks() {
    let Some(cases) = corpus::speccheck_cases() else {
        return;
    };

    for case in cases {
        let label = format!("case {} ({})", case.case, case.comment);
        let outcome = registry_check(
            &corpus::hex(&case.pub_key),
            &corpus::hex(&case.message),
            &corpus::hex(&case.signature),
        );

        match &outcome {
            Ok(()) => assert_eq!(case.case, 3, "{label}: accepted"),
            Err(Rejection::Key(error)) => {
                assert!(case.a_order.starts_with("small"), "{label}: {outcome:?}");
                assert!(
                    matches!(
                        error,
                        crypto::KeyError::WeakKey { .. } | crypto::KeyError::NonCanonical { .. }
                    ),
                    "{label}: {error}"
                );
            }
            Err(Rejection::Signature(failure)) => {
                assert!(!case.a_order.starts_with("small"), "{label}: {outcome:?}");
                assert_ne!(failure.verdict(), Verdict::Valid);
            }
        }
        if case.case == 3 {
            assert!(outcome.is_ok(), "{label}: {outcome:?}");
        }
    }
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

/// Every Wycheproof "valid" signature passes and every "invalid" one gets a verdict other
/// than `valid`; truncated and extended signatures are `malformed`.
#[test]
fn wycheproof_labels_through_registry_checks() {
    let Some(dir) = corpus::vectors_dir("ed25519-wycheproof") else {
        return;
    };
    let file: WycheproofFile = corpus::read_json(&dir);

    let (mut valid, mut invalid) = (0, 0);
    for group in file.test_groups {
        let public_key = corpus::hex(&group.public_key.pk);
        for test in group.tests {
            let label = format!("tcId {} ({})", test.tc_id, test.comment);
            let signature = corpus::hex(&test.sig);
            let outcome = registry_check(&public_key, &corpus::hex(&test.msg), &signature);

            match test.result.as_str() {
                "valid" => {
                    assert!(outcome.is_ok(), "{label}: {outcome:?}");
                    valid += 1;
                }
                "invalid" => {
                    assert!(outcome.is_err(), "{label}: accepted");
                    if signature.len() != 64 {
                        assert!(
                            matches!(&outcome, Err(Rejection::Signature(f)) if f.verdict() == Verdict::Malformed),
                            "{label}: {outcome:?}"
                        );
                    }
                    invalid += 1;
                }
                other => panic!("{label}: unexpected result {other:?}"),
            }
        }
    }
    assert!(valid > 0, "no valid Wycheproof test");
    assert!(invalid > 0, "no invalid Wycheproof test");
}
