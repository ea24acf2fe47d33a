//! The grouped passes over the institutions in scope (docs/RULES.md §7): one
//! over the person's own scope (headline, benchmarks, distribution,
//! breakdowns) and, for the comparison columns, one over the Partner or the
//! nation. Each is the Institution list's own `FROM … WHERE`.
use super::{href, quoted, table_of, with};
use crate::api::dashboard::figures::{Breakdown, BreakdownRow, Figure};
use crate::auth::permissions::{NetworkScope, RecordKind};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::records::query::ListQuery;
use crate::ssr::db::Db;
use crate::ssr::records::list::{from_where, Extra};
use std::collections::BTreeMap;

/// One group of in-scope institutions with the same dimensions.
#[derive(sqlx::FromRow)]
pub struct Group {
    pub partner: Option<String>,
    pub region: Option<String>,
    pub la: Option<String>,
    pub phase: Option<String>,
    pub ec: Option<String>,
    pub sc: Option<String>,
    pub n: i64,
    pub matched: i64,
    pub stale: i64,
    /// Institutions with a latest evaluation, and their benchmarks achieved.
    pub evaluated: i64,
    pub achieved_sum: i64,
    /// Evaluated institutions fully achieving 0, 1, … 8 benchmarks.
    pub d0: i64,
    pub d1: i64,
    pub d2: i64,
    pub d3: i64,
    pub d4: i64,
    pub d5: i64,
    pub d6: i64,
    pub d7: i64,
    pub d8: i64,
    pub b1: i64,
    pub b2: i64,
    pub b3: i64,
    pub b4: i64,
    pub b5: i64,
    pub b6: i64,
    pub b7: i64,
    pub b8: i64,
}

impl Group {
    pub fn benchmarks(&self) -> [i64; 8] {
        [
            self.b1, self.b2, self.b3, self.b4, self.b5, self.b6, self.b7, self.b8,
        ]
    }
    pub fn distribution(&self) -> [i64; 9] {
        [
            self.d0, self.d1, self.d2, self.d3, self.d4, self.d5, self.d6, self.d7, self.d8,
        ]
    }
}

const EC_NAME: &str = "MAX(e.first_name || ' ' || e.last_name)";
const NO_TEXT: &str = "CAST(NULL AS TEXT)";

/// A count of the rows where `cond` holds (0 over no rows), as BIGINT on both databases.
fn count_where(cond: &str) -> String {
    format!("CAST(COALESCE(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END), 0) AS BIGINT)")
}

fn benchmark_sums() -> String {
    (1..=8)
        .map(|k| format!(", {} AS b{k}", count_where(&format!("l.b{k} = 100"))))
        .collect()
}

fn distribution_sums() -> String {
    (0..=8)
        .map(|k| format!(", {} AS d{k}", count_where(&format!("l.achieved = {k}"))))
        .collect()
}

/// The grouped pass over the institutions `q` selects within `scope`.
pub async fn groups(
    db: &Db,
    who: &Principal,
    scope: NetworkScope,
    q: &ListQuery,
    stale_before: &str,
    by_people: bool,
) -> Result<Vec<Group>, AppError> {
    let t = table_of(RecordKind::Institution)?;
    let mut sql = from_where(db.backend, t, who, scope, q, None);
    let p = sql.arg(crate::ssr::sql::Arg::Text(stale_before.to_string()));
    // Grouped by the Institution's own columns (ids, not names), so the
    // national pass walks one covering index in group order without a sort
    // (docs/RULES.md §7.3); the names are read per group.
    let (ec, sc, people) = if by_people {
        (EC_NAME, "MAX(s.name)", ", t.ec_id, t.subcontractor_id")
    } else {
        (NO_TEXT, NO_TEXT, "")
    };
    sql.prepend(&format!(
        "SELECT MAX(p.name) AS partner, MAX(p.region) AS region, t.local_authority AS la, t.phase AS phase, \
         {ec} AS ec, {sc} AS sc, COUNT(*) AS n, {} AS matched, {} AS stale, \
         COUNT(l.institution_id) AS evaluated, CAST(COALESCE(SUM(l.achieved), 0) AS BIGINT) AS achieved_sum{}{}",
        count_where("t.matched = 1"),
        count_where(&format!(
            "l.completed_on IS NULL OR l.completed_on = '' OR l.completed_on < {p}"
        )),
        distribution_sums(),
        benchmark_sums()
    ));
    sql.push(&format!(
        " GROUP BY t.partner_id, t.local_authority, t.phase{people}"
    ));
    sql.drop_unused_joins(t.from);
    Ok(sql.query_as::<Group>().fetch_all(&db.read).await?)
}

