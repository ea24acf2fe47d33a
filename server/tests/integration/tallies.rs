//! docs/RULES.md §7.4: the tallies kept on write (migration 0017) equal the
//! live count over the rules — open, in network scope (§2.2, worked out
//! afresh), the latest Compass evaluation (§7) and the last one per school
//! term (§7.2), both picked afresh from every report — after a random series of every kind of write that can
//! move them: Compass reports added, the register import (phase, local
//! authority, kind, closing and reopening), URN list entries added and
//! closed, matches, an Institution moved to another Partner.
use crate::both;
use crate::gias_file::establishments;
use crate::scope_flags::{import, random_write, scalar, Rng};
use crate::support::TestDb;
use app::ssr::scope_rule::in_scope_sql;
use std::collections::BTreeMap;

/// (Partner, local authority, phase, evaluation type) → (evaluated, a1 … a8).
type Tallies = BTreeMap<(i64, String, String, String), Vec<i64>>;
type Row = (
    i64,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);

fn tallies(rows: Vec<Row>) -> Tallies {
    rows.into_iter()
        .map(|r| {
            let v = vec![r.4, r.5, r.6, r.7, r.8, r.9, r.10, r.11, r.12];
            ((r.0, r.1, r.2, r.3), v)
        })
        .filter(|(_, v)| v.iter().any(|n| *n != 0))
        .collect()
}

fn sums(expr: impl Fn(usize) -> String) -> String {
    (1..=8)
        .map(|k| format!(", CAST(SUM({}) AS BIGINT)", expr(k)))
        .collect()
}

async fn stored(t: &TestDb) -> Tallies {
    let sql = format!(
        "SELECT partner_id, local_authority, phase, evaluation_type, CAST(SUM(evaluated) AS BIGINT){} \
         FROM benchmark_tallies GROUP BY partner_id, local_authority, phase, evaluation_type",
        sums(|k| format!("a{k}"))
    );
    tallies(sqlx::query_as(&sql).fetch_all(&t.db.read).await.unwrap())
}

/// The same figures counted afresh from Institutions and every Compass report.
async fn live(t: &TestDb) -> Tallies {
    let sql = format!(
        "SELECT CAST(COALESCE(t.partner_id, 0) AS BIGINT), t.local_authority, t.phase, c.evaluation_type, \
         CAST(COUNT(*) AS BIGINT){} \
         FROM institutions t JOIN compass_reports c ON c.institution_id = t.id \
         WHERE c.id = (SELECT x.id FROM compass_reports x WHERE x.institution_id = t.id \
         ORDER BY x.completed_on DESC, x.id DESC LIMIT 1) \
         AND t.status = 'active' AND {} \
         GROUP BY COALESCE(t.partner_id, 0), t.local_authority, t.phase, c.evaluation_type",
        sums(|k| format!("CASE WHEN c.b{k} = 100 THEN 1 ELSE 0 END")),
        in_scope_sql("t")
    );
    tallies(sqlx::query_as(&sql).fetch_all(&t.db.read).await.unwrap())
}

/// (Partner, local authority, phase, latest evaluation type, term) → (evaluated, achieved).
type TermTallies = BTreeMap<(i64, String, String, String, String), (i64, i64)>;

fn term_tallies(rows: Vec<(i64, String, String, String, String, i64, i64)>) -> TermTallies {
    rows.into_iter()
        .filter(|r| r.5 != 0 || r.6 != 0)
        .map(|r| ((r.0, r.1, r.2, r.3, r.4), (r.5, r.6)))
        .collect()
}

async fn stored_terms(t: &TestDb) -> TermTallies {
    let sql = "SELECT partner_id, local_authority, phase, evaluation_type, term, \
               CAST(SUM(evaluated) AS BIGINT), CAST(SUM(achieved_sum) AS BIGINT) FROM term_tallies \
               GROUP BY partner_id, local_authority, phase, evaluation_type, term";
    term_tallies(sqlx::query_as(sql).fetch_all(&t.db.read).await.unwrap())
}

/// A report of an open in-scope Institution: id, Partner, local authority,
/// phase, type, completed on, b1 to b8.
type ReportRow = (
    i64,
    Option<i64>,
    String,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);

/// Per term, each open in-scope Institution's last report of the term
/// (picked afresh), under its latest report's type.
async fn live_terms(t: &TestDb) -> TermTallies {
    let rows: Vec<ReportRow> =
        sqlx::query_as(&format!(
            "SELECT t.id, t.partner_id, t.local_authority, t.phase, c.evaluation_type, c.completed_on, \
             c.b1, c.b2, c.b3, c.b4, c.b5, c.b6, c.b7, c.b8 \
             FROM institutions t JOIN compass_reports c ON c.institution_id = t.id \
             WHERE t.status = 'active' AND {} ORDER BY t.id, c.completed_on, c.id",
            in_scope_sql("t")
        ))
        .fetch_all(&t.db.read)
        .await
        .unwrap();
    // Reports oldest first: the last seen per term is that term's, the last
    // seen overall the latest.
    let mut per_term: BTreeMap<(i64, String), i64> = BTreeMap::new();
    let mut latest: BTreeMap<i64, (i64, String, String, String)> = BTreeMap::new();
    for r in &rows {
        let achieved = [r.6, r.7, r.8, r.9, r.10, r.11, r.12, r.13]
            .iter()
            .filter(|b| **b == 100)
            .count() as i64;
        let term = app::api::dashboard::figures::Term::of_date(&r.5)
            .unwrap()
            .key();
        per_term.insert((r.0, term), achieved);
        latest.insert(
            r.0,
            (r.1.unwrap_or(0), r.2.clone(), r.3.clone(), r.4.clone()),
        );
    }
    let mut out = TermTallies::new();
    for ((inst, term), achieved) in per_term {
        let (p, la, phase, kind) = latest[&inst].clone();
        let e = out.entry((p, la, phase, kind, term)).or_default();
        e.0 += 1;
        e.1 += achieved;
    }
    out
}

