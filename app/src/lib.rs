//! Caseboard's shared crate: types, the permission core, pages and server
//! functions, compiled into both the hydrated WASM client and the server.
pub mod api;
pub mod auth;
pub mod components;
pub mod display;
pub mod error;
pub mod lazy_pages;
pub mod pages;
pub mod records;
pub mod root;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod url_query;

pub use root::{shell, App};
