//! Signed statements: round trips, tampering, domain separation by `type`, key ids and
//! verification through a JWK set.

use crypto::{
    CanonicalError, JwkSet, PublicKey, SignatureError, SignedStatement, SigningKeyPair,
    StatementError, b64u_decode, b64u_encode, canonical_bytes, sign_statement, verify_statement,
    verify_statement_with_jwks,
};
use serde::Serialize;
use serde_json::{Value, json};

const RECEIPT_TYPE: &str = "tradeseal.notary-receipt/v1";
const ATTESTATION_TYPE: &str = "tradeseal.issuer-attestation/v1";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Receipt {
    #[serde(rename = "type")]
    statement_type: &'static str,
    document: Document,
    registered_at: &'static str,
    log_index: u64,
    issuer_signature_valid: bool,
    exchange_rate: f64,
    note: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    digest: &'static str,
    kind: &'static str,
    number: &'static str,
    amount: &'static str,
}

fn receipt() -> Receipt {
    Receipt {
        statement_type: RECEIPT_TYPE,
        document: Document {
            digest: "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            kind: "certificate-of-origin",
            number: "PK-LHR-2026-000417",
            amount: "125000.50 USD",
        },
        registered_at: "2026-12-04T10:15:30Z",
        log_index: 41,
        issuer_signature_valid: true,
        exchange_rate: 278.35,
        note: None,
    }
}

fn signed_receipt() -> (SigningKeyPair, SignedStatement) {
    let key = SigningKeyPair::generate();
    let statement = sign_statement(&key, &receipt()).unwrap();
    (key, statement)
}

#[test]
fn sign_then_verify() {
    let (key, statement) = signed_receipt();
    verify_statement(&statement, &key.public_key(), RECEIPT_TYPE).unwrap();
    assert_eq!(statement.kid, key.kid());
    assert_eq!(b64u_decode(&statement.signature).unwrap().len(), 64);
}

#[test]
fn signature_covers_canonical_payload() {
    let (key, statement) = signed_receipt();
    let message = canonical_bytes(&statement.payload).unwrap();
    let signature = b64u_decode(&statement.signature).unwrap();
    key.public_key()
        .verify_strict(&message, &signature)
        .unwrap();
    assert_eq!(signature, key.sign(&message));
}

