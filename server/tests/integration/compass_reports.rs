//! Compass Progress Reports (docs/RULES.md §3.2): every list filter's total
//! equals a count made here in plain Rust over the fixture's rows; a report's
//! previous evaluation, change and averages equal the same plain reckoning,
//! and the viewer's average never moves when reports outside their scope do;
//! out-of-scope reports are 404 and Network Ops is refused; bad filter values
//! are refused with their reason.
use crate::both;
use crate::records_matrix::principal;
use crate::support::{TestApp, TestDb};
use sqlx::Row as _;
use std::collections::HashMap;

/// One report as stored, with its institution's EC and Partner.
#[derive(Clone, Debug)]
struct Report {
    id: i64,
    institution: i64,
    on: String,
    kind: String,
    b: [i64; 8],
    ec: Option<i64>,
    partner: Option<i64>,
}

impl Report {
    fn achieved(&self) -> i64 {
        self.b.iter().filter(|s| **s == 100).count() as i64
    }
    fn order(&self) -> (&str, i64) {
        (self.on.as_str(), self.id)
    }
}

async fn reports(t: &TestDb) -> Vec<Report> {
    let rows = sqlx::query(
        "SELECT c.id, c.institution_id, c.completed_on, c.evaluation_type, c.b1, c.b2, c.b3, c.b4, \
         c.b5, c.b6, c.b7, c.b8, i.ec_id, i.partner_id FROM compass_reports c \
         JOIN institutions i ON i.id = c.institution_id",
    )
    .fetch_all(&t.db.read)
    .await
    .unwrap();
    rows.iter()
        .map(|r| Report {
            id: r.get(0),
            institution: r.get(1),
            on: r.get(2),
            kind: r.get(3),
            b: std::array::from_fn(|k| r.get::<i64, _>(4 + k)),
            ec: r.get(12),
            partner: r.get(13),
        })
        .collect()
}

/// Each institution's latest report id (completed last; last recorded on the day).
fn latest(all: &[Report]) -> HashMap<i64, i64> {
    let mut best: HashMap<i64, &Report> = HashMap::new();
    for r in all {
        let e = best.entry(r.institution).or_insert(r);
        if r.order() > e.order() {
            *e = r;
        }
    }
    best.into_iter().map(|(i, r)| (i, r.id)).collect()
}

/// Whether a report is in the login's scope (EC: its caseload; Partner: its
/// hub; Admin: all), reckoned from the binding, not from the list's SQL.
async fn scope_of(t: &TestDb, login: &'static str) -> impl Fn(&Report) -> bool {
    let b = principal(t, login).await.network.unwrap().binding;
    move |r: &Report| match login {
        "ec" => r.ec.is_some() && r.ec == b.ec_id,
        "partner" => r.partner.is_some() && r.partner == b.partner_id,
        _ => true,
    }
}

async fn list_total(app: &TestApp, cookie: &str, query: &str) -> i64 {
    let r = app
        .post(
            "/api/records/list",
            &[("kind", "CompassReport"), ("query", query)],
            Some(cookie),
        )
        .await;
    assert_eq!(r.status.as_u16(), 200, "{query}: {}", r.body);
    r.json()["total"].as_i64().unwrap()
}

type Keep = Box<dyn Fn(&Report, bool) -> bool>;

/// (URL query, which reports it keeps given whether each is its institution's latest).
fn filters(mid: &str, late: &str) -> Vec<(String, Keep)> {
    let mut out: Vec<(String, Keep)> = vec![];
    for (n, p) in [(5, 50), (1, 100), (8, 30), (3, 1)] {
        out.push((
            format!("f_b{n}={p}"),
            Box::new(move |r: &Report, _| r.b[n - 1] < p),
        ));
    }
    for k in 0..=8 {
        out.push((
            format!("f_achieved={k}"),
            Box::new(move |r: &Report, _| r.achieved() == k),
        ));
    }
    for ty in ["school", "special", "college"] {
        out.push((
            format!("f_evaluation_type={ty}"),
            Box::new(move |r: &Report, _| r.kind == ty),
        ));
    }
    let (m, l) = (mid.to_string(), late.to_string());
    out.push((
        format!("f_completed_on_from={mid}"),
        Box::new(move |r: &Report, _| r.on.as_str() >= m.as_str()),
    ));
    let m = mid.to_string();
    out.push((
        format!("f_completed_on_to={mid}"),
        Box::new(move |r: &Report, _| r.on.as_str() <= m.as_str()),
    ));
    let m = mid.to_string();
    out.push((
        format!("f_completed_on_from={mid}&f_completed_on_to={late}"),
        Box::new(move |r: &Report, _| r.on.as_str() >= m.as_str() && r.on.as_str() <= l.as_str()),
    ));
    out.push(("f_latest=yes".into(), Box::new(|_, latest| latest)));
    out.push(("f_latest=no".into(), Box::new(|_, latest| !latest)));
    let m = mid.to_string();
    out.push((
        format!("f_institution_latest={mid}"),
        Box::new(move |r: &Report, latest| latest && r.on.as_str() < m.as_str()),
    ));
    let m = mid.to_string();
    out.push((
        format!("f_b5=70&f_evaluation_type=school&f_completed_on_from={mid}"),
        Box::new(move |r: &Report, _| {
            r.b[4] < 70 && r.kind == "school" && r.on.as_str() >= m.as_str()
        }),
    ));
    out.push((
        "f_achieved=2&f_latest=yes".into(),
        Box::new(|r: &Report, latest| latest && r.achieved() == 2),
    ));
    out
}

