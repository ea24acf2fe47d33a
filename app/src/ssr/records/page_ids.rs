//! A list's total and its page's rows. The page is found in two steps inside
//! one statement: the ids, reading only what the filters and the sort need,
//! then every shown column for those ids alone.
use super::list::{from_where, from_where_by, order_by, search_index, Extra};
use super::tables::{counted, Table};
use crate::auth::permissions::NetworkScope;
use crate::auth::roles::Principal;
use crate::records::query::ListQuery;
use crate::records::schema::filter_column;
use crate::ssr::db::{Db, Row};
use crate::ssr::sql::Sql;

/// The total of `fw`'s rows, selecting `extra` columns beside it.
fn count_sql(t: &Table, fw: &Sql, extra: &str) -> Sql {
    let mut count = fw.clone();
    count.prepend(&format!("SELECT COUNT(*) AS n{extra}"));
    count.drop_unused_joins(t.from);
    count
}

/// The total of a searched list whose rows belong to the rows of a smaller
/// table that stores how many they have (`tables::counted`), when the
/// search and every other condition read those rows alone: their stored
/// numbers added up, each matching row read once instead of once per list
/// row (RULES §3.1). None when the list is not searched (a plain count walks
/// one index), has another condition, or has no such table.
fn counted_sql(
    backend: crate::ssr::db::Backend,
    t: &Table,
    who: &Principal,
    scope: NetworkScope,
    q: &ListQuery,
    extra: Option<Extra>,
    rows: &str,
) -> Option<Sql> {
    let c = counted(t.kind)?;
    let own =
        |key: &str| filter_column(t.kind, key).is_none_or(|(col, _)| c.filters.contains(&col.key));
    if q.q.trim().is_empty() || extra.is_some() || !q.filters.iter().all(|(k, _)| own(k)) {
        return None;
    }
    let mut count = from_where(backend, &c.table, who, scope, q, None);
    count.prepend(&format!(
        "SELECT CAST(COALESCE(SUM({}), 0) AS BIGINT) AS n{rows}",
        c.rows
    ));
    Some(count)
}

/// One page of `fw`'s ids in the list's order.
pub fn ids_sql(t: &Table, q: &ListQuery, fw: Sql, offset: i64) -> Sql {
    let mut ids = fw;
    ids.prepend("SELECT t.id AS id").push(&format!(
        "{} LIMIT {} OFFSET {}",
        order_by(t, q),
        q.per_page,
        offset
    ));
    ids.drop_unused_joins(t.from);
    ids
}

/// The rows of the page `ids` finds, with `select`'s columns, in the same
/// order: one statement, so the page costs one round trip to the database,
/// not one for its ids and another for their columns (RULES §5.2). The ids
/// lead the join (CROSS JOIN fixes the order on SQLite), so each row is
/// looked up by its id; as a condition (`t.id IN (…)`) SQLite may instead
/// walk a whole index in the page's order to spare sorting fifty rows.
/// Sorting the page's rows again is how both databases promise the order.
pub fn page_sql(t: &Table, q: &ListQuery, ids: Sql, select: &str) -> Sql {
    let mut page = ids;
    page.prepend(&format!("{select} FROM (")).push(&format!(
        ") page_ids CROSS JOIN {} WHERE t.id = page_ids.id{}",
        t.from,
        order_by(t, q)
    ));
    page
}

/// Whether a page of `wanted` rows (its offset and its length) is cheaper to
/// find by walking the list's order and stopping at the page's end than by
/// reading and sorting every one of the index's `total` hits: in order, the
/// page ends after about `wanted × rows / total` of the `rows` indexed rows.
/// That holds when matches are spread through the order; a word that
/// matches a name sorted by name gathers in one stretch of it ("Leeds …"
/// under L), and the walk may pass most rows first. So only a word matching
/// at least an eighth of the rows walks: then even a gathered one costs no
/// more than a plain scan (RULES §3.1).
pub fn walk_is_cheaper(total: i64, rows: i64, wanted: i64) -> bool {
    total.saturating_mul(total) > wanted.saturating_mul(rows) && total.saturating_mul(8) >= rows
}

