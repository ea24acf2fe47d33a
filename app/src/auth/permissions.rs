//! The permission core: one pure answer to "may this principal do this to that?".
//! No cfg, no async, no I/O: the same code hides a button in the browser and
//! refuses the request on the server. Each role axis has its own kinds and
//! scopes, so an answer never carries a scope of the other axis.
mod cell;
mod fields;
mod handover;
mod kinds;
mod labels;
mod network;
mod org;
mod own_account;
mod ownership;
mod scope;
mod support_comment;

pub use fields::{edit_limit, register_owned, EditLimit, Field, REGISTER_OWNED};
pub use handover::{decide_handover, Handover};
pub use kinds::{Area, Axis, OrgArea, RecordKind};
pub use own_account::{
    may_change_login_details, may_deactivate, may_endorse, may_set_org_role, OwnAccountRule,
};
pub use ownership::{needs_partner, owner, Ownership};
pub use scope::{unit_reaches, AssesseeFacts, Granted, NetworkScope, OrgScope, RecordFacts};
pub use support_comment::decide_support_comment;

use crate::auth::roles::{NetworkRole, OrgRole, Principal, Role};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Everything a user can try to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Action {
    View,
    Edit,
    Download,
    Search,
    Add,
    Close,
    /// Match an EA to an Institution, or undo a match.
    Match,
    /// Assign or reassign the EC of an EA or Institution.
    AssignEc,
    /// Assign a record to a Sub-contractor.
    AssignSubcontractor,
    /// Upgrade an EC record to a Hub Lead record.
    UpgradeHubLead,
    /// Submit the month's Partner data.
    Submit,
    /// Confirm or return a Partner's monthly submission.
    Confirm,
    /// Remove an entry from a list (URN lists).
    Remove,
    /// Import the national register (GIAS) into Institutions (docs/RULES.md §2.1).
    Import,
}

/// A network permission question: a record kind in general, or one record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NetworkTarget {
    Kind(RecordKind),
    Record(RecordKind, RecordFacts),
}

/// An org permission question: an area in general, or one assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrgTarget {
    Area(OrgArea),
    Assessment(AssesseeFacts),
}

/// A permission question on either axis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    Network(NetworkTarget),
    Org(OrgTarget),
}

impl NetworkTarget {
    pub fn kind(&self) -> RecordKind {
        match self {
            NetworkTarget::Kind(k) | NetworkTarget::Record(k, _) => *k,
        }
    }
}

impl OrgTarget {
    pub fn area(&self) -> OrgArea {
        match self {
            OrgTarget::Area(a) => *a,
            OrgTarget::Assessment(_) => OrgArea::Assessment,
        }
    }
}

impl Target {
    pub fn area(&self) -> Area {
        match self {
            Target::Network(t) => Area::Network(t.kind()),
            Target::Org(t) => Area::Org(t.area()),
        }
    }
}

impl From<Area> for Target {
    fn from(area: Area) -> Target {
        match area {
            Area::Network(k) => Target::Network(NetworkTarget::Kind(k)),
            Area::Org(a) => Target::Org(OrgTarget::Area(a)),
        }
    }
}

/// Why something was refused, in words a user can read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// The user holds no role on this axis at all.
    NoRole(Axis),
    /// The role never has this action on this kind or area.
    NotPermitted {
        role: Role,
        action: Action,
        area: Area,
    },
    /// The role has the action, but this record is outside its scope.
    OutOfScope { role: Role, scope: Granted },
    /// The field cannot be changed by this role.
    FieldLocked { role: NetworkRole, field: Field },
    /// The field belongs to the national register: only its import changes it.
    RegisterOwned { field: Field },
}

/// The answer to a permission question: the scope `S` of the question's axis
/// (`NetworkScope`, `OrgScope`, or `Granted` for either), or why not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision<S> {
    Allowed(S),
    Denied(Reason),
}

impl<S: Copy> Decision<S> {
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allowed(_))
    }
    pub fn scope(&self) -> Option<S> {
        match self {
            Decision::Allowed(s) => Some(*s),
            Decision::Denied(_) => None,
        }
    }
    pub fn map<T>(self, f: impl FnOnce(S) -> T) -> Decision<T> {
        match self {
            Decision::Allowed(s) => Decision::Allowed(f(s)),
            Decision::Denied(reason) => Decision::Denied(reason),
        }
    }
    pub fn into_result(self) -> Result<S, Reason> {
        match self {
            Decision::Allowed(s) => Ok(s),
            Decision::Denied(reason) => Err(reason),
        }
    }
}

/// Whether one field may be changed, and if not, why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldDecision {
    Editable,
    Locked(Reason),
}

impl FieldDecision {
    pub fn is_editable(&self) -> bool {
        matches!(self, FieldDecision::Editable)
    }
}

impl Action {
    pub const ALL: [Action; 14] = [
        Action::View,
        Action::Edit,
        Action::Download,
        Action::Search,
        Action::Add,
        Action::Close,
        Action::Match,
        Action::AssignEc,
        Action::AssignSubcontractor,
        Action::UpgradeHubLead,
        Action::Submit,
        Action::Confirm,
        Action::Remove,
        Action::Import,
    ];
}

/// The one permission function, for a question on either axis. Kind-level
/// targets answer with the scope the role reaches (lists turn it into a SQL
/// filter); record targets also check that the record lies inside that scope.
pub fn decide(who: &Principal, action: Action, target: &Target) -> Decision<Granted> {
    match target {
        Target::Network(t) => decide_network(who, action, t).map(Granted::Network),
        Target::Org(t) => decide_org(who, action, t).map(Granted::Org),
    }
}

