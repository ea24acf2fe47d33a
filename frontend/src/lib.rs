//! The browser entry point: hydrate the server-rendered page, nothing else.
use wasm_bindgen::prelude::wasm_bindgen;

/// Hydrates asynchronously: most pages are lazy routes (docs/RULES.md §8.1),
/// whose code arrives in its own module before their part of the page can
/// be hydrated (Leptos' `hydrate_lazy`, which cannot report when it is done).
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // An error only means the executor is already set up.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    leptos::task::spawn_local(async move {
        leptos::mount::hydrate_from_async(body.clone(), app::App)
            .await
            .forget();
        // Lets browser tests wait for interactivity instead of guessing.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
