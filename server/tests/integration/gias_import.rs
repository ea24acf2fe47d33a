//! The register import (docs/RULES.md §2.1) on a realistic generated file:
//! idempotence, names round-trip, whole-file refusal, rejected rows with their
//! lines, an interrupted import re-run, network fields untouched, closing.
use crate::both;
use crate::gias_file::{csv_text, establishments, windows_1252, Establishment, TempFile};
use crate::support::TestDb;
use app::ssr::db::Db;
use app::ssr::gias::{Encoding, ImportError, ImportResult, RegisterFile};
use std::ops::ControlFlow;

const FIRST_URN: u64 = 900_000;
const GOOD: u64 = 260;

/// The good establishments, the file's rows (bad ones spliced in), and each
/// bad row's index among the file's rows with the words its reason must contain.
fn register() -> (
    Vec<Establishment>,
    Vec<Establishment>,
    Vec<(usize, &'static str)>,
) {
    let good = establishments(FIRST_URN, GOOD);
    let mut rows = good.clone();
    let bad = |mut e: Establishment, f: &dyn Fn(&mut Establishment)| {
        f(&mut e);
        e
    };
    let template = good[1].clone();
    let inserts: Vec<(usize, Establishment, &str)> = vec![
        (
            10,
            bad(template.clone(), &|e| e.urn = "12A".into()),
            "not a positive whole number",
        ),
        (
            60,
            bad(template.clone(), &|e| e.urn = "0".into()),
            "not a positive whole number",
        ),
        (
            120,
            bad(template.clone(), &|e| {
                e.urn = "999990".into();
                e.open = "31-02-2020".into();
            }),
            "OpenDate \"31-02-2020\" is not a date",
        ),
        (
            200,
            bad(template.clone(), &|e| {
                e.urn = "999991".into();
                e.status = "Shut for good".into();
            }),
            "unknown EstablishmentStatus \"Shut for good\"",
        ),
        (250, good[0].clone(), "repeated (first on line 2)"),
    ];
    let mut expected = vec![];
    for (offset, (at, row, reason)) in inserts.into_iter().enumerate() {
        rows.insert(at + offset, row);
        expected.push((at + offset, reason));
    }
    (good, rows, expected)
}

fn file_of(rows: &[Establishment], omit: Option<&str>) -> (TempFile, Vec<u64>) {
    let (text, lines) = csv_text(rows, omit);
    (TempFile::new(&windows_1252(&text)), lines)
}

async fn import(db: &Db, file: &TempFile) -> ImportResult {
    import_batches(db, file, 100, None).await
}

/// Imports in batches of `size`, stopping after `stop_after` batches when given.
async fn import_batches(
    db: &Db,
    file: &TempFile,
    size: usize,
    stop_after: Option<usize>,
) -> ImportResult {
    let register = RegisterFile::open(&file.0).await.expect("a register file");
    let mut batches = 0;
    register
        .import(db, None, size, |_| {
            batches += 1;
            match stop_after {
                Some(n) if batches >= n => ControlFlow::Break(()),
                _ => ControlFlow::Continue(()),
            }
        })
        .await
        .expect("import")
}

#[derive(sqlx::FromRow, Debug, PartialEq, Eq)]
pub(crate) struct Stored {
    urn: String,
    name: String,
    establishment_type: String,
    establishment_group: String,
    phase: String,
    local_authority: String,
    postcode: String,
    open_date: Option<String>,
    close_date: Option<String>,
    status: String,
    closed_at: Option<i64>,
}

pub(crate) async fn imported(db: &Db) -> Vec<Stored> {
    sqlx::query_as::<_, Stored>(
        "SELECT urn, name, establishment_type, establishment_group, phase, local_authority, \
         postcode, open_date, close_date, status, closed_at FROM institutions \
         WHERE urn >= '900000' AND LENGTH(urn) = 6 ORDER BY urn",
    )
    .fetch_all(&db.read)
    .await
    .unwrap()
    .into_iter()
    // Compared across databases: when it closed differs, that it did must not.
    .map(|s| Stored {
        closed_at: s.closed_at.map(|_| 1),
        ..s
    })
    .collect()
}

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(&db.read)
        .await
        .unwrap()
}

fn closed_in(rows: &[Establishment]) -> u64 {
    rows.iter().filter(|e| e.status == "Closed").count() as u64
}

both!(
    gias_import_twice_changes_nothing_the_second_time,
    |t: TestDb| async move {
        let (good, rows, bad) = register();
        let (file, _) = file_of(&rows, None);
        let first = import(&t.db, &file).await;
        assert!(first.finished);
        assert_eq!(first.rows_in_file, rows.len() as u64);
        assert_eq!(first.rows_read, rows.len() as u64);
        assert_eq!((first.added, first.updated, first.unchanged), (GOOD, 0, 0));
        assert_eq!(first.rejected, bad.len() as u64);
        assert_eq!(first.closed, closed_in(&good));
        let second = import(&t.db, &file).await;
        assert_eq!(
            (
                second.added,
                second.updated,
                second.unchanged,
                second.closed
            ),
            (0, 0, GOOD, 0)
        );
        assert_eq!(second.rejected, bad.len() as u64);
    }
);

