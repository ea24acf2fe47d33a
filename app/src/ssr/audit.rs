//! The audit trail: who changed which field of which record, when.
use super::clock::now;
use super::db::Tx;

/// One audited change; `field` is None for whole-record events (add, close, sign-in).
pub struct Change<'a> {
    pub actor_user_id: Option<i64>,
    pub record_kind: &'a str,
    pub record_id: i64,
    pub action: &'a str,
    pub field: Option<&'a str>,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
    pub request_id: &'a str,
}

/// Writes the row inside the caller's transaction, so change and audit land together.
pub async fn record(tx: &mut Tx, c: Change<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_user_id, record_kind, record_id, action, field, old_value, new_value, request_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(now())
    .bind(c.actor_user_id)
    .bind(c.record_kind)
    .bind(c.record_id)
    .bind(c.action)
    .bind(c.field)
    .bind(c.old_value)
    .bind(c.new_value)
    .bind(c.request_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
