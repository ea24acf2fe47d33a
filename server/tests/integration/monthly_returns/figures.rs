//! The snapshot: counted as the submitting Partner user's lists count, and
//! never changed by what happens to the register afterwards.
use super::*;
use crate::both;
use app::auth::permissions::RecordKind;
use app::records::monthly::Figures;

/// Every row of a list as the caller sees it with `query` (all pages).
async fn all_rows(
    app: &TestApp,
    who: &str,
    kind: &str,
    query: &str,
) -> (i64, Vec<serde_json::Value>) {
    let mut rows = vec![];
    let mut page = 1;
    loop {
        let q = format!("{query}&per=100&page={page}");
        let r = app
            .post(
                "/api/records/list",
                &[("kind", kind), ("query", &q)],
                Some(who),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{kind} {q}: {}", r.body);
        let body = r.json();
        let total = body["total"].as_i64().unwrap();
        rows.extend(body["rows"].as_array().unwrap().iter().cloned());
        if rows.len() as i64 >= total {
            return (total, rows);
        }
        page += 1;
    }
}

/// The items of one related list of a record, as the caller sees it.
async fn related(app: &TestApp, who: &str, kind: &str, id: i64, title: &str) -> Vec<i64> {
    let r = app
        .post(
            "/api/records/get",
            &[("kind", kind), ("id", &id.to_string())],
            Some(who),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["related"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["title"] == title)
        .map(|l| {
            l["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_i64().unwrap())
                .collect()
        })
        .unwrap_or_default()
}

fn cell(row: &serde_json::Value, kind: RecordKind, key: &str) -> Option<String> {
    // The columns a Partner user's list selects by default.
    let scope = app::auth::permissions::NetworkScope::Partner;
    let q = app::records::query::ListQuery::default();
    let i = app::ssr::records::list::list_keys(kind, scope, &q)
        .iter()
        .position(|k| *k == key)
        .unwrap_or_else(|| panic!("{kind:?} lists {key}"));
    row["cells"][i].as_str().map(str::to_string)
}

/// The seven figures, counted from the list functions as `who` sees them.
async fn from_lists(app: &TestApp, who: &str, month: Month) -> Figures {
    let (active_ecs, _) = all_rows(app, who, "Ec", "").await;
    let (active_eas, eas) = all_rows(app, who, "Ea", "").await;
    let (in_scope, institutions) = all_rows(app, who, "Institution", "f_in_scope=yes").await;
    let (mut with_ec, mut matched) = (0, 0);
    for row in &institutions {
        let id = row["id"].as_i64().unwrap();
        with_ec += i64::from(
            !related(app, who, "Institution", id, "Assigned EC")
                .await
                .is_empty(),
        );
        matched += i64::from(
            !related(app, who, "Institution", id, "Matched EAs")
                .await
                .is_empty(),
        );
    }
    let mut employers = std::collections::BTreeSet::new();
    for row in &eas {
        let id = row["id"].as_i64().unwrap();
        employers.extend(related(app, who, "Ea", id, "Employer").await);
    }
    let (_, reports) = all_rows(app, who, "CompassReport", "").await;
    let compass = reports
        .iter()
        .filter(|r| {
            cell(r, RecordKind::CompassReport, "completed_on").and_then(|d| Month::of_date(&d))
                == Some(month)
        })
        .count() as i64;
    Figures {
        active_ecs,
        active_eas,
        institutions_in_scope: in_scope,
        institutions_with_ec: with_ec,
        matched_institutions: matched,
        employers_engaged: employers.len() as i64,
        compass_completed: compass,
    }
}

fn snapshot(body: &serde_json::Value, i: usize) -> Figures {
    serde_json::from_value(body["snapshots"][i]["figures"].clone()).unwrap()
}

/// Two Compass reports completed in `month` at an Institution of `partner`.
async fn reports_in(t: &TestDb, partner: i64, month: Month) {
    for day in ["03", "28"] {
        t.exec(&format!(
            "INSERT INTO compass_reports (institution_id, evaluation_type, completed_on, \
             b1, b2, b3, b4, b5, b6, b7, b8, created_at) \
             SELECT MIN(id), 'school', '{}-{day}', 50, 50, 50, 50, 50, 50, 50, 50, 0 \
             FROM institutions WHERE partner_id = {partner}",
            month.key()
        ))
        .await;
    }
}

both!(
    snapshot_equals_list_totals_at_submission,
    |t: TestDb| async move {
        let app = t.app();
        let (own, _) = partners(&t).await;
        let partner = app.sign_in("partner").await;
        let month = current().previous();
        reports_in(&t, own, month).await;
        ok(&start(&app, &partner, &month.key()).await);
        let id = started(&t, own, month).await;
        ok(&submit(&app, &partner, id, 1).await);
        let taken = snapshot(&get(&app, &partner, id).await, 0);
        let counted = from_lists(&app, &partner, month).await;
        assert_eq!(taken, counted);
        // The figures count something: a test that cannot fail proves nothing.
        assert!(taken.active_ecs > 0 && taken.active_eas > 0 && taken.institutions_in_scope > 0);
        assert!(taken.compass_completed >= 2, "{taken:?}");
        assert!(
            taken.employers_engaged > 0 && taken.institutions_with_ec > 0,
            "{taken:?}"
        );
        // Admin sees the same snapshot, and the figures on Admin's month page.
        let admin = app.sign_in("admin").await;
        assert_eq!(snapshot(&get(&app, &admin, id).await, 0), taken);
        let q = format!("month={}&status=submitted", month.key());
        let r = app
            .post("/api/monthly/returns", &[("query", &q)], Some(&admin))
            .await;
        let rows = r.json()["rows"].clone();
        let row = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap();
        assert_eq!(
            serde_json::from_value::<Figures>(row["figures"].clone()).unwrap(),
            taken
        );
    }
);

both!(
    snapshot_is_immutable_after_later_changes,
    |t: TestDb| async move {
        let app = t.app();
        let (own, _) = partners(&t).await;
        let partner = app.sign_in("partner").await;
        let month = current().previous();
        ok(&start(&app, &partner, &month.key()).await);
        let id = started(&t, own, month).await;
        ok(&submit(&app, &partner, id, 1).await);
        let taken = snapshot(&get(&app, &partner, id).await, 0);
        // The register moves on: an EA closes, Compass reports arrive.
        let (_, eas) = all_rows(&app, &partner, "Ea", "").await;
        let ea = eas[0]["id"].as_i64().unwrap();
        let v: i64 = sqlx::query("SELECT CAST(version AS BIGINT) AS v FROM eas WHERE id = $1")
            .bind(ea)
            .fetch_one(&t.db.read)
            .await
            .unwrap()
            .get("v");
        ok(&app
            .post(
                "/api/records/close",
                &[
                    ("kind", "Ea"),
                    ("id", &ea.to_string()),
                    ("version", &v.to_string()),
                ],
                Some(&partner),
            )
            .await);
        reports_in(&t, own, month).await;
        let now = from_lists(&app, &partner, month).await;
        assert_eq!(now.active_eas, taken.active_eas - 1);
        assert_eq!(now.compass_completed, taken.compass_completed + 2);
        assert_eq!(
            snapshot(&get(&app, &partner, id).await, 0),
            taken,
            "the snapshot did not move"
        );
        // Not even the database lets a snapshot change or go.
        let update = sqlx::query("UPDATE monthly_snapshots SET active_eas = active_eas + 1")
            .execute(&t.db.read)
            .await;
        assert!(update.is_err(), "a snapshot row was updated");
        let delete = sqlx::query("DELETE FROM monthly_snapshots")
            .execute(&t.db.read)
            .await;
        assert!(delete.is_err(), "a snapshot row was deleted");
        assert_eq!(snapshot(&get(&app, &partner, id).await, 0), taken);
    }
);
