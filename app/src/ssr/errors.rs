//! Server-side error plumbing: database errors become `AppError`s (so `?`
//! works on sqlx results), a named constraint becomes a 422 on its field, and
//! a failed server function's response carries the error's real status.
use super::request::{internal, parts};
use crate::error::AppError;
use axum::http::{header, StatusCode};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// A database constraint a user can break with ordinary input, and the field
/// and words to blame. SQLite names the columns in its message
/// (`UNIQUE constraint failed: users.email`); PostgreSQL names the constraint.
pub struct Constraint {
    pub sqlite_columns: &'static str,
    pub postgres_name: &'static str,
    pub field: &'static str,
    pub message: &'static str,
}

/// Every constraint input can break; anything else is an internal error.
pub const CONSTRAINTS: &[Constraint] = &[
    Constraint {
        sqlite_columns: "users.email",
        postgres_name: "users_email_key",
        field: "email",
        message: "An account with this email already exists.",
    },
    Constraint {
        sqlite_columns: "institutions.urn",
        postgres_name: "institutions_urn_key",
        field: "urn",
        message: "Another institution already has this URN.",
    },
    Constraint {
        sqlite_columns: "assessments.assessee_staff_id, assessments.period",
        postgres_name: "assessments_assessee_staff_id_period_key",
        field: "period",
        message: "This staff member already has an assessment for this period.",
    },
    Constraint {
        sqlite_columns: "monthly_submissions.partner_id, monthly_submissions.month",
        postgres_name: "monthly_submissions_partner_id_month_key",
        field: "month",
        message: "This Partner already has a submission for this month.",
    },
    Constraint {
        // A unique index on LOWER(name) (migration 0008): SQLite names the index.
        sqlite_columns: "index 'partners_name_key'",
        postgres_name: "partners_name_key",
        field: "name",
        message: "A Partner with this name already exists (names are compared ignoring case).",
    },
    Constraint {
        sqlite_columns: "staff.user_id",
        postgres_name: "staff_user_id_key",
        field: "user",
        message: "This account is already linked to another staff member.",
    },
];

/// The known constraint a database error broke, if any.
pub fn broken_constraint(e: &sqlx::Error) -> Option<&'static Constraint> {
    let sqlx::Error::Database(d) = e else {
        return None;
    };
    if let Some(name) = d.constraint() {
        return CONSTRAINTS.iter().find(|c| c.postgres_name == name);
    }
    let message = d.message();
    let columns = message
        .strip_prefix("UNIQUE constraint failed: ")
        .or_else(|| message.strip_prefix("CHECK constraint failed: "))?;
    CONSTRAINTS.iter().find(|c| c.sqlite_columns == columns)
}

impl From<sqlx::Error> for AppError {
    /// A known constraint is the user's input (422 on its field); anything else
    /// is logged with its detail and answered with a request id only.
    fn from(e: sqlx::Error) -> Self {
        match broken_constraint(&e) {
            Some(c) => AppError::invalid(c.field, c.message),
            None => internal(e),
        }
    }
}

/// Sets the HTTP status of the current server function's response to the
/// error's. A plain HTML form post (no JavaScript) keeps the redirect back to
/// its page, which shows the error from the URL.
pub fn set_response_status(err: &AppError) {
    let Some(options) = use_context::<ResponseOptions>() else {
        return;
    };
    let plain_form_post = parts().is_some_and(|p| {
        p.headers.contains_key(header::REFERER)
            && p.headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
    });
    if plain_form_post {
        return;
    }
    if !matches!(err, AppError::Internal { .. }) {
        tracing::info!(status = err.status(), refusal = %err, "request refused");
    }
    options.set_status(
        StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
    );
}
