//! One form input per editable column, named `values[key]` for the server,
//! in the GOV.UK form pattern (RULES §5.1): label, hint, the message when
//! the server refused the value, `aria-invalid`; no browser-side validation
//! (the server's check is the only authority).
use crate::components::error_summary::{described_by, field_error};
use crate::records::schema::{Column, Input};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;
use std::collections::HashMap;

/// What the user typed into a form's `values[key]` fields, kept after the
/// server refused it: the last submission (with JavaScript), else the values
/// the server sent back in the URL (without). None: nothing typed there.
pub fn kept_input<S>(
    action: ServerAction<S>,
    values: fn(&S) -> &HashMap<String, String>,
) -> impl Fn(&str) -> Option<String> + Copy + Send + Sync + 'static
where
    S: ServerFn + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    let query = use_query_map();
    let last = RwSignal::new(None::<HashMap<String, String>>);
    Effect::new(move |_| {
        if let Some(input) = action.input().get() {
            last.set(Some(values(&input).clone()));
        }
    });
    move |key: &str| match &*last.read_untracked() {
        Some(m) => m.get(key).cloned(),
        None => query.read_untracked().get(&format!("values[{key}]")),
    }
}

/// The id of the input for the column `key` (error summaries link to it).
pub fn field_id(key: &str) -> String {
    format!("field-{key}")
}

/// What the value must look like, under the label.
fn hint(input: Input) -> Option<&'static str> {
    match input {
        Input::Email => Some("For example, name@example.org"),
        Input::Percent => Some("A whole number from 0 to 100"),
        // Dates use the browser's date control, which shows its own format.
        Input::Date | Input::Text | Input::Choice(_) | Input::Flag | Input::Pick(_) => None,
    }
}

/// An input for `col` holding `value`; `locked` (a reason) renders it read-only
/// with the reason beside it, and the browser does not submit it; `error` is
/// the server's message about the value.
pub fn field_input(
    col: &'static Column,
    value: Option<String>,
    locked: Option<String>,
    error: Option<String>,
) -> AnyView {
    let Some((_, input)) = col.edit else {
        return ().into_any();
    };
    let id = field_id(col.key);
    let name = format!("values[{}]", col.key);
    let value = value.unwrap_or_default();
    let disabled = locked.is_some();
    let hint_id = format!("{id}-hint");
    let hint_text = locked
        .as_ref()
        .map(|why| format!("Locked: {why}"))
        .or_else(|| hint(input).map(str::to_string));
    let described = described_by(
        hint_text.as_ref().map(|_| hint_id.clone()),
        error.as_ref().map(|_| format!("{id}-error")),
    );
    let invalid = error.is_some().then_some("true");
    let control = match input {
        Input::Choice(options) => view! {
            <select id=id.clone() name=name disabled=disabled aria-describedby=described.clone() aria-invalid=invalid>
                <option value="">"—"</option>
                {options.iter().map(|o| view! { <option value=*o selected=*o == value>{*o}</option> }).collect_view()}
            </select>
        }
        .into_any(),
        Input::Flag => view! {
            <select id=id.clone() name=name disabled=disabled aria-describedby=described.clone() aria-invalid=invalid>
                <option value="yes" selected=value == "yes">"yes"</option>
                <option value="no" selected=value != "yes">"no"</option>
            </select>
        }
        .into_any(),
        Input::Text | Input::Email | Input::Date | Input::Percent | Input::Pick(_) => {
            // Numbers are text with a numeric keyboard: a number input would
            // drop what it cannot parse before the server could explain.
            let (kind, mode) = match input {
                Input::Email => ("email", None),
                Input::Date => ("date", None),
                Input::Percent | Input::Pick(_) => ("text", Some("numeric")),
                Input::Text | Input::Choice(_) | Input::Flag => ("text", None),
            };
            view! {
                <input id=id.clone() name=name type=kind inputmode=mode value=value disabled=disabled
                    aria-describedby=described.clone() aria-invalid=invalid
                    spellcheck=(input == Input::Email).then_some("false")/>
            }
            .into_any()
        }
    };
    let hint_class = if disabled { "lock-reason" } else { "hint" };
    view! {
        <div class="field" class:locked=disabled class:field-with-error=invalid.is_some()>
            <label for=id.clone()>{col.label}{(!col.required && !disabled).then_some(" (optional)")}</label>
            {hint_text.map(|h| view! { <span class=hint_class id=hint_id>{h}</span> })}
            {field_error(&id, error)}
            {control}
        </div>
    }
    .into_any()
}
