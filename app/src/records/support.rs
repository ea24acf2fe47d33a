//! Support requests (docs/RULES.md §2.7), shared by the form and the server:
//! the fixed subjects, the statuses and how a request may move between
//! them, the list columns, and the shapes the server returns.
use super::schema::{col, Column, FilterBy};
use crate::auth::permissions::RecordKind;
use crate::records::view::HistoryEntry;
use serde::{Deserialize, Serialize};

/// The subject an EC uses to ask to become a Hub Lead (docs/RULES.md §2.2).
pub const UPGRADE_SUBJECT: &str = "Record upgrade needed – EC to Hub Lead";
/// The subject that takes free text.
pub const OTHER_SUBJECT: &str = "Other";

/// Every subject a request may have, in the order the form offers them.
pub const SUBJECTS: &[&str] = &[
    UPGRADE_SUBJECT,
    "Change of email address",
    "Access or sign-in problem",
    "Correct a record",
    "Partner or Sub-contractor change",
    OTHER_SUBJECT,
];

/// The longest subject text, description, comment or reason accepted.
pub const MAX_SUBJECT: usize = 200;
pub const MAX_TEXT: usize = 5000;

/// Where a request stands. Stored as `code`, shown as `label`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    New,
    InProgress,
    Resolved,
    Rejected,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::New,
        Status::InProgress,
        Status::Resolved,
        Status::Rejected,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::InProgress => "in_progress",
            Status::Resolved => "resolved",
            Status::Rejected => "rejected",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::New => "New",
            Status::InProgress => "In progress",
            Status::Resolved => "Resolved",
            Status::Rejected => "Rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn from_label(label: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.label() == label)
    }

    /// Resolved and Rejected are final: nothing moves a request on from them.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Resolved | Status::Rejected)
    }

    /// New → In progress → Resolved or Rejected; a new request may also be
    /// resolved or rejected at once. Rejecting goes through `reject` (it
    /// needs a reason).
    pub fn may_become(self, next: Status) -> bool {
        match (self, next) {
            (Status::New, Status::InProgress) => true,
            (Status::New | Status::InProgress, Status::Resolved | Status::Rejected) => true,
            (Status::New, Status::New)
            | (Status::InProgress, Status::New | Status::InProgress)
            | (Status::Resolved | Status::Rejected, _) => false,
        }
    }

    /// The GOV.UK tag colour class of the status.
    pub fn tag_class(self) -> &'static str {
        match self {
            Status::New => "tag tag-blue",
            Status::InProgress => "tag tag-yellow",
            Status::Resolved => "tag tag-green",
            Status::Rejected => "tag tag-red",
        }
    }
}

const STATUS_LABELS: &[&str] = &["New", "In progress", "Resolved", "Rejected"];

/// The record kinds a request may be about (those with records pages).
pub const RELATED_KINDS: &[RecordKind] = &[
    RecordKind::Ec,
    RecordKind::Ea,
    RecordKind::Institution,
    RecordKind::Employer,
    RecordKind::SubContractor,
    RecordKind::Partner,
    RecordKind::PartnerUser,
    RecordKind::CecStaffUser,
    RecordKind::Organisation,
    RecordKind::CompassReport,
];

/// The list and detail columns (joined to their SQL by key in `ssr::records::tables`).
/// No column is editable through the generic record edit: a request changes
/// only through the queue's actions.
pub const COLUMNS: &[Column] = &[
    col("reference", "Reference"),
    col("subject", "Subject").filter(FilterBy::Choice(SUBJECTS)),
    col("subject_other", "In their words"),
    col("status", "Status").filter(FilterBy::Choice(STATUS_LABELS)),
    col("raised_by", "Raised by"),
    col("assignee", "Assignee").filter(FilterBy::Text),
    col("raised_on", "Raised"),
    col("description", "Description").detail_only(),
    col("related", "Related record").detail_only(),
    col("reject_reason", "Reason for rejecting").detail_only(),
];

/// A request as one page shows it: the request, its comments and history,
/// and what the viewer may do with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDetail {
    pub id: i64,
    pub version: i64,
    pub subject: String,
    pub subject_other: String,
    pub description: String,
    pub status: Status,
    pub reject_reason: String,
    pub raised_by: String,
    pub raised_at: i64,
    pub assignee_id: Option<i64>,
    pub assignee: Option<String>,
    /// The related record, when there is one: its kind, id, and its title
    /// when the viewer may see it.
    pub related: Option<RelatedRecord>,
    pub comments: Vec<Comment>,
    /// Every audited change, oldest first: the status history.
    pub history: Vec<HistoryEntry>,
    /// Whether the viewer works the queue (Edit on the request).
    pub may_work: bool,
    /// Whether the viewer may comment (the queue, or the requester).
    pub may_comment: bool,
    /// Network Ops and Admin logins a request can be assigned to (queue workers only).
    pub assignees: Vec<Assignee>,
    /// Where the Hub Lead upgrade of this request is made, for a viewer who
    /// may make it (an open upgrade request about an EC).
    pub upgrade_link: Option<String>,
}

impl RequestDetail {
    /// The subject as people read it: Other shows the requester's words.
    pub fn subject_shown(&self) -> String {
        shown_subject(&self.subject, &self.subject_other)
    }
}

