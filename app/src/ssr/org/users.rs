//! Accounts for the users admin: every login, those holding careers-hub
//! network roles too; their network grants are shown, read-only
//! (docs/RULES.md §4).
use super::units::depth;
use crate::api::org::types::{OrgUserRow, StaffRef, UnitOption, UserPage};
use crate::auth::roles::{NetworkRole, OrgRole};
use crate::ssr::clock::now;
use crate::ssr::db::{Db, Tx};
use crate::ssr::search::contains_pattern;
use crate::ssr::sql::Sql;

pub const USERS_PER_PAGE: u32 = 25;

const COLUMNS: &str = "SELECT us.id, us.email, us.first_name, us.last_name, us.job_title, us.org_role, us.active, us.version, \
     m.id AS m_id, m.name AS m_name, m.path AS m_path, \
     st.id AS st_id, st.first_name AS st_first, st.last_name AS st_last, su.id AS st_unit, su.name AS st_unit_name \
     FROM users us LEFT JOIN org_units m ON m.id = us.managed_unit_id \
     LEFT JOIN staff st ON st.user_id = us.id LEFT JOIN org_units su ON su.id = st.unit_id";

/// A row of `COLUMNS`.
#[derive(sqlx::FromRow)]
struct UserLine {
    id: i64,
    email: String,
    first_name: String,
    last_name: String,
    job_title: String,
    org_role: Option<String>,
    active: i64,
    version: i64,
    m_id: Option<i64>,
    m_name: Option<String>,
    m_path: Option<String>,
    st_id: Option<i64>,
    st_first: Option<String>,
    st_last: Option<String>,
    st_unit: Option<i64>,
    st_unit_name: Option<String>,
}

impl From<UserLine> for OrgUserRow {
    fn from(r: UserLine) -> OrgUserRow {
        let managed_unit = r.m_id.map(|id| UnitOption {
            id,
            name: r.m_name.unwrap_or_default(),
            depth: r.m_path.as_deref().map(depth).unwrap_or_default(),
        });
        let staff = r.st_id.map(|id| StaffRef {
            id,
            name: format!(
                "{} {}",
                r.st_first.unwrap_or_default(),
                r.st_last.unwrap_or_default()
            ),
            unit_id: r.st_unit.unwrap_or_default(),
            unit_name: r.st_unit_name.unwrap_or_default(),
        });
        OrgUserRow {
            id: r.id,
            email: r.email,
            first_name: r.first_name,
            last_name: r.last_name,
            job_title: r.job_title,
            org_role: r.org_role.and_then(|c| OrgRole::from_code(&c)),
            managed_unit,
            staff,
            active: r.active != 0,
            version: r.version,
            network_roles: vec![],
        }
    }
}

fn push_where(sql: &mut Sql, q: &str) {
    sql.push(" WHERE 1 = 1");
    if !q.trim().is_empty() {
        let p = contains_pattern(q);
        sql.push(" AND (LOWER(us.first_name || ' ' || us.last_name) LIKE ")
            .text(p.clone())
            .push(" ESCAPE '\\' OR LOWER(us.email) LIKE ")
            .text(p)
            .push(" ESCAPE '\\')");
    }
}

pub async fn list(db: &Db, q: &str, page: u32) -> Result<UserPage, sqlx::Error> {
    let page = page.max(1);
    let mut count = Sql::new("SELECT COUNT(*) AS n FROM users us");
    push_where(&mut count, q);
    let total: i64 = count.query_scalar().fetch_one(&db.read).await?;
    let mut sql = Sql::new(COLUMNS);
    push_where(&mut sql, q);
    sql.push(" ORDER BY us.last_name, us.first_name, us.id LIMIT ")
        .int(i64::from(USERS_PER_PAGE))
        .push(" OFFSET ")
        .int(i64::from(page - 1) * i64::from(USERS_PER_PAGE));
    let rows = sql.query_as::<UserLine>().fetch_all(&db.read).await?;
    let mut rows: Vec<OrgUserRow> = rows.into_iter().map(OrgUserRow::from).collect();
    with_network_roles(db, &mut rows).await?;
    Ok(UserPage {
        rows,
        total,
        page,
        per_page: USERS_PER_PAGE,
    })
}

