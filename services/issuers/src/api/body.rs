//! Reading a JSON request body member by member, so every rejection names the member at
//! fault in the problem's `field`.

use chrono::{DateTime, Utc};
use http_kit::{ApiError, ApiResult};
use serde_json::{Map, Value};

/// A JSON object body whose members were checked against a list of allowed names.
pub(crate) struct Body {
    members: Map<String, Value>,
}

impl Body {
    /// Accepts `value` when it is an object with no members outside `allowed`.
    pub(crate) fn new(value: Value, allowed: &[&str]) -> ApiResult<Self> {
        let Value::Object(members) = value else {
            return Err(ApiError::bad_request(
                "invalid-body",
                "the body must be a JSON object",
            ));
        };

        if let Some(unknown) = members
            .keys()
            .find(|name| !allowed.contains(&name.as_str()))
        {
            return Err(ApiError::invalid_field(
                unknown,
                format!(
                    "{unknown} is not a member of this request; the members are {}",
                    allowed.join(", ")
                ),
            ));
        }
        Ok(Self { members })
    }

    /// The member's value; `null` counts as absent.
    pub(crate) fn get(&self, name: &str) -> Option<&Value> {
        self.members.get(name).filter(|value| !value.is_null())
    }

    /// A required string member, trimmed.
    pub(crate) fn required_str(&self, name: &str, hint: &str) -> ApiResult<&str> {
        self.optional_str(name)?
            .ok_or_else(|| ApiError::missing_field(name, format!("{name} is required: {hint}")))
    }

    /// An optional string member, trimmed.
    pub(crate) fn optional_str(&self, name: &str) -> ApiResult<Option<&str>> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.trim())),
            Some(_) => Err(ApiError::invalid_field(
                name,
                format!("{name} must be a string"),
            )),
        }
    }

    /// An optional RFC 3339 time member, converted to UTC.
    pub(crate) fn optional_time(&self, name: &str) -> ApiResult<Option<DateTime<Utc>>> {
        let Some(text) = self.optional_str(name)? else {
            return Ok(None);
        };
        parse_time(name, text).map(Some)
    }
}

/// Parses an RFC 3339 time, naming `field` when it is not one.
pub(crate) fn parse_time(field: &str, text: &str) -> ApiResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|time| time.with_timezone(&Utc))
        .map_err(|error| {
            ApiError::invalid_field(
                field,
                format!(
                    "{field} {:?} is not an RFC 3339 time ({error}); write e.g. 2026-12-04T10:15:30Z",
                    clip(text)
                ),
            )
        })
}

/// A bounded prefix of client text for messages.
pub(crate) fn clip(text: &str) -> String {
    text.chars().take(80).collect()
}

/// Checks a name-like text: 1 to `max` characters after trimming, no control characters.
pub(crate) fn check_text(field: &str, text: &str, max: usize) -> ApiResult<String> {
    let length = text.chars().count();
    if length == 0 || length > max {
        return Err(ApiError::invalid_field(
            field,
            format!("{field} must be 1 to {max} characters, got {length}"),
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(ApiError::invalid_field(
            field,
            format!("{field} contains a control character; remove it"),
        ));
    }
    Ok(text.to_owned())
}
