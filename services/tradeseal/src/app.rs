//! The composed application: every service's router, the probes, metrics, the OpenAPI
//! document and its docs page, behind the shared middleware stack.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use http_kit::Json;
use http_kit::auth::SharedAuthenticator;
use http_kit::health::{Component, Liveness, Readiness};
use issuers::AttestationVerifier;
use pdf_inspect::{Inspector, InspectorLimits};
use sea_orm::DatabaseConnection;
use utoipa::openapi::OpenApi as OpenApiDoc;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use utoipa_scalar::{Scalar, Servable};

use crate::cli::Service;
use crate::settings::Settings;

/// The parts every composition needs.
#[derive(Clone)]
pub struct Parts {
    /// Connection pool, already migrated.
    pub db: DatabaseConnection,
    /// The score cache (Redis or in process).
    pub cache: cache::Cache,
    /// The notary's state, when the notary runs in this process.
    pub notary: Option<notary::NotaryState>,
    /// The reputation service's state, when it runs in this process.
    pub reputation: Option<reputation::ReputationState>,
    /// The issuer registry's state, when it runs in this process.
    pub issuers: Option<issuers::IssuersState>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "tradeseal",
        description = "Document notarization, issuer signatures and trust scores for cross-border trade. \
                       Errors are application/problem+json (RFC 9457). Every endpoint except \
                       /healthz, /readyz and /metrics may answer 429 with Retry-After when a \
                       client address exceeds the rate limit.",
        license(name = "Apache-2.0"),
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "documents", description = "Register and look up trade documents"),
        (name = "issuers", description = "The issuer registry: issuers and their keys with history"),
        (name = "attestations", description = "Verdicts on issuer attestations"),
        (name = "keys", description = "Published public keys"),
        (name = "log", description = "The transparency log: signed checkpoints and inclusion proofs"),
        (name = "operations", description = "Health and readiness"),
        (name = "companies", description = "Companies whose trust is scored"),
        (name = "events", description = "Deal and dispute events from the platform"),
        (name = "trust", description = "Trust scores with their evidence and trend"),
    ),
)]
struct ApiDoc;

/// Registers the `bearer` security scheme the handlers refer to.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("API key: Authorization: Bearer ts_<role>_<secret>"))
                    .build(),
            ),
        );
    }
}

#[derive(Clone)]
struct OpsState {
    db: DatabaseConnection,
    cache: cache::Cache,
}

/// Composes the routers of the services present in `parts`.
pub fn compose(parts: Parts) -> (Router, OpenApiDoc) {
    let ops = OpsState {
        db: parts.db.clone(),
        cache: parts.cache.clone(),
    };
    let mut api = OpenApiRouter::with_openapi(ApiDoc::openapi()).merge(
        OpenApiRouter::new()
            .routes(routes!(healthz))
            .routes(routes!(readyz))
            .with_state(ops),
    );

    if let Some(notary) = parts.notary {
        api = api.merge(notary::router(notary));
    }
    if let Some(reputation) = parts.reputation {
        api = api.merge(reputation::router(reputation));
    }
    if let Some(issuers) = parts.issuers {
        api = api.merge(issuers::router(issuers));
    }

    let (router, openapi) = api.split_for_parts();
    let spec = Arc::new(openapi.clone());
    let router = router
        .route("/metrics", get(http_kit::metrics::render))
        .route("/openapi.json", get(move || openapi_json(spec.clone())))
        .merge(Scalar::with_url("/docs", openapi.clone()))
        .fallback(http_kit::layers::fallback)
        .method_not_allowed_fallback(http_kit::layers::method_not_allowed);
    (http_kit::layers::apply(router), openapi)
}

async fn openapi_json(spec: Arc<OpenApiDoc>) -> axum::Json<OpenApiDoc> {
    axum::Json((*spec).clone())
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, body = Liveness)))]
async fn healthz() -> Json<Liveness> {
    http_kit::health::liveness().await
}

