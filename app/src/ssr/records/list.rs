//! Lists: the query's search, filters, status and sort over a kind's table,
//! restricted to the granted scope, counted and paged.
use super::cells::{cell_columns, read_cells};
use super::page_ids::total_and_page;
use super::scope::push_scope;
use super::tables::{table, Table};
use crate::auth::permissions::{NetworkScope, RecordKind};
use crate::auth::roles::Principal;
use crate::records::query::{ListQuery, StatusFilter};
use crate::records::schema::{
    choosable_columns, columns, filter_column, label_keys, shown_columns, Bound, FilterBy,
};
use crate::records::view::{ListPage, ListRow};
use crate::ssr::db::Backend;
use crate::ssr::search::{contains_pattern, trigram_query};
use crate::ssr::sql::{Arg, Sql};

/// An extra condition on a list (related records): `cond` with `?` for `arg`.
#[derive(Clone, Copy, Debug)]
pub struct Extra {
    pub cond: &'static str,
    pub arg: i64,
}

/// `expr` contains the pattern, ignoring case: SQLite's LIKE already ignores
/// ASCII case (and LOWER() per row would cost a scan's worth of work);
/// PostgreSQL has ILIKE. On SQLite the pattern is `+?` (unary plus returns
/// its operand unchanged): a bare parameter on the right of LIKE makes
/// SQLite prepare the statement again whenever it is bound, to look for a
/// prefix an index could seek, and a contains pattern starts with `%`, so
/// that work never finds one: it was about a tenth of a national search's
/// page (RULES §3.1).
fn contains(backend: Backend, expr: &str, placeholder: &str) -> String {
    match backend {
        Backend::Sqlite => format!("{expr} LIKE +{placeholder} ESCAPE '\\'"),
        Backend::Postgres => format!("{expr} ILIKE {placeholder} ESCAPE '\\'"),
    }
}

/// The text inside double quotes, when a filter value is quoted.
pub fn exact(value: &str) -> Option<&str> {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .filter(|v| !v.is_empty())
}

/// A search's trigram index on SQLite, the column its hits are matched on,
/// and the FTS5 query.
pub struct IndexSearch {
    pub index: &'static str,
    pub key: &'static str,
    pub matching: String,
}

/// The trigram index that leads a search, when one does. Any narrower
/// scope than the nation's (a Partner's, a caseload, an assignment, one's
/// own records) is found through its own index and compared row by row, as
/// a common word's hits across the nation are thousands (RULES §3.1).
pub(super) fn search_index(
    backend: Backend,
    t: &Table,
    scope: NetworkScope,
    q: &ListQuery,
) -> Option<IndexSearch> {
    let (index, key) = t.search_index?;
    let national = scope == NetworkScope::National;
    let usable = backend == Backend::Sqlite && national && !t.search.is_empty();
    usable
        .then(|| trigram_query(&q.q))
        .flatten()
        .map(|matching| IndexSearch {
            index,
            key,
            matching,
        })
}

/// ` FROM … WHERE …` for a kind: scope, status, filters, search and `extra`.
pub fn from_where(
    backend: Backend,
    t: &Table,
    who: &Principal,
    scope: NetworkScope,
    q: &ListQuery,
    extra: Option<Extra>,
) -> Sql {
    let leading = search_index(backend, t, scope, q);
    from_where_by(backend, t, who, scope, q, extra, leading.as_ref())
}

