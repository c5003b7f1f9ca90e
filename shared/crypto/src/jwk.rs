//! Public JSON Web Keys (RFC 7517) for Ed25519 in the OKP form of RFC 8037, and JWK sets.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::public_key::{KeyError, PublicKey};

/// JWK key type of Ed25519 keys (RFC 8037 section 2).
pub(crate) const KTY_OKP: &str = "OKP";
/// JWK curve name of Ed25519.
pub(crate) const CRV_ED25519: &str = "Ed25519";
/// JWS algorithm name of Ed25519 signatures (RFC 8037 section 3.1).
pub(crate) const ALG_EDDSA: &str = "EdDSA";
/// JWK public key use of signing keys.
pub(crate) const USE_SIG: &str = "sig";

/// A public JWK as published in a JWKS.
///
/// Members other than these are ignored on input. The fields are plain strings so that any
/// JWK deserializes; [`PublicKey::from_jwk`] decides whether it is an acceptable Ed25519 key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Jwk {
    /// Key type, `OKP` for Ed25519.
    #[schema(example = "OKP")]
    pub kty: String,
    /// Curve, `Ed25519`.
    #[schema(example = "Ed25519")]
    pub crv: String,
    /// The 32-byte public key, base64url without padding.
    #[schema(example = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")]
    pub x: String,
    /// Key id: the RFC 7638 thumbprint of the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")]
    pub kid: Option<String>,
    /// Algorithm the key is used with, `EdDSA`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// Public key use, `sig`.
    #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
}

impl Jwk {
    /// Returns the RFC 7638 thumbprint of this JWK after checking that it is an acceptable
    /// Ed25519 key.
    pub fn thumbprint(&self) -> Result<String, KeyError> {
        Ok(PublicKey::from_jwk(self)?.thumbprint())
    }
}

/// A JWK set (RFC 7517 section 5): `{"keys": [...]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct JwkSet {
    /// The keys, in publication order.
    pub keys: Vec<Jwk>,
}

impl JwkSet {
    /// Returns the first key whose `kid` equals `kid`.
    ///
    /// A key published without a `kid` matches when its thumbprint equals `kid`, since
    /// tradeseal key ids are thumbprints.
    pub fn find(&self, kid: &str) -> Option<&Jwk> {
        self.keys.iter().find(|jwk| match &jwk.kid {
            Some(own) => own == kid,
            None => jwk.thumbprint().is_ok_and(|thumbprint| thumbprint == kid),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    const THUMBPRINT: &str = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";

    #[test]
    fn deserialize_ignores_unknown_members() {
        let jwk: Jwk = serde_json::from_str(&format!(
            r#"{{"kty":"OKP","crv":"Ed25519","x":"{X}","use":"sig","key_ops":["verify"],"x5c":[]}}"#
        ))
        .unwrap();
        assert_eq!(jwk.use_.as_deref(), Some("sig"));
        assert_eq!(jwk.kid, None);
        assert_eq!(jwk.alg, None);
    }

    #[test]
    fn serialize_uses_member_name_use() {
        let jwk = Jwk {
            kty: KTY_OKP.to_owned(),
            crv: CRV_ED25519.to_owned(),
            x: X.to_owned(),
            kid: None,
            alg: None,
            use_: Some(USE_SIG.to_owned()),
        };
        let text = serde_json::to_string(&jwk).unwrap();
        assert_eq!(
            text,
            format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{X}","use":"sig"}}"#)
        );
    }

    #[test]
    fn find_by_kid_and_by_thumbprint() {
        let with_kid = Jwk {
            kty: KTY_OKP.to_owned(),
            crv: CRV_ED25519.to_owned(),
            x: X.to_owned(),
            kid: Some("issuer-2026".to_owned()),
            alg: None,
            use_: None,
        };
        let without_kid = Jwk {
            kid: None,
            ..with_kid.clone()
        };

        let set = JwkSet {
            keys: vec![with_kid.clone()],
        };
        assert_eq!(set.find("issuer-2026"), Some(&with_kid));
        assert_eq!(set.find(THUMBPRINT), None);
        assert_eq!(set.find("other"), None);

        let set = JwkSet {
            keys: vec![without_kid.clone()],
        };
        assert_eq!(set.find(THUMBPRINT), Some(&without_kid));
    }
}
