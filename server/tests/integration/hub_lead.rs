//! Hub Lead (docs/RULES.md §2.2): an EC asks with a support request,
//! Network Ops upgrades the record from it, the EC's login gains the Hub
//! Lead's access, and the request is resolved — all in one change.
use crate::both;
use crate::support::{email, TestApp, TestDb};
use crate::support_requests::{int, raise, text, UPGRADE};
use axum::http::StatusCode;

/// The demo EC login's EC record and its login id.
async fn demo_ec(t: &TestDb) -> (i64, i64) {
    let user = int(
        t,
        &format!("SELECT id FROM users WHERE email = '{}'", email("ec")),
    )
    .await;
    let ec = int(
        t,
        &format!("SELECT ec_id FROM role_grants WHERE user_id = {user} AND role = 'ec'"),
    )
    .await;
    (ec, user)
}

async fn ec_version(t: &TestDb, ec: i64) -> String {
    int(t, &format!("SELECT version FROM ecs WHERE id = {ec}"))
        .await
        .to_string()
}

async fn upgrade(app: &TestApp, cookie: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let r = app
        .post("/api/records/upgrade-hub-lead", form, Some(cookie))
        .await;
    (r.status, r.body)
}

both!(upgrade_resolves_the_request, |t: TestDb| async move {
    let app = t.app();
    let (ec, user) = demo_ec(&t).await;
    let ec_cookie = app.sign_in("ec").await;
    // The EC names no record: the request is about their own EC record.
    let req = raise(
        &app,
        &ec_cookie,
        &[
            ("subject", UPGRADE),
            ("description", "I now lead the hub's schools work."),
        ],
    )
    .await;
    assert_eq!(
        text(
            &t,
            &format!("SELECT related_kind FROM support_requests WHERE id = {req}")
        )
        .await,
        "ecs"
    );
    let ops = app.sign_in("network-ops").await;
    let detail = app
        .post(
            "/api/support-requests/get",
            &[("id", &req.to_string())],
            Some(&ops),
        )
        .await;
    let link = format!("/areas/ecs/{ec}?upgrade_request={req}");
    assert_eq!(
        detail.json()["upgrade_link"],
        link.as_str(),
        "{}",
        detail.body
    );
    // The EC record page opens with the upgrade form ready for this request.
    let page = app.get(&link, Some(&ops)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("answers support request {req}")),
        "{}",
        page.body
    );
    assert!(page.body.contains("name=\"request_id\""), "{}", page.body);

    let v = ec_version(&t, ec).await;
    let (ids, reqs) = (ec.to_string(), req.to_string());
    let (status, body) = upgrade(
        &app,
        &ops,
        &[
            ("id", &ids),
            ("version", &v),
            ("hub_lead", "shl"),
            ("access", "partner"),
            ("request_id", &reqs),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("resolved"), "{body}");
    assert_eq!(
        text(&t, &format!("SELECT hub_lead FROM ecs WHERE id = {ec}")).await,
        "shl"
    );
    let partner = int(&t, &format!("SELECT partner_id FROM ecs WHERE id = {ec}")).await;
    assert_eq!(
        int(
            &t,
            &format!(
                "SELECT COUNT(*) FROM role_grants WHERE user_id = {user} AND role = 'partner' \
                 AND partner_id = {partner} AND status = 'active'"
            )
        )
        .await,
        1
    );
    assert_eq!(
        text(
            &t,
            &format!("SELECT status FROM support_requests WHERE id = {req}")
        )
        .await,
        "resolved"
    );
    // Audited on the EC, the login and the request.
    for (kind, id, action) in [
        ("ecs", ec, "upgrade"),
        ("user", user, "gain role"),
        ("support-requests", req, "edit"),
    ] {
        let n = int(
            &t,
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE record_kind = '{kind}' AND record_id = {id} AND action = '{action}'"
            ),
        )
        .await;
        assert!(n >= 1, "{kind} {id} {action}");
    }
    // The EC sees it done on their request, and the type on their record.
    let mine = app
        .get(&format!("/areas/support-requests/{req}"), Some(&ec_cookie))
        .await;
    assert!(mine.body.contains("Resolved"), "{}", mine.body);
    assert!(
        mine.body.contains("Strategic Hub Lead (SHL)"),
        "{}",
        mine.body
    );
    let record = app.get(&format!("/areas/ecs/{ec}"), Some(&ec_cookie)).await;
    assert!(record.body.contains("Strategic (SHL)"), "{}", record.body);
    // Hub Lead type is a list filter.
    let list = app
        .post(
            "/api/records/list",
            &[("kind", "Ec"), ("query", "f_hub_lead=Strategic+%28SHL%29")],
            Some(&ops),
        )
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.json()["total"], 1, "{}", list.body);
    // A resolved request cannot be resolved by a second upgrade.
    let v = ec_version(&t, ec).await;
    let (status, body) = upgrade(
        &app,
        &ops,
        &[
            ("id", &ids),
            ("version", &v),
            ("hub_lead", "ohl"),
            ("request_id", &reqs),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
});

