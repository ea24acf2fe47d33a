//! Property: searching through the trigram index (docs/RULES.md §3.1) finds
//! exactly what comparing every row finds — for random substrings of the
//! register's own text with random case, edge cases (short text, LIKE's
//! wildcards, quotes, accents, very long text), and after rows were added,
//! renamed and closed, so the index is proven kept in step.
use crate::both;
use crate::support::TestDb;
use app::auth::permissions::RecordKind;
use app::records::query::encode;
use app::ssr::db::Backend;
use app::ssr::records::page_ids::walk_is_cheaper;
use app::ssr::records::tables::table;
use app::ssr::search::contains_pattern;
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
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const EDGE_CASES: &[&str] = &[
    "a", "ab", " ab ", "%", "_", "a_b", "50%", "\\", "\"", "'", "O'B", "é", "É", "ü", "ac\"e",
    "zzzzqqqq", "  ", "1", "10", "100",
];

/// "Some searched field of `kind` contains `$1`", compared row by row.
fn contains_condition(t: &TestDb, kind: RecordKind) -> String {
    let op = match t.db.backend {
        Backend::Sqlite => "LIKE",
        Backend::Postgres => "ILIKE",
    };
    table(kind)
        .unwrap()
        .search
        .iter()
        .map(|e| format!("{e} {op} $1 ESCAPE '\\'"))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// The ids `sql` selects with `$1` bound to `text`'s containment pattern.
async fn ids_containing(t: &TestDb, sql: &str, text: &str) -> Vec<i64> {
    sqlx::query(sql)
        .bind(contains_pattern(text))
        .fetch_all(&t.db.read)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<i64, _>(0))
        .collect()
}

/// Ids of `kind` whose searched fields contain `text`, by scanning every row.
async fn plain_scan(t: &TestDb, kind: RecordKind, text: &str) -> BTreeSet<i64> {
    let tb = table(kind).unwrap();
    let any = contains_condition(t, kind);
    let sql = format!("SELECT t.id FROM {} WHERE ({any})", tb.from);
    ids_containing(t, &sql, text).await.into_iter().collect()
}

/// Ids the list answers for `text` as the signed-in user, all statuses.
async fn searched(
    app: &crate::support::TestApp,
    cookie: &str,
    kind: RecordKind,
    text: &str,
) -> BTreeSet<i64> {
    let mut ids = BTreeSet::new();
    for page in 1.. {
        let query = format!("q={}&status=all&per=100&page={page}", encode(text));
        let r = app
            .post(
                "/api/records/list",
                &[("kind", &format!("{kind:?}")), ("query", &query)],
                Some(cookie),
            )
            .await;
        assert_eq!(r.status, 200, "{kind:?} {text:?}: {}", r.body);
        let total = r.json()["total"].as_u64().unwrap() as usize;
        let rows = r.json()["rows"].as_array().unwrap().clone();
        ids.extend(rows.iter().map(|row| row["id"].as_i64().unwrap()));
        if rows.len() < 100 {
            assert_eq!(
                total,
                ids.len(),
                "{kind:?} {text:?}: the total counts the rows"
            );
            return ids;
        }
    }
    unreachable!()
}

/// Every searched text of the kind, to cut random substrings from.
async fn texts(t: &TestDb, kind: RecordKind) -> Vec<String> {
    let tb = table(kind).unwrap();
    let mut out = vec![];
    for e in tb.search {
        let rows = sqlx::query(&format!("SELECT {e} FROM {}", tb.from))
            .fetch_all(&t.db.read)
            .await
            .unwrap();
        out.extend(rows.iter().filter_map(|r| r.get::<Option<String>, _>(0)));
    }
    out.retain(|s| !s.is_empty());
    out
}

fn random_substring(rng: &mut Rng, texts: &[String]) -> String {
    let chars: Vec<char> = texts[rng.below(texts.len())].chars().collect();
    let len = 1 + rng.below(8.min(chars.len()));
    let start = rng.below(chars.len() - len + 1);
    chars[start..start + len]
        .iter()
        .map(|c| match rng.below(3) {
            0 => c.to_ascii_uppercase(),
            1 => c.to_ascii_lowercase(),
            _ => *c,
        })
        .collect()
}

