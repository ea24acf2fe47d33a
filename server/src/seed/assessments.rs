//! Demo assessments over the seed's example org tree, for two quarters. They
//! include the Director of Projects' assessment, whose reporting officer sits
//! in Planning, an assessment in Projects Delivery whose reporting officer is
//! in Planning, and a Planning assessment whose reporting officer sits in
//! Projects Delivery: the cases the scoping rules of docs/RULES.md §4 are about.
use app::ssr::clock::now;
use app::ssr::db::Tx;

type Ratings = [Option<i64>; 5];

const FULL_A: Ratings = [Some(4), Some(3), Some(4), Some(3), Some(5)];
const FULL_B: Ratings = [Some(3), Some(3), Some(2), Some(4), Some(3)];
const FULL_C: Ratings = [Some(5), Some(4), Some(4), Some(5), Some(4)];
const PART: Ratings = [Some(3), Some(4), None, None, None];
const NONE: Ratings = [None; 5];

/// (assessee, reporting officer, period, status, ratings, comments)
const DEMO: [(&str, &str, &str, &str, Ratings, &str); 15] = [
    (
        "Dana Morgan",
        "Owen Price",
        "2026-Q2",
        "submitted",
        FULL_C,
        "Led the directorate through the delivery review.",
    ),
    ("Jon Shaw", "Maya Singh", "2026-Q2", "draft", PART, ""),
    (
        "Kate Lowe",
        "Isla Reid",
        "2026-Q2",
        "submitted",
        FULL_B,
        "Steady quarter.",
    ),
    (
        "Isla Reid",
        "Hamza Ali",
        "2026-Q2",
        "endorsed",
        FULL_A,
        "Strong delivery management.",
    ),
    ("Liam Ford", "Hamza Ali", "2026-Q2", "endorsed", FULL_B, ""),
    ("Hamza Ali", "Dana Morgan", "2026-Q2", "draft", NONE, ""),
    (
        "Owen Price",
        "Grace Evans",
        "2026-Q2",
        "submitted",
        FULL_A,
        "",
    ),
    (
        "Maya Singh",
        "Owen Price",
        "2026-Q2",
        "endorsed",
        FULL_C,
        "Excellent policy work.",
    ),
    ("Noah Bell", "Jon Shaw", "2026-Q2", "draft", PART, ""),
    ("Grace Evans", "Owen Price", "2026-Q2", "draft", NONE, ""),
    (
        "Dana Morgan",
        "Owen Price",
        "2026-Q1",
        "endorsed",
        FULL_A,
        "",
    ),
    ("Jon Shaw", "Isla Reid", "2026-Q1", "endorsed", FULL_B, ""),
    ("Kate Lowe", "Isla Reid", "2026-Q1", "endorsed", FULL_A, ""),
    ("Liam Ford", "Hamza Ali", "2026-Q1", "endorsed", FULL_C, ""),
    (
        "Maya Singh",
        "Owen Price",
        "2026-Q1",
        "endorsed",
        FULL_B,
        "",
    ),
];

async fn staff_id(tx: &mut Tx, name: &str) -> Result<i64, sqlx::Error> {
    let (first, last) = name.split_once(' ').unwrap_or((name, ""));
    sqlx::query_scalar("SELECT id FROM staff WHERE first_name = $1 AND last_name = $2")
        .bind(first)
        .bind(last)
        .fetch_one(&mut **tx)
        .await
}

/// Inserts the demo assessments; call after the org tree and staff exist.
pub async fn seed(tx: &mut Tx) -> Result<(), sqlx::Error> {
    let t = now();
    for (assessee, officer, period, status, r, comments) in DEMO {
        let assessee = staff_id(tx, assessee).await?;
        let officer = staff_id(tx, officer).await?;
        let submitted = matches!(status, "submitted" | "endorsed").then_some(t);
        let endorsed = (status == "endorsed").then_some(t);
        sqlx::query(
            "INSERT INTO assessments (assessee_staff_id, reporting_officer_staff_id, period, status, \
             rating_1, rating_2, rating_3, rating_4, rating_5, comments, submitted_at, endorsed_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
        )
        .bind(assessee)
        .bind(officer)
        .bind(period)
        .bind(status)
        .bind(r[0])
        .bind(r[1])
        .bind(r[2])
        .bind(r[3])
        .bind(r[4])
        .bind(comments)
        .bind(submitted)
        .bind(endorsed)
        .bind(t)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
