//! One handle over SQLite (embedded default) or PostgreSQL (scale-out).
//! Queries use `$N` placeholders and portable types, so one text serves both.
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    /// Readers: many connections.
    pub read: AnyPool,
    /// The writer: on SQLite a single connection, so writes queue in-process
    /// instead of failing with SQLITE_BUSY; on PostgreSQL the same pool as `read`.
    write: AnyPool,
    pub backend: Backend,
}

pub type Tx = Transaction<'static, Any>;
pub type Row = AnyRow;

impl Db {
    /// Connects to `url` (`sqlite://path` or `postgres://…`), creating a SQLite file if missing.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        Self::connect_sized(url, None).await
    }

    /// `connect`, with `connections` for the readers' pool on SQLite (the
    /// writer is always one connection) or the one pool on PostgreSQL;
    /// None keeps the defaults (README: `CASEBOARD_DB_CONNECTIONS`).
    pub async fn connect_sized(url: &str, connections: Option<u32>) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = AnyPoolOptions::new()
                .max_connections(connections.unwrap_or(16))
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            return Ok(Db {
                read: pool.clone(),
                write: pool,
                backend: Backend::Postgres,
            });
        }
        let url = sqlite_url(url);
        // The writer opens first so WAL is set before readers attach.
        // A SQLite connection is a file opened in this process, with nothing
        // at the other end to go away, so the pools skip the liveness ping
        // sqlx sends before handing out a connection: one more round trip to
        // the connection's thread for every query (RULES §8.3).
        let write = AnyPoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .after_connect(sqlite_pragmas)
            .connect(&url)
            .await?;
        let read = AnyPoolOptions::new()
            .max_connections(connections.unwrap_or(8))
            .test_before_acquire(false)
            .after_connect(sqlite_pragmas)
            .connect(&url)
            .await?;
        Ok(Db {
            read,
            write,
            backend: Backend::Sqlite,
        })
    }

    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.write).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.write).await?,
        }
        // Stored answers of rows written before their columns existed
        // (docs/RULES.md §7.3).
        super::scope_flags::backfill(self)
            .await
            .map_err(sqlx::migrate::MigrateError::Execute)?;
        self.refresh_statistics(false)
            .await
            .map_err(sqlx::migrate::MigrateError::Execute)
    }

    /// Refreshes the statistics the query planner chooses indexes by
    /// (docs/RULES.md §7.3): without them SQLite cannot tell that "in scope"
    /// holds for most Institutions while an EC's caseload is a few dozen, and
    /// may walk the in-scope index for a caseload. `full` after a bulk load
    /// (the demo seed); otherwise SQLite's own check of what needs it.
    /// PostgreSQL's autovacuum keeps its statistics; a bulk load analyzes.
    pub async fn refresh_statistics(&self, full: bool) -> Result<(), sqlx::Error> {
        let sql = match self.backend {
            Backend::Postgres if full => "ANALYZE",
            Backend::Postgres => return Ok(()),
            Backend::Sqlite => {
                let analyzed: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'",
                )
                .fetch_one(&self.write)
                .await?;
                if full || analyzed == 0 {
                    "ANALYZE"
                } else {
                    "PRAGMA optimize = 0x10002"
                }
            }
        };
        sqlx::query(sql).execute(&self.write).await?;
        Ok(())
    }

    /// A write transaction: `BEGIN IMMEDIATE` on SQLite takes the write lock up
    /// front, so a transaction never fails half-way on lock upgrade.
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.write.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.write.begin().await,
        }
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

type BoxFuture<'c, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'c>>;

fn sqlite_pragmas(
    conn: &mut sqlx::AnyConnection,
    _meta: sqlx::pool::PoolConnectionMetadata,
) -> BoxFuture<'_, Result<(), sqlx::Error>> {
    Box::pin(async move {
        conn.execute(
            "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
             PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
        )
        .await?;
        Ok(())
    })
}

/// `sqlite://data/x.db` → with `mode=rwc` so a new file is created.
fn sqlite_url(url: &str) -> String {
    let url = if url.starts_with("sqlite:") {
        url.to_string()
    } else {
        format!("sqlite://{url}")
    };
    if url.contains("mode=") || url.contains(":memory:") {
        url
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}
