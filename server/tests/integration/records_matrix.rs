//! Every record server function, as every network role, on a record in scope
//! and one out of scope: the HTTP outcome must equal what `decide` says
//! (allowed, 403 refused, or 404 as if the record did not exist).
use crate::both;
use crate::support::{email, TestApp, TestDb};
use app::auth::permissions::{
    decide_network, Action, Decision, NetworkScope, NetworkTarget, Reason, RecordKind,
};
use app::auth::roles::Principal;
use sqlx::Row as _;

pub(crate) const LOGINS: [&str; 6] = ["ec", "partner", "sc", "cec-staff", "network-ops", "admin"];
pub(crate) const KINDS: [RecordKind; 10] = [
    RecordKind::Ea,
    RecordKind::Institution,
    RecordKind::Employer,
    RecordKind::Ec,
    RecordKind::SubContractor,
    RecordKind::Partner,
    RecordKind::Organisation,
    RecordKind::PartnerUser,
    RecordKind::CecStaffUser,
    RecordKind::CompassReport,
];

/// Two records of a kind: the lowest id (the demo bindings' Partner) and the
/// highest id (another Partner's, where the kind has Partners).
pub(crate) async fn sample_ids(t: &TestDb, kind: RecordKind) -> Vec<i64> {
    let table = app::ssr::records::tables::table(kind).unwrap();
    let sql = format!(
        "SELECT MIN(t.id) AS lo, MAX(t.id) AS hi FROM {} WHERE 1 = 1",
        table.from
    );
    let row = sqlx::query(&sql).fetch_one(&t.db.read).await.unwrap();
    let (lo, hi): (Option<i64>, Option<i64>) = (row.get("lo"), row.get("hi"));
    let mut ids: Vec<i64> = [lo, hi].into_iter().flatten().collect();
    ids.dedup();
    assert!(!ids.is_empty(), "seed has no {kind:?}");
    ids
}

pub(crate) async fn principal(t: &TestDb, login: &str) -> Principal {
    let id: i64 = sqlx::query("SELECT id FROM users WHERE email = $1")
        .bind(email(login))
        .fetch_one(&t.db.read)
        .await
        .unwrap()
        .get("id");
    app::ssr::accounts::principal(&t.db, id, None)
        .await
        .unwrap()
        .unwrap()
}

/// The status the server must answer: 403/404 from the view check first, then
/// the action itself; `ok` when both are allowed.
fn expected(view: &Decision<NetworkScope>, action: &Decision<NetworkScope>, ok: u16) -> u16 {
    match view {
        Decision::Denied(Reason::OutOfScope { .. }) => 404,
        Decision::Denied(_) => 403,
        Decision::Allowed(_) if action.is_allowed() => ok,
        Decision::Allowed(_) => 403,
    }
}

struct Case<'a> {
    app: &'a TestApp,
    cookie: &'a str,
    failures: Vec<String>,
}

impl Case<'_> {
    async fn check(&mut self, what: String, path: &str, form: &[(&str, &str)], want: u16) {
        let r = self.app.post(path, form, Some(self.cookie)).await;
        if r.status.as_u16() != want {
            self.failures.push(format!(
                "{what}: expected {want}, got {} {}",
                r.status.as_u16(),
                r.body.chars().take(160).collect::<String>()
            ));
        }
    }
}

