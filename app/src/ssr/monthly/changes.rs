//! Changes to monthly returns (docs/RULES.md §2.4), each: who → load →
//! `decide` (403 with its reason, 404 out of scope) → validate (422 naming the
//! field) → one transaction with its audit rows. Every change quotes the
//! version it was made from; a stale one is refused with 409.
use super::{current_month, figures, stored, Stored};
use crate::auth::permissions::{
    decide_network, owner, Action, NetworkTarget, RecordFacts, RecordKind,
};
use crate::auth::roles::Principal;
use crate::error::AppError;
use crate::records::monthly::{Month, ReturnStatus, DECLARATION};
use crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange};
use crate::ssr::clock::now;
use crate::ssr::db::{Backend, Db, Tx};
use crate::ssr::guard::{allowed, network_kind, reach};
use crate::ssr::settings;
use crate::ssr::sql::Sql;

const KIND: RecordKind = RecordKind::MonthlySubmission;
const AUDIT: AuditKind = AuditKind::Network(KIND);
/// The longest note a Partner user may keep on a return.
pub const NOTE_MAX: usize = 2000;
/// The longest reason Admin may give when returning one.
pub const REASON_MAX: usize = 2000;

fn missing(id: i64) -> AppError {
    AppError::NotFound(format!("there is no monthly return {id} you can see"))
}

/// A return the principal may take `action` on: 404 when missing or outside
/// their scope, 403 with `decide`'s reason when the role never may.
pub async fn load_for(
    db: &Db,
    who: &Principal,
    action: Action,
    id: i64,
) -> Result<Stored, AppError> {
    // A role without the action at all hears why, whether or not the record exists.
    network_kind(who, action, KIND)?;
    let s = stored(db, id).await?.ok_or_else(|| missing(id))?;
    let facts = RecordFacts {
        partner_id: Some(s.partner_id),
        ..RecordFacts::default()
    };
    reach(
        decide_network(who, action, &NetworkTarget::Record(KIND, facts)),
        || missing(id),
    )?;
    Ok(s)
}

/// A PostgreSQL serialisation failure (a concurrent change to the same row
/// under REPEATABLE READ) is a stale edit, not an internal error.
fn raced(e: sqlx::Error, version: i64) -> AppError {
    if let sqlx::Error::Database(d) = &e {
        if d.code().as_deref() == Some("40001") {
            return AppError::stale("monthly return", version);
        }
    }
    e.into()
}

/// A write transaction that reads one consistent snapshot of the register
/// (SQLite's write lock already gives that; PostgreSQL needs REPEATABLE READ).
async fn begin(db: &Db) -> Result<Tx, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    if db.backend == Backend::Postgres {
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            .execute(&mut *tx)
            .await?;
    }
    Ok(tx)
}

/// Moves the return from one of `from` to `to` if it is still at `version`;
/// the statement's other assignments come in `set` (with their arguments).
async fn transition(
    tx: &mut Tx,
    id: i64,
    version: i64,
    to: ReturnStatus,
    mut set: Sql,
) -> Result<(), AppError> {
    let st = set.arg(to.key());
    let at = set.arg(now());
    let rid = set.arg(id);
    let v = set.arg(version);
    set.prepend("UPDATE monthly_submissions SET ").push(&format!(
        ", status = {st}, updated_at = {at}, version = version + 1 WHERE id = {rid} AND version = {v}"
    ));
    let done = set
        .query()
        .execute(&mut **tx)
        .await
        .map_err(|e| raced(e, version))?;
    if done.rows_affected() == 0 {
        return Err(AppError::stale("monthly return", version));
    }
    Ok(())
}

fn refuse_status(s: &Stored, doing: &str) -> AppError {
    AppError::Conflict(format!(
        "The {} return of {} is {}, so it cannot be {doing}. Nothing was saved.",
        s.month().label(),
        s.partner,
        s.status().label().to_lowercase()
    ))
}

