//! The register import runs Admin started from the browser.
use super::types::ImportRun;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::auth::permissions::{Action, RecordKind},
    crate::ssr::gias_runs,
    crate::ssr::guard::{network_kind, require_user},
    crate::ssr::request::state,
};

/// Roles with Import on Institutions (Admin): the latest runs, newest first.
#[server(prefix = "/api", endpoint = "gias/runs")]
pub async fn import_runs() -> Result<Vec<ImportRun>, AppError> {
    let me = require_user()?;
    let st = state();
    network_kind(&me, Action::Import, RecordKind::Institution)?;
    Ok(gias_runs::latest(&st.db, 20).await?)
}

/// Roles with Import on Institutions: one run, with its progress so far
/// (the page polls this while the run is going).
#[server(prefix = "/api", endpoint = "gias/run")]
pub async fn get_import_run(id: i64) -> Result<ImportRun, AppError> {
    let me = require_user()?;
    let st = state();
    network_kind(&me, Action::Import, RecordKind::Institution)?;
    gias_runs::one(&st.db, id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("there is no import run number {id}")))
}
