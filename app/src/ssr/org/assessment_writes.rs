//! The statements that write assessments, each at a version: a stale version
//! changes nothing and answers false.
use crate::api::org::types::Status;
use crate::ssr::clock::now;
use crate::ssr::db::Tx;

pub async fn insert(
    tx: &mut Tx,
    assessee: i64,
    officer: i64,
    period: &str,
    by: i64,
) -> Result<i64, sqlx::Error> {
    let t = now();
    sqlx::query_scalar(
        "INSERT INTO assessments (assessee_staff_id, reporting_officer_staff_id, period, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(assessee)
    .bind(officer)
    .bind(period)
    .bind(by)
    .bind(t)
    .fetch_one(&mut **tx)
    .await
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
