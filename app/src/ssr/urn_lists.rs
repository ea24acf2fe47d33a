//! The four URN lists (docs/RULES.md §2.2): reading a list, adding URNs
//! line by line, closing an entry with a reason. Every change is audited;
//! nothing is deleted. Each change refreshes the stored in-scope answer of
//! its URN's Institution in the same transaction (`ssr::scope_flags`,
//! docs/RULES.md §7.3), so it counts at once.
mod input;

pub use input::{parse_lines, InputLine};

use super::audit::{Audit, AuditAction, AuditKind, FieldChange};
use super::clock::now;
use super::db::{Backend, Db};
use super::scope_flags::{refresh, Which};
use super::search::contains_pattern;
use super::sql::Sql;
use crate::auth::permissions::RecordKind;
use crate::display::day_of;
use crate::error::AppError;
use crate::records::query::StatusFilter;
use crate::records::scope_rule::UrnList;
use crate::records::urn_lists::{
    AddReport, RefusedLine, UrnEntry, UrnListPage, UrnListQuery, URN_PAGE_SIZE,
};

const AUDIT: AuditKind = AuditKind::Network(RecordKind::UrnList);

/// One entry as `ENTRY_COLUMNS` reads it.
#[derive(sqlx::FromRow)]
pub struct EntryRow {
    id: i64,
    urn: String,
    reason: String,
    created_at: i64,
    added_by: String,
    status: String,
    closed_at: Option<i64>,
    closed_by: Option<String>,
    closed_reason: Option<String>,
    institution: Option<String>,
    version: i64,
}

impl From<EntryRow> for UrnEntry {
    fn from(r: EntryRow) -> Self {
        UrnEntry {
            id: r.id,
            urn: r.urn,
            reason: r.reason,
            added_on: day_of(r.created_at),
            added_by: r.added_by,
            active: r.status == "active",
            closed_on: r.closed_at.map(day_of),
            closed_by: r.closed_by,
            closed_reason: r.closed_reason,
            institution: r.institution,
            version: r.version,
        }
    }
}

/// The columns of an entry row (aliases `e` entry, `a` adder, `c` closer).
pub const ENTRY_COLUMNS: &str =
    "SELECT e.id, e.urn, e.reason, CAST(e.created_at AS BIGINT) AS created_at, \
     COALESCE(a.first_name || ' ' || a.last_name, 'System') AS added_by, e.status, \
     CAST(e.closed_at AS BIGINT) AS closed_at, c.first_name || ' ' || c.last_name AS closed_by, \
     e.closed_reason, (SELECT i.name FROM institutions i WHERE i.urn = e.urn) AS institution, \
     CAST(e.version AS BIGINT) AS version";

/// ` FROM … WHERE …` of a list's entries matching the query (shared with the download).
pub fn from_where(backend: Backend, list: UrnList, q: &UrnListQuery) -> Sql {
    let mut sql = Sql::new(
        " FROM urn_list_entries e LEFT JOIN users a ON a.id = e.created_by \
         LEFT JOIN users c ON c.id = e.closed_by WHERE e.list = ",
    );
    sql.text(list.key());
    match q.status {
        StatusFilter::Active => {
            sql.push(" AND e.status = 'active'");
        }
        StatusFilter::Closed => {
            sql.push(" AND e.status = 'closed'");
        }
        StatusFilter::All => {}
    }
    if !q.q.is_empty() {
        let p = sql.arg(contains_pattern(&q.q));
        let like = match backend {
            Backend::Sqlite => "LIKE",
            Backend::Postgres => "ILIKE",
        };
        sql.push(&format!(
            " AND (e.urn {like} {p} ESCAPE '\\' OR e.reason {like} {p} ESCAPE '\\')"
        ));
    }
    sql
}

/// One page of a list, newest first.
pub async fn page(db: &Db, list: UrnList, q: &UrnListQuery) -> Result<UrnListPage, sqlx::Error> {
    let fw = from_where(db.backend, list, q);
    let mut count = fw.clone();
    count.prepend("SELECT COUNT(*) AS n");
    let total = count.query_scalar::<i64>().fetch_one(&db.read).await?;
    let mut rows = fw;
    let offset = i64::from(q.page.saturating_sub(1)) * i64::from(URN_PAGE_SIZE);
    rows.prepend(ENTRY_COLUMNS).push(&format!(
        " ORDER BY e.id DESC LIMIT {URN_PAGE_SIZE} OFFSET {offset}"
    ));
    let entries = rows.query_as::<EntryRow>().fetch_all(&db.read).await?;
    let mut active =
        Sql::new("SELECT COUNT(*) AS n FROM urn_list_entries WHERE status = 'active' AND list = ");
    active.text(list.key());
    Ok(UrnListPage {
        list,
        query: q.clone(),
        total,
        entries: entries.into_iter().map(UrnEntry::from).collect(),
        active: active.query_scalar::<i64>().fetch_one(&db.read).await?,
        institutions_in_scope: institutions_in_scope(db).await?,
    })
}

