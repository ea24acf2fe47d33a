//! Rendering by who is signed in, and saying why something is refused.
use super::session::SessionContext;
use crate::auth::roles::Principal;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Renders `view` with the signed-in principal; sends anyone else to sign in.
pub fn signed_in<V, F>(view: F) -> impl IntoView
where
    V: IntoView + 'static,
    F: Fn(Principal) -> V + Clone + Send + Sync + 'static,
{
    let me = SessionContext::get().me;
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || {
                let view = view.clone();
                Suspend::new(async move {
                    match me.await {
                        // Untracked: signals the page reads while it is being set
                        // up (URL, params) must not re-run this Suspend, which
                        // would rebuild the page and dispose the resources of the
                        // copy still rendering.
                        Ok(Some(p)) => untrack(|| view(p).into_any()),
                        Ok(None) => view! { <Redirect path="/login"/> }.into_any(),
                        Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// A refusal page: what was refused and why. Answers 403 when server-rendered.
#[component]
pub fn Refused(what: String, why: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::FORBIDDEN);
    }
    view! {
        <leptos_meta::Title text=format!("Refused: {what} — Caseboard")/>
        <section class="refused" aria-labelledby="refused-heading">
            <h1 id="refused-heading">"Refused: " {what}</h1>
            <p class="reason">{why}</p>
            <p><a href="/">"Back to your home page"</a></p>
        </section>
    }
}
