//! Two server processes over one PostgreSQL database, as several instances
//! run behind a load balancer (README, "Running several instances"): all
//! state lives in the database, so a session, a sign-out, a deactivation, a
//! role change and a record's version seen on one are seen on the other at
//! once. Slow (two binaries), so ignored by default; run it with
//!
//!   cargo test -p server --test integration two_instances -- --ignored
use crate::org_support::{int, unit, version_of};
use crate::process::{body, form, free_addr, Server};
use crate::support::{email, Backend, TestDb, PASSWORD};
use serde_json::Value;

fn me(server: &Server, cookie: &str) -> Value {
    let (status, text) = server.post("/api/session/me", "", Some(cookie));
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&body(&text)).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn post_ok(server: &Server, path: &str, body_text: &str, cookie: &str) -> Value {
    let (status, text) = server.post(path, body_text, Some(cookie));
    assert_eq!(status, 200, "{path}: {text}");
    serde_json::from_str(&body(&text)).unwrap_or(Value::Null)
}

#[test]
#[ignore = "slow: starts two server processes; run with --ignored"]
fn two_instances_over_one_postgres_database_act_as_one_service() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // None only when PostgreSQL is absent and not required (CI requires it).
    let Some(t) = rt.block_on(TestDb::new(Backend::Postgres)) else {
        return;
    };
    let env = [("DATABASE_URL", t.url.as_str())];
    let a = Server::start(&["serve"], &env, free_addr());
    let b = Server::start(&["serve"], &env, free_addr());

    // A session signed in on one instance works on the other.
    let ops = a.sign_in(&email("network-ops"), PASSWORD);
    assert_eq!(me(&b, &ops)["network"]["role"], "NetworkOps");

    // A stale edit on one is refused on the other.
    let partner = a.sign_in(&email("partner"), PASSWORD);
    let added = post_ok(
        &a,
        "/api/records/add",
        &format!("kind=Employer&{}=Two+Instances+Ltd", form("values[name]")),
        &partner,
    );
    let id = added["id"].as_i64().expect("new employer id");
    let save = |version: i64, name: &str| {
        format!(
            "kind=Employer&id={id}&version={version}&{}={}",
            form("values[name]"),
            form(name)
        )
    };
    post_ok(&a, "/api/records/save", &save(1, "Renamed On A"), &partner);
    let (status, text) = b.post(
        "/api/records/save",
        &save(1, "Renamed On B"),
        Some(&partner),
    );
    assert_eq!(status, 409, "the stale edit is refused: {text}");

    // A role change made on one is in force on the other at once.
    let admin = a.sign_in(&email("org-admin"), PASSWORD);
    let jon = b.sign_in(&email("general-user"), PASSWORD);
    let before = me(&b, &jon)["org"]["role"].clone();
    let (jon_id, support) = rt.block_on(async {
        let id = int(
            &t,
            &format!(
                "SELECT id FROM users WHERE email = '{}'",
                email("general-user")
            ),
        )
        .await;
        (id, unit(&t, "Projects Support").await)
    });
    let v = rt.block_on(version_of(&t, "users", jon_id));
    post_ok(
        &a,
        "/api/org/users/set-role",
        &format!("id={jon_id}&version={v}&org_role=unit-manager&managed_unit_id={support}"),
        &admin,
    );
    let after = me(&b, &jon)["org"]["role"].clone();
    assert_ne!(before, after, "the other instance sees the new role");
    assert_eq!(after, "UnitManager");

    // Deactivation on one ends the person's session on the other.
    let v = rt.block_on(version_of(&t, "users", jon_id));
    let admin_on_b = b.sign_in(&email("org-admin"), PASSWORD);
    post_ok(
        &b,
        "/api/org/users/deactivate",
        &format!("id={jon_id}&version={v}"),
        &admin_on_b,
    );
    assert!(me(&a, &jon).is_null(), "deactivated on B, refused on A");

    // Signing out on one ends the session on the other.
    post_ok(&b, "/api/session/sign-out", "", &ops);
    assert!(me(&a, &ops).is_null(), "signed out on B, gone on A");
    drop((a, b));
    drop(t);
}
