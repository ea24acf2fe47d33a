//! Sign-in: success, one generic failure message, lockout, expiry, deactivation.
use crate::both;
use crate::support::{email, PASSWORD};
use axum::http::StatusCode;

async fn scalar(t: &crate::support::TestDb, sql: &str) -> Option<i64> {
    use sqlx::Row;
    sqlx::query(sql)
        .fetch_one(&t.db.read)
        .await
        .expect(sql)
        .get::<Option<i64>, _>(0)
}

both!(
    sign_in_opens_a_session_for_the_starting_grant,
    |t: crate::support::TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("admin").await;
        let me = app.me(&cookie).await;
        assert_eq!(me["network"]["role"], "Admin");
        assert_eq!(me["display_name"], "Ben Khan");
    }
);

both!(
    failures_get_one_generic_message,
    |t: crate::support::TestDb| async move {
        let app = t.app();
        let wrong = app.try_sign_in("admin", "not the password").await;
        let unknown = app.try_sign_in("nobody@example.org", PASSWORD).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            wrong.body, unknown.body,
            "unknown and wrong must be indistinguishable"
        );
        assert!(wrong.session_cookie().is_none());
    }
);

both!(
    repeated_failures_lock_the_account_with_growing_delays,
    |t: crate::support::TestDb| async move {
        let app = t.app();
        for _ in 0..5 {
            assert_eq!(
                app.try_sign_in("partner", "wrong").await.status,
                StatusCode::UNAUTHORIZED
            );
        }
        let first_lock = scalar(
            &t,
            &format!(
                "SELECT locked_until - {} FROM users WHERE email = '{}'",
                now(),
                email("partner")
            ),
        )
        .await
        .expect("locked after five failures");
        assert!(
            (55..=61).contains(&first_lock),
            "first lock about a minute, got {first_lock}s"
        );
        // The right password is refused while locked, with the same message.
        let locked = app.try_sign_in("partner", PASSWORD).await;
        assert_eq!(locked.status, StatusCode::UNAUTHORIZED);
        assert!(locked.session_cookie().is_none());
        // Lock lapses; one more failure locks for twice as long.
        t.exec(&format!(
            "UPDATE users SET locked_until = 1 WHERE email = '{}'",
            email("partner")
        ))
        .await;
        app.try_sign_in("partner", "wrong").await;
        let second_lock = scalar(
            &t,
            &format!(
                "SELECT locked_until - {} FROM users WHERE email = '{}'",
                now(),
                email("partner")
            ),
        )
        .await
        .unwrap();
        assert!(
            (115..=121).contains(&second_lock),
            "second lock about two minutes, got {second_lock}s"
        );
        // After it lapses the right password works and the count resets.
        t.exec(&format!(
            "UPDATE users SET locked_until = 1 WHERE email = '{}'",
            email("partner")
        ))
        .await;
        app.sign_in("partner").await;
        let failures = scalar(
            &t,
            &format!(
                "SELECT failed_logins FROM users WHERE email = '{}'",
                email("partner")
            ),
        )
        .await;
        assert_eq!(failures, Some(0));
    }
);

both!(
    an_expired_account_cannot_sign_in_and_its_sessions_die,
    |t: crate::support::TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("cec-staff").await;
        t.exec(&format!(
            "UPDATE users SET access_expires_on = '2000-01-31' WHERE email = '{}'",
            email("cec-staff")
        ))
        .await;
        assert!(
            app.me(&cookie).await.is_null(),
            "live session of an expired account must end"
        );
        assert_eq!(
            app.try_sign_in("cec-staff", PASSWORD).await.status,
            StatusCode::UNAUTHORIZED
        );
        // An expiry date in the future still lets the user in.
        t.exec(&format!(
            "UPDATE users SET access_expires_on = '2999-12-31' WHERE email = '{}'",
            email("cec-staff")
        ))
        .await;
        app.sign_in("cec-staff").await;
    }
);

both!(
    a_deactivated_account_cannot_sign_in_and_its_sessions_die,
    |t: crate::support::TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("sc").await;
        t.exec(&format!(
            "UPDATE users SET active = 0 WHERE email = '{}'",
            email("sc")
        ))
        .await;
        assert!(app.me(&cookie).await.is_null());
        assert_eq!(
            app.try_sign_in("sc", PASSWORD).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
);

both!(
    sign_in_issues_a_new_session_id_and_ends_the_old_one,
    |t: crate::support::TestDb| async move {
        let app = t.app();
        let first = app.sign_in("ec").await;
        let r = app
            .post(
                "/api/session/sign-in",
                &[("email", &email("ec")), ("password", PASSWORD)],
                Some(&first),
            )
            .await;
        let second = r.session_cookie().expect("signed in again");
        assert_ne!(first, second);
        assert!(
            app.me(&first).await.is_null(),
            "the session from before sign-in is over"
        );
        assert_eq!(
            app.me(&second).await["network"]["role"],
            "EnterpriseCoordinator"
        );
    }
);

both!(
    empty_fields_are_refused_with_the_field_named,
    |t: crate::support::TestDb| async move {
        let r = t
            .app()
            .post(
                "/api/session/sign-in",
                &[("email", ""), ("password", "")],
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["Invalid"]["field"], "email");
    }
);

fn now() -> i64 {
    app::ssr::clock::now()
}
