//! Demo network records at any scale: Institutions, Employers, EAs, matches,
//! Compass Progress Reports, Partner users and CEC Staff users. Per unit of
//! scale: 40 Institutions, 80 Employers, 64 EAs and about 160 Compass reports,
//! so `--scale 625` reaches 25k / 50k / 40k / 100k. Deterministic: the same
//! scale always gives the same records.
use app::ssr::clock::now;
use app::ssr::db::Tx;
use app::ssr::sql::{Arg, Sql};

/// A seeded Partner with its Sub-contractors and ECs.
pub struct PartnerSeed {
    pub id: i64,
    pub scs: Vec<i64>,
    pub ecs: Vec<i64>,
}

const TOWNS: &[&str] = &[
    "Ashford",
    "Barnsley",
    "Carlisle",
    "Derby",
    "Exeter",
    "Fareham",
    "Gateshead",
    "Harrogate",
    "Ipswich",
    "Kendal",
    "Leeds",
    "Margate",
    "Norwich",
    "Oldham",
    "Preston",
    "Reading",
    "Salford",
    "Telford",
    "Wakefield",
    "York",
];
const SCHOOL: &[&str] = &[
    "Academy",
    "High School",
    "College",
    "School",
    "Community School",
    "Grammar School",
];
const WORDS: &[&str] = &[
    "Acme",
    "Bright",
    "Civic",
    "Delta",
    "Evergreen",
    "Forge",
    "Granite",
    "Harbour",
    "Iron",
    "Juniper",
    "Keystone",
    "Lumen",
    "Meridian",
    "Northgate",
    "Orbit",
    "Pioneer",
    "Quarry",
    "Riverside",
    "Summit",
    "Tidal",
];
const KINDS: &[&str] = &[
    "Engineering",
    "Logistics",
    "Health",
    "Digital",
    "Foods",
    "Construction",
    "Finance",
    "Retail",
];
const FIRST: &[&str] = &[
    "Alex", "Bea", "Cal", "Dina", "Eli", "Fay", "Gus", "Hana", "Ivan", "Jade", "Kit", "Lena",
];
const LAST: &[&str] = &[
    "Adams", "Brown", "Clarke", "Dixon", "Ellis", "Fox", "Green", "Hall", "Irwin", "Jones", "King",
    "Lowe",
];
const LAS: &[&str] = &[
    "Kent",
    "Leeds",
    "Cumbria",
    "Derby",
    "Devon",
    "Hampshire",
    "Norfolk",
    "Lancashire",
    "York",
    "Suffolk",
];

/// Inserts rows in batches of `per` (one statement each) to keep seeding fast.
async fn insert_batch(
    tx: &mut Tx,
    head: &str,
    width: usize,
    rows: Vec<Vec<Arg>>,
) -> Result<(), sqlx::Error> {
    let per = 400;
    for chunk in rows.chunks(per) {
        let mut sql = Sql::new(format!("{head} VALUES "));
        for (i, row) in chunk.iter().enumerate() {
            debug_assert_eq!(row.len(), width);
            let placeholders: Vec<String> = row.iter().map(|a| sql.arg(a.clone())).collect();
            sql.push(if i == 0 { "(" } else { ", (" })
                .push(&placeholders.join(", "))
                .push(")");
        }
        sql.query().execute(&mut **tx).await?;
    }
    Ok(())
}

fn int(v: i64) -> Arg {
    Arg::Int(v)
}
fn text(s: impl Into<String>) -> Arg {
    Arg::Text(s.into())
}
fn opt(v: Option<i64>) -> Arg {
    v.map(Arg::Int).unwrap_or(Arg::NullInt)
}

/// A date `days_ago` days before today, so the demo's evaluations, checks and
/// inductions stay as recent on the day it is seeded as on any other.
fn date(days_ago: i64) -> String {
    app::ssr::clock::date_of(now() - days_ago * 86_400)
}

