//! The monthly returns pages render on the server (they work without
//! JavaScript): Admin's month, the Partner user's returns, one return with
//! its figures and the forms its viewer may use; others are refused.
use super::*;
use crate::both;

both!(pages_render_what_each_role_may_do, |t: TestDb| async move {
    let app = t.app();
    let (own, other) = partners(&t).await;
    let (partner, admin, ec) = (
        app.sign_in("partner").await,
        app.sign_in("admin").await,
        app.sign_in("ec").await,
    );
    let month = current().previous();
    ok(&start(&app, &partner, &month.key()).await);
    let id = started(&t, own, month).await;
    let path = format!("/areas/monthly-submissions/{id}");

    let list = app.get("/areas/monthly-submissions", Some(&partner)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Start this month"), "{}", list.body);
    assert!(list.body.contains(&format!("href=\"{path}#submit\"")));

    let page = app.get(&path, Some(&partner)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"declaration\""));
    assert!(!page.body.contains("Confirm this return"));

    ok(&submit(&app, &partner, id, 1).await);
    let page = app.get(&path, Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Confirm this return"));
    assert!(page
        .body
        .contains("href=\"/areas/institutions?f_in_scope=yes\""));
    assert!(!page.body.contains("id=\"declaration\""));

    let month_page = app
        .get(
            &format!("/areas/monthly-submissions?month={}", month.key()),
            Some(&admin),
        )
        .await;
    assert_eq!(month_page.status, StatusCode::OK);
    assert!(month_page.body.contains(&format!("href=\"{path}\"")));
    assert!(month_page.body.contains("id=\"grace_days\""));

    // Another Partner's return is not found; a role without returns is refused.
    let (theirs, _) = make(&t, other, month, "submitted").await;
    let hidden = app
        .get(
            &format!("/areas/monthly-submissions/{theirs}"),
            Some(&partner),
        )
        .await;
    assert!(hidden.body.contains("Not found"), "{}", hidden.body);
    let refused = app.get("/areas/monthly-submissions", Some(&ec)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
});
