//! Words for kinds, actions and scopes: headings, matrix letters, refusals, URLs.
use super::{Action, RecordKind, Scope};

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
            RecordKind::Assessment => "assessments",
            RecordKind::OrgReport => "Organisation Reports",
            RecordKind::OrgDashboard => "the assessment dashboard",
            RecordKind::OrgUser => "users",
            RecordKind::OrgUnit => "the org tree",
            RecordKind::SystemSettings => "System Settings",
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
            RecordKind::Assessment => "assessments",
            RecordKind::OrgReport => "org-reports",
            RecordKind::OrgDashboard => "org-dashboard",
            RecordKind::OrgUser => "org-users",
            RecordKind::OrgUnit => "org-units",
            RecordKind::SystemSettings => "system-settings",
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
            RecordKind::Assessment => "Assessments",
            RecordKind::OrgReport => "Organisation Reports",
            RecordKind::OrgDashboard => "Dashboard",
            RecordKind::OrgUser => "Users",
            RecordKind::OrgUnit => "Org tree",
            RecordKind::SystemSettings => "System Settings",
        }
    }
}

impl Action {
    /// Letter used in the matrix (SPEC 2.1 legend, special actions spelled out).
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
        }
    }
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::Own => "own",
            Scope::Caseload => "caseload",
            Scope::Assigned => "assigned",
            Scope::Partner => "own Partner",
            Scope::Unit => "own unit",
            Scope::National => "national",
            Scope::Organisation => "all",
        }
    }
}
