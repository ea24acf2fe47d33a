//! What a permission can be about, per role axis: the network record kinds
//! and the org areas, and `Area`, either of them.
use serde::{Deserialize, Serialize};

/// Which role axis answers for an area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Axis {
    Network,
    Org,
}

/// Every kind of network record (docs/RULES.md §2); network roles answer for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RecordKind {
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
}

/// Every org area (docs/RULES.md §4); org roles answer for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum OrgArea {
    Assessment,
    OrgReport,
    OrgDashboard,
    OrgUser,
    OrgUnit,
    SystemSettings,
}

/// A network record kind or an org area: a row of one of the two matrices,
/// a page under `/areas/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Area {
    Network(RecordKind),
    Org(OrgArea),
}

impl RecordKind {
    pub const ALL: [RecordKind; 14] = [
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
    ];
}

impl OrgArea {
    pub const ALL: [OrgArea; 6] = [
        OrgArea::Assessment,
        OrgArea::OrgReport,
        OrgArea::OrgDashboard,
        OrgArea::OrgUser,
        OrgArea::OrgUnit,
        OrgArea::SystemSettings,
    ];
}

impl Area {
    /// Every area of both axes, network kinds first, each in matrix order.
    pub fn all() -> impl Iterator<Item = Area> {
        RecordKind::ALL
            .into_iter()
            .map(Area::Network)
            .chain(OrgArea::ALL.into_iter().map(Area::Org))
    }

    pub fn axis(self) -> Axis {
        match self {
            Area::Network(_) => Axis::Network,
            Area::Org(_) => Axis::Org,
        }
    }
}

impl From<RecordKind> for Area {
    fn from(kind: RecordKind) -> Area {
        Area::Network(kind)
    }
}

impl From<OrgArea> for Area {
    fn from(area: OrgArea) -> Area {
        Area::Org(area)
    }
}
