//! Sign-in, lockout and database-stored sessions (shared by every app instance).
use super::accounts::{self, find_by_email};
use super::clock::now;
use super::config::AuthConfig;
use super::db::Db;
use super::passwords::{random_token, token_digest, Passwords};
use super::request::{internal, CurrentSession};
use super::throttle::{RetryAfter, SignInLimits, Source};
use crate::error::AppError;

/// The one message every failed sign-in gets, whatever the cause.
pub const SIGN_IN_FAILED: &str =
    "Sign-in failed. Check your email and password; after repeated failures an account is locked for a while.";

pub enum SignIn {
    /// The new session's cookie token (only its digest is stored).
    Ok {
        token: String,
        user_id: i64,
    },
    Failed,
    /// Too many attempts from this address or on this account: try later.
    Throttled(RetryAfter),
}

/// What a sign-in checks against: the process's rate limits and where the
/// attempt came from.
pub struct Attempt<'a> {
    pub limits: &'a SignInLimits,
    pub source: Source,
}

/// Checks a password, applying rate limits and lockout, and opens a fresh
/// session on success.
pub async fn sign_in(
    db: &Db,
    cfg: &AuthConfig,
    passwords: &Passwords,
    attempt: Attempt<'_>,
    email: &str,
    password: String,
) -> Result<SignIn, sqlx::Error> {
    let Attempt { limits, source } = attempt;
    let key = accounts::normalise_email(email);
    // System Settings stored in the database override the environment.
    let cfg = &super::settings::effective(db, cfg).await?;
    // Failures count against an address for as long as a lock can last.
    let window = now() - cfg.lockout_max.as_secs() as i64;
    if let Err(retry) = limits
        .attempt_from(source)
        .and_then(|()| limits.account_open(&key, source, window))
    {
        tracing::warn!(email = %key, ?source, retry_after = retry.secs(), "sign-in throttled");
        return Ok(SignIn::Throttled(retry));
    }
    let account = find_by_email(db, email).await?;
    let hash = account.as_ref().and_then(|a| a.password_hash.clone());
    // Always verify, so unknown and locked accounts take as long as real ones.
    let password_ok = passwords.verify(password, hash).await;
    let t = now();
    let Some(account) = account else {
        limits.failed(&key, source, t);
        tracing::warn!(email = %key, "sign-in failed: unknown account");
        return Ok(SignIn::Failed);
    };
    // A lock holds only against the addresses whose failures caused it.
    if account.locked_until.is_some_and(|until| until > t)
        && limits.failed_from(&key, source, window)
    {
        tracing::warn!(user_id = account.id, "sign-in refused: account locked");
        return Ok(SignIn::Failed);
    }
    if !password_ok {
        limits.failed(&key, source, t);
        record_failure(db, cfg, account.id, account.failed_logins + 1).await?;
        return Ok(SignIn::Failed);
    }
    if !account.may_sign_in() {
        tracing::warn!(
            user_id = account.id,
            "sign-in refused: account inactive or expired"
        );
        return Ok(SignIn::Failed);
    }
    let token = random_token();
    let grant = accounts::grants_of(db, account.id).await?;
    let grant_id = accounts::starting_grant(&grant).map(|g| g.id);
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1")
        .bind(account.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO sessions (id, user_id, grant_id, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)")
        .bind(token_digest(&token))
        .bind(account.id)
        .bind(grant_id)
        .bind(t)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    limits.succeeded(&key);
    tracing::info!(user_id = account.id, "signed in");
    Ok(SignIn::Ok {
        token,
        user_id: account.id,
    })
}

/// Counts a failure; from the threshold on, locks for a doubling delay.
async fn record_failure(
    db: &Db,
    cfg: &AuthConfig,
    user_id: i64,
    failures: i64,
) -> Result<(), sqlx::Error> {
    let over = failures - cfg.lockout_threshold;
    let locked_until = (over >= 0).then(|| {
        let secs = cfg
            .lockout_base
            .as_secs()
            .saturating_mul(1u64 << over.min(20))
            .min(cfg.lockout_max.as_secs());
        now() + secs as i64
    });
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3")
        .bind(failures)
        .bind(locked_until)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    match locked_until {
        Some(until) => tracing::warn!(
            user_id,
            failures,
            locked_until = until,
            "sign-in failed: account locked"
        ),
        None => tracing::warn!(user_id, failures, "sign-in failed: wrong password"),
    }
    Ok(())
}

/// One row per active grant of the session's user (one row with NULL grant
/// columns when there is none): everything a request needs to know who is
/// asking, in one statement, because every page and server function pays for
/// it (docs/RULES.md §8.3).
#[derive(sqlx::FromRow)]
struct SessionRow {
    user_id: i64,
    grant_id: Option<i64>,
    created_at: i64,
    last_seen_at: i64,
    active: i64,
    access_expires_on: Option<String>,
    setting_0: Option<String>,
    setting_1: Option<String>,
    setting_2: Option<String>,
    setting_3: Option<String>,
    #[sqlx(flatten)]
    person: accounts::PrincipalRow,
    #[sqlx(flatten)]
    grant: accounts::GrantRow,
}

static SESSION_QUERY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    use accounts::{GRANT_COLUMNS, PRINCIPAL_COLUMNS, PRINCIPAL_JOINS};
    // The security settings (super::settings::KEYS, bound as $2..$5) ride
    // along as uncorrelated subqueries, which both databases evaluate once.
    format!(
        "SELECT s.user_id, s.grant_id, s.created_at, s.last_seen_at, u.active, u.access_expires_on, \
                (SELECT value FROM settings WHERE key = $2) AS setting_0, \
                (SELECT value FROM settings WHERE key = $3) AS setting_1, \
                (SELECT value FROM settings WHERE key = $4) AS setting_2, \
                (SELECT value FROM settings WHERE key = $5) AS setting_3, \
                {PRINCIPAL_COLUMNS}, {GRANT_COLUMNS} \
         FROM sessions s JOIN users u ON u.id = s.user_id {} \
         WHERE s.id = $1 AND s.ended_at IS NULL ORDER BY g.id",
        *PRINCIPAL_JOINS
    )
});

