//! The real server binary over real sockets, for the tests that need whole
//! processes (kill -9, several instances): start, wait until healthy, talk
//! HTTP/1.1 on a fresh connection per request, stop on drop.
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Server {
    pub addr: SocketAddr,
    child: Child,
}

/// A free local port (bound and released; good enough for one test process).
pub fn free_addr() -> SocketAddr {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("127.0.0.1:{port}").parse().unwrap()
}

impl Server {
    /// `caseboard <args>` with `env`, once `/healthz` answers 200.
    pub fn start(args: &[&str], env: &[(&str, &str)], addr: SocketAddr) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_caseboard"));
        cmd.args(args)
            .env("CASEBOARD_ADDR", addr.to_string())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("start the server");
        let server = Server { addr, child };
        let started = Instant::now();
        while request(addr, "GET", "/healthz", "", None).0 != 200 {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "server never became healthy"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    /// SIGKILL, as a crash would: nothing is flushed or closed.
    pub fn kill(&mut self) {
        self.child.kill().expect("kill -9");
        self.child.wait().unwrap();
    }

    pub fn post(&self, path: &str, body: &str, cookie: Option<&str>) -> (u16, String) {
        request(self.addr, "POST", path, body, cookie)
    }

    /// Signs in and returns the `Cookie` header value of the new session.
    pub fn sign_in(&self, email: &str, password: &str) -> String {
        let body = format!("email={}&password={}", form(email), form(password));
        let (_, text) = self.post("/api/session/sign-in", &body, None);
        text.lines()
            .find_map(|l| l.strip_prefix("set-cookie: caseboard_session="))
            .map(|v| {
                format!(
                    "caseboard_session={}",
                    v.split(';').next().unwrap_or_default()
                )
            })
            .unwrap_or_else(|| panic!("sign-in refused: {text}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Form-encodes the few characters test values use.
pub fn form(v: &str) -> String {
    v.replace('%', "%25")
        .replace(' ', "+")
        .replace('@', "%40")
        .replace('&', "%26")
        .replace('[', "%5B")
        .replace(']', "%5D")
}

/// The body of a reply: what follows the headers, de-chunked when the
/// server streamed it.
pub fn body(text: &str) -> String {
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((text, ""));
    if !head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return rest.to_string();
    }
    let (mut out, mut rest) = (String::new(), rest);
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || after.len() < size {
            break;
        }
        out.push_str(&after[..size]);
        rest = after[size..].trim_start_matches("\r\n");
    }
    out
}

/// One request on a fresh connection: (status, headers and body as text).
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: &str,
    cookie: Option<&str>,
) -> (u16, String) {
    let Ok(mut s) = TcpStream::connect(addr) else {
        return (0, String::new());
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(30)));
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Accept: application/json\r\n{cookie}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    if s.write_all(req.as_bytes()).is_err() {
        return (0, String::new());
    }
    let mut out = Vec::new();
    if s.read_to_end(&mut out).is_err() {
        return (0, String::new());
    }
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}
