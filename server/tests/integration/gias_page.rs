//! Admin's register import in the browser (docs/RULES.md §2.1): the upload
//! through the router (multipart), a run whose figures match the command's
//! importer, its rejects as CSV, the refusals from `decide`, the cross-site
//! check, and a run cut off by a restart shown as interrupted.
use crate::both;
use crate::gias_file::{csv_text, establishments, windows_1252, Establishment, TempFile};
use crate::support::{TestApp, TestDb};
use app::auth::permissions::{decide_network, Action, Decision, NetworkTarget, RecordKind};
use app::auth::roles::Principal;
use app::ssr::gias::{RegisterFile, BATCH_SIZE};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::Value;
use std::ops::ControlFlow;

const GOOD: u64 = 1_200;

/// The register's bytes: `GOOD` establishments, two bad rows among them.
/// Returns the bytes and the lines of the bad rows.
fn register() -> (Vec<u8>, Vec<u64>) {
    let mut rows = establishments(800_000, GOOD);
    let mut bad: Establishment = rows[1].clone();
    bad.urn = "12A".into();
    rows.insert(7, bad.clone());
    bad.urn = "899999".into();
    bad.status = "Shut for good".into();
    rows.insert(600, bad);
    let (text, lines) = csv_text(&rows, None);
    (windows_1252(&text), vec![lines[7], lines[600]])
}

const BOUNDARY: &str = "caseboard-test-boundary-7MA4YWxkTrZu0gW";

