//! The in-network-scope rule (docs/RULES.md §2.2) in plain Rust: which kind of
//! establishment an Institution is, whether it is in scope given the URN
//! lists its URN is actively on, and why, in words. The database answers the
//! same question with `ssr::scope_rule::in_scope_sql`; an integration test
//! checks the two agree on every combination.
use serde::{Deserialize, Serialize};

/// The four URN lists (stored as `UrnList::key`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UrnList {
    Included,
    Excluded,
    IncludedPrimary,
    ExcludedPrimary,
}

impl UrnList {
    pub const ALL: [UrnList; 4] = [
        UrnList::Included,
        UrnList::Excluded,
        UrnList::IncludedPrimary,
        UrnList::ExcludedPrimary,
    ];

    /// The stored value and URL part.
    pub fn key(self) -> &'static str {
        match self {
            UrnList::Included => "included",
            UrnList::Excluded => "excluded",
            UrnList::IncludedPrimary => "included_primary",
            UrnList::ExcludedPrimary => "excluded_primary",
        }
    }

    pub fn from_key(key: &str) -> Option<UrnList> {
        UrnList::ALL.into_iter().find(|l| l.key() == key)
    }

    pub fn title(self) -> &'static str {
        match self {
            UrnList::Included => "Included URNs",
            UrnList::Excluded => "Excluded URNs",
            UrnList::IncludedPrimary => "Included Primary URNs",
            UrnList::ExcludedPrimary => "Excluded Primary URNs",
        }
    }
}

/// What kind of establishment an Institution is, for the scope rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Category {
    Primary,
    Secondary,
    AllThrough,
    College,
    Special,
    AlternativeProvision,
    /// Nursery, higher education, Welsh, phase not applicable or unknown…:
    /// in scope only by the Included URNs list.
    Other,
}

impl Category {
    /// The stored value the SQL twin yields.
    pub fn key(self) -> &'static str {
        match self {
            Category::Primary => "primary",
            Category::Secondary => "secondary",
            Category::AllThrough => "all-through",
            Category::College => "college",
            Category::Special => "special",
            Category::AlternativeProvision => "alternative provision",
            Category::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Category> {
        use Category as C;
        [
            C::Primary,
            C::Secondary,
            C::AllThrough,
            C::College,
            C::Special,
            C::AlternativeProvision,
            C::Other,
        ]
        .into_iter()
        .find(|c| c.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Primary => "Primary",
            Category::Secondary => "Secondary",
            Category::AllThrough => "All-through",
            Category::College => "College (16 plus / further education)",
            Category::Special => "Special school",
            Category::AlternativeProvision => "Alternative provision",
            Category::Other => "Not a school kind the network covers by default",
        }
    }

    /// In scope unless on the Excluded list (the kinds the network covers).
    pub fn covered(self) -> bool {
        !matches!(self, Category::Primary | Category::Other)
    }
}

/// The kind of establishment from the register's (or the demo data's) phase,
/// type and type group, first match wins (docs/RULES.md §2.2 has the table;
/// `ssr::scope_rule::category_sql` is the same list in SQL).
pub fn category(phase: &str, establishment_type: &str, group: &str) -> Category {
    let phase = phase.trim().to_lowercase();
    let kind = establishment_type.trim().to_lowercase();
    let group = group.trim().to_lowercase();
    if group == "universities" || group == "welsh schools" {
        Category::Other
    } else if phase == "special" || group == "special schools" || kind.contains("special") {
        Category::Special
    } else if phase == "alternative provision"
        || kind == "pupil referral unit"
        || kind.contains("alternative provision")
    {
        Category::AlternativeProvision
    } else if phase == "16 plus" || phase == "college" || group == "colleges" {
        Category::College
    } else if phase == "secondary" || phase == "middle deemed secondary" {
        Category::Secondary
    } else if phase == "all-through" {
        Category::AllThrough
    } else if phase == "primary" || phase == "middle deemed primary" {
        Category::Primary
    } else {
        Category::Other
    }
}

/// The lists a URN is actively on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnLists {
    pub included: bool,
    pub excluded: bool,
    pub included_primary: bool,
    pub excluded_primary: bool,
}

impl OnLists {
    pub fn on(&self, list: UrnList) -> bool {
        match list {
            UrnList::Included => self.included,
            UrnList::Excluded => self.excluded,
            UrnList::IncludedPrimary => self.included_primary,
            UrnList::ExcludedPrimary => self.excluded_primary,
        }
    }

    pub fn with(mut self, list: UrnList) -> Self {
        match list {
            UrnList::Included => self.included = true,
            UrnList::Excluded => self.excluded = true,
            UrnList::IncludedPrimary => self.included_primary = true,
            UrnList::ExcludedPrimary => self.excluded_primary = true,
        }
        self
    }
}

/// Which clause of the rule decided, so a page can say why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Clause {
    /// A primary on the Included Primary list and not the Excluded Primary list.
    PrimaryIncluded,
    PrimaryExcludedPrimary,
    PrimaryNotIncluded,
    /// A covered kind on the Included list (wins over Excluded).
    CoveredIncluded,
    CoveredExcluded,
    CoveredByKind,
    OtherIncluded,
    OtherNotIncluded,
}

