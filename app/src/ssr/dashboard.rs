//! Network dashboards (docs/RULES.md §7). Every count is taken over the
//! Institution or EA list's own `FROM … WHERE` (`records::list::from_where`)
//! with the very filters its link carries, so a figure and the total of the
//! list it links to are the same query. One grouped pass over the
//! institutions in scope gives the headline, the benchmarks, the
//! distribution and the breakdowns; one pass over the EAs gives the pipeline.
pub mod ops;

use super::records::list::{from_where, Extra};
use super::records::tables::{table, EA_MATCHED, INSTITUTION_MATCHED};
use crate::api::dashboard::figures::{
    BenchmarkRow, Breakdown, BreakdownRow, Dashboard, DashboardQuery, Figure, FilterChoices,
    HubDashboard, BENCHMARK_NAMES,
};
use crate::auth::permissions::{decide_network, Action, NetworkScope, NetworkTarget, RecordKind};
use crate::auth::roles::{NetworkRole, Principal};
use crate::error::AppError;
use crate::records::query::ListQuery;
use crate::ssr::db::Db;
use crate::ssr::guard::network_kind;
use crate::url_query::{self, UrlQuery};
use std::collections::BTreeMap;

/// The dashboard of the role the person acts in.
pub async fn dashboard(
    db: &Db,
    who: &Principal,
    dq: &DashboardQuery,
) -> Result<Dashboard, AppError> {
    match who.network_role() {
        None => Ok(Dashboard::None),
        Some(NetworkRole::NetworkOps) => Ok(Dashboard::Ops(Box::new(ops::ops(db, who).await?))),
        Some(
            NetworkRole::EnterpriseCoordinator
            | NetworkRole::Partner
            | NetworkRole::SubContractor
            | NetworkRole::CecStaff
            | NetworkRole::Admin,
        ) => Ok(Dashboard::Hub(Box::new(hub(db, who, dq).await?))),
    }
}

/// A list query of `kind` from `(key, value)` filters, validated exactly as
/// the list validates its URL (anything invalid is dropped the same way).
pub fn list_query(kind: RecordKind, filters: &[(&str, String)]) -> ListQuery {
    let pairs = filters.iter().map(|(k, v)| (format!("f_{k}"), v.clone()));
    ListQuery::parse(kind, &url_query::encode(pairs))
}

/// `q` with one more filter.
pub fn with(q: &ListQuery, key: &str, value: &str) -> ListQuery {
    let mut out = q.clone();
    out.filters.retain(|(k, _)| k != key);
    out.filters.push((key.to_string(), value.to_string()));
    out.filters.sort();
    out
}

pub fn href(kind: RecordKind, q: &ListQuery) -> String {
    q.href(&format!("/areas/{}", kind.slug()))
}

pub fn figure(kind: RecordKind, label: impl Into<String>, value: i64, q: &ListQuery) -> Figure {
    Figure {
        label: label.into(),
        value,
        href: href(kind, q),
    }
}

/// The records table of a kind with a list.
pub fn table_of(kind: RecordKind) -> Result<&'static crate::ssr::records::tables::Table, AppError> {
    Ok(table(kind)
        .ok_or_else(|| sqlx::Error::Protocol(format!("{kind:?} has no records table")))?)
}

/// A value matched exactly by a text filter (docs/RULES.md §7).
fn quoted(v: &str) -> String {
    format!("\"{v}\"")
}

/// Twelve months before today, `YYYY-MM-DD` (29 February becomes the 28th).
pub fn year_ago(today: &str) -> String {
    let y: i32 = today.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(2000);
    let rest = today.get(4..).unwrap_or("-01-01");
    let rest = if rest == "-02-29" { "-02-28" } else { rest };
    format!("{:04}{rest}", y - 1)
}

/// One group of in-scope institutions with the same dimensions.
#[derive(sqlx::FromRow)]
struct Group {
    partner: Option<String>,
    la: Option<String>,
    phase: Option<String>,
    ec: Option<String>,
    sc: Option<String>,
    achieved: Option<i64>,
    n: i64,
    matched: i64,
    stale: i64,
    b1: i64,
    b2: i64,
    b3: i64,
    b4: i64,
    b5: i64,
    b6: i64,
    b7: i64,
    b8: i64,
}

impl Group {
    fn benchmarks(&self) -> [i64; 8] {
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
async fn groups(
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
        "SELECT p.name AS partner, t.local_authority AS la, t.phase AS phase, {ec} AS ec, {sc} AS sc, \
         l.achieved AS achieved, COUNT(*) AS n, \
         SUM(CASE WHEN {INSTITUTION_MATCHED} = 'yes' THEN 1 ELSE 0 END) AS matched, \
         SUM(CASE WHEN l.completed_on IS NULL OR l.completed_on = '' OR l.completed_on < {p} THEN 1 ELSE 0 END) AS stale\
         {}",
        benchmark_sums()
    ));
    sql.push(&format!(
        " GROUP BY p.name, t.local_authority, t.phase, {ec}, {sc}, l.achieved"
    ));
    Ok(sql.query_as::<Group>().fetch_all(&db.read).await?)
}

