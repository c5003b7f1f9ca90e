//! Storage helpers shared by the services: opening the database (SQLite by default,
//! PostgreSQL in production), running migrations, and the API-key records.

pub mod api_keys;
mod connect;

pub use connect::{Backend, connect, connect_and_migrate, is_unique_violation};
pub use sea_orm::DatabaseConnection;
