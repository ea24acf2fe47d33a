//! Server functions, one file per area, all under `/api/`.
pub mod caseload;
pub mod dashboard;
pub mod gias;
pub mod invitations;
pub mod monthly;
pub mod org;
pub mod pickers;
pub mod records;
pub mod session;
pub mod support;
pub mod urn_lists;
