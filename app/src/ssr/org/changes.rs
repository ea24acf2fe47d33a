//! Optimistic concurrency for org records: a write goes through only at the
//! version the user's form was opened at.
use crate::ssr::db::Tx;

/// Bumps `version` of row `id` in `table` if it still equals `version`; false when stale.
/// `table` is always one of our own table names, never user text.
pub async fn bump_version(
    tx: &mut Tx,
    table: &'static str,
    id: i64,
    version: i64,
) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "UPDATE {table} SET version = version + 1, updated_at = $1 WHERE id = $2 AND version = $3"
    );
    let done = sqlx::query(&sql)
        .bind(crate::ssr::clock::now())
        .bind(id)
        .bind(version)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The refusal for a stale edit: nothing was changed.
pub fn stale(what: &str) -> crate::error::AppError {
    crate::error::AppError::Conflict(format!(
        "This {what} was changed by someone else since you opened it; nothing was saved. Reload to see the latest version and try again."
    ))
}
