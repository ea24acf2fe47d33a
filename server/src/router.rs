//! The application router, shared by `serve` and the integration tests.
use crate::middleware;
use app::ssr::state::AppState;
use app::{shell, App};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::OnceLock;

/// The app's routes, worked out once per process.
///
/// Leptos suppresses resource loading process-wide while it walks the routes,
/// so a page rendering at that moment (another router in the same process, as
/// in the test suite) would wait for its data forever. Walking them once, before
/// any router exists, leaves no such moment.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn build(state: AppState) -> Router {
    let routes = route_list();
    let options = state.leptos_options.clone();
    Router::new()
        .merge(crate::assets::routes(&options.site_root))
        .route("/healthz", get(healthz))
        .route("/favicon.svg", get(favicon))
        .route(
            "/api/records/{kind}/download",
            get(crate::download::download),
        )
        .route(
            "/api/gias/upload",
            post(crate::gias_upload::upload)
                // The handler counts the bytes itself and refuses past the cap.
                .layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            "/api/gias/runs/{id}/rejects.csv",
            get(crate::gias_upload::rejects),
        )
        .route(
            "/api/urn-lists/{list}/download",
            get(crate::download::urn_lists::download),
        )
        .route(
            "/api/urn-lists/{list}/upload",
            post(crate::urn_upload::upload),
        )
        .route(
            "/api/org/reports/download",
            get(crate::org_download::download),
        )
        .leptos_routes_with_context(&state, routes, || (), move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(middleware::catch_panic))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::load_session,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::headers::guard_server_functions,
        ))
        .layer(axum::middleware::from_fn(middleware::security_headers))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::headers::caching_and_transport,
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(axum::middleware::from_fn(middleware::request_id))
        .with_state(state)
}

/// Liveness and database reachability, for load balancers and the run script.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match sqlx::query("SELECT 1").execute(&state.db.read).await {
        Ok(_) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({ "status": "ok" })),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({ "status": "database unreachable" })),
            )
        }
    }
}

async fn favicon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1d4e89"/><path d="M4 4h8v2H6v4h6v2H4z" fill="#fff"/></svg>"##,
    )
}
