//! The GOV.UK error summary and the message at a field: one copy for every
//! form (RULES §5.1). The summary sits at the top of the form, says "There is
//! a problem", links to each field in error and takes focus when it appears
//! (after hydration too, so a page answered without JavaScript behaves alike).
use crate::error::AppError;
use leptos::prelude::*;

/// One problem: the message, and the `#id` of the field it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub href: Option<String>,
    pub text: String,
}

impl Problem {
    /// Every problem an error states, one per refused field (a 422 naming
    /// several lists them all, docs/RULES.md §5.1); fields the form does not
    /// show are listed without a link.
    pub fn all_of(e: &AppError, field_id: impl Fn(&str) -> Option<String>) -> Vec<Problem> {
        let fields = e.invalid_fields();
        if fields.is_empty() {
            return vec![Problem::of(e, field_id)];
        }
        fields
            .into_iter()
            .map(|(field, message)| Problem {
                href: field_id(field).map(|id| format!("#{id}")),
                text: message.to_string(),
            })
            .collect()
    }

    /// The problem an error states: at the field `field_id` names for the
    /// error's field (None when the error is about no field on the form).
    pub fn of(e: &AppError, field_id: impl Fn(&str) -> Option<String>) -> Problem {
        match invalid_field(e).and_then(|(field, message)| Some((field_id(field)?, message))) {
            Some((id, message)) => Problem {
                href: Some(format!("#{id}")),
                text: message.to_string(),
            },
            None => Problem {
                href: None,
                text: e.to_string(),
            },
        }
    }
}

/// The field a refusal is about and its message, when it is about one.
pub fn invalid_field(e: &AppError) -> Option<(&str, &str)> {
    match e {
        AppError::Invalid { field, message, .. } => Some((field.as_str(), message.as_str())),
        AppError::Unauthorized
        | AppError::SignInFailed(_)
        | AppError::Forbidden(_)
        | AppError::NotFound(_)
        | AppError::Conflict(_)
        | AppError::TooManyRequests { .. }
        | AppError::Internal { .. }
        | AppError::Request(_) => None,
    }
}

/// The message of `e` when it is about the field `key` (a 422 may name
/// several fields: each gets its own message).
pub fn message_at(e: &AppError, key: &str) -> Option<String> {
    e.invalid_fields()
        .into_iter()
        .find(|(field, _)| *field == key)
        .map(|(_, message)| message.to_string())
}

/// "There is a problem", with a link to each field in error.
#[component]
pub fn ErrorSummary(problems: Vec<Problem>) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            let _ = el.focus();
        }
    });
    view! {
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" node_ref=node>
            <h2 id="error-summary-title">"There is a problem"</h2>
            <ul>
                {problems.into_iter().map(|p| view! {
                    <li>{match p.href {
                        Some(h) => {
                            let id = h.trim_start_matches('#').to_string();
                            // With JavaScript the field itself takes focus (a
                            // fragment link alone only scrolls to it).
                            let focus = move |ev: leptos::ev::MouseEvent| {
                                if let Some(el) = focusable(&id) {
                                    ev.prevent_default();
                                    el.scroll_into_view();
                                    let _ = el.focus();
                                }
                            };
                            view! { <a href=h on:click=focus>{p.text}</a> }.into_any()
                        }
                        None => view! { <span>{p.text}</span> }.into_any(),
                    }}</li>
                }).collect_view()}
            </ul>
        </div>
    }
}

/// The element with this id, when the page has one that can take focus.
pub fn focusable(id: &str) -> Option<leptos::web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok())
}

/// The message at the field `id` (its element is `{id}-error`, named by the
/// field's `aria-describedby`).
pub fn field_error(id: &str, message: Option<String>) -> impl IntoView {
    let error_id = format!("{id}-error");
    message.map(|m| {
        view! {
            <p id=error_id class="field-error"><span class="visually-hidden">"Error: "</span>{m}</p>
        }
    })
}

/// The `aria-describedby` of a field: its hint and its error, when present.
pub fn described_by(hint: Option<String>, error: Option<String>) -> Option<String> {
    let ids: Vec<String> = hint.into_iter().chain(error).collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}
