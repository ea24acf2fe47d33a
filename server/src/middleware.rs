//! Request middleware: request ids and logs, security headers, cross-site
//! refusal, session lookup, and a guard that turns a panic into a 500.
use app::error::AppError;
use app::ssr::passwords::random_token;
use app::ssr::request::RequestId;
use app::ssr::sessions;
use app::ssr::state::AppState;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt as _;
use std::panic::AssertUnwindSafe;
use std::time::Instant;
use tracing::Instrument;

/// Gives every request an id (logged, echoed in `x-request-id`) and logs its outcome.
pub async fn request_id(mut req: Request, next: Next) -> Response {
    let id = random_token()[..16].to_string();
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path());
    let started = Instant::now();
    let mut res = next.run(req).instrument(span.clone()).await;
    span.in_scope(|| {
        tracing::info!(
            status = res.status().as_u16(),
            ms = started.elapsed().as_secs_f64() * 1000.0,
            "done"
        )
    });
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

/// The CSP of everything that is not a page.
const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
     frame-ancestors 'none'";

/// A page's CSP allows only the inline scripts that carry its own nonce.
fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The nonce Leptos put on the page's inline scripts.
pub(crate) fn nonce_of(html: &[u8]) -> Option<&str> {
    let at = html.windows(7).position(|w| w == b"nonce=\"")? + 7;
    let len = html[at..].iter().position(|b| *b == b'"')?;
    std::str::from_utf8(&html[at..at + len]).ok().filter(|n| {
        !n.is_empty()
            && n.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// Security headers on every response. HTML pages (rendered whole, never
/// streamed) get a CSP naming the nonce found on their own scripts: setting
/// it here, from the body, cannot miss a page the way a header set during
/// rendering could.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let csp = if is_html {
        let (parts, body) = res.into_parts();
        let bytes = match to_bytes(body, 16 << 20).await {
            Ok(b) => b,
            Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "page too large").into_response(),
        };
        let csp = nonce_of(&bytes)
            .map(page_csp)
            .unwrap_or_else(|| DEFAULT_CSP.to_string());
        res = Response::from_parts(parts, Body::from(bytes));
        csp
    } else {
        DEFAULT_CSP.to_string()
    };
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // same-origin keeps the Referer that no-JS form posts are redirected back to.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    res
}

/// Refuses state-changing requests that a browser marks as cross-site.
/// Scripts (no `Sec-Fetch-Site`, no `Origin`) pass: they carry no ambient cookie.
pub async fn refuse_cross_site(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let refused = match fetch_site {
        Some(site) => !matches!(site, "same-origin" | "none"),
        None => match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            None => false,
            Some(origin) => !crate::headers::same_origin(origin, &state, headers),
        },
    };
    if refused {
        tracing::warn!(fetch_site, origin = ?headers.get(header::ORIGIN), "refused cross-site request");
        let err = AppError::Forbidden(
            "this change came from another site. Changes can only be made from Caseboard's own pages.".into(),
        );
        return (StatusCode::FORBIDDEN, axum::Json(err)).into_response();
    }
    next.run(req).await
}

/// Looks up the session the cookie names, for every page and server function.
pub async fn load_session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.starts_with("/pkg/") || path == "/healthz" || path == "/favicon.svg" {
        return next.run(req).await;
    }
    let token = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| sessions::token_from_cookie_header(&state.auth, h));
    let Some(token) = token else {
        return next.run(req).await;
    };
    match sessions::resolve(&state.db, &state.auth, &token).await {
        Ok(Some(session)) => {
            req.extensions_mut().insert(session);
            next.run(req).await
        }
        Ok(None) => {
            // A dead session: drop the stale cookie too.
            let mut res = next.run(req).await;
            if let Ok(v) = HeaderValue::from_str(&sessions::clear_cookie(&state.auth)) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "session lookup failed");
            let err = AppError::Internal {
                request_id: current_request_id(&req),
            };
            (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(err)).into_response()
        }
    }
}

fn current_request_id(req: &Request) -> String {
    req.extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default()
}

/// A panic in a handler becomes a logged 500 carrying the request id, never
/// a dropped connection.
pub async fn catch_panic(req: Request, next: Next) -> Response {
    let request_id = current_request_id(&req);
    match AssertUnwindSafe(next.run(req)).catch_unwind().await {
        Ok(res) => res,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            tracing::error!(%request_id, panic = %what, "handler panicked");
            let err = AppError::Internal { request_id };
            (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(err)).into_response()
        }
    }
}
