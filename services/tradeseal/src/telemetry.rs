//! Log output: human-readable text by default, JSON lines for log collectors.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Filter used when neither `TRADESEAL_LOG` nor `RUST_LOG` is set.
const DEFAULT_FILTER: &str = "info,sqlx=warn,sea_orm=warn,tower_http=warn";

/// Installs the global subscriber; `format` is `text` or `json`.
pub(crate) fn init(format: &str) {
    let filter = std::env::var("TRADESEAL_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| DEFAULT_FILTER.to_owned());
    // Colour codes only help a terminal; in files and log collectors they are noise.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new(filter))
        .with_ansi(std::io::stdout().is_terminal());

    let result = if format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
    if result.is_err() {
        eprintln!("warning: a log subscriber was already installed");
    }
}
