//! The org pages as a browser without JavaScript sees them: server-rendered,
//! filters from the URL, refusals as 403 pages that say why.
use crate::both;
use crate::org_support::*;
use crate::support::TestDb;
use axum::http::StatusCode;

both!(
    org_pages_render_on_the_server_for_each_role,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("org-admin").await;
        for (path, needle) in [
            ("/areas/assessments", "Dana Morgan"),
            ("/areas/org-dashboard", "the whole organisation"),
            ("/areas/org-reports", "Download these"),
            ("/areas/org-users", "general-user@demo.caseboard.test"),
            ("/areas/org-units", "Projects Delivery"),
            ("/areas/system-settings", "Minimum password length"),
            ("/areas/assessments/new", "Grace Evans"),
        ] {
            let r = app.get(path, Some(&admin)).await;
            if let Ok(dir) = std::env::var("ORG_PAGES_DUMP") {
                let _ = std::fs::write(format!("{dir}/{}.html", path.replace('/', "_")), &r.body);
            }
            assert_eq!(r.status, StatusCode::OK, "{path}");
            assert!(
                r.body.contains(needle),
                "{path} lacks {needle:?}: {}",
                r.body
            );
        }
        // The unit manager: their unit only, and no admin areas in the menu.
        let bu = app.sign_in("unit-manager").await;
        let page = app
            .get(
                "/areas/assessments?period=2026-Q2&sort=status&dir=desc",
                Some(&bu),
            )
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("3 assessments"), "{}", page.body);
        assert!(
            !page.body.contains(">Dana Morgan</a>"),
            "the Director is not listed"
        );
        assert!(!page.body.contains("href=\"/areas/org-users\""));
        let dash = app.get("/areas/org-dashboard", Some(&bu)).await;
        assert!(
            dash.body
                .contains("Projects Delivery and the units below it"),
            "{}",
            dash.body
        );
        assert!(dash.body.contains("<svg"), "charts are inline SVG");
        for admin_only in [
            "/areas/org-users",
            "/areas/org-units",
            "/areas/system-settings",
        ] {
            let r = app.get(admin_only, Some(&bu)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{admin_only}");
            assert!(
                r.body.contains("Org. Unit Manager users cannot"),
                "{admin_only}: {}",
                r.body
            );
        }
        // An assessment page shows the steps the viewer may take, and explains the rest.
        let kate = assessment(&t, "Kate Lowe", "2026-Q2").await;
        let r = app
            .get(&format!("/areas/assessments/{kate}"), Some(&bu))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains(">Endorse<"), "{}", r.body);
        assert!(
            r.body.contains("already submitted"),
            "editing is explained: {}",
            r.body
        );
        let r = app
            .get(&format!("/areas/assessments/{kate}"), Some(&admin))
            .await;
        assert!(
            !r.body.contains(">Endorse<") && r.body.contains("own"),
            "{}",
            r.body
        );
        let dana = assessment(&t, "Dana Morgan", "2026-Q2").await;
        let r = app
            .get(&format!("/areas/assessments/{dana}"), Some(&bu))
            .await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "hidden answers like missing"
        );
        assert!(r.body.contains("there is no assessment"), "{}", r.body);
        assert_eq!(
            app.get("/areas/assessments/999999", Some(&bu)).await.status,
            StatusCode::NOT_FOUND
        );
        let user = int(
            &t,
            "SELECT id FROM users WHERE email = 'general-user@demo.caseboard.test'",
        )
        .await;
        let r = app
            .get(&format!("/areas/org-users/{user}"), Some(&admin))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("Deactivate"), "{}", r.body);
    }
);