pub async fn seed(tx: &mut Tx, scale: u32, partners: &[PartnerSeed]) -> Result<(), sqlx::Error> {
    let scale = i64::from(scale);
    let t = now();
    let sectors = app::records::schema::SECTORS;
    let phases = app::records::schema::PHASES;

    let employers = 80 * scale;
    let rows = (0..employers)
        .map(|i| {
            let name = format!(
                "{} {} {}",
                WORDS[(i % 20) as usize],
                KINDS[(i / 20 % 8) as usize],
                i / 160 + 1
            );
            let cornerstone = i % 17 == 0;
            vec![
                text(name),
                text(sectors[(i % sectors.len() as i64) as usize]),
                text(app::records::schema::SIZE_BANDS[(i % 4) as usize]),
                text(format!(
                    "{}{} {}AB",
                    ["LS", "M", "B", "NE", "EX"][(i % 5) as usize],
                    i % 30 + 1,
                    i % 9 + 1
                )),
                int(i64::from(cornerstone)),
                if cornerstone {
                    text(date(400 + i % 300))
                } else {
                    Arg::NullText
                },
                int(t),
                int(t),
            ]
        })
        .collect();
    insert_batch(tx, "INSERT INTO employers (name, sector, size_band, postcode, cornerstone, cornerstone_from, created_at, updated_at)", 8, rows).await?;
    let first_employer: i64 = sqlx::query_scalar("SELECT MIN(id) AS m FROM employers")
        .fetch_one(&mut **tx)
        .await?;

    let institutions = 40 * scale;
    let rows = (0..institutions)
        .map(|i| {
            let p = &partners[(i as usize) % partners.len()];
            let k = i as usize / partners.len();
            let ec = (k % 5 != 4).then(|| p.ecs[k % p.ecs.len()]);
            let sc = k.is_multiple_of(3).then(|| p.scs[0]);
            // Mostly secondary, some primary and colleges, so URN lists matter.
            let phase = phases[[1, 1, 1, 0, 2, 6, 4, 1, 5, 3][(i % 10) as usize]];
            vec![
                text(format!("{}", 100_000 + i)),
                text(format!(
                    "{} {}",
                    TOWNS[(i % 20) as usize],
                    SCHOOL[(i / 20 % 6) as usize]
                )),
                text(phase),
                text(if phase == "College" {
                    "Further education"
                } else {
                    "Academy converter"
                }),
                text(LAS[(i % 10) as usize]),
                text(format!(
                    "{}{} {}CD",
                    ["LS", "M", "B", "NE", "EX"][(i % 5) as usize],
                    i % 20 + 1,
                    i % 9 + 1
                )),
                int(p.id),
                opt(ec),
                opt(sc),
                int(t),
                int(t),
            ]
        })
        .collect();
    insert_batch(
        tx,
        "INSERT INTO institutions (urn, name, phase, establishment_type, local_authority, postcode, partner_id, ec_id, subcontractor_id, created_at, updated_at)",
        11,
        rows,
    )
    .await?;
    let first_institution: i64 = sqlx::query_scalar("SELECT MIN(id) AS m FROM institutions")
        .fetch_one(&mut **tx)
        .await?;

    let eas = 64 * scale;
    let rows = (0..eas)
        .map(|i| {
            let p = &partners[(i as usize) % partners.len()];
            let k = i as usize / partners.len();
            let (f, l) = (FIRST[(i % 12) as usize], LAST[(i / 12 % 12) as usize]);
            vec![
                text(["Mr", "Ms", "Dr", "Mx"][(i % 4) as usize]),
                text(f),
                text(format!(
                    "{l}{}",
                    if i >= 144 {
                        format!("-{}", i / 144)
                    } else {
                        String::new()
                    }
                )),
                text(format!(
                    "{}.{}{i}@ea.example.org",
                    f.to_lowercase(),
                    l.to_lowercase()
                )),
                text(date(30 + i % 700)),
                if i % 4 == 0 {
                    Arg::NullText
                } else {
                    text(date(20 + i % 600))
                },
                if i % 6 == 0 {
                    Arg::NullText
                } else {
                    text(date(10 + i % 500))
                },
                int(first_employer + i % employers),
                text(
                    [
                        "Engineer",
                        "Manager",
                        "Director",
                        "Analyst",
                        "Apprentice lead",
                    ][(i % 5) as usize],
                ),
                text(sectors[(i % sectors.len() as i64) as usize]),
                int(p.id),
                opt((k % 6 != 5).then(|| p.ecs[k % p.ecs.len()])),
                opt(k.is_multiple_of(4).then(|| p.scs[0])),
                opt((k % 10 == 3).then(|| p.scs[0])),
                int(t),
                int(t),
            ]
        })
        .collect();
    insert_batch(
        tx,
        "INSERT INTO eas (title, first_name, last_name, email, signed_up_on, induction_on, dbs_check_on, employer_id, job_title, sector, partner_id, ec_id, subcontractor_id, created_by_sc_id, created_at, updated_at)",
        16,
        rows,
    )
    .await?;
    let first_ea: i64 = sqlx::query_scalar("SELECT MIN(id) AS m FROM eas")
        .fetch_one(&mut **tx)
        .await?;

    // Every third EA is matched to an Institution of its own Partner (one EA per school here).
    let rows = (0..eas.min(institutions))
        .filter(|i| i % 3 == 0)
        .map(|i| vec![int(first_ea + i), int(first_institution + i), int(t)])
        .collect::<Vec<_>>();
    insert_batch(
        tx,
        "INSERT INTO ea_matches (ea_id, institution_id, created_at)",
        3,
        rows,
    )
    .await?;

    // Compass: up to eight evaluations per institution, about a term apart and
    // improving over time; the latest is 15 to 414 days old, so most schools
    // were evaluated in the last 12 months and some are overdue.
    let mut rows = vec![];
    for i in 0..institutions {
        let evaluations = [4, 5, 3, 0, 8][(i % 5) as usize];
        for e in 0..evaluations {
            let kind = match i % 10 {
                5 => "college",
                6 => "special",
                _ => "school",
            };
            let mut row = vec![
                int(first_institution + i),
                text(kind),
                text(date((evaluations - 1 - e) * 120 + 15 + (i * 37) % 400)),
            ];
            for b in 0..8 {
                row.push(int(((i * 7 + b * 13) % 60 + e * 12).min(100)));
            }
            row.push(int(t));
            rows.push(row);
        }
    }
    partner_users(tx, partners, t).await?;
    let orgs = [
        "Careers Charity Trust",
        "Northern Training Provider",
        "Skills Network CIC",
    ];
    let kinds = ["charity", "training provider", "community interest company"];
    let org_rows = orgs
        .iter()
        .zip(kinds)
        .map(|(n, k)| vec![text(*n), text(k), int(t), int(t)])
        .collect();
    insert_batch(
        tx,
        "INSERT INTO organisations (name, kind, created_at, updated_at)",
        4,
        org_rows,
    )
    .await?;
    insert_batch(tx, "INSERT INTO compass_reports (institution_id, evaluation_type, completed_on, b1, b2, b3, b4, b5, b6, b7, b8, created_at)", 12, rows).await?;
    // Kept on write (docs/RULES.md §7): one bulk refresh after the bulk load.
    app::ssr::latest_evaluations::refresh(tx, None).await?;
    // docs/RULES.md §7.3: every Institution's stored answers.
    app::ssr::scope_flags::refresh(tx, app::ssr::scope_flags::Which::All).await?;
    app::ssr::scope_flags::refresh_eas(tx, None).await?;
    Ok(())
}

