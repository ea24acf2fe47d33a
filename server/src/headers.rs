//! Response caching and transport headers, and the checks on what reaches a
//! server function: where a post came from, what its body is, and where a
//! form post without JavaScript is sent back to.
use app::error::AppError;
use app::ssr::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// `Cache-Control: no-store` on everything but static files (pages and JSON
/// carry signed-in data that must not stay in shared or browser caches) and
/// pages shown to someone not signed in, which are revalidated by ETag
/// (`page_etag`); HSTS when the deployment's public URL is https.
pub async fn caching_and_transport(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path();
    let is_static = path.starts_with("/pkg/") || path == "/favicon.svg";
    let revalidation = (!is_static)
        .then(|| {
            crate::page_etag::Revalidation::of(
                req.method(),
                req.headers(),
                state.auth.cookie_name(),
            )
        })
        .flatten();
    let mut res = next.run(req).await;
    if let Some(r) = revalidation {
        res = r.apply(res).await;
    }
    let h = res.headers_mut();
    if !is_static && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state
        .auth
        .public_origin
        .as_deref()
        .is_some_and(|o| o.starts_with("https://"))
    {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    res
}

/// The `scheme://host[:port]` a URL starts with.
fn origin_of(url: &str) -> Option<&str> {
    let after_scheme = url.find("://")? + 3;
    let end = url[after_scheme..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| after_scheme + i);
    Some(&url[..end])
}

/// Whether `url` (a Referer, or an Origin header) belongs to this deployment:
/// its public origin when configured, else the request's own Host.
pub(crate) fn same_origin(url: &str, state: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = origin_of(url) else {
        return false;
    };
    if let Some(public) = &state.auth.public_origin {
        return origin.eq_ignore_ascii_case(public);
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    !host.is_empty()
        && origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .is_some_and(|h| h.eq_ignore_ascii_case(host))
}

fn refusal(status: StatusCode, err: AppError) -> Response {
    (status, axum::Json(err)).into_response()
}

/// Bodies a server function takes: a form, or a multipart upload.
fn is_form_body(headers: &HeaderMap) -> bool {
    let Some(ct) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = ct.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/x-www-form-urlencoded")
        || essence.eq_ignore_ascii_case("multipart/form-data")
}

/// For server functions (`/api/...`):
/// - a state-changing request without `Origin` whose `Referer` is another
///   site is refused (403), as `refuse_cross_site` refuses a foreign Origin;
/// - a post must carry a form body (415 otherwise);
/// - a `Referer` from elsewhere is dropped before the function runs, so the
///   redirect that follows a form post without JavaScript (Leptos sends the
///   browser back to the Referer) never leads off the site.
pub async fn guard_server_functions(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let headers = req.headers();
    let foreign_referer = headers
        .get(header::REFERER)
        .map(|v| {
            v.to_str()
                .map_or(true, |r| !same_origin(r, &state, headers))
        })
        .unwrap_or(false);
    if changes_state && foreign_referer && !headers.contains_key(header::ORIGIN) {
        tracing::warn!(referer = ?headers.get(header::REFERER), "refused cross-site request (Referer)");
        return refusal(
            StatusCode::FORBIDDEN,
            AppError::Forbidden(
                "this change came from another site. Changes can only be made from Caseboard's own pages.".into(),
            ),
        );
    }
    if *req.method() == Method::POST && !is_form_body(headers) {
        return refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Request(
                "send the arguments as a form (application/x-www-form-urlencoded)".into(),
            ),
        );
    }
    if foreign_referer {
        req.headers_mut().remove(header::REFERER);
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn origins_end_at_the_path() {
        assert_eq!(
            origin_of("https://a.example/x?y"),
            Some("https://a.example")
        );
        assert_eq!(
            origin_of("http://localhost:3000"),
            Some("http://localhost:3000")
        );
        assert_eq!(origin_of("http://h?q=//x"), Some("http://h"));
        assert_eq!(origin_of("/relative"), None);
    }
}
