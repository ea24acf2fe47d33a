//! The columns of each network record kind: labels, filters, sorting and
//! which `Field` an edit of the column is (so field limits apply).
use crate::auth::permissions::{Field, NetworkScope, RecordKind};

/// How a column is edited in a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    Text,
    Email,
    Date,
    /// A number from 0 to 100 (Compass benchmark scores).
    Percent,
    Choice(&'static [&'static str]),
    Flag,
    /// Another record, chosen by its number from the records of this kind
    /// the person may view (an EA's employer, a Partner user's Partner).
    Pick(RecordKind),
}

/// How a list can be filtered on a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterBy {
    /// Exactly one of these values.
    Choice(&'static [&'static str]),
    /// Contains this text (case-insensitive).
    Text,
    /// Yes or no.
    Flag,
    /// A date column: "yes" when it holds a date, "no" when it is empty
    /// (an EA's DBS check outstanding).
    Recorded,
    /// A date column that is empty or before this date (`YYYY-MM-DD`):
    /// "not evaluated since"; and, as `f_<key>_from`, one holding a date on
    /// or after it: "evaluated since" (the dashboard's period, docs/RULES.md §7.3).
    Before,
    /// A date column that holds a date on or before this one: "access ends
    /// within 30 days" (an account already past it included).
    Until,
    /// A column of space-separated values that includes this one (the
    /// benchmarks an institution fully achieves, "1 4 8").
    Includes(&'static [&'static str]),
    /// A score (0–100) under this whole number from 1 to 100: "Benchmark 5
    /// under 50 %" (docs/RULES.md §3.2).
    Under,
    /// A count exactly equal to this whole number from 0 to the bound (how
    /// many benchmarks a report fully achieves).
    Count(u8),
    /// A date column between two dates, each end optional and included:
    /// `f_<key>_from` and `f_<key>_to` in the URL.
    Between,
}

/// The end of a `FilterBy::Between` range a filter key names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    From,
    To,
}

impl Bound {
    pub const ALL: [Bound; 2] = [Bound::From, Bound::To];

    /// The suffix after the column key in the URL (`completed_on_from`).
    pub fn suffix(self) -> &'static str {
        match self {
            Bound::From => "_from",
            Bound::To => "_to",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Bound::From => "from",
            Bound::To => "to",
        }
    }
}

/// The column a filter key (`f_<key>` without `f_`) filters, and for a
/// `Between` column which end: `completed_on_from` is (completed_on, From).
pub fn filter_column(kind: RecordKind, key: &str) -> Option<(&'static Column, Option<Bound>)> {
    if let Some(c) = column(kind, key).filter(|c| c.filter.is_some()) {
        return (c.filter != Some(FilterBy::Between)).then_some((c, None));
    }
    Bound::ALL.into_iter().find_map(|b| {
        let c = column(kind, key.strip_suffix(b.suffix())?)?;
        let takes = match c.filter {
            Some(FilterBy::Between) => true,
            Some(FilterBy::Before) => b == Bound::From,
            _ => false,
        };
        takes.then_some((c, Some(b)))
    })
}

#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// The URL and form name of the column.
    pub key: &'static str,
    pub label: &'static str,
    pub sortable: bool,
    pub filter: Option<FilterBy>,
    /// Editable as this field with this input; None: shown, never edited here.
    pub edit: Option<(Field, Input)>,
    pub required: bool,
    /// Shown in the list table by default (every column is in the detail
    /// view and downloads, and may be chosen for the list: RULES §5.2).
    pub in_list: bool,
    /// A number shown right-aligned with this unit after it ("%").
    pub unit: Option<&'static str>,
}

pub(crate) const fn col(key: &'static str, label: &'static str) -> Column {
    Column {
        key,
        label,
        sortable: true,
        filter: None,
        edit: None,
        required: false,
        in_list: true,
        unit: None,
    }
}

impl Column {
    const fn edit(mut self, field: Field, input: Input) -> Self {
        self.edit = Some((field, input));
        self
    }
    const fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub(crate) const fn filter(mut self, f: FilterBy) -> Self {
        self.filter = Some(f);
        self
    }
    pub(crate) const fn detail_only(mut self) -> Self {
        self.in_list = false;
        self
    }
    const fn percent(mut self) -> Self {
        self.unit = Some("%");
        self
    }
}