/// Reports ready when the database is reachable. The cache state is reported too, but an
/// unavailable cache only degrades service.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "operations",
    responses(
        (status = 200, description = "Ready", body = Readiness),
        (status = 503, description = "The database is unreachable", body = Readiness),
    ),
)]
async fn readyz(State(ops): State<OpsState>) -> (StatusCode, Json<Readiness>) {
    let backend = format!("{:?}", ops.db.get_database_backend()).to_lowercase();
    let ping = tokio::time::timeout(Duration::from_secs(2), ops.db.ping()).await;
    let database = match ping {
        Ok(Ok(())) => Component {
            backend,
            healthy: true,
            detail: None,
        },
        Ok(Err(error)) => Component {
            backend,
            healthy: false,
            detail: Some(error.to_string()),
        },
        Err(_) => Component {
            backend,
            healthy: false,
            detail: Some("ping timed out".to_owned()),
        },
    };

    let status = ops.cache.status().await;
    let cache = Component {
        backend: status.backend.as_str().to_owned(),
        healthy: status.healthy,
        detail: None,
    };

    let ready = database.healthy;
    let code = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = Readiness {
        status: if ready { "ready" } else { "unavailable" },
        database,
        cache,
    };
    (code, Json(body))
}

/// Builds the cache named by the settings.
pub fn build_cache(settings: &Settings) -> anyhow::Result<cache::Cache> {
    let options = cache::CacheOptions::default();
    match &settings.redis_url {
        Some(url) => cache::Cache::redis(&cache::RedisConfig::new(url.clone()), options)
            .context("invalid TRADESEAL_REDIS_URL"),
        None => Ok(cache::Cache::memory(
            &cache::MemoryConfig::default(),
            options,
        )),
    }
}

/// The reputation service's state with the default model and the configured cache.
pub fn build_reputation(
    settings: &Settings,
    db: &DatabaseConnection,
    auth: SharedAuthenticator,
    cache: &cache::Cache,
) -> anyhow::Result<reputation::ReputationState> {
    let fallback = cache::Fallback::new(
        settings.db_fallback_concurrency.max(1),
        Duration::from_millis(settings.db_fallback_wait_ms),
    );
    reputation::ReputationState::new(
        db.clone(),
        auth,
        cache.clone(),
        fallback,
        reputation::ReputationConfig::default(),
    )
    .context("invalid reputation model settings")
}

/// Builds the notary's attestation verifier: an HTTP client of the registry at
/// `TRADESEAL_ISSUERS_URL` when that is set, else the registry's tables for `serve`, else none.
pub fn build_verifier(
    settings: &Settings,
    service: Service,
    db: &DatabaseConnection,
) -> anyhow::Result<Option<Arc<dyn AttestationVerifier>>> {
    if let Some(url) = &settings.issuers_url {
        let api_key = settings
            .issuers_api_key
            .clone()
            .filter(|key| !key.trim().is_empty())
            .context("TRADESEAL_ISSUERS_URL is set without TRADESEAL_ISSUERS_API_KEY; create a customs key for the notary and set it")?;
        let mut config = issuers::HttpVerifierConfig::new(url.clone(), api_key);
        config.request_timeout = Duration::from_millis(settings.issuers_timeout_ms.max(1));
        config.connect_timeout = config.connect_timeout.min(config.request_timeout);
        config.cache_ttl = Duration::from_secs(settings.issuers_cache_secs);
        let verifier = Arc::new(issuers::HttpVerifier::new(config)?);
        tracing::info!(url = %url, "attestations are verified by the issuer registry over HTTP");

        // A wrong key would otherwise show only as 503 on each attested upload.
        let probe = verifier.clone();
        tokio::spawn(async move {
            match probe.check_access().await {
                Ok(()) => tracing::info!("the issuer registry accepts this notary's API key"),
                Err(error) if error.credentials_rejected => {
                    tracing::error!(error = %error, "attested uploads will get 503");
                }
                Err(error) => tracing::warn!(error = %error, "the issuer registry is unreachable"),
            }
        });
        return Ok(Some(verifier));
    }

    if service == Service::All {
        return Ok(Some(Arc::new(issuers::LocalVerifier::new(db.clone()))));
    }
    if service == Service::Notary {
        tracing::warn!("TRADESEAL_ISSUERS_URL is unset: uploads with an attestation get 503");
    }
    Ok(None)
}

