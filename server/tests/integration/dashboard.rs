//! Network dashboards (docs/RULES.md §7): every figure, as every role, equals
//! the total of the list it links to, called as that role; filters chosen at
//! random keep that true; no figure moves when a record outside the role's
//! scope changes (the records matrix's out-of-scope fixture: another
//! Partner's institution).
use crate::both;
use crate::records_matrix::{principal, LOGINS};
use crate::support::{TestApp, TestDb};
use app::api::dashboard::period::Period;
use app::auth::permissions::RecordKind;
use serde_json::Value;

/// Every `{label, value, href}` in a dashboard's JSON.
fn figures(v: &Value, out: &mut Vec<(String, i64, String)>) {
    match v {
        Value::Object(m) => {
            if let (Some(Value::String(label)), Some(Value::Number(n)), Some(Value::String(href))) =
                (m.get("label"), m.get("value"), m.get("href"))
            {
                out.push((label.clone(), n.as_i64().unwrap(), href.clone()));
            }
            m.values().for_each(|v| figures(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| figures(v, out)),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

async fn dashboard(app: &TestApp, cookie: &str, query: &str) -> Value {
    let r = app
        .post("/api/dashboard", &[("query", query)], Some(cookie))
        .await;
    assert_eq!(r.status.as_u16(), 200, "{query}: {}", r.body);
    r.json()
}

/// Follows each figure's link through the list server function; returns how
/// many figures were checked.
async fn check_links(app: &TestApp, cookie: &str, login: &str, d: &Value) -> usize {
    let mut fs = vec![];
    figures(d, &mut fs);
    let mut checked = 0;
    for (label, value, href) in fs {
        if href.is_empty() {
            continue;
        }
        let (path, query) = href.split_once('?').unwrap_or((href.as_str(), ""));
        let slug = path.trim_start_matches("/areas/");
        if slug == "monthly-submissions" {
            // Admin's monthly returns: the returns page's own total.
            let r = app
                .post("/api/monthly/returns", &[("query", query)], Some(cookie))
                .await;
            assert_eq!(r.status.as_u16(), 200, "{login} {label} {href}: {}", r.body);
            assert_eq!(
                r.json()["total"].as_i64().unwrap(),
                value,
                "{login}: figure {label:?} = {value} but its returns page {href} totals otherwise"
            );
            checked += 1;
            continue;
        }
        let kind = RecordKind::ALL
            .into_iter()
            .find(|k| k.slug() == slug)
            .unwrap_or_else(|| panic!("{href}: no list"));
        let k = format!("{kind:?}");
        let r = app
            .post(
                "/api/records/list",
                &[("kind", &k), ("query", query)],
                Some(cookie),
            )
            .await;
        assert_eq!(r.status.as_u16(), 200, "{login} {label} {href}: {}", r.body);
        assert_eq!(
            r.json()["total"].as_i64().unwrap(),
            value,
            "{login}: figure {label:?} = {value} but its list {href} totals otherwise"
        );
        checked += 1;
    }
    checked
}

both!(
    every_dashboard_figure_equals_the_total_of_the_list_it_links_to,
    |t: TestDb| async move {
        let app = t.app();
        for login in LOGINS {
            let cookie = app.sign_in(login).await;
            let d = dashboard(&app, &cookie, "").await;
            let checked = check_links(&app, &cookie, login, &d).await;
            // Network Ops may not filter Partner user lists: only its two
            // unfiltered counts link; a careers-hub dashboard links dozens.
            let least = if login == "network-ops" { 2 } else { 20 };
            assert!(
                checked >= least,
                "{login}: only {checked} linked figures in {d}"
            );
        }
    }
);

/// A small deterministic generator (no crate needed).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, xs: &'a [String]) -> Option<&'a String> {
        (!xs.is_empty()).then(|| &xs[(self.next() % xs.len() as u64) as usize])
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

both!(
    figures_under_random_filters_equal_their_lists_totals,
    |t: TestDb| async move {
        let app = t.app();
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let phases: Vec<String> = app::records::schema::PHASES
            .iter()
            .map(|s| s.to_string())
            .collect();
        let types: Vec<String> = app::records::schema::EVALUATION_TYPES
            .iter()
            .map(|s| s.to_string())
            .collect();
        let periods: Vec<String> = Period::ALL.iter().map(|p| p.key().to_string()).collect();
        for login in ["ec", "partner", "sc", "cec-staff", "admin"] {
            let cookie = app.sign_in(login).await;
            let first = dashboard(&app, &cookie, "").await;
            let choices = &first["Hub"]["choices"];
            let (las, ecs, partners) = (
                strings(&choices["local_authorities"]),
                strings(&choices["ecs"]),
                strings(&choices["partners"]),
            );
            for _ in 0..3 {
                let mut pairs: Vec<(&str, String)> = vec![];
                for (key, options) in [
                    ("phase", &phases),
                    ("la", &las),
                    ("ec", &ecs),
                    ("partner", &partners),
                    ("evaluation", &types),
                    ("period", &periods),
                ] {
                    if rng.next().is_multiple_of(3) {
                        if let Some(v) = rng.pick(options) {
                            pairs.push((key, v.clone()));
                        }
                    }
                }
                let query = app::url_query::encode(pairs);
                let d = dashboard(&app, &cookie, &query).await;
                check_links(&app, &cookie, login, &d).await;
            }
        }
    }
);

fn without_national(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove("national_percent");
            m.values_mut().for_each(without_national);
        }
        Value::Array(a) => a.iter_mut().for_each(without_national),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

both!(
    no_dashboard_figure_counts_a_record_outside_the_scope,
    |t: TestDb| async move {
        let app = t.app();
        let ec = principal(&t, "ec").await;
        let partner = ec.network.as_ref().unwrap().binding.partner_id.unwrap();
        // The fixture: another Partner's open secondary institution (in
        // network scope), given a perfect evaluation today and a matched EA.
        let row: (i64, i64) = sqlx::query_as(
            "SELECT MAX(id), MAX(partner_id) FROM institutions WHERE partner_id <> $1 \
             AND phase = 'Secondary' AND status = 'active'",
        )
        .bind(partner)
        .fetch_one(&t.db.read)
        .await
        .unwrap();
        let (outside, other) = row;
        let scoped = ["ec", "partner", "sc"];
        let mut before = vec![];
        for login in scoped.iter().chain(&["admin"]) {
            let cookie = app.sign_in(login).await;
            let mut d = dashboard(&app, &cookie, "").await;
            without_national(&mut d);
            before.push(d);
        }
        let today = app::ssr::clock::today();
        let mut tx = t.db.begin_write().await.unwrap();
        sqlx::query(
            "INSERT INTO compass_reports (institution_id, evaluation_type, completed_on, \
             b1, b2, b3, b4, b5, b6, b7, b8, created_at) VALUES ($1, 'school', $2, 100, 100, 100, 100, 100, 100, 100, 100, 0)",
        )
        .bind(outside)
        .bind(&today)
        .execute(&mut *tx)
        .await
        .unwrap();
        app::ssr::latest_evaluations::refresh(&mut tx, Some(outside))
            .await
            .unwrap();
        let ea: i64 = sqlx::query_scalar(
            "SELECT MAX(id) FROM eas WHERE partner_id = $1 AND status = 'active'",
        )
        .bind(other)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        sqlx::query("INSERT INTO ea_matches (ea_id, institution_id, status, created_at) VALUES ($1, $2, 'active', 0)")
            .bind(ea)
            .bind(outside)
            .execute(&mut *tx)
            .await
            .unwrap();
        app::ssr::scope_flags::refresh(&mut tx, app::ssr::scope_flags::Which::Ids(&[outside]))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        for (i, login) in scoped.iter().chain(&["admin"]).enumerate() {
            let cookie = app.sign_in(login).await;
            let mut d = dashboard(&app, &cookie, "").await;
            without_national(&mut d);
            if *login == "admin" {
                // The fixture is in Admin's (national) scope: the test can fail.
                assert_ne!(d, before[i], "the fixture changes the national dashboard");
            } else {
                assert_eq!(
                    d, before[i],
                    "{login}'s dashboard moved with another Partner's record"
                );
            }
        }
    }
);

both!(
    the_latest_evaluation_table_follows_new_reports,
    |t: TestDb| async move {
        let latest: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT l.institution_id, l.report_id FROM latest_evaluations l ORDER BY l.institution_id",
        )
        .fetch_all(&t.db.read)
        .await
        .unwrap();
        let computed: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT c.institution_id, MAX(c.id) FROM compass_reports c WHERE c.completed_on = \
             (SELECT MAX(x.completed_on) FROM compass_reports x WHERE x.institution_id = c.institution_id) \
             GROUP BY c.institution_id ORDER BY c.institution_id",
        )
        .fetch_all(&t.db.read)
        .await
        .unwrap();
        assert!(!latest.is_empty());
        assert_eq!(latest, computed);
    }
);

/// A Compass report as read: institution, id, completed on, b1 to b8.
type ReportRow = (i64, i64, String, i64, i64, i64, i64, i64, i64, i64, i64);

/// Every Compass report as (institution, id, completed on, benchmarks fully
/// achieved), oldest first per institution (the last seen per term is the latest).
async fn evaluations(t: &TestDb) -> Vec<(i64, i64, String, i64)> {
    let rows: Vec<ReportRow> = sqlx::query_as(
        "SELECT institution_id, id, completed_on, b1, b2, b3, b4, b5, b6, b7, b8 \
         FROM compass_reports ORDER BY institution_id, completed_on, id",
    )
    .fetch_all(&t.db.read)
    .await
    .unwrap();
    rows.into_iter()
        .map(|r| {
            let achieved = [r.3, r.4, r.5, r.6, r.7, r.8, r.9, r.10]
                .iter()
                .filter(|b| **b == 100)
                .count() as i64;
            (r.0, r.1, r.2, achieved)
        })
        .collect()
}

both!(
    the_term_table_keeps_each_institutions_last_evaluation_per_term,
    |t: TestDb| async move {
        use app::api::dashboard::figures::Term;
        use std::collections::BTreeMap;
        // A second report in an existing (institution, term) replaces the first.
        let (inst, day): (i64, String) = sqlx::query_as(
            "SELECT institution_id, MAX(completed_on) FROM compass_reports \
             GROUP BY institution_id ORDER BY institution_id LIMIT 1",
        )
        .fetch_one(&t.db.read)
        .await
        .unwrap();
        let mut tx = t.db.begin_write().await.unwrap();
        sqlx::query(
            "INSERT INTO compass_reports (institution_id, evaluation_type, completed_on, \
             b1, b2, b3, b4, b5, b6, b7, b8, created_at) VALUES ($1, 'school', $2, 100, 100, 100, 0, 0, 0, 0, 0, 0)",
        )
        .bind(inst)
        .bind(&day)
        .execute(&mut *tx)
        .await
        .unwrap();
        app::ssr::latest_evaluations::refresh(&mut tx, Some(inst))
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let reports = evaluations(&t).await;
        let mut expected: BTreeMap<(i64, String), (i64, i64)> = BTreeMap::new();
        for (inst, id, day, achieved) in &reports {
            let term = Term::of_date(day).unwrap().key();
            expected.insert((*inst, term), (*id, *achieved));
        }
        let stored: Vec<(i64, String, i64, i64)> = sqlx::query_as(
            "SELECT institution_id, term, report_id, achieved FROM term_evaluations \
             ORDER BY institution_id, term",
        )
        .fetch_all(&t.db.read)
        .await
        .unwrap();
        let stored: BTreeMap<(i64, String), (i64, i64)> = stored
            .into_iter()
            .map(|(i, term, id, a)| ((i, term), (id, a)))
            .collect();
        assert!(!stored.is_empty());
        assert_eq!(stored, expected);
        let newest = reports.iter().map(|r| r.1).max().unwrap();
        let term = Term::of_date(&day).unwrap().key();
        assert_eq!(stored[&(inst, term)], (newest, 3));
    }
);

/// Every institution id on a list (all pages).
async fn list_ids(app: &TestApp, cookie: &str, href: &str) -> Vec<i64> {
    let (_, query) = href.split_once('?').unwrap_or((href, ""));
    let mut ids = vec![];
    for page in 1.. {
        let q = format!("{query}&per_page=100&page={page}");
        let r = app
            .post(
                "/api/records/list",
                &[("kind", "Institution"), ("query", &q)],
                Some(cookie),
            )
            .await;
        assert_eq!(r.status.as_u16(), 200, "{href}: {}", r.body);
        let v = r.json();
        let rows = v["rows"].as_array().unwrap().clone();
        ids.extend(rows.iter().map(|row| row["id"].as_i64().unwrap()));
        if ids.len() as i64 >= v["total"].as_i64().unwrap() || rows.is_empty() {
            break;
        }
    }
    ids
}

both!(
    the_trend_averages_the_dashboards_own_institutions_per_term,
    |t: TestDb| async move {
        use app::api::dashboard::figures::Term;
        use std::collections::BTreeMap;
        let app = t.app();
        let reports = evaluations(&t).await;
        let terms = Term::of_date(&app::ssr::clock::today()).unwrap().last(9);
        for (login, query) in [("ec", ""), ("partner", "phase=Secondary"), ("admin", "")] {
            let cookie = app.sign_in(login).await;
            let d = dashboard(&app, &cookie, query).await;
            let href = d["Hub"]["institutions"]["href"]
                .as_str()
                .unwrap()
                .to_string();
            let ids: std::collections::HashSet<i64> =
                list_ids(&app, &cookie, &href).await.into_iter().collect();
            let mut last: BTreeMap<(i64, String), i64> = BTreeMap::new();
            for (inst, _, day, achieved) in reports.iter().filter(|r| ids.contains(&r.0)) {
                last.insert((*inst, Term::of_date(day).unwrap().key()), *achieved);
            }
            let trend = d["Hub"]["trend"].as_array().unwrap();
            assert_eq!(trend.len(), 9);
            let mut any = 0;
            for (term, point) in terms.iter().zip(trend) {
                let key = term.key();
                let mine: Vec<i64> = last
                    .iter()
                    .filter(|((_, k), _)| *k == key)
                    .map(|(_, a)| *a)
                    .collect();
                assert_eq!(point["term"], term.label());
                assert_eq!(
                    point["evaluated"].as_i64().unwrap(),
                    mine.len() as i64,
                    "{login} {key}"
                );
                assert_eq!(
                    point["achieved_sum"].as_i64().unwrap(),
                    mine.iter().sum::<i64>(),
                    "{login} {key}"
                );
                any += mine.len();
            }
            assert!(any > 0, "{login}: the fixture has evaluations in the trend");
        }
    }
);

both!(
    a_remembered_dashboard_is_counted_again_after_any_change,
    |t: TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("partner").await;
        let dbs = |d: &Value| {
            d["Hub"]["pipeline"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["label"] == "DBS check outstanding")
                .unwrap()["value"]
                .as_i64()
                .unwrap()
        };
        let before = dashboard(&app, &cookie, "").await;
        // Served again unchanged while nothing changes.
        assert_eq!(dashboard(&app, &cookie, "").await, before);
        let p = principal(&t, "partner").await;
        let partner = p.network.as_ref().unwrap().binding.partner_id.unwrap();
        let (ea, version): (i64, i64) = sqlx::query_as(
            "SELECT id, version FROM eas WHERE partner_id = $1 AND status = 'active' \
             AND COALESCE(dbs_check_on, '') = '' ORDER BY id LIMIT 1",
        )
        .bind(partner)
        .fetch_one(&t.db.read)
        .await
        .unwrap();
        // An edit adds no row to a counted table, only its audit rows.
        let r = app
            .post(
                "/api/records/save",
                &[
                    ("kind", "Ea"),
                    ("id", &ea.to_string()),
                    ("version", &version.to_string()),
                    ("values[dbs_check_on]", "2025-01-15"),
                ],
                Some(&cookie),
            )
            .await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.body);
        let after = dashboard(&app, &cookie, "").await;
        assert_eq!(dbs(&after), dbs(&before) - 1);
        check_links(&app, &cookie, "partner", &after).await;
    }
);

