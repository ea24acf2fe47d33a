//! Reading assessments through the visibility filter: the list, one
//! assessment, the choices the filters and forms offer.
use super::units::UnitChoice;
use super::visibility::{assessee_facts, check_record, granted, push_scope, push_viewable};
use crate::api::org::query::{AssessmentQuery, SortBy, PER_PAGE};
use crate::api::org::types::{
    AssessmentDetail, AssessmentOptions, AssessmentPage, AssessmentRow, HistoryEntry, StaffRef,
    Status, UnitOption,
};
use crate::auth::permissions::{Action, OrgArea, OrgScope};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::ssr::db::Db;
use crate::ssr::search::contains_pattern;
use crate::ssr::sql::Sql;

/// The joins every assessment query reads through: `s`/`u` the assessee and
/// their unit (what visibility follows), `r`/`ru` the reporting officer.
pub const FROM: &str = " FROM assessments a \
     JOIN staff s ON s.id = a.assessee_staff_id \
     JOIN org_units u ON u.id = s.unit_id \
     JOIN staff r ON r.id = a.reporting_officer_staff_id \
     JOIN org_units ru ON ru.id = r.unit_id ";

/// The columns of `Assessment`: who, when and how rated, through `FROM`.
pub const CORE_COLUMNS: &str = "SELECT a.id, a.period, a.status, a.rating_1, a.rating_2, a.rating_3, a.rating_4, a.rating_5, \
     s.id AS s_id, s.first_name AS s_first, s.last_name AS s_last, u.id AS s_unit, u.name AS s_unit_name, \
     r.id AS r_id, r.first_name AS r_first, r.last_name AS r_last, ru.id AS r_unit, ru.name AS r_unit_name";

/// What every read of an assessment has: `CORE_COLUMNS`.
#[derive(sqlx::FromRow)]
pub struct Assessment {
    pub id: i64,
    pub period: String,
    status: String,
    rating_1: Option<i64>,
    rating_2: Option<i64>,
    rating_3: Option<i64>,
    rating_4: Option<i64>,
    rating_5: Option<i64>,
    s_id: i64,
    s_first: String,
    s_last: String,
    s_unit: i64,
    s_unit_name: String,
    r_id: i64,
    r_first: String,
    r_last: String,
    r_unit: i64,
    r_unit_name: String,
}

impl Assessment {
    pub fn assessee(&self) -> StaffRef {
        StaffRef {
            id: self.s_id,
            name: format!("{} {}", self.s_first, self.s_last),
            unit_id: self.s_unit,
            unit_name: self.s_unit_name.clone(),
        }
    }

    pub fn reporting_officer(&self) -> StaffRef {
        StaffRef {
            id: self.r_id,
            name: format!("{} {}", self.r_first, self.r_last),
            unit_id: self.r_unit,
            unit_name: self.r_unit_name.clone(),
        }
    }

    pub fn ratings(&self) -> [Option<i64>; 5] {
        [
            self.rating_1,
            self.rating_2,
            self.rating_3,
            self.rating_4,
            self.rating_5,
        ]
    }

    pub fn status(&self) -> Status {
        status_of(&self.status)
    }
}

/// A stored status code; an unknown one reads as a draft.
pub fn status_of(code: &str) -> Status {
    Status::from_code(code).unwrap_or(Status::Draft)
}

const COLUMNS: &str = "a.comments, a.version, a.created_at, a.updated_at";

/// A row of `CORE_COLUMNS` and `COLUMNS`: everything the detail page shows.
#[derive(sqlx::FromRow)]
struct AssessmentLine {
    #[sqlx(flatten)]
    core: Assessment,
    comments: String,
    version: i64,
    created_at: i64,
    updated_at: i64,
}

/// `CORE_COLUMNS, COLUMNS FROM …`.
fn select_all() -> Sql {
    let mut sql = Sql::new(CORE_COLUMNS);
    sql.push(", ").push(COLUMNS).push(FROM);
    sql
}

fn average(r: &[Option<i64>; 5]) -> Option<f64> {
    let given: Vec<i64> = r.iter().flatten().copied().collect();
    (!given.is_empty()).then(|| given.iter().sum::<i64>() as f64 / given.len() as f64)
}

