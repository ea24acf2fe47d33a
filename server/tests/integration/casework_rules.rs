//! Regression tests for issue 10's casework defects, one named after each
//! rule of docs/RULES.md it restores.
use crate::both;
use crate::support::{email, TestApp, TestDb};
use axum::http::StatusCode;

pub(crate) async fn int(t: &TestDb, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(&t.db.read)
        .await
        .expect(sql)
}

pub(crate) async fn text(t: &TestDb, sql: &str) -> Option<String> {
    sqlx::query_scalar::<_, Option<String>>(sql)
        .fetch_one(&t.db.read)
        .await
        .expect(sql)
}

pub(crate) async fn user_id(t: &TestDb, login: &str) -> i64 {
    int(
        t,
        &format!("SELECT id FROM users WHERE email = '{}'", email(login)),
    )
    .await
}

pub(crate) async fn add(
    app: &TestApp,
    cookie: &str,
    kind: &str,
    values: &[(&str, &str)],
) -> crate::support::Reply {
    let mut form = vec![("kind".to_string(), kind.to_string())];
    for (k, v) in values {
        form.push((format!("values[{k}]"), v.to_string()));
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post("/api/records/add", &form, Some(cookie)).await
}

pub(crate) async fn grants(t: &TestDb, user: i64, role: &str) -> i64 {
    int(
        t,
        &format!(
            "SELECT COUNT(*) FROM role_grants WHERE user_id = {user} AND role = '{role}' AND status = 'active'"
        ),
    )
    .await
}

pub(crate) async fn partner_of(t: &TestDb, login: &str) -> i64 {
    let user = user_id(t, login).await;
    int(
        t,
        &format!(
            "SELECT MIN(partner_id) FROM role_grants WHERE user_id = {user} AND role = 'partner'"
        ),
    )
    .await
}

both!(an_existing_login_gains_the_grant, |t: TestDb| async move {
    let app = t.app();
    let admin = app.sign_in("admin").await;
    let ops = app.sign_in("network-ops").await;
    let users = "SELECT COUNT(*) FROM users";
    let before = int(&t, users).await;

    // An org-only login becomes a CEC Staff user: the same account, its password kept.
    let grace = user_id(&t, "org-admin").await;
    let hash = format!("SELECT password_hash FROM users WHERE id = {grace}");
    let old_hash = text(&t, &hash).await;
    let r = add(
        &app,
        &admin,
        "CecStaffUser",
        &[
            ("first_name", "Grace"),
            ("last_name", "Evans"),
            ("email", &email("org-admin")),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let created = r.json();
    assert_eq!(
        created["id"].as_i64(),
        Some(grace),
        "the record is the login"
    );
    assert!(created["invitation_link"].is_null(), "{created}");
    let notice = created["notice"].as_str().unwrap_or_default();
    assert!(
        notice.contains(&format!(
            "{} already has a Caseboard login; they gain the role CEC Staff",
            email("org-admin")
        )),
        "{notice}"
    );
    assert_eq!(int(&t, users).await, before, "no second account");
    assert_eq!(text(&t, &hash).await, old_hash, "password unchanged");
    assert_eq!(grants(&t, grace, "cec-staff").await, 1);
    let audited = format!(
        "SELECT COUNT(*) FROM audit_log WHERE record_kind = 'user' AND record_id = {grace} \
         AND action = 'gain role' AND field = 'role' AND new_value = 'CEC Staff'"
    );
    assert_eq!(int(&t, &audited).await, 1);
    // They sign in as before and now hold the network role beside their org role.
    let cookie = app.sign_in("org-admin").await;
    let me = app.me(&cookie).await;
    assert_eq!(me["grants"].as_array().map(Vec::len), Some(1), "{me}");
    assert!(me["org"].is_object(), "{me}");

    // The same grant again is refused, and nothing changes.
    let again = add(
        &app,
        &ops,
        "CecStaffUser",
        &[
            ("first_name", "Grace"),
            ("last_name", "Evans"),
            ("email", &email("org-admin")),
        ],
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert!(
        again.body.contains("already a CEC Staff user"),
        "{}",
        again.body
    );
    assert_eq!(grants(&t, grace, "cec-staff").await, 1);

    // A Partner adds an EC whose email is a general user's login: the login
    // gains the EC grant bound to the new EC record.
    let partner = app.sign_in("partner").await;
    let jon = user_id(&t, "general-user").await;
    let r = add(
        &app,
        &partner,
        "Ec",
        &[
            ("first_name", "Jon"),
            ("last_name", "Shaw"),
            ("email", &email("general-user")),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let ec = r.json()["id"].as_i64().unwrap();
    assert!(r.json()["notice"]
        .as_str()
        .unwrap_or_default()
        .contains("they gain the role Enterprise Co-ordinator (Jon Shaw)"));
    assert_eq!(
        int(
            &t,
            &format!("SELECT COUNT(*) FROM role_grants WHERE user_id = {jon} AND ec_id = {ec} AND role = 'ec'")
        )
        .await,
        1
    );
    assert_eq!(int(&t, users).await, before);
});

both!(
    an_existing_login_gains_a_partner_grant_within_the_cap,
    |t: TestDb| async move {
        let app = t.app();
        let ops = app.sign_in("network-ops").await;
        let full = partner_of(&t, "partner").await;
        let counted = format!(
            "SELECT COUNT(*) FROM role_grants g JOIN users u ON u.id = g.user_id \
             WHERE g.role = 'partner' AND g.status = 'active' AND u.active = 1 AND g.partner_id = {full}"
        );
        let mut n = 0;
        while int(&t, &counted).await < 6 {
            let e = format!("filler{n}@partner.example.org");
            let r = add(
                &app,
                &ops,
                "PartnerUser",
                &[
                    ("partner_id", &full.to_string()),
                    ("first_name", "F"),
                    ("last_name", "L"),
                    ("email", &e),
                ],
            )
            .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            n += 1;
        }
        let tom = user_id(&t, "cec-staff").await;
        let as_partner_user = |partner: i64| {
            let app = &app;
            let ops = &ops;
            async move {
                add(
                    app,
                    ops,
                    "PartnerUser",
                    &[
                        ("partner_id", &partner.to_string()),
                        ("first_name", "Tom"),
                        ("last_name", "Nguyen"),
                        ("email", &email("cec-staff")),
                    ],
                )
                .await
            }
        };
        // The Partner is full: the existing login does not gain a seventh place.
        let refused = as_partner_user(full).await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
        assert!(
            refused.body.contains("already has 6 active Partner users"),
            "{}",
            refused.body
        );
        assert_eq!(grants(&t, tom, "partner").await, 0);
        // Another Partner has room.
        let other = int(
            &t,
            &format!("SELECT MIN(id) FROM partners WHERE id <> {full} AND status = 'active'"),
        )
        .await;
        let r = as_partner_user(other).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["id"].as_i64(), Some(tom));
        assert!(r.json()["notice"]
            .as_str()
            .unwrap_or_default()
            .contains("they gain the role Partner user of"));
        assert_eq!(grants(&t, tom, "partner").await, 1);
        // Holding that grant already is refused with the reason.
        let again = as_partner_user(other).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
        assert!(
            again.body.contains("is already a Partner user of"),
            "{}",
            again.body
        );
        assert_eq!(grants(&t, tom, "partner").await, 1);
    }
);

both!(a_deactivated_login_gains_no_grant, |t: TestDb| async move {
    let app = t.app();
    let admin = app.sign_in("admin").await;
    let priya = user_id(&t, "sc").await;
    t.exec(&format!("UPDATE users SET active = 0 WHERE id = {priya}"))
        .await;
    let r = add(
        &app,
        &admin,
        "CecStaffUser",
        &[
            ("first_name", "Priya"),
            ("last_name", "Okafor"),
            ("email", &email("sc")),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("it is deactivated"), "{}", r.body);
    assert_eq!(grants(&t, priya, "cec-staff").await, 0);
});

both!(
    a_login_awaiting_its_invitation_gains_the_grant_and_a_fresh_link,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("admin").await;
        let ops = app.sign_in("network-ops").await;
        let e = "new.person@example.org";
        let first = add(
            &app,
            &admin,
            "CecStaffUser",
            &[("first_name", "New"), ("last_name", "Person"), ("email", e)],
        )
        .await;
        assert_eq!(first.status, StatusCode::OK, "{}", first.body);
        let partner = partner_of(&t, "partner").await.to_string();
        let r = add(
            &app,
            &ops,
            "PartnerUser",
            &[
                ("partner_id", &partner),
                ("first_name", "New"),
                ("last_name", "Person"),
                ("email", e),
            ],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["id"], first.json()["id"]);
        assert!(r.json()["invitation_link"]
            .as_str()
            .is_some_and(|l| l.starts_with("/invite/")));
        assert!(r.json()["notice"].as_str().is_some());
    }
);

both!(
    admin_edits_of_cec_staff_users_are_not_limited,
    |t: TestDb| async move {
        let app = t.app();
        let tom = user_id(&t, "cec-staff").await;
        let version_sql = format!("SELECT version FROM users WHERE id = {tom}");
        let save = |cookie: String, v: String, key: &'static str, value: &'static str| {
            let app = &app;
            async move {
                app.post(
                    "/api/records/save",
                    &[
                        ("kind", "CecStaffUser"),
                        ("id", &tom.to_string()),
                        ("version", &v),
                        (&format!("values[{key}]"), value),
                    ],
                    Some(&cookie),
                )
                .await
            }
        };
        let ops = app.sign_in("network-ops").await;
        let r = save(
            ops,
            int(&t, &version_sql).await.to_string(),
            "email",
            "tom.n@example.org",
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "Network Ops' edits stay limited: {}",
            r.body
        );
        let admin = app.sign_in("admin").await;
        let r = save(
            admin.clone(),
            int(&t, &version_sql).await.to_string(),
            "phone",
            "0113 496 0000",
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = save(
            admin,
            int(&t, &version_sql).await.to_string(),
            "email",
            "tom.n@example.org",
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            text(&t, &format!("SELECT email FROM users WHERE id = {tom}"))
                .await
                .as_deref(),
            Some("tom.n@example.org")
        );
    }
);

both!(
    support_requests_for_every_signed_in_user,
    |t: TestDb| async move {
        let app = t.app();
        for login in ["general-user", "unit-manager", "org-admin"] {
            let cookie = app.sign_in(login).await;
            let r = app.get("/areas/support-requests", Some(&cookie)).await;
            assert_eq!(r.status, StatusCode::OK, "{login}: {}", r.body);
            assert!(
                r.body.contains("Raise a support request"),
                "{login}: {}",
                r.body
            );
            // An org-only account still has no other network area.
            let eas = app.get("/areas/eas", Some(&cookie)).await;
            assert_eq!(eas.status, StatusCode::FORBIDDEN, "{login}");
        }
    }
);
