//! Regression tests for issue 10's casework defects, one named after each
//! rule of docs/RULES.md it restores.
use crate::both;
use crate::support::{email, TestApp, TestDb};
use axum::http::StatusCode;

async fn int(t: &TestDb, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(&t.db.read)
        .await
        .expect(sql)
}

async fn text(t: &TestDb, sql: &str) -> Option<String> {
    sqlx::query_scalar::<_, Option<String>>(sql)
        .fetch_one(&t.db.read)
        .await
        .expect(sql)
}

async fn user_id(t: &TestDb, login: &str) -> i64 {
    int(
        t,
        &format!("SELECT id FROM users WHERE email = '{}'", email(login)),
    )
    .await
}

async fn add(
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

async fn grants(t: &TestDb, user: i64, role: &str) -> i64 {
    int(
        t,
        &format!(
            "SELECT COUNT(*) FROM role_grants WHERE user_id = {user} AND role = '{role}' AND status = 'active'"
        ),
    )
    .await
}

async fn partner_of(t: &TestDb, login: &str) -> i64 {
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
            assert!(r.body.contains("own scope"), "{login}: {}", r.body);
            // An org-only account still has no other network area.
            let eas = app.get("/areas/eas", Some(&cookie)).await;
            assert_eq!(eas.status, StatusCode::FORBIDDEN, "{login}");
        }
    }
);

async fn save(
    app: &TestApp,
    cookie: &str,
    kind: &str,
    id: i64,
    version: i64,
    values: &[(&str, &str)],
) -> crate::support::Reply {
    let mut form = vec![
        ("kind".to_string(), kind.to_string()),
        ("id".to_string(), id.to_string()),
        ("version".to_string(), version.to_string()),
    ];
    for (k, v) in values {
        form.push((format!("values[{k}]"), v.to_string()));
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post("/api/records/save", &form, Some(cookie)).await
}

both!(an_eas_employer_can_be_set, |t: TestDb| async move {
    let app = t.app();
    let ec = app.sign_in("ec").await;
    let first = int(&t, "SELECT MIN(id) FROM employers WHERE status = 'active'").await;
    let second = int(
        &t,
        &format!("SELECT MIN(id) FROM employers WHERE status = 'active' AND id > {first}"),
    )
    .await;
    // Chosen when adding…
    let r = add(
        &app,
        &ec,
        "Ea",
        &[
            ("first_name", "Ada"),
            ("last_name", "Lovelace"),
            ("employer_id", &first.to_string()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let ea = r.json()["id"].as_i64().unwrap();
    let employer_of = format!("SELECT employer_id FROM eas WHERE id = {ea}");
    assert_eq!(int(&t, &employer_of).await, first);
    // …and changed by an edit, audited with the employers' names.
    let version = format!("SELECT version FROM eas WHERE id = {ea}");
    let v = int(&t, &version).await;
    let r = save(
        &app,
        &ec,
        "Ea",
        ea,
        v,
        &[("employer_id", &second.to_string())],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(int(&t, &employer_of).await, second);
    let name = text(
        &t,
        &format!("SELECT name FROM employers WHERE id = {second}"),
    )
    .await
    .unwrap();
    let audited = format!(
        "SELECT COUNT(*) FROM audit_log WHERE record_kind = 'eas' AND record_id = {ea} \
         AND field = 'employer_id' AND new_value = '{} (number {second})'",
        name.replace('\'', "''")
    );
    assert_eq!(int(&t, &audited).await, 1);
    // A closed or unknown employer is refused with the reason; nothing changes.
    t.exec(&format!(
        "UPDATE employers SET status = 'closed' WHERE id = {first}"
    ))
    .await;
    let v = int(&t, &version).await;
    for bad in [first.to_string(), "999999".to_string(), "acme".to_string()] {
        let r = save(&app, &ec, "Ea", ea, v, &[("employer_id", &bad)]).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.body
        );
        assert!(r.body.contains("employer_id"), "{}", r.body);
    }
    assert_eq!(int(&t, &employer_of).await, second);
    // A stale edit is refused too.
    let r = save(&app, &ec, "Ea", ea, v - 1, &[("employer_id", "")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
});

both!(
    network_ops_changes_a_partner_users_partner,
    |t: TestDb| async move {
        let app = t.app();
        let ops = app.sign_in("network-ops").await;
        let sam = user_id(&t, "partner").await;
        let home = partner_of(&t, "partner").await;
        let dest = int(
            &t,
            &format!("SELECT MIN(id) FROM partners WHERE id <> {home} AND status = 'active'"),
        )
        .await;
        let version = format!("SELECT version FROM users WHERE id = {sam}");
        let grant = format!(
            "SELECT partner_id FROM role_grants WHERE user_id = {sam} AND role = 'partner' AND status = 'active'"
        );
        // Fill the destination to six: moving a seventh there is refused.
        let counted = format!(
            "SELECT COUNT(*) FROM role_grants g JOIN users u ON u.id = g.user_id \
             WHERE g.role = 'partner' AND g.status = 'active' AND u.active = 1 AND g.partner_id = {dest}"
        );
        let mut fillers = vec![];
        while int(&t, &counted).await < 6 {
            let e = format!("dest{}@partner.example.org", fillers.len());
            let r = add(
                &app,
                &ops,
                "PartnerUser",
                &[
                    ("partner_id", &dest.to_string()),
                    ("first_name", "F"),
                    ("last_name", "L"),
                    ("email", &e),
                ],
            )
            .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            fillers.push(r.json()["id"].as_i64().unwrap());
        }
        let v = int(&t, &version).await;
        let r = save(
            &app,
            &ops,
            "PartnerUser",
            sam,
            v,
            &[("partner_id", &dest.to_string())],
        )
        .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert!(
            r.body.contains("already has 6 active Partner users"),
            "{}",
            r.body
        );
        assert_eq!(int(&t, &grant).await, home, "nothing changed");
        assert_eq!(int(&t, &version).await, v);
        // One place frees up: the move goes through, audited.
        let freed = fillers[0];
        t.exec(&format!("UPDATE users SET active = 0 WHERE id = {freed}"))
            .await;
        let r = save(
            &app,
            &ops,
            "PartnerUser",
            sam,
            v,
            &[("partner_id", &dest.to_string())],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(int(&t, &grant).await, dest);
        let audited = format!(
            "SELECT COUNT(*) FROM audit_log WHERE record_kind = 'partner-users' AND record_id = {sam} \
             AND field = 'partner_id' AND action = 'edit'"
        );
        assert_eq!(int(&t, &audited).await, 1);
        // Their email stays out of Network Ops' reach.
        let v = int(&t, &version).await;
        let r = save(
            &app,
            &ops,
            "PartnerUser",
            sam,
            v,
            &[("email", "sam@example.org")],
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    }
);

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
    assert!(html.body.contains("govuk-pagination"), "{}", html.body);
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
