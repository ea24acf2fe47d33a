//! Support requests (docs/RULES.md §2.7): every signed-in person raises one
//! and sees their own; Network Ops and Admin work the queue. Every function,
//! as every role, answers what `decide` says.
use crate::both;
use crate::records_matrix::principal;
use crate::support::{email, TestApp, TestDb};
use app::auth::permissions::{
    decide_network, decide_support_comment, Action, Decision, NetworkScope, NetworkTarget, Reason,
    RecordKind,
};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use sqlx::Row as _;

pub(crate) const EVERYONE: [&str; 9] = [
    "ec",
    "partner",
    "sc",
    "cec-staff",
    "network-ops",
    "admin",
    "general-user",
    "unit-manager",
    "org-admin",
];
const KIND: RecordKind = RecordKind::SupportRequest;
pub(crate) const UPGRADE: &str = "Record upgrade needed – EC to Hub Lead";

pub(crate) async fn int(t: &TestDb, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&t.db.read)
        .await
        .expect(sql)
        .get::<i64, _>(0)
}

pub(crate) async fn text(t: &TestDb, sql: &str) -> String {
    sqlx::query(sql)
        .fetch_one(&t.db.read)
        .await
        .expect(sql)
        .get::<String, _>(0)
}

/// Raises a request as `cookie`; returns its id.
pub(crate) async fn raise(app: &TestApp, cookie: &str, form: &[(&str, &str)]) -> i64 {
    let r = app
        .post("/api/support-requests/raise", form, Some(cookie))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body.trim().parse().expect("the new id")
}

pub(crate) async fn raise_other(app: &TestApp, cookie: &str, what: &str) -> i64 {
    raise(
        app,
        cookie,
        &[
            ("subject", "Other"),
            ("subject_other", what),
            ("description", "Please help."),
        ],
    )
    .await
}

/// A server function's name under `/api/support-requests/`, its form, the status expected.
type Call<'a> = (&'a str, Vec<(&'a str, &'a str)>, u16);

fn expected(view: &Decision<NetworkScope>, action: &Decision<NetworkScope>, ok: u16) -> u16 {
    match view {
        Decision::Denied(Reason::OutOfScope { .. }) => 404,
        Decision::Denied(_) => 403,
        Decision::Allowed(_) if action.is_allowed() => ok,
        Decision::Allowed(_) => 403,
    }
}

async fn version(t: &TestDb, id: i64) -> String {
    int(
        t,
        &format!("SELECT version FROM support_requests WHERE id = {id}"),
    )
    .await
    .to_string()
}

both!(
    every_signed_in_user_may_raise_a_support_request,
    |t: TestDb| async move {
        let app = t.app();
        for login in EVERYONE {
            let who = principal(&t, login).await;
            assert!(
                decide_network(&who, Action::Add, &NetworkTarget::Kind(KIND)).is_allowed(),
                "{login}"
            );
            let cookie = app.sign_in(login).await;
            let id = raise_other(&app, &cookie, &format!("Asked by {login}")).await;
            let page = app
                .get(&format!("/areas/support-requests/{id}"), Some(&cookie))
                .await;
            assert_eq!(page.status, StatusCode::OK, "{login}");
            assert!(page.body.contains(&format!("Asked by {login}")), "{login}");
            let list = app
                .post(
                    "/api/records/list",
                    &[("kind", "SupportRequest"), ("query", "")],
                    Some(&cookie),
                )
                .await;
            assert_eq!(list.status, StatusCode::OK, "{login}: {}", list.body);
            let area = app.get("/areas/support-requests", Some(&cookie)).await;
            assert_eq!(area.status, StatusCode::OK, "{login}");
            assert!(area.body.contains("Raise a support request"), "{login}");
        }
        // Each requester lists only their own; the queue lists them all.
        let ec = app.sign_in("ec").await;
        let mine = app
            .post(
                "/api/records/list",
                &[("kind", "SupportRequest"), ("query", "")],
                Some(&ec),
            )
            .await;
        assert_eq!(mine.json()["total"], 1, "{}", mine.body);
        let ops = app.sign_in("network-ops").await;
        let all = app
            .post(
                "/api/records/list",
                &[("kind", "SupportRequest"), ("query", "")],
                Some(&ops),
            )
            .await;
        assert_eq!(all.json()["total"], EVERYONE.len(), "{}", all.body);
        let audited = int(
            &t,
            "SELECT COUNT(*) FROM audit_log WHERE record_kind = 'support-requests' AND action = 'add' AND field = 'status'",
        )
        .await;
        assert_eq!(audited, EVERYONE.len() as i64);
    }
);

