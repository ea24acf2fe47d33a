//! Benchmark (not a test): the network dashboards at the bench scale. Seeds
//! (or reuses) a demo database and prints p50 / p99 of the dashboard server
//! function as an EC, a Sub-contractor, a Partner and Admin (national):
//! "repeat" views of unchanged data (served as last counted, RULES §7.1) and
//! "cold" views, each right after a change (an audit row written outside the
//! timed part), which miss every remembered answer — the dashboard's and the
//! shared Partner and national comparisons — and count afresh.
//!
//!   cargo run --release -p server --example dashboard_bench [-- --scale 625 --requests 200]
//!
//! DATABASE_URL picks the database; when it names an existing SQLite file
//! already seeded, seeding is skipped (the file is kept for the next run).
#[path = "common/args.rs"]
mod args;
#[path = "common/http.rs"]
mod bench_http;
use app::ssr::config::AuthConfig;
use app::ssr::db::Db;
use app::ssr::passwords::Passwords;
use app::ssr::state::AppState;
use app::ssr::throttle::SignInLimits;
use args::arg;
use bench_http::{percentile, post, sign_in, PASSWORD};
use std::sync::Arc;
use std::time::Instant;

/// Writes an audit row, as any change does: the next view counts afresh.
async fn change(db: &Db) {
    let mut tx = db.begin_write().await.expect("begin");
    sqlx::query(
        "INSERT INTO audit_log (at, record_kind, record_id, action) VALUES (0, 'bench', 0, 'bench')",
    )
    .execute(&mut *tx)
    .await
    .expect("audit row");
    tx.commit().await.expect("commit");
}

async fn measure(
    db: &Db,
    router: &axum::Router,
    (who, cookie): (&str, &str),
    query: &str,
    n: u32,
    changed: bool,
) {
    let body = format!("query={}", app::url_query::encode_value(query));
    let (status, _, len) = post(router, "/api/dashboard", body.clone(), Some(cookie)).await;
    assert_eq!(status, 200, "dashboard as {who}");
    let mut times = Vec::with_capacity(n as usize);
    for _ in 0..n {
        if changed {
            change(db).await;
        }
        let t = Instant::now();
        post(router, "/api/dashboard", body.clone(), Some(cookie)).await;
        times.push(t.elapsed());
    }
    times.sort();
    let kind = if changed { "cold" } else { "repeat" };
    println!(
        "  {who:<11} {kind:<7} {query:<34} p50 {:>7.2} ms  p99 {:>7.2} ms  ({len} bytes)",
        percentile(&times, 0.5),
        percentile(&times, 0.99),
    );
}

#[tokio::main]
async fn main() {
    let scale = arg("--scale", 625);
    let requests = arg("--requests", 200);
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| {
        let dir = std::env::temp_dir().join("caseboard-dashboard-bench");
        std::fs::create_dir_all(&dir).unwrap();
        format!("sqlite://{}/bench-{scale}.db", dir.display())
    });
    let db = Db::connect(&url).await.expect("connect");
    db.migrate().await.expect("migrate");
    let seeded: i64 = sqlx::query_scalar("SELECT COUNT(*) AS n FROM institutions")
        .fetch_one(&db.read)
        .await
        .unwrap();
    if seeded == 0 {
        let t = Instant::now();
        server::seed::seed_demo(&db, &Passwords::default(), scale, PASSWORD.into())
            .await
            .expect("seed");
        println!("seeded scale {scale} in {:.1} s", t.elapsed().as_secs_f64());
    }
    let mut sizes = vec![];
    for c in [
        "institutions",
        "eas",
        "compass_reports",
        "latest_evaluations",
    ] {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) AS n FROM {c}"))
            .fetch_one(&db.read)
            .await
            .unwrap();
        sizes.push(format!("{n} {c}"));
    }
    println!(
        "Caseboard dashboard benchmark — {url}: {}",
        sizes.join(", ")
    );
    let state = AppState {
        db: db.clone(),
        auth: Arc::new(AuthConfig::default()),
        sign_in_limits: Arc::new(SignInLimits::new(&AuthConfig::default())),
        passwords: Passwords::default(),
        leptos_options: leptos::config::LeptosOptions::builder()
            .output_name("caseboard")
            .build(),
    };
    let router = server::router::build(state);
    println!("dashboard server function, {requests} sequential requests each (in-process HTTP):");
    for (who, query) in [
        ("ec", ""),
        ("ec", "phase=Secondary"),
        ("ec", "period=year"),
        ("sc", ""),
        ("partner", ""),
        ("partner", "phase=Secondary"),
        ("partner", "period=term"),
        ("admin", ""),
        ("admin", "phase=Secondary&evaluation=school"),
        ("admin", "period=12m"),
        ("cec-staff", ""),
        ("network-ops", ""),
    ] {
        let cookie = sign_in(&router, who).await;
        measure(&db, &router, (who, &cookie), query, requests, false).await;
        measure(&db, &router, (who, &cookie), query, requests / 4, true).await;
    }
    db.close().await;
}
