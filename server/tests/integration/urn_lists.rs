//! The URN list pages and functions (docs/RULES.md §2.2): Admin adds with a
//! reason (who and when recorded), bad lines are refused by number while the
//! clear ones go in, nothing is duplicated, removal closes and audits, the
//! in-scope filter moves at once, and every other role is refused with the
//! reason `decide` gives.
use crate::both;
use crate::support::{TestApp, TestDb};
use app::auth::permissions::{decide_network, Action, Decision, NetworkTarget, RecordKind};
use axum::http::StatusCode;

#[derive(sqlx::FromRow)]
pub(crate) struct Entry {
    pub id: i64,
    pub urn: String,
    pub reason: String,
    pub status: String,
    pub created_by: Option<i64>,
    pub closed_reason: Option<String>,
    pub version: i64,
}

pub(crate) async fn entries(t: &TestDb, list: &str) -> Vec<Entry> {
    sqlx::query_as::<_, Entry>(
        "SELECT id, urn, reason, status, CAST(created_by AS BIGINT) AS created_by, closed_reason, \
         CAST(version AS BIGINT) AS version FROM urn_list_entries WHERE list = $1 ORDER BY id",
    )
    .bind(list)
    .fetch_all(&t.db.read)
    .await
    .unwrap()
}

async fn add(
    app: &TestApp,
    who: &str,
    list: &str,
    urns: &str,
    reason: &str,
) -> crate::support::Reply {
    app.post(
        "/api/urn-lists/add",
        &[("list", list), ("urns", urns), ("reason", reason)],
        Some(who),
    )
    .await
}

/// Where the add or remove sent the browser back to (with the outcome).
pub(crate) fn back_to(r: &crate::support::Reply) -> String {
    assert!(
        r.status.is_success() || r.status.is_redirection(),
        "{} {}",
        r.status,
        r.body
    );
    r.headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

async fn in_scope_total(app: &TestApp, admin: &str) -> i64 {
    let r = app
        .post(
            "/api/records/list",
            &[("kind", "Institution"), ("query", "f_in_scope=yes")],
            Some(admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["total"].as_i64().unwrap()
}

async fn primary_urn(t: &TestDb) -> String {
    sqlx::query_scalar::<_, String>("SELECT MIN(urn) FROM institutions WHERE phase = 'Primary'")
        .fetch_one(&t.db.read)
        .await
        .unwrap()
}

both!(
    admin_adds_one_urn_with_a_reason_and_who_and_when_are_recorded,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("admin").await;
        let r = add(&app, &admin, "included", "100001", "joined the hub").await;
        assert!(
            back_to(&r).starts_with("/areas/urn-lists/included?added=1"),
            "{:?}",
            r.headers
        );
        let e = &entries(&t, "included").await[0];
        assert_eq!(
            (e.urn.as_str(), e.reason.as_str(), e.status.as_str()),
            ("100001", "joined the hub", "active")
        );
        assert!(e.created_by.is_some());
        let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE record_kind = 'urn-lists' AND record_id = $1 AND action = 'add'",
    )
    .bind(e.id)
    .fetch_one(&t.db.read)
    .await
    .unwrap();
        assert_eq!(audited, 3, "list, URN and reason");
        let page = app.get("/areas/urn-lists/included", Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("joined the hub") && page.body.contains("Remove 100001"),
            "{}",
            page.body
        );
    }
);

both!(
    bad_lines_are_refused_by_number_and_the_clear_ones_go_in,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("admin").await;
        let r = add(
            &app,
            &admin,
            "excluded",
            "100002\nabc\n999999,new school\n0\n100002",
            "moved away",
        )
        .await;
        let back = back_to(&r);
        let outcome =
            app::records::urn_lists::AddReport::sentences(back.split_once('?').unwrap().1);
        assert_eq!(outcome[0], "2 added.", "{outcome:?}");
        assert!(
            outcome
                .iter()
                .any(|s| s.contains("Not in the register (added all the same): 999999")),
            "{outcome:?}"
        );
        assert!(
            outcome
                .iter()
                .any(|s| s.contains("1 already on the list") && s.contains("100002")),
            "{outcome:?}"
        );
        assert!(
            outcome
                .iter()
                .any(|s| s.starts_with("line 2: URN \"abc\" is not a positive whole number")),
            "{outcome:?}"
        );
        assert!(
            outcome.iter().any(|s| s.starts_with("line 4: URN \"0\"")),
            "{outcome:?}"
        );
        let got: Vec<(String, String)> = entries(&t, "excluded")
            .await
            .into_iter()
            .map(|e| (e.urn, e.reason))
            .collect();
        assert_eq!(
            got,
            vec![
                ("100002".into(), "moved away".into()),
                ("999999".into(), "new school".into())
            ]
        );
        let page = app.get("/areas/urn-lists/excluded", Some(&admin)).await;
        assert!(page.body.contains("not in the register"), "{}", page.body);
    }
);

