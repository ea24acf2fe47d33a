//! docs/RULES.md §2.2: the in-scope SQL expression (`ssr::scope_rule`) and
//! its pure-Rust twin (`records::scope_rule`) give the same kind and verdict
//! for every register and demo value under every combination of the lists.
use crate::both;
use crate::support::TestDb;
use app::records::scope_rule::{category, in_scope, OnLists, UrnList};
use app::ssr::scope_rule::{category_sql, in_scope_sql};
use app::ssr::sql::Sql;

/// Every value the rule reads, from the register and the demo data.
const PHASES: &[&str] = &[
    "Primary",
    "Secondary",
    "All-through",
    "16 plus",
    "Middle deemed primary",
    "Middle deemed secondary",
    "Not applicable",
    "Nursery",
    "",
    "Special",
    "Alternative provision",
    "College",
    " secondary ",
];
const TYPES: &[&str] = &[
    "",
    "Community school",
    "Academy special converter",
    "Pupil referral unit",
    "Academy alternative provision converter",
    "Further education",
    "Higher education institutions",
    "Welsh establishment",
    "Other independent school",
    "Other independent special school",
];
const GROUPS: &[&str] = &[
    "",
    "Local authority maintained schools",
    "Academies",
    "Special schools",
    "Colleges",
    "Universities",
    "Independent schools",
    "Welsh schools",
    "Other types",
    "Free Schools",
];

#[derive(sqlx::FromRow)]
struct Verdict {
    urn: String,
    phase: String,
    establishment_type: String,
    establishment_group: String,
    category: String,
    in_scope: i64,
}

// Every phase × type × group, each under every one of the 16 combinations
// of the four lists: the SQL and the Rust twin give the same kind and verdict.
both!(
    sql_and_rust_agree_on_every_combination,
    |t: TestDb| async move {
        let mut combos = vec![];
        for p in PHASES {
            for k in TYPES {
                for g in GROUPS {
                    for mask in 0..16u32 {
                        combos.push((*p, *k, *g, mask));
                    }
                }
            }
        }
        for (chunk_no, chunk) in combos.chunks(400).enumerate() {
            let mut inst = Sql::new("INSERT INTO institutions (urn, name, phase, establishment_type, establishment_group, created_at, updated_at) VALUES ");
            let mut entries =
                Sql::new("INSERT INTO urn_list_entries (list, urn, created_at) VALUES ");
            let mut any_entry = false;
            for (i, (p, k, g, mask)) in chunk.iter().enumerate() {
                let urn = (800_000 + chunk_no * 400 + i).to_string();
                if i > 0 {
                    inst.push(", ");
                }
                inst.push("(")
                    .text(urn.clone())
                    .push(", 'x', ")
                    .text(*p)
                    .push(", ")
                    .text(*k)
                    .push(", ")
                    .text(*g)
                    .push(", 1, 1)");
                for (bit, list) in UrnList::ALL.iter().enumerate() {
                    if mask & (1 << bit) != 0 {
                        entries.push(if any_entry { ", (" } else { "(" });
                        entries
                            .text(list.key())
                            .push(", ")
                            .text(urn.clone())
                            .push(", 1)");
                        any_entry = true;
                    }
                }
            }
            inst.query()
                .execute(&t.db.read)
                .await
                .expect("institutions");
            entries.query().execute(&t.db.read).await.expect("entries");
        }
        // A closed entry on every list for one URN never counts.
        t.exec("INSERT INTO urn_list_entries (list, urn, status, created_at) VALUES ('included', '800000', 'closed', 1), ('excluded_primary', '800000', 'closed', 1)").await;
        let sql = format!(
        "SELECT t.urn, t.phase, t.establishment_type, t.establishment_group, {} AS category, \
         CAST(CASE WHEN {} THEN 1 ELSE 0 END AS BIGINT) AS in_scope FROM institutions t WHERE t.urn >= '800000' AND t.urn < '900000'",
        category_sql("t"),
        in_scope_sql("t")
    );
        let rows = sqlx::query_as::<_, Verdict>(&sql)
            .fetch_all(&t.db.read)
            .await
            .unwrap();
        assert_eq!(rows.len(), combos.len());
        let mut kinds = std::collections::HashSet::new();
        for r in rows {
            let n: usize = r.urn.parse::<usize>().unwrap() - 800_000;
            let mask = combos[n].3;
            let on = UrnList::ALL
                .iter()
                .enumerate()
                .filter(|(bit, _)| mask & (1 << bit) != 0)
                .fold(OnLists::default(), |on, (_, l)| on.with(*l));
            let want = category(&r.phase, &r.establishment_type, &r.establishment_group);
            assert_eq!(
                r.category,
                want.key(),
                "{}/{}/{}",
                r.phase,
                r.establishment_type,
                r.establishment_group
            );
            assert_eq!(
                r.in_scope == 1,
                in_scope(want, on),
                "{}/{}/{} lists {mask:04b}",
                r.phase,
                r.establishment_type,
                r.establishment_group
            );
            kinds.insert(want);
        }
        assert_eq!(kinds.len(), 7, "every kind was exercised: {kinds:?}");
    }
);
