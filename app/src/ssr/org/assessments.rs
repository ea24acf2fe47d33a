//! Reading assessments through the visibility filter, and writing them.
use super::visibility::{assessee_facts, granted, push_scope, push_viewable};
use crate::api::org::query::{AssessmentQuery, SortBy, PER_PAGE};
use crate::api::org::types::{
    AssessmentDetail, AssessmentOptions, AssessmentPage, AssessmentRow, HistoryEntry, StaffRef,
    Status, UnitOption,
};
use crate::auth::permissions::{Action, OrgArea, OrgScope};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::ssr::clock::now;
use crate::ssr::db::{Db, Row, Tx};
use crate::ssr::request::internal;
use crate::ssr::search::contains_pattern;
use crate::ssr::sql::Sql;
use sqlx::Row as _;

/// The joins every assessment query reads through: `s`/`u` the assessee and
/// their unit (what visibility follows), `r`/`ru` the reporting officer.
pub const FROM: &str = " FROM assessments a \
     JOIN staff s ON s.id = a.assessee_staff_id \
     JOIN org_units u ON u.id = s.unit_id \
     JOIN staff r ON r.id = a.reporting_officer_staff_id \
     JOIN org_units ru ON ru.id = r.unit_id ";

const COLUMNS: &str = "SELECT a.id, a.period, a.status, a.rating_1, a.rating_2, a.rating_3, a.rating_4, a.rating_5, \
     a.comments, a.version, a.created_at, a.updated_at, \
     s.id AS s_id, s.first_name AS s_first, s.last_name AS s_last, u.id AS s_unit, u.name AS s_unit_name, \
     r.id AS r_id, r.first_name AS r_first, r.last_name AS r_last, ru.id AS r_unit, ru.name AS r_unit_name";

pub fn staff_ref(row: &Row, p: &str) -> StaffRef {
    StaffRef {
        id: row.get(format!("{p}_id").as_str()),
        name: format!(
            "{} {}",
            row.get::<String, _>(format!("{p}_first").as_str()),
            row.get::<String, _>(format!("{p}_last").as_str())
        ),
        unit_id: row.get(format!("{p}_unit").as_str()),
        unit_name: row.get(format!("{p}_unit_name").as_str()),
    }
}

fn ratings(row: &Row) -> [Option<i64>; 5] {
    ["rating_1", "rating_2", "rating_3", "rating_4", "rating_5"].map(|c| row.get(c))
}

pub fn status_of(row: &Row) -> Status {
    Status::from_code(&row.get::<String, _>("status")).unwrap_or(Status::Draft)
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
    let total: i64 = count
        .query()
        .fetch_one(&db.read)
        .await
        .map_err(internal)?
        .get("n");
    let page = q.page();
    let mut sql = Sql::new(COLUMNS);
    sql.push(FROM);
    push_where(&mut sql, who, q)?;
    sql.push(&order_by(q))
        .push(" LIMIT ")
        .int(i64::from(PER_PAGE))
        .push(" OFFSET ")
        .int(i64::from(page - 1) * i64::from(PER_PAGE));
    let rows = sql.query().fetch_all(&db.read).await.map_err(internal)?;
    Ok(AssessmentPage {
        rows: rows
            .iter()
            .map(|r| {
                let rt = ratings(r);
                AssessmentRow {
                    id: r.get("id"),
                    assessee: staff_ref(r, "s"),
                    reporting_officer: staff_ref(r, "r"),
                    period: r.get("period"),
                    status: status_of(r),
                    average: average(&rt),
                    updated_at: r.get("updated_at"),
                }
            })
            .collect(),
        total,
        page,
        per_page: PER_PAGE,
    })
}

/// The assessment, if it exists and `who` may view it; None answers 404 either way.
pub async fn find(db: &Db, who: &Principal, id: i64) -> Result<Option<AssessmentDetail>, AppError> {
    let mut sql = Sql::new(COLUMNS);
    sql.push(FROM).push(" WHERE a.id = ").int(id).push(" AND ");
    push_viewable(&mut sql, who)?;
    let Some(r) = sql
        .query()
        .fetch_optional(&db.read)
        .await
        .map_err(internal)?
    else {
        return Ok(None);
    };
    let assessee = staff_ref(&r, "s");
    let Some(facts) = assessee_facts(db, assessee.id).await.map_err(internal)? else {
        return Ok(None);
    };
    Ok(Some(AssessmentDetail {
        id,
        facts,
        reporting_officer: staff_ref(&r, "r"),
        assessee,
        period: r.get("period"),
        status: status_of(&r),
        ratings: ratings(&r),
        comments: r.get("comments"),
        version: r.get("version"),
        created_at: r.get("created_at"),
        updated_at: r.get("updated_at"),
        history: history(db, id).await.map_err(internal)?,
    }))
}

/// The audit trail of one assessment, oldest first.
pub async fn history(db: &Db, id: i64) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    use crate::ssr::audit::{AuditKind, Order};
    crate::ssr::audit::history(db, AuditKind::Assessment, id, Order::OldestFirst).await
}

