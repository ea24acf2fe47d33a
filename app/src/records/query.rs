//! A list's state — search, filters, sort, page, closed records — as one
//! typed value that round-trips through the URL query string.
use super::schema::{column, columns, filter_column, Bound, FilterBy};
use crate::auth::permissions::RecordKind;
use crate::error::{clip, AppError};
use crate::url_query::{self, UrlQuery};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusFilter {
    /// Open records only (the default view).
    #[default]
    Active,
    Closed,
    All,
}

pub const PAGE_SIZES: [u32; 3] = [25, 50, 100];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    pub q: String,
    /// (column key, value), sorted by key, only filterable columns and valid values.
    pub filters: Vec<(String, String)>,
    /// A sortable column key; None sorts by the kind's first column.
    pub sort: Option<String>,
    pub desc: bool,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
    pub status: StatusFilter,
    /// The columns chosen for the list (`col` keys, as given; the server
    /// shows the valid ones: RULES §5.2). Empty: the default columns.
    #[serde(default)]
    pub columns: Vec<String>,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            q: String::new(),
            filters: vec![],
            sort: None,
            desc: false,
            page: 1,
            per_page: 25,
            status: StatusFilter::Active,
            columns: vec![],
        }
    }
}

impl ListQuery {
    /// `parse`, or one 422 naming every invalid filter (`refusals`).
    pub fn parse_checked(kind: RecordKind, query: &str) -> Result<ListQuery, AppError> {
        let all = refusals(kind, query)
            .into_iter()
            .flat_map(|(_, e)| {
                e.invalid_fields()
                    .into_iter()
                    .map(|(f, m)| (f.to_string(), m.to_string()))
                    .collect::<Vec<_>>()
            })
            .collect();
        match AppError::invalid_all(all) {
            Some(refused) => Err(refused),
            None => Ok(ListQuery::parse(kind, query)),
        }
    }

    /// Reads a URL query string; anything unknown or invalid is dropped, so
    /// every value that comes out is safe to turn into SQL through the schema.
    pub fn parse(kind: RecordKind, query: &str) -> ListQuery {
        let mut out = ListQuery::default();
        for (k, v) in url_query::parse(query) {
            match k.as_str() {
                "q" => out.q = v.trim().chars().take(200).collect(),
                "sort" => {
                    out.sort = column(kind, &v)
                        .filter(|c| c.sortable)
                        .map(|c| c.key.to_string())
                }
                "dir" => out.desc = v == "desc",
                "page" => {
                    out.page = v
                        .parse()
                        .ok()
                        .filter(|p| *p >= 1 && *p <= 1_000_000)
                        .unwrap_or(1)
                }
                "per" => {
                    out.per_page = v
                        .parse()
                        .ok()
                        .filter(|p| PAGE_SIZES.contains(p))
                        .unwrap_or(25)
                }
                "status" => {
                    out.status = match v.as_str() {
                        "closed" => StatusFilter::Closed,
                        "all" => StatusFilter::All,
                        _ => StatusFilter::Active,
                    }
                }
                "col" => {
                    if column(kind, &v).is_some() && !out.columns.contains(&v) {
                        out.columns.push(v)
                    }
                }
                key => {
                    if let Some(name) = key.strip_prefix("f_") {
                        if let Some(value) = valid_filter(kind, name, &v) {
                            out.filters.retain(|(k, _)| k != name);
                            out.filters.push((name.to_string(), value));
                        }
                    }
                }
            }
        }
        out.filters.sort();
        let position = |k: &String| {
            columns(kind)
                .and_then(|cs| cs.iter().position(|c| c.key == k))
                .unwrap_or(usize::MAX)
        };
        out.columns.sort_by_key(position);
        out
    }

