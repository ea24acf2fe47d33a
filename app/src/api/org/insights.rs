//! The dashboard and Organisation Reports: figures over exactly the
//! assessments the caller's scope reaches (whole organisation or own unit).
use super::figures::{Dashboard, Report};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{
    org::insights,
    request::{require_user, state},
};

/// Administrators (whole organisation) and Org. Unit Managers (own unit): the Dashboard column.
#[server(prefix = "/api", endpoint = "org/dashboard")]
pub async fn org_dashboard(
    #[server(default)] period: Option<String>,
) -> Result<Dashboard, AppError> {
    let me = require_user()?;
    let period = period.filter(|p| !p.trim().is_empty());
    insights::dashboard(&state().db, &me, period.as_deref()).await
}

/// Administrators (all) and Org. Unit Managers (own unit): the Organisation Reports column.
#[server(prefix = "/api", endpoint = "org/reports")]
pub async fn org_report(#[server(default)] query: String) -> Result<Report, AppError> {
    let me = require_user()?;
    insights::report(&state().db, &me, &super::query::ReportQuery::parse(&query)).await
}
