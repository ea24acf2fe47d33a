//! Words for kinds, areas, actions and scopes: headings, matrix letters, refusals, URLs.
use super::{Action, Area, Granted, NetworkScope, OrgArea, OrgScope, RecordKind};

impl RecordKind {
    /// Plural name, as used in sentences and headings.
    pub fn plural(self) -> &'static str {
        match self {
            RecordKind::SubContractor => "Sub-contractor records",
            RecordKind::Ec => "EC records",
            RecordKind::Ea => "EA records",
            RecordKind::Institution => "Institution records",
            RecordKind::Employer => "Employer records",
            RecordKind::Partner => "Partner records",
            RecordKind::PartnerUser => "Partner user records",
            RecordKind::CecStaffUser => "CEC Staff user records",
            RecordKind::Organisation => "Organisation (not an Employer) records",
            RecordKind::CompassReport => "Compass Progress Reports",
            RecordKind::SupportRequest => "support requests",
            RecordKind::MonthlySubmission => "monthly Partner data submissions",
            RecordKind::UrnList => "URN lists",
            RecordKind::NationalUser => "Network Ops and Admin users",
        }
    }

    /// The URL segment of the kind's area.
    pub fn slug(self) -> &'static str {
        match self {
            RecordKind::SubContractor => "sub-contractors",
            RecordKind::Ec => "ecs",
            RecordKind::Ea => "eas",
            RecordKind::Institution => "institutions",
            RecordKind::Employer => "employers",
            RecordKind::Partner => "partners",
            RecordKind::PartnerUser => "partner-users",
            RecordKind::CecStaffUser => "cec-staff-users",
            RecordKind::Organisation => "organisations",
            RecordKind::CompassReport => "compass-reports",
            RecordKind::SupportRequest => "support-requests",
            RecordKind::MonthlySubmission => "monthly-submissions",
            RecordKind::UrnList => "urn-lists",
            RecordKind::NationalUser => "national-users",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// Short heading for navigation.
    pub fn title(self) -> &'static str {
        match self {
            RecordKind::SubContractor => "Sub-contractors",
            RecordKind::Ec => "ECs",
            RecordKind::Ea => "EAs",
            RecordKind::Institution => "Institutions",
            RecordKind::Employer => "Employers",
            RecordKind::Partner => "Partners",
            RecordKind::PartnerUser => "Partner users",
            RecordKind::CecStaffUser => "CEC Staff users",
            RecordKind::Organisation => "Organisations",
            RecordKind::CompassReport => "Compass reports",
            RecordKind::SupportRequest => "Support requests",
            RecordKind::MonthlySubmission => "Monthly submissions",
            RecordKind::UrnList => "URN lists",
            RecordKind::NationalUser => "Network Ops & Admin users",
        }
    }
}

impl OrgArea {
    /// Plural name, as used in sentences and headings.
    pub fn plural(self) -> &'static str {
        match self {
            OrgArea::Assessment => "assessments",
            OrgArea::OrgReport => "Organisation Reports",
            OrgArea::OrgDashboard => "the assessment dashboard",
            OrgArea::OrgUser => "users",
            OrgArea::OrgUnit => "the org tree",
            OrgArea::SystemSettings => "System Settings",
        }
    }

    /// The URL segment of the area.
    pub fn slug(self) -> &'static str {
        match self {
            OrgArea::Assessment => "assessments",
            OrgArea::OrgReport => "org-reports",
            OrgArea::OrgDashboard => "org-dashboard",
            OrgArea::OrgUser => "org-users",
            OrgArea::OrgUnit => "org-units",
            OrgArea::SystemSettings => "system-settings",
        }
    }

    /// Short heading for navigation.
    pub fn title(self) -> &'static str {
        match self {
            OrgArea::Assessment => "Assessments",
            OrgArea::OrgReport => "Organisation Reports",
            OrgArea::OrgDashboard => "Dashboard",
            OrgArea::OrgUser => "Users",
            OrgArea::OrgUnit => "Org tree",
            OrgArea::SystemSettings => "System Settings",
        }
    }
}

impl Area {
    pub fn plural(self) -> &'static str {
        match self {
            Area::Network(k) => k.plural(),
            Area::Org(a) => a.plural(),
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Area::Network(k) => k.slug(),
            Area::Org(a) => a.slug(),
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::all().find(|a| a.slug() == slug)
    }

    pub fn title(self) -> &'static str {
        match self {
            Area::Network(k) => k.title(),
            Area::Org(a) => a.title(),
        }
    }
}

impl Action {
    /// Letter used in the matrix (docs/RULES.md §2.1 legend, special actions spelled out).
    pub fn letter(self) -> &'static str {
        match self {
            Action::View => "V",
            Action::Edit => "E",
            Action::Download => "D",
            Action::Search => "S",
            Action::Add => "A",
            Action::Close => "C",
            Action::Match => "match",
            Action::AssignEc => "assign EC",
            Action::AssignSubcontractor => "assign SC",
            Action::UpgradeHubLead => "upgrade",
            Action::Submit => "submit",
            Action::Confirm => "confirm",
            Action::Remove => "remove",
            Action::Import => "import",
        }
    }

    /// The verb, as used in refusal sentences.
    pub fn verb(self) -> &'static str {
        match self {
            Action::View => "view",
            Action::Edit => "edit",
            Action::Download => "download",
            Action::Search => "search and filter",
            Action::Add => "add",
            Action::Close => "close",
            Action::Match => "match EAs and Institutions in",
            Action::AssignEc => "assign ECs to",
            Action::AssignSubcontractor => "assign Sub-contractors to",
            Action::UpgradeHubLead => "upgrade to Hub Lead",
            Action::Submit => "submit",
            Action::Confirm => "confirm or return",
            Action::Remove => "remove entries from",
            Action::Import => "import the GIAS register into",
        }
    }
}

impl NetworkScope {
    pub fn label(self) -> &'static str {
        match self {
            NetworkScope::Own => "own",
            NetworkScope::Caseload => "caseload",
            NetworkScope::Assigned => "assigned",
            NetworkScope::Partner => "own Partner",
            NetworkScope::National => "national",
        }
    }
}

impl OrgScope {
    pub fn label(self) -> &'static str {
        match self {
            OrgScope::Own => "own",
            OrgScope::Unit => "own unit",
            OrgScope::Organisation => "all",
        }
    }
}

impl Granted {
    pub fn label(self) -> &'static str {
        match self {
            Granted::Network(s) => s.label(),
            Granted::Org(s) => s.label(),
        }
    }
}
