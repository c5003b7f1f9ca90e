//! The command line: global settings plus one subcommand.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use domain::{DocumentKind, DocumentNumber, Role};

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
    /// Only the issuer registry (issuers, their keys, attestation verdicts).
    Issuers,
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
    /// Work with issuer signing keys (offline).
    Keys {
        /// The key operation.
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Sign an issuer attestation of a document with an issuer key (offline).
    Sign {
        /// The document to attest, hashed as its exact bytes.
        file: PathBuf,
        /// The issuer's private key file, from `tradeseal keys generate`.
        #[arg(long)]
        key: PathBuf,
        /// The issuer's id in the registry.
        #[arg(long)]
        issuer: String,
        /// Document kind: certificate_of_origin or commercial_invoice.
        #[arg(long)]
        kind: DocumentKind,
        /// The number printed on the document (required for a certificate of origin).
        #[arg(long)]
        number: Option<DocumentNumber>,
        /// Write the attestation to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Check an issuer attestation of a file against the issuer's published keys (offline
    /// with a file). Prints the verdict; exit status 0 only for `valid`.
    Verify {
        /// The document the attestation should be about.
        file: PathBuf,
        /// The attestation JSON file.
        #[arg(long)]
        attestation: PathBuf,
        /// The issuer's key set: a file path or an http:// URL of /v1/issuers/{id}/jwks.json.
        #[arg(long)]
        jwks: String,
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

/// Issuer key operations.
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Generate an Ed25519 key: the private key goes to a new file with mode 0600, the public
    /// JWK with its kid to standard output, ready for POST /v1/issuers/{id}/keys.
    Generate {
        /// The private key file to create; an existing file is never replaced.
        #[arg(long)]
        out: PathBuf,
    },
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
