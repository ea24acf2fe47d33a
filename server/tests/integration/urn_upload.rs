//! Uploading a CSV of URNs to a URN list (docs/RULES.md §2.2): the same
//! line reader as pasted lines, bad lines named, Admin only.
use super::urn_lists::{back_to, entries};
use crate::both;
use crate::support::TestDb;
use axum::http::StatusCode;

both!(
    an_uploaded_csv_adds_its_lines_and_names_the_bad_ones,
    |t: TestDb| async move {
        use axum::body::Body;
        use axum::http::{header, Method, Request};
        let app = t.app();
        let admin = app.sign_in("admin").await;
        let csv =
            "\u{feff}URN,reason\r\n100007,\"closing, merged\"\r\nnot-a-urn,oops\r\n100008\r\n";
        let body = format!(
        "--XBOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"urns.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n\
         --XBOUNDARY\r\nContent-Disposition: form-data; name=\"reason\"\r\n\r\nbulk upload\r\n--XBOUNDARY--\r\n"
    );
        let req = Request::builder()
            .method(Method::POST)
            .uri("/api/urn-lists/excluded_primary/upload")
            .header(header::HOST, "localhost")
            .header(
                header::CONTENT_TYPE,
                "multipart/form-data; boundary=XBOUNDARY",
            )
            .header(header::COOKIE, &admin)
            .body(Body::from(body))
            .unwrap();
        let r = app.send(req).await;
        let back = back_to(&r);
        let outcome =
            app::records::urn_lists::AddReport::sentences(back.split_once('?').unwrap().1);
        assert_eq!(outcome[0], "2 added.", "{outcome:?}");
        assert!(
            outcome
                .iter()
                .any(|s| s.starts_with("line 3: URN \"not-a-urn\"")),
            "{outcome:?}"
        );
        let got: Vec<(String, String)> = entries(&t, "excluded_primary")
            .await
            .into_iter()
            .map(|e| (e.urn, e.reason))
            .collect();
        assert_eq!(
            got,
            vec![
                ("100007".into(), "closing, merged".into()),
                ("100008".into(), "bulk upload".into())
            ]
        );
        let ec = app.sign_in("ec").await;
        let req = Request::builder()
            .method(Method::POST)
            .uri("/api/urn-lists/excluded_primary/upload")
            .header(header::HOST, "localhost")
            .header(
                header::CONTENT_TYPE,
                "multipart/form-data; boundary=XBOUNDARY",
            )
            .header(header::COOKIE, &ec)
            .body(Body::from("--XBOUNDARY--\r\n"))
            .unwrap();
        assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN);
    }
);
