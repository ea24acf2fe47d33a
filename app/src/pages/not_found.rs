use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <leptos_meta::Title text="Page not found — Caseboard"/>
        <h1>"Page not found"</h1>
        <p>"There is no page at this address, or it does not exist for you. "<a href="/">"Go to your home page"</a>"."</p>
    }
}
