//! Users admin (the seed's "Admin" column): list, create, edit, deactivate
//! organisation accounts, set their org role and managed unit, link them to
//! their staff member. Administrators only. Every login is listed; for one
//! that also holds careers-hub network roles those grants are shown
//! read-only, and its name, email and access stay with the network side.
use super::types::{OrgUserRow, UserPage};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::auth::permissions::{Action, OrgArea},
    crate::ssr::guard::{org_area, require_user},
    crate::ssr::org::{user_changes, users},
    crate::ssr::request::state,
};

/// Administrators (View and Search users).
#[server(prefix = "/api", endpoint = "org/users/list")]
pub async fn list_users(#[server(default)] query: String) -> Result<UserPage, AppError> {
    let me = require_user()?;
    org_area(&me, Action::Search, OrgArea::OrgUser)?;
    let q = crate::api::org::query::UserQuery::parse(&query);
    Ok(users::list(&state().db, &q.q, q.page).await?)
}

/// Administrators (View users).
#[server(prefix = "/api", endpoint = "org/users/view")]
pub async fn view_user(id: i64) -> Result<OrgUserRow, AppError> {
    let me = require_user()?;
    org_area(&me, Action::View, OrgArea::OrgUser)?;
    user_changes::account(&state().db, id).await
}

/// Administrators (Add users): a new organisation login with an initial password. Returns its id.
#[server(prefix = "/api", endpoint = "org/users/create")]
pub async fn create_user(
    #[server(default)] email: String,
    #[server(default)] first_name: String,
    #[server(default)] last_name: String,
    #[server(default)] job_title: String,
    #[server(default)] password: String,
    #[server(default)] org_role: String,
    #[server(default)] managed_unit_id: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    org_area(&me, Action::Add, OrgArea::OrgUser)?;
    let form = user_changes::NewAccount {
        email,
        first_name,
        last_name,
        job_title,
        password,
        org_role,
        managed_unit_id,
    };
    user_changes::create(&state(), &me, form).await
}

/// Administrators (Edit users): name, email and job title. Returns the new version.
#[server(prefix = "/api", endpoint = "org/users/edit")]
pub async fn edit_user(
    id: i64,
    version: i64,
    #[server(default)] email: String,
    #[server(default)] first_name: String,
    #[server(default)] last_name: String,
    #[server(default)] job_title: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    org_area(&me, Action::Edit, OrgArea::OrgUser)?;
    let form = user_changes::AccountEdit {
        email,
        first_name,
        last_name,
        job_title,
    };
    user_changes::edit(&state().db, &me, id, version, form).await
}

/// Administrators (Edit users): org role and, for an Org. Unit Manager, the unit managed.
#[server(prefix = "/api", endpoint = "org/users/set-role")]
pub async fn set_org_role(
    id: i64,
    version: i64,
    #[server(default)] org_role: String,
    #[server(default)] managed_unit_id: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    org_area(&me, Action::Edit, OrgArea::OrgUser)?;
    user_changes::set_role(&state().db, &me, id, version, &org_role, &managed_unit_id).await
}

/// Administrators (Edit users): links the account to its staff member (empty unlinks).
#[server(prefix = "/api", endpoint = "org/users/link-staff")]
pub async fn link_staff(
    id: i64,
    version: i64,
    #[server(default)] staff_id: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    org_area(&me, Action::Edit, OrgArea::OrgUser)?;
    user_changes::link_staff(&state().db, &me, id, version, &staff_id).await
}

/// Administrators (Edit users): the account can no longer sign in; its sessions end now.
#[server(prefix = "/api", endpoint = "org/users/deactivate")]
pub async fn deactivate_user(id: i64, version: i64) -> Result<i64, AppError> {
    let me = require_user()?;
    org_area(&me, Action::Edit, OrgArea::OrgUser)?;
    user_changes::set_active(&state().db, &me, id, version, false).await
}

/// Administrators (Edit users): the account may sign in again.
#[server(prefix = "/api", endpoint = "org/users/reactivate")]
pub async fn reactivate_user(id: i64, version: i64) -> Result<i64, AppError> {
    let me = require_user()?;
    org_area(&me, Action::Edit, OrgArea::OrgUser)?;
    user_changes::set_active(&state().db, &me, id, version, true).await
}
