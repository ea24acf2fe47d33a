//! One record: every column, its version, title and scope facts, and its history.
use super::cells::read_cells;
use super::list::{all_keys, select};
use super::scope::{fact_columns, read_facts};
use super::tables::table;
use crate::auth::permissions::RecordKind;
use crate::records::view::{HistoryEntry, RecordView};
use crate::ssr::db::Db;

/// The fixed columns of a record beside its cells and facts.
#[derive(sqlx::FromRow)]
struct DetailHead {
    version: i64,
    status: String,
    title: Option<String>,
}

/// Loads a record whatever the viewer's scope; callers ask `decide` next.
pub async fn load(db: &Db, kind: RecordKind, id: i64) -> Result<Option<RecordView>, sqlx::Error> {
    let Some(t) = table(kind) else {
        return Ok(None);
    };
    let keys = all_keys(kind);
    let sql = format!(
        "{}, CAST({} AS BIGINT) AS version, {} AS title, {} FROM {} WHERE t.id = $1",
        select(t, &keys)?,
        t.version,
        t.title,
        fact_columns(t),
        t.from
    );
    let Some(row) = sqlx::query(&sql).bind(id).fetch_optional(&db.read).await? else {
        return Ok(None);
    };
    let head: DetailHead = sqlx::FromRow::from_row(&row)?;
    let cells = read_cells(&row, keys.len())?;
    let closed = head.status == "closed";
    let closed_by = match (closed, t.closable) {
        (true, true) => closed_by(db, t.table, id).await?,
        _ => None,
    };
    Ok(Some(RecordView {
        kind,
        id,
        version: head.version,
        closed,
        title: head.title.unwrap_or_default(),
        values: keys.iter().map(|k| k.to_string()).zip(cells).collect(),
        facts: read_facts(t, &row)?,
        related: vec![],
        notes: vec![],
        compass: None,
        closed_by,
    }))
}

/// Who closed the closed record `id` of `table`, and when (RULES §5.1).
async fn closed_by(db: &Db, table: &str, id: i64) -> Result<Option<(String, i64)>, sqlx::Error> {
    let sql = format!(
        "SELECT u.first_name || ' ' || u.last_name AS who, CAST(x.closed_at AS BIGINT) AS at \
         FROM {table} x JOIN users u ON u.id = x.closed_by \
         WHERE x.id = $1 AND x.closed_at IS NOT NULL"
    );
    let row: Option<(String, i64)> = sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(&db.read)
        .await?;
    Ok(row)
}

/// The audit trail of one record, newest first.
pub async fn history(db: &Db, kind: RecordKind, id: i64) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    use crate::ssr::audit::{AuditKind, Order};
    crate::ssr::audit::history(db, AuditKind::Network(kind), id, Order::NewestFirst).await
}