/// A date at `num/den` of the way through the reports' dates.
fn date_at(all: &[Report], num: usize, den: usize) -> String {
    let mut dates: Vec<&str> = all.iter().map(|r| r.on.as_str()).collect();
    dates.sort();
    dates[dates.len() * num / den].to_string()
}

both!(
    every_compass_filter_equals_a_plain_count_in_each_scope,
    |t: TestDb| async move {
        let app = t.app();
        let all = reports(&t).await;
        let latest = latest(&all);
        let is_latest = |r: &Report| latest.get(&r.institution) == Some(&r.id);
        let (mid, late) = (date_at(&all, 1, 2), date_at(&all, 4, 5));
        let mut nontrivial = 0;
        for login in ["admin", "ec", "partner"] {
            let in_scope = scope_of(&t, login).await;
            let scoped: Vec<&Report> = all.iter().filter(|r| in_scope(r)).collect();
            assert!(scoped.len() > 4, "{login}: too few reports in scope");
            let cookie = app.sign_in(login).await;
            for (query, keep) in filters(&mid, &late) {
                let want = scoped.iter().filter(|r| keep(r, is_latest(r))).count() as i64;
                let got = list_total(&app, &cookie, &query).await;
                assert_eq!(got, want, "{login} {query}");
                if login == "admin" && want > 0 && want < all.len() as i64 {
                    nontrivial += 1;
                }
            }
        }
        // The fixture exercises the filters: most keep some reports, not all.
        assert!(
            nontrivial >= 15,
            "only {nontrivial} filters narrowed the admin's list"
        );
    }
);

both!(
    bad_filter_values_are_refused_with_the_filter_and_the_reason,
    |t: TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("admin").await;
        let cases = [
            (
                "f_b5=0",
                "5 Encounters with employers under (%)",
                "from 1 to 100",
            ),
            (
                "f_b5=abc",
                "5 Encounters with employers under (%)",
                "from 1 to 100",
            ),
            (
                "f_b2=101",
                "2 Labour market information under (%)",
                "from 1 to 100",
            ),
            ("f_achieved=9", "Benchmarks fully achieved", "from 0 to 8"),
            ("f_achieved=-1", "Benchmarks fully achieved", "from 0 to 8"),
            (
                "f_completed_on_from=2024-13-01",
                "Date completed from",
                "YYYY-MM-DD",
            ),
            (
                "f_institution_latest=yesterday",
                "Institution's latest evaluation",
                "YYYY-MM-DD",
            ),
            (
                "f_evaluation_type=primary",
                "Evaluation type",
                "school, special, college",
            ),
            (
                "f_completed_on_from=2025-02-01&f_completed_on_to=2025-01-01",
                "Date completed",
                "ends (2025-01-01) before it starts (2025-02-01)",
            ),
        ];
        for (query, field, why) in cases {
            let r = app
                .post(
                    "/api/records/list",
                    &[("kind", "CompassReport"), ("query", query)],
                    Some(&cookie),
                )
                .await;
            assert_eq!(r.status.as_u16(), 422, "{query}: {}", r.body);
            assert!(
                r.body.contains(field) && r.body.contains(why),
                "{query}: the refusal should name {field:?} and say {why:?}: {}",
                r.body
            );
            let dl = app
                .get(
                    &format!("/api/records/compass-reports/download?format=csv&{query}"),
                    Some(&cookie),
                )
                .await;
            assert_eq!(dl.status.as_u16(), 422, "download {query}: {}", dl.body);
        }
        // An empty value is no filter at all, not a refusal.
        let all = reports(&t).await.len() as i64;
        assert_eq!(list_total(&app, &cookie, "f_b5=&f_achieved=").await, all);
    }
);

