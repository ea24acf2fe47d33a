//! The monthly Partner return on the server (docs/RULES.md §2.4): reading a
//! month's Partners, a Partner's returns and one return; the overdue rule.
//! Changes are in `monthly/changes.rs`, the snapshot's counts in
//! `monthly/figures.rs`.
pub mod changes;
pub mod figures;

use super::clock;
use super::db::Db;
use super::sql::{Arg, Sql};
use crate::records::monthly::{
    Figures, Month, ReturnRow, ReturnStatus, ReturnsQuery, Snapshot, PER_PAGE,
};
use time::{Date, Duration, OffsetDateTime};

/// The month the server's clock is in (UTC): the latest a return may be for.
pub fn current_month() -> Month {
    Month::of_date(&clock::today()).unwrap_or(Month {
        year: 2000,
        month: 1,
    })
}

fn date(m: Month) -> Date {
    let month = time::Month::try_from(m.month).unwrap_or(time::Month::January);
    Date::from_calendar_date(m.year, month, 1).unwrap_or(Date::MIN)
}

/// The last day a return for `month` is on time: the month's last day plus
/// the grace period (docs/RULES.md §2.4).
pub fn due_on(month: Month, grace_days: i64) -> Date {
    date(month.next()) - Duration::days(1) + Duration::days(grace_days)
}

/// Epoch seconds when `month` ends (its next month's first instant, UTC).
fn month_end(month: Month) -> i64 {
    date(month.next()).midnight().assume_utc().unix_timestamp()
}

fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Whether the grace period after `month` has run out (today is past its due day).
pub fn past_due(month: Month, grace_days: i64) -> bool {
    today() > due_on(month, grace_days)
}

/// The overdue rule: the month has ended, its grace period has run out, the
/// Partner existed before the month ended, and no return is in (none, a
/// draft, or one returned and not yet resubmitted).
pub fn is_overdue(
    status: ReturnStatus,
    month: Month,
    grace_days: i64,
    partner_created: i64,
) -> bool {
    !status.is_in() && partner_created < month_end(month) && past_due(month, grace_days)
}

/// The due day as `YYYY-MM-DD`.
pub fn due_text(month: Month, grace_days: i64) -> String {
    iso(due_on(month, grace_days))
}

/// One row as read: a Partner and, when it exists, its return and latest snapshot.
#[derive(sqlx::FromRow)]
struct RowDb {
    id: Option<i64>,
    partner_id: i64,
    partner: String,
    partner_created: i64,
    month: Option<String>,
    status: Option<String>,
    submitted_by: Option<String>,
    submitted_at: Option<i64>,
    active_ecs: Option<i64>,
    active_eas: Option<i64>,
    institutions_in_scope: Option<i64>,
    institutions_with_ec: Option<i64>,
    matched_institutions: Option<i64>,
    employers_engaged: Option<i64>,
    compass_completed: Option<i64>,
}

const FIGURE_COLUMNS: &str = "n.active_ecs, n.active_eas, n.institutions_in_scope, \
    n.institutions_with_ec, n.matched_institutions, n.employers_engaged, n.compass_completed";

const ROW_SELECT: &str = "SELECT s.id AS id, p.id AS partner_id, p.name AS partner, \
    p.created_at AS partner_created, s.month AS month, s.status AS status, \
    CASE WHEN s.submitted_by IS NULL THEN NULL ELSE u.first_name || ' ' || u.last_name END AS submitted_by, \
    s.submitted_at AS submitted_at, ";

const LATEST_SNAPSHOT: &str = " LEFT JOIN users u ON u.id = s.submitted_by \
    LEFT JOIN monthly_snapshots n ON n.id = \
    (SELECT MAX(x.id) FROM monthly_snapshots x WHERE x.submission_id = s.id)";

impl RowDb {
    fn into_row(self, fallback_month: Month, grace_days: i64) -> ReturnRow {
        let month = self
            .month
            .as_deref()
            .and_then(Month::parse)
            .unwrap_or(fallback_month);
        let status = self
            .status
            .as_deref()
            .and_then(ReturnStatus::from_key)
            .unwrap_or(ReturnStatus::NotStarted);
        let figures = match (
            self.active_ecs,
            self.active_eas,
            self.institutions_in_scope,
            self.institutions_with_ec,
            self.matched_institutions,
            self.employers_engaged,
            self.compass_completed,
        ) {
            (Some(a), Some(b), Some(c), Some(d), Some(e), Some(f), Some(g)) => Some(Figures {
                active_ecs: a,
                active_eas: b,
                institutions_in_scope: c,
                institutions_with_ec: d,
                matched_institutions: e,
                employers_engaged: f,
                compass_completed: g,
            }),
            _ => None,
        };
        ReturnRow {
            id: self.id,
            partner_id: self.partner_id,
            partner: self.partner,
            month,
            status,
            submitted_by: self.submitted_by,
            submitted_at: self.submitted_at,
            figures,
            overdue: is_overdue(status, month, grace_days, self.partner_created),
        }
    }
}

