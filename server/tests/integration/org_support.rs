//! Helpers for the org tests: the demo org's ids by name, typed calls to the
//! org server functions, and the principal of a signed-in demo login.
use crate::support::{Reply, TestApp, TestDb};
use app::api::org::figures::{Dashboard, Report};
use app::api::org::types::{AssessmentDetail, AssessmentPage};
use app::auth::permissions::AssesseeFacts;
use app::auth::roles::Principal;
use axum::http::StatusCode;
use sqlx::Row;

pub async fn int(t: &TestDb, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&t.db.read)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get::<i64, _>(0)
}

pub async fn staff(t: &TestDb, name: &str) -> i64 {
    let (first, last) = name.split_once(' ').unwrap();
    int(
        t,
        &format!("SELECT id FROM staff WHERE first_name = '{first}' AND last_name = '{last}'"),
    )
    .await
}

pub async fn unit(t: &TestDb, name: &str) -> i64 {
    int(
        t,
        &format!("SELECT id FROM org_units WHERE name = '{name}'"),
    )
    .await
}

/// The id of `assessee`'s assessment for `period`.
pub async fn assessment(t: &TestDb, assessee: &str, period: &str) -> i64 {
    let s = staff(t, assessee).await;
    int(
        t,
        &format!(
            "SELECT id FROM assessments WHERE assessee_staff_id = {s} AND period = '{period}'"
        ),
    )
    .await
}

pub async fn version_of(t: &TestDb, table: &str, id: i64) -> i64 {
    int(t, &format!("SELECT version FROM {table} WHERE id = {id}")).await
}

pub async fn facts(t: &TestDb, staff_id: i64) -> AssesseeFacts {
    app::ssr::org::visibility::assessee_facts(&t.db, staff_id)
        .await
        .unwrap()
        .expect("staff exists")
}

pub async fn principal(app: &TestApp, cookie: &str) -> Principal {
    serde_json::from_value(app.me(cookie).await).expect("a principal")
}

pub fn typed<T: serde::de::DeserializeOwned>(r: &Reply) -> T {
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
}

/// The assessments list for `filters` (e.g. `[("period", "2026-Q2")]`).
pub async fn list(app: &TestApp, cookie: &str, filters: &[(&str, &str)]) -> AssessmentPage {
    let query = app::url_query::encode(filters.iter().copied());
    typed(
        &app.post(
            "/api/org/assessments/list",
            &[("query", &query)],
            Some(cookie),
        )
        .await,
    )
}

/// Assessee names of a page, sorted.
pub fn names(p: &AssessmentPage) -> Vec<String> {
    let mut v: Vec<String> = p
        .rows
        .iter()
        .map(|r| format!("{} {}", r.assessee.name, r.period))
        .collect();
    v.sort();
    v
}

pub async fn view(app: &TestApp, cookie: &str, id: i64) -> Reply {
    app.post(
        "/api/org/assessments/view",
        &[("id", &id.to_string())],
        Some(cookie),
    )
    .await
}

pub async fn detail(app: &TestApp, cookie: &str, id: i64) -> AssessmentDetail {
    typed(&view(app, cookie, id).await)
}

pub async fn dashboard(app: &TestApp, cookie: &str, period: Option<&str>) -> Reply {
    let form: Vec<(&str, &str)> = period.map(|p| vec![("period", p)]).unwrap_or_default();
    app.post("/api/org/dashboard", &form, Some(cookie)).await
}

pub async fn dashboard_of(app: &TestApp, cookie: &str, period: Option<&str>) -> Dashboard {
    typed(&dashboard(app, cookie, period).await)
}

pub async fn report(app: &TestApp, cookie: &str, unit: Option<i64>, period: Option<&str>) -> Reply {
    let unit = unit.map(|u| u.to_string());
    let mut filters = vec![];
    if let Some(u) = &unit {
        filters.push(("unit", u.as_str()));
    }
    if let Some(p) = period {
        filters.push(("period", p));
    }
    let query = app::url_query::encode(filters);
    app.post("/api/org/reports", &[("query", &query)], Some(cookie))
        .await
}

pub async fn report_of(
    app: &TestApp,
    cookie: &str,
    unit: Option<i64>,
    period: Option<&str>,
) -> Report {
    typed(&report(app, cookie, unit, period).await)
}

/// GET of the CSV download.
pub async fn report_csv(app: &TestApp, cookie: &str, query: &str) -> Reply {
    app.get(&format!("/api/org/reports/download{query}"), Some(cookie))
        .await
}

/// The form of an edit that keeps an assessment as it is, with `changes` applied.
pub fn edit_form(d: &AssessmentDetail, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form = vec![
        ("id".to_string(), d.id.to_string()),
        ("version".to_string(), d.version.to_string()),
        (
            "reporting_officer_staff_id".to_string(),
            d.reporting_officer.id.to_string(),
        ),
        ("period".to_string(), d.period.clone()),
        ("comments".to_string(), d.comments.clone()),
    ];
    for (i, r) in d.ratings.iter().enumerate() {
        form.push((
            format!("rating_{}", i + 1),
            r.map(|n| n.to_string()).unwrap_or_default(),
        ));
    }
    for (k, v) in changes {
        match form.iter_mut().find(|(fk, _)| fk == k) {
            Some(slot) => slot.1 = v.to_string(),
            None => form.push((k.to_string(), v.to_string())),
        }
    }
    form
}

pub async fn post_owned(
    app: &TestApp,
    path: &str,
    form: &[(String, String)],
    cookie: &str,
) -> Reply {
    let borrowed: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post(path, &borrowed, Some(cookie)).await
}

/// The audit rows of one record: (action, field, old, new).
pub async fn audit_rows(
    t: &TestDb,
    kind: &str,
    id: i64,
) -> Vec<(String, Option<String>, Option<String>, Option<String>)> {
    sqlx::query(&format!(
        "SELECT action, field, old_value, new_value FROM audit_log WHERE record_kind = '{kind}' AND record_id = {id} ORDER BY id"
    ))
    .fetch_all(&t.db.read)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
    .collect()
}
