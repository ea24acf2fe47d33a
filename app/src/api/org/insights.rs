//! The dashboard and Organisation Reports: figures over exactly the
//! assessments the caller's scope reaches (whole organisation or own unit).
use super::csv::{Csv, CsvFile};
use super::figures::{Dashboard, Report};
use super::query::ReportQuery;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::ssr::{
    org::insights,
    request::{require_user, state},
};

/// Administrators (whole organisation) and Org. Unit Managers (own unit): the Dashboard column.
#[server(prefix = "/api", endpoint = "org/dashboard")]
pub async fn org_dashboard(#[server(default)] period: Option<String>) -> Result<Dashboard, AppError> {
    let me = require_user()?;
    let period = period.filter(|p| !p.trim().is_empty());
    insights::dashboard(&state().db, &me, period.as_deref()).await
}

/// Administrators (all) and Org. Unit Managers (own unit): the Organisation Reports column.
#[server(prefix = "/api", endpoint = "org/reports")]
pub async fn org_report(#[server(default)] query: ReportQuery) -> Result<Report, AppError> {
    let me = require_user()?;
    insights::report(&state().db, &me, &query).await
}

/// Administrators and Org. Unit Managers (Download Organisation Reports): the
/// filtered report as a CSV file. A GET, so a plain link downloads it.
#[server(prefix = "/api", endpoint = "org/reports.csv", input = GetUrl, output = Csv)]
pub async fn org_report_csv(
    #[server(default)] unit: Option<i64>,
    #[server(default)] period: Option<String>,
) -> Result<CsvFile, AppError> {
    use axum::http::{header::CONTENT_DISPOSITION, HeaderValue};
    let me = require_user()?;
    let query = ReportQuery { unit, period: period.filter(|p| !p.trim().is_empty()) };
    let csv = insights::report_csv(&state().db, &me, &query).await?;
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.insert_header(
            CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"organisation-report.csv\""),
        );
    }
    Ok(CsvFile(csv))
}
