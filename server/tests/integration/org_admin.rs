//! Org writes: the assessment workflow, stale edits, field-by-field audit,
//! the org tree's rules, users admin and System Settings taking effect.
use crate::both;
use crate::org_support::*;
use crate::support::{email, TestDb, PASSWORD};
use axum::http::StatusCode;

both!(
    a_stale_assessment_edit_is_refused_and_changes_nothing,
    |t: TestDb| async move {
        let app = t.app();
        let bu = app.sign_in("unit-manager").await;
        let jon = app.sign_in("general-user").await;
        let id = assessment(&t, "Jon Shaw", "2026-Q2").await;
        let before = detail(&app, &bu, id).await;
        // Both open the same version; the manager saves first.
        let r = post_owned(
            &app,
            "/api/org/assessments/edit",
            &edit_form(&before, &[("rating_3", "4")]),
            &bu,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = post_owned(
            &app,
            "/api/org/assessments/edit",
            &edit_form(&before, &[("comments", "mine")]),
            &jon,
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(r.json()["Conflict"]
            .as_str()
            .unwrap()
            .contains("changed by someone else"));
        let after = detail(&app, &bu, id).await;
        assert_eq!(after.ratings[2], Some(4));
        assert_eq!(
            after.comments, before.comments,
            "the stale edit saved nothing"
        );
        assert_eq!(after.version, before.version + 1);
    }
);

both!(
    assessment_edits_are_audited_field_by_field,
    |t: TestDb| async move {
        let app = t.app();
        let bu = app.sign_in("unit-manager").await;
        let id = assessment(&t, "Jon Shaw", "2026-Q2").await;
        let d = detail(&app, &bu, id).await;
        let kate = staff(&t, "Kate Lowe").await.to_string();
        let form = edit_form(
            &d,
            &[
                ("rating_3", "2"),
                ("comments", "Good progress"),
                ("reporting_officer_staff_id", &kate),
            ],
        );
        let r = post_owned(&app, "/api/org/assessments/edit", &form, &bu).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let rows = audit_rows(&t, "assessment", id).await;
        let fields: Vec<(&str, Option<&str>, Option<&str>)> = rows
            .iter()
            .filter(|r| r.0 == "edit")
            .map(|r| (r.1.as_deref().unwrap(), r.2.as_deref(), r.3.as_deref()))
            .collect();
        assert_eq!(fields.len(), 3, "only the changed fields: {fields:?}");
        assert!(fields.contains(&("rating_3", None, Some("2"))));
        assert!(fields.contains(&("comments", Some(""), Some("Good progress"))));
        assert!(fields
            .iter()
            .any(|f| f.0 == "reporting_officer" && f.2.unwrap().starts_with("Kate Lowe")));
        // The detail page's history shows them.
        let d = detail(&app, &bu, id).await;
        assert!(d
            .history
            .iter()
            .any(|h| h.field.as_deref() == Some("rating_3") && h.actor == "Isla Reid"));
    }
);

both!(
    submit_then_endorse_follows_the_workflow,
    |t: TestDb| async move {
        let app = t.app();
        let jon = app.sign_in("general-user").await;
        let bu = app.sign_in("unit-manager").await;
        let id = assessment(&t, "Jon Shaw", "2026-Q2").await;
        let ids = id.to_string();
        let d = detail(&app, &jon, id).await;
        let v = |d: &app::api::org::types::AssessmentDetail| d.version.to_string();
        // Incomplete ratings cannot be submitted.
        let r = app
            .post(
                "/api/org/assessments/submit",
                &[("id", &ids), ("version", &v(&d))],
                Some(&jon),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(r.json()["Invalid"]["field"], "ratings");
        let form = edit_form(
            &d,
            &[("rating_3", "3"), ("rating_4", "4"), ("rating_5", "3")],
        );
        assert_eq!(
            post_owned(&app, "/api/org/assessments/edit", &form, &jon)
                .await
                .status,
            StatusCode::OK
        );
        let d = detail(&app, &jon, id).await;
        let r = app
            .post(
                "/api/org/assessments/submit",
                &[("id", &ids), ("version", &v(&d))],
                Some(&jon),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let d = detail(&app, &jon, id).await;
        assert_eq!(d.status, app::api::org::types::Status::Submitted);
        // Nobody endorses their own assessment.
        let r = app
            .post(
                "/api/org/assessments/endorse",
                &[("id", &ids), ("version", &v(&d))],
                Some(&jon),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
        // A submitted assessment can no longer be edited.
        let r = post_owned(
            &app,
            "/api/org/assessments/edit",
            &edit_form(&d, &[("comments", "late")]),
            &jon,
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        // The unit's manager endorses it.
        let r = app
            .post(
                "/api/org/assessments/endorse",
                &[("id", &ids), ("version", &v(&d))],
                Some(&bu),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let statuses: Vec<_> = audit_rows(&t, "assessment", id)
            .await
            .into_iter()
            .filter(|r| r.1.as_deref() == Some("status"))
            .map(|r| r.3.unwrap())
            .collect();
        assert_eq!(statuses, vec!["submitted", "endorsed"]);
        // Endorsing again is refused.
        let d = detail(&app, &bu, id).await;
        let r = app
            .post(
                "/api/org/assessments/endorse",
                &[("id", &ids), ("version", &v(&d))],
                Some(&bu),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    }
);

both!(
    bad_assessment_input_names_the_field,
    |t: TestDb| async move {
        let app = t.app();
        let bu = app.sign_in("unit-manager").await;
        let id = assessment(&t, "Jon Shaw", "2026-Q2").await;
        let d = detail(&app, &bu, id).await;
        let jon = staff(&t, "Jon Shaw").await.to_string();
        for (field, value) in [
            ("rating_2", "7"),
            ("period", "next year"),
            ("reporting_officer_staff_id", jon.as_str()),
            ("reporting_officer_staff_id", "abc"),
        ] {
            let r = post_owned(
                &app,
                "/api/org/assessments/edit",
                &edit_form(&d, &[(field, value)]),
                &bu,
            )
            .await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{field}={value}: {}",
                r.body
            );
            assert_eq!(r.json()["Invalid"]["field"], field);
        }
        // A second assessment for the same person and period is a conflict.
        let kate = staff(&t, "Kate Lowe").await.to_string();
        let r = app
            .post(
                "/api/org/assessments/create",
                &[
                    ("assessee_staff_id", &jon),
                    ("reporting_officer_staff_id", &kate),
                    ("period", "2026-Q2"),
                ],
                Some(&bu),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    }
);

both!(
    closing_a_unit_with_staff_is_refused,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("org-admin").await;
        let support = unit(&t, "Projects Support").await;
        let v = version_of(&t, "org_units", support).await.to_string();
        let r = app
            .post(
                "/api/org/units/close",
                &[("id", &support.to_string()), ("version", &v)],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(
            r.json()["Conflict"]
                .as_str()
                .unwrap()
                .contains("1 active staff member"),
            "{}",
            r.body
        );
        // A Directorate with open Business Units is refused too.
        let planning = unit(&t, "Planning").await;
        let pv = version_of(&t, "org_units", planning).await.to_string();
        let r = app
            .post(
                "/api/org/units/close",
                &[("id", &planning.to_string()), ("version", &pv)],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        // Move Liam Ford out; then it closes, and stays in the tree as closed.
        let liam = staff(&t, "Liam Ford").await;
        let delivery = unit(&t, "Projects Delivery").await.to_string();
        let lv = version_of(&t, "staff", liam).await.to_string();
        let r = app
            .post(
                "/api/org/staff/move",
                &[
                    ("id", &liam.to_string()),
                    ("version", &lv),
                    ("unit_id", &delivery),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = app
            .post(
                "/api/org/units/close",
                &[("id", &support.to_string()), ("version", &v)],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let tree: app::api::org::types::OrgTree =
            typed(&app.post("/api/org/units/tree", &[], Some(&admin)).await);
        assert!(tree.units.iter().any(|u| u.id == support && u.closed));
        assert_eq!(
            audit_rows(&t, "org_unit", support)
                .await
                .last()
                .unwrap()
                .3
                .as_deref(),
            Some("closed")
        );
    }
);

both!(
    moving_a_unit_rewrites_paths_below_it_and_visibility_follows,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("org-admin").await;
        let support = unit(&t, "Projects Support").await;
        let planning = unit(&t, "Planning").await;
        // A team below Projects Support moves with it.
        let r = app
            .post(
                "/api/org/units/create",
                &[
                    ("parent_id", &support.to_string()),
                    ("name", "Support Desk"),
                    ("level", "team"),
                ],
                Some(&admin),
            )
            .await;
        let team: i64 = typed(&r);
        let v = version_of(&t, "org_units", support).await.to_string();
        let r = app
            .post(
                "/api/org/units/move",
                &[
                    ("id", &support.to_string()),
                    ("version", &v),
                    ("parent_id", &planning.to_string()),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let path = |id: i64| {
            format!("SELECT CASE WHEN path = '/1/{planning}/{support}/' OR path = '/1/{planning}/{support}/{team}/' THEN {id} ELSE 0 END FROM org_units WHERE id = {id}")
        };
        assert_eq!(int(&t, &path(support)).await, support);
        assert_eq!(int(&t, &path(team)).await, team);
        // Liam Ford (Projects Support) now belongs to Planning, not to Projects.
        let dm = app.sign_in("directorate-manager").await;
        let liam = assessment(&t, "Liam Ford", "2026-Q2").await;
        assert_eq!(view(&app, &dm, liam).await.status, StatusCode::NOT_FOUND);
        // A unit cannot move below itself.
        let v = version_of(&t, "org_units", support).await.to_string();
        let r = app
            .post(
                "/api/org/units/move",
                &[
                    ("id", &support.to_string()),
                    ("version", &v),
                    ("parent_id", &team.to_string()),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    }
);

both!(
    settings_changes_are_audited_and_take_effect,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("org-admin").await;
        let s: app::api::org::types::SecuritySettingsView =
            typed(&app.post("/api/org/settings/view", &[], Some(&admin)).await);
        assert_eq!(
            (s.lockout_threshold, s.password_min_len, s.version),
            (5, 12, 0),
            "environment defaults"
        );
        let save = |version: String, lockout: &'static str| {
            vec![
                ("version".to_string(), version),
                ("idle_timeout_minutes".to_string(), "30".to_string()),
                ("absolute_timeout_hours".to_string(), "8".to_string()),
                ("lockout_threshold".to_string(), lockout.to_string()),
                ("password_min_len".to_string(), "16".to_string()),
            ]
        };
        // Out of range: refused, naming the field.
        let r = post_owned(
            &app,
            "/api/org/settings/save",
            &save("0".into(), "1"),
            &admin,
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["Invalid"]["field"], "lockout_threshold");
        let r = post_owned(
            &app,
            "/api/org/settings/save",
            &save("0".into(), "3"),
            &admin,
        )
        .await;
        let saved: app::api::org::types::SecuritySettingsView = typed(&r);
        assert_eq!((saved.lockout_threshold, saved.password_min_len), (3, 16));
        // The old form is now stale.
        assert_eq!(
            post_owned(
                &app,
                "/api/org/settings/save",
                &save("0".into(), "4"),
                &admin
            )
            .await
            .status,
            StatusCode::CONFLICT
        );
        let audit = audit_rows(&t, "system_settings", 0).await;
        assert!(
            audit.contains(&(
                "edit".into(),
                Some("lockout_threshold".into()),
                Some("5".into()),
                Some("3".into())
            )),
            "{audit:?}"
        );
        assert!(audit.contains(&(
            "edit".into(),
            Some("password_min_len".into()),
            Some("12".into()),
            Some("16".into())
        )));
        // Three failures now lock an account (the environment said five).
        for _ in 0..3 {
            assert_eq!(
                app.try_sign_in("general-user", "wrong").await.status,
                StatusCode::UNAUTHORIZED
            );
        }
        let locked = int(
            &t,
            &format!(
                "SELECT COALESCE(locked_until, 0) FROM users WHERE email = '{}'",
                email("general-user")
            ),
        )
        .await;
        assert!(
            locked > app::ssr::clock::now(),
            "locked after three failures"
        );
        assert_eq!(
            app.try_sign_in("general-user", PASSWORD).await.status,
            StatusCode::UNAUTHORIZED
        );
        // And new passwords must meet the new minimum length.
        let r = app
            .post(
                "/api/org/users/create",
                &[
                    ("email", "new@example.org"),
                    ("first_name", "N"),
                    ("last_name", "U"),
                    ("password", "fifteen chars!!"),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(r.json()["Invalid"]["field"], "password");
    }
);

both!(
    deactivating_a_user_ends_their_sessions,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("org-admin").await;
        let jon = app.sign_in("general-user").await;
        let id = int(
            &t,
            &format!(
                "SELECT id FROM users WHERE email = '{}'",
                email("general-user")
            ),
        )
        .await;
        let v = version_of(&t, "users", id).await.to_string();
        let r = app
            .post(
                "/api/org/users/deactivate",
                &[("id", &id.to_string()), ("version", &v)],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(app.me(&jon).await.is_null(), "the live session ended");
        assert_eq!(
            app.try_sign_in("general-user", PASSWORD).await.status,
            StatusCode::UNAUTHORIZED
        );
        // Nobody deactivates themselves.
        let me = int(
            &t,
            &format!(
                "SELECT id FROM users WHERE email = '{}'",
                email("org-admin")
            ),
        )
        .await;
        let mv = version_of(&t, "users", me).await.to_string();
        let r = app
            .post(
                "/api/org/users/deactivate",
                &[("id", &me.to_string()), ("version", &mv)],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        // A login holding network roles keeps its access on the network side
        // (docs/RULES.md §4): refused with the reason.
        let partner = int(
            &t,
            &format!("SELECT id FROM users WHERE email = '{}'", email("partner")),
        )
        .await;
        let r = app
            .post(
                "/api/org/users/deactivate",
                &[("id", &partner.to_string()), ("version", "1")],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(r.body.contains("network roles"), "{}", r.body);
    }
);

both!(
    org_roles_and_managed_units_are_set_together,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("org-admin").await;
        let id = int(
            &t,
            &format!(
                "SELECT id FROM users WHERE email = '{}'",
                email("general-user")
            ),
        )
        .await;
        let ids = id.to_string();
        let v = version_of(&t, "users", id).await.to_string();
        let r = app
            .post(
                "/api/org/users/set-role",
                &[("id", &ids), ("version", &v), ("org_role", "unit-manager")],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["Invalid"]["field"], "managed_unit_id");
        let support = unit(&t, "Projects Support").await.to_string();
        let r = app
            .post(
                "/api/org/users/set-role",
                &[
                    ("id", &ids),
                    ("version", &v),
                    ("org_role", "unit-manager"),
                    ("managed_unit_id", &support),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        // Jon Shaw now manages Projects Support: Liam Ford's assessments, and still his own.
        let jon = app.sign_in("general-user").await;
        let seen = names(&list(&app, &jon, &[]).await);
        assert_eq!(
            seen,
            vec![
                "Jon Shaw 2026-Q1",
                "Jon Shaw 2026-Q2",
                "Liam Ford 2026-Q1",
                "Liam Ford 2026-Q2"
            ]
        );
        let audit = audit_rows(&t, "user", id).await;
        assert!(audit
            .iter()
            .any(|r| r.1.as_deref() == Some("org_role")
                && r.3.as_deref() == Some("Org. Unit Manager")));
    }
);

both!(
    a_stale_unit_rename_names_the_unit_and_the_version_and_changes_nothing,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("org-admin").await;
        let planning = unit(&t, "Planning").await;
        let v = version_of(&t, "org_units", planning).await;
        let rename = |name: &'static str, version: i64| {
            let app = &app;
            let admin = &admin;
            async move {
                app.post(
                    "/api/org/units/rename",
                    &[
                        ("id", &planning.to_string()),
                        ("version", &version.to_string()),
                        ("name", name),
                    ],
                    Some(admin),
                )
                .await
            }
        };
        let r = rename("Planning and Strategy", v).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = rename("Strategy", v).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        let message = r.json()["Conflict"].as_str().unwrap().to_string();
        assert!(
            message.contains("This unit was changed by someone else"),
            "{message}"
        );
        assert!(message.contains(&format!("version {v}")), "{message}");
        let name = sqlx::query_scalar::<_, String>("SELECT name FROM org_units WHERE id = $1")
            .bind(planning)
            .fetch_one(&t.db.read)
            .await
            .unwrap();
        assert_eq!(
            name, "Planning and Strategy",
            "the stale rename saved nothing"
        );
    }
);

both!(
    a_second_assessment_for_a_period_breaks_the_named_constraint,
    |t: TestDb| async move {
        use app::error::AppError;
        use app::ssr::org::assessment_writes::insert;
        // Past the server's own check (as in a race), the database's
        // (assessee, period) key refuses the row, and it is recognised.
        let jon = staff(&t, "Jon Shaw").await;
        let kate = staff(&t, "Kate Lowe").await;
        let by = int(&t, "SELECT MIN(id) FROM users").await;
        let mut tx = t.db.begin_write().await.unwrap();
        insert(&mut tx, jon, kate, "2031-Q1", by).await.unwrap();
        let e = insert(&mut tx, jon, kate, "2031-Q1", by)
            .await
            .expect_err("a second assessment for the same period");
        let c = app::ssr::errors::broken_constraint(&e).expect("a known constraint");
        assert_eq!(c.postgres_name, "assessments_assessee_staff_id_period_key");
        assert!(
            matches!(AppError::from(e), AppError::Invalid { ref field, .. } if field == "period")
        );
    }
);
