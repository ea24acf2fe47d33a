//! The shapes org server functions return, shared by the server and the
//! browser: assessments, the org tree, users, settings.
use crate::auth::permissions::{AssesseeFacts, OrgTarget};
use crate::auth::roles::OrgRole;
use serde::{Deserialize, Serialize};

/// Where an assessment is in its life: draft → submitted → endorsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Submitted,
    Endorsed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Draft, Status::Submitted, Status::Endorsed];

    /// The stored and URL form.
    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Endorsed => "endorsed",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Submitted => "Submitted",
            Status::Endorsed => "Endorsed",
        }
    }
}

/// The five competencies every assessment rates from 1 to 5.
pub const COMPETENCIES: [&str; 5] = [
    "Delivering results",
    "Working together",
    "Communicating and influencing",
    "Leading and deciding",
    "Developing self and others",
];

/// What each rating means.
pub const RATING_LABELS: [&str; 5] = [
    "1 — Not yet meeting",
    "2 — Partly meeting",
    "3 — Meeting",
    "4 — Exceeding",
    "5 — Outstanding",
];

/// A staff member as other records show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRef {
    pub id: i64,
    pub name: String,
    pub unit_id: i64,
    pub unit_name: String,
}

/// One line of the assessments list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentRow {
    pub id: i64,
    pub assessee: StaffRef,
    pub reporting_officer: StaffRef,
    pub period: String,
    pub status: Status,
    /// Mean of the ratings given so far.
    pub average: Option<f64>,
    pub updated_at: i64,
}

/// A page of assessments and how many match in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentPage {
    pub rows: Vec<AssessmentRow>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl AssessmentPage {
    pub fn pages(&self) -> u32 {
        let per = i64::from(self.per_page.max(1));
        u32::try_from((self.total + per - 1) / per)
            .unwrap_or(u32::MAX)
            .max(1)
    }
}

/// One audited change, for a record's history (shared with network records).
pub use crate::records::view::HistoryEntry;

/// An assessment with everything its page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentDetail {
    pub id: i64,
    pub assessee: StaffRef,
    /// Where the assessee sits: the browser asks `decide` with these.
    pub facts: AssesseeFacts,
    pub reporting_officer: StaffRef,
    pub period: String,
    pub status: Status,
    pub ratings: [Option<i64>; 5],
    pub comments: String,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub history: Vec<HistoryEntry>,
}

impl AssessmentDetail {
    /// The permission target this assessment is.
    pub fn target(&self) -> OrgTarget {
        assessment_target(self.facts.clone())
    }
}

/// The permission target of an assessment of the staff member `facts` describes.
pub fn assessment_target(facts: AssesseeFacts) -> OrgTarget {
    OrgTarget::Assessment(facts)
}

/// A unit to pick in a filter or form, with its depth for indenting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitOption {
    pub id: i64,
    pub name: String,
    pub depth: usize,
}

/// What the assessment filters and the new-assessment form offer this user.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentOptions {
    /// Units inside the user's view scope.
    pub units: Vec<UnitOption>,
    /// Periods of the assessments the user may view, newest first.
    pub periods: Vec<String>,
    /// Staff the user may create an assessment for.
    pub assessees: Vec<StaffRef>,
    /// Any active staff member, from any unit.
    pub reporting_officers: Vec<StaffRef>,
}

/// Unit levels, top down; deeper levels below Business Unit are teams.
pub const LEVELS: [(&str, &str); 4] = [
    ("organisation", "Organisation"),
    ("directorate", "Directorate"),
    ("business_unit", "Business Unit"),
    ("team", "Team"),
];

pub fn level_label(code: &str) -> &'static str {
    LEVELS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or("Unit")
}

/// One unit of the org tree, for the tree page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub level: String,
    pub path: String,
    pub depth: usize,
    pub director: Option<StaffRef>,
    pub active_staff: i64,
    pub active_children: i64,
    pub closed: bool,
    pub version: i64,
}

/// A staff member on the tree page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRow {
    pub id: i64,
    pub name: String,
    pub job_title: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub login_email: Option<String>,
    pub version: i64,
}

/// The whole org tree with its staff, in path order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgTree {
    pub units: Vec<UnitRow>,
    pub staff: Vec<StaffRow>,
}

/// An account as the users admin page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUserRow {
    pub id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub job_title: String,
    pub org_role: Option<OrgRole>,
    pub managed_unit: Option<UnitOption>,
    pub staff: Option<StaffRef>,
    pub active: bool,
    pub version: i64,
    /// The login's network role grants, shown read-only ("Partner (North Hub)").
    #[serde(default)]
    pub network_roles: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPage {
    pub rows: Vec<OrgUserRow>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// A security setting's allowed range, shown next to its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bounds {
    pub min: i64,
    pub max: i64,
}

/// The security settings as the System Settings page edits them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecuritySettingsView {
    pub idle_timeout_minutes: i64,
    pub absolute_timeout_hours: i64,
    pub lockout_threshold: i64,
    pub password_min_len: i64,
    /// Changes with every save; a stale form is refused.
    pub version: i64,
    /// Which values come from the database rather than the server's environment.
    pub stored: Vec<String>,
}

/// Keys of the security settings in the `settings` table.
pub mod setting_keys {
    pub const IDLE: &str = "security.idle_timeout_secs";
    pub const ABSOLUTE: &str = "security.absolute_timeout_secs";
    pub const LOCKOUT: &str = "security.lockout_threshold";
    pub const PASSWORD: &str = "security.password_min_len";
}

pub const IDLE_MINUTES: Bounds = Bounds { min: 5, max: 1440 };
pub const ABSOLUTE_HOURS: Bounds = Bounds { min: 1, max: 168 };
pub const LOCKOUT_THRESHOLD: Bounds = Bounds { min: 3, max: 20 };
pub const PASSWORD_MIN_LEN: Bounds = Bounds { min: 8, max: 128 };

pub use crate::display::utc_text;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_text_formats_known_instants() {
        assert_eq!(utc_text(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_text(1_782_864_000), "2026-07-01 00:00 UTC");
        assert_eq!(utc_text(951_782_400 + 3_660), "2000-02-29 01:01 UTC");
    }

    #[test]
    fn status_codes_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
    }
}
