//! Figures counted ahead (docs/RULES.md §7.4): `benchmark_tallies` and
//! `term_tallies` hold, per Partner, local authority, phase and latest
//! evaluation type, the evaluated in-scope Institutions and how many fully
//! achieve each benchmark, and per school term the evaluated ones and what
//! they achieved; triggers keep them in step on write (migration 0017). The
//! comparison columns and a Partner's or the nation's trend then sum a few
//! hundred rows instead of passing over every Institution.
//!
//! The tallies answer only a query whose every filter is one they are keyed
//! by, compared the way the Institution list compares it (`records::list`):
//! in scope (they hold in-scope Institutions only), phase, a quoted local
//! authority and the latest evaluation type, all by equality. Any other
//! filter (a period, which depends on today's date; an EC or a Partner
//! chosen by name) leaves the answer to the live pass, and tests compare the
//! two.
use crate::auth::permissions::NetworkScope;
use crate::auth::roles::Principal;
use crate::records::query::{ListQuery, StatusFilter};
use crate::ssr::db::Db;
use crate::ssr::records::list::exact;
use crate::ssr::sql::{Arg, Sql};

/// Whose tallies: one Partner's, or the nation's.
#[derive(Clone, Copy, Debug)]
pub enum Over {
    Partner(i64),
    Nation,
}

impl Over {
    /// The tallies a scope sums, if any (a caseload or an assignment is not a key).
    pub fn of(who: &Principal, scope: NetworkScope) -> Option<Over> {
        match scope {
            NetworkScope::National => Some(Over::Nation),
            NetworkScope::Partner => who
                .network
                .as_ref()
                .and_then(|g| g.binding.partner_id)
                .map(Over::Partner),
            NetworkScope::Own | NetworkScope::Caseload | NetworkScope::Assigned => None,
        }
    }
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

/// ` FROM <table> WHERE …` selecting the tally rows of `over` that `q`
/// selects, or `None` when `q` has a filter the tallies are not keyed by
/// (or lacks the in-scope filter every tallied Institution passes).
pub fn from_where(table: &str, over: Over, q: &ListQuery) -> Option<Sql> {
    if !q.q.is_empty() || q.status != StatusFilter::Active {
        return None;
    }
    let mut sql = Sql::new(format!(" FROM {table} WHERE 1 = 1"));
    if let Over::Partner(id) = over {
        sql.push(" AND partner_id = ").int(id);
    }
    let mut in_scope = false;
    for (key, value) in &q.filters {
        match keyed(key, value)? {
            None => in_scope = true,
            Some((col, v)) => {
                let p = sql.arg(Arg::Text(v.to_string()));
                sql.push(&format!(" AND {col} = {p}"));
            }
        }
    }
    in_scope.then_some(sql)
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
/// live pass over `q` counts it, or `None` when the tallies cannot answer.
pub async fn comparison(
    db: &Db,
    over: Over,
    q: &ListQuery,
) -> Result<Option<[Option<f64>; 8]>, sqlx::Error> {
    let Some(mut sql) = from_where("benchmark_tallies", over, q) else {
        return Ok(None);
    };
    let cols: Vec<String> = ["evaluated", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"]
        .iter()
        .map(|c| format!("CAST(COALESCE(SUM({c}), 0) AS BIGINT) AS {c}"))
        .collect();
    sql.prepend(&format!("SELECT {}", cols.join(", ")));
    let s = sql.query_as::<Sums>().fetch_one(&db.read).await?;
    let achieved = [s.a1, s.a2, s.a3, s.a4, s.a5, s.a6, s.a7, s.a8];
    Ok(Some(if s.evaluated > 0 {
        achieved.map(|a| Some(a as f64 * 100.0 / s.evaluated as f64))
    } else {
        [None; 8]
    }))
}
