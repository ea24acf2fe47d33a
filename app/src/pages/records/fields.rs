//! One form input per editable column, named `values[key]` for the server.
use crate::records::schema::{Column, Input};
use leptos::prelude::*;

/// An input for `col` holding `value`; `locked` (a reason) renders it read-only
/// with the reason beside it, and the browser does not submit it.
pub fn field_input(col: &'static Column, value: Option<String>, locked: Option<String>) -> AnyView {
    let Some((_, input)) = col.edit else {
        return ().into_any();
    };
    let id = format!("field-{}", col.key);
    let name = format!("values[{}]", col.key);
    let value = value.unwrap_or_default();
    let disabled = locked.is_some();
    let hint_id = format!("{id}-hint");
    let described = locked.as_ref().map(|_| hint_id.clone());
    let control = match input {
        Input::Choice(options) => view! {
            <select id=id.clone() name=name disabled=disabled aria-describedby=described.clone() required=col.required>
                <option value="">"—"</option>
                {options.iter().map(|o| view! { <option value=*o selected=*o == value>{*o}</option> }).collect_view()}
            </select>
        }
        .into_any(),
        Input::Flag => view! {
            <select id=id.clone() name=name disabled=disabled aria-describedby=described.clone()>
                <option value="yes" selected=value == "yes">"yes"</option>
                <option value="no" selected=value != "yes">"no"</option>
            </select>
        }
        .into_any(),
        Input::Text | Input::Email | Input::Date | Input::Percent | Input::Pick(_) => {
            let kind = match input {
                Input::Email => "email",
                Input::Date => "date",
                Input::Percent | Input::Pick(_) => "number",
                Input::Text | Input::Choice(_) | Input::Flag => "text",
            };
            view! {
                <input id=id.clone() name=name type=kind value=value disabled=disabled
                    aria-describedby=described.clone() required=col.required/>
            }
            .into_any()
        }
    };
    view! {
        <div class="field" class:locked=disabled>
            <label for=id>{col.label}{col.required.then_some(" (required)")}</label>
            {control}
            {locked.map(|why| view! { <span class="lock-reason" id=hint_id>"Locked: " {why}</span> })}
        </div>
    }
    .into_any()
}
