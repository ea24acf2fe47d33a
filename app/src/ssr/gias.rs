//! The national register of establishments (GIAS) import, shared by the
//! command line and Admin's browser page. The register owns an Institution's
//! URN, name, type and group, phase, local authority, postcode, open and close
//! dates and open/closed status; the import upserts those by URN and touches
//! nothing else (docs/RULES.md §2.1).
//!
//! The file is read twice, streamed: once for its encoding, columns and row
//! count, then in batches, each written in its own transaction. Stopping
//! between or inside batches leaves no half-written row, and running the same
//! file again finishes the job (rows already in are unchanged).
pub mod columns;
mod read;
mod write;

#[cfg(test)]
mod tests;

use super::db::Db;
pub use read::{Encoding, Shape};
use std::fmt;
use std::fs::File;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// Records per transaction.
pub const BATCH_SIZE: usize = 500;

/// A record that was not imported: its line in the file and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reject {
    pub line: u64,
    /// The record's URN text as found (may be empty or not a number).
    pub urn: String,
    pub reason: String,
}

/// What an import did. Every record read is added, updated, unchanged or
/// rejected; `closed` counts Institutions this import closed (new ones that
/// arrive closed included).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportResult {
    pub rows_in_file: u64,
    pub rows_read: u64,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub closed: u64,
    pub rejected: u64,
    pub rejects: Vec<Reject>,
    /// False when the import was stopped before the end of the file.
    pub finished: bool,
}

impl fmt::Display for ImportResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rows read {}, added {}, updated {}, unchanged {}, closed {}, rejected {}",
            self.rows_read, self.added, self.updated, self.unchanged, self.closed, self.rejected
        )
    }
}

/// Why a whole file was refused or an import stopped.
#[derive(Debug)]
pub enum ImportError {
    /// The header lacks these needed columns; nothing was imported.
    MissingColumns(Vec<&'static str>),
    /// The file could not be read as CSV (at or after the batches already written).
    Unreadable(String),
    Database(sqlx::Error),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::MissingColumns(names) => write!(
                f,
                "the file has no {} column{}, so nothing was imported",
                names
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
                if names.len() == 1 { "" } else { "s" }
            ),
            ImportError::Unreadable(e) => write!(f, "the file cannot be read as CSV: {e}"),
            ImportError::Database(e) => write!(f, "database error: {e}"),
        }
    }
}

impl std::error::Error for ImportError {}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Database(e)
    }
}

fn open(path: &Path) -> Result<File, ImportError> {
    File::open(path).map_err(|e| ImportError::Unreadable(format!("{}: {e}", path.display())))
}

/// A register file whose header has every needed column.
#[derive(Clone, Debug)]
pub struct RegisterFile {
    pub path: PathBuf,
    pub shape: Shape,
}

impl RegisterFile {
    /// Reads the file once (streamed) for its encoding, columns and row count;
    /// refuses it whole, naming the columns, when a needed one is missing.
    pub async fn open(path: impl Into<PathBuf>) -> Result<RegisterFile, ImportError> {
        let path = path.into();
        let p = path.clone();
        let shape = tokio::task::spawn_blocking(move || read::shape(open(&p)?))
            .await
            .map_err(|e| ImportError::Unreadable(e.to_string()))??;
        Ok(RegisterFile { path, shape })
    }

    /// Imports the file in batches of `batch_size` records, one transaction
    /// each. `actor` is the signed-in Admin (None from the command line).
    /// After each committed batch `after_batch` sees the result so far;
    /// `Break` stops the import there (the result says it did not finish).
    pub async fn import(
        &self,
        db: &Db,
        actor: Option<i64>,
        batch_size: usize,
        mut after_batch: impl FnMut(&ImportResult) -> ControlFlow<()>,
    ) -> Result<ImportResult, ImportError> {
        let mut result = ImportResult {
            rows_in_file: self.shape.rows,
            ..ImportResult::default()
        };
        let (tx_batches, mut batches) = tokio::sync::mpsc::channel(2);
        let (path, shape) = (self.path.clone(), self.shape.clone());
        let reader = tokio::task::spawn_blocking(move || {
            read::batches(open(&path)?, &shape, batch_size.max(1), |b| {
                tx_batches.blocking_send(b).is_ok()
            })
        });
        while let Some(batch) = batches.recv().await {
            let mut tx = db.begin_write().await?;
            write::apply(&mut tx, &batch.rows, actor, &mut result).await?;
            tx.commit().await?;
            result.rows_read += batch.read;
            result.rejected += batch.rejects.len() as u64;
            result.rejects.extend(batch.rejects);
            if after_batch(&result).is_break() {
                return Ok(result);
            }
        }
        reader
            .await
            .map_err(|e| ImportError::Unreadable(e.to_string()))??;
        result.finished = true;
        Ok(result)
    }
}
