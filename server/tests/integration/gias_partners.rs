//! Institutions' Partner and the register's locked fields (docs/RULES.md
//! §2.1): the local-authority preview in plain words, the confirmed change
//! (one audit row per institution, one transaction), a stale preview
//! refused, one Institution's Partner on its record, register fields refused
//! naming the field, network fields editable, unique Partner names.
use crate::both;
use crate::support::TestDb;
use axum::http::StatusCode;

const LA: &str = "Testshire";

#[derive(sqlx::FromRow, Clone, Debug)]
struct Partner {
    id: i64,
    name: String,
}

async fn two_partners(t: &TestDb) -> (Partner, Partner) {
    let p = sqlx::query_as::<_, Partner>("SELECT id, name FROM partners ORDER BY id LIMIT 2")
        .fetch_all(&t.db.read)
        .await
        .unwrap();
    (p[0].clone(), p[1].clone())
}

/// Testshire: 3 open with A, 2 open with B, 2 open with none, 1 closed with B.
async fn testshire(t: &TestDb, a: i64, b: i64) -> Vec<i64> {
    let rows: [(Option<i64>, &str); 8] = [
        (Some(a), "active"),
        (Some(a), "active"),
        (Some(a), "active"),
        (Some(b), "active"),
        (Some(b), "active"),
        (None, "active"),
        (None, "active"),
        (Some(b), "closed"),
    ];
    let mut ids = vec![];
    for (i, (partner, status)) in rows.into_iter().enumerate() {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO institutions (urn, name, phase, local_authority, partner_id, status, created_at, updated_at) \
             VALUES ($1, $2, 'Secondary', $3, $4, $5, 1, 1) RETURNING id",
        )
        .bind(format!("7700{i:02}"))
        .bind(format!("Testshire School {i}"))
        .bind(LA)
        .bind(partner)
        .bind(status)
        .fetch_one(&t.db.read)
        .await
        .unwrap();
        ids.push(id);
    }
    // Raw rows get their stored answers as the app's writes do (docs/RULES.md §7.3).
    let mut tx = t.db.begin_write().await.unwrap();
    app::ssr::scope_flags::refresh(&mut tx, app::ssr::scope_flags::Which::Ids(&ids))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    ids
}

async fn partner_of(t: &TestDb, id: i64) -> Option<i64> {
    sqlx::query_scalar("SELECT partner_id FROM institutions WHERE id = $1")
        .bind(id)
        .fetch_one(&t.db.read)
        .await
        .unwrap()
}

async fn partner_audits(t: &TestDb, id: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE record_kind = 'institutions' AND record_id = $1 \
         AND field = 'partner' AND action = 'assign'",
    )
    .bind(id)
    .fetch_one(&t.db.read)
    .await
    .unwrap()
}

both!(
    la_partner_preview_then_confirm_changes_each_institution_once,
    |t: TestDb| async move {
        let (a, b) = two_partners(&t).await;
        let ids = testshire(&t, a.id, b.id).await;
        let app = t.app();
        let admin = app.sign_in("admin").await;
        let pid = a.id.to_string();
        let preview = app
            .post(
                "/api/gias/la-preview",
                &[("local_authority", LA), ("partner_id", &pid)],
                Some(&admin),
            )
            .await;
        assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
        let p = preview.json();
        assert_eq!(
            (p["gains"].as_i64(), p["already"].as_i64()),
            (Some(4), Some(3)),
            "{p}"
        );
        assert_eq!(p["moving"][0]["from_partner"], b.name.as_str());
        assert_eq!(p["moving"][0]["institutions"], 2);
        let sentence: app::api::gias::types::LaPreview = serde_json::from_value(p.clone()).unwrap();
        assert_eq!(
            sentence.sentence(),
            format!(
                "{} gains 4 institutions in {LA}; 2 of them now belong to {}. 3 already belong to {}.",
                a.name, b.name, a.name
            )
        );
        let version = p["version"].as_i64().unwrap().to_string();

        // Someone changes one of them: the preview is stale, nothing is saved.
        sqlx::query("UPDATE institutions SET version = version + 1 WHERE id = $1")
            .bind(ids[5])
            .execute(&t.db.read)
            .await
            .unwrap();
        let form = [
            ("local_authority", LA),
            ("partner_id", &pid),
            ("version", &version),
        ];
        let stale = app.post("/api/gias/la-assign", &form, Some(&admin)).await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
        assert!(
            stale.body.contains("changed by someone else"),
            "{}",
            stale.body
        );
        assert_eq!(partner_of(&t, ids[3]).await, Some(b.id));

        // Preview again, confirm: the four move, each audited once.
        let fresh = app
            .post(
                "/api/gias/la-preview",
                &[("local_authority", LA), ("partner_id", &pid)],
                Some(&admin),
            )
            .await
            .json();
        let version = fresh["version"].as_i64().unwrap().to_string();
        let form = [
            ("local_authority", LA),
            ("partner_id", &pid),
            ("version", &version),
        ];
        let done = app.post("/api/gias/la-assign", &form, Some(&admin)).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        assert_eq!(done.json()["changed"], 4);
        for &id in &ids[..7] {
            assert_eq!(partner_of(&t, id).await, Some(a.id));
        }
        assert_eq!(partner_of(&t, ids[7]).await, Some(b.id), "closed ones stay");
        for &id in &ids[..3] {
            assert_eq!(partner_audits(&t, id).await, 0, "already A: untouched");
        }
        for &id in &ids[3..7] {
            assert_eq!(partner_audits(&t, id).await, 1, "one audited change");
        }
        // Done twice is nothing more.
        let again = app
            .post(
                "/api/gias/la-preview",
                &[("local_authority", LA), ("partner_id", &pid)],
                Some(&admin),
            )
            .await
            .json();
        assert_eq!(again["gains"], 0);
    }
);

