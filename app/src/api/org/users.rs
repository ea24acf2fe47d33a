//! Users admin (the seed's "Admin" column): list, create, edit, deactivate
//! organisation accounts, set their org role and managed unit, link them to
//! their staff member. Administrators only. Accounts holding careers-hub
//! network roles are managed on the network side and are not listed here.
use super::types::{OrgUserRow, UserPage};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::input,
    crate::auth::permissions::{Action, OrgArea},
    crate::auth::roles::{OrgRole, Principal},
    crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange},
    crate::ssr::org::changes::stale,
    crate::ssr::org::visibility::granted,
    crate::ssr::org::{staff, units, users},
    crate::ssr::request::{internal, require_user, state},
};

/// Administrators (View and Search users).
#[server(prefix = "/api", endpoint = "org/users/list")]
pub async fn list_users(
    #[server(default)] q: String,
    #[server(default)] page: u32,
) -> Result<UserPage, AppError> {
    let me = require_user()?;
    granted(&me, Action::Search, OrgArea::OrgUser)?;
    users::list(&state().db, &q, page).await.map_err(internal)
}

#[cfg(feature = "ssr")]
async fn account(id: i64) -> Result<OrgUserRow, AppError> {
    users::find(&state().db, id)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::NotFound(format!("there is no organisation account {id}.")))
}

#[cfg(feature = "ssr")]
fn audit(me: &Principal, id: i64) -> Audit {
    Audit::by(me.user_id, AuditKind::User, id)
}

/// Administrators (View users).
#[server(prefix = "/api", endpoint = "org/users/view")]
pub async fn view_user(id: i64) -> Result<OrgUserRow, AppError> {
    let me = require_user()?;
    granted(&me, Action::View, OrgArea::OrgUser)?;
    account(id).await
}

/// An org role and managed unit chosen in a form, checked together.
#[cfg(feature = "ssr")]
async fn role_and_unit(
    org_role: &str,
    managed_unit_id: &str,
) -> Result<(Option<OrgRole>, Option<(i64, String)>), AppError> {
    let role = match org_role.trim() {
        "" => None,
        code => Some(OrgRole::from_code(code).ok_or_else(|| {
            AppError::invalid(
                "org_role",
                "Choose Administrator, Org. Unit Manager, General User or no org role.",
            )
        })?),
    };
    let unit = input::optional_id("managed_unit_id", managed_unit_id, "a managed unit")?;
    match (role, unit) {
        (Some(OrgRole::UnitManager), None) => Err(AppError::invalid(
            "managed_unit_id",
            "An Org. Unit Manager needs the unit they manage.",
        )),
        (Some(OrgRole::UnitManager), Some(id)) => {
            let u = units::find(&state().db, id)
                .await
                .map_err(internal)?
                .filter(|u| !u.closed)
                .ok_or_else(|| {
                    AppError::invalid("managed_unit_id", "There is no such open unit.")
                })?;
            Ok((role, Some((u.id, u.name))))
        }
        (Some(OrgRole::Administrator | OrgRole::GeneralUser) | None, Some(_)) => {
            Err(AppError::invalid(
                "managed_unit_id",
                "Only an Org. Unit Manager has a managed unit; leave it empty for this role.",
            ))
        }
        (Some(OrgRole::Administrator | OrgRole::GeneralUser) | None, None) => Ok((role, None)),
    }
}

#[cfg(feature = "ssr")]
fn role_text(r: Option<OrgRole>) -> Option<String> {
    r.map(|r| r.label().to_string())
}