/// `from_where`, with `leading`'s hits leading the rows when given, and
/// the plain conditions alone finding them otherwise.
pub(super) fn from_where_by(
    backend: Backend,
    t: &Table,
    who: &Principal,
    scope: NetworkScope,
    q: &ListQuery,
    extra: Option<Extra>,
    leading: Option<&IndexSearch>,
) -> Sql {
    let mut sql = Sql::new(" FROM ");
    // The trigram index's hits lead the join (CROSS JOIN fixes the order),
    // so only candidate rows are read; the LIKE below still decides.
    match leading {
        Some(IndexSearch {
            index,
            key,
            matching,
        }) => {
            let m = sql.arg(Arg::Text(matching.clone()));
            sql.push(&format!(
                "(SELECT rowid AS hit FROM {index} WHERE {index} MATCH {m}) hits \
                 CROSS JOIN {} WHERE {key} = hits.hit",
                t.from
            ));
        }
        None => {
            sql.push(&format!("{} WHERE 1 = 1", t.from));
        }
    }
    push_scope(&mut sql, t, who, scope);
    match q.status {
        StatusFilter::Active => {
            sql.push(&format!(" AND {} = 'active'", t.status));
        }
        StatusFilter::Closed => {
            sql.push(&format!(" AND {} = 'closed'", t.status));
        }
        StatusFilter::All => {}
    }
    for (key, value) in &q.filters {
        let Some((schema, bound)) = filter_column(t.kind, key) else {
            continue;
        };
        let Some(col) = t.col(schema.key) else {
            continue;
        };
        let cond = match (schema.filter, col.filter_sql) {
            (Some(FilterBy::Flag), Some((yes, no))) => {
                if value == "yes" { yes } else { no }.to_string()
            }
            // A `Before` column's own conditions: (before, on or after).
            (Some(FilterBy::Before), Some((before, since))) => {
                let p = sql.arg(Arg::Text(value.clone()));
                let cond = if bound == Some(Bound::From) {
                    since
                } else {
                    before
                };
                cond.replace('?', &p)
            }
            (Some(_), Some((cond, _))) => {
                let p = sql.arg(Arg::Text(value.clone()));
                cond.replace('?', &p)
            }
            (Some(FilterBy::Choice(_)) | Some(FilterBy::Flag), None) => {
                format!("{} = {}", col.expr, sql.arg(Arg::Text(value.clone())))
            }
            // A value in double quotes matches exactly (a dashboard's link to
            // one local authority, Partner or EC: docs/RULES.md §7).
            (Some(FilterBy::Text), None) => match exact(value) {
                Some(v) => format!("{} = {}", col.expr, sql.arg(Arg::Text(v.to_string()))),
                None => {
                    let p = sql.arg(Arg::Text(contains_pattern(value)));
                    contains(backend, col.expr, &p)
                }
            },
            (Some(FilterBy::Recorded), None) if value == "yes" => {
                format!("COALESCE({}, '') <> ''", col.expr)
            }
            (Some(FilterBy::Recorded), None) => format!("COALESCE({}, '') = ''", col.expr),
            // "Evaluated since" (docs/RULES.md §7.3).
            (Some(FilterBy::Before), None) if bound == Some(Bound::From) => {
                let p = sql.arg(Arg::Text(value.clone()));
                format!("{} >= {p}", col.expr)
            }
            (Some(FilterBy::Before), None) => {
                let p = sql.arg(Arg::Text(value.clone()));
                format!("({e} IS NULL OR {e} = '' OR {e} < {p})", e = col.expr)
            }
            (Some(FilterBy::Until), None) => {
                let p = sql.arg(Arg::Text(value.clone()));
                format!("(COALESCE({e}, '') <> '' AND {e} <= {p})", e = col.expr)
            }
            (Some(FilterBy::Includes(_)), None) => {
                let p = sql.arg(Arg::Text(format!("% {value} %")));
                format!("(' ' || {} || ' ') LIKE {p}", col.expr)
            }
            // docs/RULES.md §3.2: plain comparisons on indexed columns.
            (Some(FilterBy::Under), None) => {
                let p = sql.arg(Arg::Int(value.parse().unwrap_or(0)));
                format!("{} < {p}", col.expr)
            }
            (Some(FilterBy::Count(_)), None) => {
                let p = sql.arg(Arg::Int(value.parse().unwrap_or(-1)));
                format!("{} = {p}", col.expr)
            }
            (Some(FilterBy::Between), None) => {
                let p = sql.arg(Arg::Text(value.clone()));
                match bound {
                    Some(Bound::To) => format!("{} <= {p}", col.expr),
                    Some(Bound::From) | None => format!("{} >= {p}", col.expr),
                }
            }
            (None, _) => continue,
        };
        sql.push(" AND ").push(&cond);
    }
    if !q.q.is_empty() && !t.search.is_empty() {
        let p = sql.arg(Arg::Text(contains_pattern(&q.q)));
        let any = t
            .search
            .iter()
            .map(|e| contains(backend, e, &p))
            .collect::<Vec<_>>()
            .join(" OR ");
        sql.push(" AND (").push(&any).push(")");
    }
    if let Some(e) = extra {
        let p = sql.arg(Arg::Int(e.arg));
        sql.push(" AND ").push(&e.cond.replace('?', &p));
    }
    sql
}

