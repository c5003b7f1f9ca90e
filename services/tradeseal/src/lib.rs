//! The `tradeseal` binary's library: settings, the composed application, and the commands.
//!
//! `tradeseal serve` runs every service in one process (the embedded default uses SQLite and
//! an in-process cache); `tradeseal serve notary` runs one service alone. The other commands
//! are offline tools: API-key administration, migrations, digests, receipt verification,
//! issuer keys and attestations, and sample documents.

pub mod app;
pub mod cli;
pub mod commands;
mod issuer_commands;
pub mod server;
pub mod settings;
mod telemetry;

use std::process::ExitCode;

use cli::{ApiKeysCommand, Cli, Command, KeysCommand, LogCommand, ReceiptCommand};

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let settings = cli.settings;
    match cli.command {
        Command::Serve { service } => {
            telemetry::init(&settings.log_format);
            app::serve(&settings, service).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate { down } => commands::migrate(&settings, down).await,
        Command::ApiKeys {
            command: ApiKeysCommand::Create { role, name, issuer },
        } => commands::create_api_key(&settings, role, &name, issuer.as_deref()).await,
        Command::ApiKeys {
            command: ApiKeysCommand::Revoke { id },
        } => commands::revoke_api_key(&settings, &id).await,
        Command::Digest { file } => commands::digest(&file),
        Command::Receipt {
            command:
                ReceiptCommand::Verify {
                    receipt,
                    jwks,
                    file,
                },
        } => commands::verify_receipt(&receipt, &jwks, file.as_deref()).await,
        Command::Log {
            command: LogCommand::Verify { bundle, jwks },
        } => commands::verify_log_bundle(&bundle, &jwks).await,
        Command::Keys {
            command: KeysCommand::Generate { out },
        } => issuer_commands::generate_key(&out),
        Command::Sign {
            file,
            key,
            issuer,
            kind,
            number,
            out,
        } => issuer_commands::sign(&file, &key, &issuer, kind, number, out.as_deref()),
        Command::Verify {
            file,
            attestation,
            jwks,
        } => issuer_commands::verify(&file, &attestation, &jwks).await,
        Command::Samples { out } => commands::samples(&out),
        Command::Openapi => commands::print_openapi().await,
        Command::PdfInspect => Ok(pdf_inspect::child_main()),
    }
}
