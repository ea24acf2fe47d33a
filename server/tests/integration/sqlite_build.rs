//! SQLite is built so its connections do not wait on each other
//! (docs/RULES.md §8.5): each keeps its own page cache, and allocations are
//! not counted behind a process-wide mutex. The options come from
//! `.cargo/config.toml`; a build that lost them fails here.
use crate::support::{Backend, TestDb};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_connections_share_no_cache_and_count_no_allocations() {
    let t = TestDb::new(Backend::Sqlite).await.unwrap();
    let options: Vec<String> = sqlx::query_scalar("PRAGMA compile_options")
        .fetch_all(&t.db.read)
        .await
        .unwrap();
    assert!(
        options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"),
        "{options:?}"
    );
    assert!(
        !options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"),
        "{options:?}"
    );
}