fn staff_option(r: &Row) -> StaffRef {
    StaffRef {
        id: r.get("id"),
        name: format!(
            "{} {}",
            r.get::<String, _>("first_name"),
            r.get::<String, _>("last_name")
        ),
        unit_id: r.get("unit_id"),
        unit_name: r.get("unit_name"),
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
    let units = units.query().fetch_all(&db.read).await.map_err(internal)?;
    let mut periods = Sql::new("SELECT DISTINCT a.period");
    periods.push(FROM).push(" WHERE ");
    push_viewable(&mut periods, who)?;
    periods.push(" ORDER BY a.period DESC");
    let periods = periods
        .query()
        .fetch_all(&db.read)
        .await
        .map_err(internal)?;
    let assessees = match granted(who, Action::Add, OrgArea::Assessment) {
        Ok(add) => {
            let mut sql = Sql::new(STAFF);
            sql.push(" AND ");
            push_scope(&mut sql, who, add);
            sql.push(" ORDER BY s.last_name, s.first_name");
            sql.query().fetch_all(&db.read).await.map_err(internal)?
        }
        Err(_) => vec![],
    };
    let officers = sqlx::query(&format!("{STAFF} ORDER BY s.last_name, s.first_name"))
        .fetch_all(&db.read)
        .await
        .map_err(internal)?;
    Ok(AssessmentOptions {
        units: units
            .iter()
            .map(|r| UnitOption {
                id: r.get("id"),
                name: r.get("name"),
                depth: r
                    .get::<String, _>("path")
                    .matches('/')
                    .count()
                    .saturating_sub(2),
            })
            .collect(),
        periods: periods.iter().map(|r| r.get("period")).collect(),
        assessees: assessees.iter().map(staff_option).collect(),
        reporting_officers: officers.iter().map(staff_option).collect(),
    })
}

/// An active staff member by id, for validating form choices.
pub async fn active_staff(db: &Db, id: i64) -> Result<Option<StaffRef>, sqlx::Error> {
    let row = sqlx::query(&format!("{STAFF} AND s.id = $1"))
        .bind(id)
        .fetch_optional(&db.read)
        .await?;
    Ok(row.as_ref().map(staff_option))
}

/// Does `assessee` already have an assessment for `period`?
pub async fn exists_for(db: &Db, assessee: i64, period: &str) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("SELECT id FROM assessments WHERE assessee_staff_id = $1 AND period = $2")
            .bind(assessee)
            .bind(period)
            .fetch_optional(&db.read)
            .await?
            .is_some(),
    )
}

pub async fn insert(
    tx: &mut Tx,
    assessee: i64,
    officer: i64,
    period: &str,
    by: i64,
) -> Result<i64, sqlx::Error> {
    let t = now();
    Ok(sqlx::query(
        "INSERT INTO assessments (assessee_staff_id, reporting_officer_staff_id, period, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(assessee)
    .bind(officer)
    .bind(period)
    .bind(by)
    .bind(t)
    .fetch_one(&mut **tx)
    .await?
    .get("id"))
}

/// The editable content of an assessment.
pub struct Content {
    pub reporting_officer: i64,
    pub period: String,
    pub ratings: [Option<i64>; 5],
    pub comments: String,
}

/// Writes the content if `version` is current; false when stale.
pub async fn update(tx: &mut Tx, id: i64, version: i64, c: &Content) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE assessments SET reporting_officer_staff_id = $1, period = $2, rating_1 = $3, rating_2 = $4, \
         rating_3 = $5, rating_4 = $6, rating_5 = $7, comments = $8, version = version + 1, updated_at = $9 \
         WHERE id = $10 AND version = $11",
    )
    .bind(c.reporting_officer)
    .bind(&c.period)
    .bind(c.ratings[0])
    .bind(c.ratings[1])
    .bind(c.ratings[2])
    .bind(c.ratings[3])
    .bind(c.ratings[4])
    .bind(&c.comments)
    .bind(now())
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A status change the workflow allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Submit,
    Endorse,
}

impl Move {
    pub fn to(self) -> Status {
        match self {
            Move::Submit => Status::Submitted,
            Move::Endorse => Status::Endorsed,
        }
    }
}

/// Moves the status on if `version` is current; false when stale.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    version: i64,
    m: Move,
    by: i64,
) -> Result<bool, sqlx::Error> {
    let (at_col, by_col) = match m {
        Move::Submit => ("submitted_at", "submitted_by"),
        Move::Endorse => ("endorsed_at", "endorsed_by"),
    };
    let t = now();
    let done = sqlx::query(&format!(
        "UPDATE assessments SET status = $1, {at_col} = $2, {by_col} = $3, version = version + 1, updated_at = $4 \
         WHERE id = $5 AND version = $6"
    ))
    .bind(m.to().code())
    .bind(t)
    .bind(by)
    .bind(t)
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
