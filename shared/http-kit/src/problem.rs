//! The one error type at the HTTP boundary, rendered as `application/problem+json` (RFC 9457).
//!
//! Building a response never logs: a 5xx keeps its cause in a response extension, and
//! [`crate::layers`] logs it once with the request id.

use std::sync::Arc;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Prefix of every problem `type` URI; the slug after it is stable per kind of error.
const TYPE_PREFIX: &str = "urn:tradeseal:problem:";

/// Result alias for handlers.
pub type ApiResult<T> = Result<T, ApiError>;

/// The problem document as sent to clients.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// Stable URI naming the kind of error, e.g. `urn:tradeseal:problem:not-registered`.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// Short summary of the kind of error.
    pub title: String,
    /// HTTP status code.
    pub status: u16,
    /// What was wrong with this request and what to do about it.
    pub detail: String,
    /// The field of the request that was wrong, when one was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// An error returned by a handler.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    slug: &'static str,
    title: &'static str,
    detail: String,
    field: Option<String>,
    retry_after_secs: Option<u64>,
    cause: Option<Arc<anyhow::Error>>,
}

/// The cause of a 5xx, stored in the response extensions for the logging middleware.
#[derive(Debug, Clone)]
pub(crate) struct ErrorCause(pub(crate) Arc<anyhow::Error>);

impl ApiError {
    /// Builds an error with a status, a stable slug, a title and a detail.
    pub fn new(
        status: StatusCode,
        slug: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            status,
            slug,
            title,
            detail: detail.into(),
            field: None,
            retry_after_secs: None,
            cause: None,
        }
    }

    /// Names the request field the error is about.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Adds a `Retry-After` header, in seconds.
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after_secs = Some(seconds);
        self
    }

    /// 400 for a request that is malformed as a whole.
    pub fn bad_request(slug: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, slug, "Bad request", detail)
    }

    /// 400 for one invalid field, named in the problem.
    pub fn invalid_field(field: &str, detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid-field",
            "Invalid field",
            detail,
        )
        .with_field(field)
    }

    /// 400 for a missing required field.
    pub fn missing_field(field: &str, detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "missing-field",
            "Missing field",
            detail,
        )
        .with_field(field)
    }

    /// 401 for a missing or unknown API key.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            detail,
        )
    }

    /// 403 for a key whose role may not call this endpoint.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "Forbidden", detail)
    }

    /// 404 for an unknown resource.
    pub fn not_found(slug: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, slug, "Not found", detail)
    }

    /// 409 for a request that conflicts with stored state.
    pub fn conflict(slug: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, slug, "Conflict", detail)
    }

    /// 413 for a body over the size limit.
    pub fn payload_too_large(limit_bytes: u64) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload-too-large",
            "Payload too large",
            format!("the request body is larger than the limit of {limit_bytes} bytes"),
        )
    }

    /// 415 for a content type the endpoint does not take.
    pub fn unsupported_media_type(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
            detail,
        )
    }

    /// 422 for input that is well formed but cannot be processed.
    pub fn unprocessable(slug: &'static str, detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            slug,
            "Unprocessable content",
            detail,
        )
    }

    /// 503 for a dependency that is down or a queue that is full.
    pub fn unavailable(slug: &'static str, detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            slug,
            "Service unavailable",
            detail,
        )
        .with_retry_after(1)
    }

    /// 500 for an unexpected failure; the cause is logged, never sent.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        let mut error = Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal server error",
            "the server failed to handle the request; it has been logged, retry later",
        );
        error.cause = Some(Arc::new(cause.into()));
        error
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The stable slug of the problem type.
    pub fn slug(&self) -> &'static str {
        self.slug
    }

    /// The problem document.
    pub fn problem(&self) -> Problem {
        Problem {
            problem_type: format!("{TYPE_PREFIX}{}", self.slug),
            title: self.title.to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            field: self.field.clone(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.slug, self.detail)
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        let mut response = (self.status, body).into_response();

        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(seconds) = self.retry_after_secs {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }

        if let Some(cause) = self.cause {
            response.extensions_mut().insert(ErrorCause(cause));
        }
        response
    }
}

impl From<axum::extract::rejection::JsonRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::JsonRejection) -> Self {
        use axum::extract::rejection::JsonRejection as R;

        match rejection {
            R::MissingJsonContentType(_) => Self::unsupported_media_type(
                "send the body as JSON with the header Content-Type: application/json",
            ),
            R::JsonSyntaxError(error) => Self::bad_request(
                "invalid-json",
                format!("the body is not valid JSON: {}", error.body_text()),
            ),
            R::JsonDataError(error) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-body",
                "Invalid body",
                format!(
                    "the JSON body does not match the expected shape: {}",
                    error.body_text()
                ),
            ),
            R::BytesRejection(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Self::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload-too-large",
                    "Payload too large",
                    "the JSON body is larger than this endpoint accepts (2 MiB, axum's default, \
                     unless the endpoint's documentation gives another limit); send less data \
                     per request, for example by splitting a batch",
                )
            }
            other => Self::bad_request(
                "invalid-body",
                format!("the body could not be read: {}", other.body_text()),
            ),
        }
    }
}

impl From<axum::extract::rejection::QueryRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::QueryRejection) -> Self {
        Self::bad_request(
            "invalid-query",
            format!("the query string is invalid: {}", rejection.body_text()),
        )
    }
}

impl From<axum::extract::rejection::PathRejection> for ApiError {
    fn from(rejection: axum::extract::rejection::PathRejection) -> Self {
        Self::bad_request(
            "invalid-path",
            format!("the path is invalid: {}", rejection.body_text()),
        )
    }
}
