//! Property: for random list queries, as random roles, the pages together are
//! exactly the filtered set (no row lost or repeated), every row is inside the
//! role's scope, and the CSV download holds exactly the same rows.
use crate::both;
use crate::support::{email, TestDb};
use app::auth::permissions::{decide_network, Action, NetworkTarget, RecordKind};
use app::records::query::ListQuery;
use app::records::schema::{columns, FilterBy};
use app::url_query::UrlQuery as _;
use sqlx::Row as _;
use std::collections::BTreeSet;

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

fn random_query(rng: &mut Rng, kind: RecordKind) -> String {
    let mut parts = vec![];
    if rng.next().is_multiple_of(3) {
        parts.push(format!(
            "q={}",
            rng.pick(&["a", "an", "e", "Ash", "10000", "zz"])
        ));
    }
    for c in columns(kind).unwrap() {
        if !rng.next().is_multiple_of(4) {
            continue;
        }
        match c.filter {
            Some(FilterBy::Choice(options)) => parts.push(format!(
                "f_{}={}",
                c.key,
                app::records::query::encode(rng.pick::<&str>(options))
            )),
            Some(FilterBy::Flag) => parts.push(format!("f_{}={}", c.key, rng.pick(&["yes", "no"]))),
            Some(FilterBy::Recorded) => {
                parts.push(format!("f_{}={}", c.key, rng.pick(&["yes", "no"])))
            }
            Some(FilterBy::Before) | Some(FilterBy::Until) => parts.push(format!(
                "f_{}={}",
                c.key,
                rng.pick(&["2024-01-01", "2025-06-30", "2030-01-01"])
            )),
            Some(FilterBy::Includes(options)) => {
                parts.push(format!("f_{}={}", c.key, rng.pick::<&str>(options)))
            }
            Some(FilterBy::Text) => {
                parts.push(format!("f_{}={}", c.key, rng.pick(&["a", "o", "1", "Hub"])))
            }
            Some(FilterBy::Under) => parts.push(format!(
                "f_{}={}",
                c.key,
                rng.pick(&["1", "40", "75", "100"])
            )),
            Some(FilterBy::Count(max)) => {
                parts.push(format!("f_{}={}", c.key, rng.next() % (u64::from(max) + 1)))
            }
            Some(FilterBy::Between) => {
                let dates = ["2023-01-01", "2024-06-30", "2025-06-30"];
                if rng.next().is_multiple_of(2) {
                    parts.push(format!("f_{}_from={}", c.key, rng.pick(&dates[..2])));
                }
                if rng.next().is_multiple_of(2) {
                    parts.push(format!("f_{}_to={}", c.key, rng.pick(&dates[1..])));
                }
            }
            None => {}
        }
    }
    let sortable: Vec<_> = columns(kind)
        .unwrap()
        .iter()
        .filter(|c| c.sortable)
        .collect();
    parts.push(format!("sort={}", rng.pick(&sortable).key));
    if rng.next().is_multiple_of(2) {
        parts.push("dir=desc".into());
    }
    parts.push(format!("status={}", rng.pick(&["", "closed", "all"])));
    parts.push(format!("per={}", rng.pick(&[25, 50])));
    parts.join("&")
}

both!(
    pages_cover_the_filtered_set_within_scope_and_match_the_download,
    |t: TestDb| async move {
        let app = t.app();
        // Some closed records, so the status filter has something to find.
        t.exec("UPDATE eas SET status = 'closed' WHERE id % 7 = 0")
            .await;
        t.exec("UPDATE employers SET status = 'closed' WHERE id % 9 = 0")
            .await;
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let logins = ["ec", "partner", "sc", "cec-staff", "admin"];
        let kinds = [
            RecordKind::Ea,
            RecordKind::Institution,
            RecordKind::Employer,
            RecordKind::Ec,
            RecordKind::CompassReport,
        ];
        let mut checked = 0;
        for round in 0..40 {
            let login = *rng.pick(&logins);
            let kind = *rng.pick(&kinds);
            let user_id: i64 = sqlx::query("SELECT id FROM users WHERE email = $1")
                .bind(email(login))
                .fetch_one(&t.db.read)
                .await
                .unwrap()
                .get("id");
            let who = app::ssr::accounts::principal(&t.db, user_id, None)
                .await
                .unwrap()
                .unwrap();
            if !decide_network(&who, Action::Search, &NetworkTarget::Kind(kind)).is_allowed() {
                continue;
            }
            let cookie = app.sign_in(login).await;
            let query = random_query(&mut rng, kind);
            let k = format!("{kind:?}");
            let first = app
                .post(
                    "/api/records/list",
                    &[("kind", &k), ("query", &query)],
                    Some(&cookie),
                )
                .await
                .json();
            let total = first["total"].as_i64().unwrap();
            let per = first["query"]["per_page"].as_i64().unwrap();
            let mut seen = vec![];
            let pages = (total + per - 1) / per;
            for page in 1..=pages.max(1) {
                let q = format!("{query}&page={page}");
                let p = app
                    .post(
                        "/api/records/list",
                        &[("kind", &k), ("query", &q)],
                        Some(&cookie),
                    )
                    .await
                    .json();
                for row in p["rows"].as_array().unwrap() {
                    seen.push(row["id"].as_i64().unwrap());
                }
            }
            let unique: BTreeSet<i64> = seen.iter().copied().collect();
            assert_eq!(
                unique.len(),
                seen.len(),
                "round {round}: a row repeated across pages ({login} {k} {query})"
            );
            assert_eq!(
                seen.len() as i64,
                total,
                "round {round}: pages hold {} rows, total says {total}",
                seen.len()
            );
            // Every row is in scope: decide on the record itself agrees.
            for id in &unique {
                let rec = app::ssr::records::detail::load(&t.db, kind, *id)
                    .await
                    .unwrap()
                    .unwrap();
                assert!(
                    decide_network(&who, Action::View, &NetworkTarget::Record(kind, rec.facts))
                        .is_allowed(),
                    "round {round}: {k} {id} out of scope for {login}"
                );
            }
            // The download has the same rows (the first column identifies them in order).
            let parsed = ListQuery::parse(kind, &query);
            if decide_network(&who, Action::Download, &NetworkTarget::Kind(kind)).is_allowed() {
                let dl = app
                    .get(
                        &format!(
                            "/api/records/{}/download?format=csv&{}",
                            kind.slug(),
                            parsed.to_query_string()
                        ),
                        Some(&cookie),
                    )
                    .await;
                assert_eq!(dl.status.as_u16(), 200);
                let lines = dl.body.trim_end_matches("\r\n").split("\r\n").count() as i64 - 1;
                assert_eq!(
                    lines, total,
                    "round {round}: download has {lines} rows, list {total} ({login} {k} {query})"
                );
            }
            checked += 1;
        }
        assert!(checked >= 15, "only {checked} rounds exercised");
    }
);