pub const PHASES: &[&str] = &[
    "Primary",
    "Secondary",
    "All-through",
    "16 plus",
    "Special",
    "Alternative provision",
    "College",
];
pub const SIZE_BANDS: &[&str] = &["micro", "small", "medium", "large"];
pub const SECTORS: &[&str] = &[
    "Construction",
    "Creative",
    "Digital",
    "Education",
    "Engineering",
    "Finance",
    "Health and social care",
    "Hospitality",
    "Manufacturing",
    "Public services",
    "Retail",
    "Transport and logistics",
];
pub const HUB_LEAD: &[&str] = &["none", "ohl", "shl"];
/// How the Hub Lead type reads on the EC record and in its list filter.
pub const HUB_LEAD_TYPES: &[&str] = &["None", "Operational (OHL)", "Strategic (SHL)"];

/// The stored code (`HUB_LEAD`) of a shown Hub Lead type.
pub fn hub_lead_code(shown: &str) -> &'static str {
    HUB_LEAD_TYPES
        .iter()
        .position(|t| *t == shown)
        .map_or("none", |i| HUB_LEAD[i])
}

/// How many Gatsby Benchmarks an evaluation fully achieves.
pub const ACHIEVED_COUNTS: &[&str] = &["0", "1", "2", "3", "4", "5", "6", "7", "8"];
/// The eight Gatsby Benchmarks by number.
pub const BENCHMARKS: &[&str] = &["1", "2", "3", "4", "5", "6", "7", "8"];
pub const EVALUATION_TYPES: &[&str] = &["school", "special", "college"];
pub const REGIONS: &[&str] = &[
    "North East",
    "North West",
    "Yorkshire",
    "East Midlands",
    "West Midlands",
    "East",
    "London",
    "South East",
    "South West",
];

use FilterBy as F;
use Input as I;

const EA: &[Column] = &[
    col("title", "Title")
        .edit(Field::Title, I::Text)
        .detail_only(),
    col("first_name", "First name")
        .edit(Field::FirstName, I::Text)
        .required(),
    col("last_name", "Last name")
        .edit(Field::LastName, I::Text)
        .required(),
    col("email", "Email")
        .edit(Field::Email, I::Email)
        .filter(F::Text),
    col("signed_up_on", "Date signed up")
        .edit(Field::SignedUpOn, I::Date)
        .filter(F::Recorded),
    col("induction_on", "Induction training")
        .edit(Field::InductionOn, I::Date)
        .filter(F::Recorded),
    col("dbs_check_on", "DBS check")
        .edit(Field::DbsCheckOn, I::Date)
        .filter(F::Recorded),
    col("employer", "Employer").filter(F::Text),
    col("employer_id", "Employer number")
        .edit(Field::Employer, I::Pick(RecordKind::Employer))
        .detail_only(),
    col("job_title", "Job title")
        .edit(Field::JobTitle, I::Text)
        .detail_only(),
    col("sector", "Sector")
        .edit(Field::Sector, I::Choice(SECTORS))
        .filter(F::Choice(SECTORS)),
    col("ec", "Assigned EC").filter(F::Text),
    col("partner", "Partner").filter(F::Text),
    // docs/RULES.md §7: computed, never edited.
    col("matched", "Matched to an institution").filter(F::Flag),
];

/// The register's fields carry their `Field` so the form shows them, locked
/// for every role by `decide_field`; the network's own fields are editable
/// (docs/RULES.md §2.1).
const INSTITUTION: &[Column] = &[
    col("urn", "URN").filter(F::Text),
    col("name", "Name").edit(Field::Name, I::Text).required(),
    col("phase", "Phase")
        .edit(Field::Phase, I::Choice(PHASES))
        .filter(F::Choice(PHASES)),
    col("establishment_type", "Establishment type")
        .edit(Field::EstablishmentType, I::Text)
        .detail_only(),
    col("establishment_group", "Establishment group")
        .edit(Field::EstablishmentGroup, I::Text)
        .detail_only(),
    col("local_authority", "Local authority")
        .edit(Field::LocalAuthority, I::Text)
        .filter(F::Text),
    col("postcode", "Postcode")
        .edit(Field::Postcode, I::Text)
        .detail_only(),
    col("open_date", "Open date")
        .edit(Field::OpenDate, I::Date)
        .detail_only(),
    col("close_date", "Close date")
        .edit(Field::CloseDate, I::Date)
        .detail_only(),
    col("partner", "Partner").filter(F::Text),
    col("ec", "Assigned EC").filter(F::Text),
    col("careers_leader", "Careers leader contact")
        .edit(Field::CareersLeader, I::Text)
        .detail_only(),
    col("notes", "Notes")
        .edit(Field::Notes, I::Text)
        .detail_only(),
    // docs/RULES.md §2.2: computed by `ssr::scope_rule`, never edited.
    col("in_scope", "In network scope").filter(F::Flag),
    // docs/RULES.md §7: computed (the latest Compass evaluation), never edited.
    col("subcontractor", "Sub-contractor")
        .filter(F::Text)
        .detail_only(),
    // docs/RULES.md §7: the Partner's region (the national breakdown's link).
    col("region", "Region").filter(F::Text).detail_only(),
    col("matched", "Has a matched EA")
        .filter(F::Flag)
        .detail_only(),
    col("latest_evaluation", "Latest Compass evaluation")
        .filter(F::Before)
        .detail_only(),
    col("latest_evaluation_type", "Latest evaluation type")
        .filter(F::Choice(EVALUATION_TYPES))
        .detail_only(),
    col("benchmarks_achieved", "Benchmarks fully achieved (number)")
        .filter(F::Choice(ACHIEVED_COUNTS))
        .detail_only(),
    col("benchmarks_fully_achieved", "Benchmarks fully achieved")
        .filter(F::Includes(BENCHMARKS))
        .detail_only(),
];

