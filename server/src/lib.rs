//! Server side of Caseboard: configuration, router, middleware, commands.
pub mod assets;
pub mod cli;
pub mod commands;
pub mod config;
pub mod download;
pub mod gias_upload;
pub mod headers;
pub mod middleware;
pub mod org_download;
pub mod page_etag;
pub mod router;
pub mod seed;
pub mod serve;
pub mod split_assets;
pub mod telemetry;
pub mod urn_upload;
pub mod wasm_sizes;
