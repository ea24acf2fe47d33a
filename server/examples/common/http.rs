//! The benchmarks' in-process HTTP: a form POST through the real router,
//! signing in as a demo login, and percentiles of measured durations.
use axum::body::Body;
use axum::http::{header, HeaderMap, Request};
use http_body_util::BodyExt;
use std::time::Duration;
use tower::ServiceExt;

/// The demo password the benchmarks seed with.
pub const PASSWORD: &str = "benchmark password";

/// (status, headers, body length) of a form POST.
pub async fn post(
    router: &axum::Router,
    path: &str,
    body: String,
    cookie: Option<&str>,
) -> (u16, HeaderMap, usize) {
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "localhost");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = router
        .clone()
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let n = res.into_body().collect().await.unwrap().to_bytes().len();
    (status, headers, n)
}

/// Signs in as `<login>@demo.caseboard.test`; the session's cookie.
pub async fn sign_in(router: &axum::Router, login: &str) -> String {
    let (status, headers, _) = post(
        router,
        "/api/session/sign-in",
        format!("email={login}%40demo.caseboard.test&password=benchmark+password"),
        None,
    )
    .await;
    assert!(status < 400, "sign-in as {login}: {status}");
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("caseboard_session="))
        .map(|c| c.split(';').next().unwrap().to_string())
        .expect("session cookie")
}

/// The `p` quantile (0–1) of sorted durations, in milliseconds.
pub fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}
