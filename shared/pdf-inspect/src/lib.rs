//! PDF inspection with lopdf, run in a child process under resource limits.
//!
//! A crafted PDF can make lopdf overflow its stack or abort on a huge
//! allocation, and no `catch_unwind` stops either. So the server never parses
//! a PDF itself:
//!
//! - [`Inspector`] (server side) spawns a short-lived child process per PDF,
//!   writes the bytes to its stdin and reads back one small JSON line, under a
//!   wall-clock timeout and a bound on concurrent children.
//! - [`child_main`] (child side) lowers its own resource limits (address
//!   space, CPU time, no core files, no file writes), reads the PDF from stdin,
//!   calls [`inspect`] and prints the result as JSON.
//! - [`inspect`] does the actual parsing in-process. Call it only inside the
//!   child.
//!
//! A PDF whose empty user password does not open it is rejected with
//! [`InspectError::PasswordRequired`]: without the password neither the page
//! tree nor the catalog can be read, so there is nothing to report on.

mod catalog;
mod child;
mod encryption;
mod error;
mod info;
mod inspect;
mod inspector;
mod limits;
mod prescan;
mod protocol;
mod report;

pub use child::{ChildLimits, child_main, child_main_with};
pub use error::InspectError;
pub use inspect::inspect;
pub use inspector::{InspectFailure, Inspector, InspectorLimits};
pub use limits::Limits;
pub use report::PdfReport;