both!(
    la_partner_and_partner_field_are_admins_alone,
    |t: TestDb| async move {
        let (a, b) = two_partners(&t).await;
        let ids = testshire(&t, a.id, b.id).await;
        let app = t.app();
        let pid = a.id.to_string();
        for (login, reason) in [
            ("partner", "Partner users cannot change Partner"),
            ("ec", "cannot change Partner"),
            ("sc", "cannot change Partner"),
            ("cec-staff", "cannot edit Institution records"),
            ("network-ops", "cannot change Partner"),
        ] {
            let cookie = app.sign_in(login).await;
            let r = app
                .post(
                    "/api/gias/la-preview",
                    &[("local_authority", LA), ("partner_id", &pid)],
                    Some(&cookie),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{login}: {}", r.body);
            assert!(r.body.contains(reason), "{login}: {}", r.body);
            let set = app
                .post(
                    "/api/gias/set-partner",
                    &[
                        ("id", &ids[5].to_string()),
                        ("version", "1"),
                        ("partner_id", &pid),
                    ],
                    Some(&cookie),
                )
                .await;
            assert_eq!(set.status, StatusCode::FORBIDDEN, "{login}: {}", set.body);
        }
        // Admin sets one Institution's Partner on its record, version-checked.
        let admin = app.sign_in("admin").await;
        let id = ids[5].to_string();
        let set = app
            .post(
                "/api/gias/set-partner",
                &[("id", &id), ("version", "1"), ("partner_id", &pid)],
                Some(&admin),
            )
            .await;
        assert_eq!(set.status, StatusCode::OK, "{}", set.body);
        assert_eq!(partner_of(&t, ids[5]).await, Some(a.id));
        assert_eq!(partner_audits(&t, ids[5]).await, 1);
        let stale = app
            .post(
                "/api/gias/set-partner",
                &[
                    ("id", &id),
                    ("version", "1"),
                    ("partner_id", &b.id.to_string()),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
        assert_eq!(partner_of(&t, ids[5]).await, Some(a.id));
    }
);

both!(
    register_fields_are_refused_naming_the_field_network_fields_saved,
    |t: TestDb| async move {
        let (a, b) = two_partners(&t).await;
        let ids = testshire(&t, a.id, b.id).await;
        let app = t.app();
        let admin = app.sign_in("admin").await;
        let id = ids[0].to_string();
        for (key, value, label) in [
            (
                "name",
                "Renamed School",
                "The name comes from the GIAS register",
            ),
            (
                "local_authority",
                "Elsewhere",
                "The local authority comes from the GIAS register",
            ),
            (
                "postcode",
                "LS1 1AA",
                "The postcode comes from the GIAS register",
            ),
            ("phase", "Primary", "The phase comes from the GIAS register"),
        ] {
            let field = format!("values[{key}]");
            let r = app
                .post(
                    "/api/records/save",
                    &[
                        ("kind", "Institution"),
                        ("id", &id),
                        ("version", "1"),
                        (&field, value),
                    ],
                    Some(&admin),
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{key}: {}", r.body);
            assert!(r.body.contains(label), "{key}: {}", r.body);
            assert!(
                r.body.contains("changed by the register import"),
                "{}",
                r.body
            );
        }
        let name: String = sqlx::query_scalar("SELECT name FROM institutions WHERE id = $1")
            .bind(ids[0])
            .fetch_one(&t.db.read)
            .await
            .unwrap();
        assert_eq!(name, "Testshire School 0");
        // The network's own fields save, audited.
        let ok = app
            .post(
                "/api/records/save",
                &[
                    ("kind", "Institution"),
                    ("id", &id),
                    ("version", "1"),
                    ("values[careers_leader]", "Ann Lee, ann.lee@school.example"),
                    ("values[notes]", "Prefers calls on Tuesdays"),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
        let audits: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE record_kind = 'institutions' AND record_id = $1 \
             AND field IN ('careers_leader', 'notes') AND action = 'edit'",
        )
        .bind(ids[0])
        .fetch_one(&t.db.read)
        .await
        .unwrap();
        assert_eq!(audits, 2);
        // The edit form (the record page's edit mode, RULES §5.1) shows the
        // register's fields locked, with the reason.
        let page = app
            .get(&format!("/areas/institutions/{id}?edit=1"), Some(&admin))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("comes from the GIAS register"),
            "locked with the reason"
        );
        assert!(page.body.contains("id=\"field-notes\""));
    }
);

both!(
    a_duplicate_partner_name_is_a_clear_422,
    |t: TestDb| async move {
        let (a, b) = two_partners(&t).await;
        let app = t.app();
        let admin = app.sign_in("admin").await;
        let r = app
            .post(
                "/api/records/save",
                &[
                    ("kind", "Partner"),
                    ("id", &a.id.to_string()),
                    ("version", "1"),
                    ("values[name]", &b.name.to_uppercase()),
                ],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(
            r.body.contains("A Partner with this name already exists"),
            "{}",
            r.body
        );
    }
);