both!(
    only_network_ops_and_admin_work_the_queue,
    |t: TestDb| async move {
        let app = t.app();
        let ec = app.sign_in("ec").await;
        let theirs = raise_other(&app, &ec, "An EC's request").await;
        let mut failures = vec![];
        for login in EVERYONE {
            let who = principal(&t, login).await;
            let cookie = app.sign_in(login).await;
            let own = raise_other(&app, &cookie, "Mine").await;
            for id in [theirs, own] {
                let facts = app::ssr::records::detail::load(&t.db, KIND, id)
                    .await
                    .unwrap()
                    .unwrap()
                    .facts;
                let comment = decide_support_comment(&who, &facts);
                let target = NetworkTarget::Record(KIND, facts);
                let view = decide_network(&who, Action::View, &target);
                let edit = decide_network(&who, Action::Edit, &target);
                let ids = id.to_string();
                let v = version(&t, id).await;
                // Allowed calls carry one invalid field, so nothing changes.
                let cases: [Call; 5] = [
                    ("get", vec![("id", &ids)], expected(&view, &view, 200)),
                    (
                        "assign",
                        vec![("id", &ids), ("version", &v), ("assignee_id", "-1")],
                        expected(&view, &edit, 422),
                    ),
                    (
                        "status",
                        vec![("id", &ids), ("version", &v), ("status", "bogus")],
                        expected(&view, &edit, 422),
                    ),
                    (
                        "reject",
                        vec![("id", &ids), ("version", &v), ("reason", " ")],
                        expected(&view, &edit, 422),
                    ),
                    (
                        "comment",
                        vec![("id", &ids), ("body", "")],
                        expected(&view, &comment, 422),
                    ),
                ];
                for (name, form, want) in cases {
                    let r = app
                        .post(
                            &format!("/api/support-requests/{name}"),
                            &form,
                            Some(&cookie),
                        )
                        .await;
                    if r.status.as_u16() != want {
                        failures.push(format!(
                            "{login} {name} request {id}: expected {want}, got {} {}",
                            r.status, r.body
                        ));
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        // Only the queue may work at all: the two national roles; everyone
        // comments on their own request, and only the queue on others'.
        let ec_facts = app::ssr::records::detail::load(&t.db, KIND, theirs)
            .await
            .unwrap()
            .unwrap()
            .facts;
        for login in EVERYONE {
            let who = principal(&t, login).await;
            let works = decide_network(&who, Action::Edit, &NetworkTarget::Kind(KIND)).is_allowed();
            assert_eq!(works, matches!(login, "network-ops" | "admin"), "{login}");
            let comments = decide_support_comment(&who, &ec_facts).is_allowed();
            assert_eq!(comments, works || login == "ec", "{login}");
        }
        assert_eq!(
            int(&t, "SELECT COUNT(*) FROM support_request_comments").await,
            0
        );
    }
);

both!(rejecting_needs_a_reason, |t: TestDb| async move {
    let app = t.app();
    let ec = app.sign_in("ec").await;
    let id = raise_other(&app, &ec, "Change my phone").await;
    let ops = app.sign_in("network-ops").await;
    let ids = id.to_string();
    let r = app
        .post(
            "/api/support-requests/reject",
            &[("id", &ids), ("version", "1"), ("reason", "  ")],
            Some(&ops),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("reason"), "{}", r.body);
    // Rejecting through the status change is refused too: it has no reason.
    let r = app
        .post(
            "/api/support-requests/status",
            &[("id", &ids), ("version", "1"), ("status", "rejected")],
            Some(&ops),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = app
        .post(
            "/api/support-requests/reject",
            &[
                ("id", &ids),
                ("version", "1"),
                ("reason", "You can change your phone number yourself."),
            ],
            Some(&ops),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        text(
            &t,
            &format!("SELECT status FROM support_requests WHERE id = {id}")
        )
        .await,
        "rejected"
    );
    // The requester sees it, with the reason, in the request's history.
    let page = app
        .get(&format!("/areas/support-requests/{id}"), Some(&ec))
        .await;
    assert!(page.body.contains("Rejected"), "{}", page.body);
    assert!(page
        .body
        .contains("You can change your phone number yourself."));
    // A rejected request is final.
    let r = app
        .post(
            "/api/support-requests/status",
            &[("id", &ids), ("version", "2"), ("status", "in_progress")],
            Some(&ops),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
});

both!(stale_status_change_is_refused, |t: TestDb| async move {
    let app = t.app();
    let ec = app.sign_in("ec").await;
    let id = raise_other(&app, &ec, "Two people at once").await;
    let (ops, admin) = (app.sign_in("network-ops").await, app.sign_in("admin").await);
    let ids = id.to_string();
    let form = [
        ("id", ids.as_str()),
        ("version", "1"),
        ("status", "in_progress"),
    ];
    let first = app
        .post("/api/support-requests/status", &form, Some(&ops))
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let resolve = [
        ("id", ids.as_str()),
        ("version", "1"),
        ("status", "resolved"),
    ];
    let second = app
        .post("/api/support-requests/status", &resolve, Some(&admin))
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    let stale_assign = [("id", ids.as_str()), ("version", "1"), ("assignee_id", "")];
    let third = app
        .post("/api/support-requests/assign", &stale_assign, Some(&admin))
        .await;
    assert_eq!(third.status, StatusCode::CONFLICT, "{}", third.body);
    assert_eq!(
        text(
            &t,
            &format!("SELECT status FROM support_requests WHERE id = {id}")
        )
        .await,
        "in_progress"
    );
    assert_eq!(version(&t, id).await, "2");
});

both!(
    the_queue_moves_a_request_and_the_requester_sees_each_change,
    |t: TestDb| async move {
        let app = t.app();
        let gu = app.sign_in("general-user").await;
        let id = raise(
            &app,
            &gu,
            &[
                ("subject", "Change of email address"),
                ("description", "My email is now liam.ford@example.org"),
            ],
        )
        .await;
        let ops = app.sign_in("network-ops").await;
        let ops_id = int(
            &t,
            &format!(
                "SELECT id FROM users WHERE email = '{}'",
                email("network-ops")
            ),
        )
        .await
        .to_string();
        let ids = id.to_string();
        let steps: [(&str, Vec<(&str, &str)>); 4] = [
            (
                "assign",
                vec![("id", &ids), ("version", "1"), ("assignee_id", &ops_id)],
            ),
            (
                "status",
                vec![("id", &ids), ("version", "2"), ("status", "in_progress")],
            ),
            ("comment", vec![("id", &ids), ("body", "Changing it now.")]),
            (
                "status",
                vec![("id", &ids), ("version", "3"), ("status", "resolved")],
            ),
        ];
        for (name, form) in steps {
            let r = app
                .post(&format!("/api/support-requests/{name}"), &form, Some(&ops))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{name}: {}", r.body);
        }
        // The requester answers on their own request; audited like the queue's.
        let r = app
            .post(
                "/api/support-requests/comment",
                &[("id", &ids), ("body", "Thank you.")],
                Some(&gu),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = app
            .post("/api/support-requests/get", &[("id", &ids)], Some(&gu))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let d = r.json();
        assert_eq!(d["status"], "Resolved");
        assert_eq!(d["comments"][0]["body"], "Changing it now.");
        assert_eq!(d["comments"][1]["body"], "Thank you.");
        assert_eq!(d["may_work"], false);
        assert_eq!(d["may_comment"], true);
        let statuses: Vec<String> = d["history"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["field"] == "Status")
            .map(|h| h["new_value"].as_str().unwrap_or_default().to_string())
            .collect();
        assert_eq!(statuses, ["New", "In progress", "Resolved"], "{}", r.body);
        // The queue's filters and search find it, state in the URL's terms.
        for query in [
            "status=closed&f_status=Resolved",
            "status=all&f_subject=Change+of+email+address",
            "status=all&f_assignee=Aisha",
            "status=all&q=liam.ford",
        ] {
            let l = app
                .post(
                    "/api/records/list",
                    &[("kind", "SupportRequest"), ("query", query)],
                    Some(&ops),
                )
                .await;
            assert_eq!(l.status, StatusCode::OK, "{query}: {}", l.body);
            assert_eq!(l.json()["total"], 1, "{query}: {}", l.body);
        }
        // Open requests only by default: a resolved one has left the queue.
        let open = app
            .post(
                "/api/records/list",
                &[("kind", "SupportRequest"), ("query", "")],
                Some(&ops),
            )
            .await;
        assert_eq!(open.json()["total"], 0, "{}", open.body);
    }
);

both!(
    a_related_record_must_be_one_the_requester_can_see,
    |t: TestDb| async move {
        let app = t.app();
        let ec = app.sign_in("ec").await;
        let other_partners_ec = int(&t, "SELECT MAX(id) FROM ecs").await.to_string();
        let r = app
            .post(
                "/api/support-requests/raise",
                &[
                    ("subject", "Correct a record"),
                    ("description", "Wrong name"),
                    ("related_kind", "ecs"),
                    ("related_id", &other_partners_ec),
                ],
                Some(&ec),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("related_id"), "{}", r.body);
        let r = app
            .post(
                "/api/support-requests/raise",
                &[("subject", "Other"), ("description", "x")],
                Some(&ec),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("subject_other"), "{}", r.body);
        assert_eq!(int(&t, "SELECT COUNT(*) FROM support_requests").await, 0);
    }
);

/// A form posted without JavaScript (Accept: text/html, with a Referer).
async fn plain_post(app: &TestApp, path: &str, body: &str, cookie: &str) -> (StatusCode, String) {
    let req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(header::ORIGIN, "http://localhost")
        .header(
            header::REFERER,
            "http://localhost/areas/support-requests/new",
        )
        .header(header::COOKIE, cookie)
        .body(Body::from(body.to_string()))
        .unwrap();
    let r = app.send(req).await;
    let location = r
        .headers
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (r.status, location)
}

both!(
    without_javascript_an_error_keeps_what_was_typed,
    |t: TestDb| async move {
        let app = t.app();
        let cec = app.sign_in("cec-staff").await;
        let (status, location) = plain_post(
            &app,
            "/api/support-requests/raise",
            "subject=Other&subject_other=&description=Keep+these+words&related_kind=&related_id=",
            &cec,
        )
        .await;
        assert_eq!(status, StatusCode::FOUND);
        assert!(
            location.contains("/areas/support-requests/new?"),
            "{location}"
        );
        assert!(location.contains("description=Keep"), "{location}");
        assert!(location.contains("__err="), "{location}");
        // The page it returns to shows the error summary and the words kept.
        let path = location.trim_start_matches("http://localhost");
        let page = app.get(path, Some(&cec)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("There is a problem"), "{}", page.body);
        assert!(
            page.body.contains("href=\"#subject_other\""),
            "{}",
            page.body
        );
        assert!(page.body.contains("Keep these words"), "{}", page.body);
        let (status, location) = plain_post(
            &app,
            "/api/support-requests/raise",
            "subject=Access+or+sign-in+problem&description=Locked+out",
            &cec,
        )
        .await;
        assert_eq!(status, StatusCode::FOUND);
        let id = int(&t, "SELECT MAX(id) FROM support_requests").await;
        assert_eq!(location, format!("/areas/support-requests/{id}?raised=1"));
        let page = app.get(&location, Some(&cec)).await;
        assert!(page.body.contains("has been raised"), "{}", page.body);
    }
);
