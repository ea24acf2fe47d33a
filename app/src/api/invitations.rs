//! Accepting an invitation: the invitee sets their own password.
use crate::error::AppError;
use leptos::prelude::*;

/// Anyone holding the one-time link (valid 7 days, once).
#[server(prefix = "/api", endpoint = "invitations/accept")]
pub async fn accept_invitation(
    token: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::ssr::clock::now;
    use crate::ssr::passwords::token_digest;
    use crate::ssr::request::{internal, state};
    use sqlx::Row as _;
    let st = state();
    let min = st.auth.password_min_len;
    if password.chars().count() < min {
        return Err(AppError::invalid(
            "password",
            format!("Choose a password of at least {min} characters."),
        ));
    }
    if password != confirm {
        return Err(AppError::invalid("confirm", "The two passwords differ."));
    }
    let invalid = || {
        AppError::NotFound("this invitation link is not valid: it may have been used already or be older than 7 days".into())
    };
    let row =
        sqlx::query("SELECT user_id, expires_at, used_at FROM invitations WHERE token_hash = $1")
            .bind(token_digest(&token))
            .fetch_optional(&st.db.read)
            .await
            .map_err(internal)?
            .ok_or_else(invalid)?;
    if row.get::<Option<i64>, _>("used_at").is_some() || row.get::<i64, _>("expires_at") < now() {
        return Err(invalid());
    }
    let user_id: i64 = row.get("user_id");
    let hash = st.passwords.hash(password).await;
    let mut tx = st.db.begin_write().await.map_err(internal)?;
    let used = sqlx::query(
        "UPDATE invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
    )
    .bind(now())
    .bind(token_digest(&token))
    .execute(&mut *tx)
    .await
    .map_err(internal)?;
    if used.rows_affected() == 0 {
        return Err(invalid());
    }
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash.as_db())
        .bind(now())
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    use crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange};
    Audit::by(user_id, AuditKind::User, user_id)
        .fields(
            &mut tx,
            AuditAction::AcceptInvitation,
            &[FieldChange::new("password", None, Some("(set)".into()))],
        )
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    tracing::info!(user_id, "invitation accepted");
    leptos_axum::redirect("/login");
    Ok(())
}
