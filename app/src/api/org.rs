//! The org axis (docs/RULES.md §4, seed 004): assessments over the org tree, the
//! dashboard and Organisation Reports, the org tree and users admin, and
//! System Settings. Every endpoint is under `/api/org/`.
pub mod assessments;
pub mod figures;
pub mod input;
pub mod insights;
pub mod query;
pub mod settings;
pub mod types;
pub mod units;
pub mod users;
pub mod workflow;
