//! The routes whose code the browser loads only when one of their pages is
//! visited (docs/RULES.md §8.1). The sign-in page, the shell, the header and
//! the router stay in the main module, so the first page needs nothing else.
//!
//! Pages are grouped: one split point per group, not per page. The splitter
//! puts code shared by several split points into a module of its own for
//! each combination, so one split point per page (17) made 472 modules and a
//! 247 KB loader; three groups make a handful.
//!
//! On the server the same routes render as before (the view is awaited
//! there, with nothing to load), so a page is complete without WASM, and the
//! page names the modules its group needs so the browser fetches them early.
use leptos::lazy;
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// `lazy_pages!(group, Group { Route => page, .. })`: an enum of the pages
/// of one group, the group's split point `group` (rendering any of them),
/// and one route type per page.
macro_rules! lazy_pages {
    ($group:ident, $preload:ident, $pages:ident { $($route:ident => $page:path,)* }) => {
        #[derive(Clone, Copy)]
        pub enum $pages {
            $($route,)*
        }

        #[lazy]
        fn $group(page: $pages) -> AnyView {
            match page {
                $($pages::$route => $page().into_any(),)*
            }
        }

        $(
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_this: Self) -> AnyView {
                    #[cfg(feature = "ssr")]
                    announce_modules(stringify!($group));
                    $group($pages::$route).await
                }

                async fn preload() {
                    #[cfg(feature = "hydrate")]
                    $preload().await;
                }
            }
        )*
    };
}

/// On the server: a `Link` header naming the modules a page of `group`
/// needs, so the browser fetches them alongside the main module rather than
/// after it. (Leptos' own preload links for them did not appear with
/// leptos_axum 0.8.10.)
#[cfg(feature = "ssr")]
fn announce_modules(group: &str) {
    use axum::http::{header::LINK, HeaderValue};
    let Some(manifest) = use_context::<leptos::WasmSplitManifest>() else {
        return;
    };
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let Some(read) = manifest.0.try_read_value() else {
        return;
    };
    let (pkg, splits, _) = &*read;
    let links: Vec<String> = splits
        .iter()
        .filter(|(split, _)| {
            split
                .strip_prefix(group)
                .is_some_and(|hash| hash.starts_with('_'))
        })
        .flat_map(|(_, modules)| modules)
        .map(|module| format!("<{pkg}/{module}.wasm>; rel=preload; as=fetch; crossorigin"))
        .collect();
    match HeaderValue::from_str(&links.join(", ")) {
        Ok(value) if !links.is_empty() => response.append_header(LINK, value),
        Ok(_) | Err(_) => {}
    }
}

// The pages most people use every day.
lazy_pages!(records_pages, __preload_records_pages, RecordsPage {
    Home => crate::pages::home::HomePage,
    Area => crate::pages::area::AreaPage,
    RecordDetail => crate::pages::records::detail::RecordDetailPage,
    RecordStep => crate::pages::records::preview::RecordStepPage,
    NewRecord => crate::pages::records::new::NewRecordPage,
});

// The staff-assessment pages of an organisation.
lazy_pages!(org_pages, __preload_org_pages, OrgPage {
    NewAssessment => crate::pages::org::new_assessment::NewAssessmentPage,
    AssessmentDetail => crate::pages::org::assessment::AssessmentDetailPage,
    OrgUser => crate::pages::org::user::OrgUserPage,
});

// Pages a few people open now and then: administration, imports, the
// monthly return, support requests, URN lists, invitations, permissions.
lazy_pages!(rare_pages, __preload_rare_pages, RarePage {
    Permissions => crate::pages::permissions::PermissionsPage,
    Invite => crate::pages::invite::InvitePage,
    GiasImport => crate::pages::gias::import::ImportPage,
    GiasImportRun => crate::pages::gias::run::ImportRunPage,
    LaPartner => crate::pages::gias::la_partner::LaPartnerPage,
    UrnList => crate::pages::urn_lists::UrnListRoute,
    MonthlyReturn => crate::pages::monthly::submission::MonthlyReturnPage,
    RaiseSupportRequest => crate::pages::support::raise::RaiseSupportRequestPage,
    SupportRequest => crate::pages::support::detail::SupportRequestPage,
});