    pub fn filter(&self, key: &str) -> Option<&str> {
        self.filters
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn with_page(&self, page: u32) -> ListQuery {
        ListQuery {
            page,
            ..self.clone()
        }
    }

    /// Sorting by a column: ascending first, then descending; back to page 1.
    pub fn with_sort(&self, key: &str) -> ListQuery {
        let desc = self.sort.as_deref() == Some(key) && !self.desc;
        ListQuery {
            sort: Some(key.to_string()),
            desc,
            page: 1,
            ..self.clone()
        }
    }
}

fn valid_filter(kind: RecordKind, key: &str, value: &str) -> Option<String> {
    check_filter(kind, key, value).ok().flatten()
}

/// A filter value as the list uses it: `Ok(None)` when empty or not a
/// filter, `Err(why)` when the column filters but the value is not one it
/// takes (docs/RULES.md §3.2: refused with the reason, never guessed).
fn check_filter(kind: RecordKind, key: &str, value: &str) -> Result<Option<String>, String> {
    let value = value.trim();
    let Some((c, _)) = filter_column(kind, key) else {
        return Ok(None);
    };
    let Some(filter) = c.filter.filter(|_| !value.is_empty()) else {
        return Ok(None);
    };
    let ok = |valid: bool, why: String| {
        if valid {
            Ok(Some(value.to_string()))
        } else {
            Err(why)
        }
    };
    match filter {
        FilterBy::Choice(options) | FilterBy::Includes(options) => ok(
            options.contains(&value),
            format!("choose one of: {}", options.join(", ")),
        ),
        FilterBy::Text => Ok(Some(value.chars().take(100).collect())),
        FilterBy::Flag | FilterBy::Recorded => {
            ok(matches!(value, "yes" | "no"), "choose yes or no".into())
        }
        FilterBy::Before | FilterBy::Until | FilterBy::Between => ok(
            is_iso_date(value),
            "enter a date as YYYY-MM-DD, for example 2025-09-01".into(),
        ),
        FilterBy::Under => ok(
            value.parse::<u8>().is_ok_and(|n| (1..=100).contains(&n)),
            "enter a whole number of per cent from 1 to 100".into(),
        ),
        FilterBy::Count(max) => ok(
            value.parse::<u8>().is_ok_and(|n| n <= max),
            format!("enter a whole number from 0 to {max}"),
        ),
    }
}

/// The first filter of a URL query string the list refuses, as an error
/// naming the filter (as the form labels it) and what is wrong: a value the
/// column does not take, or a date range that ends before it starts.
/// `ListQuery::parse` drops such values; lists and downloads ask this first,
/// so a wrong value is refused with its reason, never silently ignored.
/// Also gives the refused filter's form field (`f_<key>`), for the page's link.
pub fn refusal(kind: RecordKind, query: &str) -> Option<(String, AppError)> {
    refusals(kind, query).into_iter().next()
}

/// Every filter of a URL query string the list refuses, in the URL's order
/// (ranges last), so the page's error summary names them all at once
/// (docs/RULES.md §5.1).
pub fn refusals(kind: RecordKind, query: &str) -> Vec<(String, AppError)> {
    let mut out = vec![];
    for (k, v) in url_query::parse(query) {
        let Some(name) = k.strip_prefix("f_") else {
            continue;
        };
        if let Err(why) = check_filter(kind, name, &v) {
            let e = AppError::invalid(
                &filter_label(kind, name),
                format!("\"{}\" is not accepted; {why}", clip(v.trim())),
            );
            out.push((k.clone(), e));
        }
    }
    let q = ListQuery::parse(kind, query);
    for c in columns(kind).unwrap_or_default() {
        if c.filter != Some(FilterBy::Between) {
            continue;
        }
        let end = |b: Bound| q.filter(&format!("{}{}", c.key, b.suffix()));
        if let (Some(from), Some(to)) = (end(Bound::From), end(Bound::To)) {
            if from > to {
                out.push((
                    format!("f_{}{}", c.key, Bound::To.suffix()),
                    AppError::invalid(
                        c.label,
                        format!("the range ends ({to}) before it starts ({from})"),
                    ),
                ));
            }
        }
    }
    out
}

/// How the filter form labels a filter key.
pub fn filter_label(kind: RecordKind, key: &str) -> String {
    match filter_column(kind, key) {
        Some((c, Some(_))) if c.filter == Some(FilterBy::Before) => {
            format!("{}: on or after", c.label)
        }
        Some((c, Some(b))) => format!("{} {}", c.label, b.label()),
        Some((c, None)) if c.filter == Some(FilterBy::Under) => format!("{} under (%)", c.label),
        Some((c, None)) => c.label.to_string(),
        None => key.to_string(),
    }
}

/// `YYYY-MM-DD` with a month 01–12 and a day 01–31 (compared as text in SQL).
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return false;
    }
    let (m, d) = (&s[5..7], &s[8..10]);
    ("01"..="12").contains(&m) && ("01"..="31").contains(&d)
}

/// Is there any filterable column (so the list shows a filter form)?
pub fn has_filters(kind: RecordKind) -> bool {
    columns(kind).is_some_and(|cs| cs.iter().any(|c| c.filter.is_some()))
}

impl UrlQuery for ListQuery {
    /// The canonical parameters: defaults left out, filters sorted by key.
    fn to_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = vec![];
        let mut add = |k: &str, v: String| pairs.push((k.to_string(), v));
        if !self.q.is_empty() {
            add("q", self.q.clone());
        }
        for (k, v) in &self.filters {
            add(&format!("f_{k}"), v.clone());
        }
        if let Some(s) = &self.sort {
            add("sort", s.clone());
        }
        if self.desc {
            add("dir", "desc".to_string());
        }
        match self.status {
            StatusFilter::Active => {}
            StatusFilter::Closed => add("status", "closed".to_string()),
            StatusFilter::All => add("status", "all".to_string()),
        }
        for c in &self.columns {
            add("col", c.clone());
        }
        if self.per_page != 25 {
            add("per", self.per_page.to_string());
        }
        if self.page != 1 {
            add("page", self.page.to_string());
        }
        pairs
    }
}

/// One value encoded for a query string (the shared codec's).
pub use crate::url_query::{decode_value as decode, encode_value as encode};
