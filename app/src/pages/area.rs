//! An area of the application (a network record kind or an org area): what
//! the active role may do there and, for each action it may not take, why.
use crate::api::records::list_records;
use crate::auth::permissions::{decide, Action, Area, Decision, OrgArea, RecordKind, Target};
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

/// The page of each area.
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
            | K::SupportRequest
            | K::NationalUser),
        ) => view! { <RecordList kind p/> }.into_any(),
        Area::Network(K::UrnList) => crate::pages::urn_lists::urn_lists_index(p),
        Area::Network(K::MonthlySubmission) => {
            view! { <crate::pages::monthly::MonthlyReturnsPage p/> }.into_any()
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
