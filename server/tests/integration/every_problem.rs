//! docs/RULES.md §5.3: one refusal names every field in error (adding,
//! editing, the list's filters), and an add posted without JavaScript hands
//! its invitation link to the add page in a one-time cookie, never a URL.
use crate::both;
use crate::casework_rules::{int, text};
use crate::support::{TestApp, TestDb};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};

/// The (field, message) pairs a 422's JSON names, the first first.
fn fields(body: &serde_json::Value) -> Vec<String> {
    let inv = &body["Invalid"];
    let mut out = vec![inv["field"].as_str().unwrap_or_default().to_string()];
    for pair in inv["more"].as_array().cloned().unwrap_or_default() {
        out.push(pair[0].as_str().unwrap_or_default().to_string());
    }
    out
}

both!(
    adding_and_editing_name_every_bad_field_at_once,
    |t: TestDb| async move {
        let app = t.app();
        let ec = app.sign_in("ec").await;
        let add = app
            .post(
                "/api/records/add",
                &[
                    ("kind", "Ea"),
                    ("values[email]", "nope"),
                    ("values[dbs_check_on]", "2024-13-01"),
                ],
                Some(&ec),
            )
            .await;
        assert_eq!(add.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", add.body);
        assert_eq!(
            fields(&add.json()),
            ["first_name", "last_name", "email", "dbs_check_on"]
        );

        // EA 25 is in the demo EC's caseload.
        let view = app.get("/areas/eas/25", Some(&ec)).await;
        assert_eq!(view.status, StatusCode::OK);
        let version = int(&t, "SELECT version FROM eas WHERE id = 25").await;
        let save = app
            .post(
                "/api/records/save",
                &[
                    ("kind", "Ea"),
                    ("id", "25"),
                    ("version", &version.to_string()),
                    ("values[last_name]", " "),
                    ("values[email]", "still not one"),
                    ("values[job_title]", "Changed"),
                ],
                Some(&ec),
            )
            .await;
        assert_eq!(
            save.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            save.body
        );
        assert_eq!(fields(&save.json()), ["last_name", "email"]);
        let title = text(&t, "SELECT job_title FROM eas WHERE id = 25").await;
        assert_ne!(
            title.as_deref(),
            Some("Changed"),
            "nothing is saved when any field is refused"
        );
    }
);

/// A form posted without JavaScript from `referer`; the reply.
async fn plain_post(
    app: &TestApp,
    path: &str,
    body: &str,
    cookie: &str,
    referer: &str,
) -> crate::support::Reply {
    let req = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::HOST, "localhost")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(header::ORIGIN, "http://localhost")
        .header(header::REFERER, referer)
        .header(header::COOKIE, cookie)
        .body(Body::from(body.to_string()))
        .unwrap();
    app.send(req).await
}

both!(
    an_add_without_javascript_hands_its_invitation_link_over_once,
    |t: TestDb| async move {
        let app = t.app();
        let sc = app.sign_in("sc").await;
        let r = plain_post(
            &app,
            "/api/records/add",
            "kind=Ec&values%5Bfirst_name%5D=Nadia&values%5Blast_name%5D=Script&values%5Bemail%5D=nadia.script%40ec.example.org",
            &sc,
            "http://localhost/areas/ecs/new",
        )
        .await;
        let location = r
            .headers
            .get(header::LOCATION)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(location.starts_with("/areas/ecs/new?added="), "{location}");
        assert!(!location.contains("invite"), "{location}");
        let set = r
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("caseboard_added="))
            .expect("the outcome's cookie")
            .to_string();
        for part in [
            "Path=/areas/ecs/new",
            "HttpOnly",
            "SameSite=Strict",
            "Max-Age=600",
        ] {
            assert!(set.contains(part), "{set}");
        }
        let flash = set.split(';').next().unwrap();
        let cookies = format!("{sc}; {flash}");
        let page = app.get(&location, Some(&cookies)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("/invite/"),
            "the page shows the invitation link"
        );
        let cleared = page
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|c| c.starts_with("caseboard_added=;") && c.contains("Max-Age=0"));
        assert!(cleared, "the cookie is cleared once read");
        // Without the cookie (another browser, or after it was read), the
        // page still says it was added but holds no link.
        let again = app.get(&location, Some(&sc)).await;
        assert!(again.body.contains("Open the record"));
        assert!(!again.body.contains("/invite/"));
    }
);
