//! Server functions, one file per area, all under `/api/`.
pub mod session;
