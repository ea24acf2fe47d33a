//! Edits and closes: version-checked, field-limited, audited in one transaction.
use super::tables::table;
use crate::auth::permissions::RecordKind;
use crate::records::validate::Value;
use crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange as AuditChange};
use crate::ssr::clock::now;
use crate::ssr::db::{Db, Tx};
use sqlx::Row as _;

/// Why a write did not happen (the API turns these into 409 / 422).
#[derive(Debug)]
pub enum WriteError {
    Stale { had: i64 },
    Rule(String),
    Db(sqlx::Error),
}

impl From<sqlx::Error> for WriteError {
    fn from(e: sqlx::Error) -> Self {
        WriteError::Db(e)
    }
}

/// One changed field: schema key, column written, old and new value.
pub struct FieldChange {
    pub key: &'static str,
    pub column: &'static str,
    pub old: Option<String>,
    pub new: Value,
}

/// How "no value" is stored: text, email and choice columns hold '' (they are
/// `NOT NULL DEFAULT ''`, so lists, sorts and downloads treat a cleared field
/// like one never filled in); dates and numbers hold NULL.
pub fn empty_is_blank_text(kind: RecordKind, key: &str) -> bool {
    use crate::records::schema::{columns, Input};
    columns(kind)
        .unwrap_or_default()
        .iter()
        .find(|c| c.key == key)
        .and_then(|c| c.edit)
        .is_some_and(|(_, input)| matches!(input, Input::Text | Input::Email | Input::Choice(_)))
}

pub const PARTNER_USER_CAP: i64 = 6;

/// Applies field changes if the record is still at `version`.
pub async fn update(
    db: &Db,
    actor: i64,
    kind: RecordKind,
    id: i64,
    version: i64,
    changes: &[FieldChange],
) -> Result<i64, WriteError> {
    let t = table(kind)
        .ok_or_else(|| WriteError::Rule("This kind of record cannot be edited.".into()))?;
    let mut tx = db.begin_write().await?;
    let mut sql = format!("UPDATE {} SET ", t.table);
    for (i, c) in changes.iter().enumerate() {
        sql.push_str(&format!("{} = ${}, ", c.column, i + 1));
    }
    let n = changes.len();
    sql.push_str(&format!(
        "version = version + 1, updated_at = ${} WHERE id = ${} AND version = ${}",
        n + 1,
        n + 2,
        n + 3
    ));
    let mut q = sqlx::query(&sql);
    for c in changes {
        q = match &c.new {
            Value::Text(s) => q.bind(s.clone()),
            Value::Flag(b) => q.bind(i64::from(*b)),
            Value::Number(v) => q.bind(*v),
            Value::Empty if empty_is_blank_text(kind, c.key) => q.bind(String::new()),
            Value::Empty => q.bind(None::<String>),
        };
    }
    let done = q
        .bind(now())
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(WriteError::Stale { had: version });
    }
    for c in changes {
        if kind == RecordKind::PartnerUser && c.key == "active" && c.new == Value::Flag(true) {
            enforce_partner_user_cap(&mut tx, id).await?;
        }
        if matches!(kind, RecordKind::PartnerUser | RecordKind::CecStaffUser)
            && c.key == "active"
            && c.new == Value::Flag(false)
        {
            crate::ssr::sessions::end_all_for_user(&mut tx, id).await?;
        }
        Audit::by(actor, AuditKind::Network(kind), id)
            .fields(
                &mut tx,
                AuditAction::Edit,
                &[AuditChange::new(c.key, c.old.clone(), c.new.display())],
            )
            .await?;
    }
    tx.commit().await?;
    Ok(version + 1)
}

/// At most six active Partner users per Partner, checked inside the writing
/// transaction (so two concurrent additions cannot both pass).
pub async fn enforce_partner_user_cap(tx: &mut Tx, user_id: i64) -> Result<(), WriteError> {
    let row = sqlx::query(
        "SELECT g.partner_id AS partner_id, p.name AS name, \
           (SELECT COUNT(*) FROM role_grants g2 JOIN users u2 ON u2.id = g2.user_id \
            WHERE g2.partner_id = g.partner_id AND g2.role = 'partner' AND g2.status = 'active' AND u2.active = 1) AS n \
         FROM role_grants g JOIN partners p ON p.id = g.partner_id \
         WHERE g.user_id = $1 AND g.role = 'partner' AND g.status = 'active'",
    )
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(row) = row {
        let n: i64 = row.get("n");
        if n > PARTNER_USER_CAP {
            let name: String = row.get("name");
            return Err(WriteError::Rule(format!(
                "{name} already has {PARTNER_USER_CAP} active Partner users, the most a Partner may have. \
                 Deactivate one first; nothing was changed."
            )));
        }
    }
    Ok(())
}

/// Closes a record (status closed, who and when), keeping every row.
pub async fn close(
    db: &Db,
    actor: i64,
    kind: RecordKind,
    id: i64,
    version: i64,
) -> Result<(), WriteError> {
    let t = table(kind)
        .ok_or_else(|| WriteError::Rule("This kind of record cannot be closed.".into()))?;
    if !t.closable {
        return Err(WriteError::Rule(format!(
            "{} cannot be closed.",
            kind.plural()
        )));
    }
    let mut tx = db.begin_write().await?;
    let sql = format!(
        "UPDATE {} SET status = 'closed', closed_at = $1, closed_by = $2, version = version + 1, updated_at = $1 \
         WHERE id = $3 AND version = $4 AND status = 'active'",
        t.table
    );
    let done = sqlx::query(&sql)
        .bind(now())
        .bind(actor)
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(WriteError::Stale { had: version });
    }
    // A closed EC or Sub-contractor record no longer opens its login's role.
    let grant_column = if kind == RecordKind::Ec {
        Some("ec_id")
    } else if kind == RecordKind::SubContractor {
        Some("subcontractor_id")
    } else {
        None
    };
    if let Some(col) = grant_column {
        sqlx::query(&format!(
            "UPDATE role_grants SET status = 'closed' WHERE {col} = $1"
        ))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    Audit::by(actor, AuditKind::Network(kind), id)
        .fields(
            &mut tx,
            AuditAction::Close,
            &[AuditChange::new(
                "status",
                Some("active".into()),
                Some("closed".into()),
            )],
        )
        .await?;
    tx.commit().await?;
    Ok(())
}
