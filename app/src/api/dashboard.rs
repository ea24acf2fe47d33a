//! The network dashboards (docs/RULES.md §7) under `/api/dashboard`.
pub mod figures;
pub mod period;

use crate::error::AppError;
use figures::Dashboard;
use leptos::prelude::*;

/// Any signed-in person: the dashboard of the network role they act in,
/// over exactly that role's scope (`Dashboard::None` without a network role).
/// `query` is the filter bar's URL query string.
#[server(prefix = "/api", endpoint = "dashboard")]
pub async fn network_dashboard(query: String) -> Result<Dashboard, AppError> {
    use crate::ssr::request::{require_user, state};
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    let q = figures::DashboardQuery::parse(&query);
    crate::ssr::dashboard::dashboard(&st.db, &me, &q).await
}
