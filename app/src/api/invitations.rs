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
    use crate::ssr::request::state;
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
    let user_id =
        crate::ssr::accounts::accept_invitation(&st.db, &st.passwords, &token, password).await?;
    tracing::info!(user_id, "invitation accepted");
    leptos_axum::redirect("/login");
    Ok(())
}
