//! The return's states, refusals, concurrency and the overdue rule.
use super::*;
use crate::both;
use crate::records_matrix::{principal, LOGINS};
use app::auth::permissions::{
    decide_network, Action, Decision, NetworkScope, NetworkTarget, Reason, RecordFacts, RecordKind,
};

const K: RecordKind = RecordKind::MonthlySubmission;

/// The status the server must answer for `decide`'s answer, and its body.
fn obeys(r: &Reply, d: Decision<NetworkScope>, what: &str) {
    let want = match &d {
        Decision::Allowed(_) => 200,
        Decision::Denied(Reason::OutOfScope { .. }) => 404,
        Decision::Denied(_) => 403,
    };
    assert_eq!(code(r), want, "{what}: {:?} → {} {}", d, r.status, r.body);
    if let Decision::Denied(reason @ Reason::NotPermitted { .. }) = &d {
        assert_eq!(
            r.json()["Forbidden"].as_str(),
            Some(reason.to_string().as_str()),
            "{what}: the refusal carries decide's reason"
        );
    }
}

/// A month no other call of the test uses (all long past).
fn nth_month(n: u32) -> Month {
    Month {
        year: 2001 + (n / 12) as i32,
        month: (n % 12 + 1) as u8,
    }
}

async fn grace_version(t: &TestDb) -> i64 {
    sqlx::query(
        "SELECT CAST(version AS BIGINT) AS v FROM settings WHERE key = 'monthly.grace_days'",
    )
    .fetch_optional(&t.db.read)
    .await
    .unwrap()
    .map(|r| r.get::<i64, _>("v"))
    .unwrap_or(0)
}

both!(
    every_action_as_every_network_role_answers_what_decide_says,
    |t: TestDb| async move {
        let app = t.app();
        let (own, other) = partners(&t).await;
        let mut n = 0;
        for login in LOGINS {
            let cookie = app.sign_in(login).await;
            let p = principal(&t, login).await;
            let kind = |a| decide_network(&p, a, &NetworkTarget::Kind(K));
            let r = app
                .post("/api/monthly/returns", &[("query", "")], Some(&cookie))
                .await;
            obeys(&r, kind(Action::View), &format!("{login} list"));
            n += 1;
            let r = start(&app, &cookie, &nth_month(n).key()).await;
            obeys(&r, kind(Action::Add), &format!("{login} start"));
            let v = grace_version(&t).await.to_string();
            let r = app
                .post(
                    "/api/monthly/grace-period",
                    &[("version", &v), ("grace_days", "12")],
                    Some(&cookie),
                )
                .await;
            obeys(&r, kind(Action::Confirm), &format!("{login} grace period"));
            for partner in [own, other] {
                let facts = RecordFacts {
                    partner_id: Some(partner),
                    ..RecordFacts::default()
                };
                let d = |a| decide_network(&p, a, &NetworkTarget::Record(K, facts.clone()));
                let what = |a: &str| format!("{login} {a} on Partner {partner}'s return");
                let mut fresh = |status: &'static str| {
                    n += 1;
                    make(&t, partner, nth_month(n), status)
                };
                let (id, _) = fresh("submitted").await;
                let r = app
                    .post(
                        "/api/monthly/get",
                        &[("id", &id.to_string())],
                        Some(&cookie),
                    )
                    .await;
                obeys(&r, d(Action::View), &what("view"));
                let (id, v) = fresh("draft").await;
                let r = app
                    .post(
                        "/api/monthly/note",
                        &[
                            ("id", &id.to_string()),
                            ("version", &v.to_string()),
                            ("note", "n"),
                        ],
                        Some(&cookie),
                    )
                    .await;
                obeys(&r, d(Action::Edit), &what("note"));
                let (id, v) = fresh("draft").await;
                obeys(
                    &submit(&app, &cookie, id, v).await,
                    d(Action::Submit),
                    &what("submit"),
                );
                let (id, v) = fresh("submitted").await;
                obeys(
                    &confirm(&app, &cookie, id, v).await,
                    d(Action::Confirm),
                    &what("confirm"),
                );
                let (id, v) = fresh("submitted").await;
                let r = send_back(&app, &cookie, id, v, "the EA count looks low").await;
                obeys(&r, d(Action::Confirm), &what("return"));
            }
        }
    }
);

