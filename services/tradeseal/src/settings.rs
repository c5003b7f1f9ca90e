//! Settings from `TRADESEAL_*` variables and flags, parsed once into typed values.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

/// Settings shared by every command. Each has a flag and a `TRADESEAL_*` variable; the flag wins.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address the HTTP server listens on.
    #[arg(
        long,
        env = "TRADESEAL_LISTEN",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub listen: SocketAddr,

    /// Folder for the SQLite database and the notary key, created when missing.
    #[arg(
        long,
        env = "TRADESEAL_DATA_DIR",
        default_value = "data",
        global = true
    )]
    pub data_dir: PathBuf,

    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB [default: an SQLite file
    /// tradeseal.db in the data folder].
    #[arg(long, env = "TRADESEAL_DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Redis URL for the score cache, e.g. redis://127.0.0.1:6379 [default: unset, an
    /// in-process cache].
    #[arg(long, env = "TRADESEAL_REDIS_URL", global = true)]
    pub redis_url: Option<String>,

    /// Path of the notary's private key file (JWK, mode 0600), generated on first start
    /// [default: notary-key.jwk in the data folder].
    #[arg(long, env = "TRADESEAL_NOTARY_KEY", global = true)]
    pub notary_key: Option<PathBuf>,

    /// Largest accepted upload, in bytes.
    #[arg(long, env = "TRADESEAL_MAX_UPLOAD_BYTES", default_value_t = 25 * 1024 * 1024, global = true)]
    pub max_upload_bytes: u64,

    /// Longest time one PDF inspection may take, in seconds.
    #[arg(
        long,
        env = "TRADESEAL_PDF_TIMEOUT_SECS",
        default_value_t = 10,
        global = true
    )]
    pub pdf_timeout_secs: u64,

    /// How many PDF inspections run at once [default: the number of CPU cores].
    #[arg(long, env = "TRADESEAL_PDF_WORKERS", global = true)]
    pub pdf_workers: Option<usize>,

    /// Trust-score reads that may go to the database at once while the cache is unavailable.
    #[arg(
        long,
        env = "TRADESEAL_DB_FALLBACK_CONCURRENCY",
        default_value_t = 8,
        global = true
    )]
    pub db_fallback_concurrency: usize,

    /// Maximum wait for a database-fallback slot before responding 503, in milliseconds.
    #[arg(
        long,
        env = "TRADESEAL_DB_FALLBACK_WAIT_MS",
        default_value_t = 2000,
        global = true
    )]
    pub db_fallback_wait_ms: u64,

    /// Sustained requests per second allowed from one client IP address; 0 turns limiting off.
    #[arg(
        long,
        env = "TRADESEAL_RATE_LIMIT_PER_SEC",
        default_value_t = 1000,
        global = true
    )]
    pub rate_limit_per_sec: u32,

    /// Requests one client IP address may send at once above the sustained rate.
    #[arg(
        long,
        env = "TRADESEAL_RATE_LIMIT_BURST",
        default_value_t = 2000,
        global = true
    )]
    pub rate_limit_burst: u32,

    /// Base URL of the issuer registry, e.g. http://127.0.0.1:8081, for `serve notary` when the
    /// registry runs in another process [default: unset; `serve` uses the registry in its own
    /// process, and `serve notary` then rejects uploads with an attestation with 503].
    #[arg(long, env = "TRADESEAL_ISSUERS_URL", global = true)]
    pub issuers_url: Option<String>,

    /// API key (role customs, platform or admin) the notary sends to the issuer registry at
    /// TRADESEAL_ISSUERS_URL.
    #[arg(
        long,
        env = "TRADESEAL_ISSUERS_API_KEY",
        global = true,
        hide_env_values = true
    )]
    pub issuers_api_key: Option<String>,

    /// Maximum wait for one response of the issuer registry, in milliseconds.
    #[arg(
        long,
        env = "TRADESEAL_ISSUERS_TIMEOUT_MS",
        default_value_t = 3000,
        global = true
    )]
    pub issuers_timeout_ms: u64,

    /// How long the notary reuses a verdict of the issuer registry for the same attestation
    /// and document, in seconds; 0 turns the cache off.
    #[arg(
        long,
        env = "TRADESEAL_ISSUERS_CACHE_SECS",
        default_value_t = 30,
        global = true
    )]
    pub issuers_cache_secs: u64,

    /// Open client connections the server keeps at once; connections over it are closed as
    /// soon as they are accepted.
    #[arg(
        long,
        env = "TRADESEAL_MAX_CONNECTIONS",
        default_value_t = 4096,
        value_parser = clap::value_parser!(u32).range(1..),
        global = true
    )]
    pub max_connections: u32,

    /// Maximum time a client may take to send a request's headers, in seconds, counted from the
    /// moment the connection opens or turns idle after a response. Slower connections are closed.
    #[arg(
        long,
        env = "TRADESEAL_HEADER_READ_TIMEOUT_SECS",
        default_value_t = 10,
        value_parser = clap::value_parser!(u64).range(1..=3600),
        global = true
    )]
    pub header_read_timeout_secs: u64,

    /// Log format: text or json. The filter comes from TRADESEAL_LOG (default info).
    #[arg(
        long,
        env = "TRADESEAL_LOG_FORMAT",
        default_value = "text",
        global = true
    )]
    pub log_format: String,
}

impl Settings {
    /// The database URL, defaulting to an SQLite file in the data folder.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            format!("sqlite://{}/tradeseal.db?mode=rwc", self.data_dir.display())
        })
    }

    /// The notary key path, defaulting to a file in the data folder.
    pub fn notary_key_path(&self) -> PathBuf {
        self.notary_key
            .clone()
            .unwrap_or_else(|| self.data_dir.join("notary-key.jwk"))
    }

    /// Creates the data folder when the database or key lives in it.
    pub fn ensure_data_dir(&self) -> anyhow::Result<()> {
        use anyhow::Context;

        std::fs::create_dir_all(&self.data_dir).with_context(|| {
            format!(
                "failed to create the data folder {}",
                self.data_dir.display()
            )
        })
    }
}
