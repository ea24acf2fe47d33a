//! Security settings stored in the `settings` table (System Settings page).
//! A stored value overrides the server's environment default; sign-in and
//! session checks read the effective values on every use, so a change made on
//! one app instance applies on all of them at once.
use super::config::AuthConfig;
use super::db::{Db, Tx};
use std::time::Duration;

use crate::api::org::types::setting_keys;

pub const IDLE_TIMEOUT_SECS: &str = setting_keys::IDLE;
pub const ABSOLUTE_TIMEOUT_SECS: &str = setting_keys::ABSOLUTE;
pub const LOCKOUT_THRESHOLD: &str = setting_keys::LOCKOUT;
pub const PASSWORD_MIN_LEN: &str = setting_keys::PASSWORD;

pub const KEYS: [&str; 4] = [
    IDLE_TIMEOUT_SECS,
    ABSOLUTE_TIMEOUT_SECS,
    LOCKOUT_THRESHOLD,
    PASSWORD_MIN_LEN,
];

/// One stored setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub key: String,
    pub value: i64,
    pub version: i64,
}

#[derive(sqlx::FromRow)]
struct SettingRow {
    key: String,
    value: String,
    version: i64,
}

/// The security settings rows that exist (numbers only; anything else is ignored and logged).
pub async fn stored(db: &Db) -> Result<Vec<Stored>, sqlx::Error> {
    let rows = sqlx::query_as::<_, SettingRow>(
        "SELECT key, value, version FROM settings WHERE key LIKE 'security.%' ORDER BY key",
    )
    .fetch_all(&db.read)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            number(&r.key, &r.value).map(|value| Stored {
                key: r.key,
                value,
                version: r.version,
            })
        })
        .collect())
}

/// A stored setting's number; a value that is not one is logged and ignored.
fn number(key: &str, value: &str) -> Option<i64> {
    let parsed = value.trim().parse().ok();
    if parsed.is_none() {
        tracing::warn!(%key, %value, "ignoring a setting that is not a number");
    }
    parsed
}

/// `base` (from the environment) with every stored security setting applied.
pub fn apply(base: &AuthConfig, stored: &[Stored]) -> AuthConfig {
    apply_values(base, stored.iter().map(|s| (s.key.as_str(), s.value)))
}

/// `base` with the given security settings (key, number) applied.
fn apply_values<'a>(base: &AuthConfig, values: impl Iterator<Item = (&'a str, i64)>) -> AuthConfig {
    let mut c = base.clone();
    for (key, value) in values {
        let Ok(n) = u64::try_from(value) else {
            continue;
        };
        match key {
            IDLE_TIMEOUT_SECS => c.idle_timeout = Duration::from_secs(n),
            ABSOLUTE_TIMEOUT_SECS => c.absolute_timeout = Duration::from_secs(n),
            LOCKOUT_THRESHOLD => c.lockout_threshold = value,
            PASSWORD_MIN_LEN => {
                c.password_min_len = usize::try_from(n).unwrap_or(c.password_min_len)
            }
            other => tracing::debug!(key = other, "unknown security setting"),
        }
    }
    c
}

/// `base` with the stored values of [`KEYS`], read in their order by a
/// caller that fetched them with its own statement (`None`: not stored).
pub fn apply_read(base: &AuthConfig, read: [Option<&str>; 4]) -> AuthConfig {
    let values = KEYS
        .iter()
        .zip(read)
        .filter_map(|(key, value)| Some((*key, number(key, value?)?)));
    apply_values(base, values)
}

/// The configuration sign-in and sessions use right now.
pub async fn effective(db: &Db, base: &AuthConfig) -> Result<AuthConfig, sqlx::Error> {
    Ok(apply(base, &stored(db).await?))
}

/// Creates or updates one setting, bumping its version.
pub async fn put(tx: &mut Tx, key: &str, value: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO settings (key, value, version, updated_at) VALUES ($1, $2, 1, $3) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = settings.version + 1, updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(value.to_string())
    .bind(super::clock::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The grace period, in days after a month ends, before a Partner's monthly
/// return is overdue (docs/RULES.md §2.4). Not a security setting: Admin
/// sets it on the monthly returns page.
pub const MONTHLY_GRACE_DAYS: &str = "monthly.grace_days";
pub use crate::records::monthly::{DEFAULT_GRACE_DAYS, GRACE_DAYS_MAX};

#[derive(sqlx::FromRow)]
struct GraceRow {
    value: String,
    version: i64,
}

/// The grace period in force and its stored version (0 while never set).
pub async fn grace_days(db: &Db) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query_as::<_, GraceRow>("SELECT value, version FROM settings WHERE key = $1")
        .bind(MONTHLY_GRACE_DAYS)
        .fetch_optional(&db.read)
        .await?;
    Ok(match row {
        Some(r) => match r.value.trim().parse() {
            Ok(days) => (days, r.version),
            Err(_) => {
                tracing::warn!(value = %r.value, "ignoring a grace period that is not a number");
                (DEFAULT_GRACE_DAYS, r.version)
            }
        },
        None => (DEFAULT_GRACE_DAYS, 0),
    })
}
