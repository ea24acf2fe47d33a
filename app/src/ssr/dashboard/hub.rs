//! A careers-hub dashboard (EC, Sub-contractor, Partner, CEC Staff, Admin):
//! the grouped passes turned into figures, each with the link to its list
//! (docs/RULES.md §7).
use super::memo::{data_state, DataState, Memo};
use super::passes::{breakdown, comparison, groups, tally, Tally};
use super::pipeline::pipeline;
use super::tallies::{self, Over};
use super::{figure, list_query, quoted, with, year_ago};
use crate::api::dashboard::figures::{
    percent, BenchmarkRow, Breakdown, DashboardQuery, FilterChoices, HubDashboard, BENCHMARK_NAMES,
};
use crate::api::dashboard::period::Period;
use crate::auth::permissions::{Action, NetworkScope, RecordKind};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::records::query::ListQuery;
use crate::ssr::db::Db;
use crate::ssr::guard::network_kind;

/// Whole dashboards, per person and role, filter choice and day (docs/RULES.md §7.1).
static HUBS: Memo<(i64, String, String, String), HubDashboard> = Memo::new();
/// Comparison columns, per Partner (or the nation) and filter choice: the
/// same for everyone who compares against them.
static COMPARISONS: Memo<(bool, Option<i64>, String), [Option<f64>; 8]> = Memo::new();

/// The dashboard, served again while the data is unchanged (§7.1).
pub async fn hub(db: &Db, who: &Principal, dq: &DashboardQuery) -> Result<HubDashboard, AppError> {
    let state = data_state(db).await?;
    // The grant the person acts in is part of the key: one login may hold
    // two network roles and switch between them without any data changing.
    let key = (
        who.user_id,
        format!("{:?}", who.network),
        crate::ssr::clock::today(),
        format!("{dq:?}"),
    );
    if let Some(d) = HUBS.get(db, &key, &state) {
        return Ok(d);
    }
    let d = count(db, who, dq, &state).await?;
    HUBS.put(db, key, state, d.clone());
    Ok(d)
}

/// A comparison column (`scope` is the person's Partner or the nation),
/// remembered while the data is unchanged.
async fn compare(
    db: &Db,
    who: &Principal,
    scope: NetworkScope,
    q: &ListQuery,
    state: &DataState,
) -> Result<[Option<f64>; 8], AppError> {
    let by_partner = scope == NetworkScope::Partner;
    let partner = who
        .network
        .as_ref()
        .and_then(|g| g.binding.partner_id)
        .filter(|_| by_partner);
    let key = (by_partner, partner, format!("{q:?}"));
    if let Some(c) = COMPARISONS.get(db, &key, state) {
        return Ok(c);
    }
    // Summed from the tallies kept on write where they answer the filters;
    // otherwise (a period chosen, docs/RULES.md §7.4) the live pass.
    let tallied = match Over::of(who, scope) {
        Some(over) => tallies::comparison(db, over, q).await?,
        None => None,
    };
    let c = match tallied {
        Some(c) => c,
        None => comparison(db, who, scope, q).await?,
    };
    COMPARISONS.put(db, key, state.clone(), c);
    Ok(c)
}

async fn count(
    db: &Db,
    who: &Principal,
    dq: &DashboardQuery,
    state: &DataState,
) -> Result<HubDashboard, AppError> {
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
    // The period (docs/RULES.md §7.3): institutions evaluated in it, i.e.
    // whose latest evaluation is on or after its first day.
    if let Some(p) = dq.period.as_deref().and_then(Period::from_key) {
        common.push(("latest_evaluation_from", p.start(&today)));
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

    // The passes read independently: they run at once, each on its own
    // read connection (docs/RULES.md §7.3). A Partner's own pass without an
    // EC chosen is its Partner comparison, and a national one without a
    // Partner chosen its national comparison: no second pass for those.
    let own_is_partner = scope == NetworkScope::Partner && dq.ec.is_none();
    let own_is_national = national && dq.partner.is_none();
    let (groups, partner_cmp, national_cmp, (active_eas, pipeline), trend, monthly) = tokio::try_join!(
        groups(db, who, scope, &iq, &stale_before, by_people),
        async {
            if national || own_is_partner {
                return Ok(None);
            }
            compare(db, who, NetworkScope::Partner, &cq, state)
                .await
                .map(Some)
        },
        async {
            if own_is_national {
                return Ok(None);
            }
            compare(db, who, NetworkScope::National, &cq, state)
                .await
                .map(Some)
        },
        pipeline(db, who, &ea_filters),
        super::trend::trend(db, who, scope, &iq, &today),
        super::monthly_status::monthly_status(db, who),
    )?;
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
        for (d, v) in dist.iter_mut().zip(g.distribution()) {
            *d += v;
        }
    }
    let own = bench.map(|b| percent(b, all.evaluated));
    let partner_cmp = match (national, partner_cmp) {
        (true, _) => [None; 8],
        (false, Some(c)) => c,
        (false, None) => own,
    };
    let national_cmp = national_cmp.unwrap_or(own);
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
            percent: percent(bench[i], all.evaluated),
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
        breakdowns.push(breakdown(
            "region",
            "By region",
            "region",
            true,
            &groups,
            |g| g.region.as_ref(),
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
        trend,
        monthly,
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
