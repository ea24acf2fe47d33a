//! Revalidation of pages shown to someone not signed in (docs/RULES.md §8):
//! `Cache-Control: no-cache` with an `ETag`, and `304 Not Modified` when the
//! browser's copy is still the page the server would send.
//!
//! Signed-in pages stay `no-store` (see `headers::caching_and_transport`):
//! they hold personal data that must not remain in a shared computer's
//! browser cache after sign-out.
//!
//! Every page carries a fresh CSP nonce, so the tag is taken over the page
//! with its nonce blanked out. A 304 carries no CSP: the browser keeps the
//! stored page together with the stored CSP that names that page's own nonce.
use axum::body::{to_bytes, Body};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// What the request says that revalidation needs, read before it is handled.
pub struct Revalidation {
    if_none_match: Option<HeaderValue>,
}

impl Revalidation {
    /// `Some` for a GET or HEAD that carries no session cookie.
    pub fn of(method: &Method, headers: &HeaderMap, cookie_name: &str) -> Option<Self> {
        if !matches!(*method, Method::GET | Method::HEAD) || has_cookie(headers, cookie_name) {
            return None;
        }
        Some(Self {
            if_none_match: headers.get(header::IF_NONE_MATCH).cloned(),
        })
    }

    /// Tags a successful HTML page; answers 304 when the browser's tag matches.
    pub async fn apply(self, res: Response) -> Response {
        let is_html = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        let h = res.headers();
        if res.status() != StatusCode::OK
            || !is_html
            || h.contains_key(header::SET_COOKIE)
            || h.contains_key(header::CACHE_CONTROL)
        {
            return res;
        }
        let (mut parts, body) = res.into_parts();
        let Ok(bytes) = to_bytes(body, 16 << 20).await else {
            return (StatusCode::INTERNAL_SERVER_ERROR, "page too large").into_response();
        };
        let tag = etag_of(&bytes);
        let h = &mut parts.headers;
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        h.append(header::VARY, HeaderValue::from_static("Cookie"));
        if let Ok(v) = HeaderValue::from_str(&tag) {
            h.insert(header::ETAG, v);
        }
        if self
            .if_none_match
            .as_ref()
            .is_some_and(|v| matches_tag(v, &tag))
        {
            parts.status = StatusCode::NOT_MODIFIED;
            parts.headers.remove(header::CONTENT_SECURITY_POLICY);
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.headers.remove(header::CONTENT_TYPE);
            return Response::from_parts(parts, Body::empty());
        }
        Response::from_parts(parts, Body::from(bytes))
    }
}

fn has_cookie(headers: &HeaderMap, name: &str) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| c.trim().split_once('=').is_some_and(|(k, _)| k == name))
}

/// A strong tag over the page with its nonce (the first `nonce="…"` value,
/// which Leptos repeats in other attributes too) blanked wherever it occurs.
fn etag_of(html: &[u8]) -> String {
    let nonce = crate::middleware::nonce_of(html).map(str::as_bytes);
    let mut hash = Sha256::new();
    let mut rest = html;
    if let Some(nonce) = nonce {
        while let Some(at) = rest.windows(nonce.len()).position(|w| w == nonce) {
            hash.update(&rest[..at]);
            rest = &rest[at + nonce.len()..];
        }
    }
    hash.update(rest);
    let hex: String = hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("\"{hex}\"")
}

/// `If-None-Match`: `*` or a list of tags, weak ones compared weakly.
fn matches_tag(header: &HeaderValue, tag: &str) -> bool {
    let Ok(v) = header.to_str() else {
        return false;
    };
    v.split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_ignores_the_nonce_and_nothing_else() {
        let a = etag_of(br#"<link crossorigin="abc"><script nonce="abc">x</script><p>Sign in</p>"#);
        let b =
            etag_of(br#"<link crossorigin="zzzz"><script nonce="zzzz">x</script><p>Sign in</p>"#);
        let c =
            etag_of(br#"<link crossorigin="abc"><script nonce="abc">x</script><p>Sign out</p>"#);
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn if_none_match_lists_and_weak_tags() {
        let tag = "\"0123\"";
        assert!(matches_tag(
            &HeaderValue::from_static("\"x\", \"0123\""),
            tag
        ));
        assert!(matches_tag(&HeaderValue::from_static("W/\"0123\""), tag));
        assert!(matches_tag(&HeaderValue::from_static("*"), tag));
        assert!(!matches_tag(&HeaderValue::from_static("\"0124\""), tag));
    }

    #[test]
    fn a_session_cookie_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; caseboard_session=xyz"),
        );
        assert!(has_cookie(&h, "caseboard_session"));
        assert!(!has_cookie(&h, "__Host-caseboard_session"));
    }
}
