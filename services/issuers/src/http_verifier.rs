//! [`HttpVerifier`]: requests verdicts from a registry that runs in another process, over
//! `POST /v1/attestations/verify`, with timeouts and a short cache of verdicts.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crypto::SignedStatement;
use reqwest::header::AUTHORIZATION;
use reqwest::{StatusCode, Url};

use crate::api::verify::VerifyRequest;
use crate::attestation::{ExpectedDocument, Verification};
use crate::verifier::{AttestationVerifier, VerifierUnavailable};

/// Path of the verify endpoint below the registry's base URL.
const VERIFY_PATH: &str = "v1/attestations/verify";

/// Settings of an [`HttpVerifier`].
#[derive(Clone)]
pub struct HttpVerifierConfig {
    /// The registry's base URL, for example `http://127.0.0.1:8081/`.
    pub base_url: String,
    /// An API key with role customs, platform, admin or issuer.
    pub api_key: String,
    /// Maximum wait for a TCP connection.
    pub connect_timeout: Duration,
    /// Maximum wait for a whole response, connection included.
    pub request_timeout: Duration,
    /// How long a verdict is reused for the same attestation and document.
    pub cache_ttl: Duration,
    /// Maximum number of cached verdicts. A cache full of live verdicts is emptied.
    pub cache_capacity: usize,
}

impl HttpVerifierConfig {
    /// Settings with defaults: 2 s to connect, 5 s per request, verdicts reused for 30 s,
    /// at most 10,000 of them.
    pub fn new(base_url: impl Into<String>, api_key: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            api_key: api_key.into(),
            connect_timeout: Duration::from_secs(2),
            request_timeout: Duration::from_secs(5),
            cache_ttl: Duration::from_secs(30),
            cache_capacity: 10_000,
        }
    }
}

/// Prints everything but the API key.
impl std::fmt::Debug for HttpVerifierConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpVerifierConfig")
            .field("base_url", &self.base_url)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("cache_ttl", &self.cache_ttl)
            .field("cache_capacity", &self.cache_capacity)
            .finish_non_exhaustive()
    }
}

/// An [`HttpVerifier`] that cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum HttpVerifierError {
    /// The base URL is not an absolute http or https URL.
    #[error("invalid issuer registry URL {url:?}: {reason}; use e.g. http://127.0.0.1:8080/")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// The reason for the rejection.
        reason: String,
    },
    /// The HTTP client could not be created.
    #[error("failed to create the HTTP client for the issuer registry: {0}")]
    Client(#[source] reqwest::Error),
}

/// Verifies attestations through a registry that runs apart.
///
/// Transport failures, timeouts, non-200 responses and unreadable bodies all give
/// [`VerifierUnavailable`]. Only a 200 with a verdict is a result, and only such results
/// are cached. A key revoked at the registry is therefore seen here at most `cache_ttl` late.
pub struct HttpVerifier {
    client: reqwest::Client,
    endpoint: Url,
    authorization: String,
    cache: Mutex<HashMap<[u8; 32], (Instant, Verification)>>,
    cache_ttl: Duration,
    cache_capacity: usize,
}

impl std::fmt::Debug for HttpVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpVerifier")
            .field("endpoint", &self.endpoint.as_str())
            .finish_non_exhaustive()
    }
}

impl HttpVerifier {
    /// Builds the client; makes no request yet.
    pub fn new(config: HttpVerifierConfig) -> Result<Self, HttpVerifierError> {
        let invalid = |reason: String| HttpVerifierError::InvalidUrl {
            url: config.base_url.clone(),
            reason,
        };
        let mut base = Url::parse(&config.base_url).map_err(|error| invalid(error.to_string()))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(invalid(format!(
                "scheme {:?} is not http or https",
                base.scheme()
            )));
        }
        // Join relative to the base as a folder, so a base with a path prefix keeps it.
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        let endpoint = base
            .join(VERIFY_PATH)
            .map_err(|error| invalid(error.to_string()))?;

        let client = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .build()
            .map_err(HttpVerifierError::Client)?;