const EMPLOYER: &[Column] = &[
    col("name", "Name").edit(Field::Name, I::Text).required(),
    col("sector", "Sector")
        .edit(Field::Sector, I::Choice(SECTORS))
        .filter(F::Choice(SECTORS)),
    col("size_band", "Size band")
        .edit(Field::SizeBand, I::Choice(SIZE_BANDS))
        .filter(F::Choice(SIZE_BANDS)),
    col("postcode", "Postcode").edit(Field::Postcode, I::Text),
    col("cornerstone", "Cornerstone Employer")
        .edit(Field::Cornerstone, I::Flag)
        .filter(F::Flag),
    col("cornerstone_from", "Became Cornerstone")
        .edit(Field::CornerstoneFrom, I::Date)
        .detail_only(),
    col("cornerstone_to", "Stopped being Cornerstone")
        .edit(Field::CornerstoneTo, I::Date)
        .detail_only(),
];

const EC: &[Column] = &[
    col("first_name", "First name")
        .edit(Field::FirstName, I::Text)
        .required(),
    col("last_name", "Last name")
        .edit(Field::LastName, I::Text)
        .required(),
    col("email", "Email")
        .edit(Field::Email, I::Email)
        .filter(F::Text),
    col("phone", "Phone")
        .edit(Field::Phone, I::Text)
        .detail_only(),
    col("partner", "Partner").filter(F::Text),
    col("subcontractor", "Sub-contractor").filter(F::Text),
    col("hub_lead", "Hub Lead type").filter(F::Choice(HUB_LEAD_TYPES)),
];

const SUBCONTRACTOR: &[Column] = &[
    col("name", "Name").edit(Field::Name, I::Text).required(),
    col("email", "Email").edit(Field::Email, I::Email),
    col("contact", "Contact").edit(Field::Contact, I::Text),
    col("partner", "Partner").filter(F::Text),
];

const PARTNER: &[Column] = &[
    col("name", "Name").edit(Field::Name, I::Text).required(),
    col("region", "Region")
        .edit(Field::Region, I::Choice(REGIONS))
        .filter(F::Choice(REGIONS)),
];

const ORGANISATION: &[Column] = &[
    col("name", "Name").edit(Field::Name, I::Text).required(),
    col("kind", "Kind")
        .edit(Field::OrganisationKind, I::Text)
        .filter(F::Text),
];

const USER: &[Column] = &[
    col("title", "Title")
        .edit(Field::Title, I::Text)
        .detail_only(),
    col("first_name", "First name")
        .edit(Field::FirstName, I::Text)
        .required(),
    col("last_name", "Last name")
        .edit(Field::LastName, I::Text)
        .required(),
    col("email", "Email")
        .edit(Field::Email, I::Email)
        .required()
        .filter(F::Text),
    col("phone", "Phone")
        .edit(Field::Phone, I::Text)
        .detail_only(),
    col("job_title", "Job title").edit(Field::JobTitle, I::Text),
    col("access_expires_on", "Access expires")
        .edit(Field::AccessExpiresOn, I::Date)
        .filter(F::Until),
    col("active", "Active")
        .edit(Field::Active, I::Flag)
        .filter(F::Flag),
];

