//! Field-level edit limits (docs/RULES.md §2.3), next to the matrix they refine.
use super::RecordKind;
use crate::auth::roles::NetworkRole;
use serde::{Deserialize, Serialize};

/// Every editable field of every record kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    Title,
    FirstName,
    LastName,
    Name,
    Email,
    Phone,
    JobTitle,
    AccessActivatedOn,
    AccessExpiresOn,
    Active,
    Partner,
    SubContractor,
    AssignedEc,
    HubLead,
    Region,
    Contact,
    Sector,
    SizeBand,
    Postcode,
    Cornerstone,
    CornerstoneFrom,
    CornerstoneTo,
    Employer,
    SignedUpOn,
    InductionOn,
    DbsCheckOn,
    Phase,
    EstablishmentType,
    LocalAuthority,
    OrganisationKind,
    EstablishmentGroup,
    OpenDate,
    CloseDate,
    CareersLeader,
    Notes,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::FirstName => "first name",
            Field::LastName => "last name",
            Field::Name => "name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::JobTitle => "job title",
            Field::AccessActivatedOn => "access activated date",
            Field::AccessExpiresOn => "access expiry date",
            Field::Active => "active / inactive",
            Field::Partner => "Partner",
            Field::SubContractor => "Sub-contractor",
            Field::AssignedEc => "assigned EC",
            Field::HubLead => "Hub Lead type",
            Field::Region => "region",
            Field::Contact => "contact",
            Field::Sector => "sector",
            Field::SizeBand => "size band",
            Field::Postcode => "postcode",
            Field::Cornerstone => "Cornerstone Employer",
            Field::CornerstoneFrom => "date became a Cornerstone Employer",
            Field::CornerstoneTo => "date stopped being a Cornerstone Employer",
            Field::Employer => "employer",
            Field::SignedUpOn => "date signed up",
            Field::InductionOn => "induction training date",
            Field::DbsCheckOn => "DBS check date",
            Field::Phase => "phase",
            Field::EstablishmentType => "establishment type",
            Field::LocalAuthority => "local authority",
            Field::OrganisationKind => "organisation kind",
            Field::EstablishmentGroup => "establishment group",
            Field::OpenDate => "open date",
            Field::CloseDate => "close date",
            Field::CareersLeader => "careers leader contact",
            Field::Notes => "notes",
        }
    }
}

/// The Institution fields the national register owns: shown locked to every
/// role, changed only by the GIAS import (docs/RULES.md §2.1). URN and
/// open/closed status are the register's too, and no form edits them.
pub const REGISTER_OWNED: &[Field] = &[
    Field::Name,
    Field::EstablishmentType,
    Field::EstablishmentGroup,
    Field::Phase,
    Field::LocalAuthority,
    Field::Postcode,
    Field::OpenDate,
    Field::CloseDate,
];

/// Whether `field` of a `kind` record belongs to the register.
pub fn register_owned(kind: RecordKind, field: Field) -> bool {
    kind == RecordKind::Institution && REGISTER_OWNED.contains(&field)
}

/// Which fields a role may change on a kind it may edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditLimit {
    Any,
    Only(&'static [Field]),
}

/// Network Ops: names, title, phone, job title, access expiry, active/inactive.
const NETWORK_OPS_FIELDS: &[Field] = &[
    Field::Title,
    Field::FirstName,
    Field::LastName,
    Field::Name,
    Field::Phone,
    Field::JobTitle,
    Field::AccessExpiresOn,
    Field::Active,
];

/// The same, plus a Partner user's Partner.
const NETWORK_OPS_PARTNER_USER_FIELDS: &[Field] = &[
    Field::Title,
    Field::FirstName,
    Field::LastName,
    Field::Name,
    Field::Phone,
    Field::JobTitle,
    Field::AccessExpiresOn,
    Field::Active,
    Field::Partner,
];

pub fn edit_limit(role: NetworkRole, kind: RecordKind) -> EditLimit {
    use RecordKind as K;
    match role {
        NetworkRole::NetworkOps => match kind {
            K::PartnerUser => EditLimit::Only(NETWORK_OPS_PARTNER_USER_FIELDS),
            K::Ec | K::Institution | K::Employer | K::Partner | K::CecStaffUser => {
                EditLimit::Only(NETWORK_OPS_FIELDS)
            }
            // Network Ops edit no other network kind; the support queue is theirs.
            K::SubContractor
            | K::Ea
            | K::Organisation
            | K::CompassReport
            | K::SupportRequest
            | K::MonthlySubmission
            | K::UrnList
            | K::NationalUser => EditLimit::Any,
        },
        // Admin's edits are not field-limited (docs/RULES.md §2.3).
        NetworkRole::Admin => match kind {
            K::CecStaffUser
            | K::SubContractor
            | K::Ec
            | K::Ea
            | K::Institution
            | K::Employer
            | K::Partner
            | K::PartnerUser
            | K::Organisation
            | K::CompassReport
            | K::SupportRequest
            | K::MonthlySubmission
            | K::UrnList
            | K::NationalUser => EditLimit::Any,
        },
        NetworkRole::EnterpriseCoordinator
        | NetworkRole::Partner
        | NetworkRole::SubContractor
        | NetworkRole::CecStaff => EditLimit::Any,
    }
}
