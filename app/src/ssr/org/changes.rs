//! Audits a change field by field, inside the transaction that makes it.
use crate::ssr::audit::{self, Change};
use crate::ssr::db::Tx;
use crate::ssr::request::request_id;

/// Who changes which record: every audit row of one request shares it.
pub struct Audit<'a> {
    pub actor_user_id: i64,
    pub record_kind: &'a str,
    pub record_id: i64,
}

/// One field's value before and after.
pub struct FieldChange {
    pub field: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl FieldChange {
    pub fn new(field: &'static str, old: Option<String>, new: Option<String>) -> Self {
        FieldChange { field, old, new }
    }
    pub fn changed(&self) -> bool {
        self.old != self.new
    }
}

impl Audit<'_> {
    /// A whole-record event (create, submit, close…), with an optional note.
    pub async fn event(
        &self,
        tx: &mut Tx,
        action: &str,
        note: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        audit::record(
            tx,
            Change {
                actor_user_id: Some(self.actor_user_id),
                record_kind: self.record_kind,
                record_id: self.record_id,
                action,
                field: None,
                old_value: None,
                new_value: note,
                request_id: &request_id(),
            },
        )
        .await
    }

    /// One row per field whose value changed; returns how many changed.
    pub async fn fields(
        &self,
        tx: &mut Tx,
        action: &str,
        changes: &[FieldChange],
    ) -> Result<usize, sqlx::Error> {
        let rid = request_id();
        let mut n = 0;
        for c in changes.iter().filter(|c| c.changed()) {
            audit::record(
                tx,
                Change {
                    actor_user_id: Some(self.actor_user_id),
                    record_kind: self.record_kind,
                    record_id: self.record_id,
                    action,
                    field: Some(c.field),
                    old_value: c.old.as_deref(),
                    new_value: c.new.as_deref(),
                    request_id: &rid,
                },
            )
            .await?;
            n += 1;
        }
        Ok(n)
    }
}

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