both!(
    every_record_function_obeys_decide_for_every_role,
    |t: TestDb| async move {
        let app = t.app();
        let mut failures = vec![];
        for login in LOGINS {
            let who = principal(&t, login).await;
            let cookie = app.sign_in(login).await;
            let mut case = Case {
                app: &app,
                cookie: &cookie,
                failures: vec![],
            };
            for kind in KINDS {
                let k = format!("{kind:?}");
                let kind_view = decide_network(&who, Action::View, &NetworkTarget::Kind(kind));
                let list_want = if kind_view.is_allowed() { 200 } else { 403 };
                case.check(
                    format!("{login} list {k}"),
                    "/api/records/list",
                    &[("kind", &k), ("query", "")],
                    list_want,
                )
                .await;
                let add_want =
                    if decide_network(&who, Action::Add, &NetworkTarget::Kind(kind)).is_allowed() {
                        422
                    } else {
                        403
                    };
                case.check(
                    format!("{login} add {k}"),
                    "/api/records/add",
                    &[("kind", &k)],
                    add_want,
                )
                .await;
                let dl = app
                    .get(
                        &format!("/api/records/{}/download?format=csv", kind.slug()),
                        Some(&cookie),
                    )
                    .await;
                let dl_want = if decide_network(&who, Action::Download, &NetworkTarget::Kind(kind))
                    .is_allowed()
                {
                    200
                } else {
                    403
                };
                if dl.status.as_u16() != dl_want {
                    case.failures.push(format!(
                        "{login} download {k}: expected {dl_want}, got {}",
                        dl.status
                    ));
                }
                for id in sample_ids(&t, kind).await {
                    let rec = app::ssr::records::detail::load(&t.db, kind, id)
                        .await
                        .unwrap()
                        .unwrap();
                    let target = NetworkTarget::Record(kind, rec.facts.clone());
                    let view = decide_network(&who, Action::View, &target);
                    let ids = id.to_string();
                    let base = [("kind", k.as_str()), ("id", ids.as_str())];
                    case.check(
                        format!("{login} get {k} {id}"),
                        "/api/records/get",
                        &base,
                        expected(&view, &view, 200),
                    )
                    .await;
                    case.check(
                        format!("{login} history {k} {id}"),
                        "/api/records/history",
                        &base,
                        expected(&view, &view, 200),
                    )
                    .await;
                    let edit = decide_network(&who, Action::Edit, &target);
                    let v = rec.version.to_string();
                    let save = [
                        ("kind", k.as_str()),
                        ("id", ids.as_str()),
                        ("version", v.as_str()),
                    ];
                    case.check(
                        format!("{login} save {k} {id}"),
                        "/api/records/save",
                        &save,
                        expected(&view, &edit, 200),
                    )
                    .await;
                    // A stale version shows the permission passed without closing anything.
                    let close = decide_network(&who, Action::Close, &target);
                    let stale = [
                        ("kind", k.as_str()),
                        ("id", ids.as_str()),
                        ("version", "-1"),
                    ];
                    case.check(
                        format!("{login} close {k} {id}"),
                        "/api/records/close",
                        &stale,
                        expected(&view, &close, 409),
                    )
                    .await;
                    // Reopen asks `decide` for Close (RULES §5.1): the same answer.
                    case.check(
                        format!("{login} reopen {k} {id}"),
                        "/api/records/reopen",
                        &stale,
                        expected(&view, &close, 409),
                    )
                    .await;
                    if matches!(kind, RecordKind::Ea | RecordKind::Institution) {
                        let assign = decide_network(&who, Action::AssignEc, &target);
                        let form = [
                            ("kind", k.as_str()),
                            ("id", ids.as_str()),
                            ("version", "-1"),
                            ("ec_id", "-1"),
                        ];
                        case.check(
                            format!("{login} assign-ec {k} {id}"),
                            "/api/records/assign-ec",
                            &form,
                            expected(&view, &assign, 422),
                        )
                        .await;
                    }
                    if matches!(
                        kind,
                        RecordKind::Ea | RecordKind::Institution | RecordKind::Ec
                    ) {
                        let assign = decide_network(&who, Action::AssignSubcontractor, &target);
                        let form = [
                            ("kind", k.as_str()),
                            ("id", ids.as_str()),
                            ("version", "-1"),
                            ("subcontractor_id", "-1"),
                        ];
                        let path = "/api/records/assign-subcontractor";
                        case.check(
                            format!("{login} assign-sc {k} {id}"),
                            path,
                            &form,
                            expected(&view, &assign, 422),
                        )
                        .await;
                    }
                    if kind == RecordKind::Ec {
                        let up = decide_network(&who, Action::UpgradeHubLead, &target);
                        let form = [
                            ("id", ids.as_str()),
                            ("version", "-1"),
                            ("hub_lead", "bogus"),
                        ];
                        case.check(
                            format!("{login} upgrade {k} {id}"),
                            "/api/records/upgrade-hub-lead",
                            &form,
                            expected(&view, &up, 422),
                        )
                        .await;
                    }
                }
            }
            failures.extend(case.failures);
        }
        assert!(
            failures.is_empty(),
            "{} outcomes differ from decide:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
);
