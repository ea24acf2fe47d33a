//! What every request handler and server function can reach.
use super::{config::AuthConfig, db::Db, passwords::Passwords, throttle::SignInLimits};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub auth: Arc<AuthConfig>,
    pub passwords: Passwords,
    /// Built from `auth` (`SignInLimits::new`); per process.
    pub sign_in_limits: Arc<SignInLimits>,
    pub leptos_options: LeptosOptions,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
