//! One batch of register rows upserted by URN inside the caller's
//! transaction: new URNs added, changed register fields updated, identical
//! rows left alone, each change audited field by field with the import as its
//! source. Only the register's own columns are written (docs/RULES.md §2.1):
//! Partner, EC, Sub-contractor and the network's other fields are never named.
use super::columns::{value, RegisterRow, REGISTER_FIELDS};
use super::ImportResult;
use crate::auth::permissions::RecordKind;
use crate::ssr::audit::{Audit, AuditAction, AuditKind, AuditSource, FieldChange};
use crate::ssr::clock::now;
use crate::ssr::db::Tx;
use crate::ssr::sql::Sql;
use std::collections::HashMap;

/// An Institution's register fields as stored.
#[derive(sqlx::FromRow)]
struct Stored {
    id: i64,
    urn: String,
    name: String,
    establishment_type: String,
    establishment_group: String,
    phase: String,
    local_authority: String,
    postcode: String,
    open_date: Option<String>,
    close_date: Option<String>,
    status: String,
}

impl Stored {
    /// Values in `REGISTER_FIELDS` order, as `RegisterRow::values` gives them.
    fn values(&self) -> [Option<String>; 10] {
        [
            value(&self.urn),
            value(&self.name),
            value(&self.establishment_type),
            value(&self.establishment_group),
            value(&self.phase),
            value(&self.local_authority),
            value(&self.postcode),
            self.open_date.clone(),
            self.close_date.clone(),
            Some(self.status.clone()),
        ]
    }
}

#[derive(sqlx::FromRow)]
struct Added {
    id: i64,
    urn: String,
}

const COLUMNS: &str = "urn, name, establishment_type, establishment_group, phase, \
                       local_authority, postcode, open_date, close_date, status";

/// Upserts `rows` (unique URNs) and adds their outcome to `result`.
pub(super) async fn apply(
    tx: &mut Tx,
    rows: &[(u64, RegisterRow)],
    actor: Option<i64>,
    result: &mut ImportResult,
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let stored = stored(tx, rows).await?;
    let audit = |id| Audit {
        actor,
        ..Audit::system(
            AuditSource::Import,
            AuditKind::Network(RecordKind::Institution),
            id,
        )
    };
    let mut changes: Vec<(Audit, AuditAction, FieldChange)> = vec![];
    let mut new_rows = vec![];
    // The URNs whose rows this batch writes (their stored answers are refreshed).
    let mut urns: Vec<String> = vec![];
    for (_, row) in rows {
        let Some(old) = stored.get(&row.urn) else {
            new_rows.push(row);
            continue;
        };
        let diff: Vec<FieldChange> = REGISTER_FIELDS
            .iter()
            .zip(old.values().into_iter().zip(row.values()))
            .map(|(field, (old, new))| FieldChange::new(field, old, new))
            .filter(FieldChange::changed)
            .collect();
        if diff.is_empty() {
            result.unchanged += 1;
            continue;
        }
        let closing = row.closed && old.status != "closed";
        let reopening = !row.closed && old.status == "closed";
        update(tx, old.id, row, closing, reopening, actor).await?;
        urns.push(row.urn.clone());
        result.updated += 1;
        result.closed += u64::from(closing);
        for change in diff {
            let action = match change.field {
                "status" if closing => AuditAction::Close,
                "status" if reopening => AuditAction::Reopen,
                _ => AuditAction::Import,
            };
            changes.push((audit(old.id), action, change));
        }
    }
    urns.extend(new_rows.iter().map(|r| r.urn.clone()));
    for chunk in new_rows.chunks(100) {
        for added in insert(tx, chunk, actor).await? {
            let Some(row) = chunk.iter().find(|r| r.urn == added.urn) else {
                continue;
            };
            result.added += 1;
            result.closed += u64::from(row.closed);
            // An addition is one audit row naming the URN (and one more when
            // it arrives closed): its other values are the record itself, and
            // every later change to them is audited field by field.
            changes.push((
                audit(added.id),
                AuditAction::Add,
                FieldChange::new("urn", None, Some(row.urn.clone())),
            ));
            if row.closed {
                changes.push((
                    audit(added.id),
                    AuditAction::Close,
                    FieldChange::new("status", None, Some("closed".into())),
                ));
            }
        }
    }
    Audit::fields_of_many(tx, &changes).await?;
    // docs/RULES.md §7.3: phase, type, group and new rows change the stored
    // in-scope answer; refreshed for this batch in its own transaction.
    crate::ssr::scope_flags::refresh(tx, crate::ssr::scope_flags::Which::Urns(&urns)).await?;
    Ok(())
}

