//! The special actions: match EAs to Institutions, assign ECs and
//! Sub-contractors, upgrade an EC to Hub Lead.
use crate::auth::permissions::RecordKind;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::guard,
    crate::auth::permissions::Action,
    crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange},
    crate::ssr::clock::now,
    crate::ssr::request::{internal, require_user, state},
    sqlx::Row as _,
};

/// At most two EAs are matched to one school at a time.
pub const MAX_EAS_PER_INSTITUTION: i64 = 2;

#[cfg(feature = "ssr")]
async fn audit_one(
    tx: &mut crate::ssr::db::Tx,
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

/// EC, Partner and SC users, on an EA and an Institution both in their scope.
/// `undo` ends an existing match instead.
#[server(prefix = "/api", endpoint = "records/match")]
pub async fn match_ea(
    ea_id: i64,
    institution_id: i64,
    undo: Option<String>,
) -> Result<(), AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    let ea = guard::permitted(&me, Action::Match, RecordKind::Ea, ea_id).await?;
    let inst =
        guard::permitted(&me, Action::Match, RecordKind::Institution, institution_id).await?;
    let undo = undo.is_some_and(|u| !u.is_empty() && u != "false");
    let mut tx = st.db.begin_write().await.map_err(internal)?;
    let existing = sqlx::query(
        "SELECT id FROM ea_matches WHERE ea_id = $1 AND institution_id = $2 AND status = 'active'",
    )
    .bind(ea_id)
    .bind(institution_id)
    .fetch_optional(&mut *tx)
    .await
    .map_err(internal)?;
    if undo {
        let Some(row) = existing else {
            return Err(AppError::Conflict(format!(
                "{} is not matched to {}; nothing to undo.",
                ea.title, inst.title
            )));
        };
        sqlx::query(
            "UPDATE ea_matches SET status = 'closed', closed_at = $1, closed_by = $2 WHERE id = $3",
        )
        .bind(now())
        .bind(me.user_id)
        .bind(row.get::<i64, _>("id"))
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
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
        let n: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM ea_matches WHERE institution_id = $1 AND status = 'active'",
        )
        .bind(institution_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(internal)?
        .get("n");
        if n >= MAX_EAS_PER_INSTITUTION {
            return Err(AppError::Conflict(format!(
                "{} already has {MAX_EAS_PER_INSTITUTION} EAs, the most a school may have. Undo one of its matches first.",
                inst.title
            )));
        }
        sqlx::query("INSERT INTO ea_matches (ea_id, institution_id, created_at, created_by) VALUES ($1, $2, $3, $4)")
            .bind(ea_id)
            .bind(institution_id)
            .bind(now())
            .bind(me.user_id)
            .execute(&mut *tx)
            .await
            .map_err(internal)?;
    }
    let (action, old, new) = if undo {
        (AuditAction::Unmatch, Some(inst.title.clone()), None)
    } else {
        (AuditAction::Match, None, Some(inst.title.clone()))
    };
    audit_one(
        &mut tx,
        me.user_id,
        RecordKind::Ea,
        ea_id,
        action,
        "matched institution",
        old,
        new,
    )
    .await?;
    let (old, new) = if undo {
        (Some(ea.title.clone()), None)
    } else {
        (None, Some(ea.title.clone()))
    };
    audit_one(
        &mut tx,
        me.user_id,
        RecordKind::Institution,
        institution_id,
        action,
        "matched EA",
        old,
        new,
    )
    .await?;
    tx.commit().await.map_err(internal)
}

/// Partner and SC users: (re)assign the EC of an EA or Institution in their
/// scope, to an EC they can see of the record's Partner.
#[server(prefix = "/api", endpoint = "records/assign-ec")]
pub async fn assign_ec(
    kind: RecordKind,
    id: i64,
    version: i64,
    ec_id: i64,
) -> Result<(), AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    if !matches!(kind, RecordKind::Ea | RecordKind::Institution) {
        return Err(AppError::invalid(
            "kind",
            "ECs are assigned to EA and Institution records only.",
        ));
    }
    let record = guard::permitted(&me, Action::AssignEc, kind, id).await?;
    let ec = guard::visible(&me, RecordKind::Ec, ec_id)
        .await
        .map_err(|_| AppError::invalid("ec_id", "Choose an EC you can see."))?;
    if ec.closed || ec.facts.partner_id != record.facts.partner_id {
        return Err(AppError::invalid(
            "ec_id",
            "Choose an open EC of the same Partner as the record.",
        ));
    }
    set_link(
        &st.db,
        &me,
        kind,
        id,
        version,
        "ec_id",
        Some(ec_id),
        "assigned EC",
        record.value("ec"),
        Some(&ec.title),
    )
    .await
}

