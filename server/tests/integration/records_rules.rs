//! The notable consequences of docs/RULES.md §2.1 as named tests, and the record rules:
//! the Partner-user cap, stale edits, field limits, close-never-delete,
//! invitations, validation and the audit trail.
use crate::both;
use crate::support::TestDb;
use axum::http::StatusCode;
use sqlx::Row as _;

async fn id_of(t: &TestDb, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&t.db.read)
        .await
        .expect(sql)
        .get::<i64, _>(0)
}

async fn text_of(t: &TestDb, sql: &str) -> Option<String> {
    sqlx::query(sql)
        .fetch_one(&t.db.read)
        .await
        .expect(sql)
        .get::<Option<String>, _>(0)
}

both!(admin_cannot_close_any_record, |t: TestDb| async move {
    let app = t.app();
    let admin = app.sign_in("admin").await;
    for (kind, table) in [
        ("Ea", "eas"),
        ("Ec", "ecs"),
        ("SubContractor", "subcontractors"),
        ("Employer", "employers"),
    ] {
        let id = id_of(&t, &format!("SELECT MIN(id) FROM {table}"))
            .await
            .to_string();
        let r = app
            .post(
                "/api/records/close",
                &[("kind", kind), ("id", &id), ("version", "1")],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{kind}: {}", r.body);
        assert!(r.body.contains("Admin users cannot close"), "{}", r.body);
    }
    assert_eq!(
        id_of(&t, "SELECT COUNT(*) FROM eas WHERE status = 'closed'").await,
        0
    );
});

both!(admin_cannot_search_subcontractors, |t: TestDb| async move {
    let app = t.app();
    let admin = app.sign_in("admin").await;
    let list = app
        .post(
            "/api/records/list",
            &[("kind", "SubContractor"), ("query", "")],
            Some(&admin),
        )
        .await;
    assert_eq!(list.status, StatusCode::OK, "Admin views Sub-contractors");
    let search = app
        .post(
            "/api/records/list",
            &[("kind", "SubContractor"), ("query", "q=Delivery")],
            Some(&admin),
        )
        .await;
    assert_eq!(search.status, StatusCode::FORBIDDEN);
    assert!(
        search
            .body
            .contains("cannot search and filter Sub-contractor records"),
        "{}",
        search.body
    );
});

both!(
    partner_and_sc_cannot_download_ec_records,
    |t: TestDb| async move {
        let app = t.app();
        for login in ["partner", "sc"] {
            let cookie = app.sign_in(login).await;
            let r = app
                .get("/api/records/ecs/download?format=csv", Some(&cookie))
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{login}");
            assert!(r.body.contains("cannot download EC records"), "{}", r.body);
            let eas = app
                .get("/api/records/eas/download?format=csv", Some(&cookie))
                .await;
            assert_eq!(eas.status, StatusCode::OK, "{login} downloads EAs");
        }
    }
);

both!(
    network_ops_has_no_access_to_eas_subcontractors_or_compass,
    |t: TestDb| async move {
        let app = t.app();
        let ops = app.sign_in("network-ops").await;
        for kind in ["Ea", "SubContractor", "CompassReport"] {
            let r = app
                .post(
                    "/api/records/list",
                    &[("kind", kind), ("query", "")],
                    Some(&ops),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{kind}");
            let get = app
                .post(
                    "/api/records/get",
                    &[("kind", kind), ("id", "1")],
                    Some(&ops),
                )
                .await;
            assert_eq!(get.status, StatusCode::FORBIDDEN, "{kind}");
        }
    }
);

both!(cec_staff_change_nothing, |t: TestDb| async move {
    let app = t.app();
    let cec = app.sign_in("cec-staff").await;
    let r = app
        .post(
            "/api/records/save",
            &[
                ("kind", "Employer"),
                ("id", "1"),
                ("version", "1"),
                ("values[name]", "Renamed"),
            ],
            Some(&cec),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        text_of(&t, "SELECT name FROM employers WHERE id = 1")
            .await
            .as_deref(),
        Some("Acme Engineering 1")
    );
    let add = app
        .post(
            "/api/records/add",
            &[("kind", "Employer"), ("values[name]", "New")],
            Some(&cec),
        )
        .await;
    assert_eq!(add.status, StatusCode::FORBIDDEN);
});

both!(
    records_outside_the_scope_answer_404_like_missing_ones,
    |t: TestDb| async move {
        let app = t.app();
        let ec = app.sign_in("ec").await;
        let other = id_of(&t, "SELECT MAX(id) FROM eas WHERE ec_id <> (SELECT ec_id FROM role_grants g JOIN users u ON u.id = g.user_id WHERE u.email = 'ec@demo.caseboard.test')").await;
        let outside = app
            .post(
                "/api/records/get",
                &[("kind", "Ea"), ("id", &other.to_string())],
                Some(&ec),
            )
            .await;
        let missing = app
            .post(
                "/api/records/get",
                &[("kind", "Ea"), ("id", "999999")],
                Some(&ec),
            )
            .await;
        assert_eq!(outside.status, StatusCode::NOT_FOUND);
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(
            outside.body.replace(&other.to_string(), "N"),
            missing.body.replace("999999", "N"),
            "indistinguishable"
        );
    }
);

both!(
    a_stale_edit_is_refused_and_loses_nothing,
    |t: TestDb| async move {
        let app = t.app();
        let ec = app.sign_in("ec").await;
        let first = app
            .post(
                "/api/records/save",
                &[
                    ("kind", "Ea"),
                    ("id", "1"),
                    ("version", "1"),
                    ("values[job_title]", "Head of Skills"),
                ],
                Some(&ec),
            )
            .await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.body);
        let second = app
            .post(
                "/api/records/save",
                &[
                    ("kind", "Ea"),
                    ("id", "1"),
                    ("version", "1"),
                    ("values[job_title]", "Trainee"),
                ],
                Some(&ec),
            )
            .await;
        assert_eq!(second.status, StatusCode::CONFLICT);
        assert!(
            second.body.contains("changed by someone else"),
            "{}",
            second.body
        );
        assert_eq!(
            text_of(&t, "SELECT job_title FROM eas WHERE id = 1")
                .await
                .as_deref(),
            Some("Head of Skills")
        );
        let audit = id_of(&t, "SELECT COUNT(*) FROM audit_log WHERE record_kind = 'eas' AND record_id = 1 AND field = 'job_title'").await;
        assert_eq!(audit, 1, "one audited change: the one that landed");
        let row = sqlx::query("SELECT old_value, new_value FROM audit_log WHERE record_kind = 'eas' AND record_id = 1")
        .fetch_one(&t.db.read)
        .await
        .unwrap();
        assert_eq!(
            row.get::<Option<String>, _>("old_value").as_deref(),
            Some("Engineer")
        );
        assert_eq!(
            row.get::<Option<String>, _>("new_value").as_deref(),
            Some("Head of Skills")
        );
    }
);

both!(
    network_ops_edits_only_limited_fields,
    |t: TestDb| async move {
        let app = t.app();
        let ops = app.sign_in("network-ops").await;
        let email = app
            .post(
                "/api/records/save",
                &[
                    ("kind", "Ec"),
                    ("id", "1"),
                    ("version", "1"),
                    ("values[email]", "new@example.org"),
                ],
                Some(&ops),
            )
            .await;
        assert_eq!(email.status, StatusCode::FORBIDDEN);
        assert!(
            email.body.contains("Network Ops users cannot change email"),
            "{}",
            email.body
        );
        let name = app
            .post(
                "/api/records/save",
                &[
                    ("kind", "Ec"),
                    ("id", "1"),
                    ("version", "1"),
                    ("values[first_name]", "Erinn"),
                ],
                Some(&ops),
            )
            .await;
        assert_eq!(name.status, StatusCode::OK, "{}", name.body);
        // A refused field in the same request as an allowed one changes nothing.
        let mixed = app
            .post(
                "/api/records/save",
                &[
                    ("kind", "Ec"),
                    ("id", "1"),
                    ("version", "2"),
                    ("values[first_name]", "Erin"),
                    ("values[email]", "x@example.org"),
                ],
                Some(&ops),
            )
            .await;
        assert_eq!(mixed.status, StatusCode::FORBIDDEN);
        assert_eq!(
            text_of(&t, "SELECT first_name FROM ecs WHERE id = 1")
                .await
                .as_deref(),
            Some("Erinn")
        );
    }
);

both!(
    invalid_input_names_the_field_and_changes_nothing,
    |t: TestDb| async move {
        let app = t.app();
        let ec = app.sign_in("ec").await;
        let r = app
            .post(
                "/api/records/save",
                &[
                    ("kind", "Ea"),
                    ("id", "1"),
                    ("version", "1"),
                    ("values[email]", "not-an-email"),
                ],
                Some(&ec),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["Invalid"]["field"], "email");
        let d = app
            .post(
                "/api/records/save",
                &[
                    ("kind", "Ea"),
                    ("id", "1"),
                    ("version", "1"),
                    ("values[signed_up_on]", "2025-02-30"),
                ],
                Some(&ec),
            )
            .await;
        assert_eq!(d.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(id_of(&t, "SELECT version FROM eas WHERE id = 1").await, 1);
    }
);

both!(
    closing_keeps_the_record_and_hides_it_from_default_lists,
    |t: TestDb| async move {
        let app = t.app();
        let ec = app.sign_in("ec").await;
        let before = app
            .post(
                "/api/records/list",
                &[("kind", "Ea"), ("query", "")],
                Some(&ec),
            )
            .await
            .json()["total"]
            .as_i64()
            .unwrap();
        let r = app
            .post(
                "/api/records/close",
                &[("kind", "Ea"), ("id", "1"), ("version", "1")],
                Some(&ec),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let after = app
            .post(
                "/api/records/list",
                &[("kind", "Ea"), ("query", "")],
                Some(&ec),
            )
            .await
            .json()["total"]
            .as_i64()
            .unwrap();
        assert_eq!(after, before - 1);
        let closed = app
            .post(
                "/api/records/list",
                &[("kind", "Ea"), ("query", "status=closed")],
                Some(&ec),
            )
            .await
            .json();
        assert_eq!(closed["total"], 1);
        assert_eq!(
            text_of(&t, "SELECT status FROM eas WHERE id = 1")
                .await
                .as_deref(),
            Some("closed")
        );
        assert!(
            id_of(&t, "SELECT closed_by FROM eas WHERE id = 1").await > 0,
            "who closed it is kept"
        );
    }
);

both!(
    at_most_six_active_partner_users_per_partner,
    |t: TestDb| async move {
        let app = t.app();
        let ops = app.sign_in("network-ops").await;
        let partner = id_of(&t, "SELECT MIN(id) FROM partners").await.to_string();
        let active = || async {
            id_of(&t, &format!("SELECT COUNT(*) FROM role_grants g JOIN users u ON u.id = g.user_id WHERE g.role = 'partner' AND g.status = 'active' AND u.active = 1 AND g.partner_id = {partner}")).await
        };
        let mut n = active().await;
        let mut added = vec![];
        while n < 6 {
            let email = format!("extra{n}@partner.example.org");
            let r = app
                .post(
                    "/api/records/add",
                    &[
                        ("kind", "PartnerUser"),
                        ("values[partner_id]", &partner),
                        ("values[first_name]", "Extra"),
                        ("values[last_name]", "User"),
                        ("values[email]", &email),
                    ],
                    Some(&ops),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            added.push(r.json()["id"].as_i64().unwrap());
            n = active().await;
        }
        let seventh = app
            .post(
                "/api/records/add",
                &[
                    ("kind", "PartnerUser"),
                    ("values[partner_id]", &partner),
                    ("values[first_name]", "Seventh"),
                    ("values[last_name]", "User"),
                    ("values[email]", "seventh@partner.example.org"),
                ],
                Some(&ops),
            )
            .await;
        assert_eq!(seventh.status, StatusCode::CONFLICT);
        assert!(
            seventh.body.contains("already has 6 active Partner users"),
            "{}",
            seventh.body
        );
        assert_eq!(
            id_of(
                &t,
                "SELECT COUNT(*) FROM users WHERE email = 'seventh@partner.example.org'"
            )
            .await,
            0,
            "nothing added"
        );
        // Deactivating one frees a place; reactivating it while full is refused.
        let last = added.last().copied().unwrap().to_string();
        let off = app
            .post(
                "/api/records/save",
                &[
                    ("kind", "PartnerUser"),
                    ("id", &last),
                    ("version", "1"),
                    ("values[active]", "no"),
                ],
                Some(&ops),
            )
            .await;
        assert_eq!(off.status, StatusCode::OK, "{}", off.body);
        let again = app
            .post(
                "/api/records/add",
                &[
                    ("kind", "PartnerUser"),
                    ("values[partner_id]", &partner),
                    ("values[first_name]", "Seventh"),
                    ("values[last_name]", "User"),
                    ("values[email]", "seventh@partner.example.org"),
                ],
                Some(&ops),
            )
            .await;
        assert_eq!(again.status, StatusCode::OK, "{}", again.body);
        let on = app
            .post(
                "/api/records/save",
                &[
                    ("kind", "PartnerUser"),
                    ("id", &last),
                    ("version", "2"),
                    ("values[active]", "yes"),
                ],
                Some(&ops),
            )
            .await;
        assert_eq!(on.status, StatusCode::CONFLICT, "{}", on.body);
    }
);

both!(
    adding_an_ec_provisions_a_login_with_a_seven_day_invitation,
    |t: TestDb| async move {
        let app = t.app();
        let partner = app.sign_in("partner").await;
        let r = app
            .post(
                "/api/records/add",
                &[
                    ("kind", "Ec"),
                    ("values[first_name]", "Nia"),
                    ("values[last_name]", "Quinn"),
                    ("values[email]", "nia.quinn@example.org"),
                ],
                Some(&partner),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let link = r.json()["invitation_link"].as_str().unwrap().to_string();
        let token = link.trim_start_matches("/invite/");
        let short = app
            .post(
                "/api/invitations/accept",
                &[
                    ("token", token),
                    ("password", "short"),
                    ("confirm", "short"),
                ],
                None,
            )
            .await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        let pw = "a long enough password";
        let ok = app
            .post(
                "/api/invitations/accept",
                &[("token", token), ("password", pw), ("confirm", pw)],
                None,
            )
            .await;
        assert!(
            ok.status.is_success() || ok.status.is_redirection(),
            "{} {}",
            ok.status,
            ok.body
        );
        let again = app
            .post(
                "/api/invitations/accept",
                &[("token", token), ("password", pw), ("confirm", pw)],
                None,
            )
            .await;
        assert_eq!(again.status, StatusCode::NOT_FOUND, "a link works once");
        let cookie = app
            .try_sign_in("nia.quinn@example.org", pw)
            .await
            .session_cookie()
            .expect("invitee signs in");
        let me = app.me(&cookie).await;
        assert_eq!(me["network"]["role"], "EnterpriseCoordinator");
        assert_eq!(me["network"]["binding"]["ec_id"], r.json()["id"]);
        let added = id_of(
            &t,
            "SELECT COUNT(*) FROM audit_log WHERE record_kind = 'ecs' AND action = 'add'",
        )
        .await;
        assert!(added >= 3, "each field of the new record is audited");
    }
);

both!(
    an_ec_adds_eas_into_its_own_caseload,
    |t: TestDb| async move {
        let app = t.app();
        let ec = app.sign_in("ec").await;
        let r = app
            .post(
                "/api/records/add",
                &[
                    ("kind", "Ea"),
                    ("values[first_name]", "New"),
                    ("values[last_name]", "Adviser"),
                ],
                Some(&ec),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let id = r.json()["id"].as_i64().unwrap();
        let ec_id = id_of(&t, &format!("SELECT ec_id FROM eas WHERE id = {id}")).await;
        let mine = id_of(&t, "SELECT g.ec_id FROM role_grants g JOIN users u ON u.id = g.user_id WHERE u.email = 'ec@demo.caseboard.test'").await;
        assert_eq!(ec_id, mine);
        let seen = app
            .post(
                "/api/records/get",
                &[("kind", "Ea"), ("id", &id.to_string())],
                Some(&ec),
            )
            .await;
        assert_eq!(seen.status, StatusCode::OK);
    }
);

both!(a_school_has_at_most_two_eas, |t: TestDb| async move {
    let app = t.app();
    let ec = app.sign_in("ec").await;
    let inst = id_of(&t, "SELECT MIN(id) FROM institutions")
        .await
        .to_string();
    let eas: Vec<i64> = sqlx::query("SELECT id FROM eas WHERE ec_id = (SELECT ec_id FROM institutions WHERE id = 1) AND id NOT IN (SELECT ea_id FROM ea_matches) ORDER BY id LIMIT 3")
        .fetch_all(&t.db.read).await.unwrap().iter().map(|r| r.get::<i64, _>(0)).collect();
    let mut statuses = vec![];
    for ea in &eas {
        let r = app
            .post(
                "/api/records/match",
                &[("ea_id", &ea.to_string()), ("institution_id", &inst)],
                Some(&ec),
            )
            .await;
        statuses.push(r.status);
    }
    // The seed already matched one EA to this school.
    assert_eq!(statuses[0], StatusCode::OK);
    assert_eq!(statuses[1], StatusCode::CONFLICT, "a third EA is refused");
    let undo = app
        .post(
            "/api/records/match",
            &[
                ("ea_id", &eas[0].to_string()),
                ("institution_id", &inst),
                ("undo", "true"),
            ],
            Some(&ec),
        )
        .await;
    assert_eq!(undo.status, StatusCode::OK, "{}", undo.body);
    let retry = app
        .post(
            "/api/records/match",
            &[("ea_id", &eas[1].to_string()), ("institution_id", &inst)],
            Some(&ec),
        )
        .await;
    assert_eq!(retry.status, StatusCode::OK, "{}", retry.body);
});

both!(
    only_network_ops_upgrade_an_ec_to_hub_lead,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("admin").await;
        let r = app
            .post(
                "/api/records/upgrade-hub-lead",
                &[
                    ("id", "1"),
                    ("version", "1"),
                    ("hub_lead", "shl"),
                    ("access", "partner"),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let ops = app.sign_in("network-ops").await;
        let r = app
            .post(
                "/api/records/upgrade-hub-lead",
                &[
                    ("id", "1"),
                    ("version", "1"),
                    ("hub_lead", "shl"),
                    ("access", "partner"),
                ],
                Some(&ops),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            text_of(&t, "SELECT hub_lead FROM ecs WHERE id = 1")
                .await
                .as_deref(),
            Some("shl")
        );
    }
);