async fn get(app: &TestApp, cookie: &str, kind: &str, id: i64) -> crate::support::Reply {
    let id = id.to_string();
    app.post(
        "/api/records/get",
        &[("kind", kind), ("id", id.as_str())],
        Some(cookie),
    )
    .await
}

/// Count and per-benchmark sum of scores of the latest reports `keep` selects.
fn sums(
    all: &[Report],
    latest: &HashMap<i64, i64>,
    keep: impl Fn(&Report) -> bool,
) -> (i64, Vec<i64>) {
    let chosen: Vec<&Report> = all
        .iter()
        .filter(|r| latest.get(&r.institution) == Some(&r.id) && keep(r))
        .collect();
    let sums = (0..8)
        .map(|k| chosen.iter().map(|r| r.b[k]).sum())
        .collect();
    (chosen.len() as i64, sums)
}

fn assert_average(v: &serde_json::Value, want: &(i64, Vec<i64>), what: &str) {
    assert_eq!(
        v["institutions"].as_i64().unwrap(),
        want.0,
        "{what}: institutions"
    );
    let got: Vec<i64> = serde_json::from_value(v["sums"].clone()).unwrap();
    assert_eq!(got, want.1, "{what}: sums of scores");
}

both!(
    a_report_shows_its_previous_evaluation_change_and_averages_within_scope,
    |t: TestDb| async move {
        let app = t.app();
        let all = reports(&t).await;
        let latest = latest(&all);
        for login in ["ec", "partner", "admin"] {
            let in_scope = scope_of(&t, login).await;
            let cookie = app.sign_in(login).await;
            // A report in scope with an earlier evaluation, and one without.
            let with_previous = all
                .iter()
                .filter(|r| in_scope(r))
                .find(|r| {
                    all.iter()
                        .any(|p| p.institution == r.institution && p.order() < r.order())
                })
                .expect("a report with a previous evaluation in scope");
            let first = all
                .iter()
                .filter(|r| in_scope(r))
                .find(|r| {
                    !all.iter()
                        .any(|p| p.institution == r.institution && p.order() < r.order())
                })
                .expect("a first evaluation in scope");
            for r in [with_previous, first] {
                let reply = get(&app, &cookie, "CompassReport", r.id).await;
                assert_eq!(
                    reply.status.as_u16(),
                    200,
                    "{login} {}: {}",
                    r.id,
                    reply.body
                );
                let f = &reply.json()["compass"]["Report"];
                let prev = all
                    .iter()
                    .filter(|p| p.institution == r.institution && p.order() < r.order())
                    .max_by(|a, b| a.order().cmp(&b.order()));
                assert_eq!(f["report"]["id"].as_i64(), Some(r.id));
                let scores: Vec<i64> =
                    serde_json::from_value(f["report"]["scores"].clone()).unwrap();
                assert_eq!(scores, r.b.to_vec());
                match prev {
                    Some(p) => {
                        assert_eq!(
                            f["previous"]["id"].as_i64(),
                            Some(p.id),
                            "{login}: previous of {}",
                            r.id
                        );
                        let prev_scores: Vec<i64> =
                            serde_json::from_value(f["previous"]["scores"].clone()).unwrap();
                        assert_eq!(prev_scores, p.b.to_vec());
                    }
                    None => assert!(f["previous"].is_null(), "{login}: {} has no previous", r.id),
                }
                let scope = sums(&all, &latest, &in_scope);
                assert_average(&f["scope"], &scope, &format!("{login} scope average"));
                // The heading's link lists exactly the reports averaged.
                let href = f["scope_href"].as_str().unwrap();
                let query = href.split_once('?').map(|(_, q)| q).unwrap_or("");
                assert_eq!(
                    list_total(&app, &cookie, query).await,
                    scope.0,
                    "{login}: {href}"
                );
                let partner = sums(&all, &latest, |x| {
                    x.partner.is_some() && x.partner == r.partner
                });
                assert_average(&f["partner"], &partner, &format!("{login} Partner average"));
            }
        }
    }
);

