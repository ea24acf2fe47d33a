//! Accounts, their role grants, and the principal built from them.
use super::clock::{now, today};
use super::db::Db;
use super::passwords::PasswordHashString;
use crate::auth::permissions::network_breadth;
use crate::auth::roles::{
    Binding, NetworkGrant, NetworkRole, OrgGrant, OrgRole, Principal, UnitPath,
};
use sqlx::Row as _;

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

pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<Account>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, password_hash, active, access_expires_on, failed_logins, locked_until FROM users WHERE email = $1",
    )
    .bind(normalise_email(email))
    .fetch_optional(&db.read)
    .await?;
    Ok(row.map(|r| Account {
        id: r.get("id"),
        password_hash: r
            .get::<Option<String>, _>("password_hash")
            .map(PasswordHashString::from_db),
        active: r.get::<i64, _>("active") != 0,
        access_expires_on: r.get("access_expires_on"),
        failed_logins: r.get("failed_logins"),
        locked_until: r.get("locked_until"),
    }))
}

/// Every active network grant of a user, with what it is bound to.
pub async fn grants_of(db: &Db, user_id: i64) -> Result<Vec<NetworkGrant>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT g.id, g.role, g.ec_id, g.partner_id, g.subcontractor_id, \
                p.name AS partner_name, s.name AS sc_name, e.first_name AS ec_first, e.last_name AS ec_last \
         FROM role_grants g \
         LEFT JOIN partners p ON p.id = g.partner_id \
         LEFT JOIN subcontractors s ON s.id = g.subcontractor_id \
         LEFT JOIN ecs e ON e.id = g.ec_id \
         WHERE g.user_id = $1 AND g.status = 'active' ORDER BY g.id",
    )
    .bind(user_id)
    .fetch_all(&db.read)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let role = NetworkRole::from_code(r.get::<String, _>("role").as_str())?;
            let binding = Binding {
                ec_id: r.get("ec_id"),
                partner_id: r.get("partner_id"),
                subcontractor_id: r.get("subcontractor_id"),
            };
            let ec_name = r.get::<Option<String>, _>("ec_first").map(|f| {
                format!(
                    "{f} {}",
                    r.get::<Option<String>, _>("ec_last").unwrap_or_default()
                )
            });
            let bound_to = ec_name
                .or_else(|| r.get::<Option<String>, _>("sc_name"))
                .or_else(|| r.get::<Option<String>, _>("partner_name"))
                .unwrap_or_else(|| "National".to_string());
            Some(NetworkGrant {
                id: r.get("id"),
                role,
                binding,
                bound_to,
            })
        })
        .collect())
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

/// Builds the principal acting in `grant_id` (or the starting grant).
pub async fn principal(
    db: &Db,
    user_id: i64,
    grant_id: Option<i64>,
) -> Result<Option<Principal>, sqlx::Error> {
    let Some(u) = sqlx::query(
        "SELECT u.first_name, u.last_name, u.org_role, m.path AS managed_path, st.id AS staff_id \
         FROM users u LEFT JOIN org_units m ON m.id = u.managed_unit_id \
         LEFT JOIN staff st ON st.user_id = u.id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(&db.read)
    .await?
    else {
        return Ok(None);
    };
    let grants = grants_of(db, user_id).await?;
    let active = grant_id
        .and_then(|id| grants.iter().find(|g| g.id == id))
        .or_else(|| starting_grant(&grants))
        .cloned();
    let org = u
        .get::<Option<String>, _>("org_role")
        .and_then(|code| OrgRole::from_code(&code))
        .map(|role| OrgGrant {
            role,
            staff_id: u.get("staff_id"),
            managed_unit: u
                .get::<Option<String>, _>("managed_path")
                .map(|p| parse_path(&p)),
        });
    Ok(Some(Principal {
        user_id,
        display_name: format!(
            "{} {}",
            u.get::<String, _>("first_name"),
            u.get::<String, _>("last_name")
        ),
        network: active,
        grants,
        org,
    }))
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
    let row = sqlx::query(
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
    .await?;
    Ok(row.get("id"))
}

pub async fn insert_grant(
    tx: &mut super::db::Tx,
    user_id: i64,
    role: NetworkRole,
    binding: Binding,
) -> Result<i64, sqlx::Error> {
    let row = sqlx::query(
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
    .await?;
    Ok(row.get("id"))
}
