//! System Settings: the security settings the foundation made configurable,
//! stored in the database, audited, and used by sign-in and sessions at once.
use super::types::SecuritySettingsView;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    crate::auth::permissions::{Action, OrgArea},
    crate::ssr::guard::{org_area, require_user},
    crate::ssr::org::settings,
    crate::ssr::request::state,
};

/// Administrators (View System Settings): the security settings in force.
#[server(prefix = "/api", endpoint = "org/settings/view")]
pub async fn view_settings() -> Result<SecuritySettingsView, AppError> {
    let me = require_user()?;
    org_area(&me, Action::View, OrgArea::SystemSettings)?;
    settings::current(&state()).await
}

/// Administrators (Edit System Settings): saves all four; `version` from the form guards against stale edits.
#[server(prefix = "/api", endpoint = "org/settings/save")]
pub async fn save_settings(
    version: i64,
    #[server(default)] idle_timeout_minutes: String,
    #[server(default)] absolute_timeout_hours: String,
    #[server(default)] lockout_threshold: String,
    #[server(default)] password_min_len: String,
) -> Result<SecuritySettingsView, AppError> {
    let me = require_user()?;
    org_area(&me, Action::Edit, OrgArea::SystemSettings)?;
    let form = settings::SettingsForm {
        idle_timeout_minutes,
        absolute_timeout_hours,
        lockout_threshold,
        password_min_len,
    };
    settings::save(&state(), &me, version, form).await
}