const PARTNER_USER: &[Column] = &[
    USER[0],
    USER[1],
    USER[2],
    USER[3],
    USER[4],
    USER[5],
    col("partner", "Partner").filter(F::Text),
    col("partner_id", "Partner number")
        .edit(Field::Partner, I::Pick(RecordKind::Partner))
        .required()
        .detail_only(),
    USER[6],
    USER[7],
];

const CEC_STAFF_USER: &[Column] = &[
    USER[0],
    USER[1],
    USER[2],
    USER[3],
    USER[4],
    USER[5],
    col("access_activated_on", "Access activated")
        .edit(Field::AccessActivatedOn, I::Date)
        .detail_only(),
    USER[6],
    USER[7],
];

/// Network Ops and Admin accounts, read-only here: they are created with
/// `caseboard create-user` (docs/RULES.md §6).
const NATIONAL_USER: &[Column] = &[
    col("first_name", "First name"),
    col("last_name", "Last name"),
    col("email", "Email").filter(F::Text),
    col("role", "Role").filter(F::Choice(&["Network Ops", "Admin"])),
    col("active", "Active").filter(F::Flag),
];

/// The eight Gatsby Benchmarks as the Compass list and report name them.
pub const BENCHMARK_LABELS: [&str; 8] = [
    "1 Stable careers programme",
    "2 Labour market information",
    "3 Needs of each pupil",
    "4 Curriculum learning",
    "5 Encounters with employers",
    "6 Experiences of workplaces",
    "7 Further and higher education",
    "8 Personal guidance",
];

/// Compass Progress Reports and the filters a hub uses (docs/RULES.md §3.2).
const COMPASS: &[Column] = &[
    col("urn", "URN").filter(F::Text),
    col("institution", "Institution").filter(F::Text),
    col("evaluation_type", "Evaluation type").filter(F::Choice(EVALUATION_TYPES)),
    col("completed_on", "Date completed").filter(F::Between),
    col("b1", BENCHMARK_LABELS[0]).filter(F::Under).percent(),
    col("b2", BENCHMARK_LABELS[1]).filter(F::Under).percent(),
    col("b3", BENCHMARK_LABELS[2]).filter(F::Under).percent(),
    col("b4", BENCHMARK_LABELS[3]).filter(F::Under).percent(),
    col("b5", BENCHMARK_LABELS[4]).filter(F::Under).percent(),
    col("b6", BENCHMARK_LABELS[5]).filter(F::Under).percent(),
    col("b7", BENCHMARK_LABELS[6]).filter(F::Under).percent(),
    col("b8", BENCHMARK_LABELS[7]).filter(F::Under).percent(),
    col("achieved", "Benchmarks fully achieved").filter(F::Count(8)),
    col("change", "Change since previous").detail_only(),
    col("latest", "Latest evaluation of its institution")
        .filter(F::Flag)
        .detail_only(),
    col("institution_latest", "Institution's latest evaluation")
        .filter(F::Before)
        .detail_only(),
];

/// The columns of a kind with a records list, or None for kinds with pages of their own.
pub fn columns(kind: RecordKind) -> Option<&'static [Column]> {
    use RecordKind as K;
    match kind {
        K::Ea => Some(EA),
        K::Institution => Some(INSTITUTION),
        K::Employer => Some(EMPLOYER),
        K::Ec => Some(EC),
        K::SubContractor => Some(SUBCONTRACTOR),
        K::Partner => Some(PARTNER),
        K::Organisation => Some(ORGANISATION),
        K::PartnerUser => Some(PARTNER_USER),
        K::CecStaffUser => Some(CEC_STAFF_USER),
        K::CompassReport => Some(COMPASS),
        K::NationalUser => Some(NATIONAL_USER),
        K::SupportRequest => Some(crate::records::support::COLUMNS),
        K::MonthlySubmission | K::UrnList => None,
    }
}

/// The column named `key` of a kind.
pub fn column(kind: RecordKind, key: &str) -> Option<&'static Column> {
    columns(kind)?.iter().find(|c| c.key == key)
}

/// The columns whose values make a list row's link, joined by spaces: a
/// person's full name, a school's or organisation's name (RULES §5.2).
pub fn label_keys(kind: RecordKind) -> &'static [&'static str] {
    use RecordKind as K;
    match kind {
        K::Ea | K::Ec | K::PartnerUser | K::CecStaffUser | K::NationalUser => {
            &["first_name", "last_name"]
        }
        K::Institution | K::Employer | K::SubContractor | K::Partner | K::Organisation => &["name"],
        K::CompassReport => &["institution"],
        K::SupportRequest => &["reference"],
        K::MonthlySubmission | K::UrnList => &[],
    }
}

