//! Domain types shared by the tradeseal services.
//!
//! Each type is built at the edge (HTTP handler, CLI argument, database row) and cannot hold an
//! invalid value afterwards, so the code behind the edge never re-checks it.

mod digest;
mod document;
mod role;

pub use digest::{Digest, DigestError};
pub use document::{
    DocumentKind, DocumentNumber, DocumentNumberError, DocumentStatus, KindError, MAX_NUMBER_LEN,
};
pub use role::{Role, RoleError};
