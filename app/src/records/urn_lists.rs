//! The URN list pages' shapes (docs/RULES.md §2.2): one list's entries as a
//! search/status/page query that lives in the URL, and what adding many URNs
//! did, which also travels back in the URL so it shows without JavaScript.
use super::query::StatusFilter;
use super::scope_rule::UrnList;
use crate::url_query;
use serde::{Deserialize, Serialize};

pub const URN_PAGE_SIZE: u32 = 50;

/// Search, status and page of one URN list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrnListQuery {
    /// Part of a URN or reason.
    pub q: String,
    pub status: StatusFilter,
    /// 1-based.
    pub page: u32,
}

impl UrnListQuery {
    pub fn parse(query: &str) -> UrnListQuery {
        let mut out = UrnListQuery {
            page: 1,
            ..UrnListQuery::default()
        };
        for (k, v) in url_query::parse(query) {
            match k.as_str() {
                "q" => out.q = v.trim().chars().take(100).collect(),
                "status" => {
                    out.status = match v.as_str() {
                        "closed" => StatusFilter::Closed,
                        "all" => StatusFilter::All,
                        _ => StatusFilter::Active,
                    }
                }
                "page" => {
                    out.page = v
                        .parse()
                        .ok()
                        .filter(|p| (1..=1_000_000).contains(p))
                        .unwrap_or(1)
                }
                _ => {}
            }
        }
        out
    }

    pub fn with_page(&self, page: u32) -> UrnListQuery {
        UrnListQuery {
            page,
            ..self.clone()
        }
    }
}

impl url_query::UrlQuery for UrnListQuery {
    fn to_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = vec![];
        if !self.q.is_empty() {
            pairs.push(("q".to_string(), self.q.clone()));
        }
        match self.status {
            StatusFilter::Active => {}
            StatusFilter::Closed => pairs.push(("status".into(), "closed".into())),
            StatusFilter::All => pairs.push(("status".into(), "all".into())),
        }
        if self.page > 1 {
            pairs.push(("page".into(), self.page.to_string()));
        }
        pairs
    }
}

/// One entry as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrnEntry {
    pub id: i64,
    pub urn: String,
    pub reason: String,
    /// "3 March 2026".
    pub added_on: String,
    pub added_by: String,
    pub active: bool,
    pub closed_on: Option<String>,
    pub closed_by: Option<String>,
    pub closed_reason: Option<String>,
    /// The register's name for the URN, None when it is not in the register.
    pub institution: Option<String>,
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrnListPage {
    pub list: UrnList,
    pub query: UrnListQuery,
    /// Entries matching the query across all pages.
    pub total: i64,
    pub entries: Vec<UrnEntry>,
    /// Active entries on the list, whatever the query.
    pub active: i64,
    /// Open Institutions in network scope now (docs/RULES.md §2.2).
    pub institutions_in_scope: i64,
}

impl UrnListPage {
    pub fn page_count(&self) -> u32 {
        let per = i64::from(URN_PAGE_SIZE);
        ((self.total + per - 1) / per).max(1) as u32
    }
}

/// A line that was not added: its number in the input, the text, why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusedLine {
    pub line: u64,
    pub reason: String,
}

/// What adding URNs did, line by line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddReport {
    pub added: Vec<String>,
    /// Added URNs that are not (yet) in the register.
    pub not_in_register: Vec<String>,
    pub already: Vec<String>,
    pub refused: Vec<RefusedLine>,
}

/// How many URNs or refusals an outcome URL names (the counts are always whole).
const NAMED: usize = 20;

impl AddReport {
    /// The report as query pairs (`added`, `already` counts; some URNs and refusals by name).
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = vec![
            ("added".to_string(), self.added.len().to_string()),
            ("already".to_string(), self.already.len().to_string()),
            ("refused".to_string(), self.refused.len().to_string()),
        ];
        for u in self.not_in_register.iter().take(NAMED) {
            pairs.push(("nir".into(), u.clone()));
        }
        for u in self.already.iter().take(NAMED) {
            pairs.push(("dup".into(), u.clone()));
        }
        for r in self.refused.iter().take(NAMED) {
            pairs.push(("why".into(), format!("line {}: {}", r.line, r.reason)));
        }
        pairs
    }

    /// The sentences a page shows for the pairs of `to_pairs`, or none.
    pub fn sentences(query: &str) -> Vec<String> {
        let pairs = url_query::parse(query);
        let count = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let named = |k: &str| {
            pairs
                .iter()
                .filter(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>()
        };
        let Some(added) = count("added") else {
            return vec![];
        };
        let mut out = vec![format!("{added} added.")];
        let nir = named("nir");
        if !nir.is_empty() {
            out.push(format!(
                "Not in the register (added all the same): {}.",
                nir.join(", ")
            ));
        }
        if let Some(n) = count("already").filter(|n| n != "0") {
            out.push(format!(
                "{n} already on the list, not added again: {}.",
                named("dup").join(", ")
            ));
        }
        if let Some(n) = count("refused").filter(|n| n != "0") {
            out.push(format!("{n} refused, nothing changed for them:"));
            out.extend(named("why"));
        }
        out
    }
}
