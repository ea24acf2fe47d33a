//! Support requests (docs/RULES.md §2.7): raising one, and one request's
//! page. The lists (the requester's own, and the queue) are the records list.
pub mod detail;
pub mod raise;

use crate::records::support::Status;
use leptos::prelude::*;

/// A list cell showing a request's status as a tag.
pub fn status_cell(label: &str) -> AnyView {
    match Status::from_label(label) {
        Some(s) => view! { <td><strong class=s.tag_class()>{s.label()}</strong></td> }.into_any(),
        None => view! { <td>{label.to_string()}</td> }.into_any(),
    }
}
