//! Network records: the columns of each kind, list queries that round-trip
//! through the URL, and the shapes the server returns. Shared by both sides.
pub mod compass;
pub mod monthly;
pub mod query;
pub mod schema;
pub mod scope_rule;
pub mod support;
pub mod urn_lists;
pub mod validate;
pub mod view;
