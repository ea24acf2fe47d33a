//! Two answers stored on each Institution row (docs/RULES.md §7.3), so lists
//! and dashboards read a column instead of working them out row by row:
//!
//! - `in_scope`: the in-network-scope rule (§2.2), computed by the ONE SQL
//!   copy of the rule, `scope_rule::in_scope_sql`;
//! - `matched`: whether the Institution has an active EA match (§7); and
//!   the same answer on each EA row (`refresh_eas`).
//!
//! Every write that can change either answer calls `refresh` for the rows it
//! touched, in its own transaction: the register import and the demo seed
//! (phase, type, group, URN, new rows), URN list entries added or closed,
//! matches made or ended, and any edit, close or reopen of an Institution.
//! An integration test replays random series of those writes on both
//! backends and compares every stored answer with the rule. Rows written
//! before the columns existed (NULL) are filled in by `backfill` after the
//! migrations run.
use super::db::{Db, Tx};
use super::scope_rule::in_scope_sql;
use super::sql::Sql;

/// Which Institutions to refresh.
#[derive(Clone, Copy, Debug)]
pub enum Which<'a> {
    All,
    Ids(&'a [i64]),
    Urns(&'a [String]),
    /// Rows not yet computed (written before the columns existed).
    Unset,
}

/// True when the Institution aliased `alias` has an active EA match.
pub fn matched_sql(alias: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM ea_matches mx WHERE mx.institution_id = {alias}.id AND mx.status = 'active')"
    )
}

/// True when the EA aliased `alias` has an active match.
pub fn ea_matched_sql(alias: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM ea_matches mx WHERE mx.ea_id = {alias}.id AND mx.status = 'active')"
    )
}

/// The stored flags as list columns over alias `t` ('yes' / 'no').
pub const IN_SCOPE_YES_NO: &str = "CASE WHEN t.in_scope = 1 THEN 'yes' ELSE 'no' END";
pub const MATCHED_YES_NO: &str = "CASE WHEN t.matched = 1 THEN 'yes' ELSE 'no' END";
/// The list filters on them: `(yes, no)`, each answered through the index.
pub const IN_SCOPE_FILTER: (&str, &str) = ("t.in_scope = 1", "t.in_scope = 0");
pub const MATCHED_FILTER: (&str, &str) = ("t.matched = 1", "t.matched = 0");
// An EA list's "matched" is the same pair over the EA's own column.

/// Most ids or URNs in one statement.
const CHUNK: usize = 500;

/// Appends ` WHERE <column> IN (…)` for one chunk of values.
fn push_in(sql: &mut Sql, column: &str, values: impl Iterator<Item = super::sql::Arg>) {
    sql.push(&format!(" WHERE {column} IN ("));
    for (i, v) in values.enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(v);
    }
    sql.push(")");
}

/// Recomputes the stored "matched" of the EAs `ids` (every EA: `None`).
pub async fn refresh_eas(tx: &mut Tx, ids: Option<&[i64]>) -> Result<(), sqlx::Error> {
    let set = format!(
        "UPDATE eas SET matched = CASE WHEN {} THEN 1 ELSE 0 END",
        ea_matched_sql("eas")
    );
    let Some(ids) = ids else {
        Sql::new(set).query().execute(&mut **tx).await?;
        return Ok(());
    };
    for chunk in ids.chunks(CHUNK) {
        let mut sql = Sql::new(set.clone());
        push_in(&mut sql, "id", chunk.iter().map(|i| (*i).into()));
        sql.query().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Recomputes both stored answers of the chosen Institutions from the rule.
pub async fn refresh(tx: &mut Tx, which: Which<'_>) -> Result<(), sqlx::Error> {
    let set = format!(
        "UPDATE institutions SET in_scope = CASE WHEN {} THEN 1 ELSE 0 END, \
         matched = CASE WHEN {} THEN 1 ELSE 0 END",
        in_scope_sql("institutions"),
        matched_sql("institutions")
    );
    match which {
        Which::All => {
            Sql::new(set).query().execute(&mut **tx).await?;
        }
        Which::Unset => {
            let mut sql = Sql::new(set);
            sql.push(" WHERE in_scope IS NULL OR matched IS NULL");
            sql.query().execute(&mut **tx).await?;
        }
        Which::Ids(ids) => {
            for chunk in ids.chunks(CHUNK) {
                let mut sql = Sql::new(set.clone());
                push_in(&mut sql, "id", chunk.iter().map(|i| (*i).into()));
                sql.query().execute(&mut **tx).await?;
            }
        }
        Which::Urns(urns) => {
            for chunk in urns.chunks(CHUNK) {
                let mut sql = Sql::new(set.clone());
                push_in(&mut sql, "urn", chunk.iter().map(|u| u.as_str().into()));
                sql.query().execute(&mut **tx).await?;
            }
        }
    }
    Ok(())
}

/// Fills in rows written before the columns existed (after the migrations:
/// a no-op once every row has its answers).
pub async fn backfill(db: &Db) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    refresh(&mut tx, Which::Unset).await?;
    tx.commit().await
}
