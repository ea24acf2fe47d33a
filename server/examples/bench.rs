//! Benchmark (not a test): seeds the large demo scale and prints latency of a
//! scoped, filtered, searched, sorted list page (as an EC and as Admin) and the
//! time and peak memory of a 100,000-row CSV download.
//!
//!   cargo run --release -p server --example bench [-- --scale 625 --requests 500]
//!
//! DATABASE_URL picks the backend (default: a fresh SQLite file in a temp dir).
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
use axum::body::Body;
use axum::http::{header, Request};
use bench_http::{percentile, post, sign_in, PASSWORD};
use http_body_util::BodyExt;
use std::sync::Arc;
use std::time::Instant;
use tower::ServiceExt;

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse()
                    .unwrap_or(0)
            })
        })
        .unwrap_or(0)
}

async fn measure(router: &axum::Router, cookie: &str, kind: &str, query: &str, n: u32) {
    let body = format!("kind={kind}&query={}", app::records::query::encode(query));
    let (status, _, len) = post(router, "/api/records/list", body.clone(), Some(cookie)).await;
    assert_eq!(status, 200, "list {kind} {query}");
    let mut times = Vec::with_capacity(n as usize);
    let started = Instant::now();
    for _ in 0..n {
        let t = Instant::now();
        post(router, "/api/records/list", body.clone(), Some(cookie)).await;
        times.push(t.elapsed());
    }
    let wall = started.elapsed();
    times.sort();
    println!(
        "  {kind:<12} {query:<55} p50 {:>6.2} ms  p99 {:>6.2} ms  {:>6.0} req/s  ({} bytes)",
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        f64::from(n) / wall.as_secs_f64(),
        len
    );
}

/// The picker search (`search_choices`, docs/RULES.md §2.4) as one role.
async fn measure_picker(
    router: &axum::Router,
    cookie: &str,
    who: &str,
    kind: &str,
    purpose: &str,
    text: &str,
    n: u32,
) {
    let body = format!("kind={kind}&purpose={purpose}&text={text}");
    let (status, _, len) = post(router, "/api/pickers/search", body.clone(), Some(cookie)).await;
    assert_eq!(status, 200, "picker {kind} {purpose} {text}");
    let mut times = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let t = Instant::now();
        post(router, "/api/pickers/search", body.clone(), Some(cookie)).await;
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "  {who:<8} {kind:<15} {purpose:<20} {text:<8} p50 {:>6.2} ms  p99 {:>6.2} ms  ({} bytes)",
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        len
    );
}

/// Seeds, then measures in a fresh child process so its peak memory is the
/// server's own, not the seeder's.
#[tokio::main]
async fn main() {
    if let Ok(url) = std::env::var("BENCH_MEASURE_DB") {
        return measure_all(&url, arg("--requests", 500)).await;
    }
    let scale = arg("--scale", 625);
    let dir = std::env::temp_dir().join(format!("caseboard-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}/bench.db", dir.display()));
    println!("Caseboard benchmark — {url}, scale {scale}");
    let db = Db::connect(&url).await.expect("connect");
    db.migrate().await.expect("migrate");
    let t = Instant::now();
    server::seed::seed_demo(&db, &Passwords::default(), scale, PASSWORD.into())
        .await
        .expect("seed");
    let counts = ["institutions", "employers", "eas", "compass_reports"];
    let mut sizes = vec![];
    for c in counts {
        let n: i64 = sqlx::Row::get(
            &sqlx::query(&format!("SELECT COUNT(*) AS n FROM {c}"))
                .fetch_one(&db.read)
                .await
                .unwrap(),
            "n",
        );
        sizes.push(format!("{n} {c}"));
    }
    println!(
        "seeded in {:.1} s: {}",
        t.elapsed().as_secs_f64(),
        sizes.join(", ")
    );
    db.close().await;
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(std::env::args().skip(1))
        .env("BENCH_MEASURE_DB", &url)
        .status()
        .expect("measuring child");
    assert!(status.success());
    let _ = std::fs::remove_dir_all(&dir);
}

async fn measure_all(url: &str, requests: u32) {
    let db = Db::connect(url).await.expect("connect");
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
    let t = Instant::now();
    let ec = sign_in(&router, "ec").await;
    println!(
        "one sign-in (argon2id 19 MiB, t=2, p=1, plus session insert): {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let admin = sign_in(&router, "admin").await;
    println!(
        "list server function, {requests} sequential requests each (light load, in-process HTTP):"
    );
    let query = "q=a&f_sector=Engineering&sort=last_name&dir=desc";
    measure(&router, &ec, "Ea", "q=a&sort=last_name&dir=desc", requests).await;
    measure(&router, &admin, "Ea", query, requests).await;
    measure(
        &router,
        &admin,
        "Ea",
        "q=ada&sort=signed_up_on&page=3",
        requests,
    )
    .await;
    measure(
        &router,
        &admin,
        "Institution",
        "q=leeds&f_phase=Secondary&sort=name",
        requests,
    )
    .await;
    println!("national substring search (Admin, no filter; trigram index, docs/RULES.md §3.1):");
    for (kind, query) in [
        ("Ea", "q=smith"),
        ("Ea", "q=ada"),
        ("Institution", "q=academy"),
        ("Employer", "q=tech"),
        ("CompassReport", "q=leeds"),
    ] {
        measure(&router, &admin, kind, query, requests).await;
    }
    let partner = sign_in(&router, "partner").await;
    println!("picker search, {requests} sequential requests each:");
    for (cookie, who, kind, purpose, text) in [
        (&ec, "ec", "Institution", "Match", "leeds"),
        (&ec, "ec", "Institution", "Match", "zzz"),
        (&partner, "partner", "Institution", "Match", "leeds"),
        (&partner, "partner", "Ea", "Match", "ada"),
        (&partner, "partner", "Ec", "AssignEc", "a"),
        (
            &partner,
            "partner",
            "SubContractor",
            "AssignSubcontractor",
            "trust",
        ),
        (&partner, "partner", "Employer", "Employer", "tech"),
        (&partner, "partner", "Employer", "Employer", "zzz"),
    ] {
        measure_picker(&router, cookie, who, kind, purpose, text, requests).await;
    }
    if std::env::var("BENCH_PICKERS_ONLY").is_ok() {
        return db.close().await;
    }
    let before = peak_rss_kib();
    let t = Instant::now();
    let req = Request::get("/api/records/compass-reports/download?format=csv")
        .header(header::COOKIE, &admin)
        .header(header::HOST, "localhost");
    let res = router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let mut body = res.into_body();
    let (mut bytes, mut lines) = (0usize, 0usize);
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.unwrap().into_data() {
            bytes += data.len();
            lines += data.iter().filter(|b| **b == b'\n').count();
        }
    }
    println!(
        "CSV download of compass reports as Admin: {} rows, {:.1} MB in {:.2} s; peak RSS {} MiB before, {} MiB after",
        lines.saturating_sub(1),
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64(),
        before / 1024,
        peak_rss_kib() / 1024
    );
    db.close().await;
}
