//! Pages for network records: list, detail (with actions and history), add.
pub mod actions;
pub mod close;
pub mod compass;
pub mod detail;
pub mod edit;
pub mod fields;
pub mod handover;
pub mod hub_lead;
pub mod list;
pub mod new;
pub mod preview;
