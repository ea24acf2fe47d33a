//! `caseboard import-gias FILE.csv`: the register import (app::ssr::gias),
//! printing progress, the result and every rejected row. Ctrl-C stops after
//! the batch being written; running the same file again finishes the job.
use app::ssr::db::Db;
use app::ssr::gias::{RegisterFile, BATCH_SIZE};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub async fn run(db: &Db, path: &Path) -> Result<(), super::Error> {
    let file = RegisterFile::open(path).await?;
    println!(
        "Importing {} ({} rows, {}).",
        path.display(),
        file.shape.rows,
        file.shape.encoding.label()
    );
    let interrupted = Arc::new(AtomicBool::new(false));
    let flag = interrupted.clone();
    let watcher = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            flag.store(true, Ordering::SeqCst);
            eprintln!("\nStopping after the current batch…");
        }
    });
    let mut next_report = 0;
    let result = file
        .import(db, None, BATCH_SIZE, |so_far| {
            if so_far.rows_read >= next_report {
                eprintln!("  {} of {} rows", so_far.rows_read, so_far.rows_in_file);
                next_report = so_far.rows_read + (so_far.rows_in_file / 10).max(BATCH_SIZE as u64);
            }
            if interrupted.load(Ordering::SeqCst) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .await?;
    watcher.abort();
    println!("{result}");
    if !result.rejects.is_empty() {
        println!("Rejected rows:");
        for r in &result.rejects {
            println!("  line {}: {}", r.line, r.reason);
        }
    }
    if !result.finished {
        println!("Stopped before the end of the file: run the same command again to finish.");
    }
    Ok(())
}
