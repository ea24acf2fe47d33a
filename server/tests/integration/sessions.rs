//! Sessions: sign-out, idle and absolute timeouts, role switching, and two
//! app instances sharing one database.
use crate::both;
use crate::support::TestDb;
use axum::http::StatusCode;

both!(
    sign_out_ends_the_session_on_the_server,
    |t: TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("partner").await;
        let r = app.post("/api/session/sign-out", &[], Some(&cookie)).await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{} {}",
            r.status,
            r.body
        );
        // Replaying the old cookie gets nothing: the session is over server-side.
        assert!(app.me(&cookie).await.is_null());
    }
);

both!(an_idle_session_times_out, |t: TestDb| async move {
    let app = t.app();
    let cookie = app.sign_in("admin").await;
    t.exec("UPDATE sessions SET last_seen_at = last_seen_at - 1801")
        .await;
    assert!(app.me(&cookie).await.is_null());
});

both!(
    a_busy_session_still_ends_after_the_absolute_limit,
    |t: TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("admin").await;
        t.exec("UPDATE sessions SET created_at = created_at - 8 * 3600 - 1")
            .await;
        assert!(app.me(&cookie).await.is_null());
    }
);

both!(timeouts_are_configurable, |t: TestDb| async move {
    let cfg = app::ssr::config::AuthConfig {
        idle_timeout: std::time::Duration::from_secs(3600),
        ..Default::default()
    };
    let app = t.app_with(cfg);
    let cookie = app.sign_in("admin").await;
    t.exec("UPDATE sessions SET last_seen_at = last_seen_at - 1801")
        .await;
    assert_eq!(app.me(&cookie).await["network"]["role"], "Admin");
});

both!(
    stored_timeouts_apply_to_live_sessions,
    |t: TestDb| async move {
        // The environment's idle limit is 30 minutes; System Settings
        // stored in the database override it on the next request (RULES §8.3).
        let app = t.app();
        let cookie = app.sign_in("admin").await;
        t.exec(
            "INSERT INTO settings (key, value, version, updated_at) \
             VALUES ('security.idle_timeout_secs', '7200', 1, 0)",
        )
        .await;
        t.exec("UPDATE sessions SET last_seen_at = last_seen_at - 1801")
            .await;
        assert_eq!(
            app.me(&cookie).await["network"]["role"],
            "Admin",
            "a stored two hours outlasts the environment's half hour"
        );
        // A value that is not a number is ignored: the environment's limit holds.
        t.exec("UPDATE settings SET value = 'soon' WHERE key = 'security.idle_timeout_secs'")
            .await;
        t.exec("UPDATE sessions SET last_seen_at = last_seen_at - 1801")
            .await;
        assert!(app.me(&cookie).await.is_null(), "30 minutes again");
        let cookie = app.sign_in("admin").await;
        t.exec(
            "INSERT INTO settings (key, value, version, updated_at) \
             VALUES ('security.absolute_timeout_secs', '3600', 1, 0)",
        )
        .await;
        t.exec("UPDATE sessions SET created_at = created_at - 3601")
            .await;
        assert!(
            app.me(&cookie).await.is_null(),
            "a stored one hour ends a session the environment's eight would keep"
        );
    }
);

both!(
    a_user_with_two_grants_starts_in_the_narrower_and_switches,
    |t: TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("two-roles").await;
        let me = app.me(&cookie).await;
        assert_eq!(
            me["network"]["role"], "EnterpriseCoordinator",
            "starts with the fewest permissions"
        );
        let grants = me["grants"].as_array().unwrap();
        assert_eq!(grants.len(), 2);
        let partner = grants.iter().find(|g| g["role"] == "Partner").unwrap()["id"]
            .as_i64()
            .unwrap();
        let r = app
            .post(
                "/api/session/switch-role",
                &[("grant_id", &partner.to_string())],
                Some(&cookie),
            )
            .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{} {}",
            r.status,
            r.body
        );
        assert_eq!(app.me(&cookie).await["network"]["role"], "Partner");
    }
);

both!(
    switching_to_a_grant_the_account_lacks_is_refused,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("admin").await;
        let others_grant = app.me(&app.sign_in("partner").await).await["network"]["id"]
            .as_i64()
            .unwrap();
        let r = app
            .post(
                "/api/session/switch-role",
                &[("grant_id", &others_grant.to_string())],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            app.me(&admin).await["network"]["role"],
            "Admin",
            "nothing changed"
        );
    }
);

both!(two_app_instances_share_a_session, |t: TestDb| async move {
    let first = t.app();
    let second = t.second_instance().await;
    let cookie = first.sign_in("network-ops").await;
    assert_eq!(second.me(&cookie).await["network"]["role"], "NetworkOps");
    second
        .post("/api/session/sign-out", &[], Some(&cookie))
        .await;
    assert!(
        first.me(&cookie).await.is_null(),
        "sign-out on one instance ends it on the other"
    );
});
