//! Every org server function, called as every demo org role (and as a login
//! with no org role), on records in and out of scope: the HTTP status must be
//! what `decide` (and, for assessments, the workflow) says. Allowed calls that
//! would change shared state are sent with a stale version, so "allowed"
//! shows as 409 (past the permission gate) and "refused" as 403 or 404.
use crate::both;
use crate::org_support::*;
use crate::support::{TestApp, TestDb};
use app::api::org::types::{assessment_target, AssessmentDetail};
use app::api::org::workflow::{check, Refusal, Step, Subject};
use app::auth::permissions::{decide_org, Action, OrgArea, OrgTarget};
use app::auth::roles::Principal;
use axum::http::StatusCode;

const OK: StatusCode = StatusCode::OK;
const STALE: StatusCode = StatusCode::CONFLICT;

/// `ok` when `decide` grants `action` on the kind, else 403.
fn kind(me: &Principal, action: Action, k: OrgArea, ok: StatusCode) -> StatusCode {
    if decide_org(me, action, &OrgTarget::Area(k)).is_allowed() {
        ok
    } else {
        StatusCode::FORBIDDEN
    }
}

/// 403 without the View column, 404 when the record is out of view scope,
/// 403 when `action` is refused on it, else `ok`.
fn record(me: &Principal, action: Action, target: &OrgTarget, ok: StatusCode) -> StatusCode {
    if !decide_org(me, Action::View, &OrgTarget::Area(OrgArea::Assessment)).is_allowed() {
        StatusCode::FORBIDDEN
    } else if !decide_org(me, Action::View, target).is_allowed() {
        StatusCode::NOT_FOUND
    } else if !decide_org(me, action, target).is_allowed() {
        StatusCode::FORBIDDEN
    } else {
        ok
    }
}

