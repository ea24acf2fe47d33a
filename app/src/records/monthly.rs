//! The monthly Partner return (docs/RULES.md §2.4): its states, the figures a
//! submission snapshots, calendar months, and the shapes the server returns.
//! Shared by both sides, so the pages show exactly what the server decided.
use super::view::HistoryEntry;
use crate::url_query::{self, UrlQuery};
use serde::{Deserialize, Serialize};

/// What a Partner user declares when submitting (docs/RULES.md §2.4).
pub const DECLARATION: &str = "I confirm these figures are correct and complete for this Partner for the month, as far as I know, and that Caseboard took them from the register at the moment I submitted.";

/// Where a Partner's return for a month stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReturnStatus {
    /// No return has been started for the month.
    NotStarted,
    Draft,
    Submitted,
    Returned,
    Confirmed,
}

impl ReturnStatus {
    pub const ALL: [ReturnStatus; 5] = [
        ReturnStatus::NotStarted,
        ReturnStatus::Draft,
        ReturnStatus::Submitted,
        ReturnStatus::Returned,
        ReturnStatus::Confirmed,
    ];

    /// The stored (and URL) name.
    pub fn key(self) -> &'static str {
        match self {
            ReturnStatus::NotStarted => "not-started",
            ReturnStatus::Draft => "draft",
            ReturnStatus::Submitted => "submitted",
            ReturnStatus::Returned => "returned",
            ReturnStatus::Confirmed => "confirmed",
        }
    }

    pub fn from_key(key: &str) -> Option<ReturnStatus> {
        ReturnStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReturnStatus::NotStarted => "Not started",
            ReturnStatus::Draft => "Draft",
            ReturnStatus::Submitted => "Submitted",
            ReturnStatus::Returned => "Returned",
            ReturnStatus::Confirmed => "Confirmed",
        }
    }

    /// The GOV.UK tag colour class.
    pub fn tag_class(self) -> &'static str {
        match self {
            ReturnStatus::NotStarted => "tag tag-grey",
            ReturnStatus::Draft => "tag tag-blue",
            ReturnStatus::Submitted => "tag tag-purple",
            ReturnStatus::Returned => "tag tag-orange",
            ReturnStatus::Confirmed => "tag tag-green",
        }
    }

    /// A Partner user may still change and submit it.
    pub fn open_for_partner(self) -> bool {
        matches!(self, ReturnStatus::Draft | ReturnStatus::Returned)
    }

    /// Counts as submitted for the overdue rule: waiting for Admin or confirmed.
    pub fn is_in(self) -> bool {
        matches!(self, ReturnStatus::Submitted | ReturnStatus::Confirmed)
    }
}

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    /// 1–12.
    pub month: u8,
}

impl Month {
    /// `YYYY-MM` (what forms and the database hold); None for anything else.
    pub fn parse(text: &str) -> Option<Month> {
        let (y, m) = text.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        ((1..=12).contains(&month) && year >= 2000).then_some(Month { year, month })
    }

    /// The month of a `YYYY-MM-DD` date.
    pub fn of_date(iso: &str) -> Option<Month> {
        Month::parse(iso.get(..7)?)
    }

    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// "November 2026".
    pub fn label(self) -> String {
        format!(
            "{} {}",
            crate::display::MONTHS[usize::from(self.month - 1)],
            self.year
        )
    }

    pub fn previous(self) -> Month {
        match self.month {
            1 => Month {
                year: self.year - 1,
                month: 12,
            },
            m => Month {
                year: self.year,
                month: m - 1,
            },
        }
    }

    pub fn next(self) -> Month {
        match self.month {
            12 => Month {
                year: self.year + 1,
                month: 1,
            },
            m => Month {
                year: self.year,
                month: m + 1,
            },
        }
    }

    /// `YYYY-MM-01`.
    pub fn first_day(self) -> String {
        format!("{}-01", self.key())
    }
}

/// The register's counts a submission snapshots, each counted as the
/// submitting Partner user's list counts it (docs/RULES.md §2.4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub active_ecs: i64,
    pub active_eas: i64,
    pub institutions_in_scope: i64,
    pub institutions_with_ec: i64,
    pub matched_institutions: i64,
    pub employers_engaged: i64,
    pub compass_completed: i64,
}

/// One figure as shown: its label, value and the list it counts, where a
/// list filter shows exactly those records.
pub struct Figure {
    pub key: &'static str,
    pub label: &'static str,
    pub value: i64,
    pub list: Option<&'static str>,
}

impl Figures {
    pub fn shown(&self) -> [Figure; 7] {
        let f = |key, label, value, list| Figure {
            key,
            label,
            value,
            list,
        };
        [
            f(
                "active_ecs",
                "Active ECs",
                self.active_ecs,
                Some("/areas/ecs"),
            ),
            f(
                "active_eas",
                "Active EAs",
                self.active_eas,
                Some("/areas/eas"),
            ),
            f(
                "institutions_in_scope",
                "Institutions in network scope",
                self.institutions_in_scope,
                Some("/areas/institutions?f_in_scope=yes"),
            ),
            f(
                "institutions_with_ec",
                "Institutions in scope with an assigned EC",
                self.institutions_with_ec,
                None,
            ),
            f(
                "matched_institutions",
                "Institutions in scope matched with an EA",
                self.matched_institutions,
                None,
            ),
            f(
                "employers_engaged",
                "Employers engaged (employers of active EAs)",
                self.employers_engaged,
                None,
            ),
            f(
                "compass_completed",
                "Compass reports completed in the month",
                self.compass_completed,
                None,
            ),
        ]
    }
}

