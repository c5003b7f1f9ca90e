//! Router tests of the reputation service: every request goes through
//! `reputation::router` behind `http_kit::layers::apply`, on SQLite and on PostgreSQL,
//! with an in-process cache, the shared Redis, or a `redis-server` of the test's own.

mod support;

mod behaviour;
mod cache_tier;
mod companies;
mod concurrency;
mod determinism;
mod events;
mod history;
mod redis_faults;
mod roles;