/// Whether SQLite reads `ids` in the list's order and can stop after the
/// page, rather than sorting every match first ("USE TEMP B-TREE FOR ORDER
/// BY"; sorting only the right part of the order still stops early). The
/// plan is prepared once per statement and connection, as the statement is.
async fn walks_in_order(db: &Db, ids: &Sql) -> Result<bool, sqlx::Error> {
    let mut explain = ids.clone();
    explain.prepend("EXPLAIN QUERY PLAN ");
    let plan: Vec<(i64, i64, i64, String)> = explain.query_as().fetch_all(&db.read).await?;
    Ok(!plan
        .iter()
        .any(|(_, _, _, detail)| detail == "USE TEMP B-TREE FOR ORDER BY"))
}

/// The list's total and its page's rows, with `select`'s columns.
///
/// Two plain statements rather than one with `COUNT(*) OVER ()`: the window
/// copies every match into a temporary table before the first row comes
/// back, which cost more than the rest of the page together (RULES §5.2).
/// They run at once, unless the trigram index leads a search and SQLite
/// can walk the list's order: then the total comes first, and with it the
/// page's route, as a common word's page is found faster by walking the
/// order (RULES §3.1).
pub async fn total_and_page(
    db: &Db,
    t: &Table,
    who: &Principal,
    scope: NetworkScope,
    q: &ListQuery,
    extra: Option<Extra>,
    select: &str,
) -> Result<(i64, Vec<Row>), sqlx::Error> {
    let offset = i64::from(q.page.saturating_sub(1)) * i64::from(q.per_page);
    let leading = search_index(db.backend, t, scope, q);
    let fw = from_where_by(db.backend, t, who, scope, q, extra, leading.as_ref());
    let walk = match &leading {
        Some(search) => {
            let plain = from_where_by(db.backend, t, who, scope, q, extra, None);
            let walk = ids_sql(t, q, plain, offset);
            walks_in_order(db, &walk)
                .await?
                .then_some((search.index, walk))
        }
        None => None,
    };
    let Some((index, walk)) = walk else {
        let count = counted_sql(db.backend, t, who, scope, q, extra, "")
            .unwrap_or_else(|| count_sql(t, &fw, ""));
        let page = page_sql(t, q, ids_sql(t, q, fw, offset), select);
        return tokio::try_join!(
            count.query_scalar::<i64>().fetch_one(&db.read),
            page.query().fetch_all(&db.read),
        );
    };
    // Rows are never deleted, so the index's highest rowid is its size.
    let rows = format!(", (SELECT rowid FROM {index} ORDER BY rowid DESC LIMIT 1) AS rows");
    let (total, rows): (i64, Option<i64>) = counted_sql(db.backend, t, who, scope, q, extra, &rows)
        .unwrap_or_else(|| count_sql(t, &fw, &rows))
        .query_as()
        .fetch_one(&db.read)
        .await?;
    if offset >= total {
        return Ok((total, vec![]));
    }
    let ids = if walk_is_cheaper(total, rows.unwrap_or(0), offset + i64::from(q.per_page)) {
        walk
    } else {
        ids_sql(t, q, fw, offset)
    };
    let page = page_sql(t, q, ids, select);
    Ok((total, page.query().fetch_all(&db.read).await?))
}

#[cfg(test)]
mod tests {
    use super::walk_is_cheaper;

    #[test]
    fn a_common_word_walks_and_a_rare_one_reads_its_hits() {
        // 4,180 of 25,000 rows: the first page ends about 300 rows in.
        assert!(walk_is_cheaper(4_180, 25_000, 50));
        // 200 of 25,000: a page would take 6,250 rows to fill.
        assert!(!walk_is_cheaper(200, 25_000, 50));
        // Deep pages walk further.
        assert!(!walk_is_cheaper(4_180, 25_000, 1_000));
        // 1,250 of 25,000 would fill a page in 500 rows if spread out, but
        // may be gathered in one stretch of the order.
        assert!(!walk_is_cheaper(1_250, 25_000, 25));
        assert!(!walk_is_cheaper(0, 0, 50));
    }
}
