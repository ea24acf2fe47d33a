//! Working the support queue (docs/RULES.md §2.7): assign, move a request
//! on, reject it with a reason, comment. Each change is version-checked
//! (except comments, which only add) and audited on the request, so the
//! requester sees it in the request's history.
use super::{assignees, row, RequestRow, KIND};
use crate::error::AppError;
use crate::records::support::{Status, MAX_TEXT};
use crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange};
use crate::ssr::clock::now;
use crate::ssr::db::{Db, Tx};

/// The request as stored, read inside the writing transaction, at `version`.
async fn current(tx: &mut Tx, id: i64, version: i64) -> Result<RequestRow, AppError> {
    let r = row(&mut **tx, id)
        .await?
        .ok_or_else(|| crate::api::records::guard::not_found(KIND, id))?;
    if r.version != version {
        return Err(AppError::stale("support request", version));
    }
    Ok(r)
}

/// A value bound into `bump`'s SET clause.
enum Bound {
    Text(String),
    Id(Option<i64>),
}

/// Bumps the version, applying `set` (a SQL fragment over bound `$4`…).
async fn bump(
    tx: &mut Tx,
    id: i64,
    version: i64,
    set: &str,
    args: Vec<Bound>,
) -> Result<(), AppError> {
    let sql = format!(
        "UPDATE support_requests SET {set}, version = version + 1, updated_at = $1 WHERE id = $2 AND version = $3"
    );
    let mut q = sqlx::query(&sql).bind(now()).bind(id).bind(version);
    for a in args {
        q = match a {
            Bound::Text(t) => q.bind(t),
            Bound::Id(i) => q.bind(i),
        };
    }
    let done = q.execute(&mut **tx).await?;
    if done.rows_affected() == 0 {
        return Err(AppError::stale("support request", version));
    }
    Ok(())
}

fn refuse_final(r: &RequestRow, what: &str) -> Result<(), AppError> {
    let status = r.status();
    if status.is_final() {
        return Err(AppError::Conflict(format!(
            "Request {} is already {}, so it cannot be {what}; nothing was changed.",
            r.id,
            status.label().to_lowercase()
        )));
    }
    Ok(())
}

/// Gives the request to a Network Ops or Admin login (None: nobody).
pub async fn assign(
    db: &Db,
    actor: i64,
    id: i64,
    version: i64,
    assignee: Option<i64>,
) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let r = current(&mut tx, id, version).await?;
    refuse_final(&r, "assigned")?;
    let name = match assignee {
        Some(a) => Some(
            assignees(&mut *tx)
                .await?
                .into_iter()
                .find(|x| x.id == a)
                .map(|x| x.name)
                .ok_or_else(|| {
                    AppError::invalid(
                        "assignee_id",
                        "Choose a Network Ops or Admin user whose account is active.",
                    )
                })?,
        ),
        None => None,
    };
    bump(
        &mut tx,
        id,
        version,
        "assignee_id = $4",
        vec![Bound::Id(assignee)],
    )
    .await?;
    Audit::by(actor, AuditKind::Network(KIND), id)
        .fields(
            &mut tx,
            AuditAction::Assign,
            &[FieldChange::new("assignee", r.assignee.clone(), name)],
        )
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Moves the request to In progress or Resolved (rejecting needs `reject`).
pub async fn set_status(
    db: &Db,
    actor: i64,
    id: i64,
    version: i64,
    next: &str,
) -> Result<(), AppError> {
    let next = match Status::from_code(next) {
        Some(Status::Rejected) => {
            return Err(AppError::invalid(
                "status",
                "Rejecting a request needs a reason: use Reject.",
            ))
        }
        Some(s @ (Status::InProgress | Status::Resolved)) => s,
        Some(Status::New) | None => {
            return Err(AppError::invalid(
                "status",
                "Choose In progress or Resolved.",
            ))
        }
    };
    let mut tx = db.begin_write().await?;
    let r = current(&mut tx, id, version).await?;
    move_on(&mut tx, actor, &r, next, None).await?;
    tx.commit().await?;
    Ok(())
}

/// Rejects the request, with the reason the requester will read.
pub async fn reject(
    db: &Db,
    actor: i64,
    id: i64,
    version: i64,
    reason: &str,
) -> Result<(), AppError> {
    let reason = checked_text("reason", reason, "Say why the request is rejected.")?;
    let mut tx = db.begin_write().await?;
    let r = current(&mut tx, id, version).await?;
    move_on(&mut tx, actor, &r, Status::Rejected, Some(reason)).await?;
    tx.commit().await?;
    Ok(())
}

/// The status change itself, inside the caller's transaction: checked
/// against where the request stands, version-bumped and audited.
pub async fn move_on(
    tx: &mut Tx,
    actor: i64,
    r: &RequestRow,
    next: Status,
    reason: Option<String>,
) -> Result<(), AppError> {
    let from = r.status();
    if !from.may_become(next) {
        refuse_final(r, &format!("moved to {}", next.label()))?;
        return Err(AppError::Conflict(format!(
            "Request {} is {} already or cannot go back to it; nothing was changed.",
            r.id,
            next.label()
        )));
    }
    bump(
        tx,
        r.id,
        r.version,
        "status = $4, reject_reason = $5",
        vec![
            Bound::Text(next.code().to_string()),
            Bound::Text(reason.clone().unwrap_or_default()),
        ],
    )
    .await?;
    let mut changes = vec![FieldChange::new(
        "status",
        Some(from.label().to_string()),
        Some(next.label().to_string()),
    )];
    if let Some(reason) = reason {
        changes.push(FieldChange::new("reject_reason", None, Some(reason)));
    }
    Audit::by(actor, AuditKind::Network(KIND), r.id)
        .fields(tx, AuditAction::Edit, &changes)
        .await?;
    Ok(())
}

/// Adds a comment, audited on the request.
pub async fn comment(db: &Db, actor: i64, id: i64, body: &str) -> Result<(), AppError> {
    let body = checked_text("body", body, "Write a comment.")?;
    let mut tx = db.begin_write().await?;
    comment_in(&mut tx, actor, id, &body).await?;
    tx.commit().await?;
    Ok(())
}

/// A comment written inside the caller's transaction, audited on the request.
pub async fn comment_in(tx: &mut Tx, actor: i64, id: i64, body: &str) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO support_request_comments (request_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(actor)
    .bind(body)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Audit::by(actor, AuditKind::Network(KIND), id)
        .fields(
            tx,
            AuditAction::Comment,
            &[FieldChange::new("comment", None, Some(body.to_string()))],
        )
        .await?;
    Ok(())
}

fn checked_text(field: &str, text: &str, empty: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid(field, empty));
    }
    if text.chars().count() > MAX_TEXT {
        return Err(AppError::invalid(
            field,
            format!("Keep it to {MAX_TEXT} characters or fewer."),
        ));
    }
    Ok(text.to_string())
}
