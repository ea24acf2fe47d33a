//! Cross-site refusal, security headers and cookie attributes.
use crate::both;
use crate::support::TestDb;
use axum::http::StatusCode;

both!(
    cross_site_posts_are_refused_and_change_nothing,
    |t: TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("admin").await;
        for header in [
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-site", "same-site"),
            ("origin", "https://evil.example"),
        ] {
            let r = app
                .post_with("/api/session/sign-out", &[], Some(&cookie), &[header])
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{header:?}");
            assert!(r.body.contains("another site"), "says why: {}", r.body);
            assert_eq!(
                app.me(&cookie).await["network"]["role"],
                "Admin",
                "{header:?} must not sign out"
            );
        }
    }
);

both!(same_origin_browser_posts_pass, |t: TestDb| async move {
    let app = t.app();
    let cookie = app.sign_in("admin").await;
    let same = app
        .post_with(
            "/api/session/me",
            &[],
            Some(&cookie),
            &[("sec-fetch-site", "same-origin")],
        )
        .await;
    assert_eq!(same.status, StatusCode::OK);
    let origin = app
        .post_with(
            "/api/session/me",
            &[],
            Some(&cookie),
            &[("origin", "http://localhost")],
        )
        .await;
    assert_eq!(origin.status, StatusCode::OK);
});

both!(
    every_response_carries_security_headers,
    |t: TestDb| async move {
        let app = t.app();
        for r in [
            app.get("/login", None).await,
            app.post("/api/session/me", &[], None).await,
            app.get("/healthz", None).await,
        ] {
            let h = |n: &str| {
                r.headers
                    .get(n)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string()
            };
            assert!(h("content-security-policy").contains("frame-ancestors 'none'"));
            assert_eq!(h("x-content-type-options"), "nosniff");
            assert_eq!(h("referrer-policy"), "same-origin");
            assert!(!h("x-request-id").is_empty());
        }
        let page = app.get("/login", None).await;
        let csp = page
            .headers
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap();
        assert!(
            csp.contains("'nonce-"),
            "pages allow only their own inline scripts: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"));
    }
);

both!(
    session_cookie_is_httponly_and_samesite_lax,
    |t: TestDb| async move {
        let r = t.app().try_sign_in("admin", crate::support::PASSWORD).await;
        let c = r.headers.get("set-cookie").unwrap().to_str().unwrap();
        assert!(
            c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Path=/"),
            "{c}"
        );
        let secure = app::ssr::config::AuthConfig {
            secure_cookies: true,
            ..Default::default()
        };
        let r = t
            .app_with(secure)
            .try_sign_in("admin", crate::support::PASSWORD)
            .await;
        let c = r.headers.get("set-cookie").unwrap().to_str().unwrap();
        assert!(
            c.starts_with("__Host-caseboard_session=") && c.contains("; Secure"),
            "{c}"
        );
    }
);
