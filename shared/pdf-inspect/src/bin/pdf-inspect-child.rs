//! Child process that inspects one PDF from stdin and prints a JSON report.
//! `pdf_inspect::Inspector` runs it; see `pdf_inspect::child_main`.

fn main() -> std::process::ExitCode {
    pdf_inspect::child_main()
}
