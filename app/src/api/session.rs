//! Sign-in, sign-out, who am I, and switching the active role grant.
use crate::auth::roles::Principal;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::ssr::{
    request::{current_session, require_user, state},
    sessions,
};

/// Anyone. Opens a session; one generic message for every failure.
#[server(prefix = "/api", endpoint = "session/sign-in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    use axum::http::HeaderValue;
    let st = state();
    if email.trim().is_empty() || password.is_empty() {
        return Err(AppError::invalid("email", "Enter your email and password."));
    }
    let attempt = sessions::Attempt {
        limits: &st.sign_in_limits,
        source: crate::ssr::request::client_address(&st.auth),
    };
    let outcome =
        sessions::sign_in(&st.db, &st.auth, &st.passwords, attempt, &email, password).await?;
    match outcome {
        sessions::SignIn::Throttled(retry) => {
            let res = expect_context::<leptos_axum::ResponseOptions>();
            res.insert_header(
                axum::http::header::RETRY_AFTER,
                HeaderValue::from(retry.secs()),
            );
            Err(AppError::TooManyRequests {
                retry_after_secs: retry.secs(),
            })
        }
        sessions::SignIn::Failed => {
            Err(AppError::SignInFailed(sessions::SIGN_IN_FAILED.to_string()))
        }
        sessions::SignIn::Ok { token, .. } => {
            // Whatever session the browser had before is over: a new id at sign-in.
            if let Some(old) = current_session() {
                sessions::end(&st.db, &old.id).await?;
            }
            sessions::set_cookie(&sessions::session_cookie(&st.auth, &token))?;
            leptos_axum::redirect("/");
            Ok(())
        }
    }
}

/// Anyone signed in. Ends the session on the server and clears the cookie.
#[server(prefix = "/api", endpoint = "session/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    let st = state();
    if let Some(s) = current_session() {
        sessions::end(&st.db, &s.id).await?;
        tracing::info!(user_id = s.principal.user_id, "signed out");
    }
    sessions::set_cookie(&sessions::clear_cookie(&st.auth))?;
    leptos_axum::redirect("/login");
    Ok(())
}

/// Anyone. The signed-in principal, or None.
#[server(prefix = "/api", endpoint = "session/me")]
pub async fn current_user() -> Result<Option<Principal>, AppError> {
    Ok(current_session().map(|s| s.principal))
}

/// Anyone signed in, to a grant their account holds. Changes the active role.
#[server(prefix = "/api", endpoint = "session/switch-role")]
pub async fn switch_role(grant_id: i64) -> Result<(), AppError> {
    let me = require_user()?;
    let st = state();
    let session = current_session().ok_or(AppError::Unauthorized)?;
    if !sessions::user_holds_grant(&st.db, me.user_id, grant_id).await? {
        return Err(AppError::invalid(
            "grant_id",
            "Your account does not hold that role.",
        ));
    }
    sessions::switch_grant(&st.db, &session.id, grant_id).await?;
    tracing::info!(user_id = me.user_id, grant_id, "switched role");
    leptos_axum::redirect("/");
    Ok(())
}
