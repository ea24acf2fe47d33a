//! The comparison columns read from `benchmark_tallies` (docs/RULES.md §7.4):
//! per Partner, local authority, phase and latest evaluation type, the
//! evaluated in-scope Institutions and how many fully achieve each benchmark,
//! kept in step on write by triggers (migration 0017). A column then sums a
//! few hundred rows instead of passing over every Institution of the nation.
//!
//! The tallies answer only a query whose every filter is one they are keyed
//! by, compared the way the Institution list compares it (`records::list`):
//! in scope (the tallies hold in-scope Institutions only), phase, a quoted
//! local authority and the latest evaluation type, all by equality. Any other
//! filter (the period, which depends on today's date) leaves the answer to
//! the live pass (`passes::comparison`), and a test compares the two.
use crate::records::query::{ListQuery, StatusFilter};
use crate::ssr::db::Db;
use crate::ssr::records::list::exact;
use crate::ssr::sql::{Arg, Sql};

/// Which comparison: one Partner's, or the nation's.
#[derive(Clone, Copy, Debug)]
pub enum Over {
    Partner(i64),
    Nation,
}

/// The tally column a list filter selects on, with its value; `None` when
/// the tallies cannot answer that filter.
fn keyed<'a>(key: &str, value: &'a str) -> Option<Option<(&'static str, &'a str)>> {
    match key {
        // Every tallied Institution is in scope; "no" is not tallied.
        "in_scope" => (value == "yes").then_some(None),
        "phase" => Some(Some(("phase", value))),
        // Only an exact (quoted) value compares by equality on the list.
        "local_authority" => exact(value).map(|v| Some(("local_authority", v))),
        "latest_evaluation_type" => Some(Some(("evaluation_type", value))),
        _ => None,
    }
}

#[derive(sqlx::FromRow)]
struct Sums {
    evaluated: i64,
    a1: i64,
    a2: i64,
    a3: i64,
    a4: i64,
    a5: i64,
    a6: i64,
    a7: i64,
    a8: i64,
}

/// The % of evaluated Institutions fully achieving each benchmark, as the
/// live pass over `q` (which must hold the in-scope filter) would count it,
/// or `None` when `q` has a filter the tallies are not keyed by.
pub async fn comparison(
    db: &Db,
    over: Over,
    q: &ListQuery,
) -> Result<Option<[Option<f64>; 8]>, sqlx::Error> {
    if !q.q.is_empty() || q.status != StatusFilter::Active {
        return Ok(None);
    }
    let mut conds = vec![];
    let mut in_scope = false;
    for (key, value) in &q.filters {
        match keyed(key, value) {
            None => return Ok(None),
            Some(None) => in_scope = true,
            Some(Some(cond)) => conds.push(cond),
        }
    }
    if !in_scope {
        return Ok(None);
    }
    let sum = |c: &str| format!("CAST(COALESCE(SUM({c}), 0) AS BIGINT) AS {c}");
    let cols: Vec<String> = ["evaluated", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"]
        .iter()
        .map(|c| sum(c))
        .collect();
    let mut sql = Sql::new(format!(
        "SELECT {} FROM benchmark_tallies WHERE 1 = 1",
        cols.join(", ")
    ));
    if let Over::Partner(id) = over {
        sql.push(" AND partner_id = ").int(id);
    }
    for (col, value) in conds {
        let p = sql.arg(Arg::Text(value.to_string()));
        sql.push(&format!(" AND {col} = {p}"));
    }
    let s = sql.query_as::<Sums>().fetch_one(&db.read).await?;
    let achieved = [s.a1, s.a2, s.a3, s.a4, s.a5, s.a6, s.a7, s.a8];
    Ok(Some(if s.evaluated > 0 {
        achieved.map(|a| Some(a as f64 * 100.0 / s.evaluated as f64))
    } else {
        [None; 8]
    }))
}
