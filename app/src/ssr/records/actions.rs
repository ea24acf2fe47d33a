//! The special actions on records the caller was already allowed them on:
//! match EAs to Institutions, assign ECs and Sub-contractors, upgrade an EC
//! to Hub Lead (docs/RULES.md §2.1, §2.2; the upgrade is in `hub_lead.rs`). Each is version-checked where it
//! edits a record, and audited on every record it touches.
use super::tables::table;
use crate::api::records::actions::MAX_EAS_PER_INSTITUTION;
use crate::auth::permissions::RecordKind;
use crate::error::AppError;
use crate::records::view::RecordView;
use crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange};
use crate::ssr::clock::now;
use crate::ssr::db::{Db, Tx};
use crate::ssr::scope_flags::{refresh, refresh_eas, Which};

#[allow(clippy::too_many_arguments)]
async fn audit_one(
    tx: &mut Tx,
    actor: i64,
    kind: RecordKind,
    id: i64,
    action: AuditAction,
    field: &'static str,
    old: Option<String>,
    new: Option<String>,
) -> Result<(), AppError> {
    Audit::by(actor, AuditKind::Network(kind), id)
        .fields(tx, action, &[FieldChange::new(field, old, new)])
        .await?;
    Ok(())
}

/// Matches an EA to an Institution, or with `undo` ends their active match.
/// A school has at most `MAX_EAS_PER_INSTITUTION` EAs; closed records are
/// never matched.
pub async fn match_ea(
    db: &Db,
    actor: i64,
    ea: &RecordView,
    inst: &RecordView,
    undo: bool,
) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let existing = sqlx::query_scalar::<_, i64>(
        "SELECT id FROM ea_matches WHERE ea_id = $1 AND institution_id = $2 AND status = 'active'",
    )
    .bind(ea.id)
    .bind(inst.id)
    .fetch_optional(&mut *tx)
    .await?;
    if undo {
        let Some(match_id) = existing else {
            return Err(AppError::Conflict(format!(
                "{} is not matched to {}; nothing to undo.",
                ea.title, inst.title
            )));
        };
        sqlx::query(
            "UPDATE ea_matches SET status = 'closed', closed_at = $1, closed_by = $2 WHERE id = $3",
        )
        .bind(now())
        .bind(actor)
        .bind(match_id)
        .execute(&mut *tx)
        .await?;
    } else {
        if existing.is_some() {
            return Err(AppError::Conflict(format!(
                "{} is already matched to {}.",
                ea.title, inst.title
            )));
        }
        if ea.closed || inst.closed {
            return Err(AppError::Conflict(
                "Closed records cannot be matched.".into(),
            ));
        }
        let n = sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) AS n FROM ea_matches WHERE institution_id = $1 AND status = 'active'",
        )
        .bind(inst.id)
        .fetch_one(&mut *tx)
        .await?;
        if n >= MAX_EAS_PER_INSTITUTION {
            return Err(AppError::Conflict(format!(
                "{} already has {MAX_EAS_PER_INSTITUTION} EAs, the most a school may have. Undo one of its matches first.",
                inst.title
            )));
        }
        sqlx::query("INSERT INTO ea_matches (ea_id, institution_id, created_at, created_by) VALUES ($1, $2, $3, $4)")
            .bind(ea.id)
            .bind(inst.id)
            .bind(now())
            .bind(actor)
            .execute(&mut *tx)
            .await?;
    }
    let (action, old, new) = if undo {
        (AuditAction::Unmatch, Some(inst.title.clone()), None)
    } else {
        (AuditAction::Match, None, Some(inst.title.clone()))
    };
    let ea_field = "matched institution";
    audit_one(
        &mut tx,
        actor,
        RecordKind::Ea,
        ea.id,
        action,
        ea_field,
        old,
        new,
    )
    .await?;
    let (old, new) = if undo {
        (Some(ea.title.clone()), None)
    } else {
        (None, Some(ea.title.clone()))
    };
    let inst_kind = RecordKind::Institution;
    audit_one(
        &mut tx,
        actor,
        inst_kind,
        inst.id,
        action,
        "matched EA",
        old,
        new,
    )
    .await?;
    // docs/RULES.md §7.3: the Institution's stored "matched".
    refresh(&mut tx, Which::Ids(&[inst.id])).await?;
    refresh_eas(&mut tx, Some(&[ea.id])).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ActiveMatch {
    match_id: i64,
    institution_id: i64,
    ea_title: String,
    institution_title: String,
}

