//! JWK form and RFC 7638 thumbprints of Ed25519 keys, checked against RFC 8037 appendix A.

use crypto::{Jwk, JwkSet, PublicKey, SigningKeyPair, b64u_decode};

/// RFC 8037 appendix A.1: the private and public parts of the example key, which is the
/// RFC 8032 section 7.1 TEST 1 key.
const RFC8037_D: &str = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
const RFC8037_X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
/// RFC 8037 appendix A.3: the JWK thumbprint of that key.
const RFC8037_THUMBPRINT: &str = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";

#[test]
fn rfc8037_thumbprint() {
    let key = PublicKey::from_bytes(&b64u_decode(RFC8037_X).unwrap()).unwrap();
    assert_eq!(key.thumbprint(), RFC8037_THUMBPRINT);
    assert_eq!(key.x(), RFC8037_X);
}

#[test]
fn rfc8037_private_key_derives_x() {
    let seed: [u8; 32] = b64u_decode(RFC8037_D).unwrap().try_into().unwrap();
    let key = SigningKeyPair::from_seed(&seed);
    assert_eq!(key.public_key().x(), RFC8037_X);
    assert_eq!(key.kid(), RFC8037_THUMBPRINT);
}

#[test]
fn rfc8037_private_jwk_parses_as_public() {
    // The appendix A.1 private JWK: `d` and any other extra member are ignored.
    let text = format!(r#"{{"kty":"OKP","crv":"Ed25519","d":"{RFC8037_D}","x":"{RFC8037_X}"}}"#);
    let jwk: Jwk = serde_json::from_str(&text).unwrap();
    assert_eq!(jwk.thumbprint().unwrap(), RFC8037_THUMBPRINT);
}

#[test]
fn thumbprint_ignores_optional_members() {
    let key = PublicKey::from_bytes(&b64u_decode(RFC8037_X).unwrap()).unwrap();
    let mut jwk = key.to_jwk();
    jwk.kid = Some("some other name".to_owned());
    jwk.alg = None;
    jwk.use_ = None;
    assert_eq!(jwk.thumbprint().unwrap(), RFC8037_THUMBPRINT);
}

#[test]
fn to_jwk_members() {
    let key = PublicKey::from_bytes(&b64u_decode(RFC8037_X).unwrap()).unwrap();
    let value = serde_json::to_value(key.to_jwk()).unwrap();
    assert_eq!(
        value,
        serde_json::json!({
            "kty": "OKP",
            "crv": "Ed25519",
            "x": RFC8037_X,
            "kid": RFC8037_THUMBPRINT,
            "alg": "EdDSA",
            "use": "sig",
        })
    );
}

#[test]
fn jwks_round_trip_and_find() {
    let first = SigningKeyPair::generate();
    let second = SigningKeyPair::generate();
    let set = JwkSet {
        keys: vec![first.public_key().to_jwk(), second.public_key().to_jwk()],
    };

    let text = serde_json::to_string(&set).unwrap();
    let parsed: JwkSet = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed, set);

    let found = parsed.find(&second.kid()).unwrap();
    assert_eq!(PublicKey::from_jwk(found).unwrap(), second.public_key());
    assert!(parsed.find("unknown").is_none());
}