both!(
    gias_names_and_dates_round_trip_from_windows_1252,
    |t: TestDb| async move {
        let (good, rows, _) = register();
        let (file, _) = file_of(&rows, None);
        let register = RegisterFile::open(&file.0).await.unwrap();
        assert_eq!(register.shape.encoding, Encoding::Windows1252);
        import(&t.db, &file).await;
        let stored = imported(&t.db).await;
        assert_eq!(stored.len() as u64, GOOD);
        for (s, e) in stored.iter().zip(&good) {
            assert_eq!(s.urn, e.urn);
            assert_eq!(s.name, e.name);
            assert_eq!(s.local_authority, e.la);
            assert_eq!(s.postcode, e.postcode);
            assert_eq!(s.establishment_type, e.kind);
            assert_eq!(s.establishment_group, e.group);
            assert_eq!(s.phase, e.phase);
            let iso = |d: &str| {
                (!d.is_empty()).then(|| format!("{}-{}-{}", &d[6..10], &d[3..5], &d[0..2]))
            };
            assert_eq!(s.open_date, iso(&e.open));
            assert_eq!(s.close_date, iso(&e.close));
        }
        assert!(stored
            .iter()
            .any(|s| s.name.starts_with("St Mary\u{2019}s Church")));
        assert!(stored.iter().any(|s| s.name.starts_with("Café Lane")));
        assert!(stored.iter().any(|s| s
            .name
            .starts_with("Smith, Jones and Partners Academy, Leeds")));
        assert!(stored
            .iter()
            .any(|s| s.name.starts_with("The \"Old\" Grammar")));
        // The same register as UTF-8 with a byte-order mark matches exactly.
        let (text, _) = csv_text(&rows, None);
        let mut utf8 = b"\xEF\xBB\xBF".to_vec();
        utf8.extend_from_slice(text.as_bytes());
        let again = import(&t.db, &TempFile::new(&utf8)).await;
        assert_eq!((again.added, again.updated, again.unchanged), (0, 0, GOOD));
    }
);

both!(
    gias_file_missing_a_column_is_refused_whole,
    |t: TestDb| async move {
        let (_, rows, _) = register();
        let before = count(&t.db, "SELECT COUNT(*) FROM institutions").await;
        let (file, _) = file_of(&rows, Some("PhaseOfEducation (name)"));
        let refused = RegisterFile::open(&file.0).await.unwrap_err();
        assert!(
            matches!(&refused, ImportError::MissingColumns(m) if m == &vec!["PhaseOfEducation (name)"])
        );
        assert!(refused.to_string().contains("\"PhaseOfEducation (name)\""));
        assert_eq!(
            count(&t.db, "SELECT COUNT(*) FROM institutions").await,
            before
        );
    }
);

both!(
    gias_bad_rows_are_rejected_with_their_lines,
    |t: TestDb| async move {
        let (_, rows, bad) = register();
        let (file, lines) = file_of(&rows, None);
        let result = import(&t.db, &file).await;
        let got: Vec<(u64, &str)> = result
            .rejects
            .iter()
            .map(|r| (r.line, r.reason.as_str()))
            .collect();
        assert_eq!(got.len(), bad.len(), "{got:?}");
        for ((line, reason), (index, words)) in got.iter().zip(&bad) {
            assert_eq!(*line, lines[*index], "{reason}");
            assert!(reason.contains(words), "{reason:?} should say {words:?}");
        }
        // A line break inside a quoted field moves later rows' lines on.
        assert!(lines.last().unwrap() > &(rows.len() as u64 + 1));
        assert_eq!(
            count(
                &t.db,
                "SELECT COUNT(*) FROM institutions WHERE urn IN ('999990', '999991')"
            )
            .await,
            0
        );
    }
);

both!(
    gias_interrupted_import_finishes_when_run_again,
    |t: TestDb| async move {
        let (_, rows, _) = register();
        let (file, _) = file_of(&rows, None);
        let part = import_batches(&t.db, &file, 40, Some(2)).await;
        assert!(!part.finished);
        assert_eq!(part.rows_read, 80);
        assert_eq!(imported(&t.db).await.len() as u64, part.added);
        let rest = import_batches(&t.db, &file, 40, None).await;
        assert!(rest.finished);
        assert_eq!(rest.added + part.added, GOOD);
        assert_eq!(rest.updated, 0);
        // The same as one uninterrupted run on a fresh database.
        let backend = match t.db.backend {
            app::ssr::db::Backend::Sqlite => crate::support::Backend::Sqlite,
            app::ssr::db::Backend::Postgres => crate::support::Backend::Postgres,
        };
        let fresh = TestDb::new(backend).await.unwrap();
        let whole = import(&fresh.db, &file).await;
        assert_eq!(whole.added, GOOD);
        assert_eq!(imported(&t.db).await, imported(&fresh.db).await);
    }
);
