//! What an import may and may not change (docs/RULES.md §2.1): register
//! fields updated and audited with the import as source, the network's own
//! fields left alone, closed establishments closed and kept. And Partners
//! from the command line, idempotent by name.
use crate::both;
use crate::gias_file::{csv_text, establishments, windows_1252, Establishment, TempFile};
use crate::support::TestDb;
use app::ssr::db::Db;
use app::ssr::gias::{ImportResult, RegisterFile, BATCH_SIZE};
use server::commands::partners::{create_partner, PartnerOutcome};
use std::ops::ControlFlow;

async fn import(db: &Db, rows: &[Establishment]) -> ImportResult {
    let (text, _) = csv_text(rows, None);
    let file = TempFile::new(&windows_1252(&text));
    RegisterFile::open(&file.0)
        .await
        .unwrap()
        .import(db, None, BATCH_SIZE, |_| ControlFlow::Continue(()))
        .await
        .unwrap()
}

#[derive(sqlx::FromRow, Debug, PartialEq, Eq, Clone)]
struct Institution {
    id: i64,
    name: String,
    local_authority: String,
    partner_id: Option<i64>,
    ec_id: Option<i64>,
    subcontractor_id: Option<i64>,
    status: String,
    closed_at: Option<i64>,
    closed_by: Option<i64>,
    version: i64,
}

async fn institution(db: &Db, urn: &str) -> Option<Institution> {
    sqlx::query_as::<_, Institution>(
        "SELECT id, name, local_authority, partner_id, ec_id, subcontractor_id, status, \
         closed_at, closed_by, version FROM institutions WHERE urn = $1",
    )
    .bind(urn)
    .fetch_optional(&db.read)
    .await
    .unwrap()
}

#[derive(sqlx::FromRow, Debug, PartialEq, Eq)]
struct AuditRow {
    actor_user_id: Option<i64>,
    action: String,
    field: Option<String>,
    old_value: Option<String>,
    new_value: Option<String>,
    request_id: Option<String>,
}

async fn audit(db: &Db, kind: &str, id: i64) -> Vec<AuditRow> {
    sqlx::query_as::<_, AuditRow>(
        "SELECT actor_user_id, action, field, old_value, new_value, request_id FROM audit_log \
         WHERE record_kind = $1 AND record_id = $2 ORDER BY id",
    )
    .bind(kind)
    .bind(id)
    .fetch_all(&db.read)
    .await
    .unwrap()
}

fn row(audit: &[AuditRow], action: &str, field: &str) -> Option<(Option<String>, Option<String>)> {
    audit
        .iter()
        .find(|a| a.action == action && a.field.as_deref() == Some(field))
        .map(|a| (a.old_value.clone(), a.new_value.clone()))
}

both!(
    gias_updates_register_fields_and_keeps_network_fields,
    |t: TestDb| async move {
        // A demo Institution with a Partner and an EC, as the register now states it.
        let urn: String = sqlx::query_scalar(
            "SELECT urn FROM institutions WHERE partner_id IS NOT NULL AND ec_id IS NOT NULL \
         ORDER BY id LIMIT 1",
        )
        .fetch_one(&t.db.read)
        .await
        .unwrap();
        let before = institution(&t.db, &urn).await.unwrap();
        let mut e = establishments(0, 1).remove(0);
        e.urn = urn.clone();
        e.name = "St Mary\u{2019}s Café, Renamed".into();
        e.la = "Kingston upon Hull, City of".into();
        let result = import(&t.db, &[e.clone()]).await;
        assert_eq!((result.added, result.updated), (0, 1));
        let after = institution(&t.db, &urn).await.unwrap();
        assert_eq!(after.name, e.name);
        assert_eq!(after.local_authority, e.la);
        assert_eq!(
            (after.partner_id, after.ec_id, after.subcontractor_id),
            (before.partner_id, before.ec_id, before.subcontractor_id)
        );
        assert_eq!(after.version, before.version + 1);
        let history = audit(&t.db, "institutions", after.id).await;
        assert_eq!(
            row(&history, "register import", "name"),
            Some((Some(before.name.clone()), Some(e.name.clone())))
        );
        assert!(history
            .iter()
            .all(|a| a.request_id.as_deref() == Some("import") && a.actor_user_id.is_none()));
        assert!(!history
            .iter()
            .any(|a| matches!(a.field.as_deref(), Some("partner_id" | "ec_id"))));
        // The same row again changes nothing and writes no audit.
        let again = import(&t.db, &[e]).await;
        assert_eq!((again.updated, again.unchanged), (0, 1));
        assert_eq!(
            audit(&t.db, "institutions", after.id).await.len(),
            history.len()
        );
    }
);