/// ` AND …` for a status filter (a `ReturnStatus` key or `overdue`) of one month.
fn push_status(sql: &mut Sql, status: &str, month: Month, grace_days: i64) {
    match status {
        "" => {}
        "overdue" if past_due(month, grace_days) => {
            let end = sql.arg(Arg::Int(month_end(month)));
            sql.push(&format!(
                " AND (s.id IS NULL OR s.status IN ('draft', 'returned')) AND p.created_at < {end}"
            ));
        }
        "overdue" => {
            sql.push(" AND 1 = 0");
        }
        "not-started" => {
            sql.push(" AND s.id IS NULL");
        }
        key => {
            let p = sql.arg(Arg::Text(key.to_string()));
            sql.push(&format!(" AND s.status = {p}"));
        }
    }
}

/// Every active Partner (or only `partner`) for `month`, with its return:
/// (rows of the page, total, the overdue ones).
pub async fn month_rows(
    db: &Db,
    month: Month,
    partner: Option<i64>,
    q: &ReturnsQuery,
    grace_days: i64,
) -> Result<(Vec<ReturnRow>, i64, Vec<ReturnRow>), sqlx::Error> {
    let from_where = |status: &str| {
        let mut sql = Sql::default();
        let m = sql.arg(Arg::Text(month.key()));
        sql.push(&format!(
            " FROM partners p LEFT JOIN monthly_submissions s ON s.partner_id = p.id AND s.month = {m}{LATEST_SNAPSHOT} \
             WHERE p.status = 'active'"
        ));
        if let Some(id) = partner {
            let p = sql.arg(Arg::Int(id));
            sql.push(&format!(" AND p.id = {p}"));
        }
        push_status(&mut sql, status, month, grace_days);
        sql
    };
    let mut count = from_where(&q.status);
    count.prepend("SELECT COUNT(*)");
    let total: i64 = count.query_scalar().fetch_one(&db.read).await?;
    let offset = i64::from(q.page.saturating_sub(1)) * i64::from(PER_PAGE);
    let mut page = from_where(&q.status);
    page.prepend(&format!("{ROW_SELECT}{FIGURE_COLUMNS}"))
        .push(&format!(
            " ORDER BY p.name, p.id LIMIT {PER_PAGE} OFFSET {offset}"
        ));
    let rows = page.query_as::<RowDb>().fetch_all(&db.read).await?;
    let mut late = from_where("overdue");
    late.prepend(&format!("{ROW_SELECT}{FIGURE_COLUMNS}"))
        .push(" ORDER BY p.name, p.id");
    let overdue = late.query_as::<RowDb>().fetch_all(&db.read).await?;
    let read = |rows: Vec<RowDb>| {
        rows.into_iter()
            .map(|r| r.into_row(month, grace_days))
            .collect::<Vec<_>>()
    };
    Ok((read(rows), total, read(overdue)))
}

/// One Partner's returns, newest month first: (rows of the page, total).
pub async fn partner_rows(
    db: &Db,
    partner: i64,
    q: &ReturnsQuery,
    grace_days: i64,
) -> Result<(Vec<ReturnRow>, i64), sqlx::Error> {
    let from_where = || {
        let mut sql = Sql::default();
        let p = sql.arg(Arg::Int(partner));
        sql.push(&format!(
            " FROM monthly_submissions s JOIN partners p ON p.id = s.partner_id{LATEST_SNAPSHOT} \
             WHERE s.partner_id = {p}"
        ));
        match q.status.as_str() {
            "" | "overdue" | "not-started" => {}
            key => {
                let k = sql.arg(Arg::Text(key.to_string()));
                sql.push(&format!(" AND s.status = {k}"));
            }
        }
        sql
    };
    let mut count = from_where();
    count.prepend("SELECT COUNT(*)");
    let total: i64 = count.query_scalar().fetch_one(&db.read).await?;
    let offset = i64::from(q.page.saturating_sub(1)) * i64::from(PER_PAGE);
    let mut page = from_where();
    page.prepend(&format!("{ROW_SELECT}{FIGURE_COLUMNS}"))
        .push(&format!(
            " ORDER BY s.month DESC LIMIT {PER_PAGE} OFFSET {offset}"
        ));
    let rows = page.query_as::<RowDb>().fetch_all(&db.read).await?;
    let fallback = current_month();
    Ok((
        rows.into_iter()
            .map(|r| r.into_row(fallback, grace_days))
            .collect(),
        total,
    ))
}

