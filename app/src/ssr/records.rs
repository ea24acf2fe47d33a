//! Server side of network records: SQL per kind, scope filters, lists,
//! detail, writes and downloads.
pub mod actions;
pub mod cells;
pub mod compass;
pub mod create;
pub mod detail;
pub mod existing_login;
pub mod hub_lead;
pub mod links;
pub mod list;
pub mod page_ids;
pub mod related;
pub mod scope;
pub mod tables;
pub mod write;
