//! Reading a public key from a request: an RFC 8037 JWK or a bare base64url `x`, with each
//! rejection naming the member and the reason.

use crypto::{Jwk, KeyError, PublicKey, b64u_decode};
use http_kit::{ApiError, ApiResult};
use serde_json::{Map, Value};

use super::body::{Body, clip};

/// Members a public JWK may have; `d` and the other private members are rejected.
const JWK_MEMBERS: [&str; 6] = ["kty", "crv", "x", "kid", "alg", "use"];

/// Private-key members of OKP, EC and RSA JWKs.
const PRIVATE_MEMBERS: [&str; 6] = ["d", "p", "q", "dp", "dq", "qi"];

/// Reads the key from the body's `jwk` or `x` member; exactly one must be present.
pub(crate) fn public_key(body: &Body) -> ApiResult<PublicKey> {
    match (body.get("jwk"), body.optional_str("x")?) {
        (Some(_), Some(_)) => Err(ApiError::invalid_field(
            "x",
            "send the key either as jwk or as x, not both",
        )),
        (None, None) => Err(ApiError::missing_field(
            "jwk",
            "jwk is required: the Ed25519 public key as an RFC 8037 JWK, or as x (base64url)",
        )),
        (None, Some(x)) => from_x("x", x),
        (Some(jwk), None) => from_jwk(jwk),
    }
}

fn from_jwk(value: &Value) -> ApiResult<PublicKey> {
    let Value::Object(members) = value else {
        return Err(ApiError::invalid_field("jwk", "jwk must be a JSON object"));
    };
    if let Some(private) = PRIVATE_MEMBERS
        .iter()
        .find(|name| members.contains_key(**name))
    {
        return Err(ApiError::unprocessable(
            "private-key-sent",
            format!(
                "jwk has the private member {private}; send only the public key, and replace this key because its secret has left its holder"
            ),
        )
        .with_field(format!("jwk.{private}")));
    }

    let jwk = read_jwk(members)?;
    let key = PublicKey::from_jwk(&jwk).map_err(|error| key_error("jwk.x", &error))?;

    if let Some(kid) = jwk.kid.as_ref().filter(|kid| **kid != key.thumbprint()) {
        return Err(ApiError::unprocessable(
            "kid-not-thumbprint",
            format!(
                "jwk.kid {:?} is not the RFC 7638 thumbprint of the key, {}; omit kid or send the thumbprint",
                clip(kid),
                key.thumbprint()
            ),
        )
        .with_field("jwk.kid"));
    }
    Ok(key)
}

/// Checks the JWK members one by one so each error names its member.
fn read_jwk(members: &Map<String, Value>) -> ApiResult<Jwk> {
    let text = |name: &str, required: bool| -> ApiResult<Option<String>> {
        let field = format!("jwk.{name}");
        match members.get(name) {
            None if required => Err(ApiError::missing_field(
                &field,
                format!("{field} is required in an Ed25519 JWK"),
            )),
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(_) => Err(ApiError::invalid_field(
                &field,
                format!("{field} must be a string"),
            )),
        }
    };

    let jwk = Jwk {
        kty: text("kty", true)?.unwrap_or_default(),
        crv: text("crv", true)?.unwrap_or_default(),
        x: text("x", true)?.unwrap_or_default(),
        kid: text("kid", false)?,
        alg: text("alg", false)?,
        use_: text("use", false)?,
    };
    if let Some(unknown) = members
        .keys()
        .find(|name| !JWK_MEMBERS.contains(&name.as_str()))
    {
        return Err(ApiError::invalid_field(
            &format!("jwk.{unknown}"),
            format!(
                "jwk.{unknown} is not a member of an Ed25519 public JWK; the members are {}",
                JWK_MEMBERS.join(", ")
            ),
        ));
    }
    Ok(jwk)
}

fn from_x(field: &str, x: &str) -> ApiResult<PublicKey> {
    let bytes = b64u_decode(x).map_err(|error| {
        ApiError::invalid_field(field, format!("{field} {:?}: {error}", clip(x)))
    })?;
    PublicKey::from_bytes(&bytes).map_err(|error| key_error(field, &error))
}

/// Maps a key rejection to a problem: 422 for a key that decodes but is unacceptable, with
/// the reason from the key check, and 400 for text that is not base64url.
fn key_error(x_field: &str, error: &KeyError) -> ApiError {
    let (slug, field) = match error {
        KeyError::InvalidX(_) => {
            return ApiError::invalid_field(x_field, format!("{x_field}: {error}"));
        }
        KeyError::WrongLength { .. } => ("invalid-key-length", x_field),
        KeyError::NotOnCurve { .. } => ("invalid-key", x_field),
        KeyError::NonCanonical { .. } => ("non-canonical-key", x_field),
        KeyError::WeakKey { .. } => ("weak-key", x_field),
        KeyError::UnsupportedKeyType { .. } => ("unsupported-key", "jwk.kty"),
        KeyError::UnsupportedCurve { .. } => ("unsupported-key", "jwk.crv"),
        KeyError::UnsupportedAlgorithm { .. } => ("unsupported-key", "jwk.alg"),
        KeyError::UnsupportedUse { .. } => ("unsupported-key", "jwk.use"),
    };
    ApiError::unprocessable(slug, error.to_string()).with_field(field)
}