both!(future_month_refused, |t: TestDb| async move {
    let app = t.app();
    let (own, _) = partners(&t).await;
    let partner = app.sign_in("partner").await;
    let next = current().next();
    assert_eq!(field(&start(&app, &partner, &next.key()).await), "month");
    assert_eq!(field(&start(&app, &partner, "2026-13").await), "month");
    assert_eq!(field(&start(&app, &partner, "last month").await), "month");
    assert_eq!(
        sqlx::query("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM monthly_submissions")
            .fetch_one(&t.db.read)
            .await
            .unwrap()
            .get::<i64, _>("n"),
        0,
        "nothing was started"
    );
    // This month is allowed, once: a second start of it is a 409.
    ok(&start(&app, &partner, &current().key()).await);
    let again = start(&app, &partner, &current().key()).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    let id = started(&t, own, current()).await;
    assert_eq!(get(&app, &partner, id).await["status"], "Draft");
});

both!(returned_needs_a_reason, |t: TestDb| async move {
    let app = t.app();
    let (own, _) = partners(&t).await;
    let (partner, admin) = (app.sign_in("partner").await, app.sign_in("admin").await);
    let month = current().previous();
    ok(&start(&app, &partner, &month.key()).await);
    let id = started(&t, own, month).await;
    ok(&submit(&app, &partner, id, 1).await);
    for blank in ["", "   "] {
        assert_eq!(
            field(&send_back(&app, &admin, id, 2, blank).await),
            "reason"
        );
    }
    let s = get(&app, &admin, id).await;
    assert_eq!(s["status"], "Submitted", "a refused return changes nothing");
    assert_eq!(s["version"], 2);
    ok(&send_back(&app, &admin, id, 2, "Compass count is missing March").await);
    let s = get(&app, &partner, id).await;
    assert_eq!(s["status"], "Returned");
    assert_eq!(s["decision_reason"], "Compass count is missing March");
    let audited: Vec<String> = sqlx::query(
        "SELECT action FROM audit_log WHERE record_kind = 'monthly-submissions' AND record_id = $1 \
         AND field = 'decision_reason'",
    )
    .bind(id)
    .fetch_all(&t.db.read)
    .await
    .unwrap()
    .into_iter()
    .map(|r| r.get("action"))
    .collect();
    assert_eq!(audited, ["return"]);
});

both!(resubmission_after_return, |t: TestDb| async move {
    let app = t.app();
    let (own, _) = partners(&t).await;
    let (partner, admin) = (app.sign_in("partner").await, app.sign_in("admin").await);
    let month = current().previous();
    ok(&start(&app, &partner, &month.key()).await);
    let id = started(&t, own, month).await;
    // Without the declaration nothing is submitted.
    let r = app
        .post(
            "/api/monthly/submit",
            &[("id", &id.to_string()), ("version", "1")],
            Some(&partner),
        )
        .await;
    assert_eq!(field(&r), "declaration");
    ok(&submit(&app, &partner, id, 1).await);
    // Admin cannot confirm from a stale copy, and nobody resubmits a submitted return.
    assert_eq!(
        confirm(&app, &admin, id, 1).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        submit(&app, &partner, id, 2).await.status,
        StatusCode::CONFLICT
    );
    ok(&send_back(&app, &admin, id, 2, "Please recount after the EA import").await);
    ok(&submit(&app, &partner, id, 3).await);
    let s = get(&app, &admin, id).await;
    assert_eq!(s["status"], "Submitted");
    assert_eq!(
        s["snapshots"].as_array().unwrap().len(),
        2,
        "the first snapshot stays"
    );
    assert_eq!(snapshot_count(&t, id).await, 2);
    ok(&confirm(&app, &admin, id, 4).await);
    let s = get(&app, &partner, id).await;
    assert_eq!(s["status"], "Confirmed");
    assert_eq!(
        submit(&app, &partner, id, 5).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        send_back(&app, &admin, id, 5, "late").await.status,
        StatusCode::CONFLICT
    );
    let actions: Vec<String> = sqlx::query(
        "SELECT DISTINCT action FROM audit_log WHERE record_kind = 'monthly-submissions' \
         AND record_id = $1 AND field = 'status' ORDER BY action",
    )
    .bind(id)
    .fetch_all(&t.db.read)
    .await
    .unwrap()
    .into_iter()
    .map(|r| r.get("action"))
    .collect();
    assert_eq!(actions, ["confirm", "create", "return", "submit"]);
});