/// Administrators (Add users): a new organisation login with an initial password. Returns its id.
#[server(prefix = "/api", endpoint = "org/users/create")]
pub async fn create_user(
    #[server(default)] email: String,
    #[server(default)] first_name: String,
    #[server(default)] last_name: String,
    #[server(default)] job_title: String,
    #[server(default)] password: String,
    #[server(default)] org_role: String,
    #[server(default)] managed_unit_id: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    let st = state();
    granted(&me, Action::Add, OrgArea::OrgUser)?;
    let email = input::email("email", &email)?;
    let first = input::text("first_name", &first_name, "a first name", 80)?;
    let last = input::text("last_name", &last_name, "a last name", 80)?;
    let job = input::optional_text("job_title", &job_title, "Job title", 120)?;
    let cfg = crate::ssr::settings::effective(&st.db, &st.auth)
        .await
        .map_err(internal)?;
    let len = password.chars().count();
    if len < cfg.password_min_len || len > 200 {
        return Err(AppError::invalid(
            "password",
            format!(
                "The initial password must be {} to 200 characters long.",
                cfg.password_min_len
            ),
        ));
    }
    let (role, unit) = role_and_unit(&org_role, &managed_unit_id).await?;
    if users::email_taken(&st.db, &email, None)
        .await
        .map_err(internal)?
    {
        return Err(AppError::invalid(
            "email",
            format!("An account with email {email} already exists."),
        ));
    }
    let hash = st.passwords.hash(password).await;
    let mut tx = st.db.begin_write().await.map_err(internal)?;
    let id = users::insert(
        &mut tx,
        users::NewOrgUser {
            email: &email,
            first_name: &first,
            last_name: &last,
            job_title: &job,
            password_hash: &hash,
            org_role: role,
            managed_unit_id: unit.as_ref().map(|u| u.0),
        },
    )
    .await
    .map_err(|e| {
        if matches!(&e, sqlx::Error::Database(d) if d.is_unique_violation()) {
            AppError::invalid("email", "An account with this email already exists.")
        } else {
            internal(e)
        }
    })?;
    audit(&me, id)
        .fields(
            &mut tx,
            AuditAction::Create,
            &[
                FieldChange::new("email", None, Some(email)),
                FieldChange::new("name", None, Some(format!("{first} {last}"))),
                FieldChange::new("job_title", None, Some(job)),
                FieldChange::new("org_role", None, role_text(role)),
                FieldChange::new(
                    "managed_unit",
                    None,
                    unit.map(|u| format!("{} (unit {})", u.1, u.0)),
                ),
            ],
        )
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(id)
}

/// Administrators (Edit users): name, email and job title. Returns the new version.
#[server(prefix = "/api", endpoint = "org/users/edit")]
pub async fn edit_user(
    id: i64,
    version: i64,
    #[server(default)] email: String,
    #[server(default)] first_name: String,
    #[server(default)] last_name: String,
    #[server(default)] job_title: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    granted(&me, Action::Edit, OrgArea::OrgUser)?;
    let u = account(id).await?;
    let email = input::email("email", &email)?;
    let first = input::text("first_name", &first_name, "a first name", 80)?;
    let last = input::text("last_name", &last_name, "a last name", 80)?;
    let job = input::optional_text("job_title", &job_title, "Job title", 120)?;
    if users::email_taken(&state().db, &email, Some(id))
        .await
        .map_err(internal)?
    {
        return Err(AppError::invalid(
            "email",
            format!("Another account already uses {email}."),
        ));
    }
    let changes = [
        FieldChange::new("email", Some(u.email), Some(email.clone())),
        FieldChange::new("first_name", Some(u.first_name), Some(first.clone())),
        FieldChange::new("last_name", Some(u.last_name), Some(last.clone())),
        FieldChange::new("job_title", Some(u.job_title), Some(job.clone())),
    ];
    let sets = [
        ("email", Some(email)),
        ("first_name", Some(first)),
        ("last_name", Some(last)),
        ("job_title", Some(job)),
    ];
    save(&me, id, version, AuditAction::Edit, &sets, &[], &changes).await
}