/// Two more Partner users per Partner (invited, no password yet) and a few
/// CEC Staff users, so those lists have rows.
async fn partner_users(tx: &mut Tx, partners: &[PartnerSeed], t: i64) -> Result<(), sqlx::Error> {
    let mut people: Vec<(String, &str, &str, &str, Option<i64>)> = vec![];
    for (n, p) in partners.iter().enumerate() {
        for k in 0..2 {
            let (f, l) = (FIRST[(n * 2 + k) % 12], LAST[(n + k * 5) % 12]);
            people.push((
                format!(
                    "{}.{}.{n}{k}@partner.example.org",
                    f.to_lowercase(),
                    l.to_lowercase()
                ),
                f,
                l,
                "partner",
                Some(p.id),
            ));
        }
    }
    for k in 0..3 {
        let (f, l) = (FIRST[(k + 6) % 12], LAST[(k + 3) % 12]);
        people.push((
            format!("{}.{}@cec.example.org", f.to_lowercase(), l.to_lowercase()),
            f,
            l,
            "cec-staff",
            None,
        ));
    }
    for (email, f, l, role, partner) in people {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, first_name, last_name, job_title, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(&email)
        .bind(f)
        .bind(l)
        .bind(if role == "partner" { "Skills Lead" } else { "Programme Officer" })
        .bind(t)
        .fetch_one(&mut **tx)
        .await?;
        sqlx::query("INSERT INTO role_grants (user_id, role, partner_id, created_at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(role)
            .bind(partner)
            .bind(t)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