both!(
    the_viewers_average_ignores_reports_outside_their_scope,
    |t: TestDb| async move {
        let app = t.app();
        let who = principal(&t, "ec").await;
        let ec = who.network.as_ref().unwrap().binding.ec_id.unwrap();
        let all = reports(&t).await;
        let mine = all.iter().find(|r| r.ec == Some(ec)).unwrap().id;
        let cookie = app.sign_in("ec").await;
        let before = get(&app, &cookie, "CompassReport", mine).await.json()["compass"]["Report"]
            ["scope"]
            .clone();
        // Every score outside the caseload (and its latest-evaluation copy) to 0.
        let outside = format!(
            "institution_id IN (SELECT id FROM institutions WHERE ec_id IS NULL OR ec_id <> {ec})"
        );
        for table in ["compass_reports", "latest_evaluations"] {
            t.exec(&format!(
                "UPDATE {table} SET b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, b7 = 0, b8 = 0 WHERE {outside}"
            ))
            .await;
        }
        let after = get(&app, &cookie, "CompassReport", mine).await.json()["compass"]["Report"]
            ["scope"]
            .clone();
        assert_eq!(
            before, after,
            "the caseload average moved with reports outside the caseload"
        );
    }
);

both!(
    out_of_scope_reports_are_not_found_and_network_ops_is_refused,
    |t: TestDb| async move {
        let app = t.app();
        let who = principal(&t, "ec").await;
        let ec = who.network.as_ref().unwrap().binding.ec_id.unwrap();
        let all = reports(&t).await;
        let theirs = all.iter().find(|r| r.ec != Some(ec)).unwrap().id;
        let cookie = app.sign_in("ec").await;
        let r = get(&app, &cookie, "CompassReport", theirs).await;
        assert_eq!(r.status.as_u16(), 404, "{}", r.body);
        assert!(
            !r.body.contains("scope"),
            "a 404 says nothing of the report: {}",
            r.body
        );
        let ops = app.sign_in("network-ops").await;
        let r = get(&app, &ops, "CompassReport", all[0].id).await;
        assert_eq!(r.status.as_u16(), 403, "{}", r.body);
        // Network Ops views Institutions but not their Compass history.
        let r = get(&app, &ops, "Institution", all[0].institution).await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.body);
        assert!(r.json()["compass"].is_null(), "{}", r.body);
    }
);

both!(
    an_institution_shows_its_evaluations_oldest_first,
    |t: TestDb| async move {
        let app = t.app();
        let all = reports(&t).await;
        let cookie = app.sign_in("admin").await;
        let inst = all
            .iter()
            .map(|r| r.institution)
            .find(|i| all.iter().filter(|r| r.institution == *i).count() >= 3)
            .unwrap();
        let mut want: Vec<&Report> = all.iter().filter(|r| r.institution == inst).collect();
        want.sort_by(|a, b| a.order().cmp(&b.order()));
        let r = get(&app, &cookie, "Institution", inst).await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.body);
        let got = r.json()["compass"]["History"].as_array().unwrap().clone();
        let ids: Vec<i64> = got.iter().map(|e| e["id"].as_i64().unwrap()).collect();
        assert_eq!(ids, want.iter().map(|r| r.id).collect::<Vec<_>>());
        for (e, w) in got.iter().zip(&want) {
            let scores: Vec<i64> = serde_json::from_value(e["scores"].clone()).unwrap();
            assert_eq!(scores, w.b.to_vec());
        }
    }
);

/// A new report at `institution` completed on `on`, written straight to the
/// table as an import would; its id.
async fn insert_report(t: &TestDb, institution: i64, on: &str, score: i64) -> i64 {
    t.exec(&format!(
        "INSERT INTO compass_reports (institution_id, evaluation_type, completed_on, \
         b1, b2, b3, b4, b5, b6, b7, b8, created_at) \
         VALUES ({institution}, 'school', '{on}', {score}, {score}, {score}, {score}, {score}, {score}, {score}, {score}, 0)"
    ))
    .await;
    sqlx::query("SELECT MAX(id) FROM compass_reports")
        .fetch_one(&t.db.read)
        .await
        .unwrap()
        .get(0)
}