/// Writes an account change with its audit rows in one transaction.
#[cfg(feature = "ssr")]
async fn save(
    me: &Principal,
    id: i64,
    version: i64,
    action: AuditAction,
    sets: &[(&'static str, Option<String>)],
    ints: &[(&'static str, Option<i64>)],
    changes: &[FieldChange],
) -> Result<i64, AppError> {
    let mut tx = state().db.begin_write().await.map_err(internal)?;
    if !users::update(&mut tx, id, version, sets, ints)
        .await
        .map_err(internal)?
    {
        return Err(stale("account"));
    }
    audit(me, id)
        .fields(&mut tx, action, changes)
        .await
        .map_err(internal)?;
    if ints.iter().any(|(c, v)| *c == "active" && *v == Some(0)) {
        crate::ssr::sessions::end_all_for_user(&mut tx, id)
            .await
            .map_err(internal)?;
    }
    tx.commit().await.map_err(internal)?;
    Ok(version + 1)
}

/// Administrators (Edit users): org role and, for an Org. Unit Manager, the unit managed.
#[server(prefix = "/api", endpoint = "org/users/set-role")]
pub async fn set_org_role(
    id: i64,
    version: i64,
    #[server(default)] org_role: String,
    #[server(default)] managed_unit_id: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    granted(&me, Action::Edit, OrgArea::OrgUser)?;
    let u = account(id).await?;
    let (role, unit) = role_and_unit(&org_role, &managed_unit_id).await?;
    if id == me.user_id && role != Some(OrgRole::Administrator) {
        return Err(AppError::Conflict(
            "You cannot remove your own Administrator role; ask another Administrator.".into(),
        ));
    }
    let changes = [
        FieldChange::new("org_role", role_text(u.org_role), role_text(role)),
        FieldChange::new(
            "managed_unit",
            u.managed_unit
                .map(|m| format!("{} (unit {})", m.name, m.id)),
            unit.as_ref().map(|m| format!("{} (unit {})", m.1, m.0)),
        ),
    ];
    let sets = [("org_role", role.map(|r| r.code().to_string()))];
    let ints = [("managed_unit_id", unit.map(|u| u.0))];
    save(
        &me,
        id,
        version,
        AuditAction::SetOrgRole,
        &sets,
        &ints,
        &changes,
    )
    .await
}

/// Administrators (Edit users): links the account to its staff member (empty unlinks).
#[server(prefix = "/api", endpoint = "org/users/link-staff")]
pub async fn link_staff(
    id: i64,
    version: i64,
    #[server(default)] staff_id: String,
) -> Result<i64, AppError> {
    let me = require_user()?;
    granted(&me, Action::Edit, OrgArea::OrgUser)?;
    let u = account(id).await?;
    let chosen = match input::optional_id("staff_id", &staff_id, "a staff member")? {
        Some(s) => {
            let s = staff::find(&state().db, s)
                .await
                .map_err(internal)?
                .filter(|s| s.active)
                .ok_or_else(|| {
                    AppError::invalid("staff_id", "There is no such active staff member.")
                })?;
            if s.user_id.is_some_and(|other| other != id) {
                return Err(AppError::invalid(
                    "staff_id",
                    format!(
                        "{} is already linked to another login; unlink it there first.",
                        s.name
                    ),
                ));
            }
            Some(s)
        }
        None => None,
    };
    let show = |name: &str, id: i64| format!("{name} (staff {id})");
    let change = FieldChange::new(
        "staff",
        u.staff.as_ref().map(|s| show(&s.name, s.id)),
        chosen.as_ref().map(|s| show(&s.name, s.id)),
    );
    let mut tx = state().db.begin_write().await.map_err(internal)?;
    if !users::update(&mut tx, id, version, &[], &[])
        .await
        .map_err(internal)?
    {
        return Err(stale("account"));
    }
    staff::link(&mut tx, id, chosen.as_ref().map(|s| s.id))
        .await
        .map_err(internal)?;
    audit(&me, id)
        .fields(&mut tx, AuditAction::LinkStaff, &[change])
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(version + 1)
}

/// Administrators (Edit users): the account can no longer sign in; its sessions end now.
#[server(prefix = "/api", endpoint = "org/users/deactivate")]
pub async fn deactivate_user(id: i64, version: i64) -> Result<i64, AppError> {
    let me = require_user()?;
    granted(&me, Action::Edit, OrgArea::OrgUser)?;
    let u = account(id).await?;
    if id == me.user_id {
        return Err(AppError::Conflict(
            "You cannot deactivate your own account.".into(),
        ));
    }
    if !u.active {
        return Err(AppError::Conflict(format!(
            "{} {} is already deactivated.",
            u.first_name, u.last_name
        )));
    }
    let change = FieldChange::new("active", Some("yes".into()), Some("no".into()));
    save(
        &me,
        id,
        version,
        AuditAction::Deactivate,
        &[],
        &[("active", Some(0))],
        &[change],
    )
    .await
}

/// Administrators (Edit users): the account may sign in again.
#[server(prefix = "/api", endpoint = "org/users/reactivate")]
pub async fn reactivate_user(id: i64, version: i64) -> Result<i64, AppError> {
    let me = require_user()?;
    granted(&me, Action::Edit, OrgArea::OrgUser)?;
    let u = account(id).await?;
    if u.active {
        return Err(AppError::Conflict(format!(
            "{} {} is already active.",
            u.first_name, u.last_name
        )));
    }
    let change = FieldChange::new("active", Some("no".into()), Some("yes".into()));
    save(
        &me,
        id,
        version,
        AuditAction::Reactivate,
        &[],
        &[("active", Some(1))],
        &[change],
    )
    .await
}
