//! Pieces shared by pages.
pub mod error_summary;
pub mod guard;
pub mod header;
pub mod history;
pub mod outcome;
pub mod pagination;
pub mod picker;
pub mod route_focus;
pub mod session;
