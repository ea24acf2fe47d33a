//! Server-only code: database, sessions, passwords. Compiled with `ssr` only.
pub mod accounts;
pub mod audit;
pub mod clock;
pub mod config;
pub mod db;
pub mod errors;
pub mod gias;
pub mod guard;
pub mod org;
pub mod passwords;
pub mod records;
pub mod request;
pub mod search;
pub mod sessions;
pub mod settings;
pub mod sql;
pub mod state;
