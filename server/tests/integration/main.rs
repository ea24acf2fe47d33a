//! Integration tests: the real router over HTTP-shaped requests, against a
//! fresh database per test, on SQLite and on PostgreSQL.
mod support;

mod api_surface;
mod security;
mod sessions;
mod sign_in;
