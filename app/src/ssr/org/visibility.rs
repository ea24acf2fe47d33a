//! The one SQL filter per org scope. Every query that reads assessments —
//! the list, the detail page, the dashboard and the reports — and the staff
//! a user may assess go through `push_scope`, written over two aliases:
//! `s` (the assessee's staff row) and `u` (the assessee's unit).
//! It mirrors `scope::org_contains` / `unit_reaches` in the permission core;
//! the record-level check then asks `decide` itself with facts from the DB.
use crate::auth::permissions::{decide_org, Action, AssesseeFacts, OrgArea, OrgScope, OrgTarget};
use crate::auth::roles::{Principal, UnitPath};
use crate::error::AppError;
use crate::ssr::db::Db;
use crate::ssr::sql::Sql;

/// `/1/2/4/` for the path [1, 2, 4].
pub fn path_text(p: &UnitPath) -> String {
    let mut s = String::from("/");
    for id in &p.0 {
        s.push_str(&format!("{id}/"));
    }
    s
}

pub fn parse_path(path: &str) -> UnitPath {
    UnitPath(path.split('/').filter_map(|s| s.parse().ok()).collect())
}

/// Appends the condition "the staff member `s` (in unit `u`) lies in `scope` as granted to `who`".
pub fn push_scope(sql: &mut Sql, who: &Principal, scope: OrgScope) {
    let org = who.org.as_ref();
    match scope {
        OrgScope::Organisation => {
            sql.push("1 = 1");
        }
        // The managed unit and everything below it, except a Director, who is
        // reached only from every Directorate they head or a unit above it.
        OrgScope::Unit => match org.and_then(|g| g.managed_unit.as_ref()) {
            Some(unit) if !unit.0.is_empty() => {
                let managed = path_text(unit);
                sql.push("(u.path LIKE ")
                    .text(format!("{managed}%"))
                    .push(
                        " AND NOT EXISTS (SELECT 1 FROM org_units d WHERE d.director_staff_id = s.id \
                         AND d.status = 'active' AND NOT (d.path LIKE ",
                    )
                    .text(format!("{managed}%"))
                    .push(")))");
            }
            Some(_) | None => {
                sql.push("1 = 0");
            }
        },
        OrgScope::Own => match org.and_then(|g| g.staff_id) {
            Some(id) => {
                sql.push("s.id = ").int(id);
            }
            None => {
                sql.push("1 = 0");
            }
        },
    }
}

/// The scope `decide` grants for `action` on `area`, or the refusal (403) saying why.
pub use crate::ssr::guard::org_area as granted;

/// What `decide` says of `action` on one record: Ok, or the refusal's reason.
pub fn check_record(who: &Principal, action: Action, target: &OrgTarget) -> Result<(), String> {
    decide_org(who, action, target)
        .into_result()
        .map(|_| ())
        .map_err(|reason| reason.to_string())
}

/// Appends the condition for the assessments `who` may view: their View scope
/// and, whatever the role, their own assessment (docs/RULES.md §4).
pub fn push_viewable(sql: &mut Sql, who: &Principal) -> Result<OrgScope, AppError> {
    let scope = granted(who, Action::View, OrgArea::Assessment)?;
    sql.push("((");
    push_scope(sql, who, scope);
    sql.push(") OR (");
    push_scope(sql, who, OrgScope::Own);
    sql.push("))");
    Ok(scope)
}

/// Where a staff member sits, as `decide` needs it; None when there is no such staff member.
pub async fn assessee_facts(db: &Db, staff_id: i64) -> Result<Option<AssesseeFacts>, sqlx::Error> {
    let Some(unit) = sqlx::query_scalar::<_, String>(
        "SELECT u.path FROM staff s JOIN org_units u ON u.id = s.unit_id WHERE s.id = $1",
    )
    .bind(staff_id)
    .fetch_optional(&db.read)
    .await?
    else {
        return Ok(None);
    };
    let directs = sqlx::query_scalar::<_, String>(
        "SELECT path FROM org_units WHERE director_staff_id = $1 AND status = 'active' ORDER BY path",
    )
    .bind(staff_id)
    .fetch_all(&db.read)
    .await?
    .iter()
    .map(|p| parse_path(p))
    .collect();
    Ok(Some(AssesseeFacts {
        staff_id,
        unit: parse_path(&unit),
        directs,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        let p = UnitPath(vec![1, 2, 4]);
        assert_eq!(path_text(&p), "/1/2/4/");
        assert_eq!(parse_path("/1/2/4/"), p);
    }
}
