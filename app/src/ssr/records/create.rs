//! Adding records, and provisioning the login (with an invitation link) for
//! records that are people who sign in: ECs, Sub-contractors, Partner users
//! and CEC Staff users.
use super::existing_login::{self, Gained};
use super::tables::{table, GRANT_PARTNER};
use super::write::{enforce_partner_user_cap, stored};
pub use crate::auth::permissions::Ownership;
use crate::auth::permissions::RecordKind;
use crate::auth::roles::{Binding, NetworkRole};
use crate::error::AppError;
use crate::records::validate::Value;
use crate::ssr::accounts::{insert_grant, insert_user, NewUser};
use crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange};
use crate::ssr::clock::now;
use crate::ssr::db::{Db, Tx};
use crate::ssr::passwords::{random_token, token_digest};
use crate::ssr::sql::Sql;

pub const INVITATION_DAYS: i64 = 7;

pub struct NewRecord<'a> {
    pub kind: RecordKind,
    /// (schema key, checked value)
    pub values: &'a [(&'static str, Value)],
    pub owner: Ownership,
}

fn text(values: &[(&'static str, Value)], key: &str) -> Option<String> {
    values
        .iter()
        .find(|(k, _)| *k == key)
        .and_then(|(_, v)| v.display())
}

/// What adding a record gave: its id, the invitation token for a login that
/// still has to set a password, and what to tell the adder when the email
/// already had a login (docs/RULES.md §1).
pub struct Added {
    pub id: i64,
    pub invitation: Option<String>,
    pub notice: Option<String>,
}

/// The login a person record came with.
enum Login {
    None,
    New(i64),
    Existing(Gained),
}

/// Inserts the record and any login, or gives an existing login the grant.
/// The owning Partner, if any, must be an open one.
pub async fn create(db: &Db, actor: i64, r: NewRecord<'_>) -> Result<Added, AppError> {
    let t = table(r.kind)
        .ok_or_else(|| AppError::Conflict(format!("{} cannot be added.", r.kind.plural())))?;
    if let Some(p) = r.owner.partner_id {
        ensure_open_partner(db, p).await?;
    }
    let mut tx = db.begin_write().await?;
    let (id, login) = match r.kind {
        RecordKind::PartnerUser | RecordKind::CecStaffUser => {
            let (role, binding) = if r.kind == RecordKind::PartnerUser {
                (
                    NetworkRole::Partner,
                    Binding {
                        partner_id: r.owner.partner_id,
                        ..Binding::default()
                    },
                )
            } else {
                (NetworkRole::CecStaff, Binding::default())
            };
            let login = person_login(&mut tx, actor, &r, role, binding).await?;
            let user_id = match &login {
                Login::New(id) => *id,
                Login::Existing(g) => g.user_id,
                Login::None => unreachable!("a Partner or CEC Staff user always has a login"),
            };
            if r.kind == RecordKind::PartnerUser {
                enforce_partner_user_cap(&mut tx, user_id).await?;
            }
            (user_id, login)
        }
        RecordKind::Ea
        | RecordKind::Ec
        | RecordKind::SubContractor
        | RecordKind::Employer
        | RecordKind::Organisation
        | RecordKind::Partner => {
            let id = insert_row(&mut tx, t.table, &r).await?;
            (id, provision_login(&mut tx, actor, &r, id).await?)
        }
        RecordKind::Institution
        | RecordKind::CompassReport
        | RecordKind::SupportRequest
        | RecordKind::MonthlySubmission
        | RecordKind::UrnList
        | RecordKind::NationalUser => {
            return Err(AppError::Conflict(format!(
                "{} are not added here.",
                r.kind.plural()
            )));
        }
    };
    let added: Vec<FieldChange> = match &login {
        // The record is the existing login: what changed is its role, not its details.
        Login::Existing(g)
            if matches!(r.kind, RecordKind::PartnerUser | RecordKind::CecStaffUser) =>
        {
            vec![FieldChange::new("role", None, Some(g.role.clone()))]
        }
        Login::Existing(_) | Login::New(_) | Login::None => r
            .values
            .iter()
            .map(|(key, value)| FieldChange::new(key, None, value.display()))
            .collect(),
    };
    Audit::by(actor, AuditKind::Network(r.kind), id)
        .fields(&mut tx, AuditAction::Add, &added)
        .await?;
    let (invitation, notice) = match login {
        Login::New(user_id) => (Some(invite(&mut tx, user_id, actor).await?), None),
        Login::Existing(g) if g.awaits_invitation => (
            Some(invite(&mut tx, g.user_id, actor).await?),
            Some(g.notice),
        ),
        Login::Existing(g) => (None, Some(g.notice)),
        Login::None => (None, None),
    };
    tx.commit().await?;
    Ok(Added {
        id,
        invitation,
        notice,
    })
}

async fn ensure_open_partner(db: &Db, partner_id: i64) -> Result<(), AppError> {
    let open =
        sqlx::query_scalar::<_, i64>("SELECT id FROM partners WHERE id = $1 AND status = 'active'")
            .bind(partner_id)
            .fetch_optional(&db.read)
            .await?;
    match open {
        Some(_) => Ok(()),
        None => Err(AppError::invalid(
            "partner_id",
            "There is no open Partner with that number.",
        )),
    }
}

async fn insert_row(tx: &mut Tx, table_name: &str, r: &NewRecord<'_>) -> Result<i64, AppError> {
    let t = table(r.kind).expect("checked by caller");
    let mut sql = Sql::default();
    let mut cols: Vec<&str> = vec![];
    let mut placeholders: Vec<String> = vec![];
    for (key, value) in r.values {
        if let Some(column) = t.col(key).and_then(|c| c.write) {
            cols.push(column);
            placeholders.push(sql.arg(value));
        }
    }
    let owner_cols: &[(&str, Option<i64>)] = match r.kind {
        RecordKind::Ea => &[
            ("partner_id", r.owner.partner_id),
            ("ec_id", r.owner.ec_id),
            ("subcontractor_id", r.owner.subcontractor_id),
            ("created_by_sc_id", r.owner.created_by_sc_id),
        ],
        RecordKind::Ec => &[
            ("partner_id", r.owner.partner_id),
            ("subcontractor_id", r.owner.subcontractor_id),
            ("created_by_sc_id", r.owner.created_by_sc_id),
        ],
        RecordKind::SubContractor => &[("partner_id", r.owner.partner_id)],
        RecordKind::Institution
        | RecordKind::Employer
        | RecordKind::Partner
        | RecordKind::PartnerUser
        | RecordKind::CecStaffUser
        | RecordKind::Organisation
        | RecordKind::CompassReport
        | RecordKind::SupportRequest
        | RecordKind::MonthlySubmission
        | RecordKind::UrnList
        | RecordKind::NationalUser => &[],
    };
    for (column, v) in owner_cols {
        cols.push(*column);
        placeholders.push(sql.arg(*v));
    }
    let t_now = now();
    cols.extend(["created_at", "updated_at"]);
    placeholders.extend([sql.arg(t_now), sql.arg(t_now)]);
    sql.push(&format!(
        "INSERT INTO {table_name} ({}) VALUES ({}) RETURNING id",
        cols.join(", "),
        placeholders.join(", ")
    ));
    Ok(sql.query_scalar::<i64>().fetch_one(&mut **tx).await?)
}

/// A Partner or CEC Staff user's login: the existing one gains the grant, or
/// a new one is made with it.
async fn person_login(
    tx: &mut Tx,
    actor: i64,
    r: &NewRecord<'_>,
    role: NetworkRole,
    binding: Binding,
) -> Result<Login, AppError> {
    let email = text(r.values, "email")
        .ok_or_else(|| AppError::Conflict("An email address is required.".into()))?;
    if let Some(login) = existing_login::find(tx, &email).await? {
        let gained = existing_login::gain(tx, actor, &login, &email, role, binding).await?;
        return Ok(Login::Existing(gained));
    }
    let user_id = insert_person(tx, r, &email).await?;
    insert_grant(tx, user_id, role, binding).await?;
    Ok(Login::New(user_id))
}

async fn insert_person(tx: &mut Tx, r: &NewRecord<'_>, email: &str) -> Result<i64, AppError> {
    let first = text(r.values, "first_name").unwrap_or_default();
    let last = text(r.values, "last_name").unwrap_or_default();
    let user_id = insert_user(
        tx,
        NewUser {
            email,
            first_name: &first,
            last_name: &last,
            password_hash: None,
            org_role: None,
            managed_unit_id: None,
        },
    )
    .await?;
    let t = table(r.kind).expect("user kinds have tables");
    for (key, value) in r.values {
        let Some(column) = t.col(key).and_then(|c| c.write) else {
            continue;
        };
        // The Partner is the grant's (set by the caller), not a users column.
        if matches!(*key, "email" | "first_name" | "last_name") || column == GRANT_PARTNER {
            continue;
        }
        let mut sql = Sql::default();
        let (v, id) = (sql.arg(stored(r.kind, key, value)), sql.arg(user_id));
        sql.push(&format!("UPDATE users SET {column} = {v} WHERE id = {id}"));
        sql.query().execute(&mut **tx).await?;
    }
    Ok(user_id)
}

/// EC and Sub-contractor records with an email get a login bound to them:
/// a new one, or the existing login of that email gains the grant.
async fn provision_login(
    tx: &mut Tx,
    actor: i64,
    r: &NewRecord<'_>,
    id: i64,
) -> Result<Login, AppError> {
    let (role, binding, first, last) = match r.kind {
        RecordKind::Ec => (
            NetworkRole::EnterpriseCoordinator,
            Binding {
                ec_id: Some(id),
                partner_id: r.owner.partner_id,
                subcontractor_id: None,
            },
            text(r.values, "first_name").unwrap_or_default(),
            text(r.values, "last_name").unwrap_or_default(),
        ),
        RecordKind::SubContractor => (
            NetworkRole::SubContractor,
            Binding {
                ec_id: None,
                partner_id: r.owner.partner_id,
                subcontractor_id: Some(id),
            },
            text(r.values, "name").unwrap_or_default(),
            String::new(),
        ),
        RecordKind::Ea
        | RecordKind::Institution
        | RecordKind::Employer
        | RecordKind::Partner
        | RecordKind::PartnerUser
        | RecordKind::CecStaffUser
        | RecordKind::Organisation
        | RecordKind::CompassReport
        | RecordKind::SupportRequest
        | RecordKind::MonthlySubmission
        | RecordKind::UrnList
        | RecordKind::NationalUser => return Ok(Login::None),
    };
    let Some(email) = text(r.values, "email") else {
        return Ok(Login::None);
    };
    if let Some(login) = existing_login::find(tx, &email).await? {
        let gained = existing_login::gain(tx, actor, &login, &email, role, binding).await?;
        return Ok(Login::Existing(gained));
    }
    let user_id = insert_user(
        tx,
        NewUser {
            email: &email,
            first_name: &first,
            last_name: &last,
            password_hash: None,
            org_role: None,
            managed_unit_id: None,
        },
    )
    .await?;
    insert_grant(tx, user_id, role, binding).await?;
    Ok(Login::New(user_id))
}

/// A one-time invitation (7 days) for a login without a password yet.
pub async fn invite(tx: &mut Tx, user_id: i64, actor: i64) -> Result<String, sqlx::Error> {
    let token = random_token();
    let t = now();
    sqlx::query("INSERT INTO invitations (token_hash, user_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(token_digest(&token))
        .bind(user_id)
        .bind(actor)
        .bind(t)
        .bind(t + INVITATION_DAYS * 24 * 3600)
        .execute(&mut **tx)
        .await?;
    Ok(token)
}
