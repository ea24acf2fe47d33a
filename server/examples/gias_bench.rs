//! Benchmark (not a test): imports a generated 52,000-row register extract
//! (windows-1252, ~140 shuffled columns) into a fresh database and prints the
//! time and the process's resident-memory growth, then re-imports it (nothing
//! changes) and prints that time too.
//!
//!   cargo run --release -p server --example gias_bench [-- --rows 52000]
//!
//! DATABASE_URL picks the backend (default: a fresh SQLite file in a temp dir).
#[path = "../tests/integration/gias_file.rs"]
mod gias_file;

#[path = "common/args.rs"]
mod args;
use app::ssr::db::Db;
use app::ssr::gias::{RegisterFile, BATCH_SIZE};
use args::arg;
use gias_file::{csv_text, establishments, windows_1252, TempFile};
use std::ops::ControlFlow;
use std::time::Instant;

/// A `/proc/self/status` figure in KiB (VmRSS now, VmHWM the peak).
fn status_kib(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

#[tokio::main]
async fn main() {
    let rows = arg("--rows", 52_000);
    let dir = std::env::temp_dir().join(format!("caseboard_gias_bench_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}/bench.db", dir.display()));
    let db = Db::connect(&url).await.expect("connect");
    db.migrate().await.expect("migrate");

    let file = {
        let (text, _) = csv_text(&establishments(100_000, rows), None);
        TempFile::new(&windows_1252(&text))
    };
    let bytes = std::fs::metadata(&file.0).map(|m| m.len()).unwrap_or(0);
    // Forget the generator's peak so the figure below is the import's own.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let rss_before = status_kib("VmRSS:");

    let started = Instant::now();
    let register = RegisterFile::open(&file.0).await.expect("register file");
    let first = register
        .import(&db, None, BATCH_SIZE, |_| ControlFlow::Continue(()))
        .await
        .expect("import");
    let first_time = started.elapsed();
    let peak = status_kib("VmHWM:");

    let started = Instant::now();
    let second = RegisterFile::open(&file.0)
        .await
        .expect("register file")
        .import(&db, None, BATCH_SIZE, |_| ControlFlow::Continue(()))
        .await
        .expect("import");
    let second_time = started.elapsed();

    println!(
        "GIAS import of {rows} rows ({:.1} MB, {}) on {:?}",
        bytes as f64 / 1e6,
        register.shape.encoding.label(),
        db.backend
    );
    println!(
        "  first import:  {:.2} s — {first}",
        first_time.as_secs_f64()
    );
    println!(
        "  resident memory: {:.1} MB before, {:.1} MB peak, growth {:.1} MB",
        rss_before as f64 / 1024.0,
        peak as f64 / 1024.0,
        peak.saturating_sub(rss_before) as f64 / 1024.0
    );
    println!(
        "  re-import:     {:.2} s — {second}",
        second_time.as_secs_f64()
    );
    db.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
