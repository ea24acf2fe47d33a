//! Upgrading an EC record to Hub Lead (docs/RULES.md §2.2): the record type
//! (OHL or SHL) and, in the same transaction, the access the Hub Lead holds
//! — a Partner user grant on the EC's Partner (within the six) or a
//! Sub-contractor grant on the EC's Sub-contractor — given to the EC's own
//! login through the one existing-login path. An upgrade made from a
//! support request resolves it. Back to a plain EC closes that grant.
use super::existing_login;
use super::write::enforce_partner_user_cap;
use crate::auth::permissions::RecordKind;
use crate::auth::roles::{Binding, NetworkRole};
use crate::error::AppError;
use crate::records::schema::{HUB_LEAD, HUB_LEAD_TYPES};
use crate::records::support::{Status, UPGRADE_SUBJECT};
use crate::records::view::RecordView;
use crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange};
use crate::ssr::clock::now;
use crate::ssr::db::{Db, Tx};
use crate::ssr::support::{queue, row as request_row};

/// Which access the Hub Lead holds beside their EC grant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Partner,
    SubContractor,
}

impl Access {
    /// The form's value: `partner`, `subcontractor`, or empty for none.
    pub fn parse(value: &str) -> Result<Option<Access>, AppError> {
        match value.trim() {
            "" => Ok(None),
            "partner" => Ok(Some(Access::Partner)),
            "subcontractor" => Ok(Some(Access::SubContractor)),
            _ => Err(AppError::invalid(
                "access",
                "Choose Partner user or Sub-contractor user access.",
            )),
        }
    }
}

/// What the EC record holds now.
#[derive(sqlx::FromRow)]
struct EcRow {
    hub_lead: String,
    hub_lead_grant_id: Option<i64>,
    partner_id: Option<i64>,
    subcontractor_id: Option<i64>,
}

fn shown(code: &str) -> String {
    let i = HUB_LEAD.iter().position(|c| *c == code).unwrap_or(0);
    HUB_LEAD_TYPES[i].to_string()
}

/// Makes `record` (an EC the caller may upgrade) a Hub Lead (`ohl`, `shl`)
/// or back to `none`; `request` is the support request it answers.
/// Returns what to tell the person who made the change.
pub async fn upgrade(
    db: &Db,
    actor: i64,
    record: &RecordView,
    version: i64,
    hub_lead: &str,
    access: Option<Access>,
    request: Option<i64>,
) -> Result<String, AppError> {
    if !HUB_LEAD.contains(&hub_lead) {
        return Err(AppError::invalid(
            "hub_lead",
            "Choose none, ohl (Operational Hub Lead) or shl (Strategic Hub Lead).",
        ));
    }
    let mut tx = db.begin_write().await?;
    let ec = sqlx::query_as::<_, EcRow>(
        "SELECT hub_lead, hub_lead_grant_id, partner_id, subcontractor_id FROM ecs WHERE id = $1",
    )
    .bind(record.id)
    .fetch_one(&mut *tx)
    .await?;
    match (hub_lead, access) {
        ("none", Some(_)) => {
            return Err(AppError::invalid(
                "access",
                "An Enterprise Co-ordinator record holds no Hub Lead access: leave the access empty.",
            ))
        }
        ("ohl" | "shl", None) if ec.hub_lead_grant_id.is_none() => {
            return Err(AppError::invalid(
                "access",
                "Choose the access the Hub Lead holds: a Partner user of the EC's Partner, or a user of the EC's Sub-contractor.",
            ))
        }
        _ => {}
    }
    let done = sqlx::query(
        "UPDATE ecs SET hub_lead = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4",
    )
    .bind(hub_lead)
    .bind(now())
    .bind(record.id)
    .bind(version)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::stale("record", version));
    }
    let mut changes = vec![FieldChange::new(
        "hub_lead",
        Some(shown(&ec.hub_lead)),
        Some(shown(hub_lead)),
    )];
    let mut told = format!(
        "{} is now {}.",
        record.title,
        match hub_lead {
            "ohl" => "an Operational Hub Lead (OHL)",
            "shl" => "a Strategic Hub Lead (SHL)",
            _ => "an Enterprise Co-ordinator (not a Hub Lead)",
        }
    );
    if hub_lead == "none" || access.is_some() {
        if let Some(old) = ec.hub_lead_grant_id {
            let label = close_grant(&mut tx, actor, old).await?;
            changes.push(FieldChange::new("hub_lead_access", label, None));
        }
    }
    if let Some(access) = access {
        let (label, notice) = give_access(&mut tx, actor, record, &ec, access).await?;
        changes.push(FieldChange::new("hub_lead_access", None, Some(label)));
        told = format!("{told} {notice}");
    }
    Audit::by(actor, AuditKind::Network(RecordKind::Ec), record.id)
        .fields(&mut tx, AuditAction::Upgrade, &changes)
        .await?;
    if let Some(id) = request {
        resolve_request(&mut tx, actor, id, record, &told).await?;
        told = format!("{told} Support request {id} is resolved.");
    }
    tx.commit().await?;
    Ok(told)
}