both!(
    monthly_returns_show_on_partner_and_admin_dashboards_only,
    |t: TestDb| async move {
        let app = t.app();
        for login in ["ec", "sc", "cec-staff"] {
            let cookie = app.sign_in(login).await;
            let d = dashboard(&app, &cookie, "").await;
            assert!(
                d["Hub"]["monthly"].is_null(),
                "{login}: {}",
                d["Hub"]["monthly"]
            );
        }
        let cookie = app.sign_in("partner").await;
        let d = dashboard(&app, &cookie, "").await;
        let m = &d["Hub"]["monthly"];
        assert!(m["own"].is_object(), "{m}");
        assert!(m["by_status"].as_array().unwrap().is_empty());
        let admin = app.sign_in("admin").await;
        let d = dashboard(&app, &admin, "").await;
        let by_status = d["Hub"]["monthly"]["by_status"].as_array().unwrap();
        assert_eq!(by_status.len(), 6, "{by_status:?}");
        // Every active Partner is in exactly one state.
        let partners: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM partners WHERE status = 'active'")
                .fetch_one(&t.db.read)
                .await
                .unwrap();
        let states: i64 = by_status[..5]
            .iter()
            .map(|f| f["value"].as_i64().unwrap())
            .sum();
        assert_eq!(states, partners);
        assert!(check_links(&app, &admin, "admin", &d).await > 6);
    }
);