/// "Other: their words", or the subject from the list.
pub fn shown_subject(subject: &str, other: &str) -> String {
    if subject == OTHER_SUBJECT && !other.is_empty() {
        format!("Other: {other}")
    } else {
        subject.to_string()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedRecord {
    pub kind: RecordKind,
    pub id: i64,
    pub title: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Comment {
    pub at: i64,
    pub author: String,
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Assignee {
    pub id: i64,
    pub name: String,
}

/// A new request's fields, checked; what the form sent otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRequest {
    pub subject: &'static str,
    pub subject_other: String,
    pub description: String,
    pub related: Option<(RecordKind, i64)>,
}

/// Checks a new request's fields: every problem as (field, message), so the
/// form lists them all at once (docs/RULES.md §5.1). The related record's
/// existence and scope are the server's to check.
pub fn check_new(
    subject: &str,
    subject_other: &str,
    description: &str,
    related_kind: &str,
    related_id: &str,
) -> Result<NewRequest, Vec<(&'static str, String)>> {
    let mut problems: Vec<(&'static str, String)> = vec![];
    let subject = SUBJECTS.iter().copied().find(|s| *s == subject.trim());
    if subject.is_none() {
        problems.push(("subject", "Choose a subject from the list.".into()));
    }
    let other = subject_other.trim();
    if subject == Some(OTHER_SUBJECT) && other.is_empty() {
        problems.push((
            "subject_other",
            "Say what the request is about (you chose Other).".into(),
        ));
    } else if other.chars().count() > MAX_SUBJECT {
        problems.push((
            "subject_other",
            format!("Keep the subject to {MAX_SUBJECT} characters or fewer."),
        ));
    }
    let description = description.trim();
    if description.is_empty() {
        problems.push(("description", "Describe what you need.".into()));
    } else if description.chars().count() > MAX_TEXT {
        problems.push((
            "description",
            format!("Keep the description to {MAX_TEXT} characters or fewer."),
        ));
    }
    let (kind, id) = (related_kind.trim(), related_id.trim());
    let related = match (kind.is_empty(), id.is_empty()) {
        (true, true) => None,
        (empty_kind, empty_id) => {
            let kind = RecordKind::from_slug(kind).filter(|k| RELATED_KINDS.contains(k));
            let id = id.parse::<i64>().ok().filter(|n| *n > 0);
            if empty_kind {
                problems.push((
                    "related_kind",
                    "Choose the kind of the related record.".into(),
                ));
            } else if kind.is_none() {
                problems.push(("related_kind", "Choose a kind from the list.".into()));
            }
            if empty_id {
                problems.push((
                    "related_id",
                    "Enter the related record's number, or choose no related record.".into(),
                ));
            } else if id.is_none() {
                problems.push((
                    "related_id",
                    "Enter the record number as a whole number.".into(),
                ));
            }
            kind.zip(id)
        }
    };
    match subject {
        Some(subject) if problems.is_empty() => Ok(NewRequest {
            subject,
            subject_other: if subject == OTHER_SUBJECT {
                other.to_string()
            } else {
                String::new()
            },
            description: description.to_string(),
            related,
        }),
        Some(_) | None => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_upgrade_subject_is_on_the_list_exactly() {
        assert!(SUBJECTS.contains(&"Record upgrade needed – EC to Hub Lead"));
        assert!(SUBJECTS.contains(&OTHER_SUBJECT));
    }

    #[test]
    fn other_needs_its_own_words_and_a_description_is_required() {
        assert_eq!(
            check_new("Other", " ", "x", "", "").unwrap_err()[0].0,
            "subject_other"
        );
        assert_eq!(
            check_new("Nope", "", "x", "", "").unwrap_err()[0].0,
            "subject"
        );
        assert_eq!(
            check_new(OTHER_SUBJECT, "a", "  ", "", "").unwrap_err()[0].0,
            "description"
        );
        let ok = check_new(OTHER_SUBJECT, " A thing ", " Help ", "", "").unwrap();
        assert_eq!(ok.subject_other, "A thing");
        assert_eq!(ok.description, "Help");
        assert_eq!(ok.related, None);
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let fields: Vec<&str> = check_new("Nope", "", " ", "ecs", "x")
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, ["subject", "description", "related_id"]);
    }

    #[test]
    fn a_related_record_needs_a_kind_and_a_number() {
        assert_eq!(
            check_new(UPGRADE_SUBJECT, "", "x", "ecs", "").unwrap_err()[0].0,
            "related_id"
        );
        assert_eq!(
            check_new(UPGRADE_SUBJECT, "", "x", "", "3").unwrap_err()[0].0,
            "related_kind"
        );
        assert_eq!(
            check_new(UPGRADE_SUBJECT, "", "x", "urn-lists", "3").unwrap_err()[0].0,
            "related_kind"
        );
        assert_eq!(
            check_new(UPGRADE_SUBJECT, "", "x", "ecs", "-2").unwrap_err()[0].0,
            "related_id"
        );
        let ok = check_new(UPGRADE_SUBJECT, "ignored", "x", "ecs", "3").unwrap();
        assert_eq!(ok.related, Some((RecordKind::Ec, 3)));
        assert_eq!(ok.subject_other, "");
    }

    #[test]
    fn statuses_move_forward_only_and_final_ones_stay() {
        use Status as S;
        assert!(S::New.may_become(S::InProgress));
        assert!(S::New.may_become(S::Resolved));
        assert!(S::InProgress.may_become(S::Rejected));
        assert!(!S::InProgress.may_become(S::New));
        for done in [S::Resolved, S::Rejected] {
            assert!(done.is_final());
            for next in S::ALL {
                assert!(!done.may_become(next));
            }
        }
        for s in S::ALL {
            assert_eq!(S::from_code(s.code()), Some(s));
            assert_eq!(S::from_label(s.label()), Some(s));
        }
    }
}