both!(
    hub_lead_partner_grant_counts_toward_six,
    |t: TestDb| async move {
        let app = t.app();
        let (ec, user) = demo_ec(&t).await;
        let partner = int(&t, &format!("SELECT partner_id FROM ecs WHERE id = {ec}")).await;
        let active = int(
        &t,
        &format!(
            "SELECT COUNT(*) FROM role_grants g JOIN users u ON u.id = g.user_id \
             WHERE g.partner_id = {partner} AND g.role = 'partner' AND g.status = 'active' AND u.active = 1"
        ),
    )
    .await;
        for n in active..6 {
            t.exec(&format!(
                "INSERT INTO users (email, first_name, last_name, created_at, updated_at) \
             VALUES ('filler{n}@example.org', 'Fill', 'Er', 1, 1)"
            ))
            .await;
            t.exec(&format!(
                "INSERT INTO role_grants (user_id, role, partner_id, created_at) \
             SELECT id, 'partner', {partner}, 1 FROM users WHERE email = 'filler{n}@example.org'"
            ))
            .await;
        }
        let ops = app.sign_in("network-ops").await;
        let (ids, v) = (ec.to_string(), ec_version(&t, ec).await);
        let form = [
            ("id", ids.as_str()),
            ("version", v.as_str()),
            ("hub_lead", "ohl"),
            ("access", "partner"),
        ];
        let (status, body) = upgrade(&app, &ops, &form).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(body.contains("6 active Partner users"), "{body}");
        // Nothing changed: no type, no grant.
        assert_eq!(
            text(&t, &format!("SELECT hub_lead FROM ecs WHERE id = {ec}")).await,
            "none"
        );
        assert_eq!(
            int(
                &t,
                &format!(
                    "SELECT COUNT(*) FROM role_grants WHERE user_id = {user} AND role = 'partner'"
                )
            )
            .await,
            0
        );
        // Sub-contractor access does not count toward the six.
        let sc = int(
            &t,
            &format!("SELECT MIN(id) FROM subcontractors WHERE partner_id = {partner}"),
        )
        .await;
        t.exec(&format!(
            "UPDATE ecs SET subcontractor_id = {sc} WHERE id = {ec}"
        ))
        .await;
        let form = [
            ("id", ids.as_str()),
            ("version", v.as_str()),
            ("hub_lead", "ohl"),
            ("access", "subcontractor"),
        ];
        let (status, body) = upgrade(&app, &ops, &form).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            int(
                &t,
                &format!(
                    "SELECT COUNT(*) FROM role_grants WHERE user_id = {user} AND role = 'sc' \
                 AND subcontractor_id = {sc} AND status = 'active'"
                )
            )
            .await,
            1
        );
    }
);

both!(
    an_upgrade_names_the_access_and_going_back_takes_it_away,
    |t: TestDb| async move {
        let app = t.app();
        let (ec, user) = demo_ec(&t).await;
        let ops = app.sign_in("network-ops").await;
        let ids = ec.to_string();
        let v = ec_version(&t, ec).await;
        let (status, body) = upgrade(
            &app,
            &ops,
            &[("id", &ids), ("version", &v), ("hub_lead", "ohl")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("access"), "{body}");
        let (status, body) = upgrade(
            &app,
            &ops,
            &[
                ("id", &ids),
                ("version", &v),
                ("hub_lead", "ohl"),
                ("access", "partner"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        // The EC's login now holds both grants and can switch to the Partner one.
        let me = app.sign_in("ec").await;
        let who = app.me(&me).await;
        assert_eq!(who["grants"].as_array().map(Vec::len), Some(2), "{who}");
        // A stale upgrade is refused.
        let (status, _) = upgrade(
            &app,
            &ops,
            &[("id", &ids), ("version", &v), ("hub_lead", "none")],
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        let v = ec_version(&t, ec).await;
        let (status, body) = upgrade(
            &app,
            &ops,
            &[("id", &ids), ("version", &v), ("hub_lead", "none")],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            int(
                &t,
                &format!(
                    "SELECT COUNT(*) FROM role_grants WHERE user_id = {user} AND role = 'partner' AND status = 'active'"
                )
            )
            .await,
            0
        );
        assert_eq!(
            int(
                &t,
                &format!(
                    "SELECT COUNT(*) FROM audit_log WHERE record_kind = 'user' AND record_id = {user} AND action = 'lose role'"
                )
            )
            .await,
            1
        );
        // An upgrade request about someone else's record is not resolved by this one.
        let admin = app.sign_in("admin").await;
        let other = raise(
            &app,
            &admin,
            &[
                ("subject", UPGRADE),
                ("description", "x"),
                ("related_kind", "ecs"),
                (
                    "related_id",
                    &int(&t, &format!("SELECT MAX(id) FROM ecs WHERE id <> {ec}"))
                        .await
                        .to_string(),
                ),
            ],
        )
        .await;
        let v = ec_version(&t, ec).await;
        let (status, body) = upgrade(
            &app,
            &ops,
            &[
                ("id", &ids),
                ("version", &v),
                ("hub_lead", "shl"),
                ("access", "partner"),
                ("request_id", &other.to_string()),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(
            text(&t, &format!("SELECT hub_lead FROM ecs WHERE id = {ec}")).await,
            "none"
        );
    }
);
