//! The network home dashboard (docs/RULES.md §7): server-rendered figures,
//! SVG charts and tables over the role's scope; every count links to the
//! list it counts. The filter bar is a GET form: without JavaScript it
//! reloads the page; after hydration the router keeps it in the URL and the
//! resource refetches through the server function (Back works).
pub mod hub;
pub mod monthly;
pub mod parts;
pub mod trend;

use crate::api::dashboard::figures::Dashboard;
use crate::api::dashboard::network_dashboard;
use crate::pages::org::common::{failed, loading};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn NetworkDashboard() -> impl IntoView {
    let location = use_location();
    let search = Memo::new(move |_| location.search.get());
    let data = Resource::new(move || search.get(), network_dashboard);
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Dashboard::Hub(d)) => view! { <hub::Hub d=*d/> }.into_any(),
                    Ok(Dashboard::Ops(d)) => view! { <parts::Ops d=*d/> }.into_any(),
                    Ok(Dashboard::None) => ().into_any(),
                    Err(e) => failed(e),
                }
            })}
        </Suspense>
    }
}