/// WHERE clause of the list: the visibility filter, then the user's filters.
fn push_where(sql: &mut Sql, who: &Principal, q: &AssessmentQuery) -> Result<(), AppError> {
    sql.push(" WHERE ");
    push_viewable(sql, who)?;
    if !q.q.trim().is_empty() {
        sql.push(" AND LOWER(s.first_name || ' ' || s.last_name) LIKE ")
            .text(contains_pattern(&q.q))
            .push(" ESCAPE '\\'");
    }
    if let Some(unit) = q.unit {
        sql.push(" AND u.path LIKE (SELECT path FROM org_units WHERE id = ")
            .int(unit)
            .push(") || '%'");
    }
    if let Some(p) = &q.period {
        sql.push(" AND a.period = ").text(p.clone());
    }
    if let Some(s) = q.status {
        sql.push(" AND a.status = ").text(s.code());
    }
    Ok(())
}

fn order_by(q: &AssessmentQuery) -> String {
    let col = match q.sort {
        SortBy::Assessee => "s.last_name {d}, s.first_name {d}",
        SortBy::Unit => "u.name {d}",
        SortBy::Period => "a.period {d}",
        SortBy::Status => {
            "CASE a.status WHEN 'draft' THEN 0 WHEN 'submitted' THEN 1 ELSE 2 END {d}"
        }
        SortBy::Updated => "a.updated_at {d}",
    };
    let d = if q.desc { "DESC" } else { "ASC" };
    format!(" ORDER BY {}, a.id {d}", col.replace("{d}", d))
}

/// One page of the assessments `who` may view that match `q`.
pub async fn list(
    db: &Db,
    who: &Principal,
    q: &AssessmentQuery,
) -> Result<AssessmentPage, AppError> {
    let filtered =
        !q.q.trim().is_empty() || q.unit.is_some() || q.period.is_some() || q.status.is_some();
    if filtered {
        granted(who, Action::Search, OrgArea::Assessment)?;
    }
    let mut count = Sql::new("SELECT COUNT(*) AS n");
    count.push(FROM);
    push_where(&mut count, who, q)?;
    let total: i64 = count.query_scalar().fetch_one(&db.read).await?;
    let page = q.page();
    let mut sql = select_all();
    push_where(&mut sql, who, q)?;
    sql.push(&order_by(q))
        .push(" LIMIT ")
        .int(i64::from(PER_PAGE))
        .push(" OFFSET ")
        .int(i64::from(page - 1) * i64::from(PER_PAGE));
    let rows = sql.query_as::<AssessmentLine>().fetch_all(&db.read).await?;
    Ok(AssessmentPage {
        rows: rows
            .into_iter()
            .map(|r| AssessmentRow {
                assessee: r.core.assessee(),
                reporting_officer: r.core.reporting_officer(),
                status: r.core.status(),
                average: average(&r.core.ratings()),
                id: r.core.id,
                period: r.core.period,
                updated_at: r.updated_at,
            })
            .collect(),
        total,
        page,
        per_page: PER_PAGE,
    })
}

/// The assessment, if it exists and `who` may view it; None answers 404 either way.
pub async fn find(db: &Db, who: &Principal, id: i64) -> Result<Option<AssessmentDetail>, AppError> {
    let mut sql = select_all();
    sql.push(" WHERE a.id = ").int(id).push(" AND ");
    push_viewable(&mut sql, who)?;
    let Some(r) = sql
        .query_as::<AssessmentLine>()
        .fetch_optional(&db.read)
        .await?
    else {
        return Ok(None);
    };
    let assessee = r.core.assessee();
    let Some(facts) = assessee_facts(db, assessee.id).await? else {
        return Ok(None);
    };
    Ok(Some(AssessmentDetail {
        id,
        facts,
        reporting_officer: r.core.reporting_officer(),
        assessee,
        status: r.core.status(),
        ratings: r.core.ratings(),
        period: r.core.period,
        comments: r.comments,
        version: r.version,
        created_at: r.created_at,
        updated_at: r.updated_at,
        history: history(db, id).await?,
    }))
}

/// The audit trail of one assessment, oldest first.
pub async fn history(db: &Db, id: i64) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    use crate::ssr::audit::{AuditKind, Order};
    crate::ssr::audit::history(db, AuditKind::Assessment, id, Order::OldestFirst).await
}

