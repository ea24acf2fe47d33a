//! Edits and closes: version-checked, field-limited, audited in one transaction.
use super::links::check_picks;
use super::tables::{table, GRANT_PARTNER};
use crate::auth::permissions::{decide_field, FieldDecision, RecordKind};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::records::schema::column;
use crate::records::validate::{check, Value};
use crate::records::view::RecordView;
use crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange};
use crate::ssr::clock::{now, today};
use crate::ssr::db::{Db, Tx};
use crate::ssr::sql::{Arg, Sql};
use std::collections::HashMap;

/// One column an edit writes: schema key, table column, old and new value.
/// (What the audit records of it is an `audit::FieldChange`.)
pub struct ColumnChange {
    pub key: &'static str,
    pub column: &'static str,
    pub old: Option<String>,
    pub new: Value,
    /// How the audit shows the new value when not as stored: a chosen record's name.
    pub shown: Option<String>,
}

impl From<&Value> for Arg {
    fn from(v: &Value) -> Self {
        match v {
            Value::Text(s) => Arg::Text(s.clone()),
            Value::Flag(b) => Arg::Int(i64::from(*b)),
            Value::Number(n) => Arg::Int(*n),
            Value::Empty => Arg::NullText,
        }
    }
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

fn is_pick(kind: RecordKind, key: &str) -> bool {
    use crate::records::schema::Input;
    crate::records::schema::column(kind, key)
        .and_then(|c| c.edit)
        .is_some_and(|(_, input)| matches!(input, Input::Pick(_)))
}

/// The argument a checked value of `kind`'s column `key` is stored as.
pub fn stored(kind: RecordKind, key: &str, v: &Value) -> Arg {
    match v {
        Value::Empty if empty_is_blank_text(kind, key) => Arg::Text(String::new()),
        // No chosen record: a NULL of the id column's type.
        Value::Empty if is_pick(kind, key) => Arg::NullInt,
        Value::Text(_) | Value::Flag(_) | Value::Number(_) | Value::Empty => Arg::from(v),
    }
}

pub const PARTNER_USER_CAP: i64 = 6;

/// What a submitted edit form changes on `view`, in key order: unknown or
/// read-only fields are 422; invalid values are one 422 naming every bad
/// field in the form's order (docs/RULES.md §5.1); a field the role's
/// limited edit does not cover is 403 (docs/RULES.md §2.3). Unchanged
/// fields are left out.
pub fn changes(
    me: &Principal,
    view: &RecordView,
    values: &HashMap<String, String>,
) -> Result<Vec<ColumnChange>, AppError> {
    let kind = view.kind;
    let mut out = vec![];
    let mut keys: Vec<&String> = values.keys().collect();
    keys.sort();
    // Every value is checked before any is used, so all problems are named.
    let mut problems = vec![];
    for col in crate::records::schema::columns(kind).unwrap_or_default() {
        if let (Some(_), Some(raw)) = (col.edit, values.get(col.key)) {
            if let Err(m) = check(col, raw) {
                problems.push((col.key.to_string(), m));
            }
        }
    }
    if let Some(e) = AppError::invalid_all(problems) {
        return Err(e);
    }
    for key in keys {
        let col = column(kind, key)
            .ok_or_else(|| AppError::invalid(key, "is not a field of this record"))?;
        let (field, _) = col.edit.ok_or_else(|| {
            AppError::invalid(key, format!("{} cannot be changed here.", col.label))
        })?;
        let new = check(col, &values[key]).map_err(|m| AppError::invalid(key, m))?;
        let old = view.value(key).map(str::to_string);
        if new.display() == old {
            continue;
        }
        if let FieldDecision::Locked(reason) = decide_field(me, kind, field) {
            return Err(AppError::Forbidden(reason.to_string()));
        }
        let column = table(kind)
            .and_then(|t| t.col(key))
            .and_then(|c| c.write)
            .ok_or_else(|| {
                AppError::invalid(key, format!("{} cannot be changed here.", col.label))
            })?;
        out.push(ColumnChange {
            key: col.key,
            column,
            old,
            new,
            shown: None,
        });
    }
    Ok(out)
}

/// Saves an edit form on a record the caller may edit: the changed fields,
/// if the record is still at `version`. Returns the version now current.
pub async fn save(
    db: &Db,
    me: &Principal,
    view: &RecordView,
    version: i64,
    values: &HashMap<String, String>,
) -> Result<i64, AppError> {
    let mut changes = changes(me, view, values)?;
    if changes.is_empty() {
        return Ok(version);
    }
    let chosen = changes.iter().map(|c| (c.key, c.new.clone())).collect();
    for picked in check_picks(db, me, view.kind, chosen).await? {
        let Some(c) = changes.iter_mut().find(|c| c.key == picked.key) else {
            continue;
        };
        // The history names the records: "North Hub (number 3)".
        let name_key = c.key.trim_end_matches("_id");
        let old_name = view.value(name_key).unwrap_or("none");
        c.old = c.old.take().map(|id| format!("{old_name} (number {id})"));
        c.shown = c
            .new
            .display()
            .map(|id| format!("{} (number {id})", picked.title));
    }
    update(db, me.user_id, view.kind, view.id, version, &changes).await
}

/// Applies column changes if the record is still at `version`.
pub async fn update(
    db: &Db,
    actor: i64,
    kind: RecordKind,
    id: i64,
    version: i64,
    changes: &[ColumnChange],
) -> Result<i64, AppError> {
    let t = table(kind)
        .ok_or_else(|| AppError::Conflict("This kind of record cannot be edited.".into()))?;
    let mut tx = db.begin_write().await?;
    let (on_grant, on_table): (Vec<&ColumnChange>, Vec<&ColumnChange>) =
        changes.iter().partition(|c| c.column == GRANT_PARTNER);
    let mut sql = Sql::new(format!("UPDATE {} SET ", t.table));
    for c in on_table {
        let p = sql.arg(stored(kind, c.key, &c.new));
        sql.push(&format!("{} = {p}, ", c.column));
    }
    let (at, id_p, version_p) = (sql.arg(now()), sql.arg(id), sql.arg(version));
    sql.push(&format!(
        "version = version + 1, updated_at = {at} WHERE id = {id_p} AND version = {version_p}"
    ));
    let done = sql.query().execute(&mut *tx).await?;
    if done.rows_affected() == 0 {
        return Err(AppError::stale("record", version));
    }
    for c in on_grant {
        move_partner_user(&mut tx, id, &c.new).await?;
    }
    for c in changes {
        // Reactivating, extending access or moving to another Partner takes a
        // place on the (destination) Partner: the cap is checked there.
        let regains_a_place = (c.key == "active" && c.new == Value::Flag(true))
            || c.key == "access_expires_on"
            || c.column == GRANT_PARTNER;
        if kind == RecordKind::PartnerUser && regains_a_place {
            enforce_partner_user_cap(&mut tx, id).await?;
        }
        if matches!(kind, RecordKind::PartnerUser | RecordKind::CecStaffUser)
            && c.key == "active"
            && c.new == Value::Flag(false)
        {
            crate::ssr::sessions::end_all_for_user(&mut tx, id).await?;
        }
    }
    let audited: Vec<FieldChange> = changes
        .iter()
        .map(|c| {
            let new = c.shown.clone().or_else(|| c.new.display());
            FieldChange::new(c.key, c.old.clone(), new)
        })
        .collect();
    Audit::by(actor, AuditKind::Network(kind), id)
        .fields(&mut tx, AuditAction::Edit, &audited)
        .await?;
    refresh_flags(&mut tx, kind, id).await?;
    tx.commit().await?;
    Ok(version + 1)
}

/// Moves a Partner user to another Partner: their active Partner grant is
/// rebound (docs/RULES.md §2.3), inside the edit's transaction.
async fn move_partner_user(tx: &mut Tx, user_id: i64, partner: &Value) -> Result<(), AppError> {
    let Value::Number(partner_id) = partner else {
        return Err(AppError::invalid(
            "partner_id",
            "A Partner user needs a Partner.",
        ));
    };
    sqlx::query(
        "UPDATE role_grants SET partner_id = $1 WHERE user_id = $2 AND role = 'partner' AND status = 'active'",
    )
    .bind(partner_id)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct PartnerUserCount {
    name: String,
    n: i64,
}

/// At most six active Partner users per Partner, checked inside the writing
/// transaction (so two concurrent additions cannot both pass). An account whose
/// access has expired cannot sign in, so it holds no place (docs/RULES.md §2.2).
pub async fn enforce_partner_user_cap(tx: &mut Tx, user_id: i64) -> Result<(), AppError> {
    let count = sqlx::query_as::<_, PartnerUserCount>(
        "SELECT p.name AS name, \
           (SELECT COUNT(*) FROM role_grants g2 JOIN users u2 ON u2.id = g2.user_id \
            WHERE g2.partner_id = g.partner_id AND g2.role = 'partner' AND g2.status = 'active' AND u2.active = 1 \
              AND (u2.access_expires_on IS NULL OR u2.access_expires_on >= $2)) AS n \
         FROM role_grants g JOIN partners p ON p.id = g.partner_id \
         WHERE g.user_id = $1 AND g.role = 'partner' AND g.status = 'active'",
    )
    .bind(user_id)
    .bind(today())
    .fetch_optional(&mut **tx)
    .await?;
    match count {
        Some(PartnerUserCount { name, n }) if n > PARTNER_USER_CAP => {
            Err(AppError::Conflict(format!(
                "{name} already has {PARTNER_USER_CAP} active Partner users, the most a Partner may have. \
                 Deactivate one first; nothing was changed."
            )))
        }
        Some(_) | None => Ok(()),
    }
}

/// Closes a record (status closed, who and when), keeping every row.
pub async fn close(
    db: &Db,
    actor: i64,
    kind: RecordKind,
    id: i64,
    version: i64,
) -> Result<(), AppError> {
    let t = table(kind)
        .ok_or_else(|| AppError::Conflict("This kind of record cannot be closed.".into()))?;
    if !t.closable {
        return Err(AppError::Conflict(format!(
            "{} cannot be closed.",
            kind.plural()
        )));
    }
    let mut tx = db.begin_write().await?;
    move_status(&mut tx, t.table, id, version, Some(actor)).await?;
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
    if kind == RecordKind::Ea {
        super::actions::end_matches_of_closed_ea(&mut tx, actor, id).await?;
    }
    Audit::by(actor, AuditKind::Network(kind), id)
        .closed(&mut tx)
        .await?;
    refresh_flags(&mut tx, kind, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Reopens a closed record (RULES §5.1): status active again, the close's
/// who and when cleared, if the record is still at `version`. What closing
/// ended on the way (an EA's matches, a login's role) stays ended: the
/// history shows them, and they are made again by their own actions.
pub async fn reopen(
    db: &Db,
    actor: i64,
    kind: RecordKind,
    id: i64,
    version: i64,
) -> Result<(), AppError> {
    let t = table(kind)
        .filter(|t| t.closable)
        .ok_or_else(|| AppError::Conflict(format!("{} cannot be reopened.", kind.plural())))?;
    let mut tx = db.begin_write().await?;
    move_status(&mut tx, t.table, id, version, None).await?;
    let change = FieldChange::new("status", Some("closed".into()), Some("active".into()));
    Audit::by(actor, AuditKind::Network(kind), id)
        .fields(&mut tx, AuditAction::Reopen, &[change])
        .await?;
    refresh_flags(&mut tx, kind, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Closes (`closed_by` is the actor) or reopens (`None`) the row `id` of
/// `table` if it is still at `version` and in the other state; closing
/// records who and when, reopening clears both. Otherwise 409, nothing changed.
async fn move_status(
    tx: &mut Tx,
    table: &str,
    id: i64,
    version: i64,
    closed_by: Option<i64>,
) -> Result<(), AppError> {
    let (to, from, closed_at) = match closed_by {
        Some(_) => ("closed", "active", Some(now())),
        None => ("active", "closed", None),
    };
    let sql = format!(
        "UPDATE {table} SET status = '{to}', closed_at = $1, closed_by = $2, version = version + 1, updated_at = $3 \
         WHERE id = $4 AND version = $5 AND status = '{from}'"
    );
    let done = sqlx::query(&sql)
        .bind(closed_at)
        .bind(closed_by)
        .bind(now())
        .bind(id)
        .bind(version)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::stale("record", version));
    }
    Ok(())
}

/// An Institution's stored answers (docs/RULES.md §7.3) after any edit,
/// close or reopen of it: none of today's editable fields changes them, but
/// the refresh keeps that true whatever becomes editable.
async fn refresh_flags(tx: &mut Tx, kind: RecordKind, id: i64) -> Result<(), AppError> {
    if kind == RecordKind::Institution {
        use crate::ssr::scope_flags::{refresh, Which};
        refresh(tx, Which::Ids(&[id])).await?;
    }
    Ok(())
}
