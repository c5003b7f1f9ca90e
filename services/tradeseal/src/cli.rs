//! The command line: global settings plus one subcommand.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use domain::Role;

use crate::settings::Settings;

/// tradeseal: document notarization, issuer signatures and trust scores for cross-border trade.
#[derive(Debug, Parser)]
#[command(name = "tradeseal", version, propagate_version = true)]
pub struct Cli {
    /// Settings shared by every command.
    #[command(flatten)]
    pub settings: Settings,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The services `serve` can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Service {
    /// Every service in one process.
    #[default]
    All,
    /// Only the notary (documents and receipts).
    Notary,
    /// Only the reputation service (companies, events, trust scores).
    Reputation,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP services (all of them unless one is named). Applies migrations first.
    Serve {
        /// Which service to run.
        #[arg(value_enum, default_value_t = Service::All)]
        service: Service,
    },
    /// Apply pending database migrations (or revert the last one with --down).
    Migrate {
        /// Revert the most recent migration instead.
        #[arg(long)]
        down: bool,
    },
    /// Manage API keys.
    ApiKeys {
        /// The key operation.
        #[command(subcommand)]
        command: ApiKeysCommand,
    },
    /// Print the digest of a file as `sha256:<hex>`.
    Digest {
        /// The file to hash.
        file: PathBuf,
    },
    /// Work with notary receipts.
    Receipt {
        /// The receipt operation.
        #[command(subcommand)]
        command: ReceiptCommand,
    },
    /// Work with the transparency log.
    Log {
        /// The log operation.
        #[command(subcommand)]
        command: LogCommand,
    },
    /// Write the sample certificate of origin and commercial invoice PDFs into a folder.
    Samples {
        /// Output folder, created when missing.
        #[arg(long, default_value = "samples")]
        out: PathBuf,
    },
    /// Print the OpenAPI document of every service.
    Openapi,
    /// Inspect a PDF from standard input (internal: the server runs this in a child process).
    #[command(hide = true)]
    PdfInspect,
}

/// API-key operations.
#[derive(Debug, Subcommand)]
pub enum ApiKeysCommand {
    /// Create a key and print it as the last line of standard output; it is shown only once.
    Create {
        /// Role: admin, platform, issuer, customs or buyer.
        #[arg(long)]
        role: Role,
        /// Name of the client that will hold the key (for example the platform's name).
        #[arg(long)]
        name: String,
        /// Issuer id an issuer key acts for (required with --role issuer).
        #[arg(long)]
        issuer: Option<String>,
    },
    /// Revoke a key by its id.
    Revoke {
        /// The key id printed when the key was created.
        id: String,
    },
}

/// Receipt operations.
#[derive(Debug, Subcommand)]
pub enum ReceiptCommand {
    /// Check a receipt offline against the notary's published keys. Exit status 0 only when
    /// the signature is valid (and the file matches, with --file).
    Verify {
        /// The receipt JSON: the `receipt` object or a whole document record containing one.
        receipt: PathBuf,
        /// The notary's JWK set: a file path or an http:// URL of /.well-known/jwks.json.
        #[arg(long)]
        jwks: String,
        /// Also check that this file's digest is the one the receipt names.
        #[arg(long)]
        file: Option<PathBuf>,
    },
}

/// Transparency-log operations.
#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Check a proof bundle (from GET /v1/documents/{digest}/proof) offline: the checkpoint
    /// signature and the inclusion proof. Exit status 0 only when both hold.
    Verify {
        /// The proof bundle JSON file.
        bundle: PathBuf,
        /// The notary's JWK set: a file path or an http:// URL of /.well-known/jwks.json.
        #[arg(long)]
        jwks: String,
    },
}
