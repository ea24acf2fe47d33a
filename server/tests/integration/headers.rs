//! Caching, HSTS and the checks on what reaches a server function (issue 14,
//! item 6).
use crate::both;
use crate::support::{TestApp, TestDb};
use app::ssr::config::AuthConfig;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};

fn h(r: &crate::support::Reply, name: &str) -> String {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

async fn post_raw(
    app: &TestApp,
    path: &str,
    content_type: &str,
    body: &str,
    cookie: &str,
) -> crate::support::Reply {
    let req = Request::post(path)
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, content_type)
        .header(header::COOKIE, cookie)
        .body(Body::from(body.to_string()))
        .unwrap();
    app.send(req).await
}

both!(
    signed_in_pages_and_json_are_not_stored,
    |t: TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("admin").await;
        let page = app.get("/areas/eas", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(h(&page, "cache-control"), "no-store");
        let json = app.post("/api/session/me", &[], Some(&cookie)).await;
        assert_eq!(h(&json, "cache-control"), "no-store");
        let list = app
            .post(
                "/api/records/list",
                &[("kind", "Ea"), ("query", "")],
                Some(&cookie),
            )
            .await;
        assert_eq!(h(&list, "cache-control"), "no-store");
        assert!(
            h(&page, "strict-transport-security").is_empty(),
            "no HSTS over plain HTTP"
        );
    }
);

both!(
    pages_for_someone_not_signed_in_are_revalidated_by_etag,
    |t: TestDb| async move {
        let app = t.app();
        let first = app.get("/login", None).await;
        assert_eq!(first.status, StatusCode::OK);
        assert_eq!(h(&first, "cache-control"), "no-cache");
        let tag = h(&first, "etag");
        assert!(tag.starts_with('"') && tag.len() > 2, "{:?}", first.headers);
        let again = app.get("/login", None).await;
        assert_eq!(
            h(&again, "etag"),
            tag,
            "a fresh nonce does not change the tag"
        );
        assert_ne!(
            h(&again, "content-security-policy"),
            h(&first, "content-security-policy"),
            "each page still gets its own nonce"
        );

        let req = |inm: &str| {
            Request::get("/login")
                .header(header::HOST, "localhost")
                .header(header::ACCEPT, "text/html")
                .header(header::IF_NONE_MATCH, inm)
                .body(Body::empty())
                .unwrap()
        };
        let unchanged = app.send(req(&tag)).await;
        assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED);
        assert!(unchanged.body.is_empty());
        assert!(
            h(&unchanged, "content-security-policy").is_empty(),
            "the stored page keeps the CSP naming its own nonce"
        );
        let changed = app.send(req("\"something-else\"")).await;
        assert_eq!(changed.status, StatusCode::OK);
        assert!(changed.body.contains("<html"));

        let cookie = app.sign_in("admin").await;
        let signed_in = app.get("/", Some(&cookie)).await;
        assert_eq!(h(&signed_in, "cache-control"), "no-store");
        assert!(
            h(&signed_in, "etag").is_empty(),
            "no tag on a signed-in page"
        );
    }
);

both!(hsts_when_the_public_url_is_https, |t: TestDb| async move {
    let app = t.app_with(AuthConfig {
        public_origin: Some("https://caseboard.example.org".into()),
        secure_cookies: true,
        ..Default::default()
    });
    for r in [
        app.get("/login", None).await,
        app.get("/healthz", None).await,
    ] {
        assert!(
            h(&r, "strict-transport-security").starts_with("max-age="),
            "{:?}",
            r.headers
        );
    }
});

both!(
    a_cross_site_referer_without_origin_is_refused,
    |t: TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("admin").await;
        let r = app
            .post_with(
                "/api/session/sign-out",
                &[],
                Some(&cookie),
                &[("referer", "https://evil.example/phish")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        assert!(r.body.contains("another site"), "{}", r.body);
        assert_eq!(
            app.me(&cookie).await["network"]["role"],
            "Admin",
            "still signed in"
        );
        let same = app
            .post_with(
                "/api/session/me",
                &[],
                Some(&cookie),
                &[("referer", "http://localhost/areas/eas")],
            )
            .await;
        assert_eq!(same.status, StatusCode::OK, "{}", same.body);
    }
);

both!(
    server_functions_take_only_form_bodies,
    |t: TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("admin").await;
        for ct in ["application/json", "text/plain", "application/xml"] {
            let r = post_raw(&app, "/api/records/list", ct, "kind=Ea&query=", &cookie).await;
            assert_eq!(
                r.status,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{ct}: {}",
                r.body
            );
            assert!(r.body.contains("form"), "{}", r.body);
        }
        let req = Request::post("/api/session/me")
            .header(header::HOST, "localhost")
            .header(header::COOKIE, &cookie)
            .body(Body::from("x"))
            .unwrap();
        assert_eq!(
            app.send(req).await.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "no type at all"
        );
        let form = post_raw(
            &app,
            "/api/records/list",
            "application/x-www-form-urlencoded; charset=utf-8",
            "kind=Ea&query=",
            &cookie,
        )
        .await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        let multipart = post_raw(
            &app,
            "/api/session/me",
            "multipart/form-data; boundary=x",
            "--x--\r\n",
            &cookie,
        )
        .await;
        assert_ne!(
            multipart.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "multipart passes the check"
        );
        assert!(multipart.status.as_u16() < 500, "{}", multipart.body);
    }
);

both!(
    a_form_post_without_javascript_returns_only_to_this_site,
    |t: TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("admin").await;
        let back = |referer: &'static str, origin: Option<&'static str>| {
            let cookie = cookie.clone();
            let app = &app;
            async move {
                let mut req = Request::post("/api/session/me")
                    .header(header::HOST, "localhost")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ACCEPT, "text/html")
                    .header(header::COOKIE, cookie)
                    .header(header::REFERER, referer);
                if let Some(o) = origin {
                    req = req.header(header::ORIGIN, o);
                }
                app.send(req.body(Body::empty()).unwrap()).await
            }
        };
        let ours = back("http://localhost/areas/eas?q=a", None).await;
        assert_eq!(ours.status, StatusCode::FOUND);
        assert_eq!(h(&ours, "location"), "http://localhost/areas/eas?q=a");
        // Without Origin a foreign Referer is refused outright...
        let refused = back("https://evil.example/phish", None).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(h(&refused, "location").is_empty());
        // ...and with our Origin it is never followed.
        let stripped = back("https://evil.example/phish", Some("http://localhost")).await;
        assert!(
            !h(&stripped, "location").contains("evil"),
            "{:?}",
            stripped.headers
        );
        assert!(stripped.status.as_u16() < 400, "{}", stripped.status);
    }
);
