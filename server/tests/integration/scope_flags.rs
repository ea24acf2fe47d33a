//! docs/RULES.md §7.3: the in-scope and matched answers stored on each
//! Institution equal the rule computed afresh, after a random series of every
//! kind of write that can change them — the register import (new rows,
//! changed phase, type and group, closing and reopening), URN list entries
//! added and closed, matches made and ended, EAs closed (ending their
//! matches) — and the dashboard still counts what its lists total.
use crate::both;
use crate::gias_file::{csv_text, establishments, windows_1252, Establishment, TempFile};
use crate::support::{TestApp, TestDb};
use app::records::scope_rule::UrnList;
use app::ssr::gias::RegisterFile;
use app::ssr::scope_flags::{ea_matched_sql, matched_sql};
use app::ssr::scope_rule::in_scope_sql;
use app::ssr::urn_lists::InputLine;
use std::ops::ControlFlow;

/// A small deterministic generator.
pub(crate) struct Rng(pub(crate) u64);
impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// (id, urn, stored in_scope, rule, stored matched, rule).
type Answers = (i64, String, Option<i64>, i64, Option<i64>, i64);

/// Every Institution whose stored answers differ from the rule's.
async fn disagreements(t: &TestDb) -> Vec<Answers> {
    let sql = format!(
        "SELECT t.id, t.urn, t.in_scope, CASE WHEN {} THEN 1 ELSE 0 END AS rule_scope, \
         t.matched, CASE WHEN {} THEN 1 ELSE 0 END AS rule_matched FROM institutions t ORDER BY t.id",
        in_scope_sql("t"),
        matched_sql("t")
    );
    let rows: Vec<Answers> = sqlx::query_as(&sql).fetch_all(&t.db.read).await.unwrap();
    assert!(rows.len() > 20, "the fixture has institutions");
    rows.into_iter()
        .filter(|r| r.2 != Some(r.3) || r.4 != Some(r.5))
        .collect()
}

/// Every EA whose stored "matched" differs from its active matches, as (id, stored, rule).
async fn ea_disagreements(t: &TestDb) -> Vec<(i64, i64, i64)> {
    let sql = format!(
        "SELECT t.id, t.matched, CASE WHEN {} THEN 1 ELSE 0 END AS rule FROM eas t ORDER BY t.id",
        ea_matched_sql("t")
    );
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(&sql).fetch_all(&t.db.read).await.unwrap();
    assert!(rows.iter().any(|r| r.2 == 1), "the fixture has matched EAs");
    rows.into_iter().filter(|r| r.1 != r.2).collect()
}

pub(crate) async fn scalar(t: &TestDb, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(&t.db.read)
        .await
        .expect(sql)
}

pub(crate) async fn import(t: &TestDb, rows: &[Establishment]) {
    let (text, _) = csv_text(rows, None);
    let file = TempFile::new(&windows_1252(&text));
    let register = RegisterFile::open(&file.0).await.expect("a register file");
    register
        .import(&t.db, None, 7, |_| ControlFlow::Continue(()))
        .await
        .expect("import");
}

const KINDS: [(&str, &str, &str); 8] = [
    ("Academy converter", "Academies", "Secondary"),
    (
        "Community school",
        "Local authority maintained schools",
        "Primary",
    ),
    ("Further education", "Colleges", "16 plus"),
    (
        "Community special school",
        "Special schools",
        "Not applicable",
    ),
    (
        "Pupil referral unit",
        "Local authority maintained schools",
        "Not applicable",
    ),
    ("Other independent school", "Independent schools", "Nursery"),
    (
        "Higher education institutions",
        "Universities",
        "Not applicable",
    ),
    ("Academy converter", "Academies", "Middle deemed primary"),
];

