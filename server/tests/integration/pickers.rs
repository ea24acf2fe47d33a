//! Pickers search within the caller's scope, previews state what an access
//! change does, and a caseload hand-over moves every record at once
//! (docs/RULES.md §2.4, §2.5). Statuses are compared with `decide`.
use crate::both;
use crate::casework_rules::{int, partner_of};
use crate::records_matrix::{principal, sample_ids, LOGINS};
use crate::support::{TestApp, TestDb};
use app::api::pickers::{PickPurpose, MAX_CHOICES};
use app::auth::permissions::{decide_network, NetworkScope, NetworkTarget, RecordKind};
use app::auth::roles::Principal;

const PURPOSES: [(PickPurpose, RecordKind); 6] = [
    (PickPurpose::Match, RecordKind::Institution),
    (PickPurpose::Match, RecordKind::Ea),
    (PickPurpose::AssignEc, RecordKind::Ec),
    (PickPurpose::AssignSubcontractor, RecordKind::SubContractor),
    (PickPurpose::Employer, RecordKind::Employer),
    (PickPurpose::UserPartner, RecordKind::Partner),
];

/// The status `search_choices` must answer, from `decide` alone.
fn expected(who: &Principal, purpose: PickPurpose, kind: RecordKind) -> u16 {
    let (action, on) = purpose.gate(kind);
    let gate = decide_network(who, action, &NetworkTarget::Kind(on)).is_allowed();
    let search =
        decide_network(who, purpose.search_action(), &NetworkTarget::Kind(kind)).is_allowed();
    if gate && search {
        200
    } else {
        403
    }
}

/// Text that finds exactly this record (URN, email or name).
async fn search_text(t: &TestDb, kind: RecordKind, id: i64) -> String {
    let col = match kind {
        RecordKind::Institution => "urn",
        RecordKind::Ea | RecordKind::Ec => "email",
        // Every other kind a picker offers is found by its name.
        RecordKind::SubContractor
        | RecordKind::Employer
        | RecordKind::Partner
        | RecordKind::PartnerUser
        | RecordKind::CecStaffUser
        | RecordKind::Organisation
        | RecordKind::CompassReport
        | RecordKind::SupportRequest
        | RecordKind::MonthlySubmission
        | RecordKind::UrnList
        | RecordKind::NationalUser => "name",
    };
    let table = app::ssr::records::tables::table(kind).unwrap().table;
    sqlx::query_scalar::<_, String>(&format!("SELECT {col} FROM {table} WHERE id = $1"))
        .bind(id)
        .fetch_one(&t.db.read)
        .await
        .unwrap()
}

async fn search(
    app: &TestApp,
    cookie: &str,
    kind: RecordKind,
    text: &str,
    purpose: PickPurpose,
) -> (u16, Vec<i64>) {
    let (k, p) = (format!("{kind:?}"), format!("{purpose:?}"));
    let r = app
        .post(
            "/api/pickers/search",
            &[("kind", &k), ("text", text), ("purpose", &p)],
            Some(cookie),
        )
        .await;
    let ids = if r.status.is_success() {
        r.json()
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect()
    } else {
        vec![]
    };
    (r.status.as_u16(), ids)
}