/// The stored Institutions of this batch's URNs, by URN.
async fn stored(
    tx: &mut Tx,
    rows: &[(u64, RegisterRow)],
) -> Result<HashMap<String, Stored>, sqlx::Error> {
    let mut sql = Sql::new(format!(
        "SELECT id, {COLUMNS} FROM institutions WHERE urn IN ("
    ));
    for (i, (_, row)) in rows.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.text(row.urn.as_str());
    }
    sql.push(")");
    let found = sql.query_as::<Stored>().fetch_all(&mut **tx).await?;
    Ok(found.into_iter().map(|s| (s.urn.clone(), s)).collect())
}

async fn insert(
    tx: &mut Tx,
    rows: &[&RegisterRow],
    actor: Option<i64>,
) -> Result<Vec<Added>, sqlx::Error> {
    let t = now();
    let mut sql = Sql::new(format!(
        "INSERT INTO institutions ({COLUMNS}, created_at, updated_at, closed_at, closed_by) VALUES "
    ));
    for (i, row) in rows.iter().enumerate() {
        let mut values: Vec<String> = REGISTER_FIELDS
            .iter()
            .zip(row.values())
            .map(|(field, v)| register_arg(&mut sql, field, v))
            .collect();
        values.push(sql.arg(t));
        values.push(sql.arg(t));
        values.push(sql.arg(row.closed.then_some(t)));
        values.push(sql.arg(if row.closed { actor } else { None }));
        sql.push(if i == 0 { "(" } else { ", (" })
            .push(&values.join(", "))
            .push(")");
    }
    sql.push(" RETURNING id, urn");
    sql.query_as::<Added>().fetch_all(&mut **tx).await
}

/// A register value's placeholder: text columns store unknown as '', dates as NULL.
fn register_arg(sql: &mut Sql, field: &str, v: Option<String>) -> String {
    match field {
        "open_date" | "close_date" => sql.arg(v),
        _ => sql.arg(v.unwrap_or_default()),
    }
}

async fn update(
    tx: &mut Tx,
    id: i64,
    row: &RegisterRow,
    closing: bool,
    reopening: bool,
    actor: Option<i64>,
) -> Result<(), sqlx::Error> {
    let t = now();
    let mut sql = Sql::new("UPDATE institutions SET ");
    let values = row.values();
    let sets: Vec<String> = REGISTER_FIELDS
        .iter()
        .zip(values)
        .map(|(field, v)| format!("{field} = {}", register_arg(&mut sql, field, v)))
        .collect();
    sql.push(&sets.join(", "));
    let t_arg = sql.arg(t);
    sql.push(&format!(", updated_at = {t_arg}, version = version + 1"));
    if closing {
        let at = sql.arg(t);
        let by = sql.arg(actor);
        sql.push(&format!(", closed_at = {at}, closed_by = {by}"));
    } else if reopening {
        sql.push(", closed_at = NULL, closed_by = NULL");
    }
    let id_arg = sql.arg(id);
    sql.push(&format!(" WHERE id = {id_arg}"));
    sql.query().execute(&mut **tx).await?;
    Ok(())
}
