//! Server-only code: database, sessions, passwords. Compiled with `ssr` only.
pub mod accounts;
pub mod audit;
pub mod clock;
pub mod config;
pub mod db;
pub mod passwords;
pub mod request;
pub mod sessions;
pub mod state;
