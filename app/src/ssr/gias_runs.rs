//! Admin's browser imports of the GIAS register (docs/RULES.md §2.1): each
//! upload is a run, recorded with who, when, the file, its progress after
//! every batch and its result and rejected rows. The import itself is the
//! command line's (`gias::RegisterFile`), run in a background task so it goes
//! on when the page is closed. A run cut off by a restart is marked
//! interrupted when the server starts; importing the file again finishes it.
use super::db::Db;
use super::gias::{ImportResult, RegisterFile, Reject, BATCH_SIZE};
use super::sql::Sql;
use crate::api::gias::types::ImportRun;
use crate::error::AppError;
use std::ops::ControlFlow;
use std::path::PathBuf;

const RUN_COLUMNS: &str =
    "r.id, COALESCE(u.first_name || ' ' || u.last_name, u.email) AS started_by, \
     r.started_at, r.finished_at, r.file_name, r.status, r.message, r.rows_in_file, r.rows_done, \
     r.added, r.updated, r.unchanged, r.closed, r.rejected";
const RUN_FROM: &str = "gias_import_runs r JOIN users u ON u.id = r.started_by";

#[derive(sqlx::FromRow)]
struct RunRow {
    id: i64,
    started_by: String,
    started_at: i64,
    finished_at: Option<i64>,
    file_name: String,
    status: String,
    message: String,
    rows_in_file: i64,
    rows_done: i64,
    added: i64,
    updated: i64,
    unchanged: i64,
    closed: i64,
    rejected: i64,
}

impl From<RunRow> for ImportRun {
    fn from(r: RunRow) -> Self {
        ImportRun {
            id: r.id,
            started_by: r.started_by,
            started_at: r.started_at,
            finished_at: r.finished_at,
            file_name: r.file_name,
            status: r.status,
            message: r.message,
            rows_in_file: r.rows_in_file,
            rows_done: r.rows_done,
            added: r.added,
            updated: r.updated,
            unchanged: r.unchanged,
            closed: r.closed,
            rejected: r.rejected,
        }
    }
}

/// One rejected row of a run, as the CSV download lists it.
#[derive(sqlx::FromRow)]
pub struct RejectRow {
    pub line: i64,
    pub urn: String,
    pub reason: String,
}

/// The latest runs, newest first.
pub async fn latest(db: &Db, limit: i64) -> Result<Vec<ImportRun>, sqlx::Error> {
    let mut sql = Sql::new(format!(
        "SELECT {RUN_COLUMNS} FROM {RUN_FROM} ORDER BY r.id DESC LIMIT "
    ));
    let p = sql.arg(limit);
    sql.push(&p);
    let rows = sql.query_as::<RunRow>().fetch_all(&db.read).await?;
    Ok(rows.into_iter().map(ImportRun::from).collect())
}

pub async fn one(db: &Db, id: i64) -> Result<Option<ImportRun>, sqlx::Error> {
    let mut sql = Sql::new(format!(
        "SELECT {RUN_COLUMNS} FROM {RUN_FROM} WHERE r.id = "
    ));
    let p = sql.arg(id);
    sql.push(&p);
    Ok(sql
        .query_as::<RunRow>()
        .fetch_optional(&db.read)
        .await?
        .map(ImportRun::from))
}

/// The query listing a run's rejected rows in file order (streamed by the download).
pub fn rejects_query(run_id: i64) -> Sql {
    let mut sql = Sql::new("SELECT line, urn, reason FROM gias_import_rejects WHERE run_id = ");
    let p = sql.arg(run_id);
    sql.push(&p).push(" ORDER BY line");
    sql
}

