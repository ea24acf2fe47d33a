//! Accounts, their role grants, and the principal built from them.
use super::clock::{now, today};
use super::db::Db;
use super::passwords::PasswordHashString;
use crate::auth::permissions::network_breadth;
use crate::auth::roles::{
    Binding, NetworkGrant, NetworkRole, OrgGrant, OrgRole, Principal, UnitPath,
};
use crate::error::AppError;

/// The sign-in relevant columns of a user.
pub struct Account {
    pub id: i64,
    pub password_hash: Option<PasswordHashString>,
    pub active: bool,
    pub access_expires_on: Option<String>,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
}

impl Account {
    /// Deactivated, or past its access expiry date.
    pub fn may_sign_in(&self) -> bool {
        self.active
            && self
                .access_expires_on
                .as_deref()
                .is_none_or(|d| today().as_str() <= d)
    }
}

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    password_hash: Option<String>,
    active: i64,
    access_expires_on: Option<String>,
    failed_logins: i64,
    locked_until: Option<i64>,
}

pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<Account>, sqlx::Error> {
    let row = sqlx::query_as::<_, AccountRow>(
        "SELECT id, password_hash, active, access_expires_on, failed_logins, locked_until FROM users WHERE email = $1",
    )
    .bind(normalise_email(email))
    .fetch_optional(&db.read)
    .await?;
    Ok(row.map(|r| Account {
        id: r.id,
        password_hash: r.password_hash.map(PasswordHashString::from_db),
        active: r.active != 0,
        access_expires_on: r.access_expires_on,
        failed_logins: r.failed_logins,
        locked_until: r.locked_until,
    }))
}

/// A grant's columns, as [`GRANT_COLUMNS`] names them; all NULL where a left
/// join found no grant.
#[derive(sqlx::FromRow)]
pub(super) struct GrantRow {
    grant_row_id: Option<i64>,
    grant_role: Option<String>,
    ec_id: Option<i64>,
    partner_id: Option<i64>,
    subcontractor_id: Option<i64>,
    partner_name: Option<String>,
    sc_name: Option<String>,
    ec_first: Option<String>,
    ec_last: Option<String>,
}

/// The columns of a grant `g` and what it is bound to, joined by [`GRANT_JOINS`].
pub(super) const GRANT_COLUMNS: &str = "g.id AS grant_row_id, g.role AS grant_role, \
    g.ec_id, g.partner_id, g.subcontractor_id, \
    gp.name AS partner_name, gs.name AS sc_name, ge.first_name AS ec_first, ge.last_name AS ec_last";
pub(super) const GRANT_JOINS: &str = "LEFT JOIN partners gp ON gp.id = g.partner_id \
    LEFT JOIN subcontractors gs ON gs.id = g.subcontractor_id \
    LEFT JOIN ecs ge ON ge.id = g.ec_id";

impl GrantRow {
    /// The grant, or `None` for a row without one (or a role this build does not know).
    pub(super) fn into_grant(self) -> Option<NetworkGrant> {
        let role = NetworkRole::from_code(&self.grant_role?)?;
        let binding = Binding {
            ec_id: self.ec_id,
            partner_id: self.partner_id,
            subcontractor_id: self.subcontractor_id,
        };
        let ec_name = self
            .ec_first
            .map(|f| format!("{f} {}", self.ec_last.unwrap_or_default()));
        let bound_to = ec_name
            .or(self.sc_name)
            .or(self.partner_name)
            .unwrap_or_else(|| "National".to_string());
        Some(NetworkGrant {
            id: self.grant_row_id?,
            role,
            binding,
            bound_to,
        })
    }
}

/// Every active network grant of a user, with what it is bound to.
pub async fn grants_of(db: &Db, user_id: i64) -> Result<Vec<NetworkGrant>, sqlx::Error> {
    static QUERY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT {GRANT_COLUMNS} FROM role_grants g {GRANT_JOINS} \
             WHERE g.user_id = $1 AND g.status = 'active' ORDER BY g.id"
        )
    });
    let rows = sqlx::query_as::<_, GrantRow>(&QUERY)
        .bind(user_id)
        .fetch_all(&db.read)
        .await?;
    Ok(rows.into_iter().filter_map(GrantRow::into_grant).collect())
}

/// The grant a user starts in: the one with the fewest permissions.
pub fn starting_grant(grants: &[NetworkGrant]) -> Option<&NetworkGrant> {
    grants
        .iter()
        .min_by_key(|g| (network_breadth(g.role), g.id))
}

fn parse_path(path: &str) -> UnitPath {
    UnitPath(path.split('/').filter_map(|s| s.parse().ok()).collect())
}

/// The columns of the user `u` a principal is built from, with the unit
/// `m` they manage and their staff record `st`.
#[derive(sqlx::FromRow)]
pub(super) struct PrincipalRow {
    first_name: String,
    last_name: String,
    org_role: Option<String>,
    managed_path: Option<String>,
    staff_id: Option<i64>,
}

/// The columns a principal is built from: the user `u`, and one row per
/// active grant `g` (NULL grant columns when there is none).
pub(super) const PRINCIPAL_COLUMNS: &str = "u.first_name, u.last_name, u.org_role, \
    m.path AS managed_path, st.id AS staff_id";

/// Joins [`PRINCIPAL_COLUMNS`] and [`GRANT_COLUMNS`] to a query over `users u`.
pub(super) static PRINCIPAL_JOINS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "LEFT JOIN org_units m ON m.id = u.managed_unit_id \
         LEFT JOIN staff st ON st.user_id = u.id \
         LEFT JOIN role_grants g ON g.user_id = u.id AND g.status = 'active' {GRANT_JOINS}"
    )
});

