//! Server functions, one file per area, all under `/api/`.
pub mod dashboard;
pub mod gias;
pub mod invitations;
pub mod org;
pub mod records;
pub mod session;
pub mod urn_lists;
