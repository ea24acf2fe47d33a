//! The one place record rows are read by column names chosen at run time.
//! Lists, the detail view and downloads select a kind's schema columns
//! (`records/schema.rs`) through their SQL in `tables.rs`, named `c0`, `c1`, …,
//! and scoping reads one `fact_sc<i>` column per Sub-contractor expression.
//! Every fixed set of columns is read through a `sqlx::FromRow` struct instead.
//! A key without SQL is an error here, never a column that silently reads NULL.
use super::tables::Table;
use sqlx::any::AnyRow;
use sqlx::Row as _;

/// `, CAST(<expr> AS TEXT) AS c<i>` for each schema key, in order.
pub fn cell_columns(t: &Table, keys: &[&str]) -> Result<String, sqlx::Error> {
    let mut s = String::new();
    for (i, key) in keys.iter().enumerate() {
        let col = t
            .col(key)
            .ok_or_else(|| sqlx::Error::ColumnNotFound(format!("{}.{key}", t.table)))?;
        s.push_str(&format!(", CAST({} AS TEXT) AS c{i}", col.expr));
    }
    Ok(s)
}

/// The `n` cells selected by `cell_columns`, in order.
pub fn read_cells(row: &AnyRow, n: usize) -> Result<Vec<Option<String>>, sqlx::Error> {
    (0..n)
        .map(|i| row.try_get::<Option<String>, _>(format!("c{i}").as_str()))
        .collect()
}

/// The Sub-contractor ids a record is assigned to or was created by (the
/// `fact_sc<i>` columns of `scope::fact_columns`), leaving out NULLs.
pub fn read_subcontractor_facts(row: &AnyRow, n: usize) -> Result<Vec<i64>, sqlx::Error> {
    let mut ids = vec![];
    for i in 0..n {
        if let Some(id) = row.try_get::<Option<i64>, _>(format!("fact_sc{i}").as_str())? {
            ids.push(id);
        }
    }
    Ok(ids)
}
