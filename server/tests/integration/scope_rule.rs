//! docs/RULES.md §2.2 "In network scope": one named test per clause, list
//! entries overriding the phase, the Institution list's filter and page, and
//! the SQL expression agreeing with its pure-Rust twin on every combination.
use crate::both;
use crate::support::{TestApp, TestDb};
use app::records::scope_rule::{category, in_scope, Category, OnLists, UrnList};
use app::ssr::sql::Sql;

use axum::http::StatusCode;

/// Adds an Institution with these register values; returns its URN.
async fn institution(t: &TestDb, urn: u32, phase: &str, kind: &str, group: &str) -> String {
    let mut sql = Sql::new(
        "INSERT INTO institutions (urn, name, phase, establishment_type, establishment_group, created_at, updated_at) VALUES (",
    );
    sql.text(urn.to_string())
        .push(", ")
        .text(format!("Scope test {urn}"))
        .push(", ")
        .text(phase)
        .push(", ")
        .text(kind)
        .push(", ")
        .text(group)
        .push(", 1, 1)");
    sql.query()
        .execute(&t.db.read)
        .await
        .expect("insert institution");
    refresh_flags(t).await;
    urn.to_string()
}

/// Raw SQL writes keep the stored answers as the app's writes do (docs/RULES.md §7.3).
async fn refresh_flags(t: &TestDb) {
    use app::ssr::scope_flags::{refresh, Which};
    let mut tx = t.db.begin_write().await.unwrap();
    refresh(&mut tx, Which::All).await.unwrap();
    tx.commit().await.unwrap();
}

/// Puts the URN on a list (active), as of 3 March 2026, by the demo Admin.
async fn on_list(t: &TestDb, urn: &str, list: UrnList) {
    let mut sql = Sql::new(
        "INSERT INTO urn_list_entries (list, urn, created_at, created_by, reason) VALUES (",
    );
    sql.text(list.key())
        .push(", ")
        .text(urn)
        .push(", 1772539200, (SELECT MIN(u.id) FROM users u JOIN role_grants g ON g.user_id = u.id AND g.role = 'admin'), 'test reason')");
    sql.query().execute(&t.db.read).await.expect("insert entry");
    refresh_flags(t).await;
}

/// What the Admin's Institution list says: is this URN in the in-scope filter?
async fn listed_in_scope(app: &TestApp, admin: &str, urn: &str) -> bool {
    let yes = count(app, admin, &format!("q={urn}&f_in_scope=yes")).await;
    let no = count(app, admin, &format!("q={urn}&f_in_scope=no")).await;
    assert_eq!(yes + no, 1, "URN {urn} is in exactly one of yes / no");
    yes == 1
}

