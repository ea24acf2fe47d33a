//! Clearing an optional text field stores "no value" (issue 14, item 4):
//! it once answered 500 (`NOT NULL constraint failed`).
use crate::both;
use crate::support::TestDb;
use axum::http::StatusCode;
use sqlx::Row as _;

async fn int(t: &TestDb, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&t.db.read)
        .await
        .expect(sql)
        .get::<i64, _>(0)
}

async fn text(t: &TestDb, sql: &str) -> Option<String> {
    sqlx::query(sql)
        .fetch_one(&t.db.read)
        .await
        .expect(sql)
        .get::<Option<String>, _>(0)
}

/// Sets `field` on a record, clears it, and checks what is stored and shown.
async fn set_then_clear(t: &TestDb, kind: &str, table: &str, id: i64, field: &str, sample: &str) {
    let app = t.app();
    let cookie = app.sign_in("admin").await;
    let id_s = id.to_string();
    for value in [sample, ""] {
        let version = int(t, &format!("SELECT version FROM {table} WHERE id = {id}"))
            .await
            .to_string();
        let key = format!("values[{field}]");
        let r = app
            .post(
                "/api/records/save",
                &[
                    ("kind", kind),
                    ("id", &id_s),
                    ("version", &version),
                    (&key, value),
                ],
                Some(&cookie),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{kind} {field} = {value:?}: {}",
            r.body
        );
        let stored = text(t, &format!("SELECT {field} FROM {table} WHERE id = {id}")).await;
        assert_eq!(stored.as_deref(), Some(value), "{table}.{field}");
    }
    let shown = app
        .post(
            "/api/records/get",
            &[("kind", kind), ("id", &id_s)],
            Some(&cookie),
        )
        .await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    let list = app
        .post(
            "/api/records/list",
            &[("kind", kind), ("query", "")],
            Some(&cookie),
        )
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
}

both!(an_ecs_phone_can_be_cleared, |t: TestDb| async move {
    let id = int(&t, "SELECT MIN(id) FROM ecs").await;
    set_then_clear(&t, "Ec", "ecs", id, "phone", "0113 496 0000").await;
});

both!(
    a_subcontractors_email_can_be_cleared,
    |t: TestDb| async move {
        let id = int(&t, "SELECT MIN(id) FROM subcontractors").await;
        let app = t.app();
        let cookie = app.sign_in("admin").await;
        let version = int(
            &t,
            &format!("SELECT version FROM subcontractors WHERE id = {id}"),
        )
        .await;
        let r = app
            .post(
                "/api/records/save",
                &[
                    ("kind", "SubContractor"),
                    ("id", &id.to_string()),
                    ("version", &version.to_string()),
                    ("values[email]", ""),
                ],
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            text(
                &t,
                &format!("SELECT email FROM subcontractors WHERE id = {id}")
            )
            .await
            .as_deref(),
            Some("")
        );
    }
);

both!(an_eas_title_can_be_cleared, |t: TestDb| async move {
    let id = int(&t, "SELECT MIN(id) FROM eas").await;
    set_then_clear(&t, "Ea", "eas", id, "title", "Dr").await;
});

both!(
    an_employers_sector_and_postcode_can_be_cleared,
    |t: TestDb| async move {
        let id = int(&t, "SELECT MIN(id) FROM employers").await;
        set_then_clear(&t, "Employer", "employers", id, "sector", "Engineering").await;
        set_then_clear(&t, "Employer", "employers", id, "postcode", "LS1 4AP").await;
    }
);

both!(a_users_title_can_be_cleared, |t: TestDb| async move {
    let id = int(
        &t,
        "SELECT MIN(u.id) FROM users u JOIN role_grants g ON g.user_id = u.id \
         AND g.role = 'partner' AND g.status = 'active'",
    )
    .await;
    set_then_clear(&t, "PartnerUser", "users", id, "title", "Ms").await;
});
