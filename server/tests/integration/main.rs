//! Integration tests: the real router over HTTP-shaped requests, against a
//! fresh database per test, on SQLite and on PostgreSQL.
mod org_support;
mod support;

mod api_surface;
mod error_shapes;
mod org_admin;
mod org_functions;
mod org_pages;
mod org_scoping;
mod records_errors;
mod records_matrix;
mod records_property;
mod records_rules;
mod security;
mod sessions;
mod sign_in;