/// ` ORDER BY …`: the chosen column, then id so pages never overlap. Plain
/// column order lets the database walk an index and stop after one page
/// (empty values sort first on SQLite, last on PostgreSQL).
pub fn order_by(t: &Table, q: &ListQuery) -> String {
    let key = q.sort.as_deref().or_else(|| {
        columns(t.kind)
            .and_then(|c| c.iter().find(|c| c.in_list))
            .map(|c| c.key)
    });
    let dir = if q.desc { "DESC" } else { "ASC" };
    match key.and_then(|k| t.col(k)) {
        Some(col) => format!(" ORDER BY {e} {dir}, t.id {dir}", e = col.expr),
        None => format!(" ORDER BY t.id {dir}"),
    }
}

/// `SELECT t.id, status, cells…` for the given schema columns; a key the
/// table has no SQL for is an error.
pub fn select(t: &Table, keys: &[&str]) -> Result<String, sqlx::Error> {
    Ok(format!(
        "SELECT t.id AS id, {} AS status{}",
        t.status,
        cell_columns(t, keys)?
    ))
}

/// The keys a list selects, in cell order: the link's (`label_keys`), then
/// the shown columns for `scope` and the query's choice (RULES §5.2).
pub fn list_keys(kind: RecordKind, scope: NetworkScope, q: &ListQuery) -> Vec<&'static str> {
    let mut keys = label_keys(kind).to_vec();
    keys.extend(shown_columns(kind, scope, &q.columns).iter().map(|c| c.key));
    keys
}

pub fn all_keys(kind: RecordKind) -> Vec<&'static str> {
    columns(kind)
        .unwrap_or_default()
        .iter()
        .map(|c| c.key)
        .collect()
}

/// The fixed head of every row `select` reads.
#[derive(sqlx::FromRow)]
pub struct RowHead {
    pub id: i64,
    pub status: String,
}

pub fn read_row(row: &sqlx::any::AnyRow, n: usize) -> Result<ListRow, sqlx::Error> {
    let head: RowHead = sqlx::FromRow::from_row(row)?;
    Ok(ListRow {
        id: head.id,
        closed: head.status == "closed",
        cells: read_cells(row, n)?,
    })
}

/// One page of a kind's list within `scope`.
pub async fn list(
    db: &crate::ssr::db::Db,
    who: &Principal,
    kind: RecordKind,
    q: &ListQuery,
    scope: NetworkScope,
    extra: Option<Extra>,
) -> Result<ListPage, sqlx::Error> {
    let t = table(kind)
        .ok_or_else(|| sqlx::Error::Protocol(format!("{kind:?} has no records table")))?;
    let keys = list_keys(kind, scope, q);
    let (total, page) = total_and_page(db, t, who, scope, q, extra, &select(t, &keys)?).await?;
    let rows = page
        .iter()
        .map(|r| read_row(r, keys.len()))
        .collect::<Result<_, _>>()?;
    let label = label_keys(kind).len();
    Ok(ListPage {
        kind,
        query: q.clone(),
        total,
        rows,
        columns: keys[label..].iter().map(|k| k.to_string()).collect(),
        choosable: choosable_columns(kind, scope)
            .iter()
            .map(|c| c.key.to_string())
            .collect(),
    })
}