/// A Partner user starts their Partner's return for `month` (a draft).
pub async fn start(db: &Db, who: &Principal, month: &str) -> Result<i64, AppError> {
    network_kind(who, Action::Add, KIND)?;
    let grant = who
        .network
        .as_ref()
        .ok_or_else(|| AppError::Forbidden("no network role".into()))?;
    let own = owner(KIND, who.user_id, grant, None)
        .ok_or_else(|| AppError::invalid("partner", "Your role is not bound to a Partner."))?;
    allowed(decide_network(
        who,
        Action::Add,
        &NetworkTarget::Record(KIND, own.facts()),
    ))?;
    let partner = own.partner_id.ok_or_else(|| missing(0))?;
    let month = Month::parse(month).ok_or_else(|| {
        AppError::invalid("month", "Enter the month as YYYY-MM, for example 2026-03.")
    })?;
    let latest = current_month();
    if month > latest {
        return Err(AppError::invalid(
            "month",
            format!(
                "{} has not started yet: a return can be for {} at the latest.",
                month.label(),
                latest.label()
            ),
        ));
    }
    let mut tx = db.begin_write().await?;
    let mut exists = Sql::new("SELECT id FROM monthly_submissions WHERE partner_id = ");
    exists.int(partner).push(" AND month = ").text(month.key());
    if exists
        .query_scalar::<i64>()
        .fetch_optional(&mut *tx)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(format!(
            "Your Partner already has a return for {}: open it from the list. Nothing was saved.",
            month.label()
        )));
    }
    let at = now();
    let mut ins = Sql::new(
        "INSERT INTO monthly_submissions (partner_id, month, status, created_at, updated_at) VALUES (",
    );
    ins.int(partner)
        .push(", ")
        .text(month.key())
        .push(", 'draft', ");
    ins.int(at).push(", ").int(at).push(") RETURNING id");
    let id: i64 = ins.query_scalar().fetch_one(&mut *tx).await?;
    Audit::by(who.user_id, AUDIT, id)
        .fields(
            &mut tx,
            AuditAction::Create,
            &[
                FieldChange::new("month", None, Some(month.key())),
                FieldChange::new("status", None, Some("draft".into())),
            ],
        )
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// A Partner user changes the note of a draft or returned return.
pub async fn save_note(
    db: &Db,
    who: &Principal,
    id: i64,
    version: i64,
    note: &str,
) -> Result<i64, AppError> {
    let s = load_for(db, who, Action::Edit, id).await?;
    let note = note.trim();
    if note.chars().count() > NOTE_MAX {
        return Err(AppError::invalid(
            "note",
            format!("Keep the note to {NOTE_MAX} characters."),
        ));
    }
    if !s.status().open_for_partner() {
        return Err(refuse_status(&s, "changed"));
    }
    let mut tx = db.begin_write().await?;
    let mut set = Sql::default();
    let n = set.arg(note);
    set.push(&format!("note = {n}"));
    transition(&mut tx, id, version, s.status(), set).await?;
    Audit::by(who.user_id, AUDIT, id)
        .fields(
            &mut tx,
            AuditAction::Edit,
            &[FieldChange::new(
                "note",
                Some(s.note.clone()),
                Some(note.to_string()),
            )],
        )
        .await?;
    tx.commit().await?;
    Ok(version + 1)
}

/// A Partner user submits: the declaration, and a snapshot of the register's
/// counts taken in this transaction. A returned return is resubmitted the
/// same way, with a new snapshot; the earlier ones stay.
pub async fn submit(
    db: &Db,
    who: &Principal,
    id: i64,
    version: i64,
    declaration: bool,
) -> Result<i64, AppError> {
    let s = load_for(db, who, Action::Submit, id).await?;
    if !declaration {
        return Err(AppError::invalid(
            "declaration",
            "Confirm the declaration that these figures are correct before you submit.",
        ));
    }
    if !s.status().open_for_partner() {
        return Err(refuse_status(&s, "submitted again"));
    }
    let mut tx = begin(db).await?;
    let at = now();
    let mut set = Sql::default();
    let by = set.arg(who.user_id);
    let when = set.arg(at);
    set.push(&format!(
        "submitted_by = {by}, submitted_at = {when}, decided_by = NULL, decided_at = NULL"
    ));
    transition(&mut tx, id, version, ReturnStatus::Submitted, set).await?;
    let f = figures::count(&mut tx, db.backend, who, s.month()).await?;
    let mut ins = Sql::new(
        "INSERT INTO monthly_snapshots (submission_id, submitted_by, submitted_at, declaration, \
         active_ecs, active_eas, institutions_in_scope, institutions_with_ec, matched_institutions, \
         employers_engaged, compass_completed) VALUES (",
    );
    ins.int(id)
        .push(", ")
        .int(who.user_id)
        .push(", ")
        .int(at)
        .push(", ");
    ins.text(DECLARATION);
    for v in [
        f.active_ecs,
        f.active_eas,
        f.institutions_in_scope,
        f.institutions_with_ec,
        f.matched_institutions,
        f.employers_engaged,
        f.compass_completed,
    ] {
        ins.push(", ").int(v);
    }
    ins.push(")");
    ins.query()
        .execute(&mut *tx)
        .await
        .map_err(|e| raced(e, version))?;
    let mut changes = vec![FieldChange::new(
        "status",
        Some(s.status().key().to_string()),
        Some(ReturnStatus::Submitted.key().to_string()),
    )];
    changes.extend(
        f.shown()
            .into_iter()
            .map(|fig| FieldChange::new(fig.key, None, Some(fig.value.to_string()))),
    );
    changes.push(FieldChange::new(
        "declaration",
        None,
        Some(DECLARATION.to_string()),
    ));
    Audit::by(who.user_id, AUDIT, id)
        .fields(&mut tx, AuditAction::Submit, &changes)
        .await?;
    tx.commit().await.map_err(|e| raced(e, version))?;
    Ok(version + 1)
}

