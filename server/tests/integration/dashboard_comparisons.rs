//! docs/RULES.md §7 and §7.4: the dashboards' comparison columns (the
//! Partner's and the nation's % of evaluated Institutions fully achieving
//! each benchmark) equal what counting the Institution list gives, under
//! random filters (with a period: the live pass; without: the tallies kept
//! on write), for every role that sees them.
use crate::both;
use crate::records_matrix::principal;
use crate::support::{TestApp, TestDb};
use app::api::dashboard::period::Period;
use serde_json::Value;

/// A small deterministic generator.
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

async fn dashboard(app: &TestApp, cookie: &str, query: &str) -> Value {
    let r = app
        .post("/api/dashboard", &[("query", query)], Some(cookie))
        .await;
    assert_eq!(r.status.as_u16(), 200, "{query}: {}", r.body);
    r.json()
}

async fn total(app: &TestApp, admin: &str, filters: &[(String, String)]) -> i64 {
    let query = app::url_query::encode(filters.iter().map(|(k, v)| (format!("f_{k}"), v.clone())));
    let r = app
        .post(
            "/api/records/list",
            &[("kind", "Institution"), ("query", &query)],
            Some(admin),
        )
        .await;
    assert_eq!(r.status.as_u16(), 200, "{query}: {}", r.body);
    r.json()["total"].as_i64().unwrap()
}

/// Each benchmark's % over the Institution list with `filters`, counted
/// through the list as Admin: evaluated ones, and those fully achieving it.
async fn expected(app: &TestApp, admin: &str, filters: &[(String, String)]) -> Vec<Option<f64>> {
    let evaluated = total(app, admin, filters).await;
    let mut out = vec![];
    for k in 1..=8 {
        let mut f = filters.to_vec();
        f.push(("benchmarks_fully_achieved".into(), k.to_string()));
        let achieved = total(app, admin, &f).await;
        out.push((evaluated > 0).then(|| achieved as f64 * 100.0 / evaluated as f64));
    }
    out
}

fn column(d: &Value, key: &str) -> Vec<Option<f64>> {
    d["Hub"]["benchmarks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b[key].as_f64())
        .collect()
}

fn same(got: &[Option<f64>], want: &[Option<f64>]) -> bool {
    got.len() == want.len()
        && got.iter().zip(want).all(|(g, w)| match (g, w) {
            (Some(g), Some(w)) => (g - w).abs() < 1e-9,
            (None, None) => true,
            _ => false,
        })
}

both!(
    comparison_columns_equal_their_lists_counts,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("admin").await;
        let today = app::ssr::clock::today();
        let mut rng = Rng(0x5851_f42d_4c95_7f2d);
        let strings = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let phases = strings(app::records::schema::PHASES);
        let types = strings(app::records::schema::EVALUATION_TYPES);
        let periods: Vec<String> = Period::ALL.iter().map(|p| p.key().to_string()).collect();
        let mut tallied = 0;
        for login in ["ec", "sc", "partner", "cec-staff"] {
            let cookie = app.sign_in(login).await;
            let who = principal(&t, login).await;
            let partner = who.network.as_ref().and_then(|g| g.binding.partner_id);
            let partner_name: Option<String> = match partner {
                Some(id) => sqlx::query_scalar("SELECT name FROM partners WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&t.db.read)
                    .await
                    .unwrap(),
                None => None,
            };
            if let Some(name) = &partner_name {
                let same_name: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM partners WHERE name = $1")
                        .bind(name)
                        .fetch_one(&t.db.read)
                        .await
                        .unwrap();
                assert_eq!(same_name, 1, "a Partner's name picks it on the list");
            }
            let first = dashboard(&app, &cookie, "").await;
            let las: Vec<String> = first["Hub"]["choices"]["local_authorities"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect();
            for round in 0..5 {
                let mut pairs: Vec<(&str, String)> = vec![];
                let mut filters: Vec<(String, String)> = vec![("in_scope".into(), "yes".into())];
                // The first round has no filter; later ones about half of each.
                for (key, options) in [
                    ("phase", &phases),
                    ("la", &las),
                    ("evaluation", &types),
                    ("period", &periods),
                ] {
                    if round == 0 || !rng.next().is_multiple_of(2) {
                        continue;
                    }
                    let Some(v) = rng.pick(options) else { continue };
                    pairs.push((key, v.clone()));
                    let filter = match key {
                        "phase" => ("phase", v.clone()),
                        "la" => ("local_authority", format!("\"{v}\"")),
                        "evaluation" => ("latest_evaluation_type", v.clone()),
                        _ => (
                            "latest_evaluation_from",
                            Period::from_key(v).unwrap().start(&today),
                        ),
                    };
                    filters.push((filter.0.into(), filter.1));
                }
                if !pairs.iter().any(|(k, _)| *k == "period") {
                    tallied += 1;
                    // Only Institutions with a latest evaluation count.
                    filters.push(("latest_evaluation_from".into(), "1900-01-01".into()));
                }
                let query = app::url_query::encode(pairs);
                let d = dashboard(&app, &cookie, &query).await;
                let national = expected(&app, &admin, &filters).await;
                let got = column(&d, "national_percent");
                assert!(
                    same(&got, &national),
                    "{login} {query}: national {got:?}, list {national:?}"
                );
                let got = column(&d, "partner_percent");
                let want = match (login, &partner_name) {
                    ("cec-staff", _) => vec![None; 8],
                    (_, None) => vec![None; 8],
                    (_, Some(name)) => {
                        let mut f = filters.clone();
                        f.push(("partner".into(), format!("\"{name}\"")));
                        expected(&app, &admin, &f).await
                    }
                };
                assert!(
                    same(&got, &want),
                    "{login} {query}: Partner {got:?}, list {want:?}"
                );
                if round == 0 && login != "cec-staff" {
                    assert!(
                        want.iter().any(|p| p.is_some()),
                        "{login}: the fixture has evaluations"
                    );
                }
            }
        }
        assert!(tallied >= 4, "the tallies answered {tallied} dashboards");
    }
);
