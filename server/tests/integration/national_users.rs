//! Admin's list of Network Ops and Admin users (docs/RULES.md §2.1): viewed,
//! searched and downloaded like every list; nobody else sees it.
use crate::both;
use crate::support::TestDb;
use axum::http::StatusCode;

both!(
    admin_lists_searches_and_downloads_national_users,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("admin").await;
        let all = app
            .post(
                "/api/records/list",
                &[("kind", "NationalUser"), ("query", "")],
                Some(&admin),
            )
            .await;
        assert_eq!(all.status, StatusCode::OK, "{}", all.body);
        for email in [
            "admin@demo.caseboard.test",
            "network-ops@demo.caseboard.test",
        ] {
            assert!(all.body.contains(email), "{email} listed: {}", all.body);
        }
        assert!(
            !all.body.contains("ec@demo.caseboard.test"),
            "only national accounts: {}",
            all.body
        );

        let ops = app
            .post(
                "/api/records/list",
                &[("kind", "NationalUser"), ("query", "f_role=Network+Ops")],
                Some(&admin),
            )
            .await;
        assert_eq!(ops.status, StatusCode::OK, "{}", ops.body);
        assert!(ops.body.contains("network-ops@demo.caseboard.test"));
        assert!(
            !ops.body.contains("admin@demo.caseboard.test"),
            "{}",
            ops.body
        );

        let csv = app
            .get(
                "/api/records/national-users/download?format=csv",
                Some(&admin),
            )
            .await;
        assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
        assert!(csv.body.contains("network-ops@demo.caseboard.test"));

        let page = app.get("/areas/national-users", Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("network-ops@demo.caseboard.test"));
    }
);

both!(only_admin_sees_national_users, |t: TestDb| async move {
    let app = t.app();
    for login in ["network-ops", "cec-staff", "partner", "ec", "sc"] {
        let cookie = app.sign_in(login).await;
        let r = app
            .post(
                "/api/records/list",
                &[("kind", "NationalUser"), ("query", "")],
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{login}: {}", r.body);
        assert!(r.body.contains("Network Ops and Admin users"), "{}", r.body);
    }
});
