//! Status codes and pages as scripts and browsers see them.
use crate::both;
use crate::support::TestDb;
use axum::http::StatusCode;

both!(health_check_reports_the_database, |t: TestDb| async move {
    let r = t.app().get("/healthz", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["status"], "ok");
});

both!(
    functions_that_need_a_user_answer_401,
    |t: TestDb| async move {
        let r = t
            .app()
            .post("/api/session/switch-role", &[("grant_id", "1")], None)
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.json(), serde_json::json!("Unauthorized"));
    }
);

both!(me_without_a_session_is_null, |t: TestDb| async move {
    let r = t.app().post("/api/session/me", &[], None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.json().is_null());
});

both!(
    a_refused_page_answers_403_and_says_why,
    |t: TestDb| async move {
        let app = t.app();
        let ec = app.sign_in("ec").await;
        let r = app.get("/areas/sub-contractors", Some(&ec)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(
            r.body
                .contains("Enterprise Co-ordinator users cannot view Sub-contractor records."),
            "{}",
            r.body
        );
        let allowed = app.get("/areas/support-requests", Some(&ec)).await;
        assert_eq!(allowed.status, StatusCode::OK);
        assert!(
            allowed.body.contains("Raise a support request"),
            "{}",
            allowed.body
        );
    }
);

both!(pages_need_sign_in, |t: TestDb| async move {
    let r = t.app().get("/permissions", None).await;
    assert!(
        r.status.is_redirection(),
        "{} {:?} {}",
        r.status,
        r.headers,
        r.body
    );
    assert_eq!(r.headers.get("location").unwrap(), "/login");
});

both!(
    the_permissions_page_is_rendered_from_decide,
    |t: TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("general-user").await;
        let r = app.get("/permissions", Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::OK);
        // Admin row on Sub-contractors: V E D A, national, and no S.
        assert!(r.body.contains("V E D A (national)"), "{}", r.body);
        assert!(r.body.contains("V S (all); E A (own)"));
    }
);

both!(
    navigation_shows_only_permitted_areas,
    |t: TestDb| async move {
        let app = t.app();
        let ops = app.sign_in("network-ops").await;
        let page = app.get("/", Some(&ops)).await.body;
        assert!(page.contains("href=\"/areas/institutions\""));
        assert!(
            !page.contains("href=\"/areas/eas\""),
            "Network Ops has no access to EAs"
        );
        assert!(!page.contains("href=\"/areas/compass-reports\""));
        assert!(
            !page.contains("href=\"/areas/assessments\""),
            "no org role, no org areas"
        );
    }
);