/// `decide` for a network question, answering with a network scope.
pub fn decide_network(
    who: &Principal,
    action: Action,
    target: &NetworkTarget,
) -> Decision<NetworkScope> {
    let kind = target.kind();
    let grant = who.network.as_ref();
    // A role's own cell, or the cell every signed-in person holds (support
    // requests, docs/RULES.md §2.1), whichever the question falls in.
    let cell = grant
        .and_then(|g| network::scope_of(g.role, kind, action))
        .or_else(|| network::everyone(kind, action));
    let no_role = Reason::NoRole(Axis::Network);
    let role = grant.map(|g| Role::Network(g.role));
    let scope = match (cell, role) {
        (Some(scope), _) => scope,
        (None, Some(role)) => {
            let area = Area::Network(kind);
            return Decision::Denied(Reason::NotPermitted { role, action, area });
        }
        (None, None) => return Decision::Denied(no_role),
    };
    match target {
        NetworkTarget::Kind(_) => Decision::Allowed(scope),
        NetworkTarget::Record(_, facts) if scope::network_contains(who, kind, scope, facts) => {
            Decision::Allowed(scope)
        }
        NetworkTarget::Record(_, _) => Decision::Denied(match role {
            Some(role) => Reason::OutOfScope {
                role,
                scope: Granted::Network(scope),
            },
            // Someone else's request, asked by a person with no network role.
            None => no_role,
        }),
    }
}

/// `decide` for an org question, answering with an org scope.
pub fn decide_org(who: &Principal, action: Action, target: &OrgTarget) -> Decision<OrgScope> {
    let Some(grant) = &who.org else {
        return Decision::Denied(Reason::NoRole(Axis::Org));
    };
    if let OrgTarget::Assessment(facts) = target {
        if org::is_own_assessment(who, action, facts) {
            return Decision::Allowed(OrgScope::Own);
        }
    }
    let role = Role::Org(grant.role);
    let area = target.area();
    let Some(scope) = org::scope_of(grant.role, area, action) else {
        let area = Area::Org(area);
        return Decision::Denied(Reason::NotPermitted { role, action, area });
    };
    match target {
        OrgTarget::Area(_) => Decision::Allowed(scope),
        OrgTarget::Assessment(facts) if scope::org_contains(who, scope, facts) => {
            Decision::Allowed(scope)
        }
        OrgTarget::Assessment(_) => Decision::Denied(Reason::OutOfScope {
            role,
            scope: Granted::Org(scope),
        }),
    }
}

/// May the principal change this field of a network record of this kind?
/// Ask after `decide_network(Edit)` allowed the record itself. An
/// Institution's register fields are locked for every role, and its Partner
/// is Admin's to set (docs/RULES.md §2.1).
pub fn decide_field(who: &Principal, kind: RecordKind, field: Field) -> FieldDecision {
    let Some(role) = who.network_role() else {
        return FieldDecision::Locked(Reason::NoRole(Axis::Network));
    };
    if register_owned(kind, field) {
        return FieldDecision::Locked(Reason::RegisterOwned { field });
    }
    if kind == RecordKind::Institution && field == Field::Partner && role != NetworkRole::Admin {
        return FieldDecision::Locked(Reason::FieldLocked { role, field });
    }
    match edit_limit(role, kind) {
        EditLimit::Any => FieldDecision::Editable,
        EditLimit::Only(fields) if fields.contains(&field) => FieldDecision::Editable,
        EditLimit::Only(_) => FieldDecision::Locked(Reason::FieldLocked { role, field }),
    }
}

/// The scope a network role reaches for an action on a kind, ignoring any record.
pub fn network_scope(role: NetworkRole, action: Action, kind: RecordKind) -> Option<NetworkScope> {
    network::scope_of(role, kind, action)
}

/// The scope an org role reaches for an action on an area, ignoring any record.
pub fn org_scope(role: OrgRole, action: Action, area: OrgArea) -> Option<OrgScope> {
    org::scope_of(role, area, action)
}

/// How many (action, kind) cells a network role is granted: the user starts
/// in the grant with the fewest.
pub fn network_breadth(role: NetworkRole) -> usize {
    RecordKind::ALL
        .iter()
        .flat_map(|k| Action::ALL.iter().map(move |a| (*a, *k)))
        .filter(|(a, k)| network::scope_of(role, *k, *a).is_some())
        .count()
}

/// Whether an org role reaches an org area (drives the navigation).
pub fn org_role_reaches(role: OrgRole, area: OrgArea) -> bool {
    org::scope_of(role, area, Action::View).is_some()
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::NoRole(Axis::Network) => {
                write!(f, "Your account has no careers-hub network role, so network records are not available to you.")
            }
            Reason::NoRole(Axis::Org) => {
                write!(f, "Your account has no organisation role, so assessments and org areas are not available to you.")
            }
            Reason::NotPermitted { role, action, area } => {
                write!(
                    f,
                    "{} users cannot {} {}.",
                    role.label(),
                    action.verb(),
                    area.plural()
                )
            }
            Reason::OutOfScope { role, scope } => write!(
                f,
                "This record is outside your {} scope as {}.",
                scope.label(),
                role.label()
            ),
            Reason::FieldLocked { role, field } => write!(
                f,
                "{} users cannot change {}; ask through a support request.",
                role.label(),
                field.label()
            ),
            Reason::RegisterOwned { field } => write!(
                f,
                "The {} comes from the GIAS register; changed by the register import.",
                field.label()
            ),
        }
    }
}