/// Whether an Institution is in network scope, and by which clause.
pub fn decide_scope(category: Category, on: OnLists) -> (bool, Clause) {
    use Clause as K;
    match category {
        Category::Primary if on.excluded_primary => (false, K::PrimaryExcludedPrimary),
        Category::Primary if on.included_primary => (true, K::PrimaryIncluded),
        Category::Primary => (false, K::PrimaryNotIncluded),
        Category::Other if on.included => (true, K::OtherIncluded),
        Category::Other => (false, K::OtherNotIncluded),
        Category::Secondary
        | Category::AllThrough
        | Category::College
        | Category::Special
        | Category::AlternativeProvision => {
            if on.included {
                (true, K::CoveredIncluded)
            } else if on.excluded {
                (false, K::CoveredExcluded)
            } else {
                (true, K::CoveredByKind)
            }
        }
    }
}

pub fn in_scope(category: Category, on: OnLists) -> bool {
    decide_scope(category, on).0
}

/// An active list entry, as an explanation quotes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryNote {
    pub list: UrnList,
    /// "3 March 2026".
    pub since: String,
    pub by: String,
    pub reason: String,
}

/// "In network scope: yes — Primary; URN on the Included Primary URNs list since …".
pub fn explain(category: Category, entries: &[EntryNote]) -> String {
    let on = entries
        .iter()
        .fold(OnLists::default(), |on, e| on.with(e.list));
    let (yes, clause) = decide_scope(category, on);
    let entry = |list: UrnList| {
        entries
            .iter()
            .find(|e| e.list == list)
            .map(|e| {
                let reason = if e.reason.is_empty() {
                    String::new()
                } else {
                    format!(" (reason: {})", e.reason)
                };
                format!(
                    "URN on the {} list since {} by {}{reason}",
                    list.title(),
                    e.since,
                    e.by
                )
            })
            .unwrap_or_default()
    };
    let why = match clause {
        Clause::PrimaryIncluded => entry(UrnList::IncludedPrimary),
        Clause::PrimaryExcludedPrimary => format!(
            "{}; a primary on the Excluded Primary URNs list is out of scope",
            entry(UrnList::ExcludedPrimary)
        ),
        Clause::PrimaryNotIncluded => {
            "a primary is in scope only when its URN is on the Included Primary URNs list"
                .to_string()
        }
        Clause::CoveredIncluded => entry(UrnList::Included),
        Clause::CoveredExcluded => entry(UrnList::Excluded),
        Clause::CoveredByKind => "in scope unless its URN is on the Excluded URNs list".into(),
        Clause::OtherIncluded => entry(UrnList::Included),
        Clause::OtherNotIncluded => {
            "in scope only when its URN is on the Included URNs list".to_string()
        }
    };
    format!(
        "In network scope: {} — {}; {why}",
        if yes { "yes" } else { "no" },
        category.label()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_and_demo_values_map_to_the_documented_kinds() {
        use Category as C;
        let cases = [
            (
                "Primary",
                "Community school",
                "Local authority maintained schools",
                C::Primary,
            ),
            ("Middle deemed primary", "", "", C::Primary),
            ("Secondary", "Academy converter", "Academies", C::Secondary),
            ("Middle deemed secondary", "", "", C::Secondary),
            ("All-through", "", "Free Schools", C::AllThrough),
            (
                "16 plus",
                "Academy 16-19 converter",
                "Academies",
                C::College,
            ),
            (
                "Not applicable",
                "Further education",
                "Colleges",
                C::College,
            ),
            ("College", "Further education", "", C::College),
            (
                "Not applicable",
                "Community special school",
                "Special schools",
                C::Special,
            ),
            (
                "Primary",
                "Academy special converter",
                "Academies",
                C::Special,
            ),
            ("Special", "Academy converter", "", C::Special),
            (
                "Not applicable",
                "Pupil referral unit",
                "Local authority maintained schools",
                C::AlternativeProvision,
            ),
            (
                "Secondary",
                "Academy alternative provision sponsor led",
                "Academies",
                C::AlternativeProvision,
            ),
            ("Alternative provision", "", "", C::AlternativeProvision),
            (
                "Not applicable",
                "Higher education institutions",
                "Universities",
                C::Other,
            ),
            (
                "Secondary",
                "Welsh establishment",
                "Welsh schools",
                C::Other,
            ),
            ("Nursery", "Local authority nursery school", "", C::Other),
            (
                "Not applicable",
                "Other independent school",
                "Independent schools",
                C::Other,
            ),
            ("", "", "", C::Other),
        ];
        for (phase, kind, group, want) in cases {
            assert_eq!(category(phase, kind, group), want, "{phase}/{kind}/{group}");
        }
    }

    #[test]
    fn explanations_say_the_clause() {
        let note = EntryNote {
            list: UrnList::IncludedPrimary,
            since: "3 March 2026".into(),
            by: "Ada Admin".into(),
            reason: "joined the hub".into(),
        };
        assert_eq!(
            explain(Category::Primary, &[]),
            "In network scope: no — Primary; a primary is in scope only when its URN is on the Included Primary URNs list"
        );
        assert_eq!(
            explain(Category::Primary, &[note]),
            "In network scope: yes — Primary; URN on the Included Primary URNs list since 3 March 2026 by Ada Admin (reason: joined the hub)"
        );
    }
}
