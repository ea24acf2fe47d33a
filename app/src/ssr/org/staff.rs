//! Staff members: one unit each, optionally linked to one login.
use crate::ssr::clock::now;
use crate::ssr::db::{Db, Tx};
use sqlx::Row as _;

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

pub async fn find(db: &Db, id: i64) -> Result<Option<Staff>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, first_name, last_name, unit_id, user_id, status, version FROM staff WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.read)
    .await?;
    Ok(row.map(|r| Staff {
        id: r.get("id"),
        name: format!(
            "{} {}",
            r.get::<String, _>("first_name"),
            r.get::<String, _>("last_name")
        ),
        unit_id: r.get("unit_id"),
        user_id: r.get("user_id"),
        active: r.get::<String, _>("status") == "active",
        version: r.get("version"),
    }))
}

pub async fn insert(
    tx: &mut Tx,
    unit_id: i64,
    first: &str,
    last: &str,
    job: &str,
) -> Result<i64, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO staff (unit_id, first_name, last_name, job_title, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(unit_id)
    .bind(first)
    .bind(last)
    .bind(job)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?
    .get("id"))
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
