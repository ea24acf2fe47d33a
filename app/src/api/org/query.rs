//! List queries that round-trip through the URL: the page reads them from
//! the query string, the server function takes them typed, links write them back.
use super::types::Status;
use crate::url_query::UrlQuery;
use serde::{Deserialize, Serialize};

pub const PER_PAGE: u32 = 25;

/// Sortable columns of the assessments list; never SQL text from the user.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Assessee,
    Unit,
    Period,
    Status,
    Updated,
}

impl SortBy {
    pub const ALL: [SortBy; 5] = [
        SortBy::Assessee,
        SortBy::Unit,
        SortBy::Period,
        SortBy::Status,
        SortBy::Updated,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SortBy::Assessee => "assessee",
            SortBy::Unit => "unit",
            SortBy::Period => "period",
            SortBy::Status => "status",
            SortBy::Updated => "updated",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortBy::Assessee => "Assessee",
            SortBy::Unit => "Unit",
            SortBy::Period => "Period",
            SortBy::Status => "Status",
            SortBy::Updated => "Last changed",
        }
    }

    pub fn from_code(code: &str) -> Option<SortBy> {
        SortBy::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Search, filters, sort and page of the assessments list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentQuery {
    /// Free text matched against the assessee's name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub q: String,
    /// Only assessees in this unit or below it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(default)]
    pub sort: SortBy,
    #[serde(default)]
    pub desc: bool,
    /// 1-based; 0 means the first page.
    #[serde(default)]
    pub page: u32,
}

fn non_empty(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_string())
}

impl AssessmentQuery {
    /// Reads the list's URL query string through the one codec.
    pub fn parse(query: &str) -> Self {
        let pairs = crate::url_query::parse(query);
        Self::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// Reads a query string's pairs; anything malformed is ignored, not fatal.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut q = AssessmentQuery::default();
        for (k, v) in pairs {
            match k {
                "q" => q.q = v.trim().chars().take(100).collect(),
                "unit" => q.unit = v.trim().parse().ok(),
                "period" => q.period = non_empty(v),
                "status" => q.status = Status::from_code(v.trim()),
                "sort" => q.sort = SortBy::from_code(v.trim()).unwrap_or_default(),
                "dir" => q.desc = v.trim() == "desc",
                "page" => q.page = v.trim().parse().unwrap_or(0),
                _ => {}
            }
        }
        q
    }

    pub fn page(&self) -> u32 {
        self.page.max(1)
    }

    /// The same query on another page.
    pub fn with_page(&self, page: u32) -> Self {
        AssessmentQuery {
            page,
            ..self.clone()
        }
    }

    /// The same filters sorted by `sort`; sorting again by the same column flips it.
    pub fn sorted_by(&self, sort: SortBy) -> Self {
        AssessmentQuery {
            sort,
            desc: self.sort == sort && !self.desc,
            page: 1,
            ..self.clone()
        }
    }
}

/// Filters of the Organisation Reports page and its download.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The page of the assessments table, 1-based (0 means the first).
    #[serde(default)]
    pub page: u32,
}

impl ReportQuery {
    /// The same report on page `page`.
    pub fn with_page(&self, page: u32) -> Self {
        ReportQuery {
            page,
            ..self.clone()
        }
    }

    /// Reads the report's URL query string through the one codec.
    pub fn parse(query: &str) -> Self {
        let pairs = crate::url_query::parse(query);
        Self::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut q = ReportQuery::default();
        for (k, v) in pairs {
            match k {
                "unit" => q.unit = v.trim().parse().ok(),
                "period" => q.period = non_empty(v),
                "page" => q.page = v.trim().parse().unwrap_or(0),
                _ => {}
            }
        }
        q
    }
}

impl UrlQuery for AssessmentQuery {
    fn to_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = vec![];
        let mut add = |k: &str, v: String| pairs.push((k.to_string(), v));
        if !self.q.is_empty() {
            add("q", self.q.clone());
        }
        if let Some(u) = self.unit {
            add("unit", u.to_string());
        }
        if let Some(p) = &self.period {
            add("period", p.clone());
        }
        if let Some(s) = self.status {
            add("status", s.code().to_string());
        }
        if self.sort != SortBy::default() {
            add("sort", self.sort.code().to_string());
        }
        if self.desc {
            add("dir", "desc".to_string());
        }
        if self.page > 1 {
            add("page", self.page.to_string());
        }
        pairs
    }
}

impl UrlQuery for ReportQuery {
    fn to_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = vec![];
        if let Some(u) = self.unit {
            pairs.push(("unit".to_string(), u.to_string()));
        }
        if let Some(p) = &self.period {
            pairs.push(("period".to_string(), p.clone()));
        }
        if self.page > 1 {
            pairs.push(("page".to_string(), self.page.to_string()));
        }
        pairs
    }
}

/// Search and page of the Users list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserQuery {
    /// Free text matched against name and email.
    pub q: String,
    /// 1-based; 0 means the first page.
    pub page: u32,
}

impl UserQuery {
    /// Reads the list's URL query string through the one codec.
    pub fn parse(query: &str) -> Self {
        let mut out = UserQuery::default();
        for (k, v) in crate::url_query::parse(query) {
            match k.as_str() {
                "q" => out.q = v.trim().chars().take(100).collect(),
                "page" => out.page = v.trim().parse().unwrap_or(0),
                _ => {}
            }
        }
        out
    }
}

impl UrlQuery for UserQuery {
    fn to_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = vec![];
        if !self.q.is_empty() {
            pairs.push(("q".to_string(), self.q.clone()));
        }
        if self.page > 1 {
            pairs.push(("page".to_string(), self.page.to_string()));
        }
        pairs
    }
}

/// Is `p` a period: a year (`2026`) or a quarter (`2026-Q3`)?
pub fn is_period(p: &str) -> bool {
    let b = p.as_bytes();
    let year = |s: &[u8]| s.len() == 4 && s.iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => year(b),
        7 => year(&b[..4]) && &b[4..6] == b"-Q" && (b'1'..=b'4').contains(&b[6]),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assessment_query_round_trips_through_the_url() {
        let q = AssessmentQuery {
            q: "Jon Shaw & co".into(),
            unit: Some(4),
            period: Some("2026-Q3".into()),
            status: Some(Status::Submitted),
            sort: SortBy::Period,
            desc: true,
            page: 3,
        };
        let pairs = crate::url_query::parse(&q.to_query_string());
        let back = AssessmentQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, q);
        assert_eq!(AssessmentQuery::default().to_query_string(), "");
    }

    #[test]
    fn malformed_values_are_ignored() {
        let q = AssessmentQuery::from_pairs([("unit", "x"), ("status", "gone"), ("page", "-1")]);
        assert_eq!(q, AssessmentQuery::default());
    }

    #[test]
    fn periods() {
        for ok in ["2026", "2026-Q1", "2025-Q4"] {
            assert!(is_period(ok), "{ok}");
        }
        for bad in ["", "26", "2026-Q5", "2026-Q", "2026Q1", "abcd", "2026-q1"] {
            assert!(!is_period(bad), "{bad}");
        }
    }
}