/// An account, or None.
pub async fn find(db: &Db, id: i64) -> Result<Option<OrgUserRow>, sqlx::Error> {
    let mut sql = Sql::new(COLUMNS);
    push_where(&mut sql, "");
    sql.push(" AND us.id = ").int(id);
    let row = sql.query_as::<UserLine>().fetch_optional(&db.read).await?;
    let mut rows: Vec<OrgUserRow> = row.into_iter().map(OrgUserRow::from).collect();
    with_network_roles(db, &mut rows).await?;
    Ok(rows.pop())
}

/// A network grant as the users admin shows it.
#[derive(sqlx::FromRow)]
struct GrantLine {
    user_id: i64,
    role: String,
    bound_to: Option<String>,
}

/// Fills in each row's active network grants, in one query.
async fn with_network_roles(db: &Db, rows: &mut [OrgUserRow]) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new(
        "SELECT g.user_id, g.role, COALESCE(e.first_name || ' ' || e.last_name, s.name, p.name) AS bound_to \
         FROM role_grants g LEFT JOIN partners p ON p.id = g.partner_id \
         LEFT JOIN subcontractors s ON s.id = g.subcontractor_id LEFT JOIN ecs e ON e.id = g.ec_id \
         WHERE g.status = 'active' AND g.user_id IN (",
    );
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.int(r.id);
    }
    sql.push(") ORDER BY g.id");
    for g in sql.query_as::<GrantLine>().fetch_all(&db.read).await? {
        let Some(role) = NetworkRole::from_code(&g.role) else {
            continue;
        };
        let label = match g.bound_to {
            Some(b) => format!("{} ({b})", role.label()),
            None => role.label().to_string(),
        };
        if let Some(row) = rows.iter_mut().find(|r| r.id == g.user_id) {
            row.network_roles.push(label);
        }
    }
    Ok(())
}

pub async fn email_taken(db: &Db, email: &str, except: Option<i64>) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1 AND id <> $2")
            .bind(email)
            .bind(except.unwrap_or(0))
            .fetch_optional(&db.read)
            .await?;
    Ok(found.is_some())
}

/// Sets one column of an account if `version` is current; false when stale.
/// `sets` are our own column names with their new values, never user text as SQL.
pub async fn update(
    tx: &mut Tx,
    id: i64,
    version: i64,
    sets: &[(&'static str, Option<String>)],
    ints: &[(&'static str, Option<i64>)],
) -> Result<bool, sqlx::Error> {
    let mut sql = Sql::new("UPDATE users SET version = version + 1, updated_at = ");
    sql.int(now());
    for (col, v) in sets {
        sql.push(&format!(", {col} = "));
        match v {
            Some(v) => {
                sql.text(v.clone());
            }
            None => {
                sql.push("NULL");
            }
        }
    }
    for (col, v) in ints {
        sql.push(&format!(", {col} = "));
        match v {
            Some(v) => {
                sql.int(*v);
            }
            None => {
                sql.push("NULL");
            }
        }
    }
    sql.push(" WHERE id = ")
        .int(id)
        .push(" AND version = ")
        .int(version);
    Ok(sql.query().execute(&mut **tx).await?.rows_affected() == 1)
}

/// A new organisation account.
pub struct NewOrgUser<'a> {
    pub email: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub job_title: &'a str,
    pub password_hash: &'a crate::ssr::passwords::PasswordHashString,
    pub org_role: Option<OrgRole>,
    pub managed_unit_id: Option<i64>,
}

pub async fn insert(tx: &mut Tx, u: NewOrgUser<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (email, first_name, last_name, job_title, password_hash, org_role, managed_unit_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(u.email)
    .bind(u.first_name)
    .bind(u.last_name)
    .bind(u.job_title)
    .bind(u.password_hash.as_db().to_string())
    .bind(u.org_role.map(|r| r.code()))
    .bind(u.managed_unit_id)
    .bind(now())
    .fetch_one(&mut **tx)
    .await
}