both!(
    the_period_keeps_the_institutions_evaluated_in_it,
    |t: TestDb| async move {
        let app = t.app();
        let today = app::ssr::clock::today();
        let value = |d: &Value, key: &str| d["Hub"][key]["value"].as_i64().unwrap();
        // The demo's evaluations are dated back from January 2026: give one
        // of the EC's in-scope institutions an evaluation today, so every
        // period holds at least one institution for each of the three roles.
        let ec = principal(&t, "ec")
            .await
            .network
            .unwrap()
            .binding
            .ec_id
            .unwrap();
        let inst: i64 = sqlx::query_scalar(
            "SELECT MIN(id) FROM institutions WHERE ec_id = $1 AND status = 'active' AND in_scope = 1",
        )
        .bind(ec)
        .fetch_one(&t.db.read)
        .await
        .unwrap();
        let mut tx = t.db.begin_write().await.unwrap();
        sqlx::query(
            "INSERT INTO compass_reports (institution_id, evaluation_type, completed_on, \
             b1, b2, b3, b4, b5, b6, b7, b8, created_at) VALUES ($1, 'school', $2, 100, 100, 50, 50, 50, 50, 50, 50, 0)",
        )
        .bind(inst)
        .bind(&today)
        .execute(&mut *tx)
        .await
        .unwrap();
        app::ssr::latest_evaluations::refresh(&mut tx, Some(inst))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        for login in ["ec", "partner", "admin"] {
            let cookie = app.sign_in(login).await;
            let all = dashboard(&app, &cookie, "").await;
            // "The last 12 months" is exactly the complement of the stale figure.
            let recent = dashboard(&app, &cookie, "period=12m").await;
            assert_eq!(recent["Hub"]["query"]["period"], "12m");
            assert_eq!(
                value(&recent, "institutions"),
                value(&all, "institutions") - value(&all, "stale"),
                "{login}"
            );
            assert_eq!(value(&recent, "stale"), 0, "{login}");
            assert!(
                value(&recent, "institutions") > 0,
                "{login}: the fixture has a recent evaluation"
            );
            // Every period: each linked figure carries the period's first day
            // and equals its list's total.
            for p in Period::ALL {
                let d = dashboard(&app, &cookie, &format!("period={}", p.key())).await;
                let mut fs = vec![];
                figures(&d["Hub"]["institutions"], &mut fs);
                figures(&d["Hub"]["benchmarks"], &mut fs);
                figures(&d["Hub"]["breakdowns"], &mut fs);
                let from = format!("f_latest_evaluation_from={}", p.start(&today));
                for (label, _, href) in fs.iter().filter(|f| !f.2.is_empty()) {
                    assert!(href.contains(&from), "{login} {p:?} {label}: {href}");
                }
                assert!(
                    check_links(&app, &cookie, login, &d).await >= 10,
                    "{login} {p:?}"
                );
            }
        }
        // A period the dashboard does not know is ignored, as other unknown choices are.
        let cookie = app.sign_in("ec").await;
        let d = dashboard(&app, &cookie, "period=decade").await;
        assert!(d["Hub"]["query"]["period"].is_null());
    }
);
