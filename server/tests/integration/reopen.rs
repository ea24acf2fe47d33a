//! Reopening a closed record (docs/RULES.md §5.1): whoever may close it may
//! reopen it (the matrix test checks every role against `decide`); stale
//! versions are refused with 409; every reopen is audited.
use crate::both;
use crate::support::{TestApp, TestDb};
use axum::http::StatusCode;
use sqlx::Row as _;

async fn int(t: &TestDb, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&t.db.read)
        .await
        .expect(sql)
        .get::<i64, _>(0)
}

async fn status_of_ea(t: &TestDb, id: i64) -> String {
    sqlx::query(&format!("SELECT status FROM eas WHERE id = {id}"))
        .fetch_one(&t.db.read)
        .await
        .expect("status")
        .get::<String, _>(0)
}

/// Posts a close or reopen of EA 1 at `version`: status and body.
async fn post(app: &TestApp, who: &str, action: &str, version: i64) -> (StatusCode, String) {
    let v = version.to_string();
    let reply = app
        .post(
            action,
            &[("kind", "Ea"), ("id", "1"), ("version", &v)],
            Some(who),
        )
        .await;
    (reply.status, reply.body)
}

both!(
    a_closed_record_reopens_once_audited_and_versioned,
    |t: TestDb| async move {
        let app = t.app();
        let ec = app.sign_in("ec").await;
        let admin = app.sign_in("admin").await;
        let (status, body) = post(&app, &ec, "/api/records/close", 1).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(status_of_ea(&t, 1).await, "closed");
        // The closed record says who closed it (RULES §5.1).
        let got = app
            .post(
                "/api/records/get",
                &[("kind", "Ea"), ("id", "1")],
                Some(&ec),
            )
            .await;
        assert_eq!(got.status, StatusCode::OK, "{}", got.body);
        assert_eq!(got.json()["closed_by"][0], "Erin Coleman", "{}", got.body);
        // Stale: the version read before the close.
        let (status, body) = post(&app, &ec, "/api/records/reopen", 1).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(status_of_ea(&t, 1).await, "closed");
        // Admin may not close EA records, so may not reopen them either.
        let refused = app
            .post(
                "/api/records/reopen",
                &[("kind", "Ea"), ("id", "1"), ("version", "2")],
                Some(&admin),
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        assert!(
            refused.body.contains("Admin users cannot close"),
            "{}",
            refused.body
        );
        assert_eq!(status_of_ea(&t, 1).await, "closed");
        let (status, body) = post(&app, &ec, "/api/records/reopen", 2).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(status_of_ea(&t, 1).await, "active");
        assert_eq!(int(&t, "SELECT version FROM eas WHERE id = 1").await, 3);
        assert_eq!(
            int(
                &t,
                "SELECT COUNT(*) FROM eas WHERE id = 1 AND closed_at IS NULL AND closed_by IS NULL"
            )
            .await,
            1
        );
        let ec_user = int(
            &t,
            "SELECT id FROM users WHERE email = 'ec@demo.caseboard.test'",
        )
        .await;
        assert_eq!(
            int(
                &t,
                &format!(
                    "SELECT COUNT(*) FROM audit_log WHERE record_kind = 'eas' AND record_id = 1 \
                     AND action = 'reopen' AND field = 'status' AND old_value = 'closed' \
                     AND new_value = 'active' AND actor_user_id = {ec_user}"
                )
            )
            .await,
            1
        );
        // An open record does not reopen: nothing changes, 409.
        let (status, body) = post(&app, &ec, "/api/records/reopen", 3).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(int(&t, "SELECT version FROM eas WHERE id = 1").await, 3);
        assert_eq!(
            int(
                &t,
                "SELECT COUNT(*) FROM audit_log WHERE record_kind = 'eas' AND record_id = 1 AND action = 'reopen'"
            )
            .await,
            1
        );
    }
);