/// The PDF inspector: this same executable, run as `tradeseal pdf-inspect`.
pub fn build_inspector(settings: &Settings) -> anyhow::Result<Inspector> {
    let program = std::env::current_exe().context("failed to find the tradeseal executable")?;
    let mut limits = InspectorLimits {
        timeout: Duration::from_secs(settings.pdf_timeout_secs),
        max_input_bytes: usize::try_from(settings.max_upload_bytes).unwrap_or(usize::MAX),
        ..InspectorLimits::default()
    };
    if let Some(workers) = settings.pdf_workers {
        limits.max_concurrent = workers.max(1);
    }
    Ok(Inspector::new(
        program,
        vec!["pdf-inspect".to_owned()],
        limits,
    ))
}

/// Loads or creates the notary key and builds the notary's state with its verifier.
fn build_notary(
    settings: &Settings,
    service: Service,
    db: &DatabaseConnection,
    auth: SharedAuthenticator,
) -> anyhow::Result<notary::NotaryState> {
    let key_path = settings.notary_key_path();
    let (key, created) = crypto::SigningKeyPair::load_or_create(&key_path)
        .with_context(|| format!("failed to load the notary key {}", key_path.display()))?;
    tracing::info!(kid = %key.kid(), created, path = %key_path.display(), "notary key ready");

    let config = notary::NotaryConfig {
        max_upload_bytes: settings.max_upload_bytes,
    };
    let mut notary =
        notary::NotaryState::new(db.clone(), auth, key, build_inspector(settings)?, config);
    if let Some(verifier) = build_verifier(settings, service, db)? {
        notary = notary.with_verifier(verifier);
    }
    Ok(notary)
}

/// Opens storage, builds the services named by `service`, and serves until Ctrl-C or SIGTERM.
pub async fn serve(settings: &Settings, service: Service) -> anyhow::Result<()> {
    // Bind first, so that a port in use fails before any file or key is created.
    let listener = tokio::net::TcpListener::bind(settings.listen)
        .await
        .with_context(|| format!("failed to listen on {}", settings.listen))?;

    // The recorder must exist before the first request, or requests before the first scrape
    // of /metrics go uncounted.
    http_kit::metrics::handle();

    settings.ensure_data_dir()?;
    let url = settings.database_url();
    let backend = storage::Backend::of_url(&url)?;
    let db = storage::connect_and_migrate(&url).await?;
    tracing::info!(database = backend.name(), "database ready");

    let cache = build_cache(settings)?;
    let auth: SharedAuthenticator = Arc::new(storage::api_keys::DbAuthenticator::new(db.clone()));

    let notary = match service {
        Service::All | Service::Notary => Some(build_notary(settings, service, &db, auth.clone())?),
        Service::Reputation | Service::Issuers => None,
    };
    let reputation = match service {
        Service::All | Service::Reputation => {
            Some(build_reputation(settings, &db, auth.clone(), &cache)?)
        }
        Service::Notary | Service::Issuers => None,
    };
    let issuers = matches!(service, Service::All | Service::Issuers)
        .then(|| issuers::IssuersState::new(db.clone(), auth));

    let parts = Parts {
        db,
        cache: cache.clone(),
        notary,
        reputation,
        issuers,
    };
    let (mut router, _) = compose(parts);
    let limit = http_kit::rate_limit::RateLimit::new(http_kit::rate_limit::RateLimitConfig {
        per_second: settings.rate_limit_per_sec,
        burst: settings.rate_limit_burst,
    });
    if let Some(limit) = limit {
        router = http_kit::rate_limit::apply(router, limit.clone());
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                limit.clean_up();
            }
        });
    }

    tracing::info!(address = %settings.listen, service = ?service, cache = cache.backend_kind().as_str(), "tradeseal listening");

    let limits = crate::server::ConnectionLimits {
        max_connections: usize::try_from(settings.max_connections).unwrap_or(usize::MAX),
        header_read_timeout: Duration::from_secs(settings.header_read_timeout_secs),
    };
    crate::server::run(listener, router, limits, shutdown_signal()).await;
    tracing::info!("tradeseal stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
