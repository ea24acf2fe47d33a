//! The one error type every server function returns, with its HTTP status.
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};
use server_fn::Encodes;

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
    /// A value the server refused: the first field and its message, and
    /// every other field refused by the same check (`more`), so a form's
    /// error summary lists them all at once (docs/RULES.md §5.1).
    #[error("{field}: {message}")]
    Invalid {
        field: String,
        message: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        more: Vec<(String, String)>,
    },
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

/// How much of a user's own input an error message may repeat back.
pub const ECHO_LIMIT: usize = 100;

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
            more: vec![],
        }
    }

    /// One 422 naming every refused field, in the order given; None when
    /// nothing was refused.
    pub fn invalid_all(mut problems: Vec<(String, String)>) -> Option<Self> {
        if problems.is_empty() {
            return None;
        }
        let (field, message) = problems.remove(0);
        Some(AppError::Invalid {
            field,
            message,
            more: problems,
        })
    }

    /// Every (field, message) a 422 names, the first first; empty otherwise.
    pub fn invalid_fields(&self) -> Vec<(&str, &str)> {
        let AppError::Invalid {
            field,
            message,
            more,
        } = self
        else {
            return vec![];
        };
        std::iter::once((field.as_str(), message.as_str()))
            .chain(more.iter().map(|(f, m)| (f.as_str(), m.as_str())))
            .collect()
    }

    /// The one answer to an edit made from an out-of-date copy (HTTP 409):
    /// `what` names the record ("record", "unit", "assessment"), `had` is the
    /// version the user's form was opened at.
    pub fn stale(what: &str, had: i64) -> Self {
        AppError::Conflict(format!(
            "This {what} was changed by someone else after you opened it (you had version {had}). \
             Nothing was saved; reload to see the current version and make your change again."
        ))
    }
}

/// `text` cut to `ECHO_LIMIT` characters, marked when cut.
pub fn clip(text: &str) -> String {
    if text.chars().count() <= ECHO_LIMIT {
        return text.to_string();
    }
    let mut out: String = text.chars().take(ECHO_LIMIT).collect();
    out.push('…');
    out
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Arguments that do not decode: a 400 that never echoes a long input whole.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Request(clip(&value.to_string()))
    }

    /// Serialising happens once per failed server function on the server, so
    /// this is where the response gets the error's real status.
    fn ser(&self) -> server_fn::Bytes {
        #[cfg(feature = "ssr")]
        crate::ssr::errors::set_response_status(self);
        <JsonEncoding as Encodes<AppError>>::encode(self).unwrap_or_else(|_| {
            server_fn::Bytes::from_static(br#"{"Request":"the error could not be encoded"}"#)
        })
    }
}
