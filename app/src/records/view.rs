//! What the server returns for lists and records.
use super::query::ListQuery;
use crate::auth::permissions::{RecordFacts, RecordKind};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    pub id: i64,
    pub closed: bool,
    /// The link's cells (`schema::label_keys`), then one per shown column
    /// (`ListPage::columns`).
    pub cells: Vec<Option<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPage {
    pub kind: RecordKind,
    pub query: ListQuery,
    /// Rows matching the query across all pages.
    pub total: i64,
    pub rows: Vec<ListRow>,
    /// The keys of the columns shown after the link, in order (RULES §5.2).
    #[serde(default)]
    pub columns: Vec<String>,
    /// The keys of every column the caller may choose to show.
    #[serde(default)]
    pub choosable: Vec<String>,
}

impl ListPage {
    pub fn page_count(&self) -> u32 {
        let per = i64::from(self.query.per_page.max(1));
        ((self.total + per - 1) / per).max(1) as u32
    }
}

/// Records related to the one shown (its EC, its EAs, its reports, …), as far
/// as the viewer may see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedList {
    pub title: String,
    pub kind: RecordKind,
    pub items: Vec<RelatedItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedItem {
    pub id: i64,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordView {
    pub kind: RecordKind,
    pub id: i64,
    pub version: i64,
    pub closed: bool,
    pub title: String,
    /// (column key, value) for every column of the kind.
    pub values: Vec<(String, Option<String>)>,
    /// What scoping knows of the record, so the browser asks `decide` too.
    pub facts: RecordFacts,
    pub related: Vec<RelatedList>,
    /// Facts about the record in plain words (an Institution's network scope and why).
    #[serde(default)]
    pub notes: Vec<String>,
    /// A Compass report's figures or an Institution's evaluations (docs/RULES.md §3.2).
    #[serde(default)]
    pub compass: Option<super::compass::CompassView>,
    /// Who closed a closed record and when (epoch seconds), when recorded.
    #[serde(default)]
    pub closed_by: Option<(String, i64)>,
}

impl RecordView {
    pub fn value(&self, key: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.as_deref())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct HistoryEntry {
    /// Seconds since the epoch, UTC.
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// What saving a new record gave back: its id and, for records that are
/// logins, the one-time invitation link to pass on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Created {
    pub id: i64,
    pub invitation_link: Option<String>,
    /// When the email already had a login: that it gained the role instead
    /// of a second account being made (docs/RULES.md §1).
    pub notice: Option<String>,
}
