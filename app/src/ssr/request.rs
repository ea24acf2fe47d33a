//! Per-request context for server functions: state, request id, the session.
use super::state::AppState;
use crate::auth::roles::Principal;
use crate::error::AppError;
use axum::http::request::Parts;
use leptos::prelude::{expect_context, use_context};

/// Set by the request-id middleware on every request.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// Set by the session middleware when the cookie names a live session.
#[derive(Clone, Debug)]
pub struct CurrentSession {
    /// Digest of the cookie token (the sessions table key).
    pub id: String,
    pub principal: Principal,
}

pub fn state() -> AppState {
    expect_context::<AppState>()
}

pub fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

pub fn request_id() -> String {
    parts()
        .and_then(|p| p.extensions.get::<RequestId>().map(|r| r.0.clone()))
        .unwrap_or_else(|| "-".to_string())
}

pub fn current_session() -> Option<CurrentSession> {
    parts().and_then(|p| p.extensions.get::<CurrentSession>().cloned())
}

/// Who is asking; 401 when nobody is signed in.
pub fn require_user() -> Result<Principal, AppError> {
    current_session()
        .map(|s| s.principal)
        .ok_or(AppError::Unauthorized)
}

/// Logs an unexpected failure with its detail and hands the user only a request id.
pub fn internal(err: impl std::fmt::Display) -> AppError {
    let request_id = request_id();
    tracing::error!(%request_id, error = %err, "internal error");
    AppError::Internal { request_id }
}

/// The client's address: the connection's peer, or with
/// `trust_forwarded_for` the last `X-Forwarded-For` entry (the one the
/// proxy in front added). `None` when neither is known.
pub fn client_address(cfg: &super::config::AuthConfig) -> Option<std::net::IpAddr> {
    let parts = parts()?;
    if cfg.trust_forwarded_for {
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .last()
            .and_then(|ip| ip.trim().parse().ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip())
}
