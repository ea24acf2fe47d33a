//! The HTML shell and the router.
use crate::components::header::Header;
use crate::components::route_focus::{RouteAnnouncer, SkipLink};
use crate::components::session::SessionContext;
use crate::pages::gias::{import::ImportPage, la_partner::LaPartnerPage, run::ImportRunPage};
use crate::pages::invite::InvitePage;
use crate::pages::org::{
    assessment::AssessmentDetailPage, new_assessment::NewAssessmentPage, user::OrgUserPage,
};
use crate::pages::records::preview::RecordStepPage;
use crate::pages::records::{detail::RecordDetailPage, new::NewRecordPage};
use crate::pages::support::{detail::SupportRequestPage, raise::RaiseSupportRequestPage};
use crate::pages::urn_lists::UrnListRoute;
use crate::pages::{
    area::AreaPage, home::HomePage, login::LoginPage, not_found::NotFound,
    permissions::PermissionsPage,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use leptos_router::SsrMode;

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
                <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/permissions") view=PermissionsPage ssr=SsrMode::Async/>
                <Route path=path!("/invite/:token") view=InvitePage ssr=SsrMode::Async/>
                <Route path=path!("/admin/gias") view=ImportPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/gias/runs/:id") view=ImportRunPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/la-partner") view=LaPartnerPage ssr=SsrMode::Async/>
                <Route path=path!("/areas/:kind") view=AreaPage ssr=SsrMode::Async/>
                <Route path=path!("/areas/assessments/new") view=NewAssessmentPage ssr=SsrMode::Async/>
                <Route path=path!("/areas/assessments/:id") view=AssessmentDetailPage ssr=SsrMode::Async/>
                <Route path=path!("/areas/org-users/:id") view=OrgUserPage ssr=SsrMode::Async/>
                <Route path=path!("/areas/urn-lists/:list") view=UrnListRoute ssr=SsrMode::Async/>
                <Route path=path!("/areas/monthly-submissions/:id") view=crate::pages::monthly::submission::MonthlyReturnPage ssr=SsrMode::Async/>
                <Route path=path!("/areas/support-requests/new") view=RaiseSupportRequestPage ssr=SsrMode::Async/>
                <Route path=path!("/areas/support-requests/:id") view=SupportRequestPage ssr=SsrMode::Async/>
                <Route path=path!("/areas/:kind/new") view=NewRecordPage ssr=SsrMode::Async/>
                <Route path=path!("/areas/:kind/:id") view=RecordDetailPage ssr=SsrMode::Async/>
                <Route path=path!("/areas/:kind/:id/:step") view=RecordStepPage ssr=SsrMode::Async/>
            </Routes>
        </main>
    }
}
