//! The routes whose code the browser loads only when one of their pages is
//! visited (docs/RULES.md §8.1). Each becomes a split point of the release
//! and debug bundles; the sign-in page, the shell, the header and the router
//! stay in the main module, so the first page needs nothing else.
//!
//! On the server the same routes render as before (the view is awaited
//! there too, with nothing to load), so a page is complete without WASM.
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// `lazy_page!(Route => Page)`: the lazily loaded route showing `Page`.
macro_rules! lazy_page {
    ($($route:ident => $page:path;)*) => {$(
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    )*};
}

lazy_page! {
    Home => crate::pages::home::HomePage;
    Permissions => crate::pages::permissions::PermissionsPage;
    Invite => crate::pages::invite::InvitePage;
    GiasImport => crate::pages::gias::import::ImportPage;
    GiasImportRun => crate::pages::gias::run::ImportRunPage;
    LaPartner => crate::pages::gias::la_partner::LaPartnerPage;
    Area => crate::pages::area::AreaPage;
    NewAssessment => crate::pages::org::new_assessment::NewAssessmentPage;
    AssessmentDetail => crate::pages::org::assessment::AssessmentDetailPage;
    OrgUser => crate::pages::org::user::OrgUserPage;
    UrnList => crate::pages::urn_lists::UrnListRoute;
    MonthlyReturn => crate::pages::monthly::submission::MonthlyReturnPage;
    RaiseSupportRequest => crate::pages::support::raise::RaiseSupportRequestPage;
    SupportRequest => crate::pages::support::detail::SupportRequestPage;
    NewRecord => crate::pages::records::new::NewRecordPage;
    RecordDetail => crate::pages::records::detail::RecordDetailPage;
    RecordStep => crate::pages::records::preview::RecordStepPage;
}