/// The column the link's header sorts by: a person by last name.
pub fn label_sort_key(kind: RecordKind) -> Option<&'static str> {
    let keys = label_keys(kind);
    keys.get(1).or(keys.first()).copied()
}

/// Whether a column holds one value on every row the scope can reach, by
/// construction (RULES §5.2): an EC's caseload is all theirs and their
/// Partner's; a Sub-contractor's records are all its own and its Partner's;
/// a Partner's records are all that Partner's.
pub fn constant_in_scope(key: &str, scope: NetworkScope) -> bool {
    use NetworkScope as S;
    match scope {
        S::Own | S::Caseload => matches!(key, "ec" | "partner"),
        S::Assigned => matches!(key, "partner" | "subcontractor"),
        S::Partner => key == "partner",
        S::National => false,
    }
}

/// The columns a person may choose for a kind's list in `scope`: every
/// column but the link's own and those constant in the scope, in schema order.
pub fn choosable_columns(kind: RecordKind, scope: NetworkScope) -> Vec<&'static Column> {
    let label = label_keys(kind);
    columns(kind)
        .unwrap_or_default()
        .iter()
        .filter(|c| !label.contains(&c.key) && c.key != "title" && !constant_in_scope(c.key, scope))
        .collect()
}

/// The columns a list shows after its link: the ones `chosen` (URL `col`
/// keys) that may be chosen, or, when none are, the kind's list columns.
pub fn shown_columns(
    kind: RecordKind,
    scope: NetworkScope,
    chosen: &[String],
) -> Vec<&'static Column> {
    let choosable = choosable_columns(kind, scope);
    let picked: Vec<&'static Column> = choosable
        .iter()
        .copied()
        .filter(|c| chosen.iter().any(|k| k == c.key))
        .collect();
    if picked.is_empty() {
        choosable.into_iter().filter(|c| c.in_list).collect()
    } else {
        picked
    }
}

#[cfg(test)]
mod list_column_tests {
    use super::*;

    fn keys(cs: Vec<&'static Column>) -> Vec<&'static str> {
        cs.into_iter().map(|c| c.key).collect()
    }

    #[test]
    fn an_ec_list_has_no_column_constant_in_its_caseload() {
        let ec = keys(shown_columns(RecordKind::Ea, NetworkScope::Caseload, &[]));
        assert!(!ec.contains(&"ec") && !ec.contains(&"partner"), "{ec:?}");
        for k in ["dbs_check_on", "induction_on", "matched"] {
            assert!(ec.contains(&k), "{k} missing from {ec:?}");
        }
        assert!(!ec.contains(&"first_name"), "the name is the link");
        let national = keys(shown_columns(RecordKind::Ea, NetworkScope::National, &[]));
        assert!(national.contains(&"ec") && national.contains(&"partner"));
        let partner = keys(shown_columns(RecordKind::Ea, NetworkScope::Partner, &[]));
        assert!(partner.contains(&"ec") && !partner.contains(&"partner"));
    }

    #[test]
    fn chosen_columns_keep_schema_order_and_drop_what_cannot_be_chosen() {
        let chosen: Vec<String> = ["sector", "email", "ec", "nonsense", "first_name"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            keys(shown_columns(
                RecordKind::Ea,
                NetworkScope::Caseload,
                &chosen
            )),
            vec!["email", "sector"]
        );
        assert_eq!(
            keys(shown_columns(
                RecordKind::Ea,
                NetworkScope::National,
                &chosen
            )),
            vec!["email", "sector", "ec"]
        );
        // Nothing valid chosen: the default columns.
        assert_eq!(
            shown_columns(RecordKind::Ea, NetworkScope::Caseload, &["x".to_string()]).len(),
            shown_columns(RecordKind::Ea, NetworkScope::Caseload, &[]).len()
        );
    }

    #[test]
    fn every_listed_kind_has_a_label_in_its_schema() {
        for kind in RecordKind::ALL {
            let Some(cs) = columns(kind) else { continue };
            let label = label_keys(kind);
            assert!(!label.is_empty(), "{kind:?}");
            for k in label {
                assert!(cs.iter().any(|c| c.key == *k), "{kind:?} {k}");
            }
        }
    }
}
