//! Pages of the org axis (docs/RULES.md §4): assessments, dashboard, Organisation
//! Reports, users admin, the org tree and System Settings.
pub mod assessment;
pub mod assessments;
pub mod charts;
pub mod common;
pub mod dashboard;
pub mod new_assessment;
pub mod reports;
pub mod settings;
pub mod tree;
pub mod user;
pub mod users;
