//! Test harness: a fresh database per test (SQLite file or PostgreSQL
//! database), the real router, and a tiny HTTP client over `oneshot`.
use app::ssr::config::AuthConfig;
use app::ssr::db::Db;
use app::ssr::passwords::Passwords;
use app::ssr::state::AppState;
use app::ssr::throttle::SignInLimits;
use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery staple";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs a test body once per backend: `both!(name, |t| async move { ... })`.
#[macro_export]
macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(t) =
                    $crate::support::TestDb::new($crate::support::Backend::Sqlite).await
                {
                    ($body)(t).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(t) =
                    $crate::support::TestDb::new($crate::support::Backend::Postgres).await
                {
                    ($body)(t).await;
                }
            }
        }
    };
}

/// A migrated, demo-seeded database that only this test uses.
pub struct TestDb {
    pub url: String,
    pub db: Db,
    _dir: Option<TempDir>,
    pg_name: Option<String>,
}

impl Drop for TestDb {
    /// PostgreSQL test databases are dropped when the test ends, pass or fail.
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else {
            return;
        };
        let db = self.db.clone();
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                db.close().await;
                if let Ok(pool) = sqlx::AnyPool::connect(&pg_admin_url()).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&pool)
                        .await;
                    pool.close().await;
                }
            });
        })
        .join();
    }
}

fn pg_admin_url() -> String {
    std::env::var("CASEBOARD_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        nanos % 1_000_000_000,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

pub struct TempDir(pub std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One shared hash of PASSWORD per test process: argon2 is slow by design.
async fn seed(db: &Db) {
    server::seed::seed_demo(db, &Passwords::default(), 1, PASSWORD.to_string())
        .await
        .expect("seed demo");
}

impl TestDb {
    /// None only when PostgreSQL is absent and not required.
    pub async fn new(backend: Backend) -> Option<TestDb> {
        let (url, dir, pg_name) = match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(unique("caseboard_test"));
                std::fs::create_dir_all(&dir).unwrap();
                (
                    format!("sqlite://{}/test.db", dir.display()),
                    Some(TempDir(dir)),
                    None,
                )
            }
            Backend::Postgres => {
                let (url, name) = create_pg_database().await?;
                (url, None, Some(name))
            }
        };
        let db = Db::connect(&url).await.expect("connect");
        db.migrate().await.expect("migrate");
        seed(&db).await;
        Some(TestDb {
            url,
            db,
            _dir: dir,
            pg_name,
        })
    }

    pub fn app(&self) -> TestApp {
        self.app_with(AuthConfig::default())
    }

    pub fn app_with(&self, auth: AuthConfig) -> TestApp {
        let state = AppState {
            db: self.db.clone(),
            sign_in_limits: Arc::new(SignInLimits::new(&auth)),
            auth: Arc::new(auth),
            passwords: Passwords::default(),
            leptos_options: leptos::config::LeptosOptions::builder()
                .output_name("caseboard")
                .build(),
        };
        TestApp {
            router: server::router::build(state),
        }
    }

    /// A second, independent app instance on the same database (new pools).
    pub async fn second_instance(&self) -> TestApp {
        let db = Db::connect(&self.url)
            .await
            .expect("connect second instance");
        let state = AppState {
            db,
            auth: Arc::new(AuthConfig::default()),
            sign_in_limits: Arc::new(SignInLimits::new(&AuthConfig::default())),
            passwords: Passwords::default(),
            leptos_options: leptos::config::LeptosOptions::builder()
                .output_name("caseboard")
                .build(),
        };
        TestApp {
            router: server::router::build(state),
        }
    }

    pub async fn exec(&self, sql: &str) {
        sqlx::query(sql).execute(&self.db.read).await.expect(sql);
    }
}

async fn create_pg_database() -> Option<(String, String)> {
    let admin = pg_admin_url();
    let required = std::env::var("CASEBOARD_REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
    sqlx::any::install_default_drivers();
    let conn = sqlx::AnyPool::connect(&admin).await;
    let pool = match conn {
        Ok(p) => p,
        Err(e) if !required => {
            eprintln!("PostgreSQL not reachable at {admin} ({e}); skipping (set CASEBOARD_REQUIRE_POSTGRES=1 to fail instead)");
            return None;
        }
        Err(e) => panic!("PostgreSQL required but not reachable at {admin}: {e}"),
    };
    let name = unique("caseboard_test");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await
        .expect("create database");
    pool.close().await;
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
    Some((format!("{base}/{name}"), name))
}

pub struct TestApp {
    pub router: Router,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }
    /// The `name=value` of the session cookie this reply sets, if any.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("caseboard_session=") && !c.contains("Max-Age=0"))
            .map(|c| c.split(';').next().unwrap().to_string())
    }
}

impl TestApp {
    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router answers");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// POSTs a form to a server function, as a script would (no Origin).
    pub async fn post(&self, path: &str, form: &[(&str, &str)], cookie: Option<&str>) -> Reply {
        self.post_with(path, form, cookie, &[]).await
    }

    pub async fn post_with(
        &self,
        path: &str,
        form: &[(&str, &str)],
        cookie: Option<&str>,
        extra: &[(&str, &str)],
    ) -> Reply {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::HOST, "localhost")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut req = Request::builder()
            .uri(path)
            .header(header::HOST, "localhost")
            .header(header::ACCEPT, "text/html");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// Signs in and returns the session cookie; panics when refused.
    pub async fn sign_in(&self, login: &str) -> String {
        let r = self.try_sign_in(login, PASSWORD).await;
        r.session_cookie()
            .unwrap_or_else(|| panic!("sign-in as {login} refused: {} {}", r.status, r.body))
    }

    pub async fn try_sign_in(&self, login: &str, password: &str) -> Reply {
        self.post(
            "/api/session/sign-in",
            &[("email", &email(login)), ("password", password)],
            None,
        )
        .await
    }

    /// The principal `/api/session/me` returns for a cookie (JSON null when none).
    pub async fn me(&self, cookie: &str) -> serde_json::Value {
        let r = self.post("/api/session/me", &[], Some(cookie)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()
    }
}

pub fn email(login: &str) -> String {
    if login.contains('@') {
        login.to_string()
    } else {
        format!("{login}@demo.caseboard.test")
    }
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