/// Ends every active match of the EA `ea_id`, inside the transaction that
/// closes it, audited on both records as an unmatch: a closed EA holds no
/// school's place (docs/RULES.md §2.2).
pub async fn end_matches_of_closed_ea(tx: &mut Tx, actor: i64, ea_id: i64) -> Result<(), AppError> {
    let title = |kind| table(kind).map(|t| t.title).unwrap_or("''");
    let sql = format!(
        "SELECT m.id AS match_id, m.institution_id AS institution_id, \
           (SELECT {} FROM eas t WHERE t.id = m.ea_id) AS ea_title, \
           (SELECT {} FROM institutions t WHERE t.id = m.institution_id) AS institution_title \
         FROM ea_matches m WHERE m.ea_id = $1 AND m.status = 'active' ORDER BY m.id",
        title(RecordKind::Ea),
        title(RecordKind::Institution),
    );
    let matches = sqlx::query_as::<_, ActiveMatch>(&sql)
        .bind(ea_id)
        .fetch_all(&mut **tx)
        .await?;
    for m in matches {
        sqlx::query(
            "UPDATE ea_matches SET status = 'closed', closed_at = $1, closed_by = $2 WHERE id = $3",
        )
        .bind(now())
        .bind(actor)
        .bind(m.match_id)
        .execute(&mut **tx)
        .await?;
        let unmatch = AuditAction::Unmatch;
        let (ea, inst) = (RecordKind::Ea, RecordKind::Institution);
        let inst_title = Some(m.institution_title);
        audit_one(
            tx,
            actor,
            ea,
            ea_id,
            unmatch,
            "matched institution",
            inst_title,
            None,
        )
        .await?;
        let ea_title = Some(m.ea_title);
        audit_one(
            tx,
            actor,
            inst,
            m.institution_id,
            unmatch,
            "matched EA",
            ea_title,
            None,
        )
        .await?;
        refresh(tx, Which::Ids(&[m.institution_id])).await?;
    }
    refresh_eas(tx, Some(&[ea_id])).await?;
    Ok(())
}

/// An EC may be given a record when it is open and of the record's Partner
/// (also asked by the preview, docs/RULES.md §2.6).
pub fn check_ec_choice(record: &RecordView, ec: &RecordView) -> Result<(), AppError> {
    if ec.closed || ec.facts.partner_id != record.facts.partner_id {
        return Err(AppError::invalid(
            "ec_id",
            "Choose an open EC of the same Partner as the record.",
        ));
    }
    Ok(())
}

/// A Sub-contractor may be given a record when it is open and of the
/// record's Partner.
pub fn check_sc_choice(record: &RecordView, sc: Option<&RecordView>) -> Result<(), AppError> {
    if let Some(sc) = sc {
        if sc.closed || sc.facts.partner_id != record.facts.partner_id {
            return Err(AppError::invalid(
                "subcontractor_id",
                "Choose an open Sub-contractor of the record's Partner.",
            ));
        }
    }
    Ok(())
}

/// Assigns `ec` (one the caller can see) to `record`: it must be open and of
/// the record's Partner.
pub async fn assign_ec(
    db: &Db,
    actor: i64,
    record: &RecordView,
    version: i64,
    ec: &RecordView,
) -> Result<(), AppError> {
    check_ec_choice(record, ec)?;
    let link = Link {
        column: "ec_id",
        value: Some(ec.id),
        label: "assigned EC",
        old: record.value("ec"),
        new: Some(&ec.title),
    };
    set_link(db, actor, record, version, link).await
}

/// Assigns `record` to the Sub-contractor `sc` (one the caller can see; it
/// must be open and of the record's Partner), or with None removes the
/// assignment.
pub async fn assign_subcontractor(
    db: &Db,
    actor: i64,
    record: &RecordView,
    version: i64,
    sc: Option<&RecordView>,
) -> Result<(), AppError> {
    check_sc_choice(record, sc)?;
    let link = Link {
        column: "subcontractor_id",
        value: sc.map(|v| v.id),
        label: "Sub-contractor",
        old: None,
        new: sc.map(|v| v.title.as_str()),
    };
    set_link(db, actor, record, version, link).await
}

/// One link column set on a record, and how its change is audited.
struct Link<'a> {
    column: &'static str,
    value: Option<i64>,
    label: &'static str,
    old: Option<&'a str>,
    new: Option<&'a str>,
}

async fn set_link(
    db: &Db,
    actor: i64,
    record: &RecordView,
    version: i64,
    link: Link<'_>,
) -> Result<(), AppError> {
    let (kind, id) = (record.kind, record.id);
    let table = table(kind)
        .map(|t| t.table)
        .ok_or_else(|| AppError::invalid("kind", "unknown kind"))?;
    let mut tx = db.begin_write().await?;
    let sql = format!(
        "UPDATE {table} SET {} = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4",
        link.column
    );
    let done = sqlx::query(&sql)
        .bind(link.value)
        .bind(now())
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::stale("record", version));
    }
    let (old, new) = (link.old.map(str::to_string), link.new.map(str::to_string));
    let action = AuditAction::Assign;
    audit_one(&mut tx, actor, kind, id, action, link.label, old, new).await?;
    tx.commit().await?;
    Ok(())
}
