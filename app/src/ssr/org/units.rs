//! The org tree: reading it, and the writes behind create, rename, move,
//! Director and close. Paths are materialised (`/1/2/4/`), so a move rewrites
//! the paths of the unit and everything below it in the same transaction.
use crate::api::org::types::{OrgTree, StaffRef, StaffRow, UnitOption, UnitRow, LEVELS};
use crate::ssr::clock::now;
use crate::ssr::db::{Db, Tx};

const UNIT_COLUMNS: &str = "SELECT u.id, u.parent_id, u.name, u.level, u.path, u.status, u.version, u.director_staff_id, \
     d.first_name AS d_first, d.last_name AS d_last, d.unit_id AS d_unit, du.name AS d_unit_name, \
     (SELECT COUNT(*) FROM staff x WHERE x.unit_id = u.id AND x.status = 'active') AS active_staff, \
     (SELECT COUNT(*) FROM org_units c WHERE c.parent_id = u.id AND c.status = 'active') AS active_children \
     FROM org_units u LEFT JOIN staff d ON d.id = u.director_staff_id LEFT JOIN org_units du ON du.id = d.unit_id";

/// A row of `UNIT_COLUMNS`.
#[derive(sqlx::FromRow)]
struct UnitLine {
    id: i64,
    parent_id: Option<i64>,
    name: String,
    level: String,
    path: String,
    status: String,
    version: i64,
    director_staff_id: Option<i64>,
    d_first: Option<String>,
    d_last: Option<String>,
    d_unit: Option<i64>,
    d_unit_name: Option<String>,
    active_staff: i64,
    active_children: i64,
}

/// How deep a materialised path lies: `/1/` is 0, `/1/2/` is 1.
pub fn depth(path: &str) -> usize {
    path.matches('/').count().saturating_sub(2)
}

impl From<UnitLine> for UnitRow {
    fn from(r: UnitLine) -> UnitRow {
        let director = match (
            r.director_staff_id,
            r.d_first,
            r.d_last,
            r.d_unit,
            r.d_unit_name,
        ) {
            (Some(id), Some(first), Some(last), Some(unit_id), Some(unit_name)) => Some(StaffRef {
                id,
                name: format!("{first} {last}"),
                unit_id,
                unit_name,
            }),
            _ => None,
        };
        UnitRow {
            id: r.id,
            parent_id: r.parent_id,
            name: r.name,
            level: r.level,
            depth: depth(&r.path),
            path: r.path,
            director,
            active_staff: r.active_staff,
            active_children: r.active_children,
            closed: r.status == "closed",
            version: r.version,
        }
    }
}

/// A unit offered in a filter or form (`SELECT id, name, path`).
#[derive(sqlx::FromRow)]
pub struct UnitChoice {
    id: i64,
    name: String,
    path: String,
}

impl From<UnitChoice> for UnitOption {
    fn from(r: UnitChoice) -> UnitOption {
        UnitOption {
            id: r.id,
            depth: depth(&r.path),
            name: r.name,
        }
    }
}

/// An active staff member as the tree page lists them.
#[derive(sqlx::FromRow)]
struct StaffLine {
    id: i64,
    first_name: String,
    last_name: String,
    job_title: String,
    unit_id: i64,
    version: i64,
    unit_name: String,
    email: Option<String>,
}

impl From<StaffLine> for StaffRow {
    fn from(r: StaffLine) -> StaffRow {
        StaffRow {
            id: r.id,
            name: format!("{} {}", r.first_name, r.last_name),
            job_title: r.job_title,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            login_email: r.email,
            version: r.version,
        }
    }
}

/// Every unit (closed ones too) and every active staff member, in tree order.
pub async fn tree(db: &Db) -> Result<OrgTree, sqlx::Error> {
    let units = sqlx::query_as::<_, UnitLine>(&format!("{UNIT_COLUMNS} ORDER BY u.path"))
        .fetch_all(&db.read)
        .await?;
    let staff = sqlx::query_as::<_, StaffLine>(
        "SELECT s.id, s.first_name, s.last_name, s.job_title, s.unit_id, s.version, u.name AS unit_name, us.email \
         FROM staff s JOIN org_units u ON u.id = s.unit_id LEFT JOIN users us ON us.id = s.user_id \
         WHERE s.status = 'active' ORDER BY u.path, s.last_name, s.first_name",
    )
    .fetch_all(&db.read)
    .await?;
    Ok(OrgTree {
        units: units.into_iter().map(UnitRow::from).collect(),
        staff: staff.into_iter().map(StaffRow::from).collect(),
    })
}

pub async fn find(db: &Db, id: i64) -> Result<Option<UnitRow>, sqlx::Error> {
    let row = sqlx::query_as::<_, UnitLine>(&format!("{UNIT_COLUMNS} WHERE u.id = $1"))
        .bind(id)
        .fetch_optional(&db.read)
        .await?;
    Ok(row.map(UnitRow::from))
}

/// Position of a level code, top down; None for an unknown code.
pub fn level_rank(code: &str) -> Option<usize> {
    LEVELS.iter().position(|(c, _)| *c == code)
}

pub async fn insert(
    tx: &mut Tx,
    parent: &UnitRow,
    name: &str,
    level: &str,
) -> Result<i64, sqlx::Error> {
    let t = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO org_units (parent_id, name, level, path, created_at, updated_at) VALUES ($1, $2, $3, '', $4, $4) RETURNING id",
    )
    .bind(parent.id)
    .bind(name)
    .bind(level)
    .bind(t)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("UPDATE org_units SET path = $1 WHERE id = $2")
        .bind(format!("{}{id}/", parent.path))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

/// Sets one column of a unit if `version` is current; false when stale.
/// `column` is one of our own column names, never user text.
pub async fn set(
    tx: &mut Tx,
    id: i64,
    version: i64,
    column: &'static str,
    value: Option<String>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&format!(
        "UPDATE org_units SET {column} = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4"
    ))
    .bind(value)
    .bind(now())
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_director(
    tx: &mut Tx,
    id: i64,
    version: i64,
    staff: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE org_units SET director_staff_id = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4",
    )
    .bind(staff)
    .bind(now())
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Re-parents `unit` under `parent` and rewrites the paths of the unit and all
/// its descendants; false when `version` is stale (nothing changed).
pub async fn move_under(
    tx: &mut Tx,
    unit: &UnitRow,
    version: i64,
    parent: &UnitRow,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE org_units SET parent_id = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4",
    )
    .bind(parent.id)
    .bind(now())
    .bind(unit.id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    let new_path = format!("{}{}/", parent.path, unit.id);
    sqlx::query(
        "UPDATE org_units SET path = $1 || substr(path, length($2) + 1) WHERE path LIKE $3",
    )
    .bind(&new_path)
    .bind(&unit.path)
    .bind(format!("{}%", unit.path))
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// Names of active accounts that manage this unit (a closed unit manages nobody).
pub async fn managers_of(db: &Db, unit_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT first_name || ' ' || last_name FROM users WHERE managed_unit_id = $1 AND active = 1 ORDER BY last_name",
    )
    .bind(unit_id)
    .fetch_all(&db.read)
    .await
}
