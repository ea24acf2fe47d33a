//! Regression tests for the org Administrator's Users page and the paged
//! Organisation Reports (docs/RULES.md §4, §5).
use crate::both;
use crate::casework_rules::{int, text, user_id};
use crate::support::{email, TestDb};
use axum::http::StatusCode;

both!(
    the_org_administrator_manages_every_login,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("org-admin").await;
        let chloe = user_id(&t, "two-roles").await;
        // Listed, with the network grants shown.
        let r = app
            .post("/api/org/users/list", &[("query", "q=Walsh")], Some(&admin))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let rows = r.json()["rows"].as_array().cloned().unwrap_or_default();
        let row = rows
            .iter()
            .find(|u| u["id"].as_i64() == Some(chloe))
            .unwrap_or_else(|| panic!("two-roles login not listed: {}", r.body));
        let roles = row["network_roles"].as_array().unwrap();
        assert_eq!(roles.len(), 2, "{row}");
        assert!(
            roles
                .iter()
                .any(|r| r.as_str().unwrap().starts_with("Partner (")),
            "{row}"
        );
        let page = app.get("/areas/org-users?q=Walsh", Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Chloe Walsh"), "{}", page.body);
        // Their org role and unit are managed here; the network grants are untouched.
        let grants = format!(
            "SELECT COUNT(*) FROM role_grants WHERE user_id = {chloe} AND status = 'active'"
        );
        let before = int(&t, &grants).await;
        let version = format!("SELECT version FROM users WHERE id = {chloe}");
        let unit = int(&t, "SELECT MIN(id) FROM org_units WHERE status = 'active'").await;
        let v = int(&t, &version).await;
        let r = app
            .post(
                "/api/org/users/set-role",
                &[
                    ("id", &chloe.to_string()),
                    ("version", &v.to_string()),
                    ("org_role", "unit-manager"),
                    ("managed_unit_id", &unit.to_string()),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            text(
                &t,
                &format!("SELECT org_role FROM users WHERE id = {chloe}")
            )
            .await
            .as_deref(),
            Some("unit-manager")
        );
        assert_eq!(int(&t, &grants).await, before);
        let audited = format!(
            "SELECT COUNT(*) FROM audit_log WHERE record_kind = 'user' AND record_id = {chloe} AND action = 'set org role'"
        );
        assert!(int(&t, &audited).await >= 1);
        // A stale copy is refused.
        let r = app
            .post(
                "/api/org/users/set-role",
                &[
                    ("id", &chloe.to_string()),
                    ("version", &v.to_string()),
                    ("org_role", "general-user"),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        // Name, email and access stay with the network side: refused with the reason.
        let v = int(&t, &version).await.to_string();
        let r = app
            .post(
                "/api/org/users/edit",
                &[
                    ("id", &chloe.to_string()),
                    ("version", &v),
                    ("email", "chloe@example.org"),
                    ("first_name", "Chloe"),
                    ("last_name", "Walsh"),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(r.body.contains("network roles"), "{}", r.body);
        assert_eq!(
            text(&t, &format!("SELECT email FROM users WHERE id = {chloe}")).await,
            Some(email("two-roles"))
        );
        // The account page shows the roles read-only.
        let page = app
            .get(&format!("/areas/org-users/{chloe}"), Some(&admin))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Network roles"), "{}", page.body);
        assert!(!page.body.contains("Save details"), "{}", page.body);
    }
);

both!(organisation_reports_are_paged, |t: TestDb| async move {
    use app::api::org::figures::{Report, REPORT_PAGE_ROWS};
    let app = t.app();
    let admin = app.sign_in("org-admin").await;
    // More assessments than one page holds: one per staff member per extra period.
    let staff = int(&t, "SELECT COUNT(*) FROM staff").await;
    let periods = (REPORT_PAGE_ROWS as i64 * 2 + 1 + staff - 1) / staff;
    for p in 0..periods {
        t.exec(&format!(
                "INSERT INTO assessments (assessee_staff_id, reporting_officer_staff_id, period, status, created_at, updated_at) \
                 SELECT id, id, '2030-{:02}', 'draft', 0, 0 FROM staff",
                p + 1
            ))
            .await;
    }
    let fetch = |query: String| {
        let app = &app;
        let admin = &admin;
        async move {
            let r = app
                .post("/api/org/reports", &[("query", &query)], Some(admin))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            serde_json::from_str::<Report>(&r.body).unwrap()
        }
    };
    let first = fetch(String::new()).await;
    let total = first.total;
    assert!(total > 2 * REPORT_PAGE_ROWS as i64, "{total}");
    assert_eq!(first.rows.len(), REPORT_PAGE_ROWS);
    // Every row is on exactly one page, in the report's order.
    let pages = (total + REPORT_PAGE_ROWS as i64 - 1) / REPORT_PAGE_ROWS as i64;
    let mut seen = vec![];
    for page in 1..=pages {
        let r = fetch(format!("page={page}")).await;
        seen.extend(r.rows.iter().map(|row| row.id));
    }
    assert_eq!(seen.len() as i64, total);
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len() as i64, total, "no row on two pages");
    // The page is in the URL; the links keep the filters and the download has every row.
    let html = app
        .get("/areas/org-reports?period=2030-01&page=1", Some(&admin))
        .await;
    assert_eq!(html.status, StatusCode::OK);
    let html = app.get("/areas/org-reports?page=2", Some(&admin)).await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.body.contains("class=\"pagination\""), "{}", html.body);
    assert!(html.body.contains("aria-current=\"page\""), "{}", html.body);
    assert!(
        html.body.contains("href=\"/areas/org-reports?page=3\""),
        "{}",
        html.body
    );
    assert!(
        html.body.contains("href=\"/areas/org-reports\""),
        "page 1 link"
    );
    let csv = app
        .get("/api/org/reports/download?format=csv", Some(&admin))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(
        csv.body.lines().count() as i64,
        total + 1,
        "header and every row"
    );
});