/// Partner users: assign an EC, EA or Institution of their Partner to one of
/// its Sub-contractors (empty `subcontractor_id` removes the assignment).
#[server(prefix = "/api", endpoint = "records/assign-subcontractor")]
pub async fn assign_subcontractor(
    kind: RecordKind,
    id: i64,
    version: i64,
    subcontractor_id: Option<i64>,
) -> Result<(), AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    if !matches!(
        kind,
        RecordKind::Ec | RecordKind::Ea | RecordKind::Institution
    ) {
        return Err(AppError::invalid(
            "kind",
            "Only EC, EA and Institution records are assigned to Sub-contractors.",
        ));
    }
    let record = guard::permitted(&me, Action::AssignSubcontractor, kind, id).await?;
    let sc_title = match subcontractor_id {
        Some(sc) => {
            let v = guard::visible(&me, RecordKind::SubContractor, sc)
                .await
                .map_err(|_| {
                    AppError::invalid("subcontractor_id", "Choose one of your Sub-contractors.")
                })?;
            if v.closed || v.facts.partner_id != record.facts.partner_id {
                return Err(AppError::invalid(
                    "subcontractor_id",
                    "Choose an open Sub-contractor of the record's Partner.",
                ));
            }
            Some(v.title)
        }
        None => None,
    };
    set_link(
        &st.db,
        &me,
        kind,
        id,
        version,
        "subcontractor_id",
        subcontractor_id,
        "Sub-contractor",
        None,
        sc_title.as_deref(),
    )
    .await
}

/// Network Ops only: make an EC record a Hub Lead (`ohl` Operational, `shl`
/// Strategic) or back to `none`.
#[server(prefix = "/api", endpoint = "records/upgrade-hub-lead")]
pub async fn upgrade_hub_lead(id: i64, version: i64, hub_lead: String) -> Result<(), AppError> {
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    let record = guard::permitted(&me, Action::UpgradeHubLead, RecordKind::Ec, id).await?;
    if !crate::records::schema::HUB_LEAD.contains(&hub_lead.as_str()) {
        return Err(AppError::invalid(
            "hub_lead",
            "Choose none, ohl (Operational Hub Lead) or shl (Strategic Hub Lead).",
        ));
    }
    let mut tx = st.db.begin_write().await.map_err(internal)?;
    let done = sqlx::query("UPDATE ecs SET hub_lead = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4")
        .bind(&hub_lead)
        .bind(now())
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    if done.rows_affected() == 0 {
        return Err(stale(version));
    }
    let old = record.value("hub_lead").map(str::to_string);
    audit_one(
        &mut tx,
        me.user_id,
        RecordKind::Ec,
        id,
        AuditAction::Upgrade,
        "Hub Lead",
        old,
        Some(hub_lead),
    )
    .await?;
    tx.commit().await.map_err(internal)
}

#[cfg(feature = "ssr")]
fn stale(had: i64) -> AppError {
    AppError::Conflict(format!(
        "This record was changed by someone else after you opened it (you had version {had}). Nothing was saved; reload and try again."
    ))
}

#[cfg(feature = "ssr")]
#[allow(clippy::too_many_arguments)]
async fn set_link(
    db: &crate::ssr::db::Db,
    me: &crate::auth::roles::Principal,
    kind: RecordKind,
    id: i64,
    version: i64,
    column: &str,
    value: Option<i64>,
    label: &'static str,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<(), AppError> {
    let table = crate::ssr::records::tables::table(kind)
        .map(|t| t.table)
        .ok_or_else(|| AppError::invalid("kind", "unknown kind"))?;
    let mut tx = db.begin_write().await.map_err(internal)?;
    let sql = format!("UPDATE {table} SET {column} = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4");
    let done = sqlx::query(&sql)
        .bind(value)
        .bind(now())
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
    if done.rows_affected() == 0 {
        return Err(stale(version));
    }
    audit_one(
        &mut tx,
        me.user_id,
        kind,
        id,
        AuditAction::Assign,
        label,
        old.map(str::to_string),
        new.map(str::to_string),
    )
    .await?;
    tx.commit().await.map_err(internal)
}
