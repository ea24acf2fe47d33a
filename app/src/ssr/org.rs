//! Server-only code of the org axis (docs/RULES.md §4): the visibility filter, queries
//! and writes for assessments, the org tree, users, dashboard and reports.
pub mod assessment_changes;
pub mod assessment_writes;
pub mod assessments;
pub mod insights;
pub mod settings;
pub mod staff;
pub mod unit_changes;
pub mod units;
pub mod user_changes;
pub mod users;
pub mod visibility;
