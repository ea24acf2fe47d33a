//! The dashboard's and the Organisation Reports' figures, shared by both sides.
use super::query::ReportQuery;
use super::types::{StaffRef, Status, UnitOption};
use serde::{Deserialize, Serialize};

/// Assessments of one unit by status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitFigures {
    pub unit_id: i64,
    pub unit_name: String,
    pub draft: i64,
    pub submitted: i64,
    pub endorsed: i64,
}

impl UnitFigures {
    pub fn total(&self) -> i64 {
        self.draft + self.submitted + self.endorsed
    }

    pub fn count(&self, s: Status) -> i64 {
        match s {
            Status::Draft => self.draft,
            Status::Submitted => self.submitted,
            Status::Endorsed => self.endorsed,
        }
    }

    pub fn add(&mut self, s: Status, n: i64) {
        match s {
            Status::Draft => self.draft += n,
            Status::Submitted => self.submitted += n,
            Status::Endorsed => self.endorsed += n,
        }
    }
}

/// The mean rating of one competency over the assessments that rate it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AverageRating {
    pub competency: String,
    pub average: Option<f64>,
    pub rated: i64,
}

/// Everything the dashboard shows, over exactly the assessments in its scope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// "the whole organisation" or the managed unit's name.
    pub scope_label: String,
    pub period: Option<String>,
    pub periods: Vec<String>,
    pub by_unit: Vec<UnitFigures>,
    pub averages: Vec<AverageRating>,
}

impl Dashboard {
    pub fn totals(&self) -> UnitFigures {
        let mut t = UnitFigures::default();
        for u in &self.by_unit {
            for s in Status::ALL {
                t.add(s, u.count(s));
            }
        }
        t
    }

    /// Endorsed as a share of all, in percent; None when there are none.
    pub fn completion_percent(&self) -> Option<f64> {
        let t = self.totals();
        (t.total() > 0).then(|| t.endorsed as f64 * 100.0 / t.total() as f64)
    }
}

/// One assessment in a report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportRow {
    pub id: i64,
    pub assessee: StaffRef,
    pub reporting_officer: StaffRef,
    pub period: String,
    pub status: Status,
    pub ratings: [Option<i64>; 5],
    pub average: Option<f64>,
}

/// How many report rows the page shows; the download has them all.
pub const REPORT_PAGE_ROWS: usize = 50;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub query: ReportQuery,
    pub scope_label: String,
    /// Units the filter offers: those inside the user's report scope.
    pub units: Vec<UnitOption>,
    pub periods: Vec<String>,
    pub total: i64,
    pub rows: Vec<ReportRow>,
    pub by_unit: Vec<UnitFigures>,
    pub averages: Vec<AverageRating>,
}

/// One decimal place, the same on server and browser.
pub fn one_decimal(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}"))
        .unwrap_or_else(|| "—".to_string())
}