/// The principal of `user_id` acting in `grant_id` (or the starting grant),
/// from the rows of [`PRINCIPAL_COLUMNS`] and [`GRANT_COLUMNS`] ordered by grant.
pub(super) fn build_principal(
    user_id: i64,
    grant_id: Option<i64>,
    u: PrincipalRow,
    grant_rows: impl Iterator<Item = GrantRow>,
) -> Principal {
    let grants: Vec<NetworkGrant> = grant_rows.filter_map(GrantRow::into_grant).collect();
    let active = grant_id
        .and_then(|id| grants.iter().find(|g| g.id == id))
        .or_else(|| starting_grant(&grants))
        .cloned();
    let org = u
        .org_role
        .as_deref()
        .and_then(OrgRole::from_code)
        .map(|role| OrgGrant {
            role,
            staff_id: u.staff_id,
            managed_unit: u.managed_path.as_deref().map(parse_path),
        });
    Principal {
        user_id,
        display_name: format!("{} {}", u.first_name, u.last_name),
        network: active,
        grants,
        org,
    }
}

#[derive(sqlx::FromRow)]
struct PersonGrantRow {
    #[sqlx(flatten)]
    person: PrincipalRow,
    #[sqlx(flatten)]
    grant: GrantRow,
}

/// The principal of a user acting in `grant_id` (or the starting grant),
/// without a session: for commands and tests. Requests get theirs from
/// `sessions::resolve`, in the same statement as the session.
pub async fn principal(
    db: &Db,
    user_id: i64,
    grant_id: Option<i64>,
) -> Result<Option<Principal>, sqlx::Error> {
    static QUERY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT {PRINCIPAL_COLUMNS}, {GRANT_COLUMNS} FROM users u {} WHERE u.id = $1 ORDER BY g.id",
            *PRINCIPAL_JOINS
        )
    });
    let rows = sqlx::query_as::<_, PersonGrantRow>(&QUERY)
        .bind(user_id)
        .fetch_all(&db.read)
        .await?;
    let mut rows = rows.into_iter();
    let Some(first) = rows.next() else {
        return Ok(None);
    };
    let grants = std::iter::once(first.grant).chain(rows.map(|r| r.grant));
    Ok(Some(build_principal(
        user_id,
        grant_id,
        first.person,
        grants,
    )))
}

/// A new login; `password_hash` None means the invitee sets it later.
pub struct NewUser<'a> {
    pub email: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub password_hash: Option<&'a PasswordHashString>,
    pub org_role: Option<OrgRole>,
    pub managed_unit_id: Option<i64>,
}

pub async fn insert_user(tx: &mut super::db::Tx, u: NewUser<'_>) -> Result<i64, sqlx::Error> {
    let t = now();
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO users (email, first_name, last_name, password_hash, org_role, managed_unit_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(normalise_email(u.email))
    .bind(u.first_name)
    .bind(u.last_name)
    .bind(u.password_hash.map(|h| h.as_db().to_string()))
    .bind(u.org_role.map(|r| r.code()))
    .bind(u.managed_unit_id)
    .bind(t)
    .fetch_one(&mut **tx)
    .await
}

pub async fn insert_grant(
    tx: &mut super::db::Tx,
    user_id: i64,
    role: NetworkRole,
    binding: Binding,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO role_grants (user_id, role, ec_id, partner_id, subcontractor_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(user_id)
    .bind(role.code())
    .bind(binding.ec_id)
    .bind(binding.partner_id)
    .bind(binding.subcontractor_id)
    .bind(now())
    .fetch_one(&mut **tx)
    .await
}

#[derive(sqlx::FromRow)]
struct Invitation {
    user_id: i64,
    expires_at: i64,
    used_at: Option<i64>,
}

/// Uses a one-time invitation (valid 7 days, once) to set its login's
/// password; returns the user id. Used, expired and unknown links get the
/// same 404.
pub async fn accept_invitation(
    db: &Db,
    passwords: &super::passwords::Passwords,
    token: &str,
    password: String,
) -> Result<i64, AppError> {
    use super::audit::{Audit, AuditAction, AuditKind, FieldChange};
    use super::passwords::token_digest;
    let invalid = || {
        AppError::NotFound("this invitation link is not valid: it may have been used already or be older than 7 days".into())
    };
    let digest = token_digest(token);
    let invitation = sqlx::query_as::<_, Invitation>(
        "SELECT user_id, expires_at, used_at FROM invitations WHERE token_hash = $1",
    )
    .bind(&digest)
    .fetch_optional(&db.read)
    .await?
    .ok_or_else(invalid)?;
    if invitation.used_at.is_some() || invitation.expires_at < now() {
        return Err(invalid());
    }
    let user_id = invitation.user_id;
    let hash = passwords.hash(password).await;
    let mut tx = db.begin_write().await?;
    let used = sqlx::query(
        "UPDATE invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
    )
    .bind(now())
    .bind(&digest)
    .execute(&mut *tx)
    .await?;
    if used.rows_affected() == 0 {
        return Err(invalid());
    }
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash.as_db())
        .bind(now())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    Audit::by(user_id, AuditKind::User, user_id)
        .fields(
            &mut tx,
            AuditAction::AcceptInvitation,
            &[FieldChange::new("password", None, Some("(set)".into()))],
        )
        .await?;
    tx.commit().await?;
    Ok(user_id)
}
