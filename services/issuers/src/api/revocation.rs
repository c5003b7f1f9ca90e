//! The rule that decides what a revocation request does to a key's revocation.

use chrono::{DateTime, Utc};
use http_kit::{ApiError, ApiResult};

use crate::attestation::{KeyState, RevocationReason};

/// Returns the time from which the key will be revoked after this request, or the problem
/// that rejects the request.
///
/// - `compromisedAt` belongs to `compromised` only and may not be in the future.
/// - A key that is not revoked yet is revoked from `compromisedAt` (default `now`) when
///   compromised, else from `now`.
/// - A key revoked for another reason can be marked compromised; it is then revoked from
///   the earlier of its old revocation time and the compromise time.
/// - A compromised key can have its compromise time moved earlier, never later.
/// - Any other request on a revoked key is a conflict, because widening the trust in a key
///   after the fact would turn `key_revoked` signatures valid again.
pub(crate) fn plan_revocation(
    key: &KeyState,
    reason: RevocationReason,
    compromised_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ApiResult<DateTime<Utc>> {
    let compromised = reason == RevocationReason::Compromised;
    if compromised_at.is_some() && !compromised {
        return Err(ApiError::invalid_field(
            "compromisedAt",
            format!("compromisedAt applies to reason compromised only, not {reason}; drop it"),
        ));
    }
    if let Some(at) = compromised_at.filter(|at| *at > now) {
        return Err(ApiError::invalid_field(
            "compromisedAt",
            format!(
                "compromisedAt {} is in the future; give the time of the earliest suspected misuse",
                at.to_rfc3339()
            ),
        ));
    }
    let effective = if compromised {
        compromised_at.unwrap_or(now)
    } else {
        now
    };

    let (Some(revoked_at), Some(current)) = (key.revoked_at, key.reason) else {
        return Ok(effective);
    };
    match (current, compromised) {
        (RevocationReason::Compromised, true) if effective < revoked_at => Ok(effective),
        (RevocationReason::Compromised, true) => Err(ApiError::conflict(
            "key-already-revoked",
            format!(
                "key {} is already compromised from {}; a compromise time can only move earlier",
                key.kid,
                revoked_at.to_rfc3339()
            ),
        )),
        (_, true) => Ok(effective.min(revoked_at)),
        (current, false) => Err(ApiError::conflict(
            "key-already-revoked",
            format!(
                "key {} was already revoked ({current}) at {}; only a compromise can be recorded on a revoked key",
                key.kid,
                revoked_at.to_rfc3339()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 4, hour, 0, 0).unwrap()
    }

    fn key(revoked: Option<(u32, RevocationReason)>) -> KeyState {
        KeyState {
            kid: "k".to_owned(),
            valid_from: at(0),
            valid_until: None,
            revoked_at: revoked.map(|(hour, _)| at(hour)),
            reason: revoked.map(|(_, reason)| reason),
        }
    }

    #[test]
    fn fresh_key_is_revoked_from_now_or_compromise_time() {
        let now = at(12);
        let superseded = plan_revocation(&key(None), RevocationReason::Superseded, None, now);
        assert_eq!(superseded.unwrap(), now);

        let compromised =
            plan_revocation(&key(None), RevocationReason::Compromised, Some(at(3)), now);
        assert_eq!(compromised.unwrap(), at(3));
    }

    #[test]
    fn compromise_time_rules() {
        let now = at(12);
        let future = plan_revocation(&key(None), RevocationReason::Compromised, Some(at(13)), now);
        assert_eq!(future.unwrap_err().status().as_u16(), 400);

        let wrong_reason = plan_revocation(&key(None), RevocationReason::Retired, Some(at(3)), now);
        assert_eq!(wrong_reason.unwrap_err().status().as_u16(), 400);
    }

    #[test]
    fn revoked_key_can_only_become_more_distrusted() {
        let now = at(12);
        let superseded = key(Some((10, RevocationReason::Superseded)));
        let escalated = plan_revocation(
            &superseded,
            RevocationReason::Compromised,
            Some(at(11)),
            now,
        );
        assert_eq!(escalated.unwrap(), at(10));
        let earlier = plan_revocation(&superseded, RevocationReason::Compromised, Some(at(2)), now);
        assert_eq!(earlier.unwrap(), at(2));
        let again = plan_revocation(&superseded, RevocationReason::Retired, None, now);
        assert_eq!(again.unwrap_err().status().as_u16(), 409);

        let compromised = key(Some((5, RevocationReason::Compromised)));
        let moved = plan_revocation(
            &compromised,
            RevocationReason::Compromised,
            Some(at(4)),
            now,
        );
        assert_eq!(moved.unwrap(), at(4));
        let later = plan_revocation(
            &compromised,
            RevocationReason::Compromised,
            Some(at(6)),
            now,
        );
        assert_eq!(later.unwrap_err().status().as_u16(), 409);
    }
}
