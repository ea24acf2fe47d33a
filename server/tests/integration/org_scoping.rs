//! docs/RULES.md §4 scoping rules, one named test each, over HTTP against the demo
//! org (Example Organisation > Projects, Planning > Business Units). The demo
//! has 15 assessments in 2026-Q1 and 2026-Q2; see server/src/seed/assessments.rs.
use crate::both;
use crate::org_support::*;
use crate::support::{TestDb, PASSWORD};
use axum::http::StatusCode;

fn v(items: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = items.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

both!(
    directorate_manager_sees_its_business_units,
    |t: TestDb| async move {
        let app = t.app();
        let c = app.sign_in("directorate-manager").await;
        let q2 = list(&app, &c, &[("period", "2026-Q2")]).await;
        assert_eq!(
            names(&q2),
            v(&[
                "Dana Morgan 2026-Q2",
                "Hamza Ali 2026-Q2",
                "Isla Reid 2026-Q2",
                "Jon Shaw 2026-Q2",
                "Kate Lowe 2026-Q2",
                "Liam Ford 2026-Q2"
            ]),
            "both Business Units of Projects (Delivery and Support), the Directorate itself and its Director"
        );
        let support = assessment(&t, "Liam Ford", "2026-Q2").await;
        assert_eq!(view(&app, &c, support).await.status, StatusCode::OK);
        for planning in [
            ("Maya Singh", "2026-Q2"),
            ("Noah Bell", "2026-Q2"),
            ("Owen Price", "2026-Q2"),
        ] {
            let id = assessment(&t, planning.0, planning.1).await;
            assert_eq!(
                view(&app, &c, id).await.status,
                StatusCode::NOT_FOUND,
                "{planning:?}"
            );
        }
        // Filtering by one Business Unit narrows to it.
        let delivery = unit(&t, "Projects Delivery").await.to_string();
        let only = list(&app, &c, &[("period", "2026-Q2"), ("unit", &delivery)]).await;
        assert_eq!(
            names(&only),
            v(&[
                "Dana Morgan 2026-Q2",
                "Isla Reid 2026-Q2",
                "Jon Shaw 2026-Q2",
                "Kate Lowe 2026-Q2"
            ])
        );
    }
);

both!(
    directorate_manager_sees_its_director,
    |t: TestDb| async move {
        let app = t.app();
        // Dana Morgan heads the Projects Directorate and sits in Projects Delivery.
        let director = assessment(&t, "Dana Morgan", "2026-Q2").await;
        let dm = app.sign_in("directorate-manager").await;
        let r = view(&app, &dm, director).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let all = names(&list(&app, &dm, &[("q", "Dana")]).await);
        assert_eq!(all, v(&["Dana Morgan 2026-Q1", "Dana Morgan 2026-Q2"]));
        // The Directorate's manager may endorse the Director's submitted assessment.
        let version = version_of(&t, "assessments", director).await.to_string();
        let r = app
            .post(
                "/api/org/assessments/endorse",
                &[("id", &director.to_string()), ("version", &version)],
                Some(&dm),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        // The manager of another Directorate still does not see her.
        let planning = unit(&t, "Planning").await;
        t.exec(&format!(
        "UPDATE users SET org_role = 'unit-manager', managed_unit_id = {planning} WHERE email = 'general-user@demo.caseboard.test'"
    ))
    .await;
        let pm = app.sign_in("general-user").await;
        assert_eq!(
            view(&app, &pm, director).await.status,
            StatusCode::NOT_FOUND
        );
    }
);

both!(
    business_unit_manager_still_cannot_see_the_director,
    |t: TestDb| async move {
        let app = t.app();
        let director = assessment(&t, "Dana Morgan", "2026-Q2").await;
        // Dana Morgan sits in Projects Delivery but heads the Projects Directorate.
        let bu = app.sign_in("unit-manager").await;
        let all = list(&app, &bu, &[]).await;
        assert!(
            !names(&all).iter().any(|n| n.starts_with("Dana Morgan")),
            "{:?}",
            names(&all)
        );
        assert_eq!(
            names(&all),
            v(&[
                "Isla Reid 2026-Q2",
                "Jon Shaw 2026-Q1",
                "Jon Shaw 2026-Q2",
                "Kate Lowe 2026-Q1",
                "Kate Lowe 2026-Q2"
            ])
        );
        let hidden = view(&app, &bu, director).await;
        let missing = view(&app, &bu, 999_999).await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert!(hidden.json()["NotFound"].is_string() && missing.json()["NotFound"].is_string());
        // Searching for her by name finds nothing either.
        assert_eq!(list(&app, &bu, &[("q", "Dana")]).await.total, 0);
        // Visible to the manager of the Directorate she heads…
        let dm = app.sign_in("directorate-manager").await;
        assert_eq!(view(&app, &dm, director).await.status, StatusCode::OK);
        // …and to Administrators.
        let admin = app.sign_in("org-admin").await;
        assert_eq!(view(&app, &admin, director).await.status, StatusCode::OK);
        // And to a manager of a unit strictly above the Directorate.
        let root = unit(&t, "Example Organisation").await;
        t.exec(&format!(
        "UPDATE users SET org_role = 'unit-manager', managed_unit_id = {root} WHERE email = 'general-user@demo.caseboard.test'"
    ))
    .await;
        let top = app.sign_in("general-user").await;
        assert_eq!(view(&app, &top, director).await.status, StatusCode::OK);
    }
);

both!(
    reporting_officers_unit_grants_nothing,
    |t: TestDb| async move {
        let app = t.app();
        // A manager of Planning, made through the users admin.
        let admin = app.sign_in("org-admin").await;
        let planning = unit(&t, "Planning").await.to_string();
        let r = app
            .post(
                "/api/org/users/create",
                &[
                    ("email", "planning-manager@demo.caseboard.test"),
                    ("first_name", "Pat"),
                    ("last_name", "Planner"),
                    ("password", PASSWORD),
                    ("org_role", "unit-manager"),
                    ("managed_unit_id", &planning),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let pm = app.sign_in("planning-manager").await;
        // Jon Shaw (Projects Delivery) has a reporting officer in Planning Policy: hidden.
        let jon = assessment(&t, "Jon Shaw", "2026-Q2").await;
        assert_eq!(view(&app, &pm, jon).await.status, StatusCode::NOT_FOUND);
        let seen = names(&list(&app, &pm, &[]).await);
        assert_eq!(
        seen,
        v(&["Maya Singh 2026-Q1", "Maya Singh 2026-Q2", "Noah Bell 2026-Q2", "Owen Price 2026-Q2"]),
        "Planning's own staff and its Director (Owen Price); Jon Shaw and Dana Morgan are hidden"
    );
        // The reverse: Noah Bell (Planning Applications) has Jon Shaw (Projects Delivery) as reporting officer.
        let noah = assessment(&t, "Noah Bell", "2026-Q2").await;
        let bu = app.sign_in("unit-manager").await;
        assert_eq!(view(&app, &bu, noah).await.status, StatusCode::NOT_FOUND);
        // Being the reporting officer grants the officer nothing either.
        let jon_login = app.sign_in("general-user").await;
        assert_eq!(
            view(&app, &jon_login, noah).await.status,
            StatusCode::NOT_FOUND
        );
        // Nor may the Projects manager edit it.
        let d = detail(&app, &admin, noah).await;
        let r = post_owned(
            &app,
            "/api/org/assessments/edit",
            &edit_form(&d, &[("comments", "x")]),
            &bu,
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
);

both!(
    admin_views_all_but_cannot_edit_anothers_assessment,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("org-admin").await;
        assert_eq!(list(&app, &admin, &[]).await.total, 15);
        let jon = assessment(&t, "Jon Shaw", "2026-Q2").await;
        let d = detail(&app, &admin, jon).await;
        let r = post_owned(
            &app,
            "/api/org/assessments/edit",
            &edit_form(&d, &[("rating_3", "4")]),
            &admin,
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        assert!(
            r.json()["Forbidden"].as_str().unwrap().contains("own"),
            "{}",
            r.body
        );
        let kate = assessment(&t, "Kate Lowe", "2026-Q2").await;
        let kv = version_of(&t, "assessments", kate).await.to_string();
        let r = app
            .post(
                "/api/org/assessments/endorse",
                &[("id", &kate.to_string()), ("version", &kv)],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        assert_eq!(
            detail(&app, &admin, jon).await.version,
            d.version,
            "nothing changed"
        );
        // Their own assessment (Grace Evans, 2026-Q2) they may edit.
        let own = assessment(&t, "Grace Evans", "2026-Q2").await;
        let d = detail(&app, &admin, own).await;
        let form = edit_form(
            &d,
            &[
                ("rating_1", "4"),
                ("rating_2", "4"),
                ("rating_3", "3"),
                ("rating_4", "5"),
                ("rating_5", "4"),
            ],
        );
        let r = post_owned(&app, "/api/org/assessments/edit", &form, &admin).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        // An Administrator creates only their own assessment.
        let grace = staff(&t, "Grace Evans").await.to_string();
        let other = staff(&t, "Kate Lowe").await.to_string();
        let officer = staff(&t, "Owen Price").await.to_string();
        for (who, want) in [(&grace, StatusCode::OK), (&other, StatusCode::FORBIDDEN)] {
            let r = app
                .post(
                    "/api/org/assessments/create",
                    &[
                        ("assessee_staff_id", who),
                        ("reporting_officer_staff_id", &officer),
                        ("period", "2026-Q3"),
                    ],
                    Some(&admin),
                )
                .await;
            assert_eq!(r.status, want, "{}", r.body);
        }
    }
);

both!(general_user_sees_only_own, |t: TestDb| async move {
    let app = t.app();
    let jon = app.sign_in("general-user").await;
    let mine = list(&app, &jon, &[]).await;
    assert_eq!(names(&mine), v(&["Jon Shaw 2026-Q1", "Jon Shaw 2026-Q2"]));
    let kate = assessment(&t, "Kate Lowe", "2026-Q2").await;
    assert_eq!(view(&app, &jon, kate).await.status, StatusCode::NOT_FOUND);
    for area in [
        "/api/org/dashboard",
        "/api/org/reports",
        "/api/org/units/tree",
        "/api/org/users/list",
        "/api/org/settings/view",
    ] {
        let r = app.post(area, &[], Some(&jon)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{area}: {}", r.body);
        assert!(
            r.json()["Forbidden"]
                .as_str()
                .unwrap()
                .contains("General User"),
            "{area}: {}",
            r.body
        );
    }
    let r = report_csv(&app, &jon, "").await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "{:?} {}",
        r.headers,
        r.body
    );
    // Their own draft they may edit.
    let own = assessment(&t, "Jon Shaw", "2026-Q2").await;
    let d = detail(&app, &jon, own).await;
    let r = post_owned(
        &app,
        "/api/org/assessments/edit",
        &edit_form(&d, &[("comments", "My notes")]),
        &jon,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Pages answer the same way.
    assert_eq!(
        app.get("/areas/org-dashboard", Some(&jon)).await.status,
        StatusCode::FORBIDDEN
    );
    let page = app.get("/areas/assessments", Some(&jon)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(">Jon Shaw</a>") && !page.body.contains(">Kate Lowe</a>"),
        "{}",
        page.body
    );
});

both!(
    dashboard_and_reports_never_count_another_units_data,
    |t: TestDb| async move {
        let app = t.app();
        let totals = |d: &app::api::org::figures::Dashboard| d.totals().total();
        let units = |d: &app::api::org::figures::Dashboard| {
            d.by_unit
                .iter()
                .map(|u| u.unit_name.clone())
                .collect::<Vec<_>>()
        };
        let bu = app.sign_in("unit-manager").await;
        let d = dashboard_of(&app, &bu, None).await;
        assert_eq!(units(&d), vec!["Projects Delivery"]);
        assert_eq!(
            totals(&d),
            5,
            "Jon Shaw and Kate Lowe twice, Isla Reid once; never the Director: {d:?}"
        );
        let dm = app.sign_in("directorate-manager").await;
        let d = dashboard_of(&app, &dm, Some("2026-Q2")).await;
        assert_eq!(
            units(&d),
            vec!["Projects", "Projects Delivery", "Projects Support"]
        );
        assert_eq!(
            totals(&d),
            6,
            "the five of its units and its Director: {d:?}"
        );
        assert_eq!(d.totals().endorsed, 2, "Isla Reid and Liam Ford");
        // Averages over exactly those six: Hamza Ali's is unrated.
        let a1 = d.averages[0].clone();
        assert_eq!(a1.rated, 5);
        assert!(
            (a1.average.unwrap() - (3.0 + 3.0 + 4.0 + 3.0 + 5.0) / 5.0).abs() < 1e-9,
            "{a1:?}"
        );
        let admin = app.sign_in("org-admin").await;
        assert_eq!(totals(&dashboard_of(&app, &admin, None).await), 15);
        // Reports: a unit outside the manager's scope yields nothing.
        let policy = unit(&t, "Planning Policy").await;
        let r = report_of(&app, &bu, Some(policy), None).await;
        assert_eq!((r.total, r.rows.len()), (0, 0));
        let r = report_of(&app, &dm, None, None).await;
        assert_eq!(r.total, 10, "eight of its units and the Director's two");
        assert!(
            r.rows
                .iter()
                .all(|row| row.assessee.unit_name.starts_with("Projects")),
            "{r:?}"
        );
        let csv = report_csv(&app, &dm, "").await;
        assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
        assert!(csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        let lines: Vec<&str> = csv.body.lines().collect();
        assert_eq!(lines.len(), 11, "header and 10 rows: {:?}", csv.body);
        let assessees: Vec<&str> = lines[1..]
            .iter()
            .map(|l| l.split(',').nth(1).unwrap())
            .collect();
        assert!(
            !assessees.contains(&"Maya Singh") && assessees.contains(&"Dana Morgan"),
            "{assessees:?}"
        );
        let q2 = report_csv(&app, &bu, "?period=2026-Q2").await;
        assert_eq!(
            q2.body.lines().count(),
            1 + 3,
            "Jon Shaw, Kate Lowe, Isla Reid: {}",
            q2.body
        );
    }
);
