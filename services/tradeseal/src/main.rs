//! The `tradeseal` command: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser;
use tradeseal::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();

    // The PDF inspector child sets its own resource limits, which must happen before any
    // runtime thread exists, so it never starts tokio.
    if matches!(cli.command, Command::PdfInspect) {
        return pdf_inspect::child_main();
    }

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: failed to start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(tradeseal::run(cli)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
