//! Staff members: one unit each, optionally linked to one login; and the
//! org tree admin's staff changes (create, move between units).
use super::unit_changes::{open_parent, unit};
use crate::api::org::input;
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange};
use crate::ssr::clock::now;
use crate::ssr::db::{Db, Tx};

/// The columns staff changes need.
#[derive(Clone, Debug)]
pub struct Staff {
    pub id: i64,
    pub name: String,
    pub unit_id: i64,
    pub user_id: Option<i64>,
    pub active: bool,
    pub version: i64,
}

#[derive(sqlx::FromRow)]
struct StaffLine {
    id: i64,
    first_name: String,
    last_name: String,
    unit_id: i64,
    user_id: Option<i64>,
    status: String,
    version: i64,
}

impl From<StaffLine> for Staff {
    fn from(r: StaffLine) -> Staff {
        Staff {
            id: r.id,
            name: format!("{} {}", r.first_name, r.last_name),
            unit_id: r.unit_id,
            user_id: r.user_id,
            active: r.status == "active",
            version: r.version,
        }
    }
}

pub async fn find(db: &Db, id: i64) -> Result<Option<Staff>, sqlx::Error> {
    let row = sqlx::query_as::<_, StaffLine>(
        "SELECT id, first_name, last_name, unit_id, user_id, status, version FROM staff WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.read)
    .await?;
    Ok(row.map(Staff::from))
}

/// The active staff member a form's `field` chose, or 422 on that field.
pub async fn active(db: &Db, field: &str, id: i64) -> Result<Staff, AppError> {
    find(db, id)
        .await?
        .filter(|s| s.active)
        .ok_or_else(|| AppError::invalid(field, "There is no such active staff member."))
}

pub async fn insert(
    tx: &mut Tx,
    unit_id: i64,
    first: &str,
    last: &str,
    job: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO staff (unit_id, first_name, last_name, job_title, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(unit_id)
    .bind(first)
    .bind(last)
    .bind(job)
    .bind(now())
    .fetch_one(&mut **tx)
    .await
}

/// Moves a staff member to another unit if `version` is current.
pub async fn move_to(
    tx: &mut Tx,
    id: i64,
    version: i64,
    unit_id: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE staff SET unit_id = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4",
    )
    .bind(unit_id)
    .bind(now())
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Links `staff_id` to `user_id` (or unlinks the user's staff member when None),
/// first clearing any other staff member linked to that user.
pub async fn link(tx: &mut Tx, user_id: i64, staff_id: Option<i64>) -> Result<(), sqlx::Error> {
    let t = now();
    sqlx::query("UPDATE staff SET user_id = NULL, version = version + 1, updated_at = $1 WHERE user_id = $2")
        .bind(t)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    if let Some(s) = staff_id {
        sqlx::query(
            "UPDATE staff SET user_id = $1, version = version + 1, updated_at = $2 WHERE id = $3",
        )
        .bind(user_id)
        .bind(t)
        .bind(s)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// What the new-staff form sends.
pub struct NewStaff {
    pub unit_id: String,
    pub first_name: String,
    pub last_name: String,
    pub job_title: String,
}

/// A new staff member in an open unit. Returns their id.
pub async fn create(db: &Db, me: &Principal, f: NewStaff) -> Result<i64, AppError> {
    let u = open_parent(db, "unit_id", &f.unit_id).await?;
    let first = input::text("first_name", &f.first_name, "a first name", 80)?;
    let last = input::text("last_name", &f.last_name, "a last name", 80)?;
    let job = input::optional_text("job_title", &f.job_title, "Job title", 120)?;
    let mut tx = db.begin_write().await?;
    let id = insert(&mut tx, u.id, &first, &last, &job).await?;
    Audit::by(me.user_id, AuditKind::Staff, id)
        .fields(
            &mut tx,
            AuditAction::Create,
            &[
                FieldChange::new("name", None, Some(format!("{first} {last}"))),
                FieldChange::new("job_title", None, Some(job)),
                FieldChange::new("unit", None, Some(format!("{} (unit {})", u.name, u.id))),
            ],
        )
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// Moves an active staff member to another open unit. Returns the new version.
pub async fn move_staff(
    db: &Db,
    me: &Principal,
    id: i64,
    version: i64,
    unit_id: &str,
) -> Result<i64, AppError> {
    let s = find(db, id)
        .await?
        .filter(|s| s.active)
        .ok_or_else(|| AppError::NotFound(format!("there is no active staff member {id}.")))?;
    let to = open_parent(db, "unit_id", unit_id).await?;
    if s.version != version {
        return Err(AppError::stale("staff member", version));
    }
    if s.unit_id == to.id {
        return Ok(version);
    }
    let from = unit(db, s.unit_id).await?;
    let mut tx = db.begin_write().await?;
    if !move_to(&mut tx, id, version, to.id).await? {
        return Err(AppError::stale("staff member", version));
    }
    Audit::by(me.user_id, AuditKind::Staff, id)
        .fields(
            &mut tx,
            AuditAction::Move,
            &[FieldChange::new(
                "unit",
                Some(format!("{} (unit {})", from.name, from.id)),
                Some(format!("{} (unit {})", to.name, to.id)),
            )],
        )
        .await?;
    tx.commit().await?;
    Ok(version + 1)
}