/// The Partner's ended months, from the one it was added in (at most a year
/// back), whose return is overdue — started or not.
pub async fn partner_overdue(
    db: &Db,
    partner: i64,
    grace_days: i64,
) -> Result<Vec<ReturnRow>, sqlx::Error> {
    let mut out = vec![];
    let mut month = current_month().previous();
    for _ in 0..12 {
        let (rows, _, _) = month_rows(
            db,
            month,
            Some(partner),
            &ReturnsQuery {
                month: Some(month),
                status: "overdue".into(),
                page: 1,
            },
            grace_days,
        )
        .await?;
        out.extend(rows);
        month = month.previous();
    }
    Ok(out)
}

/// The Partner a Partner user's grant is bound to, with its name.
pub async fn partner_name(db: &Db, partner: i64) -> Result<Option<String>, sqlx::Error> {
    let mut sql = Sql::new("SELECT name FROM partners WHERE id = ");
    sql.int(partner);
    sql.query_scalar().fetch_optional(&db.read).await
}

/// The id of `partner`'s return for `month`, if started.
pub async fn find(db: &Db, partner: i64, month: Month) -> Result<Option<i64>, sqlx::Error> {
    let mut sql = Sql::new("SELECT id FROM monthly_submissions WHERE partner_id = ");
    sql.int(partner).push(" AND month = ").text(month.key());
    sql.query_scalar().fetch_optional(&db.read).await
}

/// One return as stored.
#[derive(sqlx::FromRow)]
pub struct Stored {
    pub id: i64,
    pub partner_id: i64,
    pub partner: String,
    pub partner_created: i64,
    pub month: String,
    pub status: String,
    pub note: String,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<i64>,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub decision_reason: String,
    pub version: i64,
}

impl Stored {
    pub fn status(&self) -> ReturnStatus {
        ReturnStatus::from_key(&self.status).unwrap_or(ReturnStatus::Draft)
    }
    pub fn month(&self) -> Month {
        Month::parse(&self.month).unwrap_or_else(current_month)
    }
}

/// A return by id, with who submitted and decided it.
pub async fn stored(db: &Db, id: i64) -> Result<Option<Stored>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT s.id, s.partner_id, p.name AS partner, p.created_at AS partner_created, s.month, \
         s.status, s.note, \
         CASE WHEN s.submitted_by IS NULL THEN NULL ELSE su.first_name || ' ' || su.last_name END AS submitted_by, \
         s.submitted_at, \
         CASE WHEN s.decided_by IS NULL THEN NULL ELSE du.first_name || ' ' || du.last_name END AS decided_by, \
         s.decided_at, s.decision_reason, s.version \
         FROM monthly_submissions s JOIN partners p ON p.id = s.partner_id \
         LEFT JOIN users su ON su.id = s.submitted_by LEFT JOIN users du ON du.id = s.decided_by \
         WHERE s.id = ",
    );
    sql.int(id);
    sql.query_as::<Stored>().fetch_optional(&db.read).await
}

#[derive(sqlx::FromRow)]
struct SnapshotDb {
    id: i64,
    submitted_by: String,
    submitted_at: i64,
    declaration: String,
    active_ecs: i64,
    active_eas: i64,
    institutions_in_scope: i64,
    institutions_with_ec: i64,
    matched_institutions: i64,
    employers_engaged: i64,
    compass_completed: i64,
}

/// Every snapshot of a return, newest first.
pub async fn snapshots(db: &Db, id: i64) -> Result<Vec<Snapshot>, sqlx::Error> {
    let mut sql = Sql::new(format!(
        "SELECT n.id, u.first_name || ' ' || u.last_name AS submitted_by, n.submitted_at, \
         n.declaration, {FIGURE_COLUMNS} FROM monthly_snapshots n JOIN users u ON u.id = n.submitted_by \
         WHERE n.submission_id = "
    ));
    sql.int(id).push(" ORDER BY n.id DESC");
    Ok(sql
        .query_as::<SnapshotDb>()
        .fetch_all(&db.read)
        .await?
        .into_iter()
        .map(|n| Snapshot {
            id: n.id,
            submitted_by: n.submitted_by,
            submitted_at: n.submitted_at,
            declaration: n.declaration,
            figures: Figures {
                active_ecs: n.active_ecs,
                active_eas: n.active_eas,
                institutions_in_scope: n.institutions_in_scope,
                institutions_with_ec: n.institutions_with_ec,
                matched_institutions: n.matched_institutions,
                employers_engaged: n.employers_engaged,
                compass_completed: n.compass_completed,
            },
        })
        .collect())
}
