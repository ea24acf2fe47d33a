//! What adding a record gave, for a form posted without JavaScript: the
//! server function cannot answer the page itself, so it hands the outcome
//! (the record's number, a one-time invitation link, a notice) to the add
//! page it redirects to in a short-lived cookie, read once and cleared
//! (docs/RULES.md §5.3). The link never goes into a URL, so it stays out of
//! the browser's history and the server's logs.
use crate::auth::permissions::RecordKind;
use crate::error::AppError;
use crate::records::view::Created;
use leptos::prelude::*;

/// The cookie's name; its path is the kind's add page.
pub const COOKIE: &str = "caseboard_added";

/// The cookie's value: `id.link.notice`, each part form-encoded.
pub fn encode(c: &Created) -> String {
    use crate::url_query::encode_value;
    format!(
        "{}.{}.{}",
        c.id,
        encode_value(c.invitation_link.as_deref().unwrap_or_default()),
        encode_value(c.notice.as_deref().unwrap_or_default())
    )
}

/// The outcome a cookie value holds, if it is well formed.
pub fn decode(value: &str) -> Option<Created> {
    use crate::url_query::decode_value;
    let mut parts = value.splitn(3, '.');
    let id = parts.next()?.parse::<i64>().ok()?;
    let (link, notice) = (decode_value(parts.next()?), decode_value(parts.next()?));
    let some = |s: String| (!s.is_empty()).then_some(s);
    Some(Created {
        id,
        // Only a link of this server's own form is ever shown.
        invitation_link: some(link).filter(|l| {
            l.strip_prefix("/invite/").is_some_and(|t| {
                !t.is_empty()
                    && t.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            })
        }),
        notice: some(notice),
    })
}

/// The signed-in person who just added record `id` of `kind` without
/// JavaScript: what adding it gave, read once from the cookie and cleared.
/// None when there is no such cookie (another browser, a reload).
#[server(prefix = "/api", endpoint = "records/added")]
pub async fn take_added(kind: RecordKind, id: i64) -> Result<Option<Created>, AppError> {
    use crate::ssr::request::{parts, require_user, state};
    require_user()?;
    let st = state();
    let found = parts()
        .and_then(|p| {
            p.headers
                .get(axum::http::header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        })
        .and_then(|header| {
            header
                .split(';')
                .filter_map(|kv| kv.trim().split_once('='))
                .find(|(k, _)| *k == COOKIE)
                .and_then(|(_, v)| decode(v))
        })
        .filter(|c| c.id == id);
    if found.is_some() {
        crate::ssr::sessions::set_cookie(&cookie(&st.auth, kind, "", 0))?;
    }
    Ok(found)
}

/// The `Set-Cookie` value carrying `value` to the add page of `kind` for
/// `max_age` seconds (0: clear it).
#[cfg(feature = "ssr")]
pub fn cookie(
    cfg: &crate::ssr::config::AuthConfig,
    kind: RecordKind,
    value: &str,
    max_age: u32,
) -> String {
    let secure = if cfg.secure_cookies { "; Secure" } else { "" };
    format!(
        "{COOKIE}={value}; Path=/areas/{}/new; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}",
        kind.slug()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outcome_survives_the_cookie() {
        let c = Created {
            id: 42,
            invitation_link: Some("/invite/abc_DEF-1".into()),
            notice: Some("a@b.org already has a Caseboard login; they gain the role EC.".into()),
        };
        let value = encode(&c);
        assert!(!value.contains([' ', ';', ',', '"']), "{value}");
        assert_eq!(decode(&value), Some(c));
        let bare = Created {
            id: 7,
            invitation_link: None,
            notice: None,
        };
        assert_eq!(decode(&encode(&bare)), Some(bare));
        assert_eq!(
            decode("7./elsewhere."),
            Some(Created {
                id: 7,
                invitation_link: None,
                notice: None
            })
        );
        assert_eq!(decode("x.."), None);
    }
}
