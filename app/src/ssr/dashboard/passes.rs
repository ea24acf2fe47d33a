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
use crate::ssr::records::tables::INSTITUTION_MATCHED;
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
    pub achieved: Option<i64>,
    pub n: i64,
    pub matched: i64,
    pub stale: i64,
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
}

const EC_NAME: &str = "e.first_name || ' ' || e.last_name";
const NO_TEXT: &str = "CAST(NULL AS TEXT)";

fn benchmark_sums() -> String {
    (1..=8)
        .map(|k| format!(", COALESCE(SUM(CASE WHEN l.b{k} = 100 THEN 1 ELSE 0 END), 0) AS b{k}"))
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
    let (ec, sc) = if by_people {
        (EC_NAME, "s.name")
    } else {
        (NO_TEXT, NO_TEXT)
    };
    sql.prepend(&format!(
        "SELECT p.name AS partner, p.region AS region, t.local_authority AS la, t.phase AS phase, {ec} AS ec, {sc} AS sc, \
         l.achieved AS achieved, COUNT(*) AS n, \
         SUM(CASE WHEN {INSTITUTION_MATCHED} = 'yes' THEN 1 ELSE 0 END) AS matched, \
         SUM(CASE WHEN l.completed_on IS NULL OR l.completed_on = '' OR l.completed_on < {p} THEN 1 ELSE 0 END) AS stale\
         {}",
        benchmark_sums()
    ));
    sql.push(&format!(
        " GROUP BY p.name, p.region, t.local_authority, t.phase, {ec}, {sc}, l.achieved"
    ));
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
    sql.prepend(&format!(
        "SELECT {NO_TEXT} AS partner, {NO_TEXT} AS region, {NO_TEXT} AS la, {NO_TEXT} AS phase, {NO_TEXT} AS ec, {NO_TEXT} AS sc, \
         CAST(NULL AS BIGINT) AS achieved, COUNT(*) AS n, CAST(0 AS BIGINT) AS matched, CAST(0 AS BIGINT) AS stale{}",
        benchmark_sums()
    ));
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
    if let Some(a) = g.achieved {
        into.evaluated += g.n;
        into.achieved_sum += a * g.n;
    }
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
