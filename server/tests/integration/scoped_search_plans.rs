//! A search within a Partner's, an EC's or a Sub-contractor's rows is
//! compared row by row over the scope's own index, and that index carries
//! every searched column, so SQLite reads the index alone and a page still
//! walks it in order (docs/RULES.md §3.1). A searched column added to a
//! register without adding it to these indexes fails here, not in a
//! benchmark months later.
use crate::support::{Backend, TestDb};
use app::auth::permissions::RecordKind;
use app::ssr::records::tables::table;

/// SQLite's plan of `sql` with `$1` bound to a containment pattern.
async fn plan(t: &TestDb, sql: &str) -> Vec<String> {
    let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
        .bind("%ash%")
        .fetch_all(&t.db.read)
        .await
        .unwrap();
    rows.into_iter().map(|r| r.3).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scoped_search_reads_its_scope_index_alone() {
    let t = TestDb::new(Backend::Sqlite).await.unwrap();
    let cases = [
        (RecordKind::Institution, &["t.name", "t.urn"][..]),
        (RecordKind::Ea, &["t.first_name", "t.last_name"][..]),
        (RecordKind::Ec, &["t.last_name"][..]),
    ];
    let mut checked = 0;
    for (kind, orders) in cases {
        let tb = table(kind).unwrap();
        let any = tb
            .search
            .iter()
            .map(|e| format!("{e} LIKE +$1 ESCAPE '\\'"))
            .collect::<Vec<_>>()
            .join(" OR ");
        // The scopes narrower than the nation's that one column decides (a
        // Sub-contractor's EAs and ECs are theirs by either of two columns,
        // and one's own EC record is the row itself).
        let sc = match tb.facts.subcontractors {
            [one] => Some(*one),
            _ => None,
        };
        let scopes = [tb.facts.partner, tb.facts.ec, sc];
        for scope in scopes.into_iter().flatten().filter(|s| *s != "t.id") {
            let from = format!(
                "FROM {} t WHERE {scope} = 1 AND t.status = 'active' AND ({any})",
                tb.table
            );
            let count = plan(&t, &format!("SELECT COUNT(*) {from}")).await;
            assert!(
                count.iter().any(|d| d.contains("USING COVERING INDEX")),
                "{kind:?} searched within {scope}: the count reads the table, {count:?}"
            );
            checked += 1;
            if scope != "t.partner_id" {
                continue;
            }
            for order in orders {
                let page = format!("SELECT t.id {from} ORDER BY {order}, t.id LIMIT 50");
                let steps = plan(&t, &page).await;
                assert!(
                    steps.iter().any(|d| d.contains("USING COVERING INDEX"))
                        && !steps.iter().any(|d| d.contains("TEMP B-TREE")),
                    "{kind:?} searched within {scope}, by {order}: {steps:?}"
                );
            }
        }
    }
    assert_eq!(checked, 6, "every scope column was checked");
}

/// A list's page is one statement: its ids in a subquery, then the shown
/// columns of those rows alone (docs/RULES.md §5.2). SQLite must look each of
/// the page's rows up by its id, not walk the table and test each row
/// against the ids, and the subquery must still walk the scope's index.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_page_reads_only_its_own_rows() {
    use app::records::query::ListQuery;
    use app::ssr::records::list::{list_keys, select};
    use app::ssr::records::page_ids::{ids_sql, page_sql};
    use app::ssr::sql::Sql;
    let t = TestDb::new(Backend::Sqlite).await.unwrap();
    let tb = table(RecordKind::Institution).unwrap();
    for sort in ["name", "urn"] {
        let q = ListQuery {
            sort: Some(sort.to_string()),
            per_page: 50,
            ..ListQuery::default()
        };
        let keys = list_keys(
            RecordKind::Institution,
            app::auth::permissions::NetworkScope::National,
            &q,
        );
        let fw = Sql::new(format!(
            " FROM {} WHERE t.partner_id = 1 AND t.status = 'active' AND t.name LIKE +$1",
            tb.from
        ));
        let page = page_sql(tb, &q, ids_sql(tb, &q, fw, 0), &select(tb, &keys).unwrap());
        let steps = plan(&t, page.as_str()).await;
        assert!(
            steps
                .iter()
                .any(|d| d == "SEARCH t USING INTEGER PRIMARY KEY (rowid=?)")
                && steps.iter().any(|d| d.contains("USING COVERING INDEX"))
                && !steps
                    .iter()
                    .any(|d| d.starts_with("SCAN") && !d.starts_with("SCAN page_ids")),
            "the page by {sort}: {steps:?}"
        );
    }
}
