//! The in-network-scope rule (docs/RULES.md §2.2) as ONE SQL expression over
//! an `institutions` alias. Its answer is stored on each Institution by
//! `scope_flags::refresh`, in the transaction of every write that can change
//! it (§7.3), and everything that lists or counts Institutions "in scope"
//! reads that stored answer (the Institution list's `in_scope` column and
//! filter, the dashboards, the URN list pages' counts). The rule lives here
//! and in its pure-Rust twin `records::scope_rule`, which an integration test
//! holds to the same answers on both backends. Only active list entries
//! count: adding or closing an entry refreshes its URN's Institution at once.
use super::db::Db;
use super::sql::Sql;
use crate::display::day_of;
use crate::records::scope_rule::{category, explain, Category, EntryNote, UrnList};

/// The kind of establishment (`Category::key`), first match wins — the same
/// order as `records::scope_rule::category`.
macro_rules! category_sql {
    ($a:literal) => {
        concat!(
            "CASE WHEN LOWER(TRIM(",
            $a,
            ".establishment_group)) IN ('universities', 'welsh schools') THEN 'other' ",
            "WHEN LOWER(TRIM(",
            $a,
            ".phase)) = 'special' OR LOWER(TRIM(",
            $a,
            ".establishment_group)) = 'special schools' ",
            "OR LOWER(",
            $a,
            ".establishment_type) LIKE '%special%' THEN 'special' ",
            "WHEN LOWER(TRIM(",
            $a,
            ".phase)) = 'alternative provision' OR LOWER(TRIM(",
            $a,
            ".establishment_type)) = 'pupil referral unit' ",
            "OR LOWER(",
            $a,
            ".establishment_type) LIKE '%alternative provision%' THEN 'alternative provision' ",
            "WHEN LOWER(TRIM(",
            $a,
            ".phase)) IN ('16 plus', 'college') OR LOWER(TRIM(",
            $a,
            ".establishment_group)) = 'colleges' THEN 'college' ",
            "WHEN LOWER(TRIM(",
            $a,
            ".phase)) IN ('secondary', 'middle deemed secondary') THEN 'secondary' ",
            "WHEN LOWER(TRIM(",
            $a,
            ".phase)) = 'all-through' THEN 'all-through' ",
            "WHEN LOWER(TRIM(",
            $a,
            ".phase)) IN ('primary', 'middle deemed primary') THEN 'primary' ",
            "ELSE 'other' END"
        )
    };
}

/// The URN of alias `$a` is actively on list `$list`.
macro_rules! on_list_sql {
    ($a:literal, $list:literal) => {
        concat!(
            "EXISTS (SELECT 1 FROM urn_list_entries scope_e WHERE scope_e.urn = ",
            $a,
            ".urn AND scope_e.list = '",
            $list,
            "' AND scope_e.status = 'active')"
        )
    };
}

/// True when the Institution aliased `$a` is in network scope.
macro_rules! in_scope_sql {
    ($a:literal) => {
        concat!(
            "(CASE (",
            category_sql!($a),
            ") ",
            "WHEN 'primary' THEN (",
            on_list_sql!($a, "included_primary"),
            " AND NOT ",
            on_list_sql!($a, "excluded_primary"),
            ") ",
            "WHEN 'other' THEN ",
            on_list_sql!($a, "included"),
            " ",
            "ELSE (",
            on_list_sql!($a, "included"),
            " OR NOT ",
            on_list_sql!($a, "excluded"),
            ") END)"
        )
    };
}

const ALIAS: &str = "scope_alias";

/// The in-scope condition over the Institution alias `alias` (an SQL identifier).
pub fn in_scope_sql(alias: &str) -> String {
    debug_assert!(alias
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    in_scope_sql!("scope_alias").replace(ALIAS, alias)
}

/// The establishment kind (`Category::key`) of the Institution alias `alias`.
pub fn category_sql(alias: &str) -> String {
    debug_assert!(alias
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    category_sql!("scope_alias").replace(ALIAS, alias)
}

/// The stored list keys the macros spell out, checked against the enum.
pub fn list_keys() -> [&'static str; 4] {
    UrnList::ALL.map(UrnList::key)
}

/// The category keys the SQL yields, checked against the enum.
pub fn parse_category(key: &str) -> Option<Category> {
    Category::from_key(key)
}

/// The register fields the rule reads, with one active list entry of the
/// Institution's URN and who added it (the entry's fields are NULL when the
/// URN is on no list).
#[derive(sqlx::FromRow)]
struct RegisterAndEntry {
    phase: String,
    establishment_type: String,
    establishment_group: String,
    list: Option<String>,
    created_at: Option<i64>,
    by_name: Option<String>,
    reason: Option<String>,
}

/// "In network scope: yes — …" for an Institution, or None when there is no
/// such id. One statement reads the register's fields and the URN's list
/// entries, as it is part of every Institution's page.
pub async fn explain_institution(db: &Db, id: i64) -> Result<Option<String>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT i.phase, i.establishment_type, i.establishment_group, e.list, \
         CAST(e.created_at AS BIGINT) AS created_at, \
         CASE WHEN e.id IS NULL THEN NULL \
         ELSE COALESCE(u.first_name || ' ' || u.last_name, 'System') END AS by_name, e.reason \
         FROM institutions i \
         LEFT JOIN urn_list_entries e ON e.urn = i.urn AND e.status = 'active' \
         LEFT JOIN users u ON u.id = e.created_by WHERE i.id = ",
    );
    sql.int(id).push(" ORDER BY e.id");
    let rows = sql
        .query_as::<RegisterAndEntry>()
        .fetch_all(&db.read)
        .await?;
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    let kind = category(&r.phase, &r.establishment_type, &r.establishment_group);
    let entries: Vec<EntryNote> = rows
        .iter()
        .filter_map(|e| {
            Some(EntryNote {
                list: UrnList::from_key(e.list.as_deref()?)?,
                since: day_of(e.created_at?),
                by: e.by_name.clone()?,
                reason: e.reason.clone()?,
            })
        })
        .collect();
    Ok(Some(explain(kind, &entries)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sql_names_every_list_and_category_the_enums_know() {
        let sql = in_scope_sql("t");
        for key in list_keys() {
            assert!(sql.contains(&format!("'{key}'")), "{key}");
        }
        for key in ["primary", "other"] {
            assert!(sql.contains(&format!("WHEN '{key}'")), "{key}");
        }
        assert!(parse_category("alternative provision").is_some());
    }
}