/// One random write of a kind that can move a stored answer; returns its name.
pub(crate) async fn random_write(
    t: &TestDb,
    app: &TestApp,
    partner: &str,
    rng: &mut Rng,
    register: &mut [Establishment],
) -> &'static str {
    let admin = scalar(
        t,
        "SELECT MIN(u.id) FROM users u JOIN role_grants g ON g.user_id = u.id AND g.role = 'admin'",
    )
    .await;
    match rng.below(6) {
        0 => {
            // The register changes a few establishments' kind or status.
            for _ in 0..3 {
                let i = rng.below(register.len());
                let (kind, group, phase) = KINDS[rng.below(KINDS.len())];
                let e = &mut register[i];
                (e.kind, e.group, e.phase) = (kind.into(), group.into(), phase.into());
                e.status = if rng.below(5) == 0 { "Closed" } else { "Open" }.into();
                e.close = if e.status == "Closed" {
                    "31-08-2024".into()
                } else {
                    String::new()
                };
            }
            import(t, register).await;
            "import"
        }
        1 | 2 => {
            // A URN (an imported one, a seeded one, or one not in the register) on a list.
            let urn = match rng.below(3) {
                0 => register[rng.below(register.len())].urn.clone(),
                1 => sqlx::query_scalar::<_, String>(
                    "SELECT urn FROM institutions ORDER BY id LIMIT 1 OFFSET $1",
                )
                .bind(rng.below(40) as i64)
                .fetch_one(&t.db.read)
                .await
                .unwrap(),
                _ => "999777".to_string(),
            };
            let list = UrnList::ALL[rng.below(4)];
            let line = InputLine {
                line: 1,
                urn,
                reason: "test".into(),
            };
            app::ssr::urn_lists::add(&t.db, admin, list, vec![line], vec![])
                .await
                .expect("add entry");
            "add URN"
        }
        3 => {
            let entry: Option<(i64, String, i64)> = sqlx::query_as(
                "SELECT id, list, version FROM urn_list_entries WHERE status = 'active' \
                 ORDER BY id LIMIT 1 OFFSET $1",
            )
            .bind(rng.below(4) as i64)
            .fetch_optional(&t.db.read)
            .await
            .unwrap();
            if let Some((id, list, version)) = entry {
                let list = UrnList::from_key(&list).unwrap();
                app::ssr::urn_lists::close(&t.db, admin, list, id, version, "test")
                    .await
                    .expect("close entry");
            }
            "close URN"
        }
        4 => {
            // A Partner user matches an EA to a school, or ends a match.
            let pick = rng.below(40) as i64;
            let (ea, inst): (i64, i64) = sqlx::query_as(
                "SELECT e.id, i.id FROM eas e JOIN institutions i ON i.partner_id = e.partner_id \
                 WHERE e.partner_id = (SELECT partner_id FROM eas WHERE id = (SELECT MIN(id) FROM eas)) \
                 AND e.status = 'active' AND i.status = 'active' ORDER BY e.id, i.id LIMIT 1 OFFSET $1",
            )
            .bind(pick * 7)
            .fetch_one(&t.db.read)
            .await
            .unwrap();
            let active = scalar(
                t,
                &format!("SELECT COUNT(*) FROM ea_matches WHERE ea_id = {ea} AND institution_id = {inst} AND status = 'active'"),
            )
            .await;
            let (ea, inst) = (ea.to_string(), inst.to_string());
            let mut form = vec![("ea_id", ea.as_str()), ("institution_id", inst.as_str())];
            if active > 0 {
                form.push(("undo", "true"));
            }
            // 409 when the school already has two EAs: nothing changes then.
            app.post("/api/records/match", &form, Some(partner)).await;
            "match"
        }
        _ => {
            // Closing a matched EA ends its matches.
            let row: Option<(i64, i64)> = sqlx::query_as(
                "SELECT e.id, e.version FROM eas e JOIN ea_matches m ON m.ea_id = e.id AND m.status = 'active' \
                 WHERE e.status = 'active' AND e.partner_id = (SELECT partner_id FROM eas WHERE id = (SELECT MIN(id) FROM eas)) \
                 ORDER BY e.id LIMIT 1",
            )
            .fetch_optional(&t.db.read)
            .await
            .unwrap();
            if let Some((id, version)) = row {
                let r = app
                    .post(
                        "/api/records/close",
                        &[
                            ("kind", "Ea"),
                            ("id", &id.to_string()),
                            ("version", &version.to_string()),
                        ],
                        Some(partner),
                    )
                    .await;
                assert_eq!(r.status.as_u16(), 200, "{}", r.body);
            }
            "close EA"
        }
    }
}

both!(
    stored_scope_and_match_answers_follow_every_write,
    |t: TestDb| async move {
        let app = t.app();
        assert_eq!(disagreements(&t).await, vec![], "after the seed");
        assert_eq!(ea_disagreements(&t).await, vec![], "after the seed");
        let partner = app.sign_in("partner").await;
        let mut register = establishments(910_000, 24);
        import(&t, &register).await;
        assert_eq!(disagreements(&t).await, vec![], "after the first import");
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut done = vec![];
        for step in 0..40 {
            let what = random_write(&t, &app, &partner, &mut rng, &mut register).await;
            done.push(what);
            assert_eq!(
                disagreements(&t).await,
                vec![],
                "step {step} ({what}); writes so far: {done:?}"
            );
            assert_eq!(ea_disagreements(&t).await, vec![], "step {step} ({what})");
        }
        for what in ["import", "add URN", "close URN", "match", "close EA"] {
            assert!(done.contains(&what), "the series covers {what}: {done:?}");
        }
        // The flags moved, and the dashboard still counts what its list totals.
        let admin = app.sign_in("admin").await;
        let d = app
            .post("/api/dashboard", &[("query", "")], Some(&admin))
            .await;
        let d = d.json();
        let href = d["Hub"]["institutions"]["href"].as_str().unwrap();
        let (_, query) = href.split_once('?').unwrap();
        let r = app
            .post(
                "/api/records/list",
                &[("kind", "Institution"), ("query", query)],
                Some(&admin),
            )
            .await;
        assert_eq!(
            r.json()["total"],
            d["Hub"]["institutions"]["value"],
            "{href}"
        );
        let direct = scalar(
            &t,
            &format!(
                "SELECT COUNT(*) FROM institutions t WHERE t.status = 'active' AND {}",
                in_scope_sql("t")
            ),
        )
        .await;
        assert_eq!(d["Hub"]["institutions"]["value"].as_i64(), Some(direct));
    }
);

both!(
    rows_written_before_the_columns_existed_are_filled_in_on_migrate,
    |t: TestDb| async move {
        t.exec("UPDATE institutions SET in_scope = NULL, matched = NULL WHERE id % 3 = 0")
            .await;
        assert!(!disagreements(&t).await.is_empty());
        t.db.migrate().await.expect("migrate again");
        assert_eq!(disagreements(&t).await, vec![]);
    }
);
