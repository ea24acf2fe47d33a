//! The figures a submission snapshots (docs/RULES.md §2.4). Each is counted
//! with the FROM … WHERE the submitting Partner user's own list builds
//! (`records::list::from_where`: their scope, the list's default status and
//! its filters), so a figure equals that list's total at that moment. The
//! counts run inside the submitting transaction: on SQLite it holds the write
//! lock, on PostgreSQL it reads one snapshot (REPEATABLE READ).
use crate::auth::permissions::{decide_network, Action, NetworkTarget, RecordKind};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::records::monthly::{Figures, Month};
use crate::records::query::ListQuery;
use crate::ssr::db::{Backend, Tx};
use crate::ssr::guard::allowed;
use crate::ssr::records::list::from_where;
use crate::ssr::records::tables::table;
use crate::ssr::sql::{Arg, Sql};

/// The query string of the Institution list the in-scope figures count.
pub const IN_SCOPE_QUERY: &str = "f_in_scope=yes";

/// `SELECT <select>` over the list of `kind` as `who` sees it with `query`,
/// plus `extra` conditions (text with `?` for the month's bounds).
fn list_sql(
    backend: Backend,
    who: &Principal,
    kind: RecordKind,
    query: &str,
    select: &str,
) -> Result<Sql, AppError> {
    let scope = allowed(decide_network(
        who,
        Action::View,
        &NetworkTarget::Kind(kind),
    ))?;
    let t = table(kind).ok_or_else(|| AppError::NotFound(format!("no list of {kind:?}")))?;
    let q = ListQuery::parse(kind, query);
    let mut sql = from_where(backend, t, who, scope, &q, None);
    sql.prepend(&format!("SELECT {select}"));
    Ok(sql)
}

async fn run(tx: &mut Tx, sql: &Sql) -> Result<i64, sqlx::Error> {
    sql.query_scalar::<i64>().fetch_one(&mut **tx).await
}

/// The seven counts, as `who` (a Partner user) sees the register now.
pub async fn count(
    tx: &mut Tx,
    backend: Backend,
    who: &Principal,
    month: Month,
) -> Result<Figures, AppError> {
    use RecordKind as K;
    let ecs = list_sql(backend, who, K::Ec, "", "COUNT(*)")?;
    let eas = list_sql(backend, who, K::Ea, "", "COUNT(*)")?;
    let in_scope = list_sql(backend, who, K::Institution, IN_SCOPE_QUERY, "COUNT(*)")?;
    let mut with_ec = in_scope.clone();
    with_ec.push(" AND t.ec_id IS NOT NULL");
    let mut matched = in_scope.clone();
    matched.push(
        " AND EXISTS (SELECT 1 FROM ea_matches mm WHERE mm.institution_id = t.id AND mm.status = 'active')",
    );
    let employers = list_sql(backend, who, K::Ea, "", "COUNT(DISTINCT t.employer_id)")?;
    let mut compass = list_sql(backend, who, K::CompassReport, "", "COUNT(*)")?;
    let from = compass.arg(Arg::Text(month.first_day()));
    let to = compass.arg(Arg::Text(month.next().first_day()));
    compass.push(&format!(
        " AND t.completed_on >= {from} AND t.completed_on < {to}"
    ));
    Ok(Figures {
        active_ecs: run(tx, &ecs).await?,
        active_eas: run(tx, &eas).await?,
        institutions_in_scope: run(tx, &in_scope).await?,
        institutions_with_ec: run(tx, &with_ec).await?,
        matched_institutions: run(tx, &matched).await?,
        employers_engaged: run(tx, &employers).await?,
        compass_completed: run(tx, &compass).await?,
    })
}
