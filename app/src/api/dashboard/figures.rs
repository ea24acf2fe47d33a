//! What a network dashboard shows (docs/RULES.md §7): every count carries the
//! link to the list it counts, so the page and the list cannot disagree.
use crate::url_query::{self, UrlQuery};
use serde::{Deserialize, Serialize};

/// The dashboard's filter bar, as it travels in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardQuery {
    pub phase: Option<String>,
    /// A local authority, matched exactly.
    pub la: Option<String>,
    /// An EC by name (Partner and Sub-contractor dashboards).
    pub ec: Option<String>,
    /// The latest evaluation's type.
    pub evaluation: Option<String>,
    /// A Partner by name (national dashboards: the Partner picker).
    pub partner: Option<String>,
    /// The period's key (`Period::key`): only institutions evaluated in it count.
    pub period: Option<String>,
}

impl DashboardQuery {
    pub fn parse(query: &str) -> DashboardQuery {
        let mut out = DashboardQuery::default();
        for (k, v) in url_query::parse(query) {
            let v = v.trim().chars().take(200).collect::<String>();
            if v.is_empty() {
                continue;
            }
            match k.as_str() {
                "phase" => out.phase = Some(v),
                "la" => out.la = Some(v),
                "ec" => out.ec = Some(v),
                "evaluation" => out.evaluation = Some(v),
                "partner" => out.partner = Some(v),
                // Only a period the dashboard knows (docs/RULES.md §7.3).
                "period" if super::period::Period::from_key(&v).is_some() => out.period = Some(v),
                _ => {}
            }
        }
        out
    }
}

impl UrlQuery for DashboardQuery {
    fn to_pairs(&self) -> Vec<(String, String)> {
        [
            ("phase", &self.phase),
            ("la", &self.la),
            ("ec", &self.ec),
            ("evaluation", &self.evaluation),
            ("partner", &self.partner),
            ("period", &self.period),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.clone().map(|v| (k.to_string(), v)))
        .collect()
    }
}

/// A count and the list it counts (a path with its query string).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub label: String,
    pub value: i64,
    pub href: String,
}

/// One Gatsby Benchmark: how many of the evaluated institutions fully achieve
/// it, and the same share for the Partner and the nation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchmarkRow {
    pub number: u8,
    pub name: String,
    pub achieved: Figure,
    pub percent: Option<f64>,
    pub partner_percent: Option<f64>,
    pub national_percent: Option<f64>,
}

/// One row of a breakdown (an EC, a Partner, a local authority, a phase).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BreakdownRow {
    pub institutions: Figure,
    pub matched: Figure,
    pub evaluated: i64,
    pub achieved_sum: i64,
}

impl BreakdownRow {
    pub fn average(&self) -> Option<f64> {
        average(self.achieved_sum, self.evaluated)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// Used in element ids and the CSV file name.
    pub key: String,
    pub title: String,
    pub rows: Vec<BreakdownRow>,
}

/// The choices offered by the filter bar (from the records in scope).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FilterChoices {
    pub local_authorities: Vec<String>,
    pub ecs: Vec<String>,
    pub partners: Vec<String>,
}

/// A careers-hub dashboard (EC, Sub-contractor, Partner, CEC Staff, Admin).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HubDashboard {
    /// "your caseload", "your Partner (North Hub)", "the whole network".
    pub scope_label: String,
    pub query: DashboardQuery,
    pub choices: FilterChoices,
    /// The date twelve months before today (`YYYY-MM-DD`).
    pub stale_before: String,
    pub institutions: Figure,
    pub matched: Figure,
    /// Institutions with at least one Compass evaluation (the benchmarks' denominator).
    pub evaluated: i64,
    pub achieved_sum: i64,
    pub stale: Figure,
    /// None when the role has no access to EAs.
    pub active_eas: Option<Figure>,
    pub benchmarks: Vec<BenchmarkRow>,
    /// Institutions by number of benchmarks fully achieved, 0 to 8.
    pub distribution: Vec<Figure>,
    pub pipeline: Vec<Figure>,
    pub breakdowns: Vec<Breakdown>,
    /// Whether the Partner comparison column applies (not on national dashboards).
    pub has_partner_comparison: bool,
    /// Average benchmarks achieved per school term, oldest first (the last
    /// three years, RULES §7.2).
    pub trend: Vec<TrendPoint>,
    /// The monthly Partner return (Partner and Admin dashboards, RULES §7).
    pub monthly: Option<MonthlyStatus>,
}

/// A school term (docs/RULES.md §7.2): spring (January to April), summer
/// (May to August), autumn (September to December) of a calendar year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Term {
    pub year: i32,
    /// 1 spring, 2 summer, 3 autumn.
    pub part: u8,
}