/// Both tallies equal their live counts.
async fn check(t: &TestDb, when: &str) {
    assert_eq!(stored(t).await, live(t).await, "benchmark tallies {when}");
    assert_eq!(
        stored_terms(t).await,
        live_terms(t).await,
        "term tallies {when}"
    );
}

/// A Compass report for a random Institution, written as the seed writes
/// one: the report, then its Institution's latest evaluation refreshed.
async fn add_report(t: &TestDb, rng: &mut Rng) {
    let n = scalar(t, "SELECT COUNT(*) FROM institutions").await;
    let inst: i64 = sqlx::query_scalar("SELECT id FROM institutions ORDER BY id LIMIT 1 OFFSET $1")
        .bind(rng.below(n as usize) as i64)
        .fetch_one(&t.db.read)
        .await
        .unwrap();
    let kind = app::records::schema::EVALUATION_TYPES[rng.below(3)];
    // Sometimes older than the latest (the latest stays), sometimes newer.
    let day = format!(
        "202{}-{:02}-1{}",
        3 + rng.below(4),
        1 + rng.below(12),
        rng.below(10)
    );
    let score = |rng: &mut Rng| [100, 100, 50, 0][rng.below(4)];
    let b: Vec<i64> = (0..8).map(|_| score(rng)).collect();
    let mut tx = t.db.begin_write().await.unwrap();
    sqlx::query(
        "INSERT INTO compass_reports (institution_id, evaluation_type, completed_on, \
         b1, b2, b3, b4, b5, b6, b7, b8, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0)",
    )
    .bind(inst)
    .bind(kind)
    .bind(&day)
    .bind(b[0])
    .bind(b[1])
    .bind(b[2])
    .bind(b[3])
    .bind(b[4])
    .bind(b[5])
    .bind(b[6])
    .bind(b[7])
    .execute(&mut *tx)
    .await
    .unwrap();
    app::ssr::latest_evaluations::refresh(&mut tx, Some(inst))
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// Admin moves a random Institution to another Partner.
async fn move_partner(t: &TestDb, rng: &mut Rng) {
    let admin = scalar(
        t,
        "SELECT MIN(u.id) FROM users u JOIN role_grants g ON g.user_id = u.id AND g.role = 'admin'",
    )
    .await;
    let (id, version, partner): (i64, i64, Option<i64>) = sqlx::query_as(
        "SELECT id, version, partner_id FROM institutions ORDER BY id LIMIT 1 OFFSET $1",
    )
    .bind(rng.below(30) as i64)
    .fetch_one(&t.db.read)
    .await
    .unwrap();
    let other: i64 =
        sqlx::query_scalar("SELECT id FROM partners WHERE id <> $1 ORDER BY id LIMIT 1")
            .bind(partner.unwrap_or(0))
            .fetch_one(&t.db.read)
            .await
            .unwrap();
    app::ssr::la_partner::set_one(&t.db, admin, id, version, other)
        .await
        .expect("move to another Partner");
}

both!(the_tallies_follow_every_write, |t: TestDb| async move {
    let app = t.app();
    assert!(!stored(&t).await.is_empty(), "the seed is tallied");
    assert!(!stored_terms(&t).await.is_empty(), "the seed is tallied");
    check(&t, "after the seed").await;
    let partner = app.sign_in("partner").await;
    let mut register = establishments(910_000, 24);
    import(&t, &register).await;
    let mut rng = Rng(0x2f6b_52d1_9e0c_a3b7);
    let mut done = vec![];
    for step in 0..48 {
        let what = match rng.below(5) {
            0 | 1 => {
                add_report(&t, &mut rng).await;
                "report"
            }
            2 => {
                // The register closes or reopens establishments (no
                // network role closes an Institution: RULES §2.1).
                for _ in 0..3 {
                    let e = &mut register[rng.below(24)];
                    let closed = e.status == "Closed";
                    e.status = if closed { "Open" } else { "Closed" }.into();
                    e.close = if closed {
                        String::new()
                    } else {
                        "31-08-2024".into()
                    };
                }
                import(&t, &register).await;
                "close or reopen"
            }
            3 => {
                move_partner(&t, &mut rng).await;
                "move Partner"
            }
            _ => {
                // The register also moves an establishment's local authority.
                let i = rng.below(register.len());
                register[i].la = ["Leeds", "Devon", "York"][rng.below(3)].into();
                random_write(&t, &app, &partner, &mut rng, &mut register).await
            }
        };
        done.push(what);
        check(
            &t,
            &format!("step {step} ({what}); writes so far: {done:?}"),
        )
        .await;
    }
    for what in [
        "report",
        "close or reopen",
        "move Partner",
        "import",
        "add URN",
    ] {
        assert!(done.contains(&what), "the series covers {what}: {done:?}");
    }
});

both!(
    the_tallies_are_filled_in_when_the_stored_answers_are,
    |t: TestDb| async move {
        // Rows whose in-scope answer is not yet computed are not tallied;
        // the backfill after migrating computes it and the tallies follow.
        t.exec("UPDATE institutions SET in_scope = NULL, matched = NULL WHERE id % 3 = 0")
            .await;
        assert_ne!(stored(&t).await, live(&t).await);
        assert_ne!(stored_terms(&t).await, live_terms(&t).await);
        t.db.migrate().await.expect("migrate again");
        check(&t, "after the backfill").await;
    }
);