both!(
    concurrent_submissions_one_wins_other_409,
    |t: TestDb| async move {
        let app = t.app();
        let (own, _) = partners(&t).await;
        let (a, b) = (app.sign_in("partner").await, app.sign_in("partner").await);
        let month = current().previous();
        ok(&start(&app, &a, &month.key()).await);
        let id = started(&t, own, month).await;
        let (ra, rb) = tokio::join!(submit(&app, &a, id, 1), submit(&app, &b, id, 1));
        let mut codes = [code(&ra), code(&rb)];
        codes.sort();
        assert_eq!(codes, [200, 409], "{} / {}", ra.body, rb.body);
        assert_eq!(
            snapshot_count(&t, id).await,
            1,
            "the loser left no snapshot"
        );
        assert_eq!(get(&app, &a, id).await["version"], 2);
    }
);

/// Days from 1970-01-01 of a civil date (the test's own arithmetic).
fn day_number(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

both!(overdue_after_grace_period, |t: TestDb| async move {
    let app = t.app();
    let (own, other) = partners(&t).await;
    let admin = app.sign_in("admin").await;
    // Two months back: ended at least 31 days ago.
    let month = current().previous().previous();
    let today = app::ssr::clock::today();
    let (y, m, d) = (&today[..4], &today[5..7], &today[8..10]);
    let today = day_number(y.parse().unwrap(), m.parse().unwrap(), d.parse().unwrap());
    let next = month.next();
    let last_day = day_number(i64::from(next.year), i64::from(next.month), 1) - 1;
    let ended = today - last_day;
    assert!(ended >= 31 && ended + 5 <= 90, "{ended}");
    // Both Partners existed long before; the other one submits in time.
    t.exec("UPDATE partners SET created_at = 0").await;
    let (sub, _) = make(&t, other, month, "submitted").await;
    let overdue_ids = |body: serde_json::Value| -> Vec<i64> {
        body["overdue"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partner_id"].as_i64().unwrap())
            .collect()
    };
    let page = |grace_query: &'static str| {
        let (app, admin) = (&app, &admin);
        async move {
            let q = format!("month={}{grace_query}", month.key());
            let r = app
                .post("/api/monthly/returns", &[("query", &q)], Some(admin))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            r.json()
        }
    };
    // Default grace (10 days): long past, so not started is overdue.
    let body = page("").await;
    assert_eq!(body["grace_days"], 10);
    let late = overdue_ids(body.clone());
    assert!(late.contains(&own), "{late:?}");
    assert!(
        !late.contains(&other),
        "a submitted return is never overdue"
    );
    let filtered = page("&status=overdue").await;
    assert_eq!(filtered["total"].as_i64().unwrap(), late.len() as i64);
    // A grace period that has not run out yet: nobody is overdue.
    let set = |days: i64, version: i64| {
        let (app, admin) = (&app, &admin);
        async move {
            app.post(
                "/api/monthly/grace-period",
                &[
                    ("version", &version.to_string()),
                    ("grace_days", &days.to_string()),
                ],
                Some(admin),
            )
            .await
        }
    };
    ok(&set(ended + 5, 0).await);
    assert!(overdue_ids(page("").await).is_empty());
    // One day less than the days since the month ended: overdue again.
    ok(&set(ended - 1, 1).await);
    assert!(overdue_ids(page("").await).contains(&own));
    // A stale version and an out-of-range value change nothing.
    assert_eq!(set(ended, 1).await.status, StatusCode::CONFLICT);
    assert_eq!(field(&set(91, 2).await), "grace_days");
    // Returned is not in: overdue; a Partner added after the month ended owes nothing.
    t.exec(&format!(
        "UPDATE monthly_submissions SET status = 'returned' WHERE id = {sub}"
    ))
    .await;
    assert!(overdue_ids(page("").await).contains(&other));
    t.exec(&format!(
        "UPDATE partners SET created_at = {} WHERE id = {own}",
        app::ssr::clock::now()
    ))
    .await;
    assert!(!overdue_ids(page("").await).contains(&own));
});