fn multipart(file_name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(
    app: &TestApp,
    cookie: Option<&str>,
    bytes: &[u8],
    extra: &[(&str, &str)],
) -> crate::support::Reply {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri("/api/gias/upload")
        .header(header::HOST, "localhost")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    let body = multipart("edubasealldata20260301.csv", bytes);
    app.send(req.body(Body::from(body)).unwrap()).await
}

/// The run the upload's redirect names.
fn run_id(reply: &crate::support::Reply) -> i64 {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let location = reply.headers[header::LOCATION].to_str().unwrap();
    location
        .strip_prefix("/admin/gias/runs/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("redirect to a run page, got {location}"))
}

/// The run once it has stopped running (the import is a background task).
async fn finished_run(app: &TestApp, cookie: &str, id: i64) -> Value {
    for _ in 0..1_200 {
        let r = app
            .post("/api/gias/run", &[("id", &id.to_string())], Some(cookie))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let run = r.json();
        if run["status"] != "running" {
            return run;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import run {id} never stopped running");
}

fn figures(run: &Value) -> [i64; 7] {
    [
        "rows_done",
        "added",
        "updated",
        "unchanged",
        "closed",
        "rejected",
        "rows_in_file",
    ]
    .map(|k| run[k].as_i64().unwrap_or(-1))
}

both!(
    gias_upload_by_admin_imports_like_the_command,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("admin").await;
        let (bytes, bad_lines) = register();
        let first = run_id(&upload(&app, Some(&admin), &bytes, &[]).await);
        let run = finished_run(&app, &admin, first).await;
        assert_eq!(run["status"], "finished", "{run}");
        assert_eq!(run["file_name"], "edubasealldata20260301.csv");
        let closed = (0..GOOD).filter(|i| i % 7 == 3).count() as i64;
        let rows = GOOD as i64 + 2;
        let [done, added, updated, unchanged, closed_now, rejected, in_file] = figures(&run);
        assert_eq!(
            (done, added, updated, unchanged, closed_now, rejected, in_file),
            (rows, GOOD as i64, 0, 0, closed, 2, rows),
            "{run}"
        );

        // Again: nothing changes, as with the command.
        let again = run_id(&upload(&app, Some(&admin), &bytes, &[]).await);
        let run = finished_run(&app, &admin, again).await;
        // The command's importer on the same file and database agrees.
        let file = TempFile::new(&bytes);
        let command = RegisterFile::open(&file.0)
            .await
            .unwrap()
            .import(&t.db, None, BATCH_SIZE, |_| ControlFlow::Continue(()))
            .await
            .unwrap();
        assert_eq!(
            figures(&run),
            [
                command.rows_read,
                command.added,
                command.updated,
                command.unchanged,
                command.closed,
                command.rejected,
                command.rows_in_file
            ]
            .map(|n| n as i64),
            "{run}"
        );
        assert_eq!((command.added, command.updated), (0, 0));

        // The rejects, as CSV: line, URN, reason.
        let csv = app
            .get(&format!("/api/gias/runs/{first}/rejects.csv"), Some(&admin))
            .await;
        assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
        assert!(csv.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        let lines: Vec<&str> = csv.body.lines().collect();
        assert_eq!(lines[0], "Line,URN,Reason");
        assert_eq!(lines.len(), 3, "{}", csv.body);
        assert!(
            lines[1].starts_with(&format!("{},12A,", bad_lines[0])),
            "{}",
            lines[1]
        );
        assert!(
            lines[1].contains("not a positive whole number"),
            "{}",
            lines[1]
        );
        assert!(
            lines[2].starts_with(&format!("{},899999,", bad_lines[1])),
            "{}",
            lines[2]
        );
        assert!(lines[2].contains("Shut for good"), "{}", lines[2]);

        // The latest runs, newest first; and the run pages render.
        let list = app.post("/api/gias/runs", &[], Some(&admin)).await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        let ids: Vec<i64> = list
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids[..2], [again, first]);
        let page = app.get("/admin/gias", Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Import the GIAS register"));
        assert!(page.body.contains("enctype=\"multipart/form-data\""));
        let page = app
            .get(&format!("/admin/gias/runs/{first}"), Some(&admin))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains(&format!("{rows} of {rows} rows (100%)")),
            "{}",
            page.body
        );
        assert!(page.body.contains("rejects.csv"));
        assert!(
            !page.body.contains("http-equiv"),
            "a finished run does not refresh"
        );
    }
);

both!(
    gias_upload_is_refused_to_every_other_role_with_the_reason,
    |t: TestDb| async move {
        let app = t.app();
        let (bytes, _) = register();
        let none = upload(&app, None, &bytes, &[]).await;
        assert_eq!(none.status, StatusCode::UNAUTHORIZED, "{}", none.body);
        for login in ["ec", "partner", "sc", "cec-staff", "network-ops"] {
            let cookie = app.sign_in(login).await;
            let who: Principal = serde_json::from_value(app.me(&cookie).await).unwrap();
            let target = NetworkTarget::Kind(RecordKind::Institution);
            let Decision::Denied(reason) = decide_network(&who, Action::Import, &target) else {
                panic!("{login} may not import");
            };
            let r = upload(&app, Some(&cookie), &bytes, &[]).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{login}: {}", r.body);
            assert!(r.body.contains(&reason.to_string()), "{login}: {}", r.body);
            for (path, form) in [
                ("/api/gias/runs", vec![]),
                ("/api/gias/run", vec![("id", "1")]),
            ] {
                let r = app.post(path, &form, Some(&cookie)).await;
                assert_eq!(
                    r.status,
                    StatusCode::FORBIDDEN,
                    "{login} {path}: {}",
                    r.body
                );
            }
            let csv = app.get("/api/gias/runs/1/rejects.csv", Some(&cookie)).await;
            assert_eq!(csv.status, StatusCode::FORBIDDEN, "{login}");
            let page = app.get("/admin/gias", Some(&cookie)).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{login}");
        }
        let runs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM gias_import_runs")
            .fetch_one(&t.db.read)
            .await
            .unwrap();
        assert_eq!(runs, 0, "nothing was started");
    }
);

both!(
    gias_upload_from_another_site_is_refused,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("admin").await;
        let (bytes, _) = register();
        let foreign = upload(
            &app,
            Some(&admin),
            &bytes,
            &[("origin", "https://evil.example")],
        )
        .await;
        assert_eq!(foreign.status, StatusCode::FORBIDDEN, "{}", foreign.body);
        let referer = upload(
            &app,
            Some(&admin),
            &bytes,
            &[("referer", "https://evil.example/page")],
        )
        .await;
        assert_eq!(referer.status, StatusCode::FORBIDDEN, "{}", referer.body);
        let empty = upload(&app, Some(&admin), b"", &[]).await;
        assert_eq!(
            empty.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            empty.body
        );
        let runs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM gias_import_runs")
            .fetch_one(&t.db.read)
            .await
            .unwrap();
        assert_eq!(runs, 0);
    }
);

both!(
    gias_run_cut_off_by_a_restart_shows_as_interrupted,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("admin").await;
        let admin_id: i64 =
            sqlx::query_scalar("SELECT id FROM users WHERE email = 'admin@demo.caseboard.test'")
                .fetch_one(&t.db.read)
                .await
                .unwrap();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO gias_import_runs (started_by, started_at, file_name, rows_in_file, rows_done) \
             VALUES ($1, 1, 'big.csv', 52000, 1500) RETURNING id",
        )
        .bind(admin_id)
        .fetch_one(&t.db.read)
        .await
        .unwrap();
        // While it "runs", a second upload is refused.
        let (bytes, _) = register();
        let busy = upload(&app, Some(&admin), &bytes, &[]).await;
        assert_eq!(busy.status, StatusCode::CONFLICT, "{}", busy.body);
        let page = app
            .get(&format!("/admin/gias/runs/{id}"), Some(&admin))
            .await;
        assert!(
            page.body.contains("http-equiv=\"refresh\""),
            "a running run refreshes itself"
        );
        assert!(
            page.body.contains("1500 of 52000 rows (2%)"),
            "{}",
            page.body
        );

        assert_eq!(
            app::ssr::gias_runs::mark_interrupted(&t.db).await.unwrap(),
            1
        );
        let run = finished_run(&app, &admin, id).await;
        assert_eq!(run["status"], "interrupted");
        assert!(run["message"]
            .as_str()
            .unwrap()
            .contains("Upload the same file again"));
        // Uploading again finishes the job.
        let again = run_id(&upload(&app, Some(&admin), &bytes, &[]).await);
        assert_eq!(
            finished_run(&app, &admin, again).await["status"],
            "finished"
        );
    }
);
