//! The org tree admin: units (create, rename, move, Director, close) and
//! staff (create, move between units). Administrators only (docs/RULES.md §4).
use super::types::OrgTree;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::auth::permissions::{Action, OrgArea},
    crate::ssr::guard::{org_area, require_user},
    crate::ssr::org::{staff, unit_changes, units},
    crate::ssr::request::state,
};

/// Administrators (View on the org tree): every unit and active staff member.
#[server(prefix = "/api", endpoint = "org/units/tree")]
pub async fn load_org_tree() -> Result<OrgTree, AppError> {
    let me = require_user()?;
    org_area(&me, Action::View, OrgArea::OrgUnit)?;
    Ok(units::tree(&state().db).await?)
}

/// Administrators (Add on the org tree). Returns the new unit's id.
#[server(prefix = "/api", endpoint = "org/units/create")]
pub async fn create_unit(
    #[server(default)] parent_id: String,
    #[server(default)] name: String,
    #[server(default)] level: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    org_area(&me, Action::Add, OrgArea::OrgUnit)?;
    unit_changes::create(&state().db, &me, &parent_id, &name, &level).await
}

/// Administrators (Edit on the org tree). Returns the new version.
#[server(prefix = "/api", endpoint = "org/units/rename")]
pub async fn rename_unit(
    id: i64,
    version: i64,
    #[server(default)] name: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    org_area(&me, Action::Edit, OrgArea::OrgUnit)?;
    unit_changes::rename(&state().db, &me, id, version, &name).await
}

/// Administrators (Edit on the org tree): moves a unit and everything below it. Returns the new version.
#[server(prefix = "/api", endpoint = "org/units/move")]
pub async fn move_unit(
    id: i64,
    version: i64,
    #[server(default)] parent_id: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    org_area(&me, Action::Edit, OrgArea::OrgUnit)?;
    unit_changes::move_unit(&state().db, &me, id, version, &parent_id).await
}

/// Administrators (Edit on the org tree): names (or clears) a Directorate's Director.
#[server(prefix = "/api", endpoint = "org/units/set-director")]
pub async fn set_director(
    id: i64,
    version: i64,
    #[server(default)] staff_id: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    org_area(&me, Action::Edit, OrgArea::OrgUnit)?;
    unit_changes::set_director(&state().db, &me, id, version, &staff_id).await
}

/// Administrators (Close on the org tree): only an empty unit closes; nothing is deleted.
#[server(prefix = "/api", endpoint = "org/units/close")]
pub async fn close_unit(id: i64, version: i64) -> Result<i64, AppError> {
    let me = require_user()?;
    org_area(&me, Action::Close, OrgArea::OrgUnit)?;
    unit_changes::close(&state().db, &me, id, version).await
}

/// Administrators (Add on the org tree): a new staff member in an open unit. Returns their id.
#[server(prefix = "/api", endpoint = "org/staff/create")]
pub async fn create_staff(
    #[server(default)] unit_id: String,
    #[server(default)] first_name: String,
    #[server(default)] last_name: String,
    #[server(default)] job_title: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    org_area(&me, Action::Add, OrgArea::OrgUnit)?;
    let form = staff::NewStaff {
        unit_id,
        first_name,
        last_name,
        job_title,
    };
    staff::create(&state().db, &me, form).await
}

/// Administrators (Edit on the org tree): moves a staff member to another open unit.
#[server(prefix = "/api", endpoint = "org/staff/move")]
pub async fn move_staff(
    id: i64,
    version: i64,
    #[server(default)] unit_id: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    org_area(&me, Action::Edit, OrgArea::OrgUnit)?;
    staff::move_staff(&state().db, &me, id, version, &unit_id).await
}
