//! The two role axes of docs/RULES.md §2 and §4, and who holds them.
use serde::{Deserialize, Serialize};

/// The six network roles (docs/RULES.md §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum NetworkRole {
    EnterpriseCoordinator,
    Partner,
    SubContractor,
    CecStaff,
    NetworkOps,
    Admin,
}

/// The three org roles (docs/RULES.md §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum OrgRole {
    Administrator,
    UnitManager,
    GeneralUser,
}

/// Any of the nine roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    Network(NetworkRole),
    Org(OrgRole),
}

impl NetworkRole {
    pub const ALL: [NetworkRole; 6] = [
        NetworkRole::EnterpriseCoordinator,
        NetworkRole::Partner,
        NetworkRole::SubContractor,
        NetworkRole::CecStaff,
        NetworkRole::NetworkOps,
        NetworkRole::Admin,
    ];

    pub fn label(self) -> &'static str {
        match self {
            NetworkRole::EnterpriseCoordinator => "Enterprise Co-ordinator",
            NetworkRole::Partner => "Partner",
            NetworkRole::SubContractor => "Sub-contractor",
            NetworkRole::CecStaff => "CEC Staff",
            NetworkRole::NetworkOps => "Network Ops",
            NetworkRole::Admin => "Admin",
        }
    }

    /// Stable name used in the database and the command line.
    pub fn code(self) -> &'static str {
        match self {
            NetworkRole::EnterpriseCoordinator => "ec",
            NetworkRole::Partner => "partner",
            NetworkRole::SubContractor => "sc",
            NetworkRole::CecStaff => "cec-staff",
            NetworkRole::NetworkOps => "network-ops",
            NetworkRole::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

impl OrgRole {
    pub const ALL: [OrgRole; 3] = [
        OrgRole::Administrator,
        OrgRole::UnitManager,
        OrgRole::GeneralUser,
    ];

    pub fn label(self) -> &'static str {
        match self {
            OrgRole::Administrator => "Administrator",
            OrgRole::UnitManager => "Org. Unit Manager",
            OrgRole::GeneralUser => "General User",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            OrgRole::Administrator => "org-admin",
            OrgRole::UnitManager => "unit-manager",
            OrgRole::GeneralUser => "general-user",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Network(NetworkRole::EnterpriseCoordinator),
        Role::Network(NetworkRole::Partner),
        Role::Network(NetworkRole::SubContractor),
        Role::Network(NetworkRole::CecStaff),
        Role::Network(NetworkRole::NetworkOps),
        Role::Network(NetworkRole::Admin),
        Role::Org(OrgRole::Administrator),
        Role::Org(OrgRole::UnitManager),
        Role::Org(OrgRole::GeneralUser),
    ];

    pub fn label(self) -> &'static str {
        match self {
            Role::Network(r) => r.label(),
            Role::Org(r) => r.label(),
        }
    }
}

/// What a network grant is bound to (docs/RULES.md §1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    /// The EC record this user is (EC role).
    pub ec_id: Option<i64>,
    /// The Partner (hub) this user belongs to (Partner, and SC through its Sub-contractor).
    pub partner_id: Option<i64>,
    /// The Sub-contractor this user belongs to (SC role).
    pub subcontractor_id: Option<i64>,
}

/// One network role held by an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkGrant {
    pub id: i64,
    pub role: NetworkRole,
    pub binding: Binding,
    /// Human description of the binding, e.g. the Partner's name.
    pub bound_to: String,
}

/// A unit of the org tree as a path from the Organisation down to the unit itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitPath(pub Vec<i64>);

impl UnitPath {
    pub fn id(&self) -> Option<i64> {
        self.0.last().copied()
    }
    /// True when `self` is `other` or one of its ancestors.
    pub fn contains(&self, other: &UnitPath) -> bool {
        !self.0.is_empty() && other.0.starts_with(&self.0)
    }
}

/// The org role of an account, with the staff member it is and the unit it manages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgGrant {
    pub role: OrgRole,
    pub staff_id: Option<i64>,
    pub managed_unit: Option<UnitPath>,
}

/// The signed-in user as every permission question sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub user_id: i64,
    pub display_name: String,
    /// The network grant the user currently acts in.
    pub network: Option<NetworkGrant>,
    /// Every network grant the account holds (for the switch menu).
    pub grants: Vec<NetworkGrant>,
    pub org: Option<OrgGrant>,
}

impl Principal {
    pub fn network_role(&self) -> Option<NetworkRole> {
        self.network.as_ref().map(|g| g.role)
    }
    pub fn org_role(&self) -> Option<OrgRole> {
        self.org.as_ref().map(|g| g.role)
    }
}
