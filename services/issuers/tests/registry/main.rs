//! Router and verifier tests of the issuer registry, each on a fresh SQLite database and, when
//! the server is reachable, a fresh PostgreSQL database.

mod attestations;
mod common;
mod corpus;
mod http_verifier;
mod issuers;
mod keys;
mod migration;
mod vectors;