both!(
    a_urn_already_active_on_the_list_is_not_duplicated,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("admin").await;
        add(&app, &admin, "included", "100003", "first").await;
        add(&app, &admin, "included", "100003", "second").await;
        assert_eq!(entries(&t, "included").await.len(), 1);
        // On another list it is a separate entry.
        add(&app, &admin, "excluded", "100003", "other list").await;
        assert_eq!(entries(&t, "excluded").await.len(), 1);
    }
);

both!(
    adding_and_removing_an_entry_moves_the_in_scope_count_at_once,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("admin").await;
        let before = in_scope_total(&app, &admin).await;
        let urn = primary_urn(&t).await;
        add(&app, &admin, "included_primary", &urn, "primary joins").await;
        assert_eq!(in_scope_total(&app, &admin).await, before + 1);
        let e = entries(&t, "included_primary").await.remove(0);
        let refused = app
            .post(
                "/api/urn-lists/remove",
                &[
                    ("list", "included_primary"),
                    ("id", &e.id.to_string()),
                    ("version", &e.version.to_string()),
                    ("reason", ""),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        let r = app
            .post(
                "/api/urn-lists/remove",
                &[
                    ("list", "included_primary"),
                    ("id", &e.id.to_string()),
                    ("version", &e.version.to_string()),
                    ("reason", "left the hub"),
                ],
                Some(&admin),
            )
            .await;
        assert!(back_to(&r).ends_with("?removed=1"), "{:?}", r.headers);
        assert_eq!(in_scope_total(&app, &admin).await, before);
        let closed = entries(&t, "included_primary").await.remove(0);
        assert_eq!(
            (closed.status.as_str(), closed.closed_reason.as_deref()),
            ("closed", Some("left the hub"))
        );
        // Removing again from the old version is stale: nothing changes.
        let again = app
            .post(
                "/api/urn-lists/remove",
                &[
                    ("list", "included_primary"),
                    ("id", &e.id.to_string()),
                    ("version", &e.version.to_string()),
                    ("reason", "twice"),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
        let history = app
            .get(
                "/areas/urn-lists/included_primary?status=closed",
                Some(&admin),
            )
            .await;
        assert!(history.body.contains("left the hub"), "{}", history.body);
    }
);

both!(
    the_download_has_the_searched_entries,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("admin").await;
        add(&app, &admin, "included", "100004,alpha\n100005,beta", "").await;
        let r = app
            .get("/api/urn-lists/included/download?q=beta", Some(&admin))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(
            r.body.starts_with("URN,Institution,In the register,Reason"),
            "{}",
            r.body
        );
        assert!(
            r.body.contains("100005") && !r.body.contains("100004"),
            "{}",
            r.body
        );
    }
);

/// Every role but Admin, on both axes, and the org-only logins.
const NOT_ADMIN: [&str; 7] = [
    "ec",
    "partner",
    "sc",
    "cec-staff",
    "network-ops",
    "org-admin",
    "general-user",
];

both!(
    every_other_role_is_refused_with_the_reason_decide_gives,
    |t: TestDb| async move {
        let app = t.app();
        for login in NOT_ADMIN {
            let who = app.sign_in(login).await;
            let me: app::auth::roles::Principal =
                serde_json::from_value(app.me(&who).await).expect("principal");
            for (action, path, form) in [
                (
                    Action::View,
                    "/api/urn-lists/page",
                    vec![("list", "included")],
                ),
                (
                    Action::Add,
                    "/api/urn-lists/add",
                    vec![("list", "included"), ("urns", "100006"), ("reason", "x")],
                ),
                (
                    Action::Remove,
                    "/api/urn-lists/remove",
                    vec![
                        ("list", "included"),
                        ("id", "1"),
                        ("version", "1"),
                        ("reason", "x"),
                    ],
                ),
            ] {
                let Decision::Denied(reason) =
                    decide_network(&me, action, &NetworkTarget::Kind(RecordKind::UrnList))
                else {
                    panic!("{login} may {action:?} URN lists");
                };
                let r = app.post(path, &form, Some(&who)).await;
                assert_eq!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{login} {path}: {}",
                    r.body
                );
                assert!(
                    r.body.contains(&reason.to_string()),
                    "{login}: {} lacks {reason}",
                    r.body
                );
            }
            let page = app.get("/areas/urn-lists/included", Some(&who)).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{login}");
            assert!(!page.body.contains("Add URN"), "{login} sees no controls");
            let download = app
                .get("/api/urn-lists/included/download", Some(&who))
                .await;
            assert_eq!(download.status, StatusCode::FORBIDDEN, "{login}");
        }
        assert!(entries(&t, "included").await.is_empty(), "nothing changed");
    }
);