        Ok(Self {
            client,
            endpoint,
            authorization: format!("Bearer {}", config.api_key),
            cache: Mutex::new(HashMap::new()),
            cache_ttl: config.cache_ttl,
            cache_capacity: config.cache_capacity.max(1),
        })
    }

    async fn ask(&self, request: &VerifyRequest) -> Result<Verification, VerifierUnavailable> {
        let response = self
            .client
            .post(self.endpoint.clone())
            .header(AUTHORIZATION, &self.authorization)
            .json(request)
            .send()
            .await
            .map_err(|error| self.transport_error(&error))?;

        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|error| self.transport_error(&error))?;
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            return Err(VerifierUnavailable::credentials_rejected(format!(
                "{} answered {status}: the registry rejects TRADESEAL_ISSUERS_API_KEY; set a \
                 live customs, platform or admin key of that registry",
                self.endpoint
            )));
        }
        if status != StatusCode::OK {
            return Err(VerifierUnavailable::new(format!(
                "{} answered {status}: {}",
                self.endpoint,
                String::from_utf8_lossy(&body)
                    .chars()
                    .take(300)
                    .collect::<String>()
            )));
        }

        serde_json::from_slice(&body).map_err(|error| {
            VerifierUnavailable::new(format!(
                "{} answered with a body that is not a verification: {error}",
                self.endpoint
            ))
        })
    }

    /// Checks that the registry is reachable and accepts this service's API key, by sending an
    /// empty verification request: a registry that accepts the key rejects the body with a
    /// 4xx other than 401 and 403.
    pub async fn check_access(&self) -> Result<(), VerifierUnavailable> {
        let response = self
            .client
            .post(self.endpoint.clone())
            .header(AUTHORIZATION, &self.authorization)
            .json(&serde_json::json!({}))
            .send()
            .await
            .map_err(|error| self.transport_error(&error))?;

        let status = response.status();
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            return Err(VerifierUnavailable::credentials_rejected(format!(
                "{} answered {status}: the registry rejects TRADESEAL_ISSUERS_API_KEY; set a \
                 live customs, platform or admin key of that registry",
                self.endpoint
            )));
        }
        if status.is_server_error() {
            return Err(VerifierUnavailable::new(format!(
                "{} answered {status}",
                self.endpoint
            )));
        }
        Ok(())
    }

    fn transport_error(&self, error: &reqwest::Error) -> VerifierUnavailable {
        let what = if error.is_timeout() {
            "timed out"
        } else if error.is_connect() {
            "could not connect"
        } else {
            "failed"
        };
        VerifierUnavailable::new(format!("request to {} {what}: {error}", self.endpoint))
    }

    fn cached(&self, key: &[u8; 32]) -> Option<Verification> {
        let cache = self.cache.lock().ok()?;
        let (stored, answer) = cache.get(key)?;
        (stored.elapsed() < self.cache_ttl).then(|| answer.clone())
    }

    fn remember(&self, key: [u8; 32], answer: &Verification) {
        let Ok(mut cache) = self.cache.lock() else {
            return;
        };
        if cache.len() >= self.cache_capacity {
            let ttl = self.cache_ttl;
            cache.retain(|_, (stored, _)| stored.elapsed() < ttl);
        }
        if cache.len() >= self.cache_capacity {
            cache.clear();
        }
        cache.insert(key, (Instant::now(), answer.clone()));
    }
}

#[async_trait::async_trait]
impl AttestationVerifier for HttpVerifier {
    async fn verify(
        &self,
        attestation: &SignedStatement,
        expected: &ExpectedDocument,
    ) -> Result<Verification, VerifierUnavailable> {
        let request = VerifyRequest {
            attestation: attestation.clone(),
            digest: expected.digest,
            kind: expected.kind,
            number: expected.number.clone(),
        };
        // The canonical form makes equal requests share one cache entry.
        let key = crypto::canonical_bytes(&request)
            .ok()
            .map(|bytes| crypto::sha256(&bytes));

        if let Some(answer) = key.as_ref().and_then(|key| self.cached(key)) {
            return Ok(answer);
        }
        let answer = self.ask(&request).await?;
        if let Some(key) = key {
            self.remember(key, &answer);
        }
        Ok(answer)
    }
}