#[test]
fn payload_keeps_struct_order() {
    let (_, statement) = signed_receipt();
    let members: Vec<&String> = statement.payload.as_object().unwrap().keys().collect();
    assert_eq!(
        members,
        [
            "type",
            "document",
            "registeredAt",
            "logIndex",
            "issuerSignatureValid",
            "exchangeRate",
            "note"
        ]
    );

    let text = serde_json::to_string(&statement).unwrap();
    assert!(
        text.starts_with(&format!(r#"{{"payload":{{"type":"{RECEIPT_TYPE}""#)),
        "{text}"
    );
}

#[test]
fn json_round_trip_verifies() {
    let (key, statement) = signed_receipt();

    let compact: SignedStatement =
        serde_json::from_str(&serde_json::to_string(&statement).unwrap()).unwrap();
    assert_eq!(compact, statement);
    verify_statement(&compact, &key.public_key(), RECEIPT_TYPE).unwrap();

    // Whitespace and member order in transit do not matter: the signature covers the
    // canonical form.
    let mut reordered = serde_json::Map::new();
    let payload = statement.payload.as_object().unwrap();
    for (name, value) in payload.iter().rev() {
        reordered.insert(name.clone(), value.clone());
    }
    let text = serde_json::to_string_pretty(&json!({
        "kid": statement.kid,
        "signature": statement.signature,
        "payload": reordered,
    }))
    .unwrap();
    let parsed: SignedStatement = serde_json::from_str(&text).unwrap();
    verify_statement(&parsed, &key.public_key(), RECEIPT_TYPE).unwrap();
}

/// Returns a copy of `value` with a different leaf at each position, paired with a
/// description of the change.
fn tampered_copies(value: &Value, path: &str) -> Vec<(String, Value)> {
    match value {
        Value::Object(members) => members
            .iter()
            .flat_map(|(name, member)| {
                tampered_copies(member, &format!("{path}/{name}"))
                    .into_iter()
                    .map(|(where_, changed)| {
                        let mut copy = members.clone();
                        copy.insert(name.clone(), changed);
                        (where_, Value::Object(copy))
                    })
            })
            .collect(),
        Value::String(text) => vec![(path.to_owned(), Value::String(format!("{text}x")))],
        Value::Number(number) => {
            let changed = match number.as_u64() {
                Some(integer) => json!(integer + 1),
                None => json!(number.as_f64().unwrap() + 0.01),
            };
            vec![(path.to_owned(), changed)]
        }
        Value::Bool(flag) => vec![(path.to_owned(), Value::Bool(!flag))],
        Value::Null => vec![(path.to_owned(), json!("set"))],
        Value::Array(_) => vec![(path.to_owned(), json!([]))],
    }
}

#[test]
fn tampering_any_field_fails() {
    let (key, statement) = signed_receipt();
    let copies = tampered_copies(&statement.payload, "");
    assert_eq!(copies.len(), 10, "one change per leaf of the receipt");

    for (path, payload) in copies {
        let tampered = SignedStatement {
            payload,
            ..statement.clone()
        };
        let error = verify_statement(&tampered, &key.public_key(), RECEIPT_TYPE).unwrap_err();
        if path == "/type" {
            assert!(
                matches!(error, StatementError::WrongType { .. }),
                "{path}: {error}"
            );
        } else {
            assert!(
                matches!(error, StatementError::BadSignature(_)),
                "{path}: {error}"
            );
        }
    }
}

#[test]
fn added_or_removed_member_fails() {
    let (key, statement) = signed_receipt();

    let mut added = statement.clone();
    added.payload["extra"] = json!(1);
    let error = verify_statement(&added, &key.public_key(), RECEIPT_TYPE).unwrap_err();
    assert!(matches!(error, StatementError::BadSignature(_)), "{error}");

    let mut removed = statement.clone();
    removed.payload.as_object_mut().unwrap().remove("note");
    let error = verify_statement(&removed, &key.public_key(), RECEIPT_TYPE).unwrap_err();
    assert!(matches!(error, StatementError::BadSignature(_)), "{error}");
}

#[test]
fn wrong_type_fails() {
    let (key, statement) = signed_receipt();
    let error = verify_statement(&statement, &key.public_key(), ATTESTATION_TYPE).unwrap_err();
    match error {
        StatementError::WrongType { expected, found } => {
            assert_eq!(expected, ATTESTATION_TYPE);
            assert_eq!(found, RECEIPT_TYPE);
        }
        other => panic!("expected WrongType, got {other}"),
    }
}

#[test]
fn relabelled_type_fails() {
    // Changing `type` to the one the verifier expects breaks the signature.
    let (key, mut statement) = signed_receipt();
    statement.payload["type"] = json!(ATTESTATION_TYPE);
    let error = verify_statement(&statement, &key.public_key(), ATTESTATION_TYPE).unwrap_err();
    assert!(matches!(error, StatementError::BadSignature(_)), "{error}");
}

#[test]
fn kid_mismatch_fails() {
    let (_, statement) = signed_receipt();
    let other = SigningKeyPair::generate();

    let error = verify_statement(&statement, &other.public_key(), RECEIPT_TYPE).unwrap_err();
    match error {
        StatementError::KidMismatch {
            statement_kid,
            key_kid,
        } => {
            assert_eq!(statement_kid, statement.kid);
            assert_eq!(key_kid, other.kid());
        }
        other => panic!("expected KidMismatch, got {other}"),
    }
}

#[test]
fn relabelled_kid_fails_signature() {
    let (_, mut statement) = signed_receipt();
    let other = SigningKeyPair::generate();
    statement.kid = other.kid();

    let error = verify_statement(&statement, &other.public_key(), RECEIPT_TYPE).unwrap_err();
    assert!(matches!(error, StatementError::BadSignature(_)), "{error}");
}

#[test]
fn flipped_signature_bits_fail() {
    let (key, statement) = signed_receipt();
    let signature = b64u_decode(&statement.signature).unwrap();

    for byte in 0..signature.len() {
        let mut flipped = signature.clone();
        flipped[byte] ^= 0x01;
        let tampered = SignedStatement {
            signature: b64u_encode(&flipped),
            ..statement.clone()
        };
        let error = verify_statement(&tampered, &key.public_key(), RECEIPT_TYPE).unwrap_err();
        assert!(
            matches!(error, StatementError::BadSignature(_)),
            "byte {byte}: {error}"
        );
    }
}

/// Adds the group order L to the little-endian scalar S (bytes 32..64 of a signature).
fn add_group_order(signature: &mut [u8]) {
    // L = 2^252 + 27742317777372353535851937790883648493, little-endian.
    const L: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde,
        0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x10,
    ];
    let mut carry = 0u16;
    for (byte, order_byte) in signature[32..].iter_mut().zip(L) {
        let sum = u16::from(*byte) + u16::from(order_byte) + carry;
        *byte = sum as u8;
        carry = sum >> 8;
    }
    assert_eq!(carry, 0, "S + L overflowed 256 bits");
}

#[test]
fn malleated_signature_fails() {
    // S + L satisfies the verification equation but is not the canonical encoding.
    let (key, statement) = signed_receipt();
    let mut signature = b64u_decode(&statement.signature).unwrap();
    add_group_order(&mut signature);

    let tampered = SignedStatement {
        signature: b64u_encode(&signature),
        ..statement
    };
    let error = verify_statement(&tampered, &key.public_key(), RECEIPT_TYPE).unwrap_err();
    assert!(
        matches!(
            error,
            StatementError::BadSignature(SignatureError::Invalid { .. })
        ),
        "{error}"
    );
}

#[test]
fn malformed_signature_text_fails() {
    let (key, statement) = signed_receipt();
    let signature = b64u_decode(&statement.signature).unwrap();

    let cases = [
        ("padded", format!("{}==", statement.signature)),
        (
            "standard alphabet",
            statement.signature.replace(['-', '_'], "+"),
        ),
        ("63 bytes", b64u_encode(&signature[..63])),
        (
            "65 bytes",
            b64u_encode(&[signature.as_slice(), &[0]].concat()),
        ),
        ("empty", String::new()),
    ];
    for (label, text) in cases {
        if text == statement.signature {
            continue;
        }
        let tampered = SignedStatement {
            signature: text,
            ..statement.clone()
        };
        let error = verify_statement(&tampered, &key.public_key(), RECEIPT_TYPE).unwrap_err();
        assert!(
            matches!(error, StatementError::Malformed { .. }),
            "{label}: {error}"
        );
    }
}

#[test]
fn malformed_payload_fails() {
    let (key, statement) = signed_receipt();

    for payload in [
        json!([1, 2]),
        json!("text"),
        json!({"kind": "x"}),
        json!({"type": 7}),
    ] {
        let tampered = SignedStatement {
            payload: payload.clone(),
            ..statement.clone()
        };
        let error = verify_statement(&tampered, &key.public_key(), RECEIPT_TYPE).unwrap_err();
        assert!(
            matches!(error, StatementError::Malformed { .. }),
            "{payload}: {error}"
        );
    }
}

#[test]
fn sign_rejects_payload_without_type() {
    let key = SigningKeyPair::generate();
    for payload in [
        json!({"kind": "receipt"}),
        json!({"type": ""}),
        json!([RECEIPT_TYPE]),
    ] {
        let error = sign_statement(&key, &payload).unwrap_err();
        assert!(
            matches!(error, StatementError::Malformed { .. }),
            "{payload}: {error}"
        );
    }
}

#[test]
fn sign_rejects_numbers_without_exact_form() {
    let key = SigningKeyPair::generate();

    let mut nan_receipt = receipt();
    nan_receipt.exchange_rate = f64::NAN;
    let error = sign_statement(&key, &nan_receipt).unwrap_err();
    assert!(
        matches!(
            error,
            StatementError::Canonical(CanonicalError::NonFiniteNumber)
        ),
        "{error}"
    );

    let mut huge_receipt = receipt();
    huge_receipt.log_index = 1 << 60;
    let error = sign_statement(&key, &huge_receipt).unwrap_err();
    assert!(
        matches!(
            error,
            StatementError::Canonical(CanonicalError::IntegerOutOfRange { .. })
        ),
        "{error}"
    );
}

#[test]
fn signing_is_deterministic() {
    let key = SigningKeyPair::from_seed(&[9; 32]);
    let first = sign_statement(&key, &receipt()).unwrap();
    let second = sign_statement(&key, &receipt()).unwrap();
    assert_eq!(first, second);
}

#[test]
fn verify_with_jwks() {
    let (key, statement) = signed_receipt();
    let other = SigningKeyPair::generate();
    let jwks = JwkSet {
        keys: vec![other.public_key().to_jwk(), key.public_key().to_jwk()],
    };

    verify_statement_with_jwks(&statement, &jwks, RECEIPT_TYPE).unwrap();

    let error = verify_statement_with_jwks(&statement, &jwks, ATTESTATION_TYPE).unwrap_err();
    assert!(matches!(error, StatementError::WrongType { .. }), "{error}");
}

#[test]
fn verify_with_jwks_unknown_kid() {
    let (_, statement) = signed_receipt();
    let jwks = JwkSet {
        keys: vec![SigningKeyPair::generate().public_key().to_jwk()],
    };

    let error = verify_statement_with_jwks(&statement, &jwks, RECEIPT_TYPE).unwrap_err();
    match error {
        StatementError::UnknownKey { kid } => assert_eq!(kid, statement.kid),
        other => panic!("expected UnknownKey, got {other}"),
    }
}

#[test]
fn verify_with_jwks_rejects_weak_published_key() {
    let (key, statement) = signed_receipt();
    let mut jwk = key.public_key().to_jwk();
    let mut identity = [0u8; 32];
    identity[0] = 1;
    jwk.x = b64u_encode(&identity);
    let jwks = JwkSet { keys: vec![jwk] };

    let error = verify_statement_with_jwks(&statement, &jwks, RECEIPT_TYPE).unwrap_err();
    assert!(
        matches!(error, StatementError::InvalidKey { .. }),
        "{error}"
    );
}

#[test]
fn public_key_from_statement_kid_matches() {
    let (key, statement) = signed_receipt();
    let jwk = key.public_key().to_jwk();
    let parsed = PublicKey::from_jwk(&jwk).unwrap();
    assert_eq!(parsed.thumbprint(), statement.kid);
}
