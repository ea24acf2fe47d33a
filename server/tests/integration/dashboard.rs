//! Network dashboards (docs/RULES.md §7): every figure, as every role, equals
//! the total of the list it links to, called as that role; filters chosen at
//! random keep that true; no figure moves when a record outside the role's
//! scope changes (the records matrix's out-of-scope fixture: another
//! Partner's institution).
use crate::both;
use crate::records_matrix::{principal, LOGINS};
use crate::support::{TestApp, TestDb};
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