/// Evaluated institutions and how many fully achieve each benchmark, for a
/// comparison column (the Partner's, the nation's).
pub async fn comparison(
    db: &Db,
    who: &Principal,
    scope: NetworkScope,
    q: &ListQuery,
) -> Result<[Option<f64>; 8], AppError> {
    let t = table_of(RecordKind::Institution)?;
    let mut sql = from_where(
        db.backend,
        t,
        who,
        scope,
        q,
        Some(Extra {
            cond: "l.institution_id > ?",
            arg: 0,
        }),
    );
    let zero = "CAST(0 AS BIGINT)";
    let zeros: String = (0..=8).map(|k| format!(", {zero} AS d{k}")).collect();
    sql.prepend(&format!(
        "SELECT {NO_TEXT} AS partner, {NO_TEXT} AS region, {NO_TEXT} AS la, {NO_TEXT} AS phase, {NO_TEXT} AS ec, {NO_TEXT} AS sc, \
         COUNT(*) AS n, {zero} AS matched, {zero} AS stale, {zero} AS evaluated, {zero} AS achieved_sum{zeros}{}",
        benchmark_sums()
    ));
    sql.drop_unused_joins(t.from);
    let g = sql.query_as::<Group>().fetch_optional(&db.read).await?;
    Ok(match g {
        Some(g) if g.n > 0 => g.benchmarks().map(|b| Some(b as f64 * 100.0 / g.n as f64)),
        _ => [None; 8],
    })
}

#[derive(Default)]
pub struct Tally {
    pub n: i64,
    pub matched: i64,
    pub evaluated: i64,
    pub achieved_sum: i64,
}

pub fn tally(g: &Group, into: &mut Tally) {
    into.n += g.n;
    into.matched += g.matched;
    into.evaluated += g.evaluated;
    into.achieved_sum += g.achieved_sum;
}

/// A breakdown over one dimension; a row whose value is empty has no link
/// (no list filter selects "empty").
pub fn breakdown(
    key: &str,
    title: &str,
    filter: &str,
    exact: bool,
    groups: &[Group],
    pick: impl Fn(&Group) -> Option<&String>,
    q: &ListQuery,
) -> Breakdown {
    let mut by: BTreeMap<String, Tally> = BTreeMap::new();
    for g in groups {
        let label = pick(g).cloned().unwrap_or_default();
        tally(g, by.entry(label).or_default());
    }
    let rows = by
        .into_iter()
        .map(|(label, t)| {
            let (shown, q) = if label.is_empty() {
                ("(none)".to_string(), None)
            } else {
                let v = if exact { quoted(&label) } else { label.clone() };
                (label, Some(with(q, filter, &v)))
            };
            let link = |extra: Option<(&str, &str)>| match (&q, extra) {
                (Some(q), Some((k, v))) => href(RecordKind::Institution, &with(q, k, v)),
                (Some(q), None) => href(RecordKind::Institution, q),
                (None, _) => String::new(),
            };
            BreakdownRow {
                institutions: Figure {
                    label: shown.clone(),
                    value: t.n,
                    href: link(None),
                },
                matched: Figure {
                    label: shown,
                    value: t.matched,
                    href: link(Some(("matched", "yes"))),
                },
                evaluated: t.evaluated,
                achieved_sum: t.achieved_sum,
            }
        })
        .collect();
    Breakdown {
        key: key.into(),
        title: title.into(),
        rows,
    }
}
