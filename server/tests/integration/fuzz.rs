//! Property-based fuzzing of every server function's argument decoding
//! (issue 14, item 8): random and adversarial form bodies, as signed-in
//! users, never answer 5xx and never panic. Bounded so it runs in seconds.
use crate::both;
use crate::support::{TestApp, TestDb};
use axum::body::Body;
use axum::http::{header, Request};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Every registered server function except the two that end or replace the
/// session (they would sign the fuzzer out; tests/sign_in*.rs cover them).
fn endpoints() -> Vec<String> {
    let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .filter(|p| !p.ends_with("/session/sign-out") && !p.ends_with("/session/sign-in"))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// Argument names the functions take (docs/API.md), and some they do not.
const KEYS: &[&str] = &[
    "kind",
    "id",
    "version",
    "query",
    "values[name]",
    "values[email]",
    "values[phone]",
    "values[title]",
    "values[sector]",
    "values[signed_up_on]",
    "values[cornerstone]",
    "values[score_1]",
    "values[]",
    "values",
    "values[a][b]",
    "grant_id",
    "email",
    "password",
    "token",
    "ec_id",
    "subcontractor_id",
    "partner_id",
    "unit_id",
    "parent_id",
    "name",
    "level",
    "staff_id",
    "first_name",
    "last_name",
    "job_title",
    "role",
    "org_role",
    "user_id",
    "assessment_id",
    "period",
    "status",
    "rating_1",
    "rating_2",
    "comment",
    "director_id",
    "lockout_threshold",
    "password_min_len",
    "q",
    "page",
    "sort",
    "dir",
    "format",
    "",
    "[",
    "]",
    "%",
    "id[]",
];

/// Values that have broken parsers elsewhere.
const NASTY: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "1",
    "2",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "1e309",
    "NaN",
    "inf",
    "1.5",
    "0x10",
    "true",
    "null",
    "[]",
    "{}",
    "Ea",
    "ea",
    "Employer",
    "PartnerUser",
    "Assessment",
    "NotAKind",
    "%",
    "%ZZ",
    "%00",
    "\0",
    "'; DROP TABLE users; --",
    "\" OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "2024-02-30",
    "9999-99-99",
    "q=%&sort=;&dir=up&page=-5&per=1000000",
    "f_sector=%25&f_status=x&sort=name&dir=desc&page=99999999999999999999",
    "ünïcödé 名前 😀",
    "\u{202e}evil",
    "a\r\nSet-Cookie: x=y",
    "general-user",
    "org-admin",
];

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(NASTY).prop_map(str::to_string),
        2 => "\\PC{0,40}",
        1 => "[0-9-]{1,25}",
        // Long inputs: search text is cut in the one search-pattern function
        // and echoed values in errors are clipped, so these must not 500 either.
        1 => "[a-z%_]{1000,60000}",
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => prop::sample::select(KEYS).prop_map(str::to_string),
        1 => "\\PC{0,12}",
    ]
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A form body: encoded pairs, or now and then raw bytes.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => prop::collection::vec((key(), value()), 0..8).prop_map(|pairs| {
            pairs
                .iter()
                .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
                .collect::<Vec<_>>()
                .join("&")
                .into_bytes()
        }),
        1 => prop::collection::vec(any::<u8>(), 0..200),
        1 => "[&=%a-z0-9\\[\\]]{0,200}".prop_map(String::into_bytes),
    ]
}

async fn post(app: &TestApp, path: &str, body: Vec<u8>, cookie: &str) -> (u16, String) {
    let req = Request::post(path)
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    let r = app.send(req).await;
    (r.status.as_u16(), r.body)
}

both!(
    no_server_function_answers_5xx_to_any_body,
    |t: TestDb| async move {
        let app = t.app();
        let paths = endpoints();
        assert!(paths.len() >= 40, "server functions found: {paths:?}");
        let cookies = [
            app.sign_in("admin").await,
            app.sign_in("ec").await,
            app.sign_in("org-admin").await,
            app.sign_in("general-user").await,
        ];
        let handle = tokio::runtime::Handle::current();
        // Every function, every role, the bare and the nastiest bodies.
        for path in &paths {
            for cookie in &cookies {
                for body in [
                    "".to_string(),
                    "kind=Ea&id=-1&version=-1".into(),
                    "%".into(),
                    "values[=1&values]=2".into(),
                ] {
                    let (status, text) = post(&app, path, body.clone().into_bytes(), cookie).await;
                    assert!(status < 500, "{path} {body:?}: {status} {text}");
                }
            }
        }
        // Then random bodies to random functions.
        let mut runner = TestRunner::new(Config {
            cases: 400,
            failure_persistence: None,
            ..Config::default()
        });
        let strategy = (0..paths.len(), 0..cookies.len(), body());
        let outcome = runner.run(&strategy, |(p, c, body)| {
            let path = &paths[p];
            let shown = String::from_utf8_lossy(&body)
                .chars()
                .take(200)
                .collect::<String>();
            let (status, text) = tokio::task::block_in_place(|| {
                handle.block_on(post(&app, path, body, &cookies[c]))
            });
            if status >= 500 {
                return Err(TestCaseError::fail(format!(
                    "{path} {shown:?}: {status} {}",
                    text.chars().take(300).collect::<String>()
                )));
            }
            Ok(())
        });
        if let Err(e) = outcome {
            panic!("{e}");
        }
    }
);