/// Evaluated institutions and how many fully achieve each benchmark, for a
/// comparison column (the Partner's, the nation's).
async fn comparison(
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
        "SELECT CAST(NULL AS TEXT) AS partner, {NO_TEXT} AS la, {NO_TEXT} AS phase, {NO_TEXT} AS ec, {NO_TEXT} AS sc, \
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
struct Tally {
    n: i64,
    matched: i64,
    evaluated: i64,
    achieved_sum: i64,
}

fn tally(g: &Group, into: &mut Tally) {
    into.n += g.n;
    into.matched += g.matched;
    if let Some(a) = g.achieved {
        into.evaluated += g.n;
        into.achieved_sum += a * g.n;
    }
}

/// A breakdown over one dimension; a row whose value is empty has no link
/// (no list filter selects "empty").
fn breakdown(
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

async fn hub(db: &Db, who: &Principal, dq: &DashboardQuery) -> Result<HubDashboard, AppError> {
    use RecordKind as K;
    let scope = network_kind(who, Action::View, K::Institution)?;
    let national = scope == NetworkScope::National;
    let by_people = matches!(scope, NetworkScope::Partner | NetworkScope::Assigned);
    let today = crate::ssr::clock::today();
    let stale_before = year_ago(&today);

    // The filter bar as Institution list filters; the comparisons leave out
    // the EC and Partner choices (they compare against the whole Partner or nation).
    let mut common: Vec<(&str, String)> = vec![("in_scope", "yes".into())];
    if let Some(p) = &dq.phase {
        common.push(("phase", p.clone()));
    }
    if let Some(la) = &dq.la {
        common.push(("local_authority", quoted(la)));
    }
    if let Some(e) = &dq.evaluation {
        common.push(("latest_evaluation_type", e.clone()));
    }
    let mut mine = common.clone();
    let mut ea_filters: Vec<(&str, String)> = vec![];
    if let (Some(ec), true) = (&dq.ec, by_people) {
        mine.push(("ec", quoted(ec)));
        ea_filters.push(("ec", quoted(ec)));
    }
    if let (Some(p), true) = (&dq.partner, national) {
        mine.push(("partner", quoted(p)));
        ea_filters.push(("partner", quoted(p)));
    }
    let iq = list_query(K::Institution, &mine);
    let cq = list_query(K::Institution, &common);

    let groups = groups(db, who, scope, &iq, &stale_before, by_people).await?;
    let mut all = Tally::default();
    let mut stale = 0;
    let mut bench = [0i64; 8];
    let mut dist = [0i64; 9];
    for g in &groups {
        tally(g, &mut all);
        stale += g.stale;
        for (b, v) in bench.iter_mut().zip(g.benchmarks()) {
            *b += v;
        }
        if let Some(a) = g
            .achieved
            .and_then(|a| usize::try_from(a).ok())
            .filter(|a| *a <= 8)
        {
            dist[a] += g.n;
        }
    }
    let partner_cmp = if national {
        [None; 8]
    } else {
        comparison(db, who, NetworkScope::Partner, &cq).await?
    };
    // A national dashboard without a Partner chosen is its own national
    // comparison: no second pass.
    let national_cmp = if national && dq.partner.is_none() {
        bench.map(|b| crate::api::dashboard::figures::percent(b, all.evaluated))
    } else {
        comparison(db, who, NetworkScope::National, &cq).await?
    };
    let benchmarks = (0..8)
        .map(|i| BenchmarkRow {
            number: i as u8 + 1,
            name: BENCHMARK_NAMES[i].into(),
            achieved: figure(
                K::Institution,
                format!("Benchmark {}", i + 1),
                bench[i],
                &with(&iq, "benchmarks_fully_achieved", &(i + 1).to_string()),
            ),
            percent: crate::api::dashboard::figures::percent(bench[i], all.evaluated),
            partner_percent: partner_cmp[i],
            national_percent: national_cmp[i],
        })
        .collect();
    let distribution = (0..=8)
        .map(|n| {
            figure(
                K::Institution,
                format!("{n} achieved"),
                dist[n],
                &with(&iq, "benchmarks_achieved", &n.to_string()),
            )
        })
        .collect();

    let mut breakdowns = vec![];
    if by_people {
        breakdowns.push(breakdown(
            "ec",
            "By EC",
            "ec",
            true,
            &groups,
            |g| g.ec.as_ref(),
            &iq,
        ));
    }
    if scope == NetworkScope::Partner {
        breakdowns.push(breakdown(
            "subcontractor",
            "By Sub-contractor",
            "subcontractor",
            true,
            &groups,
            |g| g.sc.as_ref(),
            &iq,
        ));
    }
    if national {
        breakdowns.push(breakdown(
            "partner",
            "By Partner",
            "partner",
            true,
            &groups,
            |g| g.partner.as_ref(),
            &iq,
        ));
    }
    breakdowns.push(breakdown(
        "la",
        "By local authority",
        "local_authority",
        true,
        &groups,
        |g| g.la.as_ref(),
        &iq,
    ));
    breakdowns.push(breakdown(
        "phase",
        "By phase",
        "phase",
        false,
        &groups,
        |g| g.phase.as_ref(),
        &iq,
    ));

    let choices = FilterChoices {
        local_authorities: labels(&breakdowns, "la"),
        ecs: labels(&breakdowns, "ec"),
        partners: labels(&breakdowns, "partner"),
    };
    let (active_eas, pipeline) = pipeline(db, who, &ea_filters).await?;
    Ok(HubDashboard {
        scope_label: scope_label(who, scope),
        query: dq.clone(),
        choices,
        institutions: figure(K::Institution, "Institutions in scope", all.n, &iq),
        matched: figure(
            K::Institution,
            "With a matched EA",
            all.matched,
            &with(&iq, "matched", "yes"),
        ),
        evaluated: all.evaluated,
        achieved_sum: all.achieved_sum,
        stale: figure(
            K::Institution,
            "No evaluation in the last 12 months",
            stale,
            &with(&iq, "latest_evaluation", &stale_before),
        ),
        stale_before,
        active_eas,
        benchmarks,
        distribution,
        pipeline,
        breakdowns,
        has_partner_comparison: !national,
    })
}

fn labels(breakdowns: &[Breakdown], key: &str) -> Vec<String> {
    breakdowns
        .iter()
        .filter(|b| b.key == key)
        .flat_map(|b| b.rows.iter())
        .filter(|r| !r.institutions.href.is_empty())
        .map(|r| r.institutions.label.clone())
        .collect()
}

fn scope_label(who: &Principal, scope: NetworkScope) -> String {
    let bound = who
        .network
        .as_ref()
        .map(|g| g.bound_to.clone())
        .unwrap_or_default();
    match scope {
        NetworkScope::Own | NetworkScope::Caseload => "your caseload".into(),
        NetworkScope::Assigned => format!("the records assigned to {bound}"),
        NetworkScope::Partner => format!("your Partner, {bound}"),
        NetworkScope::National => "the whole network".into(),
    }
}

#[derive(sqlx::FromRow)]
struct EaCounts {
    n: i64,
    signed_up: Option<i64>,
    dbs: Option<i64>,
    induction: Option<i64>,
    matched: Option<i64>,
}

/// Active EAs and the pipeline, or nothing for a role without EAs.
async fn pipeline(
    db: &Db,
    who: &Principal,
    filters: &[(&str, String)],
) -> Result<(Option<Figure>, Vec<Figure>), AppError> {
    const K: RecordKind = RecordKind::Ea;
    let Ok(scope) = decide_network(who, Action::View, &NetworkTarget::Kind(K)).into_result() else {
        return Ok((None, vec![]));
    };
    let t = table_of(K)?;
    let q = list_query(K, filters);
    let mut sql = from_where(db.backend, t, who, scope, &q, None);
    sql.prepend(&format!(
        "SELECT COUNT(*) AS n, \
         SUM(CASE WHEN COALESCE(t.signed_up_on, '') <> '' THEN 1 ELSE 0 END) AS signed_up, \
         SUM(CASE WHEN COALESCE(t.dbs_check_on, '') = '' THEN 1 ELSE 0 END) AS dbs, \
         SUM(CASE WHEN COALESCE(t.induction_on, '') = '' THEN 1 ELSE 0 END) AS induction, \
         SUM(CASE WHEN {EA_MATCHED} = 'yes' THEN 1 ELSE 0 END) AS matched"
    ));
    let c = sql.query_as::<EaCounts>().fetch_one(&db.read).await?;
    let matched = c.matched.unwrap_or(0);
    let f =
        |label: &str, v: i64, key: &str, value: &str| figure(K, label, v, &with(&q, key, value));
    Ok((
        Some(figure(K, "Active EAs", c.n, &q)),
        vec![
            f("Signed up", c.signed_up.unwrap_or(0), "signed_up_on", "yes"),
            f(
                "DBS check outstanding",
                c.dbs.unwrap_or(0),
                "dbs_check_on",
                "no",
            ),
            f(
                "Induction outstanding",
                c.induction.unwrap_or(0),
                "induction_on",
                "no",
            ),
            f("Matched", matched, "matched", "yes"),
            f("Unmatched", c.n - matched, "matched", "no"),
        ],
    ))
}
