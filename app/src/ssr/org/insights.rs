//! Dashboard and Organisation Reports: aggregates over exactly the
//! assessments the scope filter lets through, never more.
use super::assessments::{status_of, Assessment, CORE_COLUMNS, FROM};
use super::units::UnitChoice;
use super::visibility::{granted, path_text, push_scope};
use crate::api::org::figures::{
    AverageRating, Dashboard, Report, ReportRow, UnitFigures, REPORT_PAGE_ROWS,
};
use crate::api::org::query::ReportQuery;
use crate::api::org::types::{UnitOption, COMPETENCIES};
use crate::auth::permissions::{Action, OrgArea, OrgScope};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::ssr::db::Db;
use crate::ssr::sql::Sql;

/// Appends `WHERE <scope> [AND unit subtree] [AND period]`.
fn push_filters(
    sql: &mut Sql,
    who: &Principal,
    scope: OrgScope,
    unit: Option<i64>,
    period: Option<&str>,
) {
    sql.push(" WHERE (");
    push_scope(sql, who, scope);
    sql.push(")");
    if let Some(unit) = unit {
        sql.push(" AND u.path LIKE (SELECT path FROM org_units WHERE id = ")
            .int(unit)
            .push(") || '%'");
    }
    if let Some(p) = period {
        sql.push(" AND a.period = ").text(p);
    }
}

/// One unit's count of assessments in one status.
#[derive(sqlx::FromRow)]
struct UnitCount {
    id: i64,
    name: String,
    status: String,
    n: i64,
}

async fn by_unit(
    db: &Db,
    who: &Principal,
    scope: OrgScope,
    unit: Option<i64>,
    period: Option<&str>,
) -> Result<Vec<UnitFigures>, AppError> {
    let mut sql = Sql::new("SELECT u.id, u.name, u.path, a.status, COUNT(*) AS n");
    sql.push(FROM);
    push_filters(&mut sql, who, scope, unit, period);
    sql.push(" GROUP BY u.id, u.name, u.path, a.status ORDER BY u.path, u.id");
    let rows = sql.query_as::<UnitCount>().fetch_all(&db.read).await?;
    let mut out: Vec<UnitFigures> = vec![];
    for r in rows {
        if out.last().is_none_or(|u| u.unit_id != r.id) {
            out.push(UnitFigures {
                unit_id: r.id,
                unit_name: r.name,
                ..UnitFigures::default()
            });
        }
        if let Some(u) = out.last_mut() {
            u.add(status_of(&r.status), r.n);
        }
    }
    Ok(out)
}

/// Per competency, the sum of its ratings and how many were given.
#[derive(sqlx::FromRow)]
struct RatingSums {
    s1: Option<i64>,
    c1: i64,
    s2: Option<i64>,
    c2: i64,
    s3: Option<i64>,
    c3: i64,
    s4: Option<i64>,
    c4: i64,
    s5: Option<i64>,
    c5: i64,
}

async fn averages(
    db: &Db,
    who: &Principal,
    scope: OrgScope,
    unit: Option<i64>,
    period: Option<&str>,
) -> Result<Vec<AverageRating>, AppError> {
    let cols: Vec<String> = (1..=5)
        .map(|i| format!("CAST(SUM(a.rating_{i}) AS BIGINT) AS s{i}, COUNT(a.rating_{i}) AS c{i}"))
        .collect();
    let mut sql = Sql::new(format!("SELECT {}", cols.join(", ")));
    sql.push(FROM);
    push_filters(&mut sql, who, scope, unit, period);
    let r = sql.query_as::<RatingSums>().fetch_one(&db.read).await?;
    let sums = [
        (r.s1, r.c1),
        (r.s2, r.c2),
        (r.s3, r.c3),
        (r.s4, r.c4),
        (r.s5, r.c5),
    ];
    Ok(COMPETENCIES
        .iter()
        .zip(sums)
        .map(|(name, (sum, rated))| AverageRating {
            competency: name.to_string(),
            average: sum.filter(|_| rated > 0).map(|s| s as f64 / rated as f64),
            rated,
        })
        .collect())
}

async fn periods(db: &Db, who: &Principal, scope: OrgScope) -> Result<Vec<String>, AppError> {
    let mut sql = Sql::new("SELECT DISTINCT a.period");
    sql.push(FROM);
    push_filters(&mut sql, who, scope, None, None);
    sql.push(" ORDER BY a.period DESC");
    Ok(sql.query_scalar().fetch_all(&db.read).await?)
}

