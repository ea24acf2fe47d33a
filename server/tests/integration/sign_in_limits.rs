//! Sign-in rate limits (issue 14, item 2): per client address and per
//! account, answered 429 with `Retry-After`; an account lock holds only
//! against the addresses that caused it.
use crate::both;
use crate::support::{email, Reply, TestApp, TestDb, PASSWORD};
use app::ssr::config::AuthConfig;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use std::net::SocketAddr;

/// A sign-in as the server sees it from a client at `ip`.
async fn sign_in_from(app: &TestApp, ip: &str, login: &str, password: &str) -> Reply {
    sign_in_with(app, ip, login, password, None).await
}

async fn sign_in_with(
    app: &TestApp,
    ip: &str,
    login: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> Reply {
    let body = format!(
        "email={}&password={}",
        email(login).replace('@', "%40"),
        password.replace(' ', "+")
    );
    let mut req = Request::post("/api/session/sign-in")
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(f) = forwarded_for {
        req = req.header("x-forwarded-for", f);
    }
    let mut req = req.body(Body::from(body)).unwrap();
    let peer: SocketAddr = format!("{ip}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(peer));
    app.send(req).await
}

fn retry_after(r: &Reply) -> u64 {
    r.headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("429 without Retry-After: {:?}", r.headers))
}

both!(
    an_address_making_too_many_attempts_gets_429,
    |t: TestDb| async move {
        let app = t.app_with(AuthConfig {
            sign_in_per_minute: 3,
            ..Default::default()
        });
        for _ in 0..3 {
            let r = sign_in_from(&app, "192.0.2.1", "nobody@example.org", "wrong guess").await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
        }
        let r = sign_in_from(&app, "192.0.2.1", "admin", PASSWORD).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
        assert!(r.session_cookie().is_none());
        let wait = retry_after(&r);
        assert!((1..=60).contains(&wait), "Retry-After {wait}");
        assert!(
            r.json()["TooManyRequests"]["retry_after_secs"].is_u64(),
            "{}",
            r.body
        );
        // Another address is not held back.
        let other = sign_in_from(&app, "192.0.2.2", "admin", PASSWORD).await;
        assert!(
            other.session_cookie().is_some(),
            "{} {}",
            other.status,
            other.body
        );
    }
);

both!(
    failures_on_one_account_from_many_addresses_are_throttled,
    |t: TestDb| async move {
        let app = t.app_with(AuthConfig {
            sign_in_failures_per_account_per_minute: 2,
            lockout_threshold: 100,
            ..Default::default()
        });
        for ip in ["198.51.100.1", "198.51.100.2"] {
            let r = sign_in_from(&app, ip, "partner", "wrong guess").await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
        }
        // The third failure goes over the account's limit...
        let r = sign_in_from(&app, "198.51.100.3", "partner", "wrong guess").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
        // ...so the addresses that failed wait a few seconds, never an hour...
        for ip in ["198.51.100.1", "198.51.100.3"] {
            let r = sign_in_from(&app, ip, "partner", PASSWORD).await;
            assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{ip}: {}", r.body);
            assert!((1..=60).contains(&retry_after(&r)));
            assert!(r.session_cookie().is_none());
        }
        // ...while the owner, at an address that never failed, signs in.
        let owner = sign_in_from(&app, "198.51.100.9", "partner", PASSWORD).await;
        assert!(
            owner.session_cookie().is_some(),
            "{} {}",
            owner.status,
            owner.body
        );
        // An email nobody has is throttled the same way: a 429 tells nothing.
        for ip in ["198.51.100.5", "198.51.100.6", "198.51.100.7"] {
            sign_in_from(&app, ip, "ghost@example.org", "guess").await;
        }
        let r = sign_in_from(&app, "198.51.100.5", "ghost@example.org", "guess").await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    }
);

both!(
    a_lock_holds_only_against_the_address_that_caused_it,
    |t: TestDb| async move {
        let app = t.app();
        for _ in 0..5 {
            let r = sign_in_from(&app, "203.0.113.66", "partner", "wrong guess").await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        }
        let locked: i64 = sqlx::Row::get(
            &sqlx::query("SELECT COALESCE(locked_until, 0) FROM users WHERE email = $1")
                .bind(email("partner"))
                .fetch_one(&t.db.read)
                .await
                .unwrap(),
            0,
        );
        assert!(
            locked > app::ssr::clock::now(),
            "five failures lock the account"
        );
        let attacker = sign_in_from(&app, "203.0.113.66", "partner", PASSWORD).await;
        assert_eq!(
            attacker.status,
            StatusCode::UNAUTHORIZED,
            "locked for the guesser"
        );
        assert!(attacker.session_cookie().is_none());
        let owner = sign_in_from(&app, "203.0.113.7", "partner", PASSWORD).await;
        assert!(
            owner.session_cookie().is_some(),
            "{} {}",
            owner.status,
            owner.body
        );
    }
);

both!(
    behind_a_trusted_proxy_the_forwarded_address_counts,
    |t: TestDb| async move {
        let app = t.app_with(AuthConfig {
            sign_in_per_minute: 1,
            trust_forwarded_for: true,
            ..Default::default()
        });
        // Every request comes from the proxy; the clients differ.
        let first = sign_in_with(&app, "10.0.0.1", "admin", PASSWORD, Some("192.0.2.50")).await;
        assert!(
            first.session_cookie().is_some(),
            "{} {}",
            first.status,
            first.body
        );
        let again = sign_in_with(&app, "10.0.0.1", "admin", PASSWORD, Some("192.0.2.50")).await;
        assert_eq!(again.status, StatusCode::TOO_MANY_REQUESTS);
        // A client cannot choose its key: only the proxy's (last) entry counts.
        let spoofed = sign_in_with(
            &app,
            "10.0.0.1",
            "admin",
            PASSWORD,
            Some("1.2.3.4, 192.0.2.50"),
        )
        .await;
        assert_eq!(spoofed.status, StatusCode::TOO_MANY_REQUESTS);
        let other = sign_in_with(&app, "10.0.0.1", "admin", PASSWORD, Some("192.0.2.51")).await;
        assert!(
            other.session_cookie().is_some(),
            "{} {}",
            other.status,
            other.body
        );
    }
);