/// Gives the EC's login the Hub Lead's grant; returns the grant's name and
/// what to tell the person making the change.
async fn give_access(
    tx: &mut Tx,
    actor: i64,
    record: &RecordView,
    ec: &EcRow,
    access: Access,
) -> Result<(String, String), AppError> {
    let login_id = sqlx::query_scalar::<_, i64>(
        "SELECT user_id FROM role_grants WHERE ec_id = $1 AND role = 'ec' AND status = 'active' ORDER BY id",
    )
    .bind(record.id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| {
        AppError::Conflict(format!(
            "{} has no login (the record has no email, or its login was closed), so the Hub Lead's access \
             cannot be given. Add the EC's email first; nothing was changed.",
            record.title
        ))
    })?;
    let (role, binding) = match access {
        Access::Partner => (
            NetworkRole::Partner,
            Binding {
                partner_id: ec.partner_id,
                ..Binding::default()
            },
        ),
        Access::SubContractor => {
            let Some(sc) = ec.subcontractor_id else {
                return Err(AppError::invalid(
                    "access",
                    "This EC has no Sub-contractor, so the Hub Lead cannot hold Sub-contractor access. \
                     Choose Partner user access, or assign the EC to a Sub-contractor first.",
                ));
            };
            (
                NetworkRole::SubContractor,
                Binding {
                    partner_id: ec.partner_id,
                    subcontractor_id: Some(sc),
                    ec_id: None,
                },
            )
        }
    };
    let (login, email) = existing_login::find_by_id(tx, login_id)
        .await?
        .ok_or_else(|| AppError::Conflict("The EC's login no longer exists.".into()))?;
    let gained = existing_login::gain(tx, actor, &login, &email, role, binding).await?;
    if role == NetworkRole::Partner {
        enforce_partner_user_cap(tx, login_id).await?;
    }
    let grant = sqlx::query_scalar::<_, i64>(
        "SELECT id FROM role_grants WHERE user_id = $1 AND role = $2 AND status = 'active' ORDER BY id DESC",
    )
    .bind(login_id)
    .bind(role.code())
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("UPDATE ecs SET hub_lead_grant_id = $1 WHERE id = $2")
        .bind(grant)
        .bind(record.id)
        .execute(&mut **tx)
        .await?;
    Ok((gained.role, gained.notice))
}

/// Closes the grant an earlier upgrade gave, audited on the login.
async fn close_grant(tx: &mut Tx, actor: i64, grant: i64) -> Result<Option<String>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Held {
        user_id: i64,
        role: String,
        partner_id: Option<i64>,
        subcontractor_id: Option<i64>,
        status: String,
    }
    let held = sqlx::query_as::<_, Held>(
        "SELECT user_id, role, partner_id, subcontractor_id, status FROM role_grants WHERE id = $1",
    )
    .bind(grant)
    .fetch_optional(&mut **tx)
    .await?;
    sqlx::query("UPDATE ecs SET hub_lead_grant_id = NULL WHERE hub_lead_grant_id = $1")
        .bind(grant)
        .execute(&mut **tx)
        .await?;
    let Some(held) = held.filter(|h| h.status == "active") else {
        return Ok(None);
    };
    let Some(role) = NetworkRole::from_code(&held.role) else {
        return Ok(None);
    };
    let binding = Binding {
        ec_id: None,
        partner_id: held.partner_id,
        subcontractor_id: held.subcontractor_id,
    };
    let label = existing_login::role_label(tx, role, binding).await?;
    sqlx::query("UPDATE role_grants SET status = 'closed' WHERE id = $1")
        .bind(grant)
        .execute(&mut **tx)
        .await?;
    Audit::by(actor, AuditKind::User, held.user_id)
        .fields(
            tx,
            AuditAction::LoseRole,
            &[FieldChange::new("role", Some(label.clone()), None)],
        )
        .await?;
    Ok(Some(label))
}

/// Resolves the upgrade request the change answers, with a comment saying
/// what was done. It must be an open upgrade request about this EC.
async fn resolve_request(
    tx: &mut Tx,
    actor: i64,
    id: i64,
    record: &RecordView,
    done: &str,
) -> Result<(), AppError> {
    let r = request_row(&mut **tx, id)
        .await?
        .ok_or_else(|| AppError::invalid("request_id", "There is no such support request."))?;
    if r.subject != UPGRADE_SUBJECT || r.related() != Some((RecordKind::Ec, record.id)) {
        return Err(AppError::invalid(
            "request_id",
            format!(
                "Support request {id} does not ask for this EC record to be upgraded; nothing was changed."
            ),
        ));
    }
    queue::move_on(tx, actor, &r, Status::Resolved, None).await?;
    queue::comment_in(tx, actor, id, done).await?;
    Ok(())
}