/// "the whole organisation", or the managed unit's name.
async fn scope_label(db: &Db, who: &Principal, scope: OrgScope) -> Result<String, AppError> {
    let managed = who
        .org
        .as_ref()
        .and_then(|g| g.managed_unit.as_ref())
        .and_then(|m| m.id());
    match (scope, managed) {
        (OrgScope::Unit, Some(id)) => {
            let name: Option<String> =
                sqlx::query_scalar("SELECT name FROM org_units WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&db.read)
                    .await?;
            Ok(name
                .map(|n| format!("{n} and the units below it"))
                .unwrap_or_default())
        }
        (OrgScope::Organisation, _) => Ok("the whole organisation".to_string()),
        (OrgScope::Own | OrgScope::Unit, _) => Ok("your own assessment".to_string()),
    }
}

/// The dashboard for `who`: its scope comes from `decide(View, OrgDashboard)`.
pub async fn dashboard(
    db: &Db,
    who: &Principal,
    period: Option<&str>,
) -> Result<Dashboard, AppError> {
    let scope = granted(who, Action::View, OrgArea::OrgDashboard)?;
    Ok(Dashboard {
        scope_label: scope_label(db, who, scope).await?,
        period: period.map(str::to_string),
        periods: periods(db, who, scope).await?,
        by_unit: by_unit(db, who, scope, None, period).await?,
        averages: averages(db, who, scope, None, period).await?,
    })
}

/// Units inside a scope, for the report's unit filter.
async fn units_in(db: &Db, who: &Principal, scope: OrgScope) -> Result<Vec<UnitOption>, AppError> {
    let mut sql = Sql::new("SELECT id, name, path FROM org_units WHERE status = 'active' AND ");
    match (
        scope,
        who.org.as_ref().and_then(|g| g.managed_unit.as_ref()),
    ) {
        (OrgScope::Organisation, _) => {
            sql.push("1 = 1");
        }
        (OrgScope::Unit, Some(m)) => {
            sql.push("path LIKE ").text(format!("{}%", path_text(m)));
        }
        (OrgScope::Own | OrgScope::Unit, _) => {
            sql.push("1 = 0");
        }
    }
    sql.push(" ORDER BY path");
    let rows = sql.query_as::<UnitChoice>().fetch_all(&db.read).await?;
    Ok(rows.into_iter().map(UnitOption::from).collect())
}

/// The SQL of a report: rows for `q` inside `scope`, in unit then name
/// order, read as `Assessment`s.
pub fn report_sql(who: &Principal, scope: OrgScope, q: &ReportQuery, limit: Option<usize>) -> Sql {
    let mut sql = Sql::new(CORE_COLUMNS);
    sql.push(FROM);
    push_filters(&mut sql, who, scope, q.unit, q.period.as_deref());
    sql.push(" ORDER BY u.path, s.last_name, s.first_name, a.period, a.id");
    // A page of the table (the download reads every row: no limit).
    if let Some(n) = limit {
        let offset = i64::from(q.page.max(1) - 1) * n as i64;
        sql.push(" LIMIT ")
            .int(n as i64)
            .push(" OFFSET ")
            .int(offset);
    }
    sql
}

/// One report row from a row of `report_sql`.
pub fn report_row(r: Assessment) -> ReportRow {
    let ratings = r.ratings();
    let given: Vec<i64> = ratings.iter().flatten().copied().collect();
    ReportRow {
        assessee: r.assessee(),
        reporting_officer: r.reporting_officer(),
        status: r.status(),
        id: r.id,
        period: r.period,
        ratings,
        average: (!given.is_empty()).then(|| given.iter().sum::<i64>() as f64 / given.len() as f64),
    }
}

/// Column headings of the report download.
pub fn report_header() -> Vec<String> {
    let mut h: Vec<String> = [
        "Assessment id",
        "Assessee",
        "Assessee unit",
        "Reporting officer",
        "Reporting officer unit",
        "Period",
        "Status",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    h.extend(COMPETENCIES.iter().map(|c| c.to_string()));
    h.push("Average rating".into());
    h
}

/// The cells of one report row, in `report_header` order (not yet escaped).
pub fn report_cells(r: &ReportRow) -> Vec<String> {
    let mut cells = vec![
        r.id.to_string(),
        r.assessee.name.clone(),
        r.assessee.unit_name.clone(),
        r.reporting_officer.name.clone(),
        r.reporting_officer.unit_name.clone(),
        r.period.clone(),
        r.status.label().to_string(),
    ];
    cells.extend(
        r.ratings
            .iter()
            .map(|x| x.map(|v| v.to_string()).unwrap_or_default()),
    );
    cells.push(r.average.map(|a| format!("{a:.2}")).unwrap_or_default());
    cells
}

async fn report_rows(
    db: &Db,
    who: &Principal,
    scope: OrgScope,
    q: &ReportQuery,
    limit: Option<usize>,
) -> Result<Vec<ReportRow>, AppError> {
    let sql = report_sql(who, scope, q, limit);
    let rows = sql.query_as::<Assessment>().fetch_all(&db.read).await?;
    Ok(rows.into_iter().map(report_row).collect())
}

/// The Organisation Report for `q`: scope from `decide(View, OrgReport)`.
pub async fn report(db: &Db, who: &Principal, q: &ReportQuery) -> Result<Report, AppError> {
    let scope = granted(who, Action::View, OrgArea::OrgReport)?;
    let by_unit = by_unit(db, who, scope, q.unit, q.period.as_deref()).await?;
    Ok(Report {
        query: q.clone(),
        scope_label: scope_label(db, who, scope).await?,
        units: units_in(db, who, scope).await?,
        periods: periods(db, who, scope).await?,
        total: by_unit.iter().map(UnitFigures::total).sum(),
        rows: report_rows(db, who, scope, q, Some(REPORT_PAGE_ROWS)).await?,
        averages: averages(db, who, scope, q.unit, q.period.as_deref()).await?,
        by_unit,
    })
}
