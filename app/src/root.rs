//! The HTML shell and the router.
use crate::components::header::Header;
use crate::components::route_focus::{RouteAnnouncer, SkipLink};
use crate::components::session::SessionContext;
use crate::lazy_pages as lazy;
use crate::pages::{login::LoginPage, not_found::NotFound};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use leptos_router::{Lazy, SsrMode};

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HashedStylesheet options=options.clone() id="caseboard"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="Caseboard"/>
        <Router>
            <Site/>
        </Router>
    }
}

/// Everything inside the router. The session actions live here so that a
/// form posted without JavaScript gets its error back from the URL (`__err`),
/// which only the router reads. Pages render completely on the server
/// (`SsrMode::Async`), so they work before, or without, the WASM.
#[component]
fn Site() -> impl IntoView {
    SessionContext::provide();
    view! {
        <SkipLink/>
        <Header/>
        <RouteAnnouncer/>
        <main id="main" tabindex="-1">
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/") view={Lazy::<lazy::Home>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/permissions") view={Lazy::<lazy::Permissions>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/invite/:token") view={Lazy::<lazy::Invite>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/admin/gias") view={Lazy::<lazy::GiasImport>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/admin/gias/runs/:id") view={Lazy::<lazy::GiasImportRun>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/admin/la-partner") view={Lazy::<lazy::LaPartner>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/areas/:kind") view={Lazy::<lazy::Area>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/areas/assessments/new") view={Lazy::<lazy::NewAssessment>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/areas/assessments/:id") view={Lazy::<lazy::AssessmentDetail>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/areas/org-users/:id") view={Lazy::<lazy::OrgUser>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/areas/urn-lists/:list") view={Lazy::<lazy::UrnList>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/areas/monthly-submissions/:id") view={Lazy::<lazy::MonthlyReturn>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/areas/support-requests/new") view={Lazy::<lazy::RaiseSupportRequest>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/areas/support-requests/:id") view={Lazy::<lazy::SupportRequest>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/areas/:kind/new") view={Lazy::<lazy::NewRecord>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/areas/:kind/:id") view={Lazy::<lazy::RecordDetail>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/areas/:kind/:id/:step") view={Lazy::<lazy::RecordStep>::new()} ssr=SsrMode::Async/>
            </Routes>
        </main>
    }
}