/// Admin confirms a submitted return.
pub async fn confirm(db: &Db, who: &Principal, id: i64, version: i64) -> Result<i64, AppError> {
    let s = load_for(db, who, Action::Confirm, id).await?;
    decide_on_submitted(db, who, &s, version, ReturnStatus::Confirmed, "").await
}

/// Admin returns a submitted return to its Partner, saying why.
pub async fn send_back(
    db: &Db,
    who: &Principal,
    id: i64,
    version: i64,
    reason: &str,
) -> Result<i64, AppError> {
    let s = load_for(db, who, Action::Confirm, id).await?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid(
            "reason",
            "Say why the return goes back to the Partner: they read it before resubmitting.",
        ));
    }
    if reason.chars().count() > REASON_MAX {
        return Err(AppError::invalid(
            "reason",
            format!("Keep the reason to {REASON_MAX} characters."),
        ));
    }
    decide_on_submitted(db, who, &s, version, ReturnStatus::Returned, reason).await
}

async fn decide_on_submitted(
    db: &Db,
    who: &Principal,
    s: &Stored,
    version: i64,
    to: ReturnStatus,
    reason: &str,
) -> Result<i64, AppError> {
    if s.status() != ReturnStatus::Submitted {
        let doing = if to == ReturnStatus::Returned {
            "returned"
        } else {
            "confirmed"
        };
        return Err(refuse_status(s, doing));
    }
    let mut tx = db.begin_write().await?;
    let mut set = Sql::default();
    let by = set.arg(who.user_id);
    let at = set.arg(now());
    let r = set.arg(reason);
    set.push(&format!(
        "decided_by = {by}, decided_at = {at}, decision_reason = {r}"
    ));
    transition(&mut tx, s.id, version, to, set).await?;
    let mut changes = vec![FieldChange::new(
        "status",
        Some(s.status().key().to_string()),
        Some(to.key().to_string()),
    )];
    let action = if to == ReturnStatus::Returned {
        changes.push(FieldChange::new(
            "decision_reason",
            Some(s.decision_reason.clone()),
            Some(reason.to_string()),
        ));
        AuditAction::Return
    } else {
        AuditAction::Confirm
    };
    Audit::by(who.user_id, AUDIT, s.id)
        .fields(&mut tx, action, &changes)
        .await?;
    tx.commit().await?;
    Ok(version + 1)
}

/// Admin (whoever confirms returns) sets the grace period after a month
/// ends before a return is overdue. `version` is the setting's (0 while unset).
pub async fn set_grace_days(
    db: &Db,
    who: &Principal,
    version: i64,
    days: &str,
) -> Result<i64, AppError> {
    network_kind(who, Action::Confirm, KIND)?;
    let max = settings::GRACE_DAYS_MAX;
    let days: i64 = days
        .trim()
        .parse()
        .ok()
        .filter(|d| (0..=max).contains(d))
        .ok_or_else(|| {
            AppError::invalid(
                "grace_days",
                format!("Enter the grace period as a whole number of days from 0 to {max}."),
            )
        })?;
    let (old, current) = settings::grace_days(db).await?;
    if current != version {
        return Err(AppError::stale("grace period", version));
    }
    let mut tx = db.begin_write().await?;
    let mut check = Sql::new("SELECT version FROM settings WHERE key = ");
    check.text(settings::MONTHLY_GRACE_DAYS);
    let now_version: i64 = check
        .query_scalar()
        .fetch_optional(&mut *tx)
        .await?
        .unwrap_or(0);
    if now_version != version {
        return Err(AppError::stale("grace period", version));
    }
    settings::put(&mut tx, settings::MONTHLY_GRACE_DAYS, days).await?;
    Audit::by(who.user_id, AuditKind::SystemSettings, 0)
        .fields(
            &mut tx,
            AuditAction::Edit,
            &[FieldChange::new(
                "monthly_grace_days",
                Some(old.to_string()),
                Some(days.to_string()),
            )],
        )
        .await?;
    tx.commit().await?;
    Ok(version + 1)
}
