//! A Compass Progress Report read as a report (docs/RULES.md §3.2): each
//! benchmark beside the institution's previous evaluation and the averages it
//! is compared with, and an Institution's evaluations over time.
use serde::{Deserialize, Serialize};

/// What a record page shows beyond its fields, for the kinds that have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompassView {
    Report(Box<ReportFigures>),
    /// An Institution's evaluations the viewer may see, oldest first.
    History(Vec<Evaluation>),
}

/// One evaluation: its date, type and the eight scores (0–100).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub id: i64,
    pub completed_on: String,
    pub evaluation_type: String,
    pub scores: Vec<i64>,
}

impl Evaluation {
    /// How many of the eight are fully achieved (100 %).
    pub fn achieved(&self) -> usize {
        self.scores.iter().filter(|s| **s == 100).count()
    }
}

/// One benchmark's scores summed over a set of latest evaluations, so the
/// mean is exact arithmetic on whole numbers until it is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Average {
    /// How many institutions' latest evaluations it is taken over.
    pub institutions: i64,
    /// Per benchmark, the sum of the scores.
    pub sums: Vec<i64>,
}

impl Average {
    /// Benchmark `i`'s mean score (None over no institutions).
    pub fn score(&self, i: usize) -> Option<f64> {
        let sum = *self.sums.get(i)?;
        (self.institutions > 0).then(|| sum as f64 / self.institutions as f64)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFigures {
    pub report: Evaluation,
    /// The institution's evaluation just before this one, if any.
    pub previous: Option<Evaluation>,
    /// The viewer's own scope: what it is called ("Caseload average"),
    /// its figures, and the list of the evaluations it averages.
    pub scope_label: String,
    pub scope: Average,
    pub scope_href: String,
    /// The report's institution's Partner (figures only: no names, no link).
    pub partner: Option<Average>,
}

impl ReportFigures {
    /// This score minus the previous one, per benchmark.
    pub fn change(&self, i: usize) -> Option<i64> {
        let prev = self.previous.as_ref()?.scores.get(i)?;
        Some(self.report.scores.get(i)? - prev)
    }
}

/// A change as read out: "+10", "−5", "no change".
pub fn signed(change: i64) -> String {
    match change {
        0 => "no change".to_string(),
        c if c > 0 => format!("+{c}"),
        c => format!("−{}", -c),
    }
}

/// An average to one decimal place with its unit, or a dash.
pub fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{v:.1} %"))
}
