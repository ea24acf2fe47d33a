//! Pieces shared by pages.
pub mod guard;
pub mod header;
pub mod session;