both!(
    gias_closed_establishments_are_closed_never_deleted,
    |t: TestDb| async move {
        let mut rows = establishments(950_000, 3);
        for e in &mut rows {
            e.status = "Open".into();
            e.close = String::new();
        }
        import(&t.db, &rows).await;
        let open = institution(&t.db, "950001").await.unwrap();
        assert_eq!((open.status.as_str(), open.closed_at), ("active", None));
        rows[1].status = "Closed".into();
        rows[1].close = "31-08-2025".into();
        rows.push(Establishment {
            urn: "950009".into(),
            status: "Closed".into(),
            close: "31-12-1999".into(),
            ..rows[0].clone()
        });
        let result = import(&t.db, &rows).await;
        assert_eq!(
            (
                result.added,
                result.updated,
                result.unchanged,
                result.closed
            ),
            (1, 1, 2, 2)
        );
        let closed = institution(&t.db, "950001").await.unwrap();
        assert_eq!(closed.status, "closed");
        assert!(closed.closed_at.is_some());
        assert_eq!(
            closed.closed_by, None,
            "the command line has no signed-in actor"
        );
        let history = audit(&t.db, "institutions", closed.id).await;
        assert_eq!(
            row(&history, "close", "status"),
            Some((Some("active".into()), Some("closed".into())))
        );
        assert_eq!(
            row(&history, "register import", "close_date"),
            Some((None, Some("2025-08-31".into())))
        );
        let arrived_closed = institution(&t.db, "950009").await.unwrap();
        assert_eq!(arrived_closed.status, "closed");
        assert!(arrived_closed.closed_at.is_some());
        let arrived_history = audit(&t.db, "institutions", arrived_closed.id).await;
        assert_eq!(
            row(&arrived_history, "close", "status"),
            Some((None, Some("closed".into())))
        );
        // Reopened by the register: active again, still the same record.
        rows[1].status = "Open".into();
        rows[1].close = String::new();
        let reopened = import(&t.db, &rows).await;
        assert_eq!((reopened.updated, reopened.closed), (1, 0));
        let again = institution(&t.db, "950001").await.unwrap();
        assert_eq!(
            (again.id, again.status.as_str(), again.closed_at),
            (closed.id, "active", None)
        );
    }
);

both!(
    gias_added_institutions_are_audited_from_the_import,
    |t: TestDb| async move {
        let rows = establishments(960_000, 2);
        import(&t.db, &rows).await;
        let added = institution(&t.db, "960000").await.unwrap();
        let history = audit(&t.db, "institutions", added.id).await;
        // One row naming the URN: the other values are the record itself.
        assert_eq!(
            history,
            vec![AuditRow {
                actor_user_id: None,
                action: "add".into(),
                field: Some("urn".into()),
                old_value: None,
                new_value: Some("960000".into()),
                request_id: Some("import".into()),
            }]
        );
        assert_eq!(added.partner_id, None);
    }
);

both!(
    create_partner_is_idempotent_by_name,
    |t: TestDb| async move {
        let partners = |db: Db| async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM partners")
                .fetch_one(&db.read)
                .await
                .unwrap()
        };
        let before = partners(t.db.clone()).await;
        let PartnerOutcome::Created { id } =
            create_partner(&t.db, "Humber Careers Hub", "Yorkshire and the Humber")
                .await
                .unwrap()
        else {
            panic!("a new name creates a Partner");
        };
        assert_eq!(partners(t.db.clone()).await, before + 1);
        let again = create_partner(&t.db, "  humber careers hub ", "Somewhere else")
            .await
            .unwrap();
        assert_eq!(
            again,
            PartnerOutcome::AlreadyExists {
                id,
                name: "Humber Careers Hub".into(),
                region: "Yorkshire and the Humber".into()
            }
        );
        assert_eq!(partners(t.db.clone()).await, before + 1);
        let history = audit(&t.db, "partners", id).await;
        assert_eq!(history.len(), 2, "name and region, once");
        assert!(history
            .iter()
            .all(|a| a.request_id.as_deref() == Some("cli")));
    }
);
