//! The trend (docs/RULES.md §7.2): average benchmarks fully achieved per
//! school term over the last three years, over exactly the institutions the
//! dashboard counts (the Institution list's own `FROM … WHERE` as the set),
//! read from `term_evaluations` (one row per institution and term).
use super::table_of;
use crate::api::dashboard::figures::{Term, TrendPoint};
use crate::auth::permissions::{NetworkScope, RecordKind};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::records::query::ListQuery;
use crate::ssr::db::Db;
use crate::ssr::records::list::from_where;
use crate::ssr::sql::Arg;

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
    let t = table_of(RecordKind::Institution)?;
    let mut sql = from_where(db.backend, t, who, scope, q, None);
    let first = sql.arg(Arg::Text(terms[0].key()));
    let last = sql.arg(Arg::Text(now.key()));
    sql.prepend(
        "SELECT te.term AS term, COUNT(*) AS n, CAST(SUM(te.achieved) AS BIGINT) AS total \
         FROM term_evaluations te WHERE te.institution_id IN (SELECT t.id",
    );
    sql.push(&format!(
        ") AND te.term >= {first} AND te.term <= {last} GROUP BY te.term"
    ));
    sql.drop_unused_joins(t.from);
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
