//! The audit trail: who changed which field of which record, when.
use super::clock::now;
use super::db::{Db, Tx};
use crate::records::view::HistoryEntry;
use sqlx::Row as _;

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

/// Which way a history reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    NewestFirst,
    OldestFirst,
}

/// Every audited change of one record, with who made it.
pub async fn history(
    db: &Db,
    record_kind: &str,
    record_id: i64,
    order: Order,
) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    let dir = match order {
        Order::NewestFirst => "DESC",
        Order::OldestFirst => "ASC",
    };
    let sql = format!(
        "SELECT a.at, COALESCE(u.first_name || ' ' || u.last_name, 'System') AS actor, a.action, a.field, \
         a.old_value, a.new_value FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id \
         WHERE a.record_kind = $1 AND a.record_id = $2 ORDER BY a.id {dir}"
    );
    let rows = sqlx::query(&sql)
        .bind(record_kind)
        .bind(record_id)
        .fetch_all(&db.read)
        .await?;
    Ok(rows
        .iter()
        .map(|r| HistoryEntry {
            at: r.get("at"),
            actor: r.get("actor"),
            action: r.get("action"),
            field: r.get("field"),
            old_value: r.get("old_value"),
            new_value: r.get("new_value"),
        })
        .collect())
}