/// Records a new run for `actor`, refused (409) while another is running:
/// two imports of the register at once would only fight over the same rows.
pub async fn begin(db: &Db, actor: i64, file_name: &str) -> Result<i64, AppError> {
    let mut tx = db.begin_write().await?;
    let running: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM gias_import_runs WHERE status = 'running'")
            .fetch_one(&mut *tx)
            .await?;
    if running > 0 {
        return Err(AppError::Conflict(
            "Another import of the register is running. Wait for it to finish (its page shows \
             its progress), then upload again; nothing was imported."
                .into(),
        ));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO gias_import_runs (started_by, started_at, file_name) VALUES ($1, $2, $3) \
         RETURNING id",
    )
    .bind(actor)
    .bind(super::clock::now())
    .bind(file_name)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// At startup: runs left 'running' by a stopped server are 'interrupted'.
pub async fn mark_interrupted(db: &Db) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE gias_import_runs SET status = 'interrupted', finished_at = $1, \
         message = 'The server stopped during this import. Upload the same file again to finish it: \
         rows already imported are left unchanged.' WHERE status = 'running'",
    )
    .bind(super::clock::now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

/// The figures of a run so far, and rejects not yet stored.
struct Progress {
    counts: ImportResult,
    new_rejects: Vec<Reject>,
}

/// The figures of a result without its rejects (those are sent once each).
fn counts_of(r: &ImportResult) -> ImportResult {
    ImportResult {
        rows_in_file: r.rows_in_file,
        rows_read: r.rows_read,
        added: r.added,
        updated: r.updated,
        unchanged: r.unchanged,
        closed: r.closed,
        rejected: r.rejected,
        rejects: vec![],
        finished: r.finished,
    }
}

async fn store(db: &Db, run_id: i64, p: &Progress) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let c = &p.counts;
    sqlx::query(
        "UPDATE gias_import_runs SET rows_in_file = $1, rows_done = $2, added = $3, updated = $4, \
         unchanged = $5, closed = $6, rejected = $7 WHERE id = $8",
    )
    .bind(c.rows_in_file as i64)
    .bind(c.rows_read as i64)
    .bind(c.added as i64)
    .bind(c.updated as i64)
    .bind(c.unchanged as i64)
    .bind(c.closed as i64)
    .bind(c.rejected as i64)
    .bind(run_id)
    .execute(&mut *tx)
    .await?;
    for chunk in p.new_rejects.chunks(200) {
        let mut sql =
            Sql::new("INSERT INTO gias_import_rejects (run_id, line, urn, reason) VALUES ");
        for (i, r) in chunk.iter().enumerate() {
            let v = [
                sql.arg(run_id),
                sql.arg(r.line as i64),
                sql.arg(r.urn.clone()),
                sql.arg(r.reason.clone()),
            ];
            sql.push(if i == 0 { "(" } else { ", (" })
                .push(&v.join(", "))
                .push(")");
        }
        sql.query().execute(&mut *tx).await?;
    }
    tx.commit().await
}

async fn end(db: &Db, run_id: i64, status: &str, message: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE gias_import_runs SET status = $1, message = $2, finished_at = $3 WHERE id = $4",
    )
    .bind(status)
    .bind(message)
    .bind(super::clock::now())
    .bind(run_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Imports the uploaded file at `path` for run `run_id` in a background task,
/// storing progress after each batch, then deletes the file. The task does
/// not depend on the request that started it.
pub fn spawn(db: Db, actor: i64, run_id: i64, path: PathBuf) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let outcome = import(&db, actor, run_id, &path).await;
        let _ = tokio::fs::remove_file(&path).await;
        let (status, message) = match outcome {
            Ok(()) => ("finished", String::new()),
            Err(e) => ("failed", e),
        };
        if let Err(e) = end(&db, run_id, status, &message).await {
            tracing::error!(run_id, error = %e, "could not record the end of a register import");
        }
        tracing::info!(run_id, status, "register import ended");
    })
}

async fn import(db: &Db, actor: i64, run_id: i64, path: &std::path::Path) -> Result<(), String> {
    let file = RegisterFile::open(path).await.map_err(|e| e.to_string())?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Progress>();
    let writer_db = db.clone();
    let writer = tokio::spawn(async move {
        while let Some(p) = rx.recv().await {
            if let Err(e) = store(&writer_db, run_id, &p).await {
                tracing::error!(run_id, error = %e, "could not store register import progress");
            }
        }
    });
    let started = Progress {
        counts: ImportResult {
            rows_in_file: file.shape.rows,
            ..ImportResult::default()
        },
        new_rejects: vec![],
    };
    let _ = tx.send(started);
    let mut sent = 0;
    let result = file
        .import(db, Some(actor), BATCH_SIZE, |so_far| {
            let progress = Progress {
                counts: counts_of(so_far),
                new_rejects: so_far.rejects[sent..].to_vec(),
            };
            sent = so_far.rejects.len();
            let _ = tx.send(progress);
            ControlFlow::Continue(())
        })
        .await;
    drop(tx);
    let _ = writer.await;
    result.map(|_| ()).map_err(|e| e.to_string())
}
