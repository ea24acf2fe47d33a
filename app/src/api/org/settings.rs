//! System Settings: the security settings the foundation made configurable,
//! stored in the database, audited, and used by sign-in and sessions at once.
use super::types::SecuritySettingsView;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{
        input,
        types::{ABSOLUTE_HOURS, IDLE_MINUTES, LOCKOUT_THRESHOLD, PASSWORD_MIN_LEN},
    },
    crate::auth::permissions::{Action, OrgArea},
    crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange},
    crate::ssr::org::changes::stale,
    crate::ssr::org::visibility::granted,
    crate::ssr::request::{internal, require_user, state},
    crate::ssr::settings as store,
};

#[cfg(feature = "ssr")]
async fn current() -> Result<SecuritySettingsView, AppError> {
    let st = state();
    let stored = store::stored(&st.db).await.map_err(internal)?;
    let cfg = store::apply(&st.auth, &stored);
    Ok(SecuritySettingsView {
        idle_timeout_minutes: (cfg.idle_timeout.as_secs() / 60) as i64,
        absolute_timeout_hours: (cfg.absolute_timeout.as_secs() / 3600) as i64,
        lockout_threshold: cfg.lockout_threshold,
        password_min_len: cfg.password_min_len as i64,
        // Versions only grow, so their sum changes with every save.
        version: stored.iter().map(|s| s.version).sum(),
        stored: stored.into_iter().map(|s| s.key).collect(),
    })
}

/// Administrators (View System Settings): the security settings in force.
#[server(prefix = "/api", endpoint = "org/settings/view")]
pub async fn view_settings() -> Result<SecuritySettingsView, AppError> {
    let me = require_user()?;
    granted(&me, Action::View, OrgArea::SystemSettings)?;
    current().await
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
    granted(&me, Action::Edit, OrgArea::SystemSettings)?;
    let now = current().await?;
    let idle = input::number(
        "idle_timeout_minutes",
        &idle_timeout_minutes,
        "The idle timeout (minutes)",
        IDLE_MINUTES.min,
        IDLE_MINUTES.max,
    )?;
    let absolute = input::number(
        "absolute_timeout_hours",
        &absolute_timeout_hours,
        "The absolute timeout (hours)",
        ABSOLUTE_HOURS.min,
        ABSOLUTE_HOURS.max,
    )?;
    if absolute * 60 < idle {
        return Err(AppError::invalid(
            "absolute_timeout_hours",
            "The absolute timeout cannot be shorter than the idle timeout.",
        ));
    }
    let lockout = input::number(
        "lockout_threshold",
        &lockout_threshold,
        "The lockout threshold",
        LOCKOUT_THRESHOLD.min,
        LOCKOUT_THRESHOLD.max,
    )?;
    let min_len = input::number(
        "password_min_len",
        &password_min_len,
        "The minimum password length",
        PASSWORD_MIN_LEN.min,
        PASSWORD_MIN_LEN.max,
    )?;
    if now.version != version {
        return Err(stale("settings page"));
    }
    let rows = [
        (
            store::IDLE_TIMEOUT_SECS,
            "idle_timeout_minutes",
            now.idle_timeout_minutes,
            idle,
            idle * 60,
        ),
        (
            store::ABSOLUTE_TIMEOUT_SECS,
            "absolute_timeout_hours",
            now.absolute_timeout_hours,
            absolute,
            absolute * 3600,
        ),
        (
            store::LOCKOUT_THRESHOLD,
            "lockout_threshold",
            now.lockout_threshold,
            lockout,
            lockout,
        ),
        (
            store::PASSWORD_MIN_LEN,
            "password_min_len",
            now.password_min_len,
            min_len,
            min_len,
        ),
    ];
    let mut tx = state().db.begin_write().await.map_err(internal)?;
    let mut changes = vec![];
    for (key, field, old, new, stored) in rows {
        if old != new {
            store::put(&mut tx, key, stored).await.map_err(internal)?;
            changes.push(FieldChange::new(
                field,
                Some(old.to_string()),
                Some(new.to_string()),
            ));
        }
    }
    // Recheck inside the write lock: another save may have landed meanwhile.
    let (n,): (i64,) = sqlx::query_as("SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM settings WHERE key LIKE 'security.%'")
        .fetch_one(&mut *tx)
        .await
        .map_err(internal)?;
    if n != version + changes.len() as i64 {
        return Err(stale("settings page"));
    }
    Audit::by(me.user_id, AuditKind::SystemSettings, 0)
        .fields(&mut tx, AuditAction::Edit, &changes)
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    tracing::info!(
        user_id = me.user_id,
        changed = changes.len(),
        "system settings saved"
    );
    current().await
}