/// Finds the live session a cookie token names, ending it if it has timed out
/// or its account can no longer sign in.
pub async fn resolve(
    db: &Db,
    cfg: &AuthConfig,
    token: &str,
) -> Result<Option<CurrentSession>, sqlx::Error> {
    let id = token_digest(token);
    let [k0, k1, k2, k3] = super::settings::KEYS;
    let rows = sqlx::query_as::<_, SessionRow>(&SESSION_QUERY)
        .bind(&id)
        .bind(k0)
        .bind(k1)
        .bind(k2)
        .bind(k3)
        .fetch_all(&db.read)
        .await?;
    let mut rows = rows.into_iter();
    let Some(first) = rows.next() else {
        return Ok(None);
    };
    let cfg = &super::settings::apply_read(
        cfg,
        [
            first.setting_0.as_deref(),
            first.setting_1.as_deref(),
            first.setting_2.as_deref(),
            first.setting_3.as_deref(),
        ],
    );
    let t = now();
    let user_id = first.user_id;
    let idle = t - first.last_seen_at;
    let age = t - first.created_at;
    let account_ok = first.active != 0
        && first
            .access_expires_on
            .is_none_or(|d| super::clock::today() <= d);
    let why_ended = if idle > cfg.idle_timeout.as_secs() as i64 {
        Some("idle timeout")
    } else if age > cfg.absolute_timeout.as_secs() as i64 {
        Some("absolute timeout")
    } else if !account_ok {
        Some("account inactive or expired")
    } else {
        None
    };
    if let Some(why) = why_ended {
        end(db, &id).await?;
        tracing::info!(user_id, reason = why, "session ended");
        return Ok(None);
    }
    if idle >= 30 {
        let mut tx = db.begin_write().await?;
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
            .bind(t)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    let grants = std::iter::once(first.grant).chain(rows.map(|r| r.grant));
    let principal = accounts::build_principal(user_id, first.grant_id, first.person, grants);
    Ok(Some(CurrentSession { id, principal }))
}

/// Ends a session server-side (sign-out, timeout).
pub async fn end(db: &Db, session_id: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE sessions SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL")
        .bind(now())
        .bind(session_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Ends every session of a user (deactivation, password change).
pub async fn end_all_for_user(tx: &mut super::db::Tx, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET ended_at = $1 WHERE user_id = $2 AND ended_at IS NULL")
        .bind(now())
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Makes `grant_id` the session's active grant.
pub async fn switch_grant(db: &Db, session_id: &str, grant_id: i64) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE sessions SET grant_id = $1 WHERE id = $2")
        .bind(grant_id)
        .bind(session_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// The `Set-Cookie` value carrying a new session token.
pub fn session_cookie(cfg: &AuthConfig, token: &str) -> String {
    let secure = if cfg.secure_cookies { "; Secure" } else { "" };
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax{secure}",
        cfg.cookie_name()
    )
}

/// Adds a `Set-Cookie` header to the current server function's response.
/// Cookie values are built here from hex tokens, so a value a header cannot
/// carry is a bug: the one non-database internal error of sign-in.
pub fn set_cookie(cookie: &str) -> Result<(), AppError> {
    use axum::http::{header::SET_COOKIE, HeaderValue};
    let value = HeaderValue::from_str(cookie).map_err(internal)?;
    leptos::prelude::expect_context::<leptos_axum::ResponseOptions>()
        .append_header(SET_COOKIE, value);
    Ok(())
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(cfg: &AuthConfig) -> String {
    let secure = if cfg.secure_cookies { "; Secure" } else { "" };
    format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}",
        cfg.cookie_name()
    )
}

/// The session token in a `Cookie` header, if any.
pub fn token_from_cookie_header(cfg: &AuthConfig, header: &str) -> Option<String> {
    header
        .split(';')
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == cfg.cookie_name())
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

/// Re-reads the grant list to check a switch target belongs to the user.
pub async fn user_holds_grant(db: &Db, user_id: i64, grant_id: i64) -> Result<bool, sqlx::Error> {
    Ok(accounts::grants_of(db, user_id)
        .await?
        .iter()
        .any(|g| g.id == grant_id))
}
