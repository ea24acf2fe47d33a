//! Regression tests for chosen records (docs/RULES.md §2.2, §2.3): an EA's
//! employer, and Network Ops moving a Partner user to another Partner.
use crate::both;
use crate::casework_rules::{add, int, partner_of, text, user_id};
use crate::support::{TestApp, TestDb};
use axum::http::StatusCode;

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
