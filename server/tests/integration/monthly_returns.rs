//! The monthly Partner return (docs/RULES.md §2.4): every action as every
//! network role answers what `decide` says; the snapshot equals the totals
//! the Partner user's own lists show at submission and never changes after;
//! Admin's return needs a reason; a returned return is resubmitted with a new
//! snapshot; two simultaneous submissions of one month: one wins, one 409;
//! the overdue rule follows the grace period; a future month is refused.
mod figures;
mod flow;
mod pages;

use crate::support::{email, Reply, TestApp, TestDb};
use app::records::monthly::Month;
use axum::http::StatusCode;
use sqlx::Row as _;

/// 2xx, or the redirect a plain form post gets after success, as 200.
pub(crate) fn code(r: &Reply) -> u16 {
    if r.status.is_redirection() {
        200
    } else {
        r.status.as_u16()
    }
}

pub(crate) fn ok(r: &Reply) {
    assert_eq!(code(r), 200, "{} {}", r.status, r.body);
}

/// The Partner the demo Partner user is bound to, and another one.
pub(crate) async fn partners(t: &TestDb) -> (i64, i64) {
    let own: i64 = sqlx::query(
        "SELECT g.partner_id AS p FROM role_grants g JOIN users u ON u.id = g.user_id \
         WHERE u.email = $1 AND g.role = 'partner'",
    )
    .bind(email("partner"))
    .fetch_one(&t.db.read)
    .await
    .unwrap()
    .get("p");
    let other: i64 = sqlx::query("SELECT MIN(id) AS p FROM partners WHERE id <> $1")
        .bind(own)
        .fetch_one(&t.db.read)
        .await
        .unwrap()
        .get("p");
    (own, other)
}

pub(crate) fn current() -> Month {
    app::ssr::monthly::current_month()
}

/// A return put straight into the database in `status`: (id, version).
pub(crate) async fn make(t: &TestDb, partner: i64, month: Month, status: &str) -> (i64, i64) {
    let id: i64 = sqlx::query(
        "INSERT INTO monthly_submissions (partner_id, month, status, created_at, updated_at) \
         VALUES ($1, $2, $3, 0, 0) RETURNING id",
    )
    .bind(partner)
    .bind(month.key())
    .bind(status)
    .fetch_one(&t.db.read)
    .await
    .unwrap()
    .get("id");
    (id, 1)
}

pub(crate) async fn get(app: &TestApp, who: &str, id: i64) -> serde_json::Value {
    let r = app
        .post("/api/monthly/get", &[("id", &id.to_string())], Some(who))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

pub(crate) async fn start(app: &TestApp, who: &str, month: &str) -> Reply {
    app.post("/api/monthly/start", &[("month", month)], Some(who))
        .await
}

/// The id of a return just started (from the redirect, or the JSON body).
pub(crate) async fn started(t: &TestDb, partner: i64, month: Month) -> i64 {
    sqlx::query("SELECT id FROM monthly_submissions WHERE partner_id = $1 AND month = $2")
        .bind(partner)
        .bind(month.key())
        .fetch_one(&t.db.read)
        .await
        .unwrap()
        .get("id")
}

pub(crate) async fn submit(app: &TestApp, who: &str, id: i64, version: i64) -> Reply {
    app.post(
        "/api/monthly/submit",
        &[
            ("id", &id.to_string()),
            ("version", &version.to_string()),
            ("declaration", "yes"),
        ],
        Some(who),
    )
    .await
}

pub(crate) async fn send_back(
    app: &TestApp,
    who: &str,
    id: i64,
    version: i64,
    reason: &str,
) -> Reply {
    app.post(
        "/api/monthly/return",
        &[
            ("id", &id.to_string()),
            ("version", &version.to_string()),
            ("reason", reason),
        ],
        Some(who),
    )
    .await
}

pub(crate) async fn confirm(app: &TestApp, who: &str, id: i64, version: i64) -> Reply {
    app.post(
        "/api/monthly/confirm",
        &[("id", &id.to_string()), ("version", &version.to_string())],
        Some(who),
    )
    .await
}

/// The field a 422 names.
pub(crate) fn field(r: &Reply) -> String {
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    r.json()["Invalid"]["field"].as_str().unwrap().to_string()
}

pub(crate) async fn snapshot_count(t: &TestDb, id: i64) -> i64 {
    sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM monthly_snapshots WHERE submission_id = $1",
    )
    .bind(id)
    .fetch_one(&t.db.read)
    .await
    .unwrap()
    .get("n")
}
