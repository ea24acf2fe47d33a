//! Pickers: searching the records a form may choose, within the caller's
//! scope (docs/RULES.md §2.5). The form still submits the chosen id and its
//! server function stays the authority.
use crate::auth::permissions::{Action, RecordKind};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// At most this many choices answer one search.
pub const MAX_CHOICES: usize = 10;

/// What the chosen record is for; it fixes the kinds searched and the
/// permission the caller needs (`decide`, through `gate`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PickPurpose {
    /// The other side of an EA–Institution match.
    Match,
    /// The EC given a record (or a whole caseload, on hand-over).
    AssignEc,
    /// The Sub-contractor given a record.
    AssignSubcontractor,
    /// An EA's employer.
    Employer,
    /// A Partner user's Partner.
    UserPartner,
}

impl PickPurpose {
    /// The action and kind `decide` must allow before anything is searched.
    pub fn gate(self, kind: RecordKind) -> (Action, RecordKind) {
        match self {
            PickPurpose::Match => (Action::Match, kind),
            PickPurpose::AssignEc => (Action::AssignEc, RecordKind::Institution),
            PickPurpose::AssignSubcontractor => (Action::AssignSubcontractor, RecordKind::Ea),
            PickPurpose::Employer => (Action::Edit, RecordKind::Ea),
            PickPurpose::UserPartner => (Action::Edit, RecordKind::PartnerUser),
        }
    }
    /// Whether this purpose chooses records of `kind`.
    pub fn picks(self, kind: RecordKind) -> bool {
        match self {
            PickPurpose::Match => matches!(kind, RecordKind::Ea | RecordKind::Institution),
            PickPurpose::AssignEc => kind == RecordKind::Ec,
            PickPurpose::AssignSubcontractor => kind == RecordKind::SubContractor,
            PickPurpose::Employer => kind == RecordKind::Employer,
            PickPurpose::UserPartner => kind == RecordKind::Partner,
        }
    }
    /// The action whose scope bounds the search of `kind`.
    pub fn search_action(self) -> Action {
        match self {
            PickPurpose::Match => Action::Match,
            PickPurpose::AssignEc
            | PickPurpose::AssignSubcontractor
            | PickPurpose::Employer
            | PickPurpose::UserPartner => Action::View,
        }
    }
}

/// One record offered by a picker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub label: String,
    /// A second line telling similar records apart (email, postcode, Partner).
    pub hint: String,
}

/// Whoever `decide` allows the purpose's gate and the search action on the
/// kind: up to `MAX_CHOICES` open records of `kind` in that scope whose
/// name (or the list's other searched columns) contains `text`.
#[server(prefix = "/api", endpoint = "pickers/search")]
pub async fn search_choices(
    kind: RecordKind,
    text: String,
    purpose: PickPurpose,
) -> Result<Vec<Choice>, AppError> {
    use crate::ssr::request::{require_user, state};
    let me = require_user()?;
    // Captured before any await: context is read from the current owner.
    let st = state();
    let scope = crate::ssr::pickers::picker_scope(&me, kind, purpose)?;
    crate::ssr::pickers::search(&st.db, &me, kind, scope, &text).await
}
