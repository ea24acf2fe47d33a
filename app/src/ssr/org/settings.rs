//! System Settings as the settings page reads and saves them: the four
//! security settings, one version over all of them, every change audited.
use crate::api::org::input;
use crate::api::org::types::{
    SecuritySettingsView, ABSOLUTE_HOURS, IDLE_MINUTES, LOCKOUT_THRESHOLD, PASSWORD_MIN_LEN,
};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange};
use crate::ssr::db::Tx;
use crate::ssr::settings as store;
use crate::ssr::state::AppState;

/// The security settings in force, with the version a save must quote.
pub async fn current(st: &AppState) -> Result<SecuritySettingsView, AppError> {
    let stored = store::stored(&st.db).await?;
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

/// The sum of the stored security settings' versions, read inside `tx`.
async fn version_in(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM settings WHERE key LIKE 'security.%'",
    )
    .fetch_one(&mut **tx)
    .await
}

/// What the settings form sends.
pub struct SettingsForm {
    pub idle_timeout_minutes: String,
    pub absolute_timeout_hours: String,
    pub lockout_threshold: String,
    pub password_min_len: String,
}

/// Saves all four settings if `version` is current; returns them as now in force.
pub async fn save(
    st: &AppState,
    me: &Principal,
    version: i64,
    f: SettingsForm,
) -> Result<SecuritySettingsView, AppError> {
    let now = current(st).await?;
    let idle = input::number(
        "idle_timeout_minutes",
        &f.idle_timeout_minutes,
        "The idle timeout (minutes)",
        IDLE_MINUTES.min,
        IDLE_MINUTES.max,
    )?;
    let absolute = input::number(
        "absolute_timeout_hours",
        &f.absolute_timeout_hours,
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
        &f.lockout_threshold,
        "The lockout threshold",
        LOCKOUT_THRESHOLD.min,
        LOCKOUT_THRESHOLD.max,
    )?;
    let min_len = input::number(
        "password_min_len",
        &f.password_min_len,
        "The minimum password length",
        PASSWORD_MIN_LEN.min,
        PASSWORD_MIN_LEN.max,
    )?;
    if now.version != version {
        return Err(AppError::stale("settings page", version));
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
    let mut tx = st.db.begin_write().await?;
    let mut changes = vec![];
    for (key, field, old, new, stored) in rows {
        if old != new {
            store::put(&mut tx, key, stored).await?;
            changes.push(FieldChange::new(
                field,
                Some(old.to_string()),
                Some(new.to_string()),
            ));
        }
    }
    // Recheck inside the write lock: another save may have landed meanwhile.
    if version_in(&mut tx).await? != version + changes.len() as i64 {
        return Err(AppError::stale("settings page", version));
    }
    Audit::by(me.user_id, AuditKind::SystemSettings, 0)
        .fields(&mut tx, AuditAction::Edit, &changes)
        .await?;
    tx.commit().await?;
    tracing::info!(
        user_id = me.user_id,
        changed = changes.len(),
        "system settings saved"
    );
    current(st).await
}
