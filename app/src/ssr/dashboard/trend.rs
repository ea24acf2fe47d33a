//! The trend (docs/RULES.md §7.2): average benchmarks fully achieved per
//! school term over the last three years, over exactly the institutions the
//! dashboard counts (the Institution list's own `FROM … WHERE` as the set),
//! read from `term_evaluations` (one row per institution and term).
use super::table_of;
use super::tallies::{self, Over};
use crate::api::dashboard::figures::{Term, TrendPoint};
use crate::auth::permissions::{NetworkScope, RecordKind};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::records::query::ListQuery;
use crate::ssr::db::Db;
use crate::ssr::records::list::from_where;
use crate::ssr::sql::{Arg, Sql};

/// Terms in the trend: the current one and the eight before it.
const TERMS: usize = 9;

#[derive(sqlx::FromRow)]
struct TermRow {
    term: String,
    n: i64,
    total: i64,
}

pub async fn trend(
    db: &Db,
    who: &Principal,
    scope: NetworkScope,
    q: &ListQuery,
    today: &str,
) -> Result<Vec<TrendPoint>, AppError> {
    let Some(now) = Term::of_date(today) else {
        return Ok(vec![]);
    };
    let terms = now.last(TERMS);
    let (first, last) = (terms[0].key(), now.key());
    // A Partner's or the nation's trend is summed from the term tallies kept
    // on write where they answer the filters (docs/RULES.md §7.4).
    let tallied = Over::of(who, scope).and_then(|o| tallies::from_where("term_tallies", o, q));
    let sql = match tallied {
        Some(mut sql) => {
            let (first, last) = (sql.arg(Arg::Text(first)), sql.arg(Arg::Text(last)));
            sql.prepend(
                "SELECT term, CAST(COALESCE(SUM(evaluated), 0) AS BIGINT) AS n, \
                 CAST(COALESCE(SUM(achieved_sum), 0) AS BIGINT) AS total",
            );
            sql.push(&format!(
                " AND term >= {first} AND term <= {last} GROUP BY term"
            ));
            sql
        }
        None => live(db, who, scope, q, first, last)?,
    };
    let rows = sql.query_as::<TermRow>().fetch_all(&db.read).await?;
    Ok(terms
        .into_iter()
        .map(|term| {
            let key = term.key();
            let row = rows.iter().find(|r| r.term == key);
            TrendPoint {
                term: term.label(),
                evaluated: row.map_or(0, |r| r.n),
                achieved_sum: row.map_or(0, |r| r.total),
            }
        })
        .collect())
}

/// The trend's pass over the institutions `q` selects within `scope`.
fn live(
    db: &Db,
    who: &Principal,
    scope: NetworkScope,
    q: &ListQuery,
    first: String,
    last: String,
) -> Result<Sql, AppError> {
    let t = table_of(RecordKind::Institution)?;
    let mut sql = from_where(db.backend, t, who, scope, q, None);
    let first = sql.arg(Arg::Text(first));
    let last = sql.arg(Arg::Text(last));
    sql.prepend(
        "SELECT te.term AS term, COUNT(*) AS n, CAST(SUM(te.achieved) AS BIGINT) AS total \
         FROM term_evaluations te WHERE te.institution_id IN (SELECT t.id",
    );
    sql.push(&format!(
        ") AND te.term >= {first} AND te.term <= {last} GROUP BY te.term"
    ));
    sql.drop_unused_joins(t.from);
    Ok(sql)
}