impl Term {
    /// The term a `YYYY-MM-DD` date falls in.
    pub fn of_date(day: &str) -> Option<Term> {
        let year = day.get(0..4)?.parse().ok()?;
        let month: u8 = day.get(5..7)?.parse().ok()?;
        let part = match month {
            1..=4 => 1,
            5..=8 => 2,
            9..=12 => 3,
            _ => return None,
        };
        Some(Term { year, part })
    }
    pub fn previous(self) -> Term {
        match self.part {
            1 => Term {
                year: self.year - 1,
                part: 3,
            },
            p => Term {
                year: self.year,
                part: p - 1,
            },
        }
    }
    /// `YYYY-1`, `YYYY-2`, `YYYY-3`: sorts in time order.
    pub fn key(self) -> String {
        format!("{:04}-{}", self.year, self.part)
    }
    pub fn label(self) -> String {
        let name = ["Spring", "Summer", "Autumn"][usize::from(self.part.clamp(1, 3) - 1)];
        format!("{name} {}", self.year)
    }
    /// The `n` terms ending with this one, oldest first.
    pub fn last(self, n: usize) -> Vec<Term> {
        let mut out = vec![self];
        while out.len() < n {
            let before = out[out.len() - 1].previous();
            out.push(before);
        }
        out.reverse();
        out
    }
}

/// One term of the trend: the institutions evaluated in it (each counted
/// once, by its last evaluation of the term) and their benchmarks achieved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    /// "Autumn 2025".
    pub term: String,
    pub evaluated: i64,
    pub achieved_sum: i64,
}

impl TrendPoint {
    pub fn average(&self) -> Option<f64> {
        average(self.achieved_sum, self.evaluated)
    }
}

/// Last month's Partner return (docs/RULES.md §2.4, §7): a Partner's own
/// return, or every Partner's by status for Admin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthlyStatus {
    /// "November 2026".
    pub month: String,
    /// The last day the month's return is on time (`YYYY-MM-DD`).
    pub due_on: String,
    /// The returns page for the month.
    pub returns_href: String,
    /// A Partner's own return: its status in words and the page to open it.
    pub own: Option<OwnReturn>,
    /// A Partner's ended months whose return is overdue.
    pub overdue_months: Vec<String>,
    /// Admin: Partners per status (and overdue), each linking to the
    /// month's returns filtered so; the count is that page's total.
    pub by_status: Vec<Figure>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OwnReturn {
    pub status: crate::records::monthly::ReturnStatus,
    pub overdue: bool,
    pub open: String,
}

impl HubDashboard {
    pub fn matched_percent(&self) -> Option<f64> {
        percent(self.matched.value, self.institutions.value)
    }
    pub fn average_achieved(&self) -> Option<f64> {
        average(self.achieved_sum, self.evaluated)
    }
}

/// One Partner's active Partner users, out of the six allowed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerSeats {
    pub partner: String,
    pub users: Figure,
}

/// Network Ops: the accounts it looks after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpsDashboard {
    pub active_partner_users: Figure,
    pub active_cec_staff: Figure,
    pub expiring_partner_users: Figure,
    pub expiring_cec_staff: Figure,
    /// The last day counted as "expiring in 30 days".
    pub expiring_by: String,
    pub seats: Vec<PartnerSeats>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Dashboard {
    Hub(Box<HubDashboard>),
    Ops(Box<OpsDashboard>),
    /// No network role: nothing to show.
    None,
}

pub fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

pub fn average(sum: i64, n: i64) -> Option<f64> {
    (n > 0).then(|| sum as f64 / n as f64)
}

/// "42 %" or "—".
pub fn shown_percent(p: Option<f64>) -> String {
    p.map(|p| format!("{p:.0} %")).unwrap_or_else(|| "—".into())
}

/// "3.4" or "—".
pub fn shown_average(a: Option<f64>) -> String {
    a.map(|a| format!("{a:.1}")).unwrap_or_else(|| "—".into())
}

/// The eight Gatsby Benchmarks (docs/RULES.md §3).
pub const BENCHMARK_NAMES: [&str; 8] = [
    "A stable careers programme",
    "Learning from career and labour market information",
    "Addressing the needs of each pupil",
    "Linking curriculum learning to careers",
    "Encounters with employers and employees",
    "Experiences of workplaces",
    "Encounters with further and higher education",
    "Personal guidance",
];

#[cfg(test)]
mod tests {
    use super::Term;

    #[test]
    fn terms_follow_the_months() {
        let t = |d| Term::of_date(d).map(|t| t.key());
        assert_eq!(t("2026-01-01").as_deref(), Some("2026-1"));
        assert_eq!(t("2026-04-30").as_deref(), Some("2026-1"));
        assert_eq!(t("2026-05-01").as_deref(), Some("2026-2"));
        assert_eq!(t("2026-08-31").as_deref(), Some("2026-2"));
        assert_eq!(t("2026-09-01").as_deref(), Some("2026-3"));
        assert_eq!(t("2026-12-31").as_deref(), Some("2026-3"));
        assert_eq!(t("2026-13-01"), None);
        assert_eq!(t("junk"), None);
    }

    #[test]
    fn three_years_are_nine_terms_oldest_first() {
        let last = Term::of_date("2026-12-06").unwrap().last(9);
        let keys: Vec<String> = last.iter().map(|t| t.key()).collect();
        assert_eq!(
            keys,
            [
                "2024-1", "2024-2", "2024-3", "2025-1", "2025-2", "2025-3", "2026-1", "2026-2",
                "2026-3"
            ]
        );
        assert_eq!(last[0].label(), "Spring 2024");
        assert_eq!(last[8].label(), "Autumn 2026");
    }
}
