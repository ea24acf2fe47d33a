//! Errors keep their shape whatever the input: long searches are cut before
//! they reach the database, a malformed argument is a JSON 400 that never
//! echoes a huge value back, and refusals carry their real status.
use crate::both;
use crate::support::*;
use axum::http::StatusCode;

both!(
    a_fifty_thousand_character_search_is_cut_not_a_500,
    |t: TestDb| async move {
        let app = t.app();
        let long = "ab%_".repeat(12_500);
        for login in ["org-admin", "general-user"] {
            let cookie = app.sign_in(login).await;
            let users = app
                .post("/api/org/users/list", &[("q", &long)], Some(&cookie))
                .await;
            assert!(
                users.status.is_success() || users.status == StatusCode::FORBIDDEN,
                "{login} users: {} {}",
                users.status,
                &users.body[..users.body.len().min(300)]
            );
            let assessments = app
                .post(
                    "/api/org/assessments/list",
                    &[("query[q]", &long)],
                    Some(&cookie),
                )
                .await;
            assert_eq!(
                assessments.status,
                StatusCode::OK,
                "{login} assessments: {}",
                &assessments.body[..assessments.body.len().min(300)]
            );
        }
        let admin = app.sign_in("admin").await;
        let query = format!("q={long}");
        let eas = app
            .post(
                "/api/records/list",
                &[("kind", "Ea"), ("query", &query)],
                Some(&admin),
            )
            .await;
        assert_eq!(eas.status, StatusCode::OK, "{}", &eas.body[..300]);
    }
);

both!(
    a_malformed_argument_is_a_short_json_400,
    |t: TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("admin").await;
        let huge = "A".repeat(1 << 20);
        let r = app
            .post(
                "/api/records/list",
                &[("kind", &huge), ("query", "")],
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", &r.body[..200]);
        let body = r.json();
        let message = body["Request"].as_str().expect("a Request error");
        assert!(
            message.chars().count() <= 101,
            "echoes {} characters",
            message.len()
        );
    }
);

both!(
    refusals_carry_their_status_and_reason,
    |t: TestDb| async move {
        let app = t.app();
        let anonymous = app
            .post("/api/records/list", &[("kind", "Ea"), ("query", "")], None)
            .await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        let ops = app.sign_in("network-ops").await;
        let refused = app
            .post(
                "/api/records/list",
                &[("kind", "Ea"), ("query", "")],
                Some(&ops),
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(
            refused.json()["Forbidden"]
                .as_str()
                .is_some_and(|m| m.contains("cannot")),
            "{}",
            refused.body
        );
    }
);
