//! Focus and announcements in the hydrated app (RULES §5.2): the skip link
//! moves focus to the main content; after a client-side navigation to
//! another page, focus moves to the new page's heading and a live region
//! announces the page, as a full page load would.
use leptos::ev::MouseEvent;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos_router::hooks::use_location;
use std::time::Duration;

/// The skip link: once the router handles clicks, a same-page `#main` link
/// would no longer move focus, so it is moved here.
#[component]
pub fn SkipLink() -> impl IntoView {
    let skip = |ev: MouseEvent| {
        let Some(main) = document().get_element_by_id("main") else {
            return;
        };
        ev.prevent_default();
        if let Ok(main) = main.dyn_into::<leptos::web_sys::HtmlElement>() {
            let _ = main.focus();
            main.scroll_into_view();
        }
    };
    view! { <a class="skip-link" href="#main" on:click=skip>"Skip to content"</a> }
}

/// How many times, 50 ms apart, the new page's heading is looked for.
const TRIES: u32 = 60;

/// The live region, and the effect that focuses the heading after each
/// change of path (not of the query: sorting or filtering a list keeps focus
/// where it is, and the list's own status line says what changed).
#[component]
pub fn RouteAnnouncer() -> impl IntoView {
    let location = use_location();
    let message = RwSignal::new(String::new());
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            let old = current_heading();
            message.set(String::new());
            set_timeout(
                move || focus_new_heading(old, message, TRIES),
                Duration::from_millis(50),
            );
        }
        path
    });
    view! {
        <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="route-announcer">
            {move || message.get()}
        </div>
    }
}

/// The main content's first heading and its text.
fn current_heading() -> Option<(leptos::web_sys::Element, String)> {
    let h1 = document().query_selector("main h1").ok().flatten()?;
    let text = h1.text_content().unwrap_or_default();
    Some((h1, text))
}

/// Focuses the heading once the new page has rendered one (a heading other
/// than the old page's), or whatever heading there is when the tries run out.
fn focus_new_heading(
    old: Option<(leptos::web_sys::Element, String)>,
    message: RwSignal<String>,
    tries: u32,
) {
    let now = current_heading();
    let is_new = match (&now, &old) {
        (Some((h, text)), Some((old_h, old_text))) => h != old_h || text != old_text,
        (Some(_), None) => true,
        (None, _) => false,
    };
    if !is_new && tries > 0 {
        set_timeout(
            move || focus_new_heading(old, message, tries - 1),
            Duration::from_millis(50),
        );
        return;
    }
    let Some((h1, text)) = now else { return };
    let title = document().title();
    message.set(if title.is_empty() { text } else { title });
    // A page that moved focus itself (a success banner after a save or a
    // close, RULES §5.1) keeps it: it says more than the heading.
    if banner_has_focus() {
        return;
    }
    if !h1.has_attribute("tabindex") {
        let _ = h1.set_attribute("tabindex", "-1");
    }
    if let Ok(h1) = h1.dyn_into::<leptos::web_sys::HtmlElement>() {
        let _ = h1.focus();
    }
}

/// Whether focus is on a status message in the main content.
fn banner_has_focus() -> bool {
    document()
        .active_element()
        .is_some_and(|e| e.matches("main [role=status]").unwrap_or(false))
}
