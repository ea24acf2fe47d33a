//! Integration tests: the real router over HTTP-shaped requests, against a
//! fresh database per test, on SQLite and on PostgreSQL.
mod gias_file;
mod org_support;
mod support;

mod api_surface;
mod casework_links;
mod casework_rules;
mod cleared_fields;
mod connections;
mod crash;
mod error_shapes;
mod fuzz;
mod gias_import;
mod gias_network;
mod gias_page;
mod gias_partners;
mod headers;
mod org_admin;
mod org_casework;
mod org_functions;
mod org_pages;
mod org_scoping;
mod record_pages;
mod records_errors;
mod records_matrix;
mod records_property;
mod records_rules;
mod scope_rule;
mod scope_rule_agreement;
mod security;
mod seed_audit;
mod sessions;
mod sign_in;
mod sign_in_limits;
mod urn_lists;
mod urn_upload;
