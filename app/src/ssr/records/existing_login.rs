//! An email that already has a login gains the new grant (docs/RULES.md §1):
//! no second account, no password change, the person's details untouched.
//! Refused, with the reason, when the login already holds that grant or
//! cannot sign in (deactivated, or past its access expiry date).
use crate::auth::roles::{Binding, NetworkRole};
use crate::error::AppError;
use crate::ssr::accounts::{insert_grant, normalise_email};
use crate::ssr::audit::{Audit, AuditAction, AuditKind, FieldChange};
use crate::ssr::clock::today;
use crate::ssr::db::Tx;

/// The login an email already belongs to.
#[derive(sqlx::FromRow)]
pub struct ExistingLogin {
    pub id: i64,
    active: i64,
    access_expires_on: Option<String>,
    password_hash: Option<String>,
}

impl ExistingLogin {
    /// The invitee never set a password: a fresh invitation link is due.
    pub fn awaits_invitation(&self) -> bool {
        self.password_hash.is_none()
    }
}

/// What the adder is told, and whether the login still needs its invitation.
pub struct Gained {
    pub user_id: i64,
    /// The role as recorded and shown: "Partner user of North Hub".
    pub role: String,
    pub notice: String,
    pub awaits_invitation: bool,
}

/// The login holding `email`, read inside the adding transaction.
pub async fn find(tx: &mut Tx, email: &str) -> Result<Option<ExistingLogin>, sqlx::Error> {
    sqlx::query_as::<_, ExistingLogin>(
        "SELECT id, active, access_expires_on, password_hash FROM users WHERE email = $1",
    )
    .bind(normalise_email(email))
    .fetch_optional(&mut **tx)
    .await
}

/// The login `user_id`, and its email, read inside the writing transaction
/// (a Hub Lead upgrade gives the EC's own login a grant, docs/RULES.md §2.2).
pub async fn find_by_id(
    tx: &mut Tx,
    user_id: i64,
) -> Result<Option<(ExistingLogin, String)>, sqlx::Error> {
    let login = sqlx::query_as::<_, ExistingLogin>(
        "SELECT id, active, access_expires_on, password_hash FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(login) = login else {
        return Ok(None);
    };
    let email = sqlx::query_scalar::<_, String>("SELECT email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(Some((login, email)))
}

#[derive(sqlx::FromRow)]
struct HeldGrant {
    partner_id: Option<i64>,
    partner_name: Option<String>,
}

async fn name_of(tx: &mut Tx, sql: &str, id: Option<i64>) -> Result<String, sqlx::Error> {
    let Some(id) = id else {
        return Ok(String::new());
    };
    let name = sqlx::query_scalar::<_, String>(sql)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(name.unwrap_or_default())
}

/// How a grant is named to people: the role and what it is bound to.
pub async fn role_label(tx: &mut Tx, role: NetworkRole, b: Binding) -> Result<String, AppError> {
    Ok(match role {
        NetworkRole::Partner => format!(
            "Partner user of {}",
            name_of(tx, "SELECT name FROM partners WHERE id = $1", b.partner_id).await?
        ),
        NetworkRole::SubContractor => format!(
            "Sub-contractor user of {}",
            name_of(
                tx,
                "SELECT name FROM subcontractors WHERE id = $1",
                b.subcontractor_id
            )
            .await?
        ),
        NetworkRole::EnterpriseCoordinator => format!(
            "Enterprise Co-ordinator ({})",
            name_of(
                tx,
                "SELECT first_name || ' ' || last_name FROM ecs WHERE id = $1",
                b.ec_id
            )
            .await?
        ),
        NetworkRole::CecStaff | NetworkRole::NetworkOps | NetworkRole::Admin => {
            role.label().to_string()
        }
    })
}

/// Gives `login` the grant, or refuses with the reason and changes nothing
/// (the caller's transaction is dropped). Audited on the login.
pub async fn gain(
    tx: &mut Tx,
    actor: i64,
    login: &ExistingLogin,
    email: &str,
    role: NetworkRole,
    binding: Binding,
) -> Result<Gained, AppError> {
    let email = normalise_email(email);
    if login.active == 0 {
        return Err(AppError::Conflict(format!(
            "{email} already has a Caseboard login, but it is deactivated, so it cannot gain a role. \
             Reactivate the account first; nothing was added."
        )));
    }
    if let Some(expired) = login
        .access_expires_on
        .as_deref()
        .filter(|d| *d < today().as_str())
    {
        return Err(AppError::Conflict(format!(
            "{email} already has a Caseboard login, but its access expired on {expired}, so it cannot gain a role. \
             Extend its access first; nothing was added."
        )));
    }
    refuse_held(tx, login.id, &email, role, binding).await?;
    let label = role_label(tx, role, binding).await?;
    insert_grant(tx, login.id, role, binding).await?;
    Audit::by(actor, AuditKind::User, login.id)
        .fields(
            tx,
            AuditAction::GainRole,
            &[FieldChange::new("role", None, Some(label.clone()))],
        )
        .await?;
    Ok(Gained {
        user_id: login.id,
        notice: format!(
            "{email} already has a Caseboard login; they gain the role {label}. \
             No new account was made and their password is unchanged: tell them they can \
             switch to the new role from the menu next time they sign in."
        ),
        role: label,
        awaits_invitation: login.awaits_invitation(),
    })
}

/// A login holds at most one Partner user grant and one CEC Staff grant; the
/// same grant twice is refused. EC and Sub-contractor grants bind to the new
/// record, so they are always new.
async fn refuse_held(
    tx: &mut Tx,
    user_id: i64,
    email: &str,
    role: NetworkRole,
    binding: Binding,
) -> Result<(), AppError> {
    if !matches!(role, NetworkRole::Partner | NetworkRole::CecStaff) {
        return Ok(());
    }
    let held = sqlx::query_as::<_, HeldGrant>(
        "SELECT g.partner_id, p.name AS partner_name FROM role_grants g \
         LEFT JOIN partners p ON p.id = g.partner_id \
         WHERE g.user_id = $1 AND g.role = $2 AND g.status = 'active' ORDER BY g.id",
    )
    .bind(user_id)
    .bind(role.code())
    .fetch_optional(&mut **tx)
    .await?;
    let Some(held) = held else {
        return Ok(());
    };
    let message = match role {
        NetworkRole::Partner if held.partner_id == binding.partner_id => format!(
            "{email} is already a Partner user of {}; nothing was added.",
            held.partner_name.unwrap_or_default()
        ),
        NetworkRole::Partner => format!(
            "{email} is already a Partner user of {}, and a login is a Partner user of one Partner. \
             Change their Partner on their Partner user record instead; nothing was added.",
            held.partner_name.unwrap_or_default()
        ),
        NetworkRole::CecStaff => {
            format!("{email} is already a CEC Staff user; nothing was added.")
        }
        // Grants bound to a new record are never held already (checked above).
        NetworkRole::EnterpriseCoordinator
        | NetworkRole::SubContractor
        | NetworkRole::NetworkOps
        | NetworkRole::Admin => return Ok(()),
    };
    Err(AppError::Conflict(message))
}