/// A record's value of `key` (its values are `[key, value]` pairs).
fn value_of(record: &serde_json::Value, key: &str) -> Option<String> {
    record["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|kv| kv[0] == key)
        .and_then(|kv| kv[1].as_str().map(String::from))
}

// RULES §3.2: two reports completed on the same day follow each other in the
// order they were recorded, both on the report's page (its previous
// evaluation) and in the "change" column.
both!(
    reports_completed_on_the_same_day_follow_the_order_recorded,
    |t: TestDb| async move {
        let app = t.app();
        let cookie = app.sign_in("admin").await;
        let all = reports(&t).await;
        let inst = all[0].institution;
        let last = all
            .iter()
            .filter(|r| r.institution == inst)
            .max_by(|a, b| a.order().cmp(&b.order()))
            .unwrap();
        let avg = |b: &[i64]| b.iter().sum::<i64>() / 8;
        // After every other report; the first recorded scores 40, the second 70.
        let first = insert_report(&t, inst, "2099-01-01", 40).await;
        let second = insert_report(&t, inst, "2099-01-01", 70).await;
        for (id, previous, change) in [(first, last.id, 40 - avg(&last.b)), (second, first, 30)] {
            let r = get(&app, &cookie, "CompassReport", id).await;
            assert_eq!(r.status.as_u16(), 200, "{}", r.body);
            let v = r.json();
            assert_eq!(
                v["compass"]["Report"]["previous"]["id"].as_i64(),
                Some(previous),
                "the previous evaluation of {id}"
            );
            assert_eq!(
                value_of(&v, "change"),
                Some(change.to_string()),
                "the change of {id}: {}",
                r.body
            );
        }
    }
);

/// Reports whose institution's name or URN contains `text`, counted here row
/// by row, within a Partner when given.
async fn reports_containing(t: &TestDb, text: &str, partner: Option<i64>) -> i64 {
    let op = match t.db.backend {
        app::ssr::db::Backend::Sqlite => "LIKE",
        app::ssr::db::Backend::Postgres => "ILIKE",
    };
    let within = partner.map_or(String::new(), |p| format!(" AND i.partner_id = {p}"));
    sqlx::query(&format!(
        "SELECT COUNT(*) FROM compass_reports c JOIN institutions i ON i.id = c.institution_id \
         WHERE (i.name {op} $1 ESCAPE '\\' OR i.urn {op} $1 ESCAPE '\\'){within}"
    ))
    .bind(app::ssr::search::contains_pattern(text))
    .fetch_one(&t.db.read)
    .await
    .unwrap()
    .get::<i64, _>(0)
}

// A searched list's total adds up each institution's stored number of
// reports (RULES §3.1): it follows reports added, moved to another
// institution and removed, for the nation and within a Partner, and a
// filter on the reports themselves still counts them one by one.
both!(
    a_searched_total_follows_reports_added_moved_and_removed,
    |t: TestDb| async move {
        let app = t.app();
        let all = reports(&t).await;
        let partner_id = principal(&t, "partner")
            .await
            .network
            .unwrap()
            .binding
            .partner_id
            .unwrap();
        let ours = |r: &&Report| r.partner == Some(partner_id);
        let a = all.iter().find(ours).unwrap().institution;
        let b = all
            .iter()
            .find(|r| ours(r) && r.institution != a)
            .unwrap()
            .institution;
        let urn_of = |id: i64| {
            let t = &t;
            async move {
                sqlx::query(&format!("SELECT urn FROM institutions WHERE id = {id}"))
                    .fetch_one(&t.db.read)
                    .await
                    .unwrap()
                    .get::<String, _>(0)
            }
        };
        let (urn_a, urn_b) = (urn_of(a).await, urn_of(b).await);
        let added = [
            insert_report(&t, a, "2098-05-01", 10).await,
            insert_report(&t, a, "2098-06-01", 20).await,
            insert_report(&t, a, "2098-07-01", 30).await,
        ];
        t.exec(&format!(
            "UPDATE compass_reports SET institution_id = {b} WHERE id = {}",
            added[0]
        ))
        .await;
        t.exec(&format!(
            "DELETE FROM compass_reports WHERE id = {}",
            added[1]
        ))
        .await;
        let admin = app.sign_in("admin").await;
        let partner = app.sign_in("partner").await;
        let word = {
            let name: String =
                sqlx::query(&format!("SELECT name FROM institutions WHERE id = {a}"))
                    .fetch_one(&t.db.read)
                    .await
                    .unwrap()
                    .get(0);
            name.split_whitespace().next().unwrap().to_lowercase()
        };
        for text in [urn_a.as_str(), urn_b.as_str(), word.as_str()] {
            let q = format!("q={}", app::records::query::encode(text));
            assert_eq!(
                list_total(&app, &admin, &q).await,
                reports_containing(&t, text, None).await,
                "Admin searching {text:?}"
            );
            assert_eq!(
                list_total(&app, &partner, &q).await,
                reports_containing(&t, text, Some(partner_id)).await,
                "Partner searching {text:?}"
            );
        }
        // The URN filter reads the institution; a score filter reads each report.
        let q = format!("q={word}&f_urn={urn_a}");
        assert_eq!(
            list_total(&app, &admin, &q).await,
            reports_containing(&t, &urn_a, None).await,
            "{q}"
        );
        // Of the reports added, only the third (30) is still at `a`.
        let q = format!("q={urn_a}&f_b1=35");
        let low = all
            .iter()
            .filter(|r| r.institution == a && r.b[0] < 35)
            .count() as i64;
        assert_eq!(list_total(&app, &admin, &q).await, low + 1, "{q}");
    }
);