/// One submission's snapshot, as taken when a Partner user submitted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub id: i64,
    pub submitted_by: String,
    pub submitted_at: i64,
    pub declaration: String,
    pub figures: Figures,
}

/// One Partner's return for one month, with its snapshots (newest first)
/// and every audited change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub id: i64,
    pub partner_id: i64,
    pub partner: String,
    pub month: Month,
    pub status: ReturnStatus,
    pub note: String,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<i64>,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    /// Admin's reason for the last return ("" when never returned).
    pub decision_reason: String,
    pub version: i64,
    /// The last day to submit without being overdue (`YYYY-MM-DD`).
    pub due_on: String,
    pub overdue: bool,
    pub snapshots: Vec<Snapshot>,
    pub history: Vec<HistoryEntry>,
}

/// A row of a Partner's returns, or of a month's Partners.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnRow {
    /// None while the month has no return.
    pub id: Option<i64>,
    pub partner_id: i64,
    pub partner: String,
    pub month: Month,
    pub status: ReturnStatus,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<i64>,
    /// The latest snapshot's figures, once submitted.
    pub figures: Option<Figures>,
    pub overdue: bool,
}

/// The query of a returns page: a month (Admin's page), a status, a page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnsQuery {
    /// None: last month.
    pub month: Option<Month>,
    /// A `ReturnStatus` key, or `overdue`; empty for every status.
    pub status: String,
    pub page: u32,
}

pub const PER_PAGE: u32 = 25;
/// The longest grace period after a month ends (docs/RULES.md §2.4).
pub const GRACE_DAYS_MAX: i64 = 90;
/// The grace period while none is set.
pub const DEFAULT_GRACE_DAYS: i64 = 10;

impl ReturnsQuery {
    pub fn parse(query: &str) -> ReturnsQuery {
        let mut out = ReturnsQuery {
            page: 1,
            ..ReturnsQuery::default()
        };
        for (k, v) in url_query::parse(query) {
            match k.as_str() {
                "month" => out.month = Month::parse(&v),
                "status" if v == "overdue" || ReturnStatus::from_key(&v).is_some() => {
                    out.status = v
                }
                "page" => {
                    out.page = v
                        .parse()
                        .ok()
                        .filter(|p| (1..=100_000).contains(p))
                        .unwrap_or(1)
                }
                _ => {}
            }
        }
        out
    }

    pub fn with_page(&self, page: u32) -> ReturnsQuery {
        ReturnsQuery {
            page,
            ..self.clone()
        }
    }
}

impl UrlQuery for ReturnsQuery {
    fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out = vec![];
        if let Some(m) = self.month {
            out.push(("month".to_string(), m.key()));
        }
        if !self.status.is_empty() {
            out.push(("status".to_string(), self.status.clone()));
        }
        if self.page > 1 {
            out.push(("page".to_string(), self.page.to_string()));
        }
        out
    }
}

/// One page of returns: a Partner's months (Partner users) or a month's
/// Partners (Admin), with the overdue ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnsPage {
    pub query: ReturnsQuery,
    /// The month shown (Admin's page) — the query's, or last month.
    pub month: Month,
    /// This calendar month: the latest a return may be for.
    pub current_month: Month,
    /// The grace period after a month ends (a stored setting), and the
    /// version a change to it must quote (0 while never set).
    pub grace_days: i64,
    pub grace_version: i64,
    /// The last day `month`'s return is on time (`YYYY-MM-DD`).
    pub due_on: String,
    pub rows: Vec<ReturnRow>,
    pub total: i64,
    /// The Partners whose return for `month` is overdue (Admin's page), or
    /// this Partner's overdue months (Partner users).
    pub overdue: Vec<ReturnRow>,
    /// Partner users: their Partner and whether this month's return exists.
    pub partner: Option<(i64, String)>,
    pub current_started: Option<i64>,
}

impl ReturnsPage {
    pub fn page_count(&self) -> u32 {
        let per = i64::from(PER_PAGE);
        ((self.total + per - 1) / per).max(1) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_step_and_read() {
        let m = Month::parse("2026-01").unwrap();
        assert_eq!(m.previous().key(), "2025-12");
        assert_eq!(m.next().key(), "2026-02");
        assert_eq!(Month::parse("2026-12").unwrap().next().key(), "2027-01");
        assert_eq!(m.label(), "January 2026");
        for bad in [
            "2026-13",
            "2026-00",
            "26-01",
            "2026-1",
            "x",
            "2026-01-01",
            "1999-12",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
        assert_eq!(Month::of_date("2026-03-31"), Month::parse("2026-03"));
    }

    #[test]
    fn returns_query_round_trips_through_the_url() {
        let q = ReturnsQuery::parse("month=2026-05&status=overdue&page=3&junk=1");
        assert_eq!(q.to_query_string(), "month=2026-05&status=overdue&page=3");
        assert_eq!(ReturnsQuery::parse(&q.to_query_string()), q);
        assert_eq!(ReturnsQuery::parse("status=nonsense").status, "");
    }
}