both!(
    search_choices_answers_within_scope_and_as_decide_says_for_every_role,
    |t: TestDb| async move {
        let app = t.app();
        let mut failures = vec![];
        for login in LOGINS {
            let who = principal(&t, login).await;
            let cookie = app.sign_in(login).await;
            for (purpose, kind) in PURPOSES {
                let want = expected(&who, purpose, kind);
                let (status, all) = search(&app, &cookie, kind, "", purpose).await;
                if status != want {
                    failures.push(format!(
                        "{login} {purpose:?} {kind:?}: expected {want}, got {status}"
                    ));
                    continue;
                }
                if want != 200 {
                    continue;
                }
                assert!(
                    all.len() <= MAX_CHOICES,
                    "{login} {purpose:?}: {} choices",
                    all.len()
                );
                // In scope and out of scope (the matrix's two samples): found
                // exactly when `decide` lets the caller see the record.
                for id in sample_ids(&t, kind).await {
                    let text = search_text(&t, kind, id).await;
                    let (_, found) = search(&app, &cookie, kind, &text, purpose).await;
                    let view = app::ssr::records::detail::load(&t.db, kind, id)
                        .await
                        .unwrap()
                        .unwrap();
                    let target = NetworkTarget::Record(kind, view.facts.clone());
                    let may = decide_network(&who, purpose.search_action(), &target).is_allowed();
                    if !may && found.contains(&id) {
                        failures.push(format!(
                            "{login} {purpose:?} found out-of-scope {kind:?} {id}"
                        ));
                    }
                    let unique = matches!(
                        kind,
                        RecordKind::Institution | RecordKind::Ea | RecordKind::Ec
                    );
                    if may && unique && !view.closed && !found.contains(&id) {
                        failures.push(format!("{login} {purpose:?} missed in-scope {kind:?} {id}"));
                    }
                }
                for id in all {
                    let view = app::ssr::records::detail::load(&t.db, kind, id)
                        .await
                        .unwrap()
                        .unwrap();
                    let target = NetworkTarget::Record(kind, view.facts.clone());
                    if !decide_network(&who, purpose.search_action(), &target).is_allowed() {
                        failures.push(format!(
                            "{login} {purpose:?} offered out-of-scope {kind:?} {id}"
                        ));
                    }
                }
            }
            // A purpose never chooses another kind: 422 naming the field.
            let (status, _) = search(
                &app,
                &cookie,
                RecordKind::Employer,
                "",
                PickPurpose::AssignEc,
            )
            .await;
            if status != 422 {
                failures.push(format!("{login} wrong kind: expected 422, got {status}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
);

/// The Partner login's Partner, an EC of it with a caseload, another EC of it.
async fn two_ecs(t: &TestDb) -> (i64, i64, i64) {
    let p = partner_of(t, "partner").await;
    let from = int(
        t,
        &format!(
            "SELECT MIN(ec_id) FROM institutions WHERE partner_id = {p} AND status = 'active'"
        ),
    )
    .await;
    let to = int(
        t,
        &format!(
            "SELECT MAX(id) FROM ecs WHERE partner_id = {p} AND id <> {from} AND status = 'active'"
        ),
    )
    .await;
    (p, from, to)
}

async fn caseload(t: &TestDb, table: &str, ec: i64) -> i64 {
    int(
        t,
        &format!("SELECT COUNT(*) FROM {table} WHERE ec_id = {ec} AND status = 'active'"),
    )
    .await
}

both!(
    previews_state_the_counts_the_change_gives,
    |t: TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("partner").await;
        let (p, from, to) = two_ecs(&t).await;
        // Reassign one institution's EC.
        let inst = int(
            &t,
            &format!("SELECT MIN(id) FROM institutions WHERE ec_id = {from} AND status = 'active'"),
        )
        .await;
        let version = int(
            &t,
            &format!("SELECT version FROM institutions WHERE id = {inst}"),
        )
        .await;
        let (inst_s, to_s) = (inst.to_string(), to.to_string());
        let r = app
            .post(
                "/api/records/assign-ec-preview",
                &[("kind", "Institution"), ("id", &inst_s), ("ec_id", &to_s)],
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.body);
        let preview = r.json();
        let figures = preview["figures"].as_array().unwrap().clone();
        assert_eq!(figures.len(), 2, "{preview}");
        let sentence = preview["sentences"][0].as_str().unwrap().to_string();
        assert!(sentence.contains("caseload goes from"), "{sentence}");
        let r = app
            .post(
                "/api/records/assign-ec",
                &[
                    ("kind", "Institution"),
                    ("id", &inst_s),
                    ("version", &version.to_string()),
                    ("ec_id", &to_s),
                ],
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.body);
        assert_eq!(
            figures[0]["after"].as_i64().unwrap(),
            caseload(&t, "institutions", to).await
        );
        assert_eq!(
            figures[0]["before"].as_i64().unwrap() + 1,
            figures[0]["after"].as_i64().unwrap()
        );
        assert_eq!(
            figures[1]["after"].as_i64().unwrap(),
            caseload(&t, "institutions", from).await
        );

        // Give an EA nobody's Sub-contractor holds to the Partner's second one.
        let sc = int(
            &t,
            &format!("SELECT MAX(id) FROM subcontractors WHERE partner_id = {p}"),
        )
        .await;
        let ea = int(&t, &format!("SELECT MIN(id) FROM eas WHERE partner_id = {p} AND subcontractor_id IS NULL AND created_by_sc_id IS NULL AND status = 'active'")).await;
        let version = int(&t, &format!("SELECT version FROM eas WHERE id = {ea}")).await;
        let (ea_s, sc_s) = (ea.to_string(), sc.to_string());
        let r = app
            .post(
                "/api/records/assign-subcontractor-preview",
                &[("kind", "Ea"), ("id", &ea_s), ("subcontractor_id", &sc_s)],
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.body);
        let preview = r.json();
        let sentence = preview["sentences"][0].as_str().unwrap().to_string();
        assert!(sentence.contains("gains access to 1 EA"), "{sentence}");
        let figures = preview["figures"].as_array().unwrap().clone();
        let r = app
            .post(
                "/api/records/assign-subcontractor",
                &[
                    ("kind", "Ea"),
                    ("id", &ea_s),
                    ("version", &version.to_string()),
                    ("subcontractor_id", &sc_s),
                ],
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.body);
        for f in figures {
            let table = match f["kind"].as_str().unwrap() {
                "Institution" => "institutions",
                "Ea" => "eas",
                _ => "ecs",
            };
            let created_by = if table == "institutions" {
                String::new()
            } else {
                format!(" OR created_by_sc_id = {sc}")
            };
            let now = int(&t, &format!("SELECT COUNT(*) FROM {table} WHERE status = 'active' AND (subcontractor_id = {sc}{created_by})")).await;
            assert_eq!(f["after"].as_i64().unwrap(), now, "{f}");
        }
    }
);

both!(
    handover_moves_every_record_in_one_transaction,
    |t: TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("partner").await;
        let (_, from, to) = two_ecs(&t).await;
        let (from_s, to_s) = (from.to_string(), to.to_string());
        let (fi, fe) = (
            caseload(&t, "institutions", from).await,
            caseload(&t, "eas", from).await,
        );
        let (ti, te) = (
            caseload(&t, "institutions", to).await,
            caseload(&t, "eas", to).await,
        );
        assert!(fi > 0 && fe > 0, "the fixture EC has a caseload");
        let r = app
            .post(
                "/api/records/handover-preview",
                &[("from_ec", &from_s), ("to_ec", &to_s)],
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.body);
        let preview = r.json();
        assert_eq!(preview["institutions"].as_i64().unwrap(), fi);
        assert_eq!(preview["eas"].as_i64().unwrap(), fe);
        assert_eq!(preview["receiving_before"][0].as_i64().unwrap(), ti);
        assert_eq!(preview["receiving_before"][1].as_i64().unwrap(), te);
        let words = preview["sentences"].to_string();
        assert!(
            words.contains(&format!("{fi} institutions and {fe} EA")),
            "{words}"
        );
        let audits_before = int(
            &t,
            "SELECT COUNT(*) FROM audit_log WHERE field = 'assigned EC'",
        )
        .await;
        let token = preview["token"].as_str().unwrap().to_string();
        let r = app
            .post(
                "/api/records/handover",
                &[("from_ec", &from_s), ("to_ec", &to_s), ("token", &token)],
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.body);
        assert_eq!(r.json().as_i64().unwrap(), fi + fe);
        assert_eq!(caseload(&t, "institutions", from).await, 0);
        assert_eq!(caseload(&t, "eas", from).await, 0);
        assert_eq!(caseload(&t, "institutions", to).await, ti + fi);
        assert_eq!(caseload(&t, "eas", to).await, te + fe);
        let audits = int(
            &t,
            "SELECT COUNT(*) FROM audit_log WHERE field = 'assigned EC'",
        )
        .await;
        assert_eq!(
            audits - audits_before,
            fi + fe,
            "one audit row per record moved"
        );
        let rows = int(&t, "SELECT COUNT(DISTINCT record_kind || ':' || CAST(record_id AS TEXT)) FROM audit_log WHERE field = 'assigned EC' AND record_kind IN ('institutions', 'eas')").await;
        assert!(rows >= fi + fe);
        // The same token again: the caseload is no longer the one previewed.
        let r = app
            .post(
                "/api/records/handover",
                &[("from_ec", &from_s), ("to_ec", &to_s), ("token", &token)],
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status.as_u16(), 409, "{}", r.body);
    }
);

both!(
    handover_with_a_stale_preview_is_refused_with_409,
    |t: TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("partner").await;
        let (_, from, to) = two_ecs(&t).await;
        let (from_s, to_s) = (from.to_string(), to.to_string());
        let r = app
            .post(
                "/api/records/handover-preview",
                &[("from_ec", &from_s), ("to_ec", &to_s)],
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.body);
        let token = r.json()["token"].as_str().unwrap().to_string();
        let (fi, fe) = (
            caseload(&t, "institutions", from).await,
            caseload(&t, "eas", from).await,
        );
        // Someone edits one record of the caseload after the preview.
        let inst = int(
            &t,
            &format!("SELECT MIN(id) FROM institutions WHERE ec_id = {from} AND status = 'active'"),
        )
        .await;
        t.exec(&format!(
            "UPDATE institutions SET notes = 'edited', version = version + 1 WHERE id = {inst}"
        ))
        .await;
        let r = app
            .post(
                "/api/records/handover",
                &[("from_ec", &from_s), ("to_ec", &to_s), ("token", &token)],
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status.as_u16(), 409, "{}", r.body);
        assert!(r.body.contains("changed after you previewed"), "{}", r.body);
        assert_eq!(
            caseload(&t, "institutions", from).await,
            fi,
            "nothing moved"
        );
        assert_eq!(caseload(&t, "eas", from).await, fe, "nothing moved");
    }
);

both!(
    handover_refused_out_of_scope_and_as_roles_without_assign_ec,
    |t: TestDb| async move {
        let app = t.app();
        let (p, from, to) = two_ecs(&t).await;
        let other = int(
            &t,
            &format!("SELECT MAX(id) FROM ecs WHERE partner_id <> {p}"),
        )
        .await;
        let (from_s, to_s, other_s) = (from.to_string(), to.to_string(), other.to_string());
        let mut failures = vec![];
        for login in LOGINS {
            let who = principal(&t, login).await;
            let cookie = app.sign_in(login).await;
            let scope = decide_network(
                &who,
                app::auth::permissions::Action::AssignEc,
                &NetworkTarget::Kind(RecordKind::Institution),
            )
            .scope();
            let may = matches!(scope, Some(NetworkScope::Partner | NetworkScope::National));
            let check = |what: &str, got: u16, want: u16, failures: &mut Vec<String>| {
                if got != want {
                    failures.push(format!("{login} {what}: expected {want}, got {got}"));
                }
            };
            let r = app
                .post(
                    "/api/records/handover-preview",
                    &[("from_ec", &from_s), ("to_ec", &to_s)],
                    Some(&cookie),
                )
                .await;
            check(
                "preview",
                r.status.as_u16(),
                if may { 200 } else { 403 },
                &mut failures,
            );
            let r = app
                .post(
                    "/api/records/handover",
                    &[
                        ("from_ec", &from_s),
                        ("to_ec", &to_s),
                        ("token", "not-the-preview"),
                    ],
                    Some(&cookie),
                )
                .await;
            check(
                "hand-over with a wrong token",
                r.status.as_u16(),
                if may { 409 } else { 403 },
                &mut failures,
            );
            // Another Partner's EC: as if it did not exist (giving) or not a choice (receiving).
            let r = app
                .post(
                    "/api/records/handover",
                    &[("from_ec", &other_s), ("to_ec", &to_s), ("token", "x")],
                    Some(&cookie),
                )
                .await;
            check(
                "from another Partner",
                r.status.as_u16(),
                if may { 404 } else { 403 },
                &mut failures,
            );
            let r = app
                .post(
                    "/api/records/handover",
                    &[("from_ec", &from_s), ("to_ec", &other_s), ("token", "x")],
                    Some(&cookie),
                )
                .await;
            check(
                "to another Partner",
                r.status.as_u16(),
                if may { 422 } else { 403 },
                &mut failures,
            );
        }
        let moved = caseload(&t, "institutions", from).await;
        assert!(moved > 0, "no refused call moved anything");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
);
