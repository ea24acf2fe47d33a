//! The permission core: one pure answer to "may this principal do this to that?".
//! No cfg, no async, no I/O: the same code hides a button in the browser and
//! refuses the request on the server.
mod cell;
mod fields;
mod labels;
mod network;
mod org;
mod scope;

pub use fields::{edit_limit, EditLimit, Field};
pub use scope::{unit_reaches, AssesseeFacts, RecordFacts};

use crate::auth::roles::{NetworkRole, OrgRole, Principal, Role};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Every kind of record or area a permission can be about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RecordKind {
    // network axis (seed 000)
    SubContractor,
    Ec,
    Ea,
    Institution,
    Employer,
    Partner,
    PartnerUser,
    CecStaffUser,
    Organisation,
    CompassReport,
    SupportRequest,
    MonthlySubmission,
    UrnList,
    /// Network Ops users and Admin users.
    NationalUser,
    // org axis (seed 004)
    Assessment,
    OrgReport,
    OrgDashboard,
    OrgUser,
    OrgUnit,
    SystemSettings,
}

/// Which role axis answers for a record kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Axis {
    Network,
    Org,
}

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
}

/// How much of a kind a granted action reaches, narrowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Scope {
    /// The user's own record: own EC record, own request, own assessment.
    Own,
    /// EAs and Institutions assigned to this EC, and what hangs off them.
    Caseload,
    /// Records assigned to, or created by, this Sub-contractor.
    Assigned,
    /// Every record of the user's Partner, its Sub-contractors' included.
    Partner,
    /// The managed org unit and every unit below it (Director excepted).
    Unit,
    /// Every network record.
    National,
    /// The whole organisation (org axis).
    Organisation,
}

/// What a permission question is about: a kind in general, or one record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    Kind(RecordKind),
    Record(RecordKind, RecordFacts),
}

impl Target {
    pub fn kind(&self) -> RecordKind {
        match self {
            Target::Kind(k) | Target::Record(k, _) => *k,
        }
    }
}

/// Why something was refused, in words a user can read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// The user holds no role on this axis at all.
    NoRole(Axis),
    /// The role never has this action on this kind.
    NotPermitted {
        role: Role,
        action: Action,
        kind: RecordKind,
    },
    /// The role has the action, but this record is outside its scope.
    OutOfScope { role: Role, scope: Scope },
    /// The field cannot be changed by this role.
    FieldLocked { role: Role, field: Field },
}

/// The answer to a permission question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Allowed(Scope),
    Denied(Reason),
}

impl Decision {
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allowed(_))
    }
    pub fn scope(&self) -> Option<Scope> {
        match self {
            Decision::Allowed(s) => Some(*s),
            Decision::Denied(_) => None,
        }
    }
}

impl RecordKind {
    pub const ALL: [RecordKind; 20] = [
        RecordKind::SubContractor,
        RecordKind::Ec,
        RecordKind::Ea,
        RecordKind::Institution,
        RecordKind::Employer,
        RecordKind::Partner,
        RecordKind::PartnerUser,
        RecordKind::CecStaffUser,
        RecordKind::Organisation,
        RecordKind::CompassReport,
        RecordKind::SupportRequest,
        RecordKind::MonthlySubmission,
        RecordKind::UrnList,
        RecordKind::NationalUser,
        RecordKind::Assessment,
        RecordKind::OrgReport,
        RecordKind::OrgDashboard,
        RecordKind::OrgUser,
        RecordKind::OrgUnit,
        RecordKind::SystemSettings,
    ];

    pub fn axis(self) -> Axis {
        match self {
            RecordKind::SubContractor
            | RecordKind::Ec
            | RecordKind::Ea
            | RecordKind::Institution
            | RecordKind::Employer
            | RecordKind::Partner
            | RecordKind::PartnerUser
            | RecordKind::CecStaffUser
            | RecordKind::Organisation
            | RecordKind::CompassReport
            | RecordKind::SupportRequest
            | RecordKind::MonthlySubmission
            | RecordKind::UrnList
            | RecordKind::NationalUser => Axis::Network,
            RecordKind::Assessment
            | RecordKind::OrgReport
            | RecordKind::OrgDashboard
            | RecordKind::OrgUser
            | RecordKind::OrgUnit
            | RecordKind::SystemSettings => Axis::Org,
        }
    }
}

impl Action {
    pub const ALL: [Action; 13] = [
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
    ];
}

/// The one permission function. Kind-level targets answer with the scope the
/// role reaches (lists turn it into a SQL filter); record targets also check
/// that the record lies inside that scope.
pub fn decide(who: &Principal, action: Action, target: &Target) -> Decision {
    let kind = target.kind();
    let (role, scope) = match kind.axis() {
        Axis::Network => match &who.network {
            None => return Decision::Denied(Reason::NoRole(Axis::Network)),
            Some(grant) => (
                Role::Network(grant.role),
                network::scope_of(grant.role, kind, action),
            ),
        },
        Axis::Org => match &who.org {
            None => return Decision::Denied(Reason::NoRole(Axis::Org)),
            Some(grant) => {
                if let Target::Record(_, facts) = target {
                    if org::is_own_assessment(who, kind, action, facts) {
                        return Decision::Allowed(Scope::Own);
                    }
                }
                (
                    Role::Org(grant.role),
                    org::scope_of(grant.role, kind, action),
                )
            }
        },
    };
    let Some(scope) = scope else {
        return Decision::Denied(Reason::NotPermitted { role, action, kind });
    };
    match target {
        Target::Kind(_) => Decision::Allowed(scope),
        Target::Record(_, facts) if scope::contains(who, kind, scope, facts) => {
            Decision::Allowed(scope)
        }
        Target::Record(_, _) => Decision::Denied(Reason::OutOfScope { role, scope }),
    }
}

/// May the principal change this field of a record of this kind?
/// Ask after `decide(Edit)` allowed the record itself.
pub fn decide_field(who: &Principal, kind: RecordKind, field: Field) -> Decision {
    let role = match kind.axis() {
        Axis::Network => who.network_role().map(Role::Network),
        Axis::Org => who.org_role().map(Role::Org),
    };
    let Some(role) = role else {
        return Decision::Denied(Reason::NoRole(kind.axis()));
    };
    match edit_limit(role, kind) {
        EditLimit::Any => Decision::Allowed(Scope::Own),
        EditLimit::Only(fields) if fields.contains(&field) => Decision::Allowed(Scope::Own),
        EditLimit::Only(_) => Decision::Denied(Reason::FieldLocked { role, field }),
    }
}

/// The scope a role reaches for an action on a kind, ignoring any record.
pub fn role_scope(role: Role, action: Action, kind: RecordKind) -> Option<Scope> {
    match (role, kind.axis()) {
        (Role::Network(r), Axis::Network) => network::scope_of(r, kind, action),
        (Role::Org(r), Axis::Org) => org::scope_of(r, kind, action),
        (Role::Network(_), Axis::Org) | (Role::Org(_), Axis::Network) => None,
    }
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

/// Whether an org role reaches any of the org areas (drives the navigation).
pub fn org_role_reaches(role: OrgRole, kind: RecordKind) -> bool {
    org::scope_of(role, kind, Action::View).is_some()
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
            Reason::NotPermitted { role, action, kind } => {
                write!(
                    f,
                    "{} users cannot {} {}.",
                    role.label(),
                    action.verb(),
                    kind.plural()
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
        }
    }
}
