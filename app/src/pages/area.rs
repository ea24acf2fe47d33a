//! An area of the application (a network record kind or an org area): what
//! the active role may do there and, for each action it may not take, why.
use crate::api::records::list_records;
use crate::auth::permissions::{
    decide, decide_network, Action, Area, Decision, NetworkTarget, OrgArea, RecordKind, Target,
};
use crate::components::guard::{signed_in, Refused};
use crate::pages::not_found::NotFound;
use crate::pages::org;
use crate::pages::records::list::ListRows;
use crate::pages::records::list::RecordList;
use crate::records::schema::columns;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};

#[component]
pub fn AreaPage() -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    // A records list's rows, loaded by the page itself rather than inside the
    // sign-in Suspense (a resource created there is created again per pass).
    let rows = Resource::new(
        move || {
            (
                params.read().get("kind").unwrap_or_default(),
                location.search.get(),
            )
        },
        |(slug, query)| async move {
            match RecordKind::from_slug(&slug).filter(|k| columns(*k).is_some()) {
                Some(kind) => Some(list_records(kind, query).await),
                None => None,
            }
        },
    );
    provide_context(ListRows(rows));
    move || {
        let slug = params.read().get("kind").unwrap_or_default();
        match Area::from_slug(&slug) {
            None => view! { <NotFound/> }.into_any(),
            Some(a) => area(a).into_any(),
        }
    }
}

fn area(a: Area) -> impl IntoView {
    signed_in(move |p| {
        if let Decision::Denied(reason) = decide(&p, Action::View, &Target::from(a)) {
            return view! { <Refused what=format!("viewing {}", a.plural()) why=reason.to_string()/> }.into_any();
        }
        area_page(a, p).into_any()
    })
}

/// The page of each area. Kinds without a page of their own yet show the
/// overview of what the role may do there.
fn area_page(a: Area, p: crate::auth::roles::Principal) -> AnyView {
    use RecordKind as K;
    match a {
        Area::Network(
            kind @ (K::SubContractor
            | K::Ec
            | K::Ea
            | K::Institution
            | K::Employer
            | K::Partner
            | K::PartnerUser
            | K::CecStaffUser
            | K::Organisation
            | K::CompassReport
            | K::SupportRequest),
        ) => view! { <RecordList kind p/> }.into_any(),
        Area::Network(K::UrnList) => crate::pages::urn_lists::urn_lists_index(p),
        Area::Network(kind @ (K::MonthlySubmission | K::NationalUser)) => {
            overview(kind, &p).into_any()
        }
        Area::Org(OrgArea::Assessment) => {
            view! { <org::assessments::AssessmentsPage p/> }.into_any()
        }
        Area::Org(OrgArea::OrgReport) => view! { <org::reports::ReportsPage p/> }.into_any(),
        Area::Org(OrgArea::OrgDashboard) => view! { <org::dashboard::DashboardPage/> }.into_any(),
        Area::Org(OrgArea::OrgUser) => view! { <org::users::UsersPage/> }.into_any(),
        Area::Org(OrgArea::OrgUnit) => view! { <org::tree::TreePage/> }.into_any(),
        Area::Org(OrgArea::SystemSettings) => view! { <org::settings::SettingsPage/> }.into_any(),
    }
}

/// What the role may do in an area and, for each action it may not, why.
fn overview(kind: RecordKind, p: &crate::auth::roles::Principal) -> impl IntoView {
    let target = NetworkTarget::Kind(kind);
    let (allowed, refused): (Vec<_>, Vec<_>) = Action::ALL
        .into_iter()
        .map(|a| (a, decide_network(p, a, &target)))
        .partition(|(_, d)| d.is_allowed());
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
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
