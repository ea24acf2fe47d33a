//! Server-only code of the org axis (SPEC 4): the visibility filter, queries
//! and writes for assessments, the org tree, users, dashboard and reports.
pub mod assessments;
pub mod changes;
pub mod insights;
pub mod staff;
pub mod units;
pub mod users;
pub mod visibility;
