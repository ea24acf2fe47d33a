//! The one way a form's result is shown: the refusal in words (an alert), or
//! a short confirmation (a status), both announced to screen readers.
use crate::error::AppError;
use leptos::prelude::*;

/// "Saved." (or `done`) once the action succeeds; the error's text when it fails.
pub fn outcome<T, S>(value: S, done: &'static str) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    move || match value.get() {
        Some(Err(e)) => {
            Some(view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any())
        }
        Some(Ok(_)) => Some(view! { <p role="status" class="done">{done}</p> }.into_any()),
        None => None,
    }
}