async fn count(app: &TestApp, admin: &str, query: &str) -> i64 {
    let r = app
        .post(
            "/api/records/list",
            &[("kind", "Institution"), ("query", query)],
            Some(admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()["total"].as_i64().expect("total")
}

/// One clause: the register values, the lists, and the expected verdict, which
/// the list filter, the Rust twin and the page all give.
async fn clause(t: TestDb, phase: &str, kind: &str, group: &str, lists: &[UrnList], want: bool) {
    let urn = institution(&t, 990_001, phase, kind, group).await;
    for l in lists {
        on_list(&t, &urn, *l).await;
    }
    let app = t.app();
    let admin = app.sign_in("admin").await;
    assert_eq!(listed_in_scope(&app, &admin, &urn).await, want, "SQL");
    let on = lists.iter().fold(OnLists::default(), |on, l| on.with(*l));
    assert_eq!(in_scope(category(phase, kind, group), on), want, "Rust");
    let id = sqlx::query_scalar::<_, i64>("SELECT id FROM institutions WHERE urn = '990001'")
        .fetch_one(&t.db.read)
        .await
        .unwrap();
    let page = app
        .get(&format!("/areas/institutions/{id}"), Some(&admin))
        .await;
    let verdict = if want { "yes" } else { "no" };
    assert!(
        page.body
            .contains(&format!("In network scope: {verdict} — ")),
        "{}",
        page.body
    );
}

use UrnList::{Excluded, ExcludedPrimary, Included, IncludedPrimary};

both!(a_secondary_is_in_scope, |t: TestDb| clause(
    t,
    "Secondary",
    "Academy converter",
    "Academies",
    &[],
    true
));
both!(
    a_middle_deemed_secondary_is_a_secondary,
    |t: TestDb| clause(t, "Middle deemed secondary", "", "", &[], true)
);
both!(an_all_through_school_is_in_scope, |t: TestDb| clause(
    t,
    "All-through",
    "Free schools",
    "Free Schools",
    &[],
    true
));
both!(a_16_plus_college_is_in_scope, |t: TestDb| clause(
    t,
    "16 plus",
    "Academy 16-19 converter",
    "Academies",
    &[],
    true
));
both!(a_further_education_college_is_in_scope, |t: TestDb| clause(
    t,
    "Not applicable",
    "Further education",
    "Colleges",
    &[],
    true
));
both!(
    a_special_school_is_in_scope_whatever_its_phase,
    |t: TestDb| clause(
        t,
        "Primary",
        "Community special school",
        "Special schools",
        &[],
        true
    )
);
both!(alternative_provision_is_in_scope, |t: TestDb| clause(
    t,
    "Not applicable",
    "Pupil referral unit",
    "Local authority maintained schools",
    &[],
    true
));
both!(
    the_demo_phases_special_and_alternative_provision_are_in_scope,
    |t: TestDb| async move {
        assert_eq!(
            category("Special", "Academy converter", ""),
            Category::Special
        );
        clause(
            t,
            "Alternative provision",
            "Academy converter",
            "",
            &[],
            true,
        )
        .await
    }
);
both!(an_excluded_secondary_is_out_of_scope, |t: TestDb| clause(
    t,
    "Secondary",
    "",
    "",
    &[Excluded],
    false
));
both!(an_excluded_special_school_is_out_of_scope, |t: TestDb| {
    clause(
        t,
        "Not applicable",
        "Foundation special school",
        "Special schools",
        &[Excluded],
        false,
    )
});
both!(
    the_included_list_wins_over_the_excluded_list,
    |t: TestDb| clause(t, "Secondary", "", "", &[Excluded, Included], true)
);
both!(a_primary_is_out_of_scope_by_default, |t: TestDb| clause(
    t,
    "Primary",
    "Community school",
    "Local authority maintained schools",
    &[],
    false
));
both!(
    a_primary_on_the_included_primary_list_is_in_scope,
    |t: TestDb| clause(t, "Primary", "", "", &[IncludedPrimary], true)
);
both!(
    a_primary_on_both_primary_lists_is_out_of_scope,
    |t: TestDb| clause(
        t,
        "Primary",
        "",
        "",
        &[IncludedPrimary, ExcludedPrimary],
        false
    )
);
both!(
    the_included_list_does_not_bring_in_a_primary,
    |t: TestDb| clause(t, "Middle deemed primary", "", "", &[Included], false)
);
both!(
    the_excluded_list_does_not_take_out_an_included_primary,
    |t: TestDb| clause(t, "Primary", "", "", &[IncludedPrimary, Excluded], true)
);
both!(the_primary_lists_do_not_touch_a_secondary, |t: TestDb| {
    clause(t, "Secondary", "", "", &[ExcludedPrimary], true)
});
both!(a_nursery_is_out_of_scope_by_default, |t: TestDb| clause(
    t,
    "Nursery",
    "Local authority nursery school",
    "Local authority maintained schools",
    &[],
    false
));
both!(
    the_included_list_brings_in_a_university,
    |t: TestDb| clause(
        t,
        "Not applicable",
        "Higher education institutions",
        "Universities",
        &[Included],
        true
    )
);
both!(
    a_welsh_secondary_is_not_covered_by_its_phase,
    |t: TestDb| clause(
        t,
        "Secondary",
        "Welsh establishment",
        "Welsh schools",
        &[],
        false
    )
);
both!(a_closed_entry_no_longer_counts, |t: TestDb| async move {
    let urn = institution(&t, 990_002, "Primary", "", "").await;
    on_list(&t, &urn, IncludedPrimary).await;
    let app = t.app();
    let admin = app.sign_in("admin").await;
    assert!(listed_in_scope(&app, &admin, &urn).await);
    // Closed through the app's own path, which refreshes the stored answer.
    let (id, version): (i64, i64) = sqlx::query_as(
        "SELECT id, version FROM urn_list_entries WHERE urn = '990002' AND status = 'active'",
    )
    .fetch_one(&t.db.read)
    .await
    .unwrap();
    let by: i64 = sqlx::query_scalar("SELECT MIN(user_id) FROM role_grants WHERE role = 'admin'")
        .fetch_one(&t.db.read)
        .await
        .unwrap();
    app::ssr::urn_lists::close(&t.db, by, IncludedPrimary, id, version, "test")
        .await
        .unwrap();
    assert!(
        !listed_in_scope(&app, &admin, &urn).await,
        "closing takes effect at once"
    );
});

both!(
    the_page_explains_an_included_primary_in_plain_words,
    |t: TestDb| async move {
        let urn = institution(&t, 990_003, "Primary", "", "").await;
        on_list(&t, &urn, IncludedPrimary).await;
        let id = sqlx::query_scalar::<_, i64>("SELECT id FROM institutions WHERE urn = '990003'")
            .fetch_one(&t.db.read)
            .await
            .unwrap();
        let app = t.app();
        let admin = app.sign_in("admin").await;
        let page = app
            .get(&format!("/areas/institutions/{id}"), Some(&admin))
            .await;
        assert!(
        page.body.contains("In network scope: yes — Primary; URN on the Included Primary URNs list since 3 March 2026 by ")
            && page.body.contains("(reason: test reason)"),
        "{}",
        page.body
    );
    }
);