#[derive(sqlx::FromRow)]
struct Found {
    n: i64,
}

/// Adds each well-formed line's URN (one audited entry each, in its own
/// transaction), skips URNs already active on the list, and reports every
/// line. Lines `parse_lines` refused are reported with their reasons.
pub async fn add(
    db: &Db,
    actor: i64,
    list: UrnList,
    lines: Vec<InputLine>,
    refused: Vec<RefusedLine>,
) -> Result<AddReport, AppError> {
    let mut report = AddReport {
        refused,
        ..AddReport::default()
    };
    for l in lines {
        let mut tx = db.begin_write().await?;
        let mut dup = Sql::new(
            "SELECT COUNT(*) AS n FROM urn_list_entries WHERE status = 'active' AND list = ",
        );
        dup.text(list.key()).push(" AND urn = ").text(l.urn.clone());
        if dup.query_as::<Found>().fetch_one(&mut *tx).await?.n > 0 {
            report.already.push(l.urn);
            continue;
        }
        let mut ins = Sql::new(
            "INSERT INTO urn_list_entries (list, urn, reason, created_at, created_by) VALUES (",
        );
        ins.text(list.key())
            .push(", ")
            .text(l.urn.clone())
            .push(", ")
            .text(l.reason.clone())
            .push(", ")
            .int(now())
            .push(", ")
            .int(actor)
            .push(") RETURNING id");
        let id = match ins.query_scalar::<i64>().fetch_one(&mut *tx).await {
            Ok(id) => id,
            // Another request added it between the check and the insert.
            Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
                report.already.push(l.urn);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let audit = Audit::by(actor, AUDIT, id);
        let changes = [
            FieldChange::new("list", None, Some(list.key().to_string())),
            FieldChange::new("urn", None, Some(l.urn.clone())),
            FieldChange::new("reason", None, Some(l.reason.clone())),
        ];
        audit.fields(&mut tx, AuditAction::Add, &changes).await?;
        let mut known = Sql::new("SELECT COUNT(*) AS n FROM institutions WHERE urn = ");
        known.text(l.urn.clone());
        let in_register = known.query_as::<Found>().fetch_one(&mut *tx).await?.n > 0;
        // docs/RULES.md §7.3: the entry counts at once.
        refresh(&mut tx, Which::Urns(std::slice::from_ref(&l.urn))).await?;
        tx.commit().await?;
        if !in_register {
            report.not_in_register.push(l.urn.clone());
        }
        report.added.push(l.urn);
    }
    Ok(report)
}

/// Closes an active entry of `list` (kept in history) with a reason; a stale
/// version or an entry already closed is refused and nothing changes.
pub async fn close(
    db: &Db,
    actor: i64,
    list: UrnList,
    id: i64,
    version: i64,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid("reason", "say why the URN is removed"));
    }
    let mut tx = db.begin_write().await?;
    let mut upd = Sql::new("UPDATE urn_list_entries SET status = 'closed', closed_at = ");
    upd.int(now())
        .push(", closed_by = ")
        .int(actor)
        .push(", closed_reason = ")
        .text(reason)
        .push(", version = version + 1 WHERE status = 'active' AND id = ")
        .int(id)
        .push(" AND list = ")
        .text(list.key())
        .push(" AND version = ")
        .int(version);
    if upd.query().execute(&mut *tx).await?.rows_affected() == 0 {
        let mut exists = Sql::new("SELECT COUNT(*) AS n FROM urn_list_entries WHERE id = ");
        exists.int(id).push(" AND list = ").text(list.key());
        if exists.query_as::<Found>().fetch_one(&mut *tx).await?.n == 0 {
            return Err(AppError::NotFound(format!(
                "there is no entry {id} on the {} list",
                list.title()
            )));
        }
        return Err(AppError::stale("URN list entry", version));
    }
    let audit = Audit::by(actor, AUDIT, id);
    let changes = [
        FieldChange::new("status", Some("active".into()), Some("closed".into())),
        FieldChange::new("closed_reason", None, Some(reason.to_string())),
    ];
    audit.fields(&mut tx, AuditAction::Close, &changes).await?;
    let mut urn = Sql::new("SELECT urn FROM urn_list_entries WHERE id = ");
    urn.int(id);
    let urn = urn.query_scalar::<String>().fetch_one(&mut *tx).await?;
    refresh(&mut tx, Which::Urns(&[urn])).await?;
    tx.commit().await?;
    Ok(())
}

/// Active Institutions in network scope: the count the URN list pages show.
pub async fn institutions_in_scope(db: &Db) -> Result<i64, sqlx::Error> {
    // The stored answer (docs/RULES.md §7.3), as the list's filter reads it.
    let sql = Sql::new(
        "SELECT COUNT(*) AS n FROM institutions t WHERE t.status = 'active' AND t.in_scope = 1",
    );
    sql.query_scalar::<i64>().fetch_one(&db.read).await
}
