//! A form posted without JavaScript is redirected back to its page (the
//! server function plumbing does that, with the error in the URL). These
//! helpers choose where: back to the form with what was typed kept, so
//! nothing is lost on an error, or on to the new record after success.
use super::request::parts;
use crate::error::AppError;
use crate::url_query::encode_value;
use axum::http::{header, HeaderValue};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use server_fn::error::ServerFnUrlError;

/// Whether the request is a plain HTML form post (no JavaScript).
pub fn is_plain_form_post() -> bool {
    parts().is_some_and(|p| {
        p.headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

fn set_location(url: &str) {
    if let (Some(options), Ok(value)) =
        (use_context::<ResponseOptions>(), HeaderValue::from_str(url))
    {
        options.insert_header(header::LOCATION, value);
    }
}

/// After a plain form post succeeded: go to `path` instead of back.
pub fn go_to(path: &str) {
    if is_plain_form_post() {
        set_location(path);
    }
}

/// After a plain form post failed: back to the page it came from with the
/// fields typed (`values`) in its query string and the error where the
/// page's action reads it (`server_fn_path` is the function's PATH).
pub fn back_with_input(err: &AppError, server_fn_path: &str, values: &[(&str, &str)]) {
    if !is_plain_form_post() {
        return;
    }
    let Some(referer) = parts().and_then(|p| {
        p.headers
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }) else {
        return;
    };
    let page = referer.split(['?', '#']).next().unwrap_or_default();
    // Empty values too: a field the person emptied must come back empty,
    // not refilled from the record (RULES §5.1).
    let query = values
        .iter()
        .map(|(k, v)| format!("{k}={}", encode_value(v)))
        .collect::<Vec<_>>()
        .join("&");
    let base = if query.is_empty() {
        page.to_string()
    } else {
        format!("{page}?{query}")
    };
    if let Ok(url) = ServerFnUrlError::new(server_fn_path, err.clone()).to_url(&base) {
        set_location(url.as_str());
    }
}
