//! One file per page.
pub mod area;
pub mod dashboard;
pub mod gias;
pub mod home;
pub mod invite;
pub mod login;
pub mod monthly;
pub mod not_found;
pub mod org;
pub mod permissions;
pub mod records;
pub mod support;
pub mod urn_lists;