fn step_status(me: &Principal, step: Step, d: &AssessmentDetail) -> StatusCode {
    let target = d.target();
    let s = Subject {
        target: &target,
        assessee_staff_id: d.assessee.id,
        status: d.status,
        ratings: &d.ratings,
    };
    match check(me, step, &s) {
        Ok(()) => OK,
        Err(Refusal::Denied(_)) => StatusCode::FORBIDDEN,
        Err(Refusal::State(_)) => STALE,
        Err(Refusal::Incomplete { .. }) => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

async fn expect(
    app: &TestApp,
    cookie: &str,
    who: &str,
    path: &str,
    form: &[(&str, &str)],
    want: StatusCode,
) {
    let r = app.post(path, form, Some(cookie)).await;
    assert_eq!(r.status, want, "{who} {path} {form:?}: {}", r.body);
}

both!(
    every_org_function_obeys_decide_for_every_org_role,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("org-admin").await;
        let ids: Vec<i64> = list(&app, &admin, &[])
            .await
            .rows
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(ids.len(), 15);
        let mut all = vec![];
        for id in ids {
            all.push(detail(&app, &admin, id).await);
        }
        let staff_ids: Vec<i64> = {
            use sqlx::Row;
            sqlx::query("SELECT id FROM staff WHERE status = 'active' ORDER BY id")
                .fetch_all(&t.db.read)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get::<i64, _>(0))
                .collect()
        };
        let grace = staff(&t, "Grace Evans").await;
        let owen = staff(&t, "Owen Price").await;
        let general = int(
            &t,
            "SELECT id FROM users WHERE email = 'general-user@demo.caseboard.test'",
        )
        .await
        .to_string();
        let delivery = unit(&t, "Projects Delivery").await.to_string();
        let root = unit(&t, "Example Organisation").await.to_string();
        let jon = staff(&t, "Jon Shaw").await.to_string();
        for (n, login) in [
            "org-admin",
            "directorate-manager",
            "unit-manager",
            "general-user",
            "admin",
        ]
        .into_iter()
        .enumerate()
        {
            let c = app.sign_in(login).await;
            let me = principal(&app, &c).await;
            let a = |action, k, ok| kind(&me, action, k, ok);
            // Kind-level reads.
            expect(
                &app,
                &c,
                login,
                "/api/org/assessments/list",
                &[],
                a(Action::View, OrgArea::Assessment, OK),
            )
            .await;
            expect(
                &app,
                &c,
                login,
                "/api/org/assessments/options",
                &[],
                a(Action::View, OrgArea::Assessment, OK),
            )
            .await;
            expect(
                &app,
                &c,
                login,
                "/api/org/dashboard",
                &[],
                a(Action::View, OrgArea::OrgDashboard, OK),
            )
            .await;
            expect(
                &app,
                &c,
                login,
                "/api/org/reports",
                &[],
                a(Action::View, OrgArea::OrgReport, OK),
            )
            .await;
            let dl = report_csv(&app, &c, "?format=csv").await;
            assert_eq!(
                dl.status,
                a(Action::Download, OrgArea::OrgReport, OK),
                "{login} download: {}",
                dl.body
            );
            expect(
                &app,
                &c,
                login,
                "/api/org/units/tree",
                &[],
                a(Action::View, OrgArea::OrgUnit, OK),
            )
            .await;
            expect(
                &app,
                &c,
                login,
                "/api/org/users/list",
                &[],
                a(Action::Search, OrgArea::OrgUser, OK),
            )
            .await;
            expect(
                &app,
                &c,
                login,
                "/api/org/users/view",
                &[("id", &general)],
                a(Action::View, OrgArea::OrgUser, OK),
            )
            .await;
            expect(
                &app,
                &c,
                login,
                "/api/org/settings/view",
                &[],
                a(Action::View, OrgArea::SystemSettings, OK),
            )
            .await;
            // Every assessment: view, a no-op edit, and stale submit / endorse.
            for d in &all {
                let target = d.target();
                let id = d.id.to_string();
                let who = format!("{login} on {} {}", d.assessee.name, d.period);
                let r = view(&app, &c, d.id).await;
                assert_eq!(
                    r.status,
                    record(&me, Action::View, &target, OK),
                    "{who} view: {}",
                    r.body
                );
                let want = match record(&me, Action::Edit, &target, OK) {
                    OK => step_status(&me, Step::Edit, d),
                    refused => refused,
                };
                let r = post_owned(&app, "/api/org/assessments/edit", &edit_form(d, &[]), &c).await;
                assert_eq!(r.status, want, "{who} edit: {}", r.body);
                let stale = (d.version - 1).to_string();
                for path in [
                    "/api/org/assessments/submit",
                    "/api/org/assessments/endorse",
                ] {
                    let want = record(&me, Action::Edit, &target, STALE);
                    expect(
                        &app,
                        &c,
                        &who,
                        path,
                        &[("id", &id), ("version", &stale)],
                        want,
                    )
                    .await;
                }
            }
            // Create: every active staff member, in a period of this role's own.
            let period = format!("2031-Q{}", n % 4 + 1);
            let year = format!("{}", 2040 + n);
            for s in &staff_ids {
                let target = assessment_target(facts(&t, *s).await);
                let want = if decide_org(&me, Action::Add, &OrgTarget::Area(OrgArea::Assessment))
                    .is_allowed()
                    && decide_org(&me, Action::Add, &target).is_allowed()
                {
                    OK
                } else {
                    StatusCode::FORBIDDEN
                };
                let officer = if *s == grace { owen } else { grace }.to_string();
                let p = if n < 4 {
                    period.as_str()
                } else {
                    year.as_str()
                };
                let form = [
                    ("assessee_staff_id", s.to_string()),
                    ("reporting_officer_staff_id", officer),
                    ("period", p.to_string()),
                ];
                let r = post_owned(
                    &app,
                    "/api/org/assessments/create",
                    &form.map(|(k, v)| (k.to_string(), v)),
                    &c,
                )
                .await;
                assert_eq!(r.status, want, "{login} create for staff {s}: {}", r.body);
            }
            // The org tree: real creates, stale edits.
            let name = format!("Unit made by {login}");
            let w = |action| a(action, OrgArea::OrgUnit, STALE);
            expect(
                &app,
                &c,
                login,
                "/api/org/units/create",
                &[
                    ("parent_id", &root),
                    ("name", &name),
                    ("level", "directorate"),
                ],
                a(Action::Add, OrgArea::OrgUnit, OK),
            )
            .await;
            expect(
                &app,
                &c,
                login,
                "/api/org/units/rename",
                &[("id", &delivery), ("version", "0"), ("name", "X")],
                w(Action::Edit),
            )
            .await;
            expect(
                &app,
                &c,
                login,
                "/api/org/units/move",
                &[
                    ("id", &delivery),
                    ("version", "0"),
                    ("parent_id", &unit(&t, "Planning").await.to_string()),
                ],
                w(Action::Edit),
            )
            .await;
            expect(
                &app,
                &c,
                login,
                "/api/org/units/set-director",
                &[
                    ("id", &unit(&t, "Projects").await.to_string()),
                    ("version", "0"),
                    ("staff_id", ""),
                ],
                w(Action::Edit),
            )
            .await;
            expect(
                &app,
                &c,
                login,
                "/api/org/units/close",
                &[("id", &delivery), ("version", "0")],
                w(Action::Close),
            )
            .await;
            let first = format!("Staff{n}");
            expect(
                &app,
                &c,
                login,
                "/api/org/staff/create",
                &[
                    ("unit_id", &delivery),
                    ("first_name", &first),
                    ("last_name", "New"),
                ],
                a(Action::Add, OrgArea::OrgUnit, OK),
            )
            .await;
            expect(
                &app,
                &c,
                login,
                "/api/org/staff/move",
                &[("id", &jon), ("version", "0"), ("unit_id", &root)],
                w(Action::Edit),
            )
            .await;
            // Users admin: a real create, stale edits.
            let email = format!("made-by-{login}@example.org");
            expect(
                &app,
                &c,
                login,
                "/api/org/users/create",
                &[
                    ("email", &email),
                    ("first_name", "A"),
                    ("last_name", "B"),
                    ("password", "a long enough password"),
                ],
                a(Action::Add, OrgArea::OrgUser, OK),
            )
            .await;
            let u = |action| a(action, OrgArea::OrgUser, STALE);
            expect(
                &app,
                &c,
                login,
                "/api/org/users/edit",
                &[
                    ("id", &general),
                    ("version", "0"),
                    ("email", "general-user@demo.caseboard.test"),
                    ("first_name", "Jon"),
                    ("last_name", "Shaw"),
                ],
                u(Action::Edit),
            )
            .await;
            expect(
                &app,
                &c,
                login,
                "/api/org/users/set-role",
                &[
                    ("id", &general),
                    ("version", "0"),
                    ("org_role", "general-user"),
                ],
                u(Action::Edit),
            )
            .await;
            expect(
                &app,
                &c,
                login,
                "/api/org/users/link-staff",
                &[("id", &general), ("version", "0"), ("staff_id", &jon)],
                u(Action::Edit),
            )
            .await;
            expect(
                &app,
                &c,
                login,
                "/api/org/users/deactivate",
                &[("id", &general), ("version", "0")],
                u(Action::Edit),
            )
            .await;
            expect(
                &app,
                &c,
                login,
                "/api/org/users/reactivate",
                &[("id", &general), ("version", "0")],
                u(Action::Edit),
            )
            .await;
            // System Settings: a stale save.
            let form = [
                ("version", "-1"),
                ("idle_timeout_minutes", "30"),
                ("absolute_timeout_hours", "8"),
                ("lockout_threshold", "5"),
                ("password_min_len", "12"),
            ];
            expect(
                &app,
                &c,
                login,
                "/api/org/settings/save",
                &form,
                a(Action::Edit, OrgArea::SystemSettings, STALE),
            )
            .await;
        }
    }
);
