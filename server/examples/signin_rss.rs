//! Benchmark (not a test): memory of the real server under sign-in load.
//! Starts the `caseboard` binary built next to this example on a fresh SQLite
//! database, creates one account, runs 1,000 sign-ins (every fourth with a
//! wrong password) from 8 concurrent clients, and prints the server's resident
//! memory before and after.
//!
//!   cargo build --release -p server --bin caseboard --example signin_rss
//!   target/release/examples/signin_rss [-- --sign-ins 1000 --clients 8]
//!
//! `CASEBOARD_BIN` names another server binary.
#[path = "common/args.rs"]
mod args;
use args::arg;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PASSWORD: &str = "benchmark password";

fn server_binary() -> PathBuf {
    if let Ok(bin) = std::env::var("CASEBOARD_BIN") {
        return bin.into();
    }
    let exe = std::env::current_exe().expect("current exe");
    exe.parent()
        .and_then(|examples| examples.parent())
        .map(|dir| dir.join("caseboard"))
        .expect("target directory")
}

fn rss_mib(pid: u32, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .unwrap_or(0.0)
        / 1024.0
}

/// One HTTP/1.1 request on a fresh connection; returns the status code.
fn post(addr: SocketAddr, path: &str, body: &str) -> u16 {
    let mut s = TcpStream::connect(addr).expect("connect");
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).expect("write");
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out)
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    let sign_ins = arg("--sign-ins", 1000);
    let clients = arg("--clients", 8);
    let bin = server_binary();
    let dir = std::env::temp_dir().join(format!("caseboard-signin-rss-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let env = |c: &mut Command| {
        c.env("CASEBOARD_DATA_DIR", &dir)
            .env("CASEBOARD_ADDR", addr.to_string())
            .env("CASEBOARD_NEW_USER_PASSWORD", PASSWORD)
            // Rate limits would answer most of this load with 429: lift them.
            .env("CASEBOARD_SIGN_IN_PER_MINUTE", "1000000")
            .env(
                "CASEBOARD_SIGN_IN_FAILURES_PER_ACCOUNT_PER_MINUTE",
                "1000000",
            )
            .env("CASEBOARD_LOCKOUT_THRESHOLD", "1000000")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null());
    };
    let mut create = Command::new(&bin);
    create.args([
        "create-user",
        "--email",
        "bench@example.org",
        "--first-name",
        "Bench",
        "--last-name",
        "Mark",
        "--role",
        "admin",
    ]);
    env(&mut create);
    assert!(create.status().expect("create-user").success());
    let mut serve = Command::new(&bin);
    serve.arg("serve");
    env(&mut serve);
    let server = Server(serve.spawn().expect("start server"));
    let pid = server.0.id();
    let started = Instant::now();
    while TcpStream::connect(addr).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "server never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let before = rss_mib(pid, "VmRSS:");
    println!(
        "Caseboard sign-in memory — {} — {sign_ins} sign-ins, {clients} clients",
        bin.display()
    );
    let next = Arc::new(AtomicU32::new(0));
    let t = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|_| {
            let next = next.clone();
            std::thread::spawn(move || {
                let mut statuses = std::collections::BTreeMap::<u16, u32>::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= sign_ins {
                        return statuses;
                    }
                    let password = if i % 4 == 3 {
                        "wrong password!"
                    } else {
                        PASSWORD
                    };
                    let body = format!(
                        "email=bench%40example.org&password={}",
                        password.replace(' ', "+")
                    );
                    *statuses
                        .entry(post(addr, "/api/session/sign-in", &body))
                        .or_default() += 1;
                }
            })
        })
        .collect();
    let mut statuses = std::collections::BTreeMap::<u16, u32>::new();
    for w in workers {
        for (k, v) in w.join().unwrap() {
            *statuses.entry(k).or_default() += v;
        }
    }
    let wall = t.elapsed();
    std::thread::sleep(Duration::from_secs(1));
    println!(
        "{sign_ins} sign-ins in {:.1} s ({:.1}/s); statuses {statuses:?}",
        wall.as_secs_f64(),
        f64::from(sign_ins) / wall.as_secs_f64()
    );
    println!(
        "server RSS: {before:.0} MiB before, {:.0} MiB after (peak {:.0} MiB)",
        rss_mib(pid, "VmRSS:"),
        rss_mib(pid, "VmHWM:")
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
