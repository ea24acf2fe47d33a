//! The one error type every server function returns, with its HTTP status.
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please sign in to continue.")]
    Unauthorized,
    /// A failed sign-in: one message whatever the cause.
    #[error("{0}")]
    SignInFailed(String),
    /// Refused by the permission core; the text says what and why.
    #[error("Refused: {0}")]
    Forbidden(String),
    #[error("Not found: {0}")]
    NotFound(String),
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// A stale edit or a rule such as the Partner-user cap.
    #[error("{0}")]
    Conflict(String),
    /// Rate limited: too many attempts; try again after the given seconds.
    #[error("Too many attempts. Please wait {retry_after_secs} seconds and try again.")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("Something went wrong on our side. Please try again; if it keeps happening, quote request id {request_id}.")]
    Internal { request_id: String },
    /// The request never reached the function (network, malformed arguments).
    #[error("The request could not be completed: {0}")]
    Request(String),
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::SignInFailed(_) => 401,
            AppError::Forbidden(_) => 403,
            AppError::NotFound(_) => 404,
            AppError::Invalid { .. } => 422,
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests { .. } => 429,
            AppError::Internal { .. } => 500,
            AppError::Request(_) => 400,
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Request(value.to_string())
    }
}
