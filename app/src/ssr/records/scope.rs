//! The granted scope as a SQL condition, and a record's scope facts read
//! with the same column expressions, so lists and record checks agree.
use super::cells::read_subcontractor_facts;
use super::tables::Table;
use crate::auth::permissions::{NetworkScope, RecordFacts, RecordKind};
use crate::auth::roles::Principal;
use crate::ssr::sql::{Arg, Sql};

/// Appends ` AND (<condition>)` restricting `table` rows to `scope` for `who`.
pub fn push_scope(sql: &mut Sql, table: &Table, who: &Principal, scope: NetworkScope) {
    let binding = who.network.as_ref().map(|g| g.binding).unwrap_or_default();
    let f = &table.facts;
    let eq = |sql: &mut Sql, expr: Option<&str>, value: Option<i64>| match (expr, value) {
        (Some(e), Some(v)) => {
            let p = sql.arg(Arg::Int(v));
            format!("{e} = {p}")
        }
        (None, _) | (_, None) => "1 = 0".to_string(),
    };
    let condition = match scope {
        NetworkScope::Own if table.kind == RecordKind::Ec => eq(sql, f.ec, binding.ec_id),
        NetworkScope::Own => eq(sql, f.user, Some(who.user_id)),
        NetworkScope::Caseload => eq(sql, f.ec, binding.ec_id),
        NetworkScope::Assigned => match (f.subcontractors, binding.subcontractor_id) {
            ([], _) | (_, None) => "1 = 0".to_string(),
            (cols, Some(sc)) => {
                let p = sql.arg(Arg::Int(sc));
                cols.iter()
                    .map(|c| format!("{c} = {p}"))
                    .collect::<Vec<_>>()
                    .join(" OR ")
            }
        },
        NetworkScope::Partner => eq(sql, f.partner, binding.partner_id),
        NetworkScope::National => "1 = 1".to_string(),
    };
    sql.push(" AND (").push(&condition).push(")");
}

/// The SELECT list that reads a record's facts (appended after other columns).
pub fn fact_columns(table: &Table) -> String {
    let f = &table.facts;
    let or_null = |e: Option<&str>| e.unwrap_or("CAST(NULL AS BIGINT)").to_string();
    let mut cols = vec![
        format!("{} AS fact_partner", or_null(f.partner)),
        format!("{} AS fact_ec", or_null(f.ec)),
        format!("{} AS fact_user", or_null(f.user)),
    ];
    for (i, sc) in f.subcontractors.iter().enumerate() {
        cols.push(format!("{sc} AS fact_sc{i}"));
    }
    cols.join(", ")
}

/// The fixed fact columns of `fact_columns`.
#[derive(sqlx::FromRow)]
struct FactRow {
    fact_partner: Option<i64>,
    fact_ec: Option<i64>,
    fact_user: Option<i64>,
}

/// A record's facts from a row selected with `fact_columns`.
pub fn read_facts(table: &Table, row: &sqlx::any::AnyRow) -> Result<RecordFacts, sqlx::Error> {
    let f: FactRow = sqlx::FromRow::from_row(row)?;
    Ok(RecordFacts {
        partner_id: f.fact_partner,
        ec_id: f.fact_ec,
        user_id: f.fact_user,
        subcontractor_ids: read_subcontractor_facts(row, table.facts.subcontractors.len())?,
    })
}