both!(
    indexed_search_finds_exactly_what_a_plain_scan_finds,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("admin").await;
        let partner = app.sign_in("partner").await;
        // Rows renamed, added and closed after the index was built.
        t.exec("UPDATE eas SET first_name = 'Zebedée', email = 'z.o''brien@example.org' WHERE id % 5 = 0")
            .await;
        t.exec(
            "UPDATE employers SET status = 'closed', name = name || ' (50% Ltd)' WHERE id % 9 = 0",
        )
        .await;
        t.exec("UPDATE institutions SET postcode = 'ZZ9 9ZZ' WHERE id % 4 = 0")
            .await;
        let r = app
            .post(
                "/api/records/add",
                &[("kind", "Employer"), ("values[name]", "Quillfeather_Works")],
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let long = "Ash".repeat(100);
        let kinds = [
            RecordKind::Ea,
            RecordKind::Ec,
            RecordKind::Institution,
            RecordKind::Employer,
            RecordKind::CompassReport,
        ];
        let mut non_empty = 0;
        let mut partner_non_empty = 0;
        for kind in kinds {
            let pool = texts(&t, kind).await;
            let mut queries: Vec<String> = EDGE_CASES.iter().map(|s| s.to_string()).collect();
            queries.extend(
                [
                    "Zebedée",
                    "o'brien",
                    "50% Ltd",
                    "zz9 9",
                    "quillfeather_w",
                    &long,
                ]
                .map(String::from),
            );
            queries.extend((0..30).map(|_| random_substring(&mut rng, &pool)));
            // A Partner's scope is compared row by row, not through the
            // index (RULES §3.1): its answer is the plain scan's within what
            // the Partner sees.
            let visible = searched(&app, &partner, kind, "").await;
            for q in queries {
                let expected = plain_scan(&t, kind, &q).await;
                let got = searched(&app, &admin, kind, &q).await;
                assert_eq!(got, expected, "{kind:?} searching {q:?}");
                non_empty += usize::from(!expected.is_empty());
                let expected: BTreeSet<i64> = expected.intersection(&visible).copied().collect();
                let got = searched(&app, &partner, kind, &q).await;
                assert_eq!(got, expected, "{kind:?} searching {q:?} as a Partner");
                partner_non_empty += usize::from(!expected.is_empty());
            }
        }
        assert!(non_empty > 100, "the queries found something: {non_empty}");
        assert!(
            partner_non_empty > 50,
            "a Partner's queries found something: {partner_non_empty}"
        );
    }
);

/// The page's ids as comparing every row in the list's order finds them.
async fn plain_page(
    t: &TestDb,
    sort: &str,
    desc: bool,
    text: &str,
    per: i64,
    page: i64,
) -> Vec<i64> {
    let tb = table(RecordKind::Institution).unwrap();
    let expr = tb.col(sort).unwrap().expr;
    let dir = if desc { "DESC" } else { "ASC" };
    let any = contains_condition(t, RecordKind::Institution);
    let sql = format!(
        "SELECT t.id FROM {} WHERE t.status = 'active' AND ({any}) ORDER BY {expr} {dir}, t.id {dir} LIMIT {per} OFFSET {}",
        tb.from,
        (page - 1) * per
    );
    ids_containing(t, &sql, text).await
}

// A common word's page is found by walking the list's order when that is
// cheaper than reading every hit (RULES §3.1): each page, in every order,
// with and without an index to walk, is the one comparing every row gives.
both!(
    a_common_words_pages_are_the_plain_scans_in_every_order,
    |t: TestDb| async move {
        let app = t.app();
        let admin = app.sign_in("admin").await;
        t.exec("UPDATE institutions SET name = name || ' Walkabout' WHERE id % 8 <> 0")
            .await;
        let rows: i64 = sqlx::query("SELECT MAX(id) FROM institutions")
            .fetch_one(&t.db.read)
            .await
            .unwrap()
            .get(0);
        let per = 25;
        for sort in ["name", "urn", "local_authority", "partner", "phase"] {
            for desc in [false, true] {
                let dir = if desc { "desc" } else { "asc" };
                for page in 1..=3 {
                    let query = format!("q=alkab&sort={sort}&dir={dir}&per={per}&page={page}");
                    let r = app
                        .post(
                            "/api/records/list",
                            &[("kind", "Institution"), ("query", &query)],
                            Some(&admin),
                        )
                        .await;
                    assert_eq!(r.status, 200, "{query}: {}", r.body);
                    let total = r.json()["total"].as_i64().unwrap();
                    if page == 1 {
                        assert!(
                            walk_is_cheaper(total, rows, per),
                            "the first page walks: {total} of {rows}"
                        );
                    }
                    let got: Vec<i64> = r.json()["rows"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|row| row["id"].as_i64().unwrap())
                        .collect();
                    let expected = plain_page(&t, sort, desc, "alkab", per, page).await;
                    assert_eq!(got, expected, "{query}");
                }
            }
        }
    }
);
