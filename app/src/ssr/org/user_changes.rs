//! Changes the users admin makes to organisation accounts: create, edit, org
//! role and managed unit, staff link, deactivate and reactivate. The caller
//! has already been granted the action on users; each change and its audit
//! rows land in one transaction.
use super::{staff, units, users};
use crate::api::org::input;
use crate::api::org::types::OrgUserRow;
use crate::auth::permissions::{may_change_login_details, may_deactivate, may_set_org_role};
use crate::auth::roles::{OrgRole, Principal};
use crate::error::AppError;
use crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange};
use crate::ssr::db::Db;
use crate::ssr::state::AppState;

/// The account `id`, or 404.
pub async fn account(db: &Db, id: i64) -> Result<OrgUserRow, AppError> {
    users::find(db, id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("there is no account {id}.")))
}

/// The account `id` if its name, email and access are the users admin's to
/// change (it holds no network grants), else 409 with the reason.
async fn org_only_account(db: &Db, id: i64) -> Result<OrgUserRow, AppError> {
    let u = account(db, id).await?;
    may_change_login_details(u.network_roles.len())
        .map_err(|rule| AppError::Conflict(rule.to_string()))?;
    Ok(u)
}

fn audit(me: &Principal, id: i64) -> Audit {
    Audit::by(me.user_id, AuditKind::User, id)
}

/// An org role and managed unit chosen in a form, checked together.
async fn role_and_unit(
    db: &Db,
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
            let u = units::find(db, id)
                .await?
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

fn role_text(r: Option<OrgRole>) -> Option<String> {
    r.map(|r| r.label().to_string())
}

/// What the new-account form sends.
pub struct NewAccount {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub job_title: String,
    pub password: String,
    pub org_role: String,
    pub managed_unit_id: String,
}

/// A new organisation login with an initial password. Returns its id.
pub async fn create(st: &AppState, me: &Principal, f: NewAccount) -> Result<i64, AppError> {
    let email = input::email("email", &f.email)?;
    let first = input::text("first_name", &f.first_name, "a first name", 80)?;
    let last = input::text("last_name", &f.last_name, "a last name", 80)?;
    let job = input::optional_text("job_title", &f.job_title, "Job title", 120)?;
    let cfg = crate::ssr::settings::effective(&st.db, &st.auth).await?;
    let len = f.password.chars().count();
    if len < cfg.password_min_len || len > 200 {
        return Err(AppError::invalid(
            "password",
            format!(
                "The initial password must be {} to 200 characters long.",
                cfg.password_min_len
            ),
        ));
    }
    let (role, unit) = role_and_unit(&st.db, &f.org_role, &f.managed_unit_id).await?;
    if users::email_taken(&st.db, &email, None).await? {
        return Err(AppError::invalid(
            "email",
            format!("An account with email {email} already exists."),
        ));
    }
    let hash = st.passwords.hash(f.password).await;
    let mut tx = st.db.begin_write().await?;
    // A concurrent create with the same email breaks `users.email`: a 422 on email.
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
    .await?;
    audit(me, id)
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
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// What the account edit form sends.
pub struct AccountEdit {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub job_title: String,
}

/// Name, email and job title of an account at `version`. Returns the new version.
pub async fn edit(
    db: &Db,
    me: &Principal,
    id: i64,
    version: i64,
    f: AccountEdit,
) -> Result<i64, AppError> {
    let u = org_only_account(db, id).await?;
    let email = input::email("email", &f.email)?;
    let first = input::text("first_name", &f.first_name, "a first name", 80)?;
    let last = input::text("last_name", &f.last_name, "a last name", 80)?;
    let job = input::optional_text("job_title", &f.job_title, "Job title", 120)?;
    if users::email_taken(db, &email, Some(id)).await? {
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
    let change = Change {
        action: AuditAction::Edit,
        sets: &sets,
        ints: &[],
        audited: &changes,
    };
    save(db, me, id, version, change).await
}

/// One write to an account: the columns to set and the audit rows it makes.
struct Change<'a> {
    action: AuditAction,
    sets: &'a [(&'static str, Option<String>)],
    ints: &'a [(&'static str, Option<i64>)],
    audited: &'a [FieldChange],
}

/// Writes an account change with its audit rows in one transaction; a
/// deactivation ends the account's sessions in the same transaction.
async fn save(
    db: &Db,
    me: &Principal,
    id: i64,
    version: i64,
    c: Change<'_>,
) -> Result<i64, AppError> {
    let mut tx = db.begin_write().await?;
    if !users::update(&mut tx, id, version, c.sets, c.ints).await? {
        return Err(AppError::stale("account", version));
    }
    audit(me, id).fields(&mut tx, c.action, c.audited).await?;
    if c.ints.iter().any(|(c, v)| *c == "active" && *v == Some(0)) {
        crate::ssr::sessions::end_all_for_user(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(version + 1)
}

/// Org role and, for an Org. Unit Manager, the unit managed. Returns the new version.
pub async fn set_role(
    db: &Db,
    me: &Principal,
    id: i64,
    version: i64,
    org_role: &str,
    managed_unit_id: &str,
) -> Result<i64, AppError> {
    let u = account(db, id).await?;
    let (role, unit) = role_and_unit(db, org_role, managed_unit_id).await?;
    may_set_org_role(me, id, role).map_err(|rule| AppError::Conflict(rule.to_string()))?;
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
    let change = Change {
        action: AuditAction::SetOrgRole,
        sets: &sets,
        ints: &ints,
        audited: &changes,
    };
    save(db, me, id, version, change).await
}

/// Links the account to its staff member (an empty `staff_id` unlinks).
/// Returns the new version.
pub async fn link_staff(
    db: &Db,
    me: &Principal,
    id: i64,
    version: i64,
    staff_id: &str,
) -> Result<i64, AppError> {
    let u = account(db, id).await?;
    let chosen = match input::optional_id("staff_id", staff_id, "a staff member")? {
        Some(s) => {
            let s = staff::active(db, "staff_id", s).await?;
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
    let mut tx = db.begin_write().await?;
    if !users::update(&mut tx, id, version, &[], &[]).await? {
        return Err(AppError::stale("account", version));
    }
    staff::link(&mut tx, id, chosen.as_ref().map(|s| s.id)).await?;
    audit(me, id)
        .fields(&mut tx, AuditAction::LinkStaff, &[change])
        .await?;
    tx.commit().await?;
    Ok(version + 1)
}

/// Deactivates (`active` false) or reactivates an account; a deactivated
/// account's sessions end at once. Returns the new version.
pub async fn set_active(
    db: &Db,
    me: &Principal,
    id: i64,
    version: i64,
    active: bool,
) -> Result<i64, AppError> {
    let u = org_only_account(db, id).await?;
    if !active {
        may_deactivate(me, id).map_err(|rule| AppError::Conflict(rule.to_string()))?;
    }
    if u.active == active {
        return Err(AppError::Conflict(format!(
            "{} {} is already {}.",
            u.first_name,
            u.last_name,
            if active { "active" } else { "deactivated" }
        )));
    }
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
    let audited = [FieldChange::new(
        "active",
        Some(yes_no(u.active)),
        Some(yes_no(active)),
    )];
    let change = Change {
        action: if active {
            AuditAction::Reactivate
        } else {
            AuditAction::Deactivate
        },
        sets: &[],
        ints: &[("active", Some(i64::from(active)))],
        audited: &audited,
    };
    save(db, me, id, version, change).await
}