/// A row of `STAFF`.
#[derive(sqlx::FromRow)]
struct StaffChoice {
    id: i64,
    first_name: String,
    last_name: String,
    unit_id: i64,
    unit_name: String,
}

impl From<StaffChoice> for StaffRef {
    fn from(r: StaffChoice) -> StaffRef {
        StaffRef {
            id: r.id,
            name: format!("{} {}", r.first_name, r.last_name),
            unit_id: r.unit_id,
            unit_name: r.unit_name,
        }
    }
}

const STAFF: &str = "SELECT s.id, s.first_name, s.last_name, u.id AS unit_id, u.name AS unit_name \
     FROM staff s JOIN org_units u ON u.id = s.unit_id WHERE s.status = 'active'";

/// Units, periods and staff the assessment filters and forms offer `who`.
pub async fn options(db: &Db, who: &Principal) -> Result<AssessmentOptions, AppError> {
    let scope = granted(who, Action::View, OrgArea::Assessment)?;
    let mut units =
        Sql::new("SELECT id, name, path FROM org_units u WHERE u.status = 'active' AND ");
    match scope {
        OrgScope::Organisation => {
            units.push("1 = 1");
        }
        OrgScope::Unit => match who.org.as_ref().and_then(|g| g.managed_unit.as_ref()) {
            Some(m) => {
                units
                    .push("u.path LIKE ")
                    .text(format!("{}%", super::visibility::path_text(m)));
            }
            None => {
                units.push("1 = 0");
            }
        },
        OrgScope::Own => {
            units.push("1 = 0");
        }
    }
    units.push(" ORDER BY u.path");
    let units = units.query_as::<UnitChoice>().fetch_all(&db.read).await?;
    let mut periods = Sql::new("SELECT DISTINCT a.period");
    periods.push(FROM).push(" WHERE ");
    push_viewable(&mut periods, who)?;
    periods.push(" ORDER BY a.period DESC");
    let periods = periods.query_scalar::<String>().fetch_all(&db.read).await?;
    let assessees = match granted(who, Action::Add, OrgArea::Assessment) {
        Ok(add) => {
            let mut sql = Sql::new(STAFF);
            sql.push(" AND ");
            push_scope(&mut sql, who, add);
            sql.push(" ORDER BY s.last_name, s.first_name");
            sql.query_as::<StaffChoice>().fetch_all(&db.read).await?
        }
        Err(_) => vec![],
    };
    let officers =
        sqlx::query_as::<_, StaffChoice>(&format!("{STAFF} ORDER BY s.last_name, s.first_name"))
            .fetch_all(&db.read)
            .await?;
    Ok(AssessmentOptions {
        units: units.into_iter().map(UnitOption::from).collect(),
        periods,
        assessees: assessees.into_iter().map(StaffRef::from).collect(),
        reporting_officers: officers.into_iter().map(StaffRef::from).collect(),
    })
}

/// An active staff member by id, for validating form choices.
pub async fn active_staff(db: &Db, id: i64) -> Result<Option<StaffRef>, sqlx::Error> {
    let row = sqlx::query_as::<_, StaffChoice>(&format!("{STAFF} AND s.id = $1"))
        .bind(id)
        .fetch_optional(&db.read)
        .await?;
    Ok(row.map(StaffRef::from))
}

/// Does `assessee` already have an assessment for `period`?
pub async fn exists_for(db: &Db, assessee: i64, period: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM assessments WHERE assessee_staff_id = $1 AND period = $2",
    )
    .bind(assessee)
    .bind(period)
    .fetch_optional(&db.read)
    .await?;
    Ok(found.is_some())
}

fn not_found(id: i64) -> AppError {
    AppError::NotFound(format!("there is no assessment {id} that you may view."))
}

/// The assessment `id` if `who` may view it; missing and out of scope are the same 404.
pub async fn viewable(db: &Db, who: &Principal, id: i64) -> Result<AssessmentDetail, AppError> {
    let d = find(db, who, id).await?.ok_or_else(|| not_found(id))?;
    if let Err(reason) = check_record(who, Action::View, &d.target()) {
        // The SQL filter and decide() disagree: refuse, and say so in the log.
        tracing::error!(id, %reason, "visibility filter let through an assessment decide() refuses");
        return Err(not_found(id));
    }
    Ok(d)
}
