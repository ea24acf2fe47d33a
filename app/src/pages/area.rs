//! An area of the application (one record kind): what the active role may do
//! there and, for each action it may not take, why.
use crate::auth::permissions::{decide, Action, Decision, RecordKind, Target};
use crate::components::guard::{signed_in, Refused};
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AreaPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let slug = params.read().get("kind").unwrap_or_default();
        match RecordKind::from_slug(&slug) {
            None => view! { <NotFound/> }.into_any(),
            Some(kind) => area(kind).into_any(),
        }
    }
}

fn area(kind: RecordKind) -> impl IntoView {
    signed_in(move |p| {
        let target = Target::Kind(kind);
        if let Decision::Denied(reason) = decide(&p, Action::View, &target) {
            return view! { <Refused what=format!("viewing {}", kind.plural()) why=reason.to_string()/> }.into_any();
        }
        let (allowed, refused): (Vec<_>, Vec<_>) =
            Action::ALL.into_iter().map(|a| (a, decide(&p, a, &target))).partition(|(_, d)| d.is_allowed());
        view! {
            <leptos_meta::Title text=format!("{} — Caseboard", kind.title())/>
            <h1>{kind.title()}</h1>
            <h2>"What you can do here"</h2>
            <ul class="can-do">
                {allowed.into_iter().map(|(a, d)| view! {
                    <li>{format!("{} {} — {} scope", capitalise(a.verb()), kind.plural(), d.scope().map(|s| s.label()).unwrap_or_default())}</li>
                }).collect_view()}
            </ul>
            <h2>"Not available to you"</h2>
            <ul class="cannot-do">
                {refused.into_iter().map(|(_, d)| match d {
                    Decision::Denied(r) => view! { <li>{r.to_string()}</li> }.into_any(),
                    Decision::Allowed(_) => ().into_any(),
                }).collect_view()}
            </ul>
        }
        .into_any()
    })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}
